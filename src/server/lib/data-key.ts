import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config.js';

/**
 * The key that protects identity numbers at rest: DATA_KEY (32 bytes, base64) if set, else the
 * file `data.key` in the data directory, made on first start. Lose it and the numbers cannot be
 * read back: back it up apart from the database.
 */
export function loadDataKey(env: NodeJS.ProcessEnv, dataDir: string): Buffer {
  const fromEnv = env.DATA_KEY?.trim();
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64');
    if (key.length !== 32) throw new ConfigError('DATA_KEY must be 32 bytes written in base64 (44 characters).');
    return key;
  }
  const file = join(dataDir, 'data.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new ConfigError(`${file} does not hold a 32-byte key in base64.`);
  return key;
}
