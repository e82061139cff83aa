/**
 * Copies the national SQLite dataset (bench/census.ts --data) into a PostgreSQL database, so that
 * bench/reads.ts measures both engines on the same rows:
 *
 *   npx tsx bench/national-pg.ts --data nation.sqlite --pg postgres://postgres@127.0.0.1:5432/tq_nation
 *
 * The database is created (or emptied), brought to the latest schema by the product's migrations,
 * then every table is filled from the file with psql's \copy, triggers off: the derived tables
 * (census series, the scope indexes) are copied as the file has them, the file having been
 * migrated by the same code first.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openDatabase } from '../src/server/db/connection.js';
import { migrateToLatest } from '../src/server/db/migrate.js';

const { values } = parseArgs({ options: { data: { type: 'string' }, pg: { type: 'string' } } });
if (!values.data || !values.pg) throw new Error('usage: --data nation.sqlite --pg postgres://…/tq_nation');
const target = new URL(values.pg);
const name = target.pathname.slice(1);

// The file first: the same migrations as the PostgreSQL side, so both hold the same tables.
const file = openDatabase({ engine: 'sqlite', file: values.data });
await migrateToLatest(file);
await file.close();

const admin = new pg.Client({ connectionString: Object.assign(new URL(values.pg), { pathname: '/postgres' }).toString() });
await admin.connect();
await admin.query(`drop database if exists "${name}"`);
await admin.query(`create database "${name}"`);
await admin.end();
const handle = openDatabase({ engine: 'postgres', url: values.pg });
await migrateToLatest(handle);
await handle.close();

const sqlite = new BetterSqlite3(values.data, { readonly: true });
const tables = (sqlite.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%_fts%' and name not like 'kysely_%'`).all() as { name: string }[]).map((t) => t.name);
const client = new pg.Client({ connectionString: values.pg });
await client.connect();
const pgTables = new Set((await client.query(`select table_name from information_schema.tables where table_schema = 'public'`)).rows.map((r) => r.table_name as string));
await client.end();

const dir = mkdtempSync(join(tmpdir(), 'tq-copy-'));
const csv = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? `"${v.replace(/"/g, '""')}"` : Buffer.isBuffer(v) ? `"\\x${v.toString('hex')}"` : String(v));
const copied = tables.filter((t) => pgTables.has(t));
// Emptied all at once before any copy: a cascade must not empty a table already filled.
const commands = ['set session_replication_role = replica', `truncate ${copied.map((t) => `"${t}"`).join(', ')} cascade`];
for (const table of copied) {
  const columns = (sqlite.prepare(`select name from pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
  const path = join(dir, `${table}.csv`);
  const out = createWriteStream(path);
  let n = 0;
  for (const row of sqlite.prepare(`select ${columns.map((c) => `"${c}"`).join(', ')} from "${table}"`).raw().iterate() as Iterable<unknown[]>) {
    if (!out.write(`${row.map(csv).join(',')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    n++;
  }
  await new Promise<void>((r) => out.end(() => r()));
  commands.push(`\\copy "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) from '${path}' with (format csv, null '')`);
  console.log(`${table}: ${n} rows`);
}
const t0 = performance.now();
const r = spawnSync('psql', [values.pg, '-v', 'ON_ERROR_STOP=1', ...commands.flatMap((c) => ['-c', c]), '-c', 'analyze'], { stdio: 'inherit' });
rmSync(dir, { recursive: true, force: true });
if (r.status !== 0) throw new Error('psql failed');
console.log(`copied into ${name} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
