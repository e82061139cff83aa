import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import { groupsStandingUnder } from './queries.js';
import { sweep } from './sweep.js';

interface Row { type: { code: string }; groups: number; members: number | null; sites: number }

describe('the census series of one commune', () => {
  const g = (over: Partial<Parameters<typeof sweep>[0][number]> = {}) => ({
    type: 'to-tu-quan',
    founded: '2010-01-01',
    areas: [{ from: '2010-01-01', to: null, unit: 'v1' }],
    statuses: [{ from: '2010-01-01', to: null, status: 'active' }],
    memberships: [],
    ...over,
  });

  it('counts a member from the day they join and not on the day they leave', () => {
    const rows = sweep([g({ memberships: [{ from: '2012-05-11', to: '2014-01-01' }] })]);
    expect(rows).toEqual([
      { type: 'to-tu-quan', from: '2010-01-01', groups: 1, members: 0, sites: 1 },
      { type: 'to-tu-quan', from: '2012-05-11', groups: 1, members: 1, sites: 1 },
      { type: 'to-tu-quan', from: '2014-01-01', groups: 1, members: 0, sites: 1 },
    ]);
  });

  it('stops counting a group and its members on the day it is dissolved, and again if revived', () => {
    const rows = sweep([
      g({
        statuses: [
          { from: '2010-01-01', to: '2015-03-01', status: 'active' },
          { from: '2015-03-01', to: '2016-01-01', status: 'dissolved' },
          { from: '2016-01-01', to: null, status: 'consolidating' },
        ],
        memberships: [{ from: '2010-01-01', to: null }],
      }),
    ]);
    expect(rows.map((r) => [r.from, r.groups, r.members, r.sites])).toEqual([
      ['2010-01-01', 1, 1, 1],
      ['2015-03-01', 0, 0, 0],
      ['2016-01-01', 1, 1, 1],
    ]);
  });

  it('counts a site once however many groups of the type stand there, and follows a group that moves', () => {
    const rows = sweep([
      g(),
      g({ founded: '2011-01-01', statuses: [{ from: '2011-01-01', to: null, status: 'active' }], areas: [{ from: '2011-01-01', to: '2013-01-01', unit: 'v1' }, { from: '2013-01-01', to: null, unit: 'v2' }] }),
      g({ type: 'doi-dan-phong', areas: [{ from: '2010-01-01', to: null, unit: 'c' }] }),
    ]);
    expect(rows.filter((r) => r.type === 'to-tu-quan').map((r) => [r.from, r.groups, r.sites])).toEqual([
      ['2010-01-01', 1, 1],
      ['2011-01-01', 2, 1],
      ['2013-01-01', 2, 2],
    ]);
    expect(rows.filter((r) => r.type === 'doi-dan-phong')).toHaveLength(1);
  });

  it('does not count a group before its founding date even if a status says active', () => {
    const rows = sweep([g({ founded: '2012-01-01', memberships: [{ from: '2010-01-01', to: null }] })]);
    expect(rows).toEqual([{ type: 'to-tu-quan', from: '2012-01-01', groups: 1, members: 1, sites: 1 }]);
  });
});

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
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

