import type { Person, PersonCreate, PersonUpdate } from '../../../shared/people.js';
import { parseVietnameseDate } from '../../i18n/format.js';

export type Gender = 'male' | 'female';

export interface PersonFormValues {
  fullName: string;
  gender: Gender | null;
  /** "1985" or "15/3/1985". */
  birth: string;
  cccd: string;
  phone: string;
  addressUnitId: string | null;
  addressText: string;
  occupation: string;
  /** Ethnicity and religion are sent only when the person agreed. */
  sensitiveConsent: boolean;
  ethnicity: string;
  religion: string;
}

export type PersonFormErrors = Partial<Record<keyof PersonFormValues, string>>;

export function emptyPersonForm(addressUnitId: string | null = null): PersonFormValues {
  return {
    fullName: '',
    gender: null,
    birth: '',
    cccd: '',
    phone: '',
    addressUnitId,
    addressText: '',
    occupation: '',
    sensitiveConsent: false,
    ethnicity: '',
    religion: '',
  };
}

const PHONE = /^\+?[0-9 .-]{8,20}$/;
const opt = (s: string) => (s.trim() === '' ? null : s.trim());

/** A birth typed as a year or as a date; `null` when it is neither. */
export function parseBirth(text: string, thisYear = new Date().getFullYear()): { birthDate: string | null; birthYear: number | null } | null {
  const s = text.trim();
  if (!s) return { birthDate: null, birthYear: null };
  if (/^\d{4}$/.test(s)) {
    const year = Number(s);
    return year >= 1900 && year <= thisYear ? { birthDate: null, birthYear: year } : null;
  }
  const date = parseVietnameseDate(s);
  if (!date || Number(date.slice(0, 4)) < 1900 || Number(date.slice(0, 4)) > thisYear) return null;
  return { birthDate: date, birthYear: null };
}

/** The body of `POST /api/people`; the server checks the ID number against sex and year of birth. */
export function validatePerson(v: PersonFormValues, thisYear?: number): { body: PersonCreate } | { errors: PersonFormErrors } {
  const errors: PersonFormErrors = {};
  if (!v.fullName.trim()) errors.fullName = 'form.errors.fullName';
  else if (v.fullName.trim().length > 200) errors.fullName = 'form.errors.tooLong';
  const birth = parseBirth(v.birth, thisYear);
  if (!birth) errors.birth = 'form.errors.birth';
  const cccd = v.cccd.replace(/[\s.-]/g, '');
  if (cccd && !/^\d{12}$/.test(cccd)) errors.cccd = 'form.errors.cccd';
  if (v.phone.trim() && !PHONE.test(v.phone.trim())) errors.phone = 'form.errors.phone';
  if (v.addressText.trim().length > 300) errors.addressText = 'form.errors.tooLong';
  if (v.occupation.trim().length > 200) errors.occupation = 'form.errors.tooLong';
  if (v.sensitiveConsent && v.ethnicity.trim().length > 100) errors.ethnicity = 'form.errors.tooLong';
  if (v.sensitiveConsent && v.religion.trim().length > 100) errors.religion = 'form.errors.tooLong';
  if (Object.keys(errors).length > 0 || !birth) return { errors };
  const body: PersonCreate = {
    fullName: v.fullName.trim(),
    gender: v.gender,
    birthDate: birth.birthDate,
    birthYear: birth.birthYear,
    cccd: cccd || null,
    phone: opt(v.phone),
    addressUnitId: v.addressUnitId,
    addressText: opt(v.addressText),
    occupation: opt(v.occupation),
  };
  if (v.sensitiveConsent && (opt(v.ethnicity) || opt(v.religion))) {
    body.ethnicity = opt(v.ethnicity);
    body.religion = opt(v.religion);
    body.sensitiveConsent = true;
  }
  return { body };
}

/**
 * The form of a person on record, to correct it. The ID number is never sent to the browser:
 * its field starts empty, and left empty it keeps the number on record.
 */
export function personFormOf(p: Person): PersonFormValues {
  const [y, m, d] = p.birthDate?.split('-').map(Number) ?? [];
  return {
    fullName: p.fullName,
    gender: p.gender,
    birth: p.birthDate ? `${d}/${m}/${y}` : p.birthYear ? String(p.birthYear) : '',
    cccd: '',
    phone: p.phone ?? '',
    addressUnitId: p.address?.id ?? null,
    addressText: p.addressText ?? '',
    occupation: p.occupation ?? '',
    sensitiveConsent: p.sensitiveConsentAt !== null,
    ethnicity: p.ethnicity ?? '',
    religion: p.religion ?? '',
  };
}

/**
 * The body of `PATCH /api/people/{id}`: the checks of a new person; an empty ID number field
 * keeps the number on record; consent unticked withdraws it (ethnicity and religion removed).
 */
export function validatePersonUpdate(v: PersonFormValues, hadConsent: boolean, thisYear?: number): { body: PersonUpdate } | { errors: PersonFormErrors } {
  const checked = validatePerson(v, thisYear);
  if ('errors' in checked) return checked;
  const { cccd, ...rest } = checked.body;
  const body: PersonUpdate = cccd ? { ...rest, cccd } : rest;
  if (!v.sensitiveConsent && hadConsent) body.sensitiveConsent = false;
  else if (v.sensitiveConsent && !body.sensitiveConsent && hadConsent) Object.assign(body, { ethnicity: null, religion: null, sensitiveConsent: true });
  return { body };
}
