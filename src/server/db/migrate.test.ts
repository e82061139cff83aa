import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type Engine } from './connection.js';
import { migrateToLatest } from './migrate.js';
import { engines } from '../test/harness.js';

/** Every migration file in the folder: each must be registered in migrate.ts, and applied in order. */
const EVERY_MIGRATION = readdirSync(join(dirname(fileURLToPath(import.meta.url)), 'migrations'))
  .filter((f) => /^\d{4}_\w+\.ts$/.test(f))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

const TABLES = ['units', 'users', 'sessions', 'login_failures', 'role_settings', 'audit_log', 'unit_events', 'unit_links', 'unit_placements', 'model_types', 'groups', 'group_areas', 'group_statuses', 'group_links', 'people', 'memberships'];

/** An empty database, not migrated: a new SQLite file, or a new PostgreSQL schema. */
async function emptyDatabase(engine: Engine): Promise<{ handle: DatabaseHandle; schema: string | undefined; drop: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tq-migrate-'));
    const handle = openDatabase({ engine: 'sqlite', file: join(dir, 'db', 'empty.sqlite') });
    return { handle, schema: undefined, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `m_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = openDatabase({ engine: 'postgres', url, schema, poolSize: 2 });
  return {
    handle,
    schema,
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

describe.each(engines)('migrations (%s)', (engine) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  async function fresh() {
    const d = await emptyDatabase(engine);
    cleanups.push(d.drop, () => d.handle.close());
    return d;
  }

  async function tableNames(handle: DatabaseHandle, schema: string | undefined): Promise<string[]> {
    const tables = await handle.db.introspection.getTables();
    return tables.filter((tb) => !tb.isView && (schema === undefined || tb.schema === schema)).map((tb) => tb.name);
  }

  it('bring an empty database up to date, and a second run applies nothing', async () => {
    const { handle, schema } = await fresh();
    expect(await tableNames(handle, schema)).toEqual([]);

    const first = await migrateToLatest(handle);
    expect(first.applied).toEqual(EVERY_MIGRATION);
    const names = await tableNames(handle, schema);
    expect(names).toEqual(expect.arrayContaining(TABLES));

    const second = await migrateToLatest(handle);
    expect(second.applied).toEqual([]);
    expect((await tableNames(handle, schema)).sort()).toEqual([...names].sort());
  });

  it('migrate a database next to one already migrated (another schema of the same PostgreSQL database)', async () => {
    const first = await fresh();
    expect((await migrateToLatest(first.handle)).applied).toEqual(EVERY_MIGRATION);
    const second = await fresh();
    expect(await tableNames(second.handle, second.schema)).toEqual([]);
    expect((await migrateToLatest(second.handle)).applied).toEqual(EVERY_MIGRATION);
    expect(await tableNames(second.handle, second.schema)).toEqual(expect.arrayContaining(TABLES));
    expect((await migrateToLatest(second.handle)).applied).toEqual([]);
    expect((await migrateToLatest(first.handle)).applied).toEqual([]);
  });

  it('create tables that take and give back the rows the application writes', async () => {
    const { handle } = await fresh();
    await migrateToLatest(handle);
    const now = '2026-03-02T08:00:00.000Z';
    await handle.db.insertInto('role_settings').values({ role: 'viewer', require_totp: 1, updated_at: now }).execute();
    await handle.db
      .insertInto('units')
      .values({
        id: '01900000-0000-7000-8000-000000000001',
        code: '58',
        name: 'Tỉnh Ninh Thuận',
        name_search: 'tinh ninh thuan',
        kind: 'Tỉnh',
        level: 'province',
        parent_id: null,
        path: '/01900000-0000-7000-8000-000000000001/',
        valid_from: '1900-01-01',
        valid_to: null,
        province_code: '58',
        population: 590_000,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const unit = await handle.db.selectFrom('units').selectAll().executeTakeFirstOrThrow();
    expect(unit.name).toBe('Tỉnh Ninh Thuận');
    expect(unit.population).toBe(590_000);
    // The same code may not start twice on the same day.
    await expect(
      handle.db
        .insertInto('units')
        .values({ ...unit, id: '01900000-0000-7000-8000-000000000002', path: '/01900000-0000-7000-8000-000000000002/' })
        .execute(),
    ).rejects.toThrow();
    // login_failures numbers its rows itself.
    await handle.db.insertInto('login_failures').values({ username: 'a', ip: '1.1.1.1', at: now }).execute();
    await handle.db.insertInto('login_failures').values({ username: 'a', ip: '1.1.1.1', at: now }).execute();
    const ids = (await handle.db.selectFrom('login_failures').select('id').orderBy('id').execute()).map((r) => Number(r.id));
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBeGreaterThan(ids[0]!);
  });

  it('make the audit log append-only in the database itself: UPDATE and DELETE fail', async () => {
    const { handle } = await fresh();
    await migrateToLatest(handle);
    const row = {
      id: '01900000-0000-7000-8000-0000000000aa',
      at: '2026-03-02T08:00:00.000Z',
      actor_id: null,
      actor_username: 'admin',
      action: 'user.create',
      entity_type: 'user',
      entity_id: 'x',
      area_path: null,
      province_code: null,
      before_json: null,
      after_json: '{"fullName":"Nguyễn Văn An"}',
      ip: '10.0.0.1',
      request_id: 'r1',
    };
    await handle.db.insertInto('audit_log').values(row).execute();
    await handle.db.insertInto('audit_log').values({ ...row, id: '01900000-0000-7000-8000-0000000000ab', action: 'user.update' }).execute();

    await expect(handle.db.updateTable('audit_log').set({ action: 'user.nothing' }).where('id', '=', row.id).execute()).rejects.toThrow(/append-only/);
    await expect(handle.db.updateTable('audit_log').set({ actor_username: 'someone-else' }).execute()).rejects.toThrow(/append-only/);
    await expect(handle.db.deleteFrom('audit_log').where('id', '=', row.id).execute()).rejects.toThrow(/append-only/);
    await expect(handle.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where action = 'user.update'`.execute(handle.db)).rejects.toThrow(/append-only/);

    const rows = await handle.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject(row);
    expect(rows[1]!.action).toBe('user.update');
  });
});
