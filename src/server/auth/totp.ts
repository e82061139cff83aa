import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { Db } from '../db/connection.js';

const period = 30;

export function newTotpSecret(): string {
  return generateSecret();
}

export async function totpSetupPayload(secret: string, username: string) {
  const otpauthUrl = generateURI({ issuer: 'Tự Quản', label: username, secret });
  const qrDataUrl = await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 });
  return { secret, otpauthUrl, qrDataUrl };
}

/**
 * Checks a code against the secret, allowing one step of clock drift either way. Returns the
 * time step it matched so that the caller can refuse a replay of the same or an older code.
 */
export async function matchTotp(secret: string, code: string, now: Date): Promise<number | null> {
  const epoch = Math.floor(now.getTime() / 1000);
  const result = await verify({ secret, token: code, epoch, epochTolerance: period });
  return result.valid ? Math.floor(epoch / period) + result.delta : null;
}

/**
 * Marks the time step of a code as used, unless it or a later one already was. One statement,
 * so that two logins racing with the same code cannot both get in.
 */
export async function claimTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
