/**
 * The citizen ID number (căn cước công dân): 12 digits. The first three are the province of
 * registration (0 + the province's GSO code, before the 2025 reform), the fourth gives the
 * century of birth and the sex, the fifth and sixth the last two digits of the year of birth.
 */
const provinces = new Set(
  ('01 02 04 06 08 10 11 12 14 15 17 19 20 22 24 25 26 27 30 31 33 34 35 36 37 38 40 42 44 45 46 48 49 51 52 54 56 58 ' +
    '60 62 64 66 67 68 70 72 74 75 77 79 80 82 83 84 86 87 89 91 92 93 94 95 96').split(' '),
);

export type CccdProblem = 'format' | 'province' | 'sex' | 'year';

/** What part of a number disagrees, as a clause: the API's 400 and a sheet's row error both say it. */
export const cccdProblems: Record<CccdProblem, { vi: string; en: string }> = {
  format: { vi: 'phải gồm đúng 12 chữ số.', en: 'it must be exactly 12 digits.' },
  province: { vi: 'ba chữ số đầu không phải mã tỉnh.', en: 'the first three digits are not a province code.' },
  sex: { vi: 'chữ số thứ tư không khớp với giới tính.', en: 'the fourth digit does not match the sex.' },
  year: { vi: 'chữ số thứ năm và sáu không khớp với năm sinh.', en: 'the fifth and sixth digits do not match the year of birth.' },
};

/** Checks a number, and when known, that it agrees with the person's sex and year of birth. */
export function checkCccd(value: string, person: { gender?: string | null; birthYear?: number | null } = {}): CccdProblem | null {
  if (!/^\d{12}$/.test(value)) return 'format';
  if (!provinces.has(value.slice(1, 3)) || value[0] !== '0') return 'province';
  const code = Number(value[3]);
  const century = 1900 + Math.floor(code / 2) * 100;
  const female = code % 2 === 1;
  if (person.gender === 'male' && female) return 'sex';
  if (person.gender === 'female' && !female) return 'sex';
  if (person.birthYear != null && century + Number(value.slice(4, 6)) !== person.birthYear) return 'year';
  return null;
}

/** Shown in lists and pages: only the last four digits. */
export function maskCccd(last4: string | null): string | null {
  return last4 ? `••••••••${last4}` : null;
}
