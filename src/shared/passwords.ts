/**
 * The password rules (NIST SP 800-63B, 3.1.1.2), in one place for the server and the web form:
 * a length in characters after Unicode NFKC normalisation, and no composition rules. The server
 * adds the check against the list of common and breached passwords (too large to ship to the
 * browser), see server/auth/passwords.ts.
 */
import { z } from 'zod';

/** Without a second factor. */
export const PASSWORD_MIN_LENGTH = 12;
/** For an account that has a second factor (TOTP) enrolled when the password is set. */
export const PASSWORD_MIN_LENGTH_WITH_SECOND_FACTOR = 8;
export const PASSWORD_MAX_LENGTH = 256;

/** What the API accepts as a new password before the rules are checked (they answer with reasons). */
export const newPassword = z.string().min(1).max(4 * PASSWORD_MAX_LENGTH);

export type PasswordProblem =
  | 'tooShort'
  | 'tooLong'
  | 'repetitive'
  | 'sequential'
  | 'containsUsername'
  | 'containsProductName'
  | 'common';

/** The product's name in every spelling we refuse: Tự Quản, tu quan, tuquan, TU-QUAN… */
const PRODUCT_NAME = 'tuquan';

/** The form a password is hashed and checked in: NFKC, so that look-alike encodings are one password. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Characters (Unicode code points) of a password after normalisation. */
export function passwordLength(password: string): number {
  return [...normalizePassword(password)].length;
}

/** Lower case, no diacritics, đ→d, letters and digits only: for "contains" checks. */
export function foldForMatch(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

export function minPasswordLength(secondFactor: boolean): number {
  return secondFactor ? PASSWORD_MIN_LENGTH_WITH_SECOND_FACTOR : PASSWORD_MIN_LENGTH;
}

/** A short unit repeated (aaaaaaaaaaaa, abababababab, 123123123123). */
function isRepetitive(chars: string[]): boolean {
  for (let unit = 1; unit <= 3 && unit < chars.length; unit++) {
    if (chars.every((c, i) => c === chars[i % unit])) return true;
  }
  return false;
}

/** Each character one step from the one before, in one direction (abcdefghijkl, 987654321098 is not). */
function isSequential(chars: string[]): boolean {
  if (chars.length < 3) return false;
  const step = chars[1]!.codePointAt(0)! - chars[0]!.codePointAt(0)!;
  if (step !== 1 && step !== -1) return false;
  for (let i = 2; i < chars.length; i++) {
    if (chars[i]!.codePointAt(0)! - chars[i - 1]!.codePointAt(0)! !== step) return false;
  }
  return true;
}

/**
 * The problems of a new password that can be told without the list of common passwords, in the
 * order they are reported. `username` is the account's; `secondFactor` whether it has TOTP.
 */
export function passwordRuleProblems(password: string, context: { username?: string; secondFactor?: boolean } = {}): PasswordProblem[] {
  const normalized = normalizePassword(password);
  const chars = [...normalized];
  const lower = [...normalized.toLowerCase()];
  const problems: PasswordProblem[] = [];
  if (chars.length < minPasswordLength(context.secondFactor ?? false)) problems.push('tooShort');
  if (chars.length > PASSWORD_MAX_LENGTH) problems.push('tooLong');
  if (chars.length > 0 && isRepetitive(lower)) problems.push('repetitive');
  else if (isSequential(lower)) problems.push('sequential');
  const folded = foldForMatch(normalized);
  const user = context.username ? foldForMatch(context.username) : '';
  if (user.length >= 3 && folded.includes(user)) problems.push('containsUsername');
  if (folded.includes(PRODUCT_NAME)) problems.push('containsProductName');
  return problems;
}
