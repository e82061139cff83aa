import { readFileSync, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';

// 058 = Ninh Thuận, 0 = male born in the 1900s, 85 = 1985.
const CCCD = '058085001234';

describe.each(engines)('people and memberships (%s)', (engine) => {
  let t: TestContext;
  const a: Record<string, TestClient> = {};
  let doVinh: string;
  let groupId: string;

  beforeAll(async () => {
    t = await createTestContext(engine);
    doVinh = await t.unitId('22738');
    a.officer = await t.as('commune_officer', '22738', 'cb.nguoi.dv');
    a.other = await t.as('commune_officer', '22741', 'cb.nguoi.pm');
    a.kh = await t.as('admin', '56', 'qt.nguoi.kh');
    a.staff = await t.as('province_staff', '58', 'tinh.nguoi.nt');
    const g = await a.officer.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: 'Tổ tự quản khu phố 3', unitId: doVinh, foundedOn: '2015-01-01' });
    groupId = g.json().id;
  });
  afterAll(async () => t?.close());

  const newPerson = (c: TestClient, body: Record<string, unknown>) => c.post('/api/people', { fullName: 'Nguyễn Văn An', addressUnitId: doVinh, ...body });

  it('registers a person with a citizen ID number that is sealed at rest, masked, and found by exact match', async () => {
    const res = await newPerson(a.officer!, { fullName: 'Nguyễn Văn  An'.normalize('NFD'), gender: 'male', birthYear: 1985, cccd: CCCD, phone: '0912345678' });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({ fullName: 'Nguyễn Văn An', cccdMasked: '••••••••1234', address: { code: '22738' } });
    expect(JSON.stringify(p)).not.toContain(CCCD);
    const row = await t.deps.db.selectFrom('people').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(CCCD);
    if (engine === 'sqlite') {
      await sql`pragma wal_checkpoint(FULL)`.execute(t.deps.db);
      const file = (await sql<{ file: string }>`pragma database_list`.execute(t.deps.db)).rows[0]!.file;
      for (const f of [file, `${file}-wal`]) if (existsSync(f)) expect(readFileSync(f).includes(Buffer.from(CCCD))).toBe(false);
    }
    const found = (await a.officer!.post('/api/people/search', { cccd: CCCD })).json();
    expect(found.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
    expect((await a.officer!.post('/api/people/search', { cccd: '058085001235' })).json().total).toBe(0);
    expect((await a.officer!.get('/api/people?q=nguyen van an')).json().total).toBe(1);
    expect((await t.auditRows()).filter((r) => r.action === 'person.create').every((r) => !(r.after_json ?? '').includes(CCCD))).toBe(true);
  });

  it('refuses a malformed number, one that contradicts the sex or year, and a second person with the same number', async () => {
    for (const [cccd, extra] of [
      ['05808500123', {}],
      ['099085001234', {}],
      ['058185001234', { gender: 'male' }],
      ['058085001299', { birthYear: 1986 }],
    ] as const) {
      const res = await newPerson(a.officer!, { cccd, ...extra });
      expect([cccd, res.statusCode, res.json().error.code]).toEqual([cccd, 400, 'CCCD_INVALID']);
    }
    const twice = await newPerson(a.officer!, { fullName: 'Người Khác', cccd: CCCD });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'CCCD_TAKEN']);
    expect(twice.json().error.details.personId).toBeDefined();
  });

  it('records ethnicity and religion only with consent', async () => {
    const without = await newPerson(a.officer!, { fullName: 'Chăm Thị Hoa', ethnicity: 'Chăm' });
    expect(without.json().error.code).toBe('SENSITIVE_NEEDS_CONSENT');
    const withConsent = (await newPerson(a.officer!, { fullName: 'Chăm Thị Hoa', ethnicity: 'Chăm', religion: 'Bà-la-môn', sensitiveConsent: true })).json();
    expect(withConsent).toMatchObject({ ethnicity: 'Chăm', religion: 'Bà-la-môn' });
    expect(withConsent.sensitiveConsentAt).not.toBeNull();
  });

  it('reveals the full number only with the permission, and audits each reveal', async () => {
    const p = (await a.officer!.post('/api/people/search', { cccd: CCCD })).json().items[0];
    const shown = await a.officer!.post(`/api/people/${p.id}/reveal-cccd`);
    expect(shown.json()).toEqual({ cccd: CCCD });
    expect((await a.staff!.post(`/api/people/${p.id}/reveal-cccd`)).statusCode).toBe(403);
    expect((await t.auditRows('person.reveal_cccd')).map((r) => [r.entity_id, r.actor_username])).toEqual([[p.id, 'cb.nguoi.dv']]);
  });

  it('keeps people inside the scope: other communes and the other province see nothing', async () => {
    const p = (await a.officer!.post('/api/people/search', { cccd: CCCD })).json().items[0];
    expect((await a.other!.get(`/api/people/${p.id}`)).statusCode).toBe(404);
    expect((await a.kh!.get(`/api/people/${p.id}`)).statusCode).toBe(404);
    expect((await a.kh!.post(`/api/people/${p.id}/reveal-cccd`)).statusCode).toBe(404);
    expect((await a.kh!.post('/api/people/search', { cccd: CCCD })).json().total).toBe(0);
    expect((await a.staff!.get(`/api/people/${p.id}`)).statusCode).toBe(200);
    const elsewhere = await newPerson(a.officer!, { addressUnitId: await t.unitId('22741') });
    expect(elsewhere.statusCode).toBe(404);
    expect((await newPerson(a.staff!, {})).statusCode).toBe(403);
    expect((await t.client().get('/api/people')).statusCode).toBe(401);
  });

  it('counts a member from the day they join and not on the day they leave; the history stays', async () => {
    const p = (await a.officer!.post('/api/people/search', { cccd: CCCD })).json().items[0];
    const added = await a.officer!.post(`/api/groups/${groupId}/members`, { confirmPastChange: true, personId: p.id, role: 'leader', from: '2018-04-30' });
    expect(added.statusCode, added.body).toBe(201);
    const m = added.json();
    const onDay = async (d: string) => ((await a.officer!.get(`/api/groups/${groupId}/members?date=${d}`)).json() as { person: { id: string } }[]).map((x) => x.person.id);
    expect(await onDay('2018-04-29')).toEqual([]);
    expect(await onDay('2018-04-30')).toEqual([p.id]);
    expect((await a.officer!.post(`/api/groups/${groupId}/members/${m.id}/end`, { confirmPastChange: true, date: '2020-01-01' })).json().validTo).toBe('2020-01-01');
    expect(await onDay('2019-12-31')).toEqual([p.id]);
    expect(await onDay('2020-01-01')).toEqual([]);
    const all = (await a.officer!.get(`/api/groups/${groupId}/members?all=true`)).json();
    expect(all.map((x: { validFrom: string; validTo: string }) => [x.validFrom, x.validTo])).toEqual([['2018-04-30', '2020-01-01']]);
    expect((await t.auditRows()).filter((r) => r.action.startsWith('membership.')).map((r) => r.action)).toEqual(['membership.create', 'membership.end']);
  });

  it('lists the groups a person is or was in, with role and period', async () => {
    const p = (await a.officer!.post('/api/people/search', { cccd: CCCD })).json().items[0];
    const list = (await a.officer!.get(`/api/people/${p.id}/memberships`)).json();
    expect(list.map((x: { group: { name: string }; role: string; validFrom: string; validTo: string | null }) => [x.group.name, x.role, x.validFrom, x.validTo])).toEqual([
      ['Tổ tự quản khu phố 3', 'leader', '2018-04-30', '2020-01-01'],
    ]);
    expect((await a.kh!.get(`/api/people/${p.id}/memberships`)).statusCode).toBe(404);
  });

  it('filters people by the area and type of the groups they belong to on a date, sorts, and exports what it shows', async () => {
    const p = (await a.officer!.post('/api/people/search', { cccd: CCCD })).json().items[0];
    // An was a member of the group in Đô Vinh from 2018-04-30 until 2020-01-01.
    const names = async (query: string) => ((await a.staff!.get(`/api/people?${query}`)).json().items as { id: string }[]).map((x) => x.id);
    expect(await names(`unitId=${doVinh}&date=2019-01-01`)).toContain(p.id);
    expect(await names(`unitId=${doVinh}&date=2021-01-01`)).not.toContain(p.id);
    expect(await names(`unitId=${await t.unitId('22741')}&date=2019-01-01`)).not.toContain(p.id);
    expect(await names('type=to-tu-quan&date=2019-01-01')).toContain(p.id);
    expect(await names('type=doi-dan-phong&date=2019-01-01')).not.toContain(p.id);
    const res = await a.staff!.get(`/api/people/export?unitId=${doVinh}&date=2019-01-01`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows[0]![0]).toBe('DANH SÁCH NGƯỜI, THÀNH VIÊN (tính đến ngày 1/1/2019)');
    expect(rows.slice(2).map((r) => [r[1], r[5]])).toEqual([['Nguyễn Văn An', '••••••••1234']]);
    expect((await t.auditRows('person.export')).map((r) => r.actor_username)).toEqual(['tinh.nguoi.nt']);
  });

  it('refuses a second overlapping membership, a second leader, and a date before the group existed', async () => {
    const b = (await newPerson(a.officer!, { fullName: 'Trần Thị Bích' })).json();
    const c = (await newPerson(a.officer!, { fullName: 'Lê Văn Cường' })).json();
    expect((await a.officer!.post(`/api/groups/${groupId}/members`, { confirmPastChange: true, personId: b.id, role: 'leader', from: '2021-01-01' })).statusCode).toBe(201);
    const second = await a.officer!.post(`/api/groups/${groupId}/members`, { confirmPastChange: true, personId: c.id, role: 'leader', from: '2022-01-01' });
    expect([second.statusCode, second.json().error.code]).toEqual([409, 'LEADER_EXISTS']);
    const again = await a.officer!.post(`/api/groups/${groupId}/members`, { confirmPastChange: true, personId: b.id, role: 'member', from: '2023-01-01' });
    expect(again.json().error.code).toBe('MEMBERSHIP_EXISTS');
    const early = await a.officer!.post(`/api/groups/${groupId}/members`, { confirmPastChange: true, personId: c.id, from: '2014-12-31' });
    expect(early.json().error.code).toBe('MEMBERSHIP_DATE');
    expect((await a.officer!.post(`/api/groups/${groupId}/members`, { confirmPastChange: true, personId: c.id, role: 'deputy', from: '2021-06-01' })).statusCode).toBe(201);
    const today = (await a.officer!.get(`/api/groups/${groupId}/members?date=2026-01-01`)).json();
    expect(today.map((x: { role: string; person: { fullName: string } }) => [x.role, x.person.fullName])).toEqual([
      ['leader', 'Trần Thị Bích'],
      ['deputy', 'Lê Văn Cường'],
    ]);
    expect((await a.other!.get(`/api/groups/${groupId}/members`)).statusCode).toBe(404);
    expect((await a.kh!.post(`/api/groups/${groupId}/members`, { confirmPastChange: true, personId: c.id, from: '2024-01-01' })).statusCode).toBe(404);
  });

  it('finds by area only the members of groups standing that day, as the census counts them', async () => {
    const ids = async (d: string) => ((await a.staff!.get(`/api/people?unitId=${doVinh}&date=${d}`)).json().items as { fullName: string }[]).map((x) => x.fullName);
    expect(await ids('2025-01-01')).toEqual(expect.arrayContaining(['Trần Thị Bích', 'Lê Văn Cường']));
    const res = await a.officer!.post(`/api/groups/${groupId}/status`, { confirmPastChange: true, status: 'dissolved', date: '2025-03-01', reason: 'Sáp nhập' });
    expect(res.statusCode, res.body).toBe(200);
    // Still members on paper (their memberships are not ended), but of a group that no longer stands.
    expect(await ids('2025-02-28')).toEqual(expect.arrayContaining(['Trần Thị Bích', 'Lê Văn Cường']));
    expect(await ids('2025-03-01')).toEqual([]);
    expect((await a.staff!.get(`/api/people?type=to-tu-quan&date=2025-03-01`)).json().total).toBe(0);
  });
});
