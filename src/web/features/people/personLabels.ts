import type { TFunction } from 'i18next';
import type { Person } from '../../../shared/people.js';
import { unitTitle } from '../../components/labels.js';
import { formatDate, type Lang } from '../../i18n/format.js';

export function genderLabel(t: TFunction, gender: Person['gender']): string {
  return t(`people:gender.${gender ?? 'unknown'}`);
}

/** "15/3/1985", "1985", or null. */
export function birthLabel(p: Pick<Person, 'birthDate' | 'birthYear'>, lang: Lang = 'vi'): string | null {
  if (p.birthDate) return formatDate(p.birthDate, lang);
  return p.birthYear ? String(p.birthYear) : null;
}

export function addressLabel(p: Pick<Person, 'address' | 'addressText'>): string | null {
  const parts = [p.addressText, p.address ? unitTitle(p.address) : null].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

/** "Nam · sinh 1985 · CCCD ••••••••1234": enough to tell two people of the same name apart. */
export function personLine(t: TFunction, p: Person, lang: Lang = 'vi'): string {
  const birth = birthLabel(p, lang);
  return [
    p.gender ? genderLabel(t, p.gender) : null,
    birth ? t('people:line.born', { birth }) : null,
    p.cccdMasked ? t('people:line.cccd', { cccd: p.cccdMasked }) : null,
    addressLabel(p),
  ]
    .filter(Boolean)
    .join(' · ');
}