describe.each(engines)('the census from the series agrees with the registry (%s)', (engine) => {
  let t: TestContext;
  let admin: TestClient;
  const prefixOf = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestContext(engine, { provinces: ['58'] });
    admin = await t.as('admin', null, 'qt.chuoi');
    const rnd = random(2018);
    const pick = <T,>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const day = () => new Date(Date.UTC(2008, 0, 1) + Math.floor(rnd() * 12 * 365) * 86_400_000).toISOString().slice(0, 10);
    const after = (d: string) => new Date(Date.parse(d) + Math.floor(1 + rnd() * 3 * 365) * 86_400_000).toISOString().slice(0, 10);

    const communes = await t.deps.db.selectFrom('units').select(['id', 'code', 'path']).where('level', '=', 'commune').where('code', 'in', ['22738', '22741', '22744', '22768', '22771']).execute();
    const areas: string[] = communes.map((c) => c.id);
    for (const c of communes) {
      for (let i = 1; i <= 2; i++) {
        const v = (await admin.post('/api/units', { code: `${c.code}-T${i}`, name: `Thôn ${i}`, level: 'village', kind: 'Thôn', parentId: c.id, validFrom: '2000-01-01' })).json();
        areas.push(v.id);
      }
    }
    for (const u of await t.deps.db.selectFrom('units').select(['code', 'path']).where('code', 'in', ['58', '582', '588', '22738']).execute()) prefixOf.set(u.code, u.path);

    const groups: { id: string; founded: string }[] = [];
    for (let i = 0; i < 24; i++) {
      const founded = day();
      const res = await admin.post('/api/groups', { confirmPastChange: true, typeCode: pick(['to-tu-quan', 'doi-dan-phong', 'to-an-ninh-xung-kich']), name: `Tổ ${i}`, unitId: pick(areas), foundedOn: founded });
      expect(res.statusCode, res.body).toBe(201);
      groups.push({ id: res.json().id, founded });
    }
    let applied = 0;
    for (let i = 0; i < 140; i++) {
      const grp = pick(groups);
      const op = rnd();
      let res;
      if (op < 0.55) {
        const p = (await admin.post('/api/people', { fullName: `Thành viên ${i}`, addressUnitId: areas[0] })).json();
        const from = after(grp.founded);
        res = await admin.post(`/api/groups/${grp.id}/members`, { confirmPastChange: true, personId: p.id, from });
        if (res.statusCode === 201 && rnd() < 0.4) await admin.post(`/api/groups/${grp.id}/members/${res.json().id}/end`, { confirmPastChange: true, date: after(from) });
      } else if (op < 0.8) {
        res = await admin.post(`/api/groups/${grp.id}/status`, { confirmPastChange: true, status: pick(['consolidating', 'suspended', 'dissolved', 'active']), date: after(grp.founded) });
      } else {
        res = await admin.post(`/api/groups/${grp.id}/area`, { confirmPastChange: true, unitId: pick(areas), date: after(grp.founded) });
      }
      if (res.statusCode < 300) applied++;
    }
    // Most of the script is applied; the rest are changes the registry refuses (dates out of order).
    expect(applied).toBeGreaterThan(70);
  }, 240_000);
  afterAll(async () => t?.close());

  it('gives, for any area and date, the counts of the plain join over groups and memberships', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 16 * 365 }), fc.constantFrom('58', '582', '588', '22738'), async (n, code) => {
        const date = new Date(Date.UTC(2007, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
        const res = await admin.get(`/api/census?unit=${code}&date=${date}`);
        expect(res.statusCode, res.body).toBe(200);
        const expected = new Map<string, [number, number, number]>();
        for (const c of await groupsStandingUnder(t.deps.db, [prefixOf.get(code)!], date)) {
          const e = expected.get(c.type_code) ?? [0, 0, 0];
          expected.set(c.type_code, [e[0] + c.groups, e[1] + c.members, e[2] + 1]);
        }
        const got = new Map((res.json().rows as Row[]).filter((r) => r.groups > 0).map((r) => [r.type.code, [r.groups, r.members, r.sites]]));
        expect(got).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('recounts everything when every group is marked by hand (as the migration does for an existing registry), then clears the marks', async () => {
    const before = (await admin.get('/api/census?unit=58&date=2020-06-30')).json();
    const db = t.deps.db;
    await db.insertInto('census_stale_groups').columns(['group_id']).expression(db.selectFrom('groups').select('id').where('id', 'not in', db.selectFrom('census_stale_groups').select('group_id'))).execute();
    const again = (await admin.get('/api/census?unit=58&date=2020-06-30')).json();
    expect(again.rows).toEqual(before.rows);
    const left = await t.deps.db.selectFrom('census_stale_groups').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
  });

  it('reflects a write at once: a member added today is in the next census', async () => {
    const before = (await admin.get('/api/census?unit=58&date=2026-01-01')).json();
    const g = (await admin.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: 'Tổ mới', unitId: await t.unitId('22741'), foundedOn: '2025-01-01' })).json();
    const p = (await admin.post('/api/people', { fullName: 'Người mới', addressUnitId: await t.unitId('22741') })).json();
    await admin.post(`/api/groups/${g.id}/members`, { confirmPastChange: true, personId: p.id, from: '2025-02-01' });
    const after = (await admin.get('/api/census?unit=58&date=2026-01-01')).json();
    const count = (c: { rows: Row[] }) => c.rows.find((r) => r.type.code === 'to-tu-quan')!;
    expect(count(after).groups).toBe(count(before).groups + 1);
    expect(count(after).members).toBe(count(before).members! + 1);
  });
});
