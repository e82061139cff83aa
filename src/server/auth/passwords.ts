import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { fail, type Params } from '../lib/errors.js';
import { generatePassword } from '../lib/ids.js';
import {
  minPasswordLength,
  normalizePassword,
  PASSWORD_MAX_LENGTH,
  passwordRuleProblems,
  type PasswordProblem,
} from '../../shared/passwords.js';

// argon2id with the library's defaults (19 MiB, t=2): OWASP's recommended minimum. The password
// is hashed in its NFKC form, so that the same characters typed on another keyboard or system
// (composed or decomposed, full-width) are the same password.
export function hashPassword(password: string): Promise<string> {
  return hash(normalizePassword(password));
}

// Verifying against a throw-away hash when the user does not exist keeps the timing the same,
// so response times do not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

/**
 * Hashes made before passwords were normalised hold the password as it was typed: when the
 * NFKC form differs and does not match, the typed form is tried too, so that those passwords
 * keep working (for ASCII passwords, nearly all of them, the two forms are one).
 */
export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  const normalized = normalizePassword(password);
  const forms = normalized === password ? [password] : [normalized, password];
  if (!passwordHash) {
    dummyHash ??= hash('not-a-real-password-0');
    for (const form of forms) await verify(await dummyHash, form);
    return false;
  }
  for (const form of forms) {
    try {
      if (await verify(passwordHash, form)) return true;
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * Common and breached passwords: the list shipped with zxcvbn-ts (some 49,000 passwords from
 * public breach corpora, most frequent first) and a few that Vietnamese users choose, loaded
 * once, compared in lower case.
 */
const vietnameseCommon = [
  'matkhau', 'matkhaumoi', 'matkhau123', 'matkhau@123', 'anhyeuem', 'emyeuanh', 'yeuem', 'iloveyou',
  'vietnam', 'vietnam123', 'hanoi', 'saigon', 'quantri', 'quantrivien', 'admin', 'administrator',
  'congan', 'canbo', 'tothanhtra', 'xinchao', 'hoilamgi', 'khongbiet', 'abc@123', '123456a@',
];
let commonPasswords: Set<string> | undefined;
function commonSet(): Set<string> {
  commonPasswords ??= new Set([...dictionary['passwords-common'], ...vietnameseCommon].map((p) => p.toLowerCase()));
  return commonPasswords;
}

/**
 * A common password as it is, or with digits and signs added before or after it
 * (Password2026!, 2026matkhau): guessers try those first.
 */
export function isCommonPassword(password: string): boolean {
  const lower = normalizePassword(password).toLowerCase();
  const set = commonSet();
  if (set.has(lower)) return true;
  const core = lower.replace(/^[^\p{L}]+/u, '').replace(/[^\p{L}]+$/u, '');
  return core.length > 0 && core !== lower && set.has(core);
}

/** Every reason a new password is refused: the shared rules, then the list of common passwords. */
export function passwordProblems(password: string, username: string, secondFactor = false): PasswordProblem[] {
  const problems = passwordRuleProblems(password, { username, secondFactor });
  if (!problems.includes('tooLong') && isCommonPassword(password)) problems.push('common');
  return problems;
}

const reasons: Record<PasswordProblem, (min: number) => { vi: string; en: string }> = {
  tooShort: (min) => ({ vi: `cần ít nhất ${min} ký tự`, en: `use at least ${min} characters` }),
  tooLong: () => ({ vi: `dài quá ${PASSWORD_MAX_LENGTH} ký tự`, en: `it is longer than ${PASSWORD_MAX_LENGTH} characters` }),
  repetitive: () => ({ vi: 'chỉ lặp lại một vài ký tự', en: 'it only repeats a few characters' }),
  sequential: () => ({ vi: 'là một dãy ký tự liên tiếp', en: 'it is a run of consecutive characters' }),
  containsUsername: () => ({ vi: 'chứa tên đăng nhập', en: 'it contains the username' }),
  containsProductName: () => ({ vi: 'chứa tên hệ thống (Tự Quản)', en: 'it contains the name of the system (Tự Quản)' }),
  common: () => ({ vi: 'là mật khẩu phổ biến hoặc đã bị lộ', en: 'it is a common or breached password' }),
};

/** The reasons as one message parameter in both languages. */
export function passwordReasons(problems: PasswordProblem[], secondFactor = false): Params {
  const min = minPasswordLength(secondFactor);
  const each = problems.map((p) => reasons[p](min));
  return { reasons: { vi: each.map((r) => r.vi).join('; '), en: each.map((r) => r.en).join('; ') } };
}

/** Refuses a new password with every reason, in both languages (WEAK_PASSWORD, 400). */
export function assertStrongPassword(password: string, username: string, secondFactor = false): void {
  const problems = passwordProblems(password, username, secondFactor);
  if (problems.length > 0) fail('WEAK_PASSWORD', passwordReasons(problems, secondFactor), { reasons: problems });
}

/** A one-time password (14 random letters and digits) that itself meets the rules for this account. */
export function oneTimePassword(username: string): string {
  for (;;) {
    const candidate = generatePassword();
    if (passwordProblems(candidate, username).length === 0) return candidate;
  }
}
