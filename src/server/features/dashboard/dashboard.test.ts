import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import { importUnitsFile } from '../units/imports.js';
import { importBoundaries } from './boundary-import.js';
import type { Dashboard, DashboardMap } from '../../../shared/dashboard.js';
import type { Census } from '../../../shared/census.js';
import type { Me } from '../../../shared/auth.js';

const NINH_THUAN_DISTRICTS = ['582', '584', '585', '586', '587', '588', '589'];

/** Groups and members per type code, as the census gives them. */
const censusCounts = (c: Census) => Object.fromEntries(c.rows.map((r) => [r.type.code, { groups: r.groups, members: r.members }]));
const totalsNow = (d: Dashboard) => Object.fromEntries(d.totals.map((r) => [r.type.code, r.now]));
const totalsBefore = (d: Dashboard) => Object.fromEntries(d.totals.map((r) => [r.type.code, r.before]));
/** The series' point at `i` (negative: from the end) per type code. */
const seriesAt = (d: Dashboard, i: number) =>
  Object.fromEntries(d.series.types.map((s) => [s.type.code, { groups: s.groups.at(i), members: s.members.at(i) }]));

describe.each(engines)('dashboard (%s)', (engine) => {
  let t: TestContext;
  let admin: TestClient;
  let staff: TestClient;

  beforeAll(async () => {
    t = await createTestContext(engine, { provinces: 'none' });
    admin = await t.as('admin', null, 'qt.bangtin');
    await importUnitsFile(t.deps, null, readFileSync(resolve('data/admin-units/vn-units-2025-03-01.json'), 'utf8'), 'list.json');
    // Where each group stands: a village made for the test under a commune, or the commune itself.
    const villages: Record<string, string> = { 'DV-1': '22738', 'DH-1': '22768', 'CH-1': '22840' };
    const places = new Map<string, string>();
    for (const [code, commune] of Object.entries(villages)) {
      const body = { code, name: `Thôn ${code}`, level: 'village', kind: 'Thôn', parentId: await t.unitId(commune), validFrom: '2000-01-01' };
      places.set(code, (await admin.post('/api/units', body)).json().id);
    }
    const place = async (code: string) => places.get(code) ?? t.unitId(code);
    const registry: [at: string, type: string, name: string, founded: string, members: number, dissolved?: string][] = [
      ['DV-1', 'to-tu-quan', 'Tổ 1 Đô Vinh', '2010-01-01', 3],
      ['DV-1', 'to-tu-quan', 'Tổ 2 Đô Vinh', '2017-06-15', 2],
      ['DH-1', 'to-tu-quan', 'Tổ Đông Hải', '2012-01-01', 4, '2018-01-10'],
      ['22738', 'doi-dan-phong', 'Đội dân phòng Đô Vinh', '2011-01-01', 5],
      ['22744', 'toc-ho-tu-quan', 'Tộc họ Lê', '2013-01-01', 2],
      ['CH-1', 'to-tu-quan', 'Tổ Công Hải', '2016-03-01', 2],
      ['CH-1', 'to-an-ninh-xung-kich', 'Tổ xung kích Công Hải', '2025-03-01', 3],
    ];
    for (const [at, typeCode, name, foundedOn, members, dissolved] of registry) {
      const unitId = await place(at);
      const { id } = (await admin.post('/api/groups', { confirmPastChange: true, typeCode, name, unitId, foundedOn })).json();
      for (let i = 0; i < members; i++) {
        const person = (await admin.post('/api/people', { fullName: `${name} người ${i + 1}`, addressUnitId: unitId })).json();
        await admin.post(`/api/groups/${id}/members`, { confirmPastChange: true, personId: person.id, role: i === 0 ? 'leader' : 'member', from: foundedOn });
      }
      if (dissolved) await admin.post(`/api/groups/${id}/status`, { confirmPastChange: true, status: 'dissolved', date: dissolved });
    }
    // Inhabitants of one district: the dashboard gives its groups per 1,000.
    const res = await admin.patch(`/api/units/${await t.unitId('582')}`, { population: 2_000 });
    expect(res.statusCode, res.body).toBe(200);
    // Users of areas the reform is about to end: the old province, a commune split in three.
    await t.makeUser('province_staff', '58', 'tinh.ninhthuan');
    await t.makeUser('commune_officer', '22768', 'cb.donghai');
    await importUnitsFile(t.deps, null, readFileSync(resolve('data/admin-units/vn-reform-2025-07-01.json'), 'utf8'), 'reform.json');
    staff = await t.as('province_staff', '56', 'tinh.bangtin');
  }, 180_000);
  afterAll(async () => t?.close());

  it('gives the totals per type now and a year before, with the change, as the census counts them', async () => {
    const res = await staff.get('/api/dashboard?unit=58&date=2018-04');
    expect(res.statusCode, res.body).toBe(200);
    const d: Dashboard = res.json();
    expect(d.unit).toMatchObject({ code: '58', name: 'Tỉnh Ninh Thuận', level: 'province' });
    expect([d.date, d.day, d.yearBefore]).toEqual(['2018-04', '2018-04-30', '2017-04-30']);
    const now: Census = (await staff.get('/api/census?unit=58&date=2018-04-30')).json();
    const before: Census = (await staff.get('/api/census?unit=58&date=2017-04-30')).json();
    expect(totalsNow(d)).toEqual(censusCounts(now));
    expect(totalsBefore(d)).toEqual(censusCounts(before));
    // Founded in 2017 (+1), dissolved in January 2018 (−1): as many groups, two members fewer.
    const selfManaged = d.totals.find((r) => r.type.code === 'to-tu-quan')!;
    expect(selfManaged).toMatchObject({ now: { groups: 3, members: 7 }, before: { groups: 3, members: 9 }, change: { groups: 0, members: -2 } });
    expect(d.totals.find((r) => r.type.code === 'toc-ho-tu-quan')).toMatchObject({ now: { groups: 1, members: null }, change: { groups: 0, members: null } });
  });

  it('gives the series by month, ending with the census at the date', async () => {
    const d: Dashboard = (await staff.get('/api/dashboard?unit=58&date=2018-04-20&months=13')).json();
    expect(d.series.points).toHaveLength(13);
    expect(d.series.points[0]).toEqual({ month: '2017-04', day: '2017-04-30', from: 'area' });
    expect(d.series.points.at(-1)).toEqual({ month: '2018-04', day: '2018-04-20', from: 'area' });
    const atDay: Census = (await staff.get('/api/census?unit=58&date=2018-04-20')).json();
    expect(seriesAt(d, -1)).toEqual(censusCounts(atDay));
    const december: Census = (await staff.get('/api/census?unit=58&date=2017-12-31')).json();
    expect(seriesAt(d, d.series.points.findIndex((p) => p.month === '2017-12'))).toEqual(censusCounts(december));
    // A day a year before is the same day.
    expect(d.yearBefore).toBe('2017-04-20');
    expect((await staff.get('/api/dashboard?unit=58&date=2016-02-29&months=1')).json().yearBefore).toBe('2015-02-28');
  });

  it('counts an area formed by the reform, before it existed, from the units it was formed from', async () => {
    const d: Dashboard = (await staff.get('/api/dashboard?unit=56&date=2025-08&months=3')).json();
    expect(d.series.points.map((p) => [p.month, p.from])).toEqual([['2025-06', 'formedFrom'], ['2025-07', 'area'], ['2025-08', 'area']]);
    const ninhThuan: Census = (await staff.get('/api/census?unit=58&date=2025-06-30')).json();
    expect(seriesAt(d, 0)['to-tu-quan']).toEqual({ groups: censusCounts(ninhThuan)['to-tu-quan']!.groups, members: censusCounts(ninhThuan)['to-tu-quan']!.members });
    // A year before, Khánh Hòa was formed from the old Khánh Hòa and Ninh Thuận: the change counts them.
    expect(d.totals.find((r) => r.type.code === 'to-an-ninh-xung-kich')).toMatchObject({ now: { groups: 1, members: 3 }, before: { groups: 0, members: 0 }, change: { groups: 1, members: 3 } });
  });

  it('breaks the area down by sub-area, with groups per 1,000 inhabitants where the population is recorded', async () => {
    const d: Dashboard = (await staff.get('/api/dashboard?unit=58&date=2018-04')).json();
    expect(d.breakdown.map((b) => b.unit?.code)).toEqual(NINH_THUAN_DISTRICTS);
    const city = d.breakdown.find((b) => b.unit?.code === '582')!;
    // Two self-managed groups and the civil defence team in Đô Vinh, the clan in Bảo An.
    expect(city).toMatchObject({ groups: 4, population: 2_000, perThousand: 2, boundary: true });
    expect(city.groups).toBe(city.rows.reduce((n, r) => n + r.groups, 0));
    expect(d.breakdown.find((b) => b.unit?.code === '588')).toMatchObject({ groups: 1, population: null, perThousand: null, boundary: true });
    // The population edit is audited like any other.
    const audit = (await t.auditRows('unit.update')).at(-1)!;
    expect(JSON.parse(audit.after_json!).population).toBe(2_000);
    expect(JSON.parse(audit.before_json!)).not.toHaveProperty('population');
  });

  it("answers the user's own area when none is asked for", async () => {
    const officer = await t.as('commune_officer', '22741', 'cb.bangtin');
    const d: Dashboard = (await officer.get('/api/dashboard?date=2026-01&months=2')).json();
    expect(d.unit).toMatchObject({ code: '22741', name: 'Phường Bảo An' });
    expect((await admin.get('/api/dashboard?date=2018-04&months=1')).json().unit).toBe(null);
  });

  describe('a user whose area has ended', () => {
    const login = async (username: string) => {
      const c = t.client();
      const res = await c.login(username);
      expect(res.statusCode, res.body).toBe(200);
      return c;
    };

    it('is told when it ended and what took its place, and reads only', async () => {
      const c = await login('tinh.ninhthuan');
      const me = (await c.get('/api/auth/me')).json().user as Me;
      expect(me.scope).toMatchObject({ code: '58', name: 'Tỉnh Ninh Thuận' });
      expect(me.scopeEnded).toMatchObject({ on: '2025-07-01', lastDay: '2025-06-30' });
      expect(me.scopeEnded!.successors.map((u) => [u.code, u.name])).toEqual([['56', 'Tỉnh Khánh Hòa']]);
      expect(me.permissions.sort()).toEqual(['groups.read', 'units.read', 'users.read']);
      // A user whose area is open is told nothing.
      expect((await staff.get('/api/auth/me')).json().user.scopeEnded).toBe(null);
    });

    it('sees the dashboard, map and census of the old area as of its last day', async () => {
      const c = await login('tinh.ninhthuan');
      const res = await c.get('/api/dashboard?months=3');
      expect(res.statusCode, res.body).toBe(200);
      const d: Dashboard = res.json();
      expect(d.unit).toMatchObject({ code: '58', name: 'Tỉnh Ninh Thuận' });
      expect([d.date, d.day]).toEqual(['2025-06-30', '2025-06-30']);
      expect(d.breakdown.map((b) => b.unit?.code)).toEqual(NINH_THUAN_DISTRICTS);
      const census = await c.get('/api/census?unit=58&date=2025-06-30');
      expect(census.statusCode, census.body).toBe(200);
      expect(totalsNow(d)).toEqual(censusCounts(census.json()));
      // Both groups of Đô Vinh and the one of Công Hải; Đông Hải's was dissolved in 2018.
      expect(totalsNow(d)['to-tu-quan']).toEqual({ groups: 3, members: 7 });
      const map = await c.get('/api/dashboard/map');
      expect(map.statusCode, map.body).toBe(200);
      expect((map.json() as DashboardMap).outline?.properties).toMatchObject({ code: '58' });
    });

    it("opens the groups the area held on its last day, with their history, but changes none", async () => {
      const c = await login('tinh.ninhthuan');
      const list = await c.get('/api/groups?unit=58&date=2025-06-30&q=Đô Vinh');
      expect(list.statusCode, list.body).toBe(200);
      const g = (list.json().items as { id: string; name: string }[]).find((x) => x.name === 'Tổ 1 Đô Vinh')!;
      expect((await c.get(`/api/groups/${g.id}`)).statusCode).toBe(200);
      const timeline = await c.get(`/api/groups/${g.id}/timeline`);
      expect(timeline.statusCode, timeline.body).toBe(200);
      expect(timeline.json().areas.at(-1)).toMatchObject({ validFrom: '2025-07-01', reason: null, basis: { effectiveDate: '2025-07-01' } });
      const write = await c.post(`/api/groups/${g.id}/status`, { confirmPastChange: true, status: 'dissolved', date: '2026-01-01' });
      expect([write.statusCode, write.json().error.code]).toEqual([403, 'FORBIDDEN']);
      // A group founded after the area ended, on the same ground, stays out of sight.
      const later = await admin.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: 'Tổ mới Bảo An', unitId: await t.unitId('22741'), foundedOn: '2026-01-01' });
      expect(later.statusCode, later.body).toBe(201);
      expect((await staff.get(`/api/groups/${later.json().id}`)).statusCode).toBe(200);
      expect((await c.get(`/api/groups/${later.json().id}`)).statusCode).toBe(404);
    });

    it('can write nothing, not even what the role could before', async () => {
      const c = await login('cb.donghai');
      const me = (await c.get('/api/auth/me')).json().user as Me;
      expect(me.scopeEnded?.on).toBe('2025-07-01');
      expect(me.scopeEnded!.successors.length).toBeGreaterThan(1);
      expect(me.permissions).not.toContain('groups.write');
      const d = await c.get('/api/dashboard?months=1');
      expect(d.statusCode, d.body).toBe(200);
      expect(d.json()).toMatchObject({ unit: { code: '22768' }, day: '2025-06-30' });
      // Not in the old commune, nor in one of the communes that took its place.
      for (const unitId of [me.scope!.id, me.scopeEnded!.successors[0]!.id]) {
        const res = await c.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: 'Tổ mới Đông Hải', unitId, foundedOn: '2025-06-01' });
        expect(res.statusCode, res.body).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
    });
  });

  it("draws the sub-areas that have a boundary, small, with the area's outline", async () => {
    const res = await staff.get('/api/dashboard/map?unit=58&date=2018-04-30');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body.length).toBeLessThan(100_000);
    const map: DashboardMap = res.json();
    expect(map.type).toBe('FeatureCollection');
    expect(map.features.map((f) => f.properties.code).sort()).toEqual(NINH_THUAN_DISTRICTS);
    expect(map.features.find((f) => f.properties.code === '582')!.properties).toEqual({ code: '582', name: 'Thành phố Phan Rang-Tháp Chàm', inset: false, layer: 'today' });
    expect(map.before).toBe(null);
    expect(map.outline?.properties).toEqual({ code: '58', name: 'Tỉnh Ninh Thuận' });
    for (const f of map.features) {
      expect(f.geometry.type).toBe('MultiPolygon');
      for (const ring of f.geometry.coordinates.flat()) {
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[0]).toEqual(ring.at(-1));
      }
    }
    // Khánh Hòa before the reform: the Trường Sa archipelago is drawn apart, in an inset.
    const khanhHoa: DashboardMap = (await staff.get('/api/dashboard/map?unit=56&date=2018-04')).json();
    expect(khanhHoa.features.filter((f) => f.properties.inset).map((f) => f.properties.code)).toEqual(['576']);
    // A district's communes have no boundary: an empty map, and the table.
    expect(await staff.get('/api/dashboard/map?unit=588&date=2018-04').then((r) => r.json())).toEqual({ type: 'FeatureCollection', features: [], outline: null, before: null });
  });

  it("draws today's Khánh Hòa, whose communes have no boundary, on the districts of before the reform, with its groups counted into them", async () => {
    const res = await staff.get('/api/dashboard/map?unit=56&date=2026-01');
    expect(res.statusCode, res.body).toBe(200);
    const map: DashboardMap = res.json();
    const census: Census = (await staff.get('/api/census?unit=56&date=2026-01')).json();
    const total = census.rows.reduce((n, r) => n + r.groups, 0);
    expect(total).toBeGreaterThan(0);
    // The old Khánh Hòa's nine districts (Trường Sa in the inset) and Ninh Thuận's seven.
    expect(new Set(map.features.map((f) => f.properties.code))).toEqual(new Set(['568', '569', '570', '571', '572', '573', '574', '575', '576', ...NINH_THUAN_DISTRICTS]));
    expect(map.features.every((f) => f.properties.layer === 'before')).toBe(true);
    expect(map.outline?.properties).toEqual({ code: '56', name: 'Tỉnh Khánh Hòa', formedFrom: [{ code: '56', name: 'Tỉnh Khánh Hòa' }, { code: '58', name: 'Tỉnh Ninh Thuận' }] });
    expect(map.before).toMatchObject({ of: 'province', lastDay: '2025-06-30', total, unplaced: 0 });
    // Every group is counted once: in an old district, or apart when its commune spans several.
    const placed = map.features.filter((f) => !f.properties.inset).reduce((n, f) => n + f.properties.groups!, 0);
    const spanning = map.before!.spanning.reduce((n, s) => n + s.groups, 0);
    expect(placed + spanning + map.before!.unplaced).toBe(total);
    // New Đô Vinh was formed from Đô Vinh (Phan Rang-Tháp Chàm) and Nhơn Sơn (Ninh Sơn): its two groups and team stand apart.
    expect(map.before!.spanning).toEqual([
      { unit: { code: '22738', name: 'Phường Đô Vinh' }, groups: 3, among: [{ code: '582', name: 'Thành phố Phan Rang-Tháp Chàm' }, { code: '585', name: 'Huyện Ninh Sơn' }] },
    ]);
    const groupsIn = (code: string) => map.features.find((f) => f.properties.code === code)!.properties.groups;
    // The clan of old Bảo An, now in new Bảo An whose communes all lay in Phan Rang-Tháp Chàm.
    expect(groupsIn('582')).toBe(census.breakdown.find((b) => b.unit?.code === '22741')!.rows.reduce((n, r) => n + r.groups, 0));
    expect(groupsIn('568')).toBe(0);

    // A commune without a boundary of its own: the district it lay in, all its groups there.
    const baoAn: DashboardMap = (await staff.get('/api/dashboard/map?unit=22741&date=2026-01')).json();
    expect(baoAn.features.map((f) => [f.properties.code, f.properties.layer])).toEqual([['582', 'before']]);
    expect(baoAn.before).toMatchObject({ of: 'commune', spanning: [], unplaced: 0 });
    expect(baoAn.features[0]!.properties.groups).toBe(baoAn.before!.total);
  });

  it('counts a commune formed across districts where the larger part lay, when every part has its population', async () => {
    const oldUnit = async (code: string) =>
      (await t.deps.db.selectFrom('units').select('id').where('code', '=', code).where('valid_to', '=', '2025-07-01').executeTakeFirstOrThrow()).id;
    // Old Đô Vinh (Phan Rang-Tháp Chàm) and Nhơn Sơn (Ninh Sơn) formed today's Phường Đô Vinh.
    for (const [code, population] of [['22738', 12_000], ['22831', 9_000]] as const) {
      const res = await admin.patch(`/api/units/${await oldUnit(code)}`, { population });
      expect(res.statusCode, res.body).toBe(200);
    }
    const map: DashboardMap = (await staff.get('/api/dashboard/map?unit=56&date=2026-01')).json();
    expect(map.before!.spanning).toEqual([]);
    const census: Census = (await staff.get('/api/census?unit=56&date=2026-01')).json();
    const lineOf = (code: string) => census.breakdown.find((b) => b.unit?.code === code)!.rows.reduce((n, r) => n + r.groups, 0);
    expect(map.features.find((f) => f.properties.code === '582')!.properties.groups).toBe(lineOf('22741') + lineOf('22738'));
    expect(map.features.find((f) => f.properties.code === '585')!.properties.groups).toBe(0);
  });

  it('draws the imported boundaries of the communes first, and the dashboard says which can be drawn', async () => {
    const fixture = readFileSync(resolve('e2e/fixtures/khanh-hoa-communes.geojson'), 'utf8');
    await importBoundaries(t.deps, null, fixture, 'khanh-hoa-communes.geojson', { date: '2026-01-01' });
    const started = performance.now();
    const map: DashboardMap = (await staff.get('/api/dashboard/map?unit=56&date=2026-01')).json();
    const took = performance.now() - started;
    expect(map.features.map((f) => [f.properties.code, f.properties.layer])).toEqual(
      ['22738', '22741', '22759', '22780', '22834', '22840'].map((c) => [c, 'today']),
    );
    expect(map.features.find((f) => f.properties.code === '22741')!.properties.name).toBe('Phường Bảo An');
    expect(map.before).toBe(null);
    // The outline stays that of the old provinces.
    expect(map.outline?.properties.formedFrom?.map((u) => u.code)).toEqual(['56', '58']);
    expect(took).toBeLessThan(1_000);
    const d: Dashboard = (await staff.get('/api/dashboard?unit=56&date=2026-01&months=1')).json();
    expect(d.breakdown.filter((b) => b.boundary).map((b) => b.unit?.code)).toEqual(['22738', '22741', '22759', '22780', '22834', '22840']);
    // Before the reform, Khánh Hòa is still drawn from the shipped files.
    const old: DashboardMap = (await staff.get('/api/dashboard/map?unit=58&date=2018-04')).json();
    expect(old.features.map((f) => f.properties.code).sort()).toEqual(NINH_THUAN_DISTRICTS);
  });

  it('refuses what the census refuses: out of scope, another province, no login, bad dates', async () => {
    const officer = await t.as('commune_officer', '22741', 'cb.bangtin2');
    for (const url of ['/api/dashboard?unit=56&date=2026-01', '/api/dashboard/map?unit=56&date=2026-01']) {
      const res = await officer.get(url);
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'OUT_OF_SCOPE', message: 'Địa bàn này nằm ngoài phạm vi quản lý của bạn.' });
    }
    expect((await officer.get('/api/dashboard?unit=58&date=2018-04')).json().error.code).toBe('OUT_OF_SCOPE');
    expect((await staff.get('/api/dashboard?unit=01&date=2018-04')).statusCode).toBe(403);
    expect((await staff.get('/api/dashboard/map?unit=01&date=2018-04')).statusCode).toBe(403);
    expect((await staff.get('/api/dashboard?unit=99999&date=2018-04')).statusCode).toBe(404);
    expect((await t.client().get('/api/dashboard?date=2018-04')).statusCode).toBe(401);
    expect((await t.client().get('/api/dashboard/map?date=2018-04')).statusCode).toBe(401);
    for (const q of ['date=2018-13', 'date=2018-02-30', 'date=1800-01', 'date=april', 'months=0', 'months=121', 'months=ten']) {
      const res = await staff.get(`/api/dashboard?unit=58&${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.message, q).toMatch(/^Dữ liệu gửi lên không hợp lệ\./);
    }
    const english = t.client('en');
    english.cookie = staff.cookie;
    expect((await english.get('/api/dashboard/map?unit=58&date=2018-02-30')).json().error.message).toBe(
      'The request data is not valid. Field "date": not a real month (YYYY-MM) or day (YYYY-MM-DD) from 1900 to 2100.',
    );
  });
});
