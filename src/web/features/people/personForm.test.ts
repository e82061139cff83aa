import { describe, expect, it } from 'vitest';
import type { Person } from '../../../shared/people.js';
import { emptyPersonForm, parseBirth, personFormOf, validatePerson, validatePersonUpdate } from './personForm.js';

describe('person form', () => {
  it('reads a birth as a year or a date', () => {
    expect(parseBirth('1985', 2026)).toEqual({ birthDate: null, birthYear: 1985 });
    expect(parseBirth('15/3/1985', 2026)).toEqual({ birthDate: '1985-03-15', birthYear: null });
    expect(parseBirth('', 2026)).toEqual({ birthDate: null, birthYear: null });
    expect(parseBirth('1885', 2026)).toBeNull();
    expect(parseBirth('31/2/1985', 2026)).toBeNull();
  });

  it('asks for a name, a 12-digit ID number and a valid phone', () => {
    const checked = validatePerson({ ...emptyPersonForm(), cccd: '1234', phone: 'abc' });
    expect('errors' in checked && checked.errors).toEqual({ fullName: 'form.errors.fullName', cccd: 'form.errors.cccd', phone: 'form.errors.phone' });
  });

  it('sends ethnicity and religion only with consent', () => {
    const base = { ...emptyPersonForm('u1'), fullName: ' Nguyễn Văn An ', gender: 'male' as const, birth: '1985', cccd: '058 085 001 234', ethnicity: 'Chăm', religion: 'Bà-la-môn' };
    const without = validatePerson(base, 2026);
    expect('body' in without && without.body).toEqual({
      fullName: 'Nguyễn Văn An',
      gender: 'male',
      birthDate: null,
      birthYear: 1985,
      cccd: '058085001234',
      phone: null,
      addressUnitId: 'u1',
      addressText: null,
      occupation: null,
    });
    const withConsent = validatePerson({ ...base, sensitiveConsent: true }, 2026);
    expect('body' in withConsent && withConsent.body).toMatchObject({ ethnicity: 'Chăm', religion: 'Bà-la-môn', sensitiveConsent: true });
  });

  it('prefills a person on record, keeps the ID number when its field is left empty, and withdraws consent when unticked', () => {
    const p = { fullName: 'Chăm Thị Hoa', gender: 'female', birthDate: '1985-03-15', birthYear: 1985, phone: null, address: null, addressText: null, occupation: null, ethnicity: 'Chăm', religion: null, sensitiveConsentAt: '2026-01-01T00:00:00Z' } as unknown as Person;
    const form = personFormOf(p);
    expect(form).toMatchObject({ fullName: 'Chăm Thị Hoa', birth: '15/3/1985', cccd: '', sensitiveConsent: true, ethnicity: 'Chăm' });
    const kept = validatePersonUpdate(form, true, 2026);
    expect('body' in kept && kept.body).toMatchObject({ birthDate: '1985-03-15', ethnicity: 'Chăm', sensitiveConsent: true });
    expect('body' in kept && 'cccd' in kept.body).toBe(false);
    const withdrawn = validatePersonUpdate({ ...form, sensitiveConsent: false }, true, 2026);
    expect('body' in withdrawn && withdrawn.body.sensitiveConsent).toBe(false);
  });
});
