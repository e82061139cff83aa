import type { TFunction } from 'i18next';
import type { UnitRef } from '../../shared/units.js';
import type { Role } from '../../shared/users.js';

export function roleLabel(t: TFunction, role: Role | string): string {
  return t(`common:role.${role}`, { defaultValue: role });
}

export function levelLabel(t: TFunction, level: string): string {
  return t(`common:level.${level}`, { defaultValue: level });
}

/** "Xã Phước Dinh" from name and kind, without saying the kind twice. */
export function unitTitle(unit: Pick<UnitRef, 'name' | 'kind' | 'label'>): string {
  // A village whose name its commune has twice carries what tells it apart.
  const name = (unit.label ?? unit.name).trim();
  const kind = unit.kind.trim();
  if (!kind || name.toLocaleLowerCase('vi').startsWith(kind.toLocaleLowerCase('vi'))) return name;
  // "Thành phố Trung ương" is a status, not part of the name.
  if (kind === 'Thành phố Trung ương') return name.startsWith('Thành phố') ? name : `Thành phố ${name}`;
  return `${kind} ${name}`;
}

/** The area a user works in: a unit, or the whole country. */
export function scopeLabel(t: TFunction, scope: Pick<UnitRef, 'name' | 'kind'> | null): string {
  return scope ? unitTitle(scope) : t('common:scope.nationwide');
}

export function initials(fullName: string): string {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const last = words[words.length - 1]!;
  const first = words.length > 1 ? words[0]! : '';
  return ((first[0] ?? '') + (last[0] ?? '')).toLocaleUpperCase('vi');
}
