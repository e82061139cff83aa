/**
 * Benchmark: importing the official list plus the 2025 reform, on SQLite and on PostgreSQL
 * (when BENCH_DATABASE_URL or TEST_DATABASE_URL is set), then the latency of `resolve`,
 * `children` and a picker search over the whole country through the HTTP API (app.inject, so
 * routing, validation, scope and serialization are all counted).
 *
 *   npx tsx bench/units.ts [--runs 3] [--requests 300]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/server/app.js';
import { freshDatabase } from '../src/server/test/harness.js';
import { systemClock } from '../src/server/lib/clock.js';
import { importUnitsFile } from '../src/server/features/units/imports.js';
import { bootstrapAdmin } from '../src/server/features/users/bootstrap.js';
import type { Engine } from '../src/server/db/connection.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, requests: { type: 'string', default: '300' } } });
const runs = Number(values.runs);
const requests = Number(values.requests);
const list = readFileSync(resolve('data/admin-units/vn-units-2025-03-01.json'), 'utf8');
const reform = readFileSync(resolve('data/admin-units/vn-reform-2025-07-01.json'), 'utf8');
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (pgUrl) process.env.TEST_DATABASE_URL = pgUrl;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

async function importOnce(engine: Engine) {
  const { handle, drop } = await freshDatabase(engine);
  const deps = { db: handle.db, engine, clock: systemClock };
  const t0 = performance.now();
  await importUnitsFile(deps, null, list, 'list.json', 'official_list');
  const t1 = performance.now();
  await importUnitsFile(deps, null, reform, 'reform.json', 'reform');
  const t2 = performance.now();
  return { handle, drop, deps, listS: (t1 - t0) / 1000, reformS: (t2 - t1) / 1000 };
}

async function bench(engine: Engine) {
  const imports: { list: number; reform: number }[] = [];
  let kept: Awaited<ReturnType<typeof importOnce>> | null = null;
  for (let i = 0; i < runs; i++) {
    const r = await importOnce(engine);
    imports.push({ list: r.listS, reform: r.reformS });
    if (i < runs - 1) {
      await r.handle.close();
      await r.drop();
    } else kept = r;
  }
  const { handle, drop, deps } = kept!;
  await bootstrapAdmin(deps, 'bench', 'Do-thu-2026x');
  const app = await buildApp({ database: handle });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench', password: 'Do-thu-2026x' } });
  const cookie = `tq_session=${login.cookies.find((c) => c.name === 'tq_session')!.value}`;
  const communes = await deps.db.selectFrom('units').select('code').where('level', '=', 'commune').execute();
  const queries = ['phan rang', 'thap cham', 'bao an', 'nha trang', 'hoan kiem', 'ben thanh', 'phuoc my', 'dong hai'];
  const timed = async (url: (i: number) => string) => {
    const ms: number[] = [];
    for (let i = 0; i < requests; i++) {
      const t0 = performance.now();
      const res = await app.inject({ method: 'GET', url: url(i), headers: { cookie } });
      ms.push(performance.now() - t0);
      if (res.statusCode >= 500) throw new Error(res.body);
    }
    return { p50: median(ms), p95: pct(ms, 0.95) };
  };
  const dates = ['2018-04-30', '2025-06-30', '2025-07-01', '2026-01-01'];
  const result = {
    engine,
    importList: median(imports.map((x) => x.list)),
    importReform: median(imports.map((x) => x.reform)),
    resolve: await timed((i) => `/api/units/resolve?code=${communes[(i * 7919) % communes.length]!.code}&date=${dates[i % 4]}`),
    children: await timed((i) => `/api/units/children?code=${['58', '56', '01', '79'][i % 4]}&date=${dates[i % 4]}`),
    search: await timed((i) => `/api/units?q=${encodeURIComponent(queries[i % queries.length]!)}&date=${dates[i % 4]}&limit=20`),
    rssMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
  };
  await app.close();
  await handle.close();
  await drop();
  return result;
}

const engines: Engine[] = ['sqlite', ...(pgUrl ? (['postgres'] as const) : [])];
for (const engine of engines) {
  const r = await bench(engine);
  const f = (n: number) => n.toFixed(2);
  console.log(
    `${r.engine.padEnd(8)} import list ${f(r.importList)} s, reform ${f(r.importReform)} s (median of ${runs}); ` +
      `resolve p50 ${f(r.resolve.p50)} ms p95 ${f(r.resolve.p95)}; children p50 ${f(r.children.p50)} ms p95 ${f(r.children.p95)}; ` +
      `search p50 ${f(r.search.p50)} ms p95 ${f(r.search.p95)} (${requests} requests each); rss ${r.rssMb} MB`,
  );
}
