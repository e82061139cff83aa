import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import { insertInChunks } from '../units/import-support.js';
import { uuidv7 } from '../../lib/ids.js';
import { searchKey } from '../../lib/text.js';
import { encodeCursor } from '../../lib/keyset.js';
import { birthKeyOf, COUNTRY, personScopesStale, refreshPersonScopes } from './scopes.js';

interface Page {
  items: { id: string; fullName: string }[];
  total: number;
  totalExact: boolean;
  nextCursor: string | null;
  pageSize: number;
}

describe.each(engines)('the people list by keyset, from the index of scopes (%s)', (engine) => {
  let t: TestContext;
  let officer: TestClient;
  let other: TestClient;
  let admin: TestClient;
  let doVinh: string;
  let phuocMy: string;

  beforeAll(async () => {
    t = await createTestContext(engine);
    doVinh = await t.unitId('22738');
    phuocMy = await t.unitId('22741');
    officer = await t.as('commune_officer', '22738', 'cb.ds.dv');
    other = await t.as('commune_officer', '22741', 'cb.ds.pm');
    admin = await t.as('admin', null, 'qt.ds');
  });
  afterAll(async () => t?.close());

  const create = async (c: TestClient, fullName: string, unitId: string, extra: Record<string, unknown> = {}) => {
    const res = await c.post('/api/people', { fullName, addressUnitId: unitId, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const list = async (c: TestClient, query: string) => {
    const res = await c.get(`/api/people?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page;
  };

  /** `person_scopes` as it should be, recomputed from the registry alone. */
  async function fromScratch(): Promise<string[]> {
    const db = t.deps.db;
    const paths = new Map((await db.selectFrom('units').select(['id', 'path']).execute()).map((u) => [u.id, u.path]));
    const people = await db.selectFrom('people').selectAll().where('merged_into', 'is', null).execute();
    const areas = await db.selectFrom('group_areas').select(['group_id', 'unit_id']).where('valid_to', 'is', null).execute();
    const memberships = await db.selectFrom('memberships').select(['person_id', 'group_id']).execute();
    const out = new Set<string>();
    for (const p of people) {
      const units = [paths.get(p.registered_unit_id)!];
      for (const m of memberships.filter((x) => x.person_id === p.id)) for (const a of areas.filter((x) => x.group_id === m.group_id)) units.push(paths.get(a.unit_id)!);
      for (const u of [COUNTRY, ...units.flatMap((path) => path.split('/').filter(Boolean))]) out.add([u, p.id, p.name_search, birthKeyOf(p)].join('|'));
    }
    return [...out].sort();
  }
  async function expectFresh(): Promise<void> {
    await refreshPersonScopes(t.deps.db, t.deps.engine);
    expect(await personScopesStale(t.deps.db)).toBe(false);
    const rows = await t.deps.db.selectFrom('person_scopes').selectAll().execute();
    expect(rows.map((r) => [r.unit_id, r.person_id, r.name_key, r.birth_key].join('|')).sort()).toEqual(await fromScratch());
  }

  it('walks every person exactly once while people are added between pages, before and after the cursor', async () => {
    const first = [];
    for (const n of ['Bùi Thị Mai', 'Đặng Văn Nam', 'Hồ Thị Oanh', 'Lý Văn Phúc', 'Ngô Thị Quyên', 'Phan Văn Sơn', 'Trịnh Thị Tâm']) first.push(await create(officer, n, doVinh, { birthYear: 1980 + first.length }));
    for (const sort of ['name', 'birth']) {
      const seen: string[] = [];
      let page = await list(officer, `sort=${sort}&pageSize=2`);
      let step = 0;
      for (;;) {
        seen.push(...page.items.map((p) => p.id));
        if (!page.nextCursor) break;
        // One sorting before everything walked so far, one after: neither repeats nor hides another.
        await create(officer, `A Văn ${sort} ${step}`, doVinh, { birthYear: 1950 });
        await create(officer, `Zô Văn ${sort} ${step++}`, doVinh);
        page = await list(officer, `sort=${sort}&pageSize=2&cursor=${page.nextCursor}`);
      }
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of first) expect(seen).toContain(id);
    }
  });

  it('keeps the order of the list: by name key then id; by birth (date, else year, unknown last) then name', async () => {
    const byName = [];
    let page = await list(officer, 'pageSize=200');
    byName.push(...page.items);
    while (page.nextCursor) byName.push(...(page = await list(officer, `pageSize=200&cursor=${page.nextCursor}`)).items);
    const keys = byName.map((p) => searchKey(p.fullName));
    expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const byBirth = (await list(officer, 'sort=birth&pageSize=200')).items as unknown as { birthYear: number | null; birthDate: string | null }[];
    const births = byBirth.map((p) => p.birthDate ?? (p.birthYear === null ? '9999' : String(p.birthYear)));
    expect(births).toEqual([...births].sort());
    expect(births.at(-1)).toBe('9999');
  });

  it('refuses a tampered cursor, and one of another sort, in both languages', async () => {
    for (const n of ['Cao Văn Một', 'Cao Văn Hai']) await create(officer, n, doVinh);
    const page = await list(officer, 'pageSize=1');
    for (const cursor of [page.nextCursor!.slice(0, -4), `${page.nextCursor!}A`, 'bm90IGpzb24', encodeCursor('name', [1, 2])]) {
      const res = await officer.get(`/api/people?pageSize=1&cursor=${cursor}`);
      expect([res.statusCode, res.json().error.code]).toEqual([400, 'BAD_CURSOR']);
    }
    const vi = await officer.get(`/api/people?sort=birth&cursor=${page.nextCursor}`);
    expect([vi.statusCode, vi.json().error.code, vi.json().error.message]).toEqual([400, 'BAD_CURSOR', expect.stringContaining('Con trỏ trang không hợp lệ')]);
    officer.lang = 'en';
    const en = await officer.post('/api/people/search', { sort: 'birth', cursor: page.nextCursor });
    officer.lang = 'vi';
    expect([en.statusCode, en.json().error.code, en.json().error.message]).toEqual([400, 'BAD_CURSOR', expect.stringContaining('page cursor is not valid')]);
  });

  it('never shows a commune officer the people of another commune: list, search, export, or a cursor made from their rows', async () => {
    const outsider = await create(other, 'Vương Văn Ngoại', phuocMy);
    const names = async (c: TestClient, q: string) => (await list(c, q)).items.map((p) => p.fullName);
    expect(await names(other, 'q=vuong van ngoai')).toEqual(['Vương Văn Ngoại']);
    expect(await names(officer, 'q=vuong van ngoai')).toEqual([]);
    expect((await officer.post('/api/people/search', { q: 'ngoai' })).json().total).toBe(0);
    // A cursor just before the outsider, as another scope's page would give it.
    const crafted = encodeCursor('name', [searchKey('Vương Văn Ngoại').slice(0, -1), '']);
    const after = await list(officer, `cursor=${crafted}`);
    expect(after.items.map((p) => p.id)).not.toContain(outsider);
    const res = await officer.get('/api/people/export');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as never);
    const cells = JSON.stringify(book.worksheets[0]!.getSheetValues());
    expect(cells).not.toContain('Vương Văn Ngoại');
    expect(cells).toContain('Bùi Thị Mai');
    const everyone = (await list(admin, 'q=vuong van ngoai')).items.map((p) => p.id);
    expect(everyone).toEqual([outsider]);
  });

  it('keeps the index in step with every kind of write', async () => {
    await expectFresh();
    const g = (await officer.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: 'Tổ tự quản số 9', unitId: doVinh, foundedOn: '2015-01-01' })).json();
    const far = await create(other, 'Châu Văn Xa', phuocMy, { birthYear: 1970 });
    await expectFresh();
    // A membership makes a person of another commune visible here; its end keeps them (members at any time).
    const m = await admin.post(`/api/groups/${g.id}/members`, { personId: far, role: 'member', from: '2020-01-01', confirmPastChange: true });
    expect(m.statusCode, m.body).toBe(201);
    await expectFresh();
    expect((await list(officer, 'q=chau van xa')).total).toBe(1);
    expect((await admin.post(`/api/groups/${g.id}/members/${m.json().id}/end`, { date: '2025-01-01', confirmPastChange: true })).statusCode).toBe(200);
    await expectFresh();
    // The group moves to the other commune: its members go with it.
    expect((await admin.post(`/api/groups/${g.id}/area`, { unitId: phuocMy, date: '2026-01-01', confirmPastChange: true })).statusCode).toBe(200);
    await expectFresh();
    expect((await list(officer, 'q=chau van xa')).total).toBe(0);
    // Corrections of name, birth and address.
    const id = await create(officer, 'Quách Văn Sửa', doVinh);
    expect((await officer.patch(`/api/people/${id}`, { fullName: 'Quách Văn Đổi', birthDate: '1990-05-06' })).statusCode).toBe(200);
    await expectFresh();
    expect((await list(officer, 'q=quach van doi')).items.map((p) => p.id)).toEqual([id]);
    expect((await admin.patch(`/api/people/${id}`, { addressUnitId: phuocMy })).statusCode).toBe(200);
    await expectFresh();
    expect((await list(officer, 'q=quach van doi')).total).toBe(0);
    expect((await list(other, 'q=quach van doi')).total).toBe(1);
    // A merge: the record merged away leaves every list.
    const twin = await create(other, 'Quách Văn Đổi', phuocMy);
    expect((await admin.post(`/api/people/${twin}/merge`, { intoId: id })).statusCode).toBe(200);
    await expectFresh();
    expect((await list(admin, 'q=quach van doi')).items.map((p) => p.id)).toEqual([id]);
  });

  it('counts exactly up to 10,000 and says "more than" above', async () => {
    const now = new Date().toISOString();
    const province = (await t.deps.db.selectFrom('units').select('province_code').where('id', '=', phuocMy).executeTakeFirstOrThrow()).province_code;
    const rows = Array.from({ length: 10_001 }, (_, i) => ({
      id: uuidv7(),
      full_name: `Đông Văn ${i}`,
      name_search: `dong van ${i}`,
      gender: null,
      birth_date: null,
      birth_year: null,
      cccd_enc: null,
      cccd_hash: null,
      cccd_last4: null,
      phone: null,
      address_unit_id: phuocMy,
      address_text: null,
      registered_unit_id: phuocMy,
      occupation: null,
      ethnicity: null,
      religion: null,
      sensitive_consent_at: null,
      sensitive_consent_by: null,
      merged_into: null,
      province_code: province,
      created_at: now,
      updated_at: now,
    }));
    await insertInChunks(t.deps.db, 'people', rows, () => {});
    const many = await list(other, 'q=dong van');
    expect([many.total, many.totalExact, many.items.length]).toEqual([10_000, false, 25]);
    expect(await list(other, 'q=dong van 999')).toMatchObject({ total: 11, totalExact: true });
    expect(await list(officer, 'q=dong van')).toMatchObject({ total: 0, totalExact: true, nextCursor: null });
    const nation = await list(admin, 'q=dong van 10000');
    expect([nation.total, nation.totalExact]).toEqual([1, true]);
  });
});
