import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

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
