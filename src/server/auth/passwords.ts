import { hash, verify } from '@node-rs/argon2';
import { fail } from '../lib/errors.js';

// argon2id with the library's defaults (19 MiB, t=2): OWASP's recommended minimum.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verifying against a throw-away hash when the user does not exist keeps the timing the same,
// so response times do not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hash('not-a-real-password-0');
    await verify(await dummyHash, password);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export function assertStrongPassword(password: string, username: string): void {
  const weak =
    password.length < 10 ||
    !/\p{L}/u.test(password) ||
    !/\d/.test(password) ||
    password.toLowerCase().includes(username.toLowerCase());
  if (weak) fail('WEAK_PASSWORD');
}
