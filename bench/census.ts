/**
 * Benchmark: census latency for a commune, a province and the whole country, on the demo and on
 * a generated registry of national size (SPEC: 34 provinces, 3,321 communes, ~100,000 villages,
 * 400,000 groups, 3,000,000 people and memberships), on SQLite, through the whole HTTP stack
 * (app.inject: routing, validation, session, scope, serialization). Beside it, in the same run,
 * the plain SQL join over groups and memberships that the census series replaces.
 *
 *   TEST_DATABASE_URL=postgres://… npx tsx bench/census.ts [--requests 40] [--groups 400000] [--members 3000000] [--skip-demo] [--data nation.sqlite]
 *
 * The demo is measured on PostgreSQL too when TEST_DATABASE_URL is set; the national dataset on SQLite.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { buildApp } from '../src/server/app.js';
import { openDatabase, type DatabaseHandle, type Engine } from '../src/server/db/connection.js';
import { freshDatabase } from '../src/server/test/harness.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { systemClock } from '../src/server/lib/clock.js';
import { searchKey } from '../src/server/lib/text.js';
import { uuidv7 } from '../src/server/lib/ids.js';
import { importUnitsFile } from '../src/server/features/units/imports.js';
import { bootstrapAdmin } from '../src/server/features/users/bootstrap.js';
import { refreshCensus } from '../src/server/features/census/series.js';
import { groupsStandingUnder } from '../src/server/features/census/queries.js';
import { DEMO_PASSWORD, loadDemo } from '../src/server/demo/load.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '40' },
    groups: { type: 'string', default: '400000' },
    members: { type: 'string', default: '3000000' },
    'skip-demo': { type: 'boolean', default: false },
    /** Keep the national database in this file, and reuse it when it is there already. */
    data: { type: 'string' },
  },
});
const requests = Number(values.requests);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const fmt = (xs: number[]) => `p50 ${pct(xs, 0.5).toFixed(1)} ms / p95 ${pct(xs, 0.95).toFixed(1)} ms`;

