import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestContext } from '../test/harness.js';
import type { Db, Engine } from '../db/connection.js';
import { chainUnchained, withoutAppendOnly } from '../db/migrations/0006_audit_chain.js';
import { verifyChain } from './chain.js';
import { writeAudit } from './service.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Where the test database is, as DATABASE_URL for the command line. */
async function databaseUrl(db: Db, engine: Engine): Promise<string> {
  if (engine === 'sqlite') {
    const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(db);
    return `sqlite:${rows.find((r) => r.name === 'main')!.file}`;
  }
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.searchParams.set('options', `-c search_path=${rows[0]!.schema}`);
  return url.toString();
}

/** `npm run cli -- audit verify …`, through the installed entry point. */
function cli(databaseUrl: string, ...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' };
  return new Promise((done) => {
    execFile(process.execPath, [resolve('cli/bin.js'), 'audit', ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Some ordinary activity: logins, users and villages created, each with its audit row. */
async function activity(t: TestContext, n: number) {
  const admin = await t.as('admin', '58');
  for (let i = 0; i < n; i++) {
    t.clock.advance(1000);
    const res = await admin.post('/api/units', { code: `CH-${i}`, name: `Thôn Chuỗi ${i}`, level: 'village', kind: 'Thôn', parentId: await t.unitId('22738'), validFrom: '2020-01-01' });
    expect(res.statusCode, res.body).toBe(201);
  }
}

async function rowCount(db: Db): Promise<number> {
  const { n } = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}

/** What an intruder does with a copy of the file: lift the append-only triggers. */
async function dropAppendOnly(db: Db, engine: Engine) {
  if (engine === 'postgres') await sql`drop trigger audit_log_no_update on audit_log`.execute(db);
  else {
    await sql`drop trigger audit_log_no_update`.execute(db);
    await sql`drop trigger audit_log_no_delete`.execute(db);
  }
}

describe.each(engines)('audit chain (%s)', (engine) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(engine);
    await activity(t, 6);
  });
  afterAll(async () => t?.close());

  it('links every row to the one before: a clean log verifies, every row checked, the head is the last row', async () => {
    const db = t.deps.db;
    const report = await verifyChain(db, { pageSize: 3 });
    const total = await rowCount(db);
    expect(total).toBeGreaterThan(6);
    expect(report).toMatchObject({ ok: true, checked: total, problems: [], problemCount: 0 });
    const last = await db.selectFrom('audit_log').select(['seq', 'hash', 'prev_hash']).orderBy('seq', 'desc').limit(2).execute();
    expect(report.head).toEqual({ seq: total, hash: last[0]!.hash });
    expect(last[0]!.prev_hash).toBe(last[1]!.hash);
    expect(last[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    const first = await db.selectFrom('audit_log').select(['seq', 'prev_hash']).orderBy('seq').limit(1).executeTakeFirstOrThrow();
    expect(first).toEqual({ seq: 1, prev_hash: '0'.repeat(64) });
  });

  it('the append-only triggers still refuse to change or delete a row', async () => {
    const db = t.deps.db;
    await expect(db.updateTable('audit_log').set({ action: 'x' }).where('seq', '=', 2).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').where('seq', '=', 2).execute()).rejects.toThrow(/append-only/);
  });

  it('concurrent writers, in transactions or not, never fork the chain', async () => {
    const db = t.deps.db;
    const before = await rowCount(db);
    const write = (i: number) => ({ action: 'test.concurrent', entityType: 'test', entityId: String(i), areaPath: null });
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        i % 2 === 0
          ? writeAudit(db, t.deps, null, write(i))
          : db.transaction().execute(async (trx) => {
              await writeAudit(trx, t.deps, null, write(i));
              await writeAudit(trx, t.deps, null, write(i + 100));
            }),
      ),
    );
    expect(await rowCount(db)).toBe(before + 36);
    const report = await verifyChain(db);
    expect(report).toMatchObject({ ok: true, checked: before + 36, head: { seq: before + 36 } });
  });

  it('rows written before the chain existed are linked in the order they were written (the migration)', async () => {
    const db = t.deps.db;
    const base = { actor_id: null, actor_username: 'cu', entity_type: 'test', entity_id: null, area_path: null, province_code: null, before_json: null, after_json: '{"cũ":true}', ip: null, request_id: null };
    await db.insertInto('audit_log').values({ ...base, id: '01800000-0000-7000-8000-000000000002', at: '2020-01-01T00:00:02.000Z', action: 'old.second' }).execute();
    await db.insertInto('audit_log').values({ ...base, id: '01800000-0000-7000-8000-000000000001', at: '2020-01-01T00:00:01.000Z', action: 'old.first' }).execute();
    const unchained = await verifyChain(db);
    expect(unchained.ok).toBe(false);
    expect(unchained.problems.map((p) => p.kind)).toEqual(['unchained']);

    await withoutAppendOnly(db, engine, async () => void (await chainUnchained(db)));
    const report = await verifyChain(db);
    expect(report.ok).toBe(true);
    const tail = await db.selectFrom('audit_log').select(['action']).orderBy('seq', 'desc').limit(2).execute();
    expect(tail.map((r) => r.action)).toEqual(['old.second', 'old.first']);
    await expect(db.updateTable('audit_log').set({ action: 'x' }).where('seq', '=', 2).execute()).rejects.toThrow(/append-only/);
  });
});

describe.each(engines)('audit verify after tampering with the database (%s)', (engine) => {
  let t: TestContext;
  let url: string;
  beforeAll(async () => {
    t = await createTestContext(engine);
    await activity(t, 8);
    url = await databaseUrl(t.deps.db, engine);
  });
  afterAll(async () => t?.close());

  it('reports a deleted row, an altered row and a cut tail, and the command exits non-zero', async () => {
    const db = t.deps.db;
    const clean = await cli(url, 'verify');
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    const total = await rowCount(db);
    expect(clean.stdout).toContain(`Checked ${total} audit rows.`);
    const head = /Head: row (\d+), hash ([0-9a-f]{64})/.exec(clean.stdout);
    expect(head?.[1]).toBe(String(total));
    expect(clean.stdout).toContain('The chain is whole');

    await dropAppendOnly(db, engine);
    const altered = await db.selectFrom('audit_log').select(['id']).where('seq', '=', 7).executeTakeFirstOrThrow();
    await db.deleteFrom('audit_log').where('seq', '=', 4).execute();
    await db.updateTable('audit_log').set({ actor_username: 'nguoi.khac' }).where('seq', '=', 7).execute();

    const report = await verifyChain(db);
    expect(report.ok).toBe(false);
    expect(report.checked).toBe(total - 1);
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['missing', 5],
      ['altered', 7],
    ]);
    expect(report.problems[1]!.id).toBe(altered.id);

    const broken = await cli(url, 'verify');
    expect(broken.code).not.toBe(0);
    expect(broken.stdout).toContain(`Checked ${total - 1} audit rows.`);
    expect(broken.stdout).toMatch(/first broken link: missing \(seq 5, id [0-9a-f-]{36}\): row 4 is missing/);
    expect(broken.stdout).toContain(`altered (seq 7, id ${altered.id})`);
    expect(broken.stderr).toMatch(/audit chain is broken/);

    // The last row deleted as well: only a head written down earlier shows it.
    await db.deleteFrom('audit_log').where('seq', '=', total).execute();
    const cut = await cli(url, 'verify', '--head', `${head![1]}:${head![2]}`);
    expect(cut.code).not.toBe(0);
    expect(cut.stdout).toContain(`truncated (seq ${total}): the recorded head, row ${total}, is gone`);
    const withoutHead = await verifyChain(db);
    expect(withoutHead.problems.map((p) => p.kind)).toEqual(['missing', 'altered']);

    const badHead = await cli(url, 'verify', '--head', 'nonsense');
    expect(badHead.code).toBe(2);
  });
});
