import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { loadConfig, redact, type Config } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/connection.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import {
  dataKeyFile,
  DataKeyError,
  matchDataKey,
  missingKeyMessage,
  parseDataKey,
  readDataKey,
  wrongKeyMessage,
  writeDataKeyFile,
} from '../../src/server/lib/data-key.js';
import type { Command } from '../args.js';
import { oneFile } from './backup.js';

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/** The key to restore with: --key, else the <backup>.key written beside the backup. */
function keyToRestore(backupFile: string, keyOption: string | undefined): { key: Buffer; file: string } | null {
  const file = keyOption ? resolve(keyOption) : `${backupFile}.key`;
  if (!existsSync(file)) {
    if (keyOption) throw new Error(`There is no key file at ${file}.`);
    return null;
  }
  return { key: parseDataKey(readFileSync(file, 'utf8'), file), file };
}

/** Puts the key where the server reads it; a different key already there is kept aside, never lost. */
function installKey(config: Config, key: Buffer): void {
  if (process.env.DATA_KEY?.trim()) {
    console.log('DATA_KEY được đặt trong môi trường và được dùng trước data.key: hãy đặt nó bằng nội dung tệp khóa. / DATA_KEY is set and wins over data.key: set it to the content of the key file.');
  }
  const file = dataKeyFile(config.dataDir);
  if (existsSync(file)) {
    const current = readFileSync(file, 'utf8').trim();
    if (current === key.toString('base64')) return;
    const aside = `${file}.replaced-${stamp()}`;
    renameSync(file, aside);
    console.log(`Khóa cũ được giữ ở / the previous key is kept at ${aside}`);
  }
  writeDataKeyFile(file, key);
  console.log(`Khóa dữ liệu / data key: ${file}`);
}

/** Refuses a copy of a database that is not whole, or not ours, before anything is replaced. */
function checkBackupFile(file: string): void {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    const ours = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
    if (check !== 'ok' || !ours) throw new Error('not ours');
  } catch {
    throw new Error(`${file} is not a Tự Quản backup (a whole SQLite database made by "npm run cli -- backup").`);
  } finally {
    db?.close();
  }
}

export const restore: Command = {
  name: 'restore',
  summary: 'Restores a backup made by "backup" into DATA_DIR with its data key (from --key, or <file>.key beside it); refuses to replace a database unless --force.',
  usage: 'restore <file> [--key <keyfile>] [--force]',
  options: { key: { type: 'string' }, force: { type: 'boolean' } },
  positionals: true,
  async run(values, positionals) {
    const backupFile = oneFile(positionals, 'backup file');
    if (!existsSync(backupFile)) throw new Error(`There is no backup at ${backupFile}.`);
    const key = keyToRestore(backupFile, values.key as string | undefined);
    const config = loadConfig();
    if (config.database.engine === 'postgres') {
      console.log('PostgreSQL: khôi phục bằng pg_restore / restore with pg_restore, for example:');
      console.log(`  pg_restore --clean --if-exists --no-owner --dbname="${redact(config.database.url)}" "${backupFile}"`);
      if (key) installKey(config, key.key);
      else console.log(missingKeyMessage(dataKeyFile(config.dataDir)));
      return;
    }
    const target = config.database.file;
    if (existsSync(target) && values.force !== true) {
      throw new Error(`A database already exists at ${target}; stop the server and add --force to replace it (it is kept beside, renamed).`);
    }
    checkBackupFile(backupFile);

    // Copied to a temporary name, brought up to date and checked against the key; only then
    // put in place, so that a refused restore leaves the data directory as it was.
    const staging = `${target}.restoring`;
    mkdirSync(dirname(target), { recursive: true });
    for (const f of [staging, `${staging}-wal`, `${staging}-shm`]) rmSync(f, { force: true });
    const source = new BetterSqlite3(backupFile, { readonly: true, fileMustExist: true });
    try {
      await source.backup(staging);
    } finally {
      source.close();
    }
    const handle = openDatabase({ engine: 'sqlite', file: staging });
    try {
      await migrateToLatest(handle);
      if (key) {
        if ((await matchDataKey(handle.db, key.key)) === 'mismatch') throw new DataKeyError(wrongKeyMessage(key.file));
      } else {
        // Without a key file: the key already in the data directory (a restore on the same
        // machine) will do if it matches; a backup with nothing sealed needs none.
        const present = readDataKey(process.env, config.dataDir);
        const match = await matchDataKey(handle.db, present.key);
        if (match === 'mismatch') {
          throw new DataKeyError(
            present.source === 'new' ? `${missingKeyMessage(present.file)} (--key <file>)` : wrongKeyMessage(present.source === 'env' ? 'DATA_KEY' : present.file),
          );
        }
      }
    } catch (error) {
      await handle.close();
      for (const f of [staging, `${staging}-wal`, `${staging}-shm`]) rmSync(f, { force: true });
      throw error;
    }
    await handle.close();

    if (existsSync(target)) {
      // Closing the last connection folds the old database's WAL into it before it is moved.
      new BetterSqlite3(target, { fileMustExist: true }).close();
      const aside = `${target}.replaced-${stamp()}`;
      renameSync(target, aside);
      console.log(`Cơ sở dữ liệu cũ được giữ ở / the previous database is kept at ${aside}`);
    }
    for (const f of [`${target}-wal`, `${target}-shm`]) rmSync(f, { force: true });
    renameSync(staging, target);
    for (const f of [`${staging}-wal`, `${staging}-shm`]) rmSync(f, { force: true });
    console.log(`Đã khôi phục / restored: ${target}`);
    if (key) installKey(config, key.key);
    console.log('Khởi động máy chủ / start the server: npm start');
  },
};
