/**
 * Benchmark: importing member rows of groups from an .xlsx sheet — rows per second of the
 * confirmed import (read, check, match, write in one transaction) and the import's peak
 * memory, on SQLite (or PostgreSQL with `--engine postgres` and TEST_DATABASE_URL).
 *
 * Each measured import runs in a process of its own that does nothing else: the sheet is
 * written to a file and the database prepared (migrated, Ninh Thuận's units loaded) by other
 * processes first, so the peak memory reported is the import's, not the benchmark's.
 *
 *   npx tsx bench/import-members.ts [--rows 100000] [--runs 3] [--engine sqlite|postgres]
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type Engine } from '../src/server/db/connection.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { systemClock } from '../src/server/lib/clock.js';
import { createIdentityCipher } from '../src/server/lib/identity-cipher.js';
import { loadOfficialList, officialList } from '../src/server/features/units/official-list.js';
import { createGroupSheetImport } from '../src/server/features/groups/sheet-import.js';
import { permissionsOf } from '../src/server/auth/permissions.js';
import { nationwide } from '../src/server/auth/scope.js';
import { createAccount } from '../src/server/features/users/service.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    engine: { type: 'string', default: 'sqlite' },
    // The steps the benchmark runs in processes of their own.
    step: { type: 'string' },
    dir: { type: 'string' },
    schema: { type: 'string' },
    file: { type: 'string' },
    communes: { type: 'string' },
  },
});
const engine = values.engine as Engine;
const pgUrl = process.env.TEST_DATABASE_URL;
if (engine === 'postgres' && !pgUrl) throw new Error('--engine postgres needs TEST_DATABASE_URL');

/** The benchmark's database: a SQLite file in `dir`, or a PostgreSQL schema of its own. */
function open(dir: string, schema?: string): DatabaseHandle {
  return engine === 'sqlite' ? openDatabase({ engine, file: join(dir, 'bench.sqlite') }) : openDatabase({ engine, url: pgUrl!, schema: schema!, poolSize: 2 });
}

async function onPostgres(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(statement);
  await client.end();
}

/** Step: a migrated database with Ninh Thuận's units; prints the codes of its communes. */
async function prepareDatabase(dir: string, schema?: string): Promise<void> {
  if (schema) await onPostgres(`create schema ${schema}`);
  const handle = open(dir, schema);
  await migrateToLatest(handle);
  const raw = JSON.parse(readFileSync(resolve('data/admin-units/vn-units-2025-03-01.json'), 'utf8'));
  await loadOfficialList({ db: handle.db, engine, clock: systemClock }, officialList.parse(raw), ['58']);
  // The importing officer: an account of its own, as the import remembers its column mapping.
  await createAccount({ db: handle.db, engine, clock: systemClock }, null, nationwide, { username: 'bench', fullName: 'Cán bộ đo thử', role: 'admin', scopeUnitId: null, password: 'Do-thu-nhap-danh-sach-2026' });
  const communes = await handle.db.selectFrom('units').select('code').where('level', '=', 'commune').orderBy('code').execute();
  await handle.close();
  process.stdout.write(JSON.stringify(communes.map((c) => c.code)));
}

const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Đặng', 'Bùi', 'Đỗ'];
const middle = ['Văn', 'Thị', 'Hữu', 'Minh', 'Thanh', 'Ngọc'];
const given = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hoa', 'Lan', 'Mai', 'Nam', 'Phúc', 'Quang', 'Sơn', 'Tâm', 'Thu', 'Vinh'];

/** Step: the sheet, eight members per group over the communes, streamed to a file. */
async function writeSheet(file: string, rows: number, communes: string[]): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(['Mã địa bàn', 'Tên tổ, đội', 'Loại mô hình', 'Ngày thành lập', 'Họ và tên thành viên', 'Giới tính', 'Năm sinh', 'Điện thoại', 'Vai trò', 'Ngày vào tổ']).commit();
  for (let i = 0; i < rows; i++) {
    const g = Math.floor(i / 8);
    const name = `${family[i % 10]} ${middle[(i >> 3) % 6]} ${given[(i * 7) % 15]} ${i}`;
    ws.addRow([communes[g % communes.length], `Tổ tự quản số ${g}`, 'Tổ nhân dân tự quản', '1/1/2015', name, i % 2 ? 'Nam' : 'Nữ', 1950 + (i % 50), 900_000_000 + i, i % 8 === 0 ? 'Tổ trưởng' : 'Thành viên', '1/3/2016']).commit();
  }
  ws.commit();
  await wb.commit();
}

