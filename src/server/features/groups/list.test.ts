import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import { groupSorts } from '../../../shared/groups.js';
import { insertInChunks } from '../units/import-support.js';
import { uuidv7 } from '../../lib/ids.js';
import { searchKey } from '../../lib/text.js';
import { expectScopesFresh } from './scopes-check.js';

interface Page {
  items: { id: string; name: string }[];
  total: number;
  totalExact: boolean;
  dissolved: number;
  nextCursor: string | null;
}

describe.each(engines)('the groups list, page by page (%s)', (engine) => {
  let t: TestContext;
  let admin: TestClient;
  let province: TestClient;
  let doVinh: TestClient;
  let phuocMy: TestClient;
  const units: Record<string, string> = {};

  const get = async (c: TestClient, query: string) => {
    const res = await c.get(`/api/groups?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page;
  };
  const create = async (name: string, unit: string, extra: Record<string, unknown> = {}) => {
    const res = await admin.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name, unitId: units[unit], foundedOn: '2015-01-01', ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  /** Every page of a list, a group or two created before and after the cursor between requests. */
  const walk = async (c: TestClient, query: string, between?: (n: number) => Promise<void>) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 50; n++) {
      const page: Page = await get(c, `${query}&pageSize=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((g) => g.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
      await between?.(n);
    }
    return seen;
  };

  beforeAll(async () => {
    t = await createTestContext(engine, { provinces: ['58'] });
    for (const code of ['22738', '22741', '582', '58']) units[code] = await t.unitId(code);
    admin = await t.as('admin', '58', 'qt.trang.nt');
    province = await t.as('province_staff', '58', 'tinh.trang.nt');
    doVinh = await t.as('commune_officer', '22738', 'cb.trang.dv');
    phuocMy = await t.as('commune_officer', '22741', 'cb.trang.pm');
    const types = ['to-tu-quan', 'doi-dan-phong', 'to-an-ninh-xung-kich'];
    for (let i = 0; i < 10; i++) {
      await create(`Tổ ${String.fromCharCode(66 + i)} ${i % 2 ? 'Đô Vinh' : 'Phước Mỹ'}`, i % 2 ? '22738' : '22741', { typeCode: types[i % 3], foundedOn: `201${i}-0${1 + (i % 5)}-01` });
    }
  }, 120_000);
  afterAll(async () => t?.close());

  it.each(groupSorts)('shows every group once across the pages by %s, while groups are added before and after the cursor', async (sort) => {
    const before = (await walk(province, `sort=${sort}`)).length;
    const added: string[] = [];
    const seen = await walk(province, `sort=${sort}`, async (n) => {
      if (n > 1) return;
      added.push(await create(`A mới ${sort} ${n}`, '22738', { foundedOn: '2001-01-01', typeCode: 'to-tu-quan' }));
      added.push(await create(`Z mới ${sort} ${n}`, '22741', { foundedOn: '2026-01-01', typeCode: 'xu-dao-binh-yen' }));
    });
    expect(new Set(seen).size).toBe(seen.length);
    // Those there at the start appear once each; of those added meanwhile, the ones after the cursor too.
    const all = await get(province, `sort=${sort}&pageSize=200`);
    expect(all.total).toBe(before + added.length);
    const missed = all.items.map((g) => g.id).filter((id) => !seen.includes(id));
    expect(missed.every((id) => added.includes(id))).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(before + 2);
    await expectScopesFresh(t.deps.db, engine);
  });

  it('pages in the order the list sorts, with the same rows as one long page', async () => {
    for (const sort of groupSorts) {
      const long = (await get(province, `sort=${sort}&pageSize=200`)).items.map((g) => g.id);
      expect(await walk(province, `sort=${sort}`)).toEqual(long);
      expect(await walk(province, `sort=${sort}&type=doi-dan-phong`)).toEqual((await get(province, `sort=${sort}&type=doi-dan-phong&pageSize=200`)).items.map((g) => g.id));
    }
  });

  it('refuses a tampered cursor, or one of another sort, in both languages', async () => {
    const page = await get(province, 'sort=name&pageSize=2');
    const other = await get(province, 'sort=foundedOn&pageSize=2');
    for (const cursor of ['abc', `${page.nextCursor}x`, other.nextCursor, Buffer.from(JSON.stringify(['type', 'x', 'y', 'z'])).toString('base64url')]) {
      const res = await province.get(`/api/groups?sort=${cursor === other.nextCursor ? 'name' : 'type'}&cursor=${cursor}`);
      expect([res.statusCode, res.json().error.code], String(cursor)).toEqual([400, 'BAD_CURSOR']);
      expect(res.json().error.message).toContain('Con trỏ trang không hợp lệ');
    }
    const en = t.client('en');
    await en.login('tinh.trang.nt');
    const res = await en.get(`/api/groups?sort=name&cursor=${other.nextCursor}`);
    expect([res.statusCode, res.json().error.message]).toEqual([400, expect.stringContaining('The page cursor is not valid')]);
  });

  it("keeps a commune officer to their commune through the list, the export and a cursor crafted from another's names", async () => {
    const mine = await walk(doVinh, 'sort=name');
    const theirs = await walk(phuocMy, 'sort=name');
    expect(mine.filter((id) => theirs.includes(id))).toEqual([]);
    // A cursor before every name, asked over the province: still only Đô Vinh's groups.
    const crafted = Buffer.from(JSON.stringify(['name', '', ''])).toString('base64url');
    const page = await get(doVinh, `unitId=${units['58']}&sort=name&pageSize=200&cursor=${crafted}`);
    expect(page.items.map((g) => g.id).sort()).toEqual([...mine].sort());
    expect(page.total).toBe(mine.length);
    const other = await get(doVinh, `unitId=${units['22741']}&pageSize=200`);
    expect([other.items, other.total, other.dissolved]).toEqual([[], 0, 0]);
    const sheet = await doVinh.get(`/api/groups/export?unitId=${units['58']}`);
    expect(sheet.statusCode).toBe(200);
    const names = (await get(phuocMy, 'pageSize=200')).items.map((g) => g.name);
    expect(names.length).toBeGreaterThan(0);
    const text = sheet.rawPayload.toString('latin1');
    expect(names.some((n) => text.includes(n))).toBe(false);
  });

  it('lists a past day as it was: a group where it stood then, the dissolved ones apart', async () => {
    const id = await create('Tổ chuyển và giải thể', '22738', { foundedOn: '2012-01-01' });
    await admin.post(`/api/groups/${id}/area`, { confirmPastChange: true, unitId: units['22741'], date: '2020-01-01' });
    await admin.post(`/api/groups/${id}/status`, { confirmPastChange: true, status: 'dissolved', date: '2022-01-01' });
    const has = async (c: TestClient, q: string) => (await get(c, `q=chuyen va giai&${q}`)).items.map((g) => g.id).includes(id);
    expect(await has(doVinh, 'date=2019-12-31')).toBe(true);
    expect(await has(phuocMy, 'date=2019-12-31')).toBe(false);
    expect(await has(phuocMy, 'date=2021-12-31')).toBe(true);
    expect(await has(phuocMy, 'date=2022-01-01')).toBe(false);
    expect(await has(phuocMy, 'date=2022-01-01&status=dissolved')).toBe(true);
    expect((await get(phuocMy, 'date=2022-01-01&q=chuyen va giai')).dissolved).toBe(1);
    expect(await has(doVinh, 'date=2022-01-01&status=dissolved')).toBe(false);
    await expectScopesFresh(t.deps.db, engine);
  });

  it('counts exactly, as the census does, and says when a text matches more than it counts', async () => {
    const census = (await (await province.get(`/api/census?unit=58&date=2026-03-02`)).json()).rows as { type: { code: string }; groups: number }[];
    const list = await get(province, 'date=2026-03-02');
    expect([list.total, list.totalExact]).toEqual([census.reduce((n, r) => n + r.groups, 0), true]);
    const byType = await get(province, 'date=2026-03-02&type=doi-dan-phong');
    expect(byType.total).toBe(census.find((r) => r.type.code === 'doi-dan-phong')!.groups);
    const nation = await t.as('admin', null, 'qt.trang.all');
    expect((await get(nation, 'date=2026-03-02')).total).toBe(list.total);
    expect((await get(nation, 'date=2026-03-02&status=active')).total).toBe(list.total);
    expect((await get(nation, 'date=2026-03-02&q=to')).totalExact).toBe(true);

    // Past ten thousand groups matching a text, the count stops and says so.
    const inPhuocMy = (await get(phuocMy, 'pageSize=1')).total;
    const now = new Date().toISOString();
    const many = Array.from({ length: 10_001 }, (_, i) => ({ id: uuidv7(), name: `Tổ đông dân ${i}` }));
    await insertInChunks(t.deps.db, 'groups', many.map((g) => ({ id: g.id, type_code: 'to-tu-quan', name: g.name, name_search: searchKey(g.name), founded_on: '2015-01-01', decision_number: null, decision_date: null, decision_issuer: null, contact_phone: null, contact_text: null, notes: null, province_code: '58', created_at: now, updated_at: now })), () => {});
    await insertInChunks(t.deps.db, 'group_areas', many.map((g) => ({ id: uuidv7(), group_id: g.id, unit_id: units['22741']!, valid_from: '2015-01-01', valid_to: null, reason: null, province_code: '58' })), () => {});
    await insertInChunks(t.deps.db, 'group_statuses', many.map((g) => ({ id: uuidv7(), group_id: g.id, status: 'active', valid_from: '2015-01-01', valid_to: null, reason: null, decision_number: null, decision_date: null, decision_issuer: null, province_code: '58' })), () => {});
    const crowded = await get(province, 'q=dong dan');
    expect([crowded.total, crowded.totalExact, crowded.items.length]).toEqual([10_000, false, 25]);
    const few = await get(province, 'q=dong dan 999');
    expect([few.total, few.totalExact]).toEqual([11, true]);
    expect((await get(phuocMy, 'pageSize=1')).total).toBe(inPhuocMy + 10_001);
    await expectScopesFresh(t.deps.db, engine);
  }, 120_000);
});
