import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import { uuidv7 } from '../../lib/ids.js';
import { nationwide } from '../../auth/scope.js';
import { pastCensusChanges, type CensusDelta } from './past.js';

/** Every month whose last day falls in [from, to): counted one by one, the slow way. */
function monthsBetween(from: string, to: string): number {
  let n = 0;
  for (let y = 2000; y <= 2030; y++)
    for (let m = 1; m <= 12; m++) {
      const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
      if (last >= from && last < to) n++;
    }
  return n;
}

describe.each(engines)('past censuses a change alters (%s)', (engine) => {
  let t: TestContext;
  let admin: TestClient;
  // The test clock reads 2 March 2026: February is last month, January 2026 and before are old.
  const now = () => t.clock.now().toISOString();
  const ids: Record<string, string> = {};
  const paths: Record<string, string> = {};

  async function report(code: string | null, day: string, kind: 'reported' | 'exported' = 'reported') {
    const unit = code ? await t.deps.db.selectFrom('units').select(['id', 'path', 'province_code']).where('id', '=', ids[code]!).executeTakeFirstOrThrow() : null;
    const user = await t.deps.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    await t.deps.db
      .insertInto('census_reports')
      .values({ id: uuidv7(), unit_id: unit?.id ?? null, area_path: unit?.path ?? null, province_code: unit?.province_code ?? null, census_date: day, kind, created_by: user.id, created_at: now() })
      .execute();
  }

  const delta = (code: string, from: string, until: string | null, groups: number, members = 0, typeCode = 'to-tu-quan'): CensusDelta => ({ unitId: ids[code]!, typeCode, from, until, groups, members });

  beforeAll(async () => {
    t = await createTestContext(engine);
    admin = await t.as('admin', null, 'qt.quakhu');
    for (const code of ['58', '582', '22738', '22741', '56', '22327']) {
      ids[code] = await t.unitId(code);
      paths[code] = (await t.deps.db.selectFrom('units').select('path').where('id', '=', ids[code]!).executeTakeFirstOrThrow()).path;
    }
    // Đô Vinh has 2 groups since 2010 with 3 and 2 members; Phước Mỹ 1 group with 4.
    const group = async (code: string, name: string, founded: string, members: number) => {
      const res = await admin.post('/api/groups', { typeCode: 'to-tu-quan', name, unitId: ids[code], foundedOn: founded, confirmPastChange: true });
      expect(res.statusCode, res.body).toBe(201);
      for (let i = 0; i < members; i++) {
        const p = (await admin.post('/api/people', { fullName: `${name} người ${i}`, addressUnitId: ids[code] })).json();
        const m = await admin.post(`/api/groups/${res.json().id}/members`, { personId: p.id, role: 'member', from: founded, confirmPastChange: true });
        expect(m.statusCode, m.body).toBe(201);
      }
    };
    await group('22738', 'Tổ 1 Đô Vinh', '2010-01-01', 3);
    await group('22738', 'Tổ 2 Đô Vinh', '2010-01-01', 2);
    await group('22741', 'Tổ Phước Mỹ', '2010-01-01', 4);
    await report('22738', '2018-04-30');
    await report('58', '2018-04-30', 'exported');
    await report('58', '2018-04-30', 'reported');
    await report('22741', '2015-06-30');
  }, 180_000);
  afterAll(async () => t?.close());

  it('lists the recorded censuses a group founded in 2016 changes, with before and after, and counts every old month', async () => {
    const r = await pastCensusChanges(t.deps, [delta('22738', '2016-05-01', null, 1)], now(), nationwide);
    expect(r.confirmationNeeded).toBe(true);
    const recorded = r.changes.filter((c) => c.reported);
    // The province was exported and reported the same day: one census, listed once.
    expect(recorded).toEqual([
      { unit: { code: '58', name: 'Tỉnh Ninh Thuận' }, date: '2018-04', reported: true, groups: { before: 3, after: 4 }, members: { before: 9, after: 9 } },
      { unit: { code: '22738', name: 'Phường Đô Vinh' }, date: '2018-04', reported: true, groups: { before: 2, after: 3 }, members: { before: 5, after: 5 } },
    ]);
    // Phước Mỹ's report of 2015 is neither in the area nor in the period.
    expect(r.changes.some((c) => c.unit?.code === '22741')).toBe(false);
    // The most recent old month of the country, the province and the commune, never reported.
    const old = r.changes.filter((c) => !c.reported);
    expect(old.map((c) => [c.unit?.code ?? null, c.date])).toEqual([
      [null, '2026-01'],
      ['58', '2026-01'],
      ['22738', '2026-01'],
    ]);
    expect(old[2]!.groups).toEqual({ before: 2, after: 3 });
    // Every month from May 2016 to January 2026, in the commune, its district, the province and the country.
    expect(r.count).toBe(4 * monthsBetween('2016-05-01', '2026-02-01'));
  });

  it('needs no confirmation for a change that counts only from last month on', async () => {
    const r = await pastCensusChanges(t.deps, [delta('22738', '2026-02-15', null, 1, 3)], now(), nationwide);
    expect(r).toEqual({ changes: [], count: 0, confirmationNeeded: false });
  });

  it('protects a census reported this month, however recent', async () => {
    await report('22741', '2026-03-01');
    const r = await pastCensusChanges(t.deps, [delta('22741', '2026-02-20', null, 0, 2)], now(), nationwide);
    expect(r.confirmationNeeded).toBe(true);
    expect(r.changes).toEqual([
      { unit: { code: '22741', name: 'Phường Phước Mỹ' }, date: '2026-03-01', reported: true, groups: { before: 1, after: 1 }, members: { before: 4, after: 6 } },
    ]);
    expect(r.count).toBe(1);
  });

  it('sums many deltas first, and what cancels out in an area does not change it', async () => {
    // Ten rows of one sheet adding a group each; a group moved from Đô Vinh to Phước Mỹ over 2017.
    const rows = Array.from({ length: 10 }, () => delta('22738', '2016-05-01', '2016-06-01', 1, 2));
    const moved = [delta('22738', '2017-01-01', '2018-01-01', -1, -3), delta('22741', '2017-01-01', '2018-01-01', 1, 3)];
    const r = await pastCensusChanges(t.deps, [...rows, ...moved], now(), nationwide);
    const may = r.changes.find((c) => c.unit?.code === '58' && c.date === '2016-05')!;
    expect(may).toEqual({ unit: { code: '58', name: 'Tỉnh Ninh Thuận' }, date: '2016-05', reported: false, groups: { before: 3, after: 13 }, members: { before: 9, after: 29 } });
    // The move leaves the city, the province and the country as they were in 2017: only the two communes change then.
    const communeMonths = 2 * 12;
    expect(r.count).toBe(4 * 1 + communeMonths);
    const doVinh = r.changes.find((c) => c.unit?.code === '22738')!;
    expect(doVinh).toMatchObject({ date: '2017-12', groups: { before: 2, after: 1 }, members: { before: 5, after: 2 } });
  });

  it('does not count members of a type that counts none', async () => {
    const r = await pastCensusChanges(t.deps, [delta('22738', '2016-05-01', null, 0, 5, 'toc-ho-tu-quan')], now(), nationwide);
    expect(r.confirmationNeeded).toBe(false);
  });

  it('never lists another province’s reports, and shows a user no figures outside their scope', async () => {
    await report(null, '2018-04-30');
    const scopeKH = { unitId: ids['56']!, path: paths['56']! };
    const r = await pastCensusChanges(t.deps, [delta('22327', '2016-05-01', null, 1)], now(), scopeKH);
    expect(r.confirmationNeeded).toBe(true);
    expect(r.changes.some((c) => c.unit?.code === '58' || c.unit?.code === '22738')).toBe(false);
    // The national report changes too: counted and confirmed, but its figures are not the province's to see.
    expect(r.changes.some((c) => c.unit === null)).toBe(false);
    expect(r.changes.filter((c) => c.reported)).toEqual([]);
    expect(r.count).toBe(1 + 4 * monthsBetween('2016-05-01', '2026-02-01') - 1);
    const all = await pastCensusChanges(t.deps, [delta('22327', '2016-05-01', null, 1)], now(), nationwide);
    expect(all.changes.filter((c) => c.reported)).toEqual([
      { unit: null, date: '2018-04', reported: true, groups: { before: 3, after: 4 }, members: { before: 9, after: 9 } },
    ]);
  });
});
