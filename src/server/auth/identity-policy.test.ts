import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../test/harness.js';

/** The officer confirms the census of past months changes: these sheets are back-dated. */
const CONFIRMED = `&options=${encodeURIComponent(JSON.stringify({ confirmPastChange: true }))}`;

// 001 = Hà Nội, 1 = a woman born in the 1900s, 90 = 1990.
const HN_CCCD = '001190012345';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = ['Mã địa bàn', 'Tên tổ, đội', 'Loại mô hình', 'Ngày thành lập', 'Họ và tên thành viên', 'Giới tính', 'Năm sinh', 'Số CCCD', 'Điện thoại', 'Vai trò', 'Ngày vào tổ'];

async function sheet(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * The attack found by testing from outside (issue 9, point 1 and 2), replayed: a person
 * registered in Hà Nội, and the officer of Phường Bảo An (Ninh Thuận) who holds their citizen
 * ID number. Nothing the officer does may touch the person or tell that they exist, but for
 * the one bit a uniqueness check cannot hide, which is written to the audit log of Hà Nội.
 */
describe.each(engines)('identity policy (%s)', (engine) => {
  let t: TestContext;
  let hn: TestClient;
  let hnAdmin: TestClient;
  let ba: TestClient;
  let ntAdmin: TestClient;
  let national: TestClient;
  let phucXa: string;
  let baoAn: string;
  let ha: { id: string };
  let hnGroup: string;
  let baGroup: string;

  const personRow = () => t.deps.db.selectFrom('people').selectAll().where('id', '=', ha.id).executeTakeFirstOrThrow();
  const membershipsOfHa = async () => (await t.deps.db.selectFrom('memberships').select(['group_id']).where('person_id', '=', ha.id).execute()).map((m) => m.group_id);
  const auditOf = (action: string) => t.deps.db.selectFrom('audit_log').select(['action', 'entity_id', 'area_path', 'actor_username', 'after_json']).where('action', '=', action).orderBy('at').orderBy('id').execute();
  const importSheet = (c: TestClient, buf: Buffer, commit: boolean) => c.request('POST', `/api/groups/import?commit=${commit}${commit ? CONFIRMED : ''}`, buf, { 'content-type': XLSX });
  /** Everything the answer must not carry about the person held elsewhere. */
  const expectNothingOfHa = (body: string) => {
    for (const s of [ha.id, 'Phạm Thị Hà', 'Pham Thi Ha', 'Hà Nội', 'Phúc Xá', HN_CCCD, '0911111111']) expect(body).not.toContain(s);
  };

  beforeAll(async () => {
    t = await createTestContext(engine, { provinces: ['01', '58'] });
    phucXa = await t.unitId('00001');
    baoAn = await t.unitId('22744');
    hn = await t.as('commune_officer', '00001', 'cb.hn.phucxa');
    hnAdmin = await t.as('admin', '01', 'qt.hn');
    ba = await t.as('commune_officer', '22744', 'cb.nt.baoan');
    ntAdmin = await t.as('admin', '58', 'qt.nt');
    national = await t.as('admin', null, 'qt.toanquoc');
    const created = await hn.post('/api/people', { fullName: 'Phạm Thị Hà', gender: 'female', birthYear: 1990, cccd: HN_CCCD, phone: '0911111111', addressUnitId: phucXa });
    expect(created.statusCode, created.body).toBe(201);
    ha = created.json();
    hnGroup = (await hn.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: 'Tổ tự quản Phúc Xá 1', unitId: phucXa, foundedOn: '2015-01-01' })).json().id;
    expect((await hn.post(`/api/groups/${hnGroup}/members`, { confirmPastChange: true, personId: ha.id, role: 'member', from: '2016-01-01' })).statusCode).toBe(201);
    baGroup = (await ba.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: 'Tổ tự quản Bảo An 1', unitId: baoAn, foundedOn: '2015-01-01' })).json().id;
  });
  afterAll(async () => t?.close());

  it('refuses a sheet row with the number of a person registered elsewhere: all or nothing, a row error naming no one, the person unchanged and still unseen', async () => {
    const rows = [
      ['22744', 'Tổ tự quản Bảo An 1', 'to-tu-quan', '1/1/2015', 'Phạm Thị Hà', 'Nữ', '1990', HN_CCCD, '0999999999', 'Thành viên', '1/2/2020'],
      ['22744', 'Tổ tự quản Bảo An 1', 'to-tu-quan', '1/1/2015', 'Lê Văn Bình', 'Nam', '1980', '', '0988888888', 'Thành viên', '1/2/2020'],
    ];
    const peopleBefore = (await t.deps.db.selectFrom('people').select('id').execute()).length;
    const preview = await importSheet(ba, await sheet(rows), false);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().errors).toHaveLength(1);
    expect(preview.json().errors[0]).toMatchObject({ row: 2, column: 'Số CCCD' });
    expect(preview.json().errors[0].message).toContain('đề nghị kết nạp');
    expectNothingOfHa(preview.body);

    const commit = await importSheet(ba, await sheet(rows), true);
    expect([commit.statusCode, commit.json().error.code]).toEqual([400, 'IMPORT_ROWS_INVALID']);
    expectNothingOfHa(commit.body);
    ba.lang = 'en';
    const inEnglish = await importSheet(ba, await sheet(rows), false);
    ba.lang = 'vi';
    expect(inEnglish.json().errors[0].message).toContain('membership request');

    // Nothing written: the person's phone and memberships as they were, no one new.
    expect((await personRow()).phone).toBe('0911111111');
    expect(await membershipsOfHa()).toEqual([hnGroup]);
    expect((await t.deps.db.selectFrom('people').select('id').execute()).length).toBe(peopleBefore);

    // Still out of the officer's reach.
    expect((await ba.get(`/api/people/${ha.id}`)).statusCode).toBe(404);
    expect((await ba.post(`/api/people/${ha.id}/reveal-cccd`)).statusCode).toBe(404);
    expect((await ba.get(`/api/people/${ha.id}/memberships`)).statusCode).toBe(404);
    const search = await ba.post('/api/people/search', { cccd: HN_CCCD });
    expect([search.statusCode, search.json().total]).toEqual([200, 0]);
    expect((await ba.post('/api/people/search', { q: 'pham thi ha' })).json().total).toBe(0);

    // The attempts are on Hà Nội's record, not Bảo An's: Hà Nội's administrator sees them, Ninh Thuận's does not.
    const attempts = await auditOf('person.cccd_conflict');
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    for (const a of attempts) {
      expect([a.entity_id, a.actor_username]).toEqual([ha.id, 'cb.nt.baoan']);
      expect(a.area_path).toBe((await t.deps.db.selectFrom('units').select('path').where('id', '=', phucXa).executeTakeFirstOrThrow()).path);
      expect(a.after_json).not.toContain(HN_CCCD);
    }
    expect((await hnAdmin.get('/api/audit?pageSize=200')).body).toContain('person.cccd_conflict');
    const ntAudit = await ntAdmin.get('/api/audit?pageSize=200');
    expect(ntAudit.statusCode).toBe(200);
    expect(ntAudit.body).not.toContain('person.cccd_conflict');
    expectNothingOfHa(ntAudit.body);
  });

  it('answers a new person with a number held elsewhere with a 409 that names no one, filed under the holder’s area', async () => {
    const before = (await auditOf('person.cccd_conflict')).length;
    const res = await ba.post('/api/people', { fullName: 'Phạm Thị Hà', gender: 'female', birthYear: 1990, cccd: HN_CCCD, addressUnitId: baoAn });
    expect([res.statusCode, res.json().error.code]).toEqual([409, 'CCCD_HELD_ELSEWHERE']);
    expect(res.json().error.details ?? null).toBeNull();
    expectNothingOfHa(res.body);
    const attempts = await auditOf('person.cccd_conflict');
    expect(attempts).toHaveLength(before + 1);
    expect(JSON.parse(attempts.at(-1)!.after_json!)).toEqual({ source: 'person.create', cccdLast4: '2345' });
    expect((await ba.post('/api/people/search', { cccd: HN_CCCD })).json().total).toBe(0);

    // Where the holder is in scope the answer may point at them: the caller sees them anyway.
    const own = await hn.post('/api/people', { fullName: 'Phạm Thị Hà', cccd: HN_CCCD, addressUnitId: phucXa });
    expect([own.statusCode, own.json().error.code, own.json().error.details.personId]).toEqual([409, 'CCCD_TAKEN', ha.id]);
  });

  it('merges only people registered in scope whose groups are all in scope, refusing without naming anything', async () => {
    // Hà lives in Hà Nội and, added by a national administrator, is a member in Bảo An: the
    // Bảo An officer sees her there, and has a record of their own for the same woman.
    expect((await national.post(`/api/groups/${baGroup}/members`, { confirmPastChange: true, personId: ha.id, role: 'member', from: '2021-01-01' })).statusCode).toBe(201);
    expect((await ba.get(`/api/people/${ha.id}`)).statusCode).toBe(200);
    const local = (await ba.post('/api/people', { fullName: 'Phạm Thị Hà', gender: 'female', birthYear: 1990, addressUnitId: baoAn })).json();
    const intoHa = await ba.post(`/api/people/${local.id}/merge`, { intoId: ha.id });
    expect([intoHa.statusCode, intoHa.json().error.code]).toEqual([403, 'PERSON_MERGE_OUT_OF_SCOPE']);
    const fromHa = await ba.post(`/api/people/${ha.id}/merge`, { intoId: local.id });
    expect([fromHa.statusCode, fromHa.json().error.code]).toEqual([403, 'PERSON_MERGE_OUT_OF_SCOPE']);
    expectNothingOfHa(fromHa.body);
    expect(fromHa.body).not.toContain('Phúc Xá');

    // Two Bảo An records, one of them also in a Hà Nội group: merging would move that membership.
    const a = (await ba.post('/api/people', { fullName: 'Đỗ Văn Nam', gender: 'male', birthYear: 1975, addressUnitId: baoAn })).json();
    const b = (await ba.post('/api/people', { fullName: 'Đỗ Văn Nam', gender: 'male', birthYear: 1975, addressUnitId: baoAn })).json();
    expect((await national.post(`/api/groups/${hnGroup}/members`, { confirmPastChange: true, personId: a.id, role: 'member', from: '2020-01-01' })).statusCode).toBe(201);
    const moving = await ba.post(`/api/people/${a.id}/merge`, { intoId: b.id });
    expect([moving.statusCode, moving.json().error.code]).toEqual([403, 'PERSON_MERGE_OUT_OF_SCOPE']);
    expect(moving.body).not.toContain('Phúc Xá');
    expect((await t.deps.db.selectFrom('people').select('merged_into').where('id', '=', a.id).executeTakeFirstOrThrow()).merged_into).toBeNull();
    expect((await t.deps.db.selectFrom('memberships').select('person_id').where('group_id', '=', hnGroup).where('person_id', '=', a.id).execute())).toHaveLength(1);
    // The other way round moves only Bảo An's nothing, and is allowed: both registered in scope.
    const allowed = await ba.post(`/api/people/${b.id}/merge`, { intoId: a.id });
    expect(allowed.statusCode, allowed.body).toBe(200);
    expect(await t.auditRows('person.merge')).toHaveLength(2);
  });

  it('shows a linked group out of scope as "a group in another area", and records no name of it', async () => {
    const linked = await ba.post(`/api/groups/${baGroup}/links`, { otherGroupId: hnGroup, kind: 'replicated_from' });
    expect(linked.statusCode, linked.body).toBe(201);
    expect(linked.body).not.toContain('Phúc Xá');
    const fromBa = (await ba.get(`/api/groups/${baGroup}/links`)).json();
    expect(fromBa).toEqual([expect.objectContaining({ kind: 'replicated_from', direction: 'outgoing', other: null })]);
    const fromHn = await hn.get(`/api/groups/${hnGroup}/links`);
    expect(fromHn.json()).toEqual([expect.objectContaining({ kind: 'replicated_from', direction: 'incoming', other: null })]);
    expect(fromHn.body).not.toContain('Bảo An');
    const audit = (await t.auditRows('group.link')).at(-1)!;
    expect(audit.after_json).not.toContain('Phúc Xá');
    // Whoever sees both sees the names.
    expect((await national.get(`/api/groups/${baGroup}/links`)).json()[0].other).toMatchObject({ id: hnGroup, name: 'Tổ tự quản Phúc Xá 1' });
  });
});