/** Deterministic pseudo-random numbers: the same dataset every run. */
function random(seed: number) {
  // mulberry32: 32-bit integer arithmetic, exact in JavaScript (a product of doubles is not).
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const rnd = random(2018);
const dayBetween = (from: string, to: string) => {
  const a = Date.parse(from);
  const b = Date.parse(to);
  return new Date(a + Math.floor(rnd() * ((b - a) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
};

/** Logs in as a nationwide administrator: the demo's, or one made for an empty database. */
async function session(handle: DatabaseHandle, account = { username: 'bench', password: 'Do-thu-2026x' }) {
  const deps = { db: handle.db, engine: handle.engine, clock: systemClock };
  await bootstrapAdmin(deps, account.username, account.password);
  const app = await buildApp({ database: handle });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: account });
  if (login.statusCode !== 200) throw new Error(`login: ${login.statusCode} ${login.body}`);
  const cookie = `tq_session=${login.cookies.find((c) => c.name === 'tq_session')!.value}`;
  const census = async (unit: string | null, date: string, boundaries?: string) => {
    const t0 = performance.now();
    const res = await app.inject({ method: 'GET', url: `/api/census?date=${date}${unit ? `&unit=${unit}` : ''}${boundaries ? `&boundaries=${boundaries}` : ''}`, headers: { cookie } });
    const ms = performance.now() - t0;
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
    return { ms, body: res.json() as { sentence: string } };
  };
  /** A write the check of past censuses refuses (409 with the censuses it changes): the time of the check. */
  const refusedWrite = async (url: string, payload: object) => {
    const t0 = performance.now();
    const res = await app.inject({ method: 'POST', url, payload, headers: { cookie, 'x-csrf-token': login.json().csrfToken } });
    const ms = performance.now() - t0;
    if (res.statusCode !== 409) throw new Error(`${res.statusCode} ${res.body}`);
    return ms;
  };
  return { app, census, deps, refusedWrite };
}

async function timeCensus(census: Awaited<ReturnType<typeof session>>['census'], pick: () => [string | null, string]) {
  const ms: number[] = [];
  await census(...pick()); // warm
  for (let i = 0; i < requests; i++) ms.push((await census(...pick())).ms);
  return ms;
}

async function timePlainJoin(handle: DatabaseHandle, prefix: () => string | null, date: () => string, runs: number) {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const p = prefix();
    const t0 = performance.now();
    await groupsStandingUnder(handle.db, p === null ? null : [p], date());
    ms.push(performance.now() - t0);
  }
  return ms;
}

async function demo(engine: Engine) {
  const { handle, drop } = await freshDatabase(engine);
  await loadDemo({ db: handle.db, engine, clock: systemClock });
  const { census, app } = await session(handle, { username: 'quantri', password: DEMO_PASSWORD });
  const first = await census('58', '2018-04');
  console.log(`demo (${engine}): ${first.body.sentence}`);
  const paths = Object.fromEntries((await handle.db.selectFrom('units').select(['code', 'path']).where('code', 'in', ['58', '22741']).where('valid_to', 'is not', null).execute()).map((u) => [u.code, u.path]));
  const dates = () => dayBetween('2010-01-01', '2025-06-30');
  console.log(`demo (${engine}), commune 22741 (Bảo An):  ${fmt(await timeCensus(census, () => ['22741', dates()]))}`);
  console.log(`demo (${engine}), province 58 (Ninh Thuận): ${fmt(await timeCensus(census, () => ['58', dates()]))}`);
  console.log(`demo (${engine}), province 56 (Khánh Hòa) after the reform: ${fmt(await timeCensus(census, () => ['56', dayBetween('2025-07-01', '2026-11-27')]))}`);
  console.log(`demo (${engine}), nation: ${fmt(await timeCensus(census, () => [null, dayBetween('2025-07-01', '2026-11-27')]))}`);
  console.log(`demo (${engine}), plain join, province 58: ${fmt(await timePlainJoin(handle, () => paths['58']!, dates, requests))}`);
  await app.close();
  await handle.close();
  await drop();
}

/** Writes the national registry straight into the file: a generator, not the product's import. */
function generate(file: string, groupCount: number, memberCount: number) {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const now = new Date().toISOString();
  const communes = db.prepare(`select id, path, province_code from units where level = 'commune' and valid_to is null`).all() as { id: string; path: string; province_code: string }[];
  const insertUnit = db.prepare(
    `insert into units (id, code, name, name_search, kind, level, parent_id, path, valid_from, valid_to, province_code, population, created_at, updated_at)
     values (?, ?, ?, ?, 'Thôn', 'village', ?, ?, '2025-07-01', null, ?, null, ?, ?)`,
  );
  const insertGroup = db.prepare(
    `insert into groups (id, type_code, name, name_search, founded_on, province_code, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertArea = db.prepare(`insert into group_areas (id, group_id, unit_id, valid_from, valid_to, province_code) values (?, ?, ?, ?, null, ?)`);
  const insertStatus = db.prepare(`insert into group_statuses (id, group_id, status, valid_from, valid_to, province_code) values (?, ?, ?, ?, ?, ?)`);
  const insertPerson = db.prepare(
    `insert into people (id, full_name, name_search, registered_unit_id, province_code, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMember = db.prepare(`insert into memberships (id, group_id, person_id, role, valid_from, valid_to, province_code) values (?, ?, ?, 'member', ?, ?, ?)`);

  const villagesPerCommune = Math.round(100_000 / communes.length);
  const villages: { id: string; commune: (typeof communes)[number] }[] = [];
  db.transaction(() => {
    let n = 0;
    for (const c of communes) {
      for (let i = 1; i <= villagesPerCommune; i++) {
        const id = uuidv7();
        const name = `Thôn ${i}`;
        insertUnit.run(id, `BV${++n}`, name, searchKey(name), c.id, `${c.path}${id}/`, c.province_code, now, now);
        villages.push({ id, commune: c });
      }
    }
  })();

  // Types as they are spread in the brief: mostly self-managed groups; civil defence teams per commune.
  const types: [string, number][] = [['to-tu-quan', 0.8], ['doi-dan-phong', 0.05], ['to-an-ninh-xung-kich', 0.08], ['toc-ho-tu-quan', 0.05], ['xu-dao-binh-yen', 0.02]];
  const typeOf = () => {
    let x = rnd();
    for (const [code, share] of types) if ((x -= share) < 0) return code;
    return 'to-tu-quan';
  };
  // Clans do not count members: the members go to the other groups.
  const perGroup = memberCount / (groupCount * (1 - types.find(([c]) => c === 'toc-ho-tu-quan')![1]));
  let members = 0;
  const batch = 20_000;
  for (let start = 0; start < groupCount; start += batch) {
    db.transaction(() => {
      for (let i = start; i < Math.min(groupCount, start + batch); i++) {
        const type = typeOf();
        const village = villages[Math.floor(rnd() * villages.length)]!;
        const unit = type === 'doi-dan-phong' ? village.commune.id : village.id;
        const province = village.commune.province_code;
        const founded = dayBetween('2005-01-01', '2024-12-31');
        const id = uuidv7();
        const name = `Tổ ${i}`;
        insertGroup.run(id, type, name, searchKey(name), founded, province, now, now);
        insertArea.run(uuidv7(), id, unit, founded, province);
        if (rnd() < 0.1) {
          const dissolved = dayBetween(founded, '2026-11-27');
          insertStatus.run(uuidv7(), id, 'active', founded, dissolved, province);
          insertStatus.run(uuidv7(), id, 'dissolved', dissolved, null, province);
        } else insertStatus.run(uuidv7(), id, 'active', founded, null, province);
        const count = type === 'toc-ho-tu-quan' ? 0 : Math.round(perGroup * (i + 1)) - Math.round(perGroup * i);
        for (let k = 0; k < count && members < memberCount; k++, members++) {
          const person = uuidv7();
          const full = `Nguyễn Văn ${members}`;
          insertPerson.run(person, full, searchKey(full), village.id, province, now, now);
          const from = dayBetween(founded, '2026-11-27');
          insertMember.run(uuidv7(), id, person, from, rnd() < 0.2 ? dayBetween(from, '2026-11-27') : null, province);
        }
      }
    })();
  }
  db.close();
  return { villages: villages.length, members };
}

async function national() {
  const dir = mkdtempSync(join(tmpdir(), 'tq-bench-'));
  const file = values.data ?? join(dir, 'nation.sqlite');
  let handle: DatabaseHandle;
  if (!values.data || !existsSync(file)) {
    handle = openDatabase({ engine: 'sqlite', file });
    await migrateToLatest(handle);
    const deps = { db: handle.db, engine: 'sqlite' as const, clock: systemClock };
    await importUnitsFile(deps, null, readFileSync(resolve('data/admin-units/vn-units-2025-03-01.json'), 'utf8'), 'list.json', 'official_list');
    await importUnitsFile(deps, null, readFileSync(resolve('data/admin-units/vn-reform-2025-07-01.json'), 'utf8'), 'reform.json', 'reform');
    await handle.close();

    let t0 = performance.now();
    const made = generate(file, Number(values.groups), Number(values.members));
    console.log(`national: ${made.villages} villages, ${values.groups} groups, ${made.members} people and memberships written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    handle = openDatabase({ engine: 'sqlite', file });
    t0 = performance.now();
    const keys = await refreshCensus(handle.db, 'sqlite');
    const series = await handle.db.selectFrom('census_series').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    console.log(`national: census series counted for ${keys} communes in ${((performance.now() - t0) / 1000).toFixed(1)} s (${series.n} rows); database ${(statSync(file).size / 1e6).toFixed(0)} MB`);
  } else {
    handle = openDatabase({ engine: 'sqlite', file });
    await migrateToLatest(handle);
    await refreshCensus(handle.db, 'sqlite');
  }

  const { census, app, refusedWrite } = await session(handle);
  const provinces = (await handle.db.selectFrom('units').select(['code', 'path']).where('level', '=', 'province').where('valid_to', 'is', null).execute());
  const communes = (await handle.db.selectFrom('units').select(['code', 'path']).where('level', '=', 'commune').where('valid_to', 'is', null).execute());
  const any = <T,>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const today = () => dayBetween('2025-07-01', '2026-11-27');
  const lines: string[] = [];
  lines.push(`national, a commune: ${fmt(await timeCensus(census, () => [any(communes).code, today()]))}`);
  lines.push(`national, a province: ${fmt(await timeCensus(census, () => [any(provinces).code, today()]))}`);
  lines.push(`national, the nation: ${fmt(await timeCensus(census, () => [null, today()]))}`);

  // The census of today's data in the boundaries of 30/4/2018: the 63 provinces of then.
  const provinces2018 = (await handle.db.selectFrom('units').select('code').where('level', '=', 'province').where('valid_from', '<=', '2018-04-30').where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', '2018-04-30')])).execute());
  const inBoundaries = async (unit: () => string | null) => {
    const ms: number[] = [];
    await census(unit(), '2026-01', '2018-04-30');
    for (let i = 0; i < Math.min(requests, 20); i++) ms.push((await census(unit(), '2026-01', '2018-04-30')).ms);
    return ms;
  };
  lines.push(`national, a province of 2018 with the data of January 2026: ${fmt(await inBoundaries(() => any(provinces2018).code))}`);
  lines.push(`national, the nation by its provinces of 2018 with the data of January 2026: ${fmt(await inBoundaries(() => null))}`);

  // A group created with a founding date of 2016 in a random commune of then: the check of the past
  // censuses it changes (every month since, in its commune, province and the country) answers 409.
  const backDated: number[] = [];
  for (let i = 0; i < Math.min(requests, 20); i++) {
    const commune = await handle.db.selectFrom('units').select('id').where('level', '=', 'commune').where('valid_from', '<=', '2016-05-01').where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', '2016-05-01')])).offset(Math.floor(rnd() * 3000)).limit(1).executeTakeFirstOrThrow();
    backDated.push(await refusedWrite('/api/groups', { typeCode: 'to-tu-quan', name: `Tổ tự quản đo thử ${i}`, unitId: commune.id, foundedOn: '2016-05-01' }));
  }
  lines.push(`national, a group back-dated to 2016 asked to confirm the past censuses it changes: ${fmt(backDated)}`);

  // A census right after a write: the commune written to is recounted first.
  const group = await handle.db.selectFrom('groups').select(['id', 'founded_on', 'province_code']).where('type_code', '=', 'to-tu-quan').limit(1).executeTakeFirstOrThrow();
  const person = await handle.db.selectFrom('people').select('id').limit(1).executeTakeFirstOrThrow();
  const afterWrite: number[] = [];
  for (let i = 0; i < Math.min(requests, 20); i++) {
    await handle.db.insertInto('memberships').values({ id: uuidv7(), group_id: group.id, person_id: person.id, role: 'member', valid_from: '2026-01-01', valid_to: null, province_code: group.province_code }).execute();
    afterWrite.push((await census(any(provinces).code, today())).ms);
  }
  lines.push(`national, a province right after a write elsewhere in the country: ${fmt(afterWrite)}`);
  lines.push(`national, plain join, a province: ${fmt(await timePlainJoin(handle, () => any(provinces).path, today, 10))}`);
  lines.push(`national, plain join, the nation: ${fmt(await timePlainJoin(handle, () => null, today, 5))}`);
  for (const l of lines) console.log(l);
  await app.close();
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
}

if (!values['skip-demo']) {
  await demo('sqlite');
  if (process.env.TEST_DATABASE_URL) await demo('postgres');
}
await national();
