import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';

// 058 = Ninh Thuận, 0 = male born in the 1900s, 85 = 1985.
const CCCD = '058085004321';
// 001 = Hà Nội, 1 = a woman born in the 1900s, 90 = 1990: held by someone out of the officer's scope.
const HN_CCCD = '001190054321';

describe.each(engines)('correcting a person (%s)', (engine) => {
  let t: TestContext;
  const a: Record<string, TestClient> = {};
  let doVinh: string;
  let id: string;

  beforeAll(async () => {
    t = await createTestContext(engine, { provinces: ['01', '58'] });
    doVinh = await t.unitId('22738');
    a.officer = await t.as('commune_officer', '22738', 'cb.sua.dv');
    a.other = await t.as('commune_officer', '22741', 'cb.sua.pm');
    a.hn = await t.as('commune_officer', '00001', 'cb.sua.hn');
    a.viewer = await t.as('viewer', '58', 'xem.sua.nt');
    a.leader = await t.as('group_leader', '22738', 'tt.sua.dv');
    const hn = await a.hn.post('/api/people', { fullName: 'Phạm Thị Hà', gender: 'female', birthYear: 1990, cccd: HN_CCCD, addressUnitId: await t.unitId('00001') });
    expect(hn.statusCode, hn.body).toBe(201);
    const created = await a.officer.post('/api/people', { fullName: 'Nguyen Van Anh', gender: 'male', birthYear: 1985, addressUnitId: doVinh });
    expect(created.statusCode, created.body).toBe(201);
    id = created.json().id;
  });
  afterAll(async () => t?.close());

  const edit = (c: TestClient, body: Record<string, unknown>) => c.patch(`/api/people/${id}`, body);

  it('corrects the name (stored NFC, found without diacritics) and the phone (stored as digits); only the fields sent change', async () => {
    const res = await edit(a.officer!, { fullName: 'Nguyễn  Văn Ánh'.normalize('NFD'), phone: '+84 912 345 678' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id, fullName: 'Nguyễn Văn Ánh', phone: '0912345678', gender: 'male', birthYear: 1985, address: { code: '22738' } });
    const row = await t.deps.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.full_name).toBe('Nguyễn Văn Ánh'.normalize('NFC'));
    expect((await a.officer!.get('/api/people?q=nguyen van anh')).json().items.map((p: { id: string }) => p.id)).toEqual([id]);
    expect((await a.officer!.get(`/api/people/${id}`)).json()).toEqual(res.json());
  });

  it('learns the birth date later, and the same body twice gives the same answer and one audit row', async () => {
    const before = (await t.auditRows('person.update')).length;
    const first = await edit(a.officer!, { birthDate: '1985-03-15' });
    expect(first.json()).toMatchObject({ birthDate: '1985-03-15', birthYear: 1985 });
    const again = await edit(a.officer!, { birthDate: '1985-03-15' });
    expect(again.json()).toEqual(first.json());
    expect((await t.auditRows('person.update')).length).toBe(before + 1);
  });

  it('adds a citizen ID number: sealed, masked in the answer and the audit row; a number held out of scope is refused naming no one', async () => {
    const res = await edit(a.officer!, { cccd: '0580 8500 4321' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().cccdMasked).toBe('••••••••4321');
    expect(res.body).not.toContain(CCCD);
    const row = await t.deps.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(CCCD);
    expect((await a.officer!.post('/api/people/search', { cccd: CCCD })).json().items.map((p: { id: string }) => p.id)).toEqual([id]);
    const audit = (await t.auditRows('person.update')).at(-1)!;
    expect(JSON.parse(audit.before_json!).cccdMasked).toBeNull();
    expect(JSON.parse(audit.after_json!).cccdMasked).toBe('••••••••4321');
    expect(JSON.stringify(await t.auditRows())).not.toContain(CCCD);

    const bad = await edit(a.officer!, { cccd: '058185004321' });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'CCCD_INVALID']);
    // The sex corrected against the number kept is checked as at registration.
    expect((await edit(a.officer!, { gender: 'female' })).json().error.code).toBe('CCCD_INVALID');

    const held = await edit(a.officer!, { cccd: HN_CCCD, gender: 'female', birthYear: 1990 });
    expect([held.statusCode, held.json().error.code]).toEqual([409, 'CCCD_HELD_ELSEWHERE']);
    for (const s of ['Phạm Thị Hà', 'Hà Nội', HN_CCCD]) expect(held.body).not.toContain(s);
    const still = (await a.officer!.get(`/api/people/${id}`)).json();
    expect(still).toMatchObject({ cccdMasked: '••••••••4321', gender: 'male', birthYear: 1985 });
  });

  it('records ethnicity and religion only with consent', async () => {
    const without = await edit(a.officer!, { ethnicity: 'Chăm' });
    expect([without.statusCode, without.json().error.code]).toEqual([400, 'SENSITIVE_NEEDS_CONSENT']);
    expect((await a.officer!.get(`/api/people/${id}`)).json().ethnicity).toBeNull();
    const withConsent = (await edit(a.officer!, { ethnicity: 'Chăm', sensitiveConsent: true })).json();
    expect(withConsent.ethnicity).toBe('Chăm');
    expect(withConsent.sensitiveConsentAt).not.toBeNull();
  });

  it('answers out of scope as GET does, and refuses those who may not write', async () => {
    for (const c of [a.other!, a.hn!]) {
      expect((await c.get(`/api/people/${id}`)).statusCode).toBe(404);
      expect((await edit(c, { fullName: 'Người Khác' })).statusCode).toBe(404);
    }
    expect((await edit(a.viewer!, { fullName: 'Người Khác' })).statusCode).toBe(403);
    expect((await edit(a.leader!, { fullName: 'Người Khác' })).statusCode).toBe(403);
    expect((await edit(a.officer!, { addressUnitId: await t.unitId('22741') })).statusCode).toBe(404);
    expect((await a.officer!.get(`/api/people/${id}`)).json().fullName).toBe('Nguyễn Văn Ánh');
  });

  it('writes an audit row with before and after', async () => {
    const rows = await t.auditRows('person.update');
    expect(rows.every((r) => r.entity_id === id && r.actor_username === 'cb.sua.dv')).toBe(true);
    const first = rows[0]!;
    expect(JSON.parse(first.before_json!)).toMatchObject({ fullName: 'Nguyen Van Anh', phone: null });
    expect(JSON.parse(first.after_json!)).toMatchObject({ fullName: 'Nguyễn Văn Ánh', phone: '0912345678' });
  });
});
