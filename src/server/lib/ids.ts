import { randomBytes, randomFillSync, randomInt } from 'node:crypto';

// Random bytes drawn 4 KiB at a time and turned to hex once: one system call per 256 ids
// instead of one per id, which an import of 100,000 rows (some 240,000 ids) notices.
const pool = Buffer.alloc(4096);
let hex = '';
let used = 0;
const VARIANT = '89ab';

/** UUIDv7 (RFC 9562): time-ordered, so inserts stay at the end of an index. */
export function uuidv7(now: number = Date.now()): string {
  if (used === hex.length) {
    hex = randomFillSync(pool).toString('hex');
    used = 0;
  }
  const r = hex.slice(used, (used += 32));
  const t = now.toString(16).padStart(12, '0');
  // 48 bits of time, version 7, 12 random bits, variant 10, 62 random bits.
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${r.slice(0, 3)}-${VARIANT[parseInt(r[3]!, 16) & 3]}${r.slice(4, 7)}-${r.slice(7, 19)}`;
}

/**
 * A random password of letters and digits without look-alikes (about 81 bits in 14 characters),
 * for one-time passwords: auth/passwords.ts's oneTimePassword() draws them until one meets the
 * password rules it is handed out under.
 */
export function generatePassword(length = 14): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  for (;;) {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
    if (/\d/.test(out) && /[a-zA-Z]/.test(out)) return out;
  }
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