/** Step: the measured import, alone in its process; prints its time and memory. */
async function importSheet(dir: string, file: string, schema?: string): Promise<void> {
  const handle = open(dir, schema);
  const deps = { db: handle.db, engine, clock: systemClock, identity: createIdentityCipher(randomBytes(32)) };
  const { id } = await handle.db.selectFrom('users').select('id').where('username', '=', 'bench').executeTakeFirstOrThrow();
  const ctx = { actor: { id, username: 'bench', role: 'admin' as const, scope: nationwide, provinceCode: null, permissions: new Set(permissionsOf('admin')) }, ip: null, requestId: 'bench' };
  const sheets = createGroupSheetImport(deps);
  global.gc?.();
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  // The upload as the server holds it: the file's bytes.
  const result = await sheets.commit(ctx, readFileSync(file), 'vi', { confirmPastChange: true });
  const seconds = (performance.now() - t0) / 1000;
  // CPU time too: on a shared machine the clock also counts time spent waiting for a core.
  const cpuUsed = process.cpuUsage(cpu0);
  const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;
  // The kernel's high-water mark for this process: no sampling that a busy thread could miss.
  const peak = process.resourceUsage().maxRSS * 1024;
  await handle.close();
  process.stdout.write(JSON.stringify({ seconds, cpu, before, peak, groups: result.groups.create, people: result.people.create, memberships: result.memberships.create }));
}

type Measure = { seconds: number; cpu: number; before: number; peak: number; groups: number; people: number; memberships: number };

/** Runs a step of this file in a fresh process and returns what it printed. */
function step(args: string[]): string {
  const self = fileURLToPath(import.meta.url);
  return execFileSync(process.execPath, [...process.execArgv, self, '--engine', engine, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
}

async function main(): Promise<void> {
  const sizes = [...new Set([10_000, Number(values.rows)])].sort((a, b) => a - b);
  const runs = Number(values.runs);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  const work = mkdtempSync(join(tmpdir(), 'tq-bench-import-'));
  const load = loadavg()[0]!;
  try {
    const table: string[] = [];
    for (const rows of sizes) {
      const file = join(work, `members-${rows}.xlsx`);
      const measures: Measure[] = [];
      for (let run = 0; run < runs; run++) {
        const dir = mkdtempSync(join(work, 'db-'));
        const schema = engine === 'postgres' ? `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}` : undefined;
        const schemaArgs = schema ? ['--schema', schema] : [];
        const communes = step(['--step', 'database', '--dir', dir, ...schemaArgs]);
        if (run === 0) step(['--step', 'sheet', '--file', file, '--rows', String(rows), '--communes', communes]);
        try {
          const m = JSON.parse(step(['--step', 'import', '--dir', dir, '--file', file, ...schemaArgs])) as Measure;
          measures.push(m);
          console.log(
            `${rows.toLocaleString('en')} rows, run ${run + 1}: ${m.seconds.toFixed(2)} s (CPU ${m.cpu.toFixed(2)} s), ${Math.round(rows / m.seconds).toLocaleString('en')} rows/s; ` +
              `peak RSS ${mb(m.peak)} MB (+${mb(m.peak - m.before)} MB over the ${mb(m.before)} MB before the import); ` +
              `created ${m.groups} groups, ${m.people} people, ${m.memberships} memberships`,
          );
        } finally {
          if (schema) await onPostgres(`drop schema ${schema} cascade`);
          rmSync(dir, { recursive: true, force: true });
        }
      }
      const seconds = median(measures.map((m) => m.seconds));
      table.push(
        `| ${rows.toLocaleString('en')} | ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB | ${seconds.toFixed(2)} s | ${Math.round(rows / seconds).toLocaleString('en')} | ${median(measures.map((m) => m.cpu)).toFixed(2)} s | ` +
          `${median(measures.map((m) => mb(m.peak)))} MB (+${median(measures.map((m) => mb(m.peak - m.before)))} MB) |`,
      );
    }
    console.log(`\nMedians of ${runs} runs on ${engine} (load average at the start: ${load.toFixed(1)}):`);
    console.log('| rows | .xlsx | time | rows per second | CPU time | peak RSS of the import (growth during it) |\n| --- | --- | --- | --- | --- | --- |');
    console.log(table.join('\n'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (values.step === 'database') await prepareDatabase(values.dir!, values.schema);
else if (values.step === 'sheet') await writeSheet(values.file!, Number(values.rows), JSON.parse(values.communes!) as string[]);
else if (values.step === 'import') await importSheet(values.dir!, values.file!, values.schema);
else await main();
