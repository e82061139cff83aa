import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../config.js';
import type { Db } from '../db/connection.js';
import { readKeyFingerprint, sampleSealedCccd, writeKeyFingerprint } from '../db/key-fingerprint.js';
import { createIdentityCipher } from './identity-cipher.js';

/**
 * The key that protects identity numbers at rest: DATA_KEY (32 bytes, base64) if set, else the
 * file `data.key` in the data directory, made on the first start. Lose it and the numbers cannot
 * be read back: back it up apart from the database (`npm run cli -- backup` writes it beside the
 * backup). The database records the key's fingerprint, and the server refuses to start with a
 * key that does not match (see ensureDataKey).
 */
export interface DataKey {
  key: Buffer;
  /** Where it came from: the environment, the file, or nowhere yet (a new key, not yet saved). */
  source: 'env' | 'file' | 'new';
  /** The key file in the data directory (read, or to be written when the key is new). */
  file: string;
}

/** A start-up refusal about the data key: one line, Vietnamese / English. */
export class DataKeyError extends ConfigError {}

export function dataKeyFile(dataDir: string): string {
  return join(dataDir, 'data.key');
}

/** 32 bytes in base64, as DATA_KEY and the key files hold them. */
export function parseDataKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new ConfigError(`${where} does not hold a 32-byte key in base64 (44 characters).`);
  return key;
}

/** Reads the key from DATA_KEY or DATA_DIR/data.key; when neither exists, a new one, not yet written. */
export function readDataKey(env: NodeJS.ProcessEnv, dataDir: string): DataKey {
  const file = dataKeyFile(dataDir);
  const fromEnv = env.DATA_KEY?.trim();
  if (fromEnv) return { key: parseDataKey(fromEnv, 'DATA_KEY'), source: 'env', file };
  if (existsSync(file)) return { key: parseDataKey(readFileSync(file, 'utf8'), file), source: 'file', file };
  return { key: randomBytes(32), source: 'new', file };
}

/** Writes a key file readable by its owner only; refuses to replace one unless told. */
export function writeDataKeyFile(file: string, key: Buffer, options: { overwrite?: boolean } = {}): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: options.overwrite ? 'w' : 'wx' });
  chmodSync(file, 0o600);
}

/** HMAC-SHA-256 of a fixed text under the key: tells keys apart without revealing them. */
export function dataKeyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update('tu-quan data key fingerprint').digest('hex');
}

/**
 * Whether a key is the one this database's CCCDs are sealed with: by the recorded fingerprint,
 * or, in a database from before fingerprints, by opening one sealed number. `unknown` when the
 * database has neither (nothing sealed yet: any key will do).
 */
export async function matchDataKey(db: Db, key: Buffer): Promise<'match' | 'mismatch' | 'unknown'> {
  const recorded = await readKeyFingerprint(db);
  if (recorded !== null) return recorded === dataKeyFingerprint(key) ? 'match' : 'mismatch';
  const sealed = await sampleSealedCccd(db);
  if (sealed === null) return 'unknown';
  try {
    createIdentityCipher(key).decrypt(sealed);
    return 'match';
  } catch {
    return 'mismatch';
  }
}

export function missingKeyMessage(file: string): string {
  return (
    `Thiếu khóa dữ liệu: cơ sở dữ liệu này có số CCCD đã niêm phong nhưng không có ${file} (hay DATA_KEY); hãy chép tệp khóa đi kèm bản sao lưu vào đó, hệ thống không tạo khóa mới. / ` +
    `The data key is missing: this database holds sealed CCCDs but there is no ${file} (nor DATA_KEY); copy the key file saved with the backup there — a new key would leave them unreadable.`
  );
}

export function wrongKeyMessage(where: string): string {
  return (
    `Khóa dữ liệu (${where}) không khớp với khóa đã niêm phong số CCCD trong cơ sở dữ liệu này: hãy đặt đúng tệp khóa đi kèm bản sao lưu. / ` +
    `The data key (${where}) does not match the key this database's CCCDs were sealed with: put back the key file saved with its backup.`
  );
}

/**
 * At start-up: refuses a key that does not match the database (in one line, see above); with a
 * matching or first key, saves a new key's file and records the fingerprint. A new key is
 * written only once it is known to be right, so a refused start leaves nothing behind.
 */
export async function ensureDataKey(db: Db, dataKey: DataKey, now: Date): Promise<void> {
  const match = await matchDataKey(db, dataKey.key);
  if (match === 'mismatch') {
    throw new DataKeyError(dataKey.source === 'new' ? missingKeyMessage(dataKey.file) : wrongKeyMessage(dataKey.source === 'env' ? 'DATA_KEY' : dataKey.file));
  }
  if (dataKey.source === 'new') writeDataKeyFile(dataKey.file, dataKey.key);
  await writeKeyFingerprint(db, dataKeyFingerprint(dataKey.key), now.toISOString());
}
