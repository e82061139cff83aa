import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { loadConfig, redact } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/connection.js';
import { matchDataKey, readDataKey, writeDataKeyFile } from '../../src/server/lib/data-key.js';
import { UsageError, type Command } from '../args.js';

export const KEEP_APART =
  'Cất tệp khóa ở nơi khác với bản sao lưu: ai có cả hai đọc được mọi số CCCD, mất khóa thì không ai đọc được. / ' +
  'Keep the key file apart from the backup: whoever holds both can read every CCCD, and without the key nobody can.';

/** The one file name an administrator gives, for commands that take exactly one. */
export function oneFile(positionals: string[] | undefined, what: string): string {
  if (!positionals || positionals.length !== 1) throw new UsageError(`Give one ${what}.`);
  return resolve(positionals[0]!);
}

export const backup: Command = {
  name: 'backup',
  summary: 'Backs up the database while the server runs (SQLite online backup; on PostgreSQL, prints the pg_dump command) and writes the data key beside it as <file>.key.',
  usage: 'backup <file> [--force]',
  options: { force: { type: 'boolean' } },
  positionals: true,
  async run(values, positionals) {
    const target = oneFile(positionals, 'backup file');
    const keyFile = `${target}.key`;
    const force = values.force === true;
    for (const f of [target, keyFile]) {
      if (existsSync(f) && !force) throw new Error(`${f} already exists; choose another name or add --force to replace it.`);
    }
    const config = loadConfig();
    mkdirSync(dirname(target), { recursive: true });
    if (config.database.engine === 'sqlite') {
      const file = config.database.file;
      if (!existsSync(file)) throw new Error(`There is no database at ${file}: nothing to back up.`);
      // The online backup copies a consistent snapshot page by page while the server goes on
      // writing; into a temporary name first, so that a backup cut short is never taken for whole.
      const partial = `${target}.partial`;
      rmSync(partial, { force: true });
      const source = new BetterSqlite3(file, { fileMustExist: true });
      try {
        await source.backup(partial);
      } finally {
        source.close();
      }
      renameSync(partial, target);
      console.log(`Đã sao lưu / backed up: ${target} (${(statSync(target).size / 1024 / 1024).toFixed(1)} MB)`);
    } else {
      console.log('PostgreSQL: sao lưu bằng pg_dump / back up with pg_dump, for example:');
      console.log(`  pg_dump --format=custom --file="${target}" "${redact(config.database.url)}"`);
    }
    await writeKeyBeside(config, keyFile, force);
  },
};

/** Writes the data key as <backup>.key (mode 0600), after checking it is the database's own. */
async function writeKeyBeside(config: ReturnType<typeof loadConfig>, keyFile: string, force: boolean): Promise<void> {
  const dataKey = readDataKey(process.env, config.dataDir);
  if (dataKey.source === 'new') {
    console.log(
      `Chưa có khóa dữ liệu (${dataKey.file} chưa được tạo; máy chủ tạo khi khởi động lần đầu): không có số CCCD nào được niêm phong. / ` +
        `There is no data key yet (the server makes ${dataKey.file} at its first start): no CCCD is sealed.`,
    );
    return;
  }
  const handle = openDatabase(config.database);
  let match: Awaited<ReturnType<typeof matchDataKey>> = 'unknown';
  try {
    match = await matchDataKey(handle.db, dataKey.key);
  } catch {
    // A database not yet brought up to date has no fingerprint table: nothing to compare.
  } finally {
    await handle.close();
  }
  writeDataKeyFile(keyFile, dataKey.key, { overwrite: force });
  console.log(`Khóa dữ liệu / data key: ${keyFile}`);
  console.log(KEEP_APART);
  if (match === 'mismatch') {
    throw new Error(
      `khóa đã ghi (${dataKey.source === 'env' ? 'DATA_KEY' : dataKey.file}) không khớp với cơ sở dữ liệu; máy chủ sẽ không khởi động với nó. / ` +
        'the key written does not match the database; the server would refuse to start with it.',
    );
  }
}
