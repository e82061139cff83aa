import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../test/harness.js';
import { importUnitsFile } from '../features/units/imports.js';
import { refreshDerived, refreshers } from './refresh.js';

const DAY = '2024-12-31';
const CONFIRMED = `&options=${encodeURIComponent(JSON.stringify({ confirmPastChange: true }))}`;
const SHEET_HEADERS = ['Mã địa bàn', 'Tên tổ, đội', 'Loại mô hình', 'Ngày thành lập', 'Số quyết định', 'Họ và tên thành viên', 'Giới tính', 'Ngày sinh', 'Số CCCD', 'Điện thoại', 'Vai trò', 'Ngày vào tổ'];
const csv = (rows: unknown[][]) => Buffer.from([SHEET_HEADERS, ...rows].map((r) => r.map((c) => `"${String(c)}"`).join(',')).join('\r\n'), 'utf8');

interface Row { type: { code: string }; groups: number; members: number | null }

describe.each(engines)('derived data refreshed after writes (%s)', (engine) => {
  let t: TestContext;
  let admin: TestClient;
  let groupId: string;
  let membershipId: string;

  /** Marks left by the triggers that no refresh has cleared yet. */
  const marks = async () => {
    const count = (table: 'census_stale_groups' | 'census_stale_units') =>
      t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number((await count('census_stale_groups')).n) + Number((await count('census_stale_units')).n);
  };
  /** The census's self-managed groups and members in an area on a day, as the census page reads them. */
  const selfManaged = async (unit: string | null, day = DAY) => {
    const res = await admin.get(`/api/census?date=${day}${unit ? `&unit=${unit}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const row = (res.json().rows as Row[]).find((r) => r.type.code === 'to-tu-quan');
    return { groups: row?.groups ?? 0, members: row?.members ?? 0 };
  };
  const districtOf = async (communeCode: string) =>
    (await t.deps.db.selectFrom('units as c').innerJoin('units as d', 'd.id', 'c.parent_id').select('d.code').where('c.code', '=', communeCode).executeTakeFirstOrThrow()).code;
  /** Everything the census series holds, and the marks: what a read must leave as it found it. */
  const snapshot = async () => {
    const series = await t.deps.db
      .selectFrom('census_series')
      .select((eb) => [eb.fn.countAll<number>().as('rows'), eb.fn.sum<number>('groups').as('groups'), eb.fn.sum<number>('members').as('members')])
      .executeTakeFirstOrThrow();
    const keys = await t.deps.db.selectFrom('census_keys').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { rows: Number(series.rows), groups: Number(series.groups), members: Number(series.members), keys: Number(keys.n), marks: await marks() };
  };

  beforeAll(async () => {
    t = await createTestContext(engine, { provinces: 'none' });
    admin = await t.as('admin', null, 'qt.lammoi');
    await importUnitsFile(t.deps, null, readFileSync(resolve('data/admin-units/vn-units-2025-03-01.json'), 'utf8'), 'list.json');
  }, 180_000);
  afterAll(async () => t?.close());

  it('counts a group created through the API before the answer leaves', async () => {
    const res = await admin.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: 'Tổ tự quản số 1', unitId: await t.unitId('22738'), foundedOn: '2015-01-01' });
    expect(res.statusCode, res.body).toBe(201);
    groupId = res.json().id;
    expect(await marks()).toBe(0);
    expect(await selfManaged('58')).toEqual({ groups: 1, members: 0 });
    expect(await selfManaged(null)).toEqual({ groups: 1, members: 0 });
  });

  it('counts a membership added and then ended', async () => {
    const person = (await admin.post('/api/people', { fullName: 'Nguyễn Văn Một', addressUnitId: await t.unitId('22738') })).json();
    const added = await admin.post(`/api/groups/${groupId}/members`, { confirmPastChange: true, personId: person.id, role: 'leader', from: '2015-01-01' });
    expect(added.statusCode, added.body).toBe(201);
    membershipId = added.json().id;
    expect(await marks()).toBe(0);
    expect(await selfManaged('58')).toEqual({ groups: 1, members: 1 });

    const ended = await admin.post(`/api/groups/${groupId}/members/${membershipId}/end`, { confirmPastChange: true, date: '2020-01-01' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(await marks()).toBe(0);
    expect(await selfManaged('58')).toEqual({ groups: 1, members: 0 });
    expect(await selfManaged('58', '2019-12-31')).toEqual({ groups: 1, members: 1 });
  });

  it('counts a group moved to another district in the district it moved to', async () => {
    const [from, to] = [await districtOf('22738'), await districtOf('22840')];
    expect(from).not.toBe(to);
    const res = await admin.post(`/api/groups/${groupId}/area`, { confirmPastChange: true, unitId: await t.unitId('22840'), date: '2022-01-01' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await marks()).toBe(0);
    expect(await selfManaged(from)).toEqual({ groups: 0, members: 0 });
    expect(await selfManaged(to)).toEqual({ groups: 1, members: 0 });
    expect(await selfManaged(from, '2021-12-31')).toEqual({ groups: 1, members: 0 });
  });

  it('stops counting a group dissolved', async () => {
    const res = await admin.post(`/api/groups/${groupId}/status`, { confirmPastChange: true, status: 'dissolved', date: '2023-01-01' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await marks()).toBe(0);
    expect(await selfManaged('58')).toEqual({ groups: 0, members: 0 });
    expect(await selfManaged('58', '2022-12-31')).toEqual({ groups: 1, members: 0 });
  });

  it('counts the groups and members of an imported sheet', async () => {
    const member = (n: number) => ['22768', 'Tổ tự quản Đông Hải', 'Tổ nhân dân tự quản', '11/5/2018', '', `Trần Văn Thứ ${n}`, 'Nam', '1985', '', '', 'Thành viên', ''];
    const res = await admin.request('POST', `/api/groups/import?commit=true${CONFIRMED}`, csv([member(1), member(2)]), { 'content-type': 'text/csv' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await marks()).toBe(0);
    expect(await selfManaged('58')).toEqual({ groups: 1, members: 2 });
  });

  it('leaves the database as it found it when the census and the dashboard are read', async () => {
    const before = await snapshot();
    expect(before.marks).toBe(0);
    const changes = async () => (engine === 'sqlite' ? Number((await sql<{ n: number }>`select total_changes() as n`.execute(t.deps.db)).rows[0]!.n) : 0);
    const written = await changes();
    for (const url of [`/api/census?date=${DAY}`, `/api/census?unit=58&date=${DAY}`, `/api/census?unit=22768&date=${DAY}`, '/api/census?unit=58&date=2024-12&boundaries=2018-04-30', '/api/dashboard?unit=58&date=2024-12', '/api/dashboard?date=2024-12']) {
      const res = await admin.get(url);
      expect(res.statusCode, `${url} ${res.body}`).toBe(200);
    }
    expect(await snapshot()).toEqual(before);
    // On SQLite the connection counts every row any statement wrote: none.
    expect(await changes()).toBe(written);
  });

  it('runs one refresh at a time, and one more for those asked while it ran', async () => {
    const census = refreshers.census.refresh;
    let running = 0;
    let most = 0;
    let runs = 0;
    refreshers.census.refresh = async (db, eng) => {
      running++;
      runs++;
      most = Math.max(most, running);
      try {
        return await census(db, eng);
      } finally {
        running--;
      }
    };
    try {
      // A write from elsewhere (the command line, another process) left a mark.
      await t.deps.db.insertInto('census_stale_groups').values({ group_id: groupId, mark: null }).execute();
      await Promise.all([refreshDerived(t.deps), refreshDerived(t.deps), refreshDerived(t.deps), refreshDerived(t.deps)]);
      // The first starts a run; the three asked meanwhile share the one run after it.
      expect(runs).toBe(2);
      const writes = await Promise.all(
        [1, 2, 3].map(async (n) => {
          const g = await admin.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: `Tổ tự quản Công Hải ${n}`, unitId: await t.unitId('22840'), foundedOn: '2016-01-01' });
          return g.statusCode;
        }),
      );
      expect(writes).toEqual([201, 201, 201]);
      expect(await marks()).toBe(0);
    } finally {
      refreshers.census.refresh = census;
    }
    expect(most).toBe(1);
    expect(await selfManaged(await districtOf('22840'))).toEqual({ groups: 3, members: 0 });
  });

  it('counts the groups of a province merged by the reform, imported through the API, in the province it went into', async () => {
    const reform = JSON.parse(readFileSync(resolve('data/admin-units/vn-reform-2025-07-01.json'), 'utf8'));
    const started = await admin.request('POST', `/api/units/imports?fileName=reform.json`, reform);
    expect(started.statusCode, started.body).toBe(202);
    let job = started.json();
    while (job.status === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      job = (await admin.get(`/api/units/imports/${job.id}`)).json();
    }
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    // Old Ninh Thuận went into Khánh Hòa whole: its sheet's group and the three of Công Hải.
    expect(await selfManaged('56', '2026-01-31')).toEqual({ groups: 4, members: 2 });
  }, 180_000);
});
