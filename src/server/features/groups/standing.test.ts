import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import { standingOn, standingSpans, type GroupHistorySpans } from './standing.js';

const D = '2021-06-01';
const BEFORE = '2021-05-31';
const AFTER = '2021-06-02';

describe('a group standing on a day, in memory', () => {
  const g: GroupHistorySpans = {
    founded: '2020-03-10',
    areas: [
      { from: '2020-03-10', to: D, unit: 'A' },
      { from: D, to: null, unit: 'B' },
    ],
    statuses: [
      { from: '2020-03-10', to: '2021-01-01', status: 'active' },
      { from: '2021-01-01', to: '2022-01-01', status: 'suspended' },
      { from: '2022-01-01', to: null, status: 'dissolved' },
    ],
  };

  it('stands from its founding day, in its new area from the day it moves, suspended or not, until the day it is dissolved', () => {
    expect(standingOn(g, '2020-03-09')).toBeNull();
    expect(standingOn(g, '2020-03-10')).toBe('A');
    expect(standingOn(g, '2021-01-01')).toBe('A');
    expect(standingOn(g, BEFORE)).toBe('A');
    expect(standingOn(g, D)).toBe('B');
    expect(standingOn(g, '2021-12-31')).toBe('B');
    expect(standingOn(g, '2022-01-01')).toBeNull();
    expect(standingSpans(g)).toEqual([
      { from: '2020-03-10', to: '2021-01-01', unit: 'A' },
      { from: '2021-01-01', to: D, unit: 'A' },
      { from: D, to: '2022-01-01', unit: 'B' },
    ]);
  });
});

describe.each(engines)('the groups list counts what the census counts, on the boundary days (%s)', (engine) => {
  let t: TestContext;
  let officer: TestClient;
  let province: TestClient;
  let doVinh: string;
  let phuocMy: string;
  const ids: Record<string, string> = {};

  const list = async (c: TestClient, query: string) => {
    const res = await c.get(`/api/groups?pageSize=100&${query}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { total: number; dissolved: number; items: { name: string }[] };
    return { total: page.total, dissolved: page.dissolved, names: page.items.map((g) => g.name).sort() };
  };
  const census = async (c: TestClient, unit: string, date: string) => {
    const res = await c.get(`/api/census?unit=${unit}&date=${date}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().rows as { type: { code: string }; groups: number }[]).find((r) => r.type.code === 'to-tu-quan')!.groups;
  };

  beforeAll(async () => {
    t = await createTestContext(engine, { provinces: ['58'] });
    doVinh = await t.unitId('22738');
    phuocMy = await t.unitId('22741');
    const admin = await t.as('admin', '58', 'qt.dung.nt');
    officer = await t.as('commune_officer', '22738', 'cb.dung.dv');
    province = await t.as('province_staff', '58', 'tinh.dung.nt');
    const create = async (name: string, foundedOn: string) => {
      const res = await admin.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name, unitId: doVinh, foundedOn });
      expect(res.statusCode, res.body).toBe(201);
      return (ids[name] = res.json().id as string);
    };
    await create('Tổ giải thể', '2020-03-10');
    await create('Tổ thành lập ngày D', D);
    await create('Tổ chuyển đi', '2019-01-01');
    await create('Tổ tạm ngừng', '2019-01-01');
    const post = async (path: string, body: Record<string, unknown>) => {
      const res = await admin.post(path, { confirmPastChange: true, ...body });
      expect(res.statusCode, res.body).toBe(200);
    };
    await post(`/api/groups/${ids['Tổ giải thể']}/status`, { status: 'dissolved', date: D, reason: 'Không còn phù hợp' });
    await post(`/api/groups/${ids['Tổ chuyển đi']}/area`, { unitId: phuocMy, date: D });
    await post(`/api/groups/${ids['Tổ tạm ngừng']}/status`, { status: 'suspended', date: '2021-01-01' });
  }, 120_000);
  afterAll(async () => t?.close());

  it('the day before a dissolution: the group stands, and the list equals the census', async () => {
    const l = await list(officer, `date=${BEFORE}`);
    expect(l.names).toEqual(['Tổ chuyển đi', 'Tổ giải thể', 'Tổ tạm ngừng']);
    expect([l.total, l.dissolved]).toEqual([3, 0]);
    expect(await census(officer, '22738', BEFORE)).toBe(3);
    expect((await list(province, `unit=22741&date=${BEFORE}`)).total).toBe(0);
  });

  it('the day of the dissolution, founding and move: the dissolved group is apart, the new one counts, the moved one counts in its new commune', async () => {
    const l = await list(officer, `date=${D}`);
    expect(l.names).toEqual(['Tổ thành lập ngày D', 'Tổ tạm ngừng']);
    expect([l.total, l.dissolved]).toEqual([2, 1]);
    expect(await census(officer, '22738', D)).toBe(2);
    const dissolved = await list(officer, `date=${D}&status=dissolved`);
    expect([dissolved.names, dissolved.total]).toEqual([['Tổ giải thể'], 1]);
    const moved = await list(province, `unit=22741&date=${D}`);
    expect([moved.names, moved.total]).toEqual([['Tổ chuyển đi'], await census(province, '22741', D)]);
    // A suspended group still stands, as the census counts it.
    expect((await list(officer, `date=${D}&status=suspended`)).names).toEqual(['Tổ tạm ngừng']);
    // The province sees every group once: the moved one in Phước Mỹ, the dissolved one nowhere.
    expect((await list(province, `unit=58&date=${D}`)).total).toBe(await census(province, '58', D));
    expect(await census(province, '58', D)).toBe(3);
  });

  it('the day after: the same as the day of', async () => {
    const l = await list(officer, `date=${AFTER}`);
    expect(l.names).toEqual(['Tổ thành lập ngày D', 'Tổ tạm ngừng']);
    expect(l.total).toBe(await census(officer, '22738', AFTER));
    expect((await list(officer, `date=${AFTER}&status=dissolved`)).names).toEqual(['Tổ giải thể']);
  });

  it('exports the rows the list shows: standing groups by default, the dissolved ones when asked', async () => {
    const sheet = async (query: string) => {
      const res = await officer.get(`/api/groups/export?${query}`);
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const names: string[] = [];
      wb.worksheets[0]!.eachRow((r, n) => n > 2 && names.push(String(r.getCell(2).value)));
      return names.sort();
    };
    expect(await sheet(`date=${D}`)).toEqual((await list(officer, `date=${D}`)).names);
    expect(await sheet(`date=${D}&status=dissolved`)).toEqual(['Tổ giải thể']);
  });
});
