import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import { importUnitsFile } from '../units/imports.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The headers of a list as a commune keeps it: no codes, no model type, no founding dates. */
const COMMUNE_HEADERS = ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Số điện thoại', 'Địa chỉ (thôn)', 'Tên tổ', 'Chức vụ', 'Ngày tham gia'];

/** A sheet under a merged title row and a blank row, as communes make them. */
async function communeList(rows: unknown[][], headers = COMMUNE_HEADERS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('DS thành viên');
  ws.addRow(['DANH SÁCH THÀNH VIÊN CÁC TỔ NHÂN DÂN TỰ QUẢN PHƯỜNG ĐÔ VINH']);
  ws.mergeCells(1, 1, 1, headers.length);
  ws.addRow([]);
  ws.addRow(headers);
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const rows = [
  [1, 'Nguyễn\u200b Văn An', '1985', 'Nam', '', 912345678, 'Hieu Thien', 'Tổ NDTQ thôn Hiếu Thiện', 'TT', '11/5/2018'],
  [2, 'Trần Thị Bình', '12/3/1990', 'Nữ', '', '', 'thôn Hiếu Thiện', 'Tổ NDTQ thôn Hiếu Thiện', 'TV', '1/6/2019'],
  [3, 'Lê Văn Cường', '1970', 'Nam', '', '', 'thôn I', 'Tổ tự quản thôn 1', 'Tổ trưởng', '2/2/2016'],
  [4, 'Phạm Văn Dũng', '1975', 'Nam', '', '', 'Thôn 01', 'Tổ tự quản thôn 1', 'TV', '3.3.2017'],
  [5, 'Võ Văn Em', '1980', 'Nam', '', '', 'Khu phố 1', 'Đội DP khu phố 1', 'ĐT', '1/1/2020'],
];

// Phường Đô Vinh (22738) and Xã Nhơn Sơn (22831) became the new Phường Đô Vinh on 1/7/2025;
// each had a "Khu phố 1".
describe.each(engines)('group sheets as communes keep them: column mapping, villages by name, file defaults (%s)', (engine) => {
  let t: TestContext;
  let officer: TestClient;
  const codes: Record<string, string> = {};

  /** A commit confirms the change to past censuses (these sheets are back-dated), unless the options say otherwise. */
  const send = (buf: Buffer, commit: boolean, options?: object, client = officer) => {
    const given = commit ? { confirmPastChange: true, ...options } : options;
    return client.request('POST', `/api/groups/import?commit=${commit}${given ? `&options=${encodeURIComponent(JSON.stringify(given))}` : ''}`, buf, { 'content-type': XLSX });
  };

  beforeAll(async () => {
    t = await createTestContext(engine, { provinces: 'none' });
    const admin = await t.as('admin', null, 'qt.bangxa');
    await importUnitsFile(t.deps, null, readFileSync(resolve('data/admin-units/vn-units-2025-03-01.json'), 'utf8'), 'list.json');
    const village = async (commune: string, code: string, name: string, kind: string) => {
      const res = await admin.post('/api/units', { code, name, level: 'village', kind, parentId: await t.unitId(commune), validFrom: '2000-01-01' });
      expect(res.statusCode, res.body).toBe(201);
      codes[`${commune} ${name}`] = code;
    };
    await village('22738', 'DV-HT', 'Thôn Hiếu Thiện', 'Thôn');
    await village('22738', 'DV-T1', 'Thôn 1', 'Thôn');
    await village('22738', 'DV-KP1', 'Khu phố 1', 'Khu phố');
    await village('22738', 'DV-KP2', 'Khu phố 2', 'Khu phố');
    await village('22831', 'NS-KP1', 'Khu phố 1', 'Khu phố');
    await importUnitsFile(t.deps, null, readFileSync(resolve('data/admin-units/vn-reform-2025-07-01.json'), 'utf8'), 'reform.json');
    officer = await t.as('commune_officer', '22738', 'cb.dovinh.moi');
    officer.lang = 'en';
  }, 240_000);
  afterAll(async () => t?.close());

  it('recognises a commune list’s columns by their usual names, and asks which "Khu phố 1" a merged ward means', async () => {
    const res = await send(await communeList(rows), false);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.headerRow).toBe(3);
    expect(body.columns.map((c: { header: string; field: string | null; source: string }) => [c.header, c.field, c.source])).toEqual([
      ['STT', null, 'none'],
      ['Họ và tên', 'name', 'synonym'],
      ['Ngày sinh', 'birth', 'template'],
      ['Giới tính', 'gender', 'template'],
      ['Số CCCD', 'cccd', 'template'],
      ['Số điện thoại', 'phone', 'synonym'],
      ['Địa chỉ (thôn)', 'address', 'synonym'],
      ['Tên tổ', 'group', 'synonym'],
      ['Chức vụ', 'role', 'synonym'],
      ['Ngày tham gia', 'joined', 'synonym'],
    ]);
    expect(body.ignoredColumns).toEqual(['STT']);
    // A commune officer's sheet lacks nothing: the type is read from the names, the founding date is the earliest join.
    expect(body.needs).toEqual([]);
    expect(body.areaChoices).toEqual([
      {
        name: 'Khu phố 1',
        rows: 1,
        firstRow: 8,
        candidates: expect.arrayContaining([
          { code: 'DV-KP1', name: 'Khu phố 1', parentName: 'Phường Đô Vinh', formerParentName: 'Phường Đô Vinh' },
          { code: 'NS-KP1', name: 'Khu phố 1', parentName: 'Phường Đô Vinh', formerParentName: 'Xã Nhơn Sơn' },
        ]),
      },
    ]);
    expect(body.errors).toEqual([{ row: 8, column: 'Địa chỉ (thôn)', value: 'Khu phố 1', message: expect.stringContaining('matches several villages') }]);
    expect((await send(await communeList(rows), true)).statusCode).toBe(400);
  });

  it('names the nearest villages for a name it does not know, and never makes a new village', async () => {
    const res = await send(await communeList([[6, 'Hồ Thị Phương', '1988', 'Nữ', '', '', 'Khu pho 3', 'Tổ ANXK khu phố 3', 'TV', '1/1/2021']]), false);
    expect(res.statusCode, res.body).toBe(200);
    const [error] = res.json().errors;
    expect(error).toMatchObject({ row: 4, column: 'Địa chỉ (thôn)', value: 'Khu pho 3' });
    expect(error.message).toContain('No village of this name in Phường Đô Vinh');
    expect(error.message).toMatch(/Nearest names: .*Khu phố 1/);
    const villages = await t.deps.db.selectFrom('units').select('code').where('level', '=', 'village').execute();
    expect(villages).toHaveLength(10);
  });

  it('imports with the ward chosen: villages by name, types from the groups’ names, founding dates from the earliest join', async () => {
    const options = { areas: { 'Khu phố 1': 'NS-KP1' } };
    const preview = await send(await communeList(rows), false, options);
    expect(preview.json()).toMatchObject({ errorCount: 0, errors: [], areaChoices: [], groups: { create: 3 }, people: { create: 5 }, memberships: { create: 5 } });
    const res = await send(await communeList(rows), true, options);
    expect(res.statusCode, res.body).toBe(200);

    const list = (await officer.get('/api/groups?date=2026-01-01&pageSize=50')).json().items as { id: string; name: string; type: { code: string }; foundedOn: string }[];
    const byName = Object.fromEntries(list.map((g) => [g.name, { ...g, typeCode: g.type.code }]));
    expect(byName['Tổ NDTQ thôn Hiếu Thiện']).toMatchObject({ typeCode: 'to-tu-quan', foundedOn: '2018-05-11' });
    expect(byName['Tổ tự quản thôn 1']).toMatchObject({ typeCode: 'to-tu-quan', foundedOn: '2016-02-02' });
    expect(byName['Đội DP khu phố 1']).toMatchObject({ typeCode: 'doi-dan-phong', foundedOn: '2020-01-01' });
    // "thôn I" and "Thôn 01" are the same village; the group stood in it before the reform and in its copy after.
    const thon1 = (await officer.get(`/api/groups/${byName['Tổ tự quản thôn 1']!.id}?date=2018-01-01`)).json();
    expect(thon1.area.code).toBe('DV-T1');
    expect(thon1.area.path.map((p: { name: string }) => p.name)).toContain('Phường Đô Vinh');
    const kp1 = (await officer.get(`/api/groups/${byName['Đội DP khu phố 1']!.id}?date=2021-01-01`)).json();
    expect(kp1.area.path.map((p: { name: string }) => p.name)).toContain('Xã Nhơn Sơn');
    const members = (await officer.get(`/api/groups/${byName['Tổ NDTQ thôn Hiếu Thiện']!.id}/members?date=2026-01-01`)).json() as { person: { fullName: string }; role: string; validFrom: string }[];
    expect(members.map((x) => [x.person.fullName, x.role, x.validFrom]).sort()).toEqual([
      ['Nguyễn Văn An', 'leader', '2018-05-11'],
      ['Trần Thị Bình', 'member', '2019-06-01'],
    ]);
    // The census of April 2018 counts the group founded in 2016 and not the one founded in May.
    const census = (await officer.get('/api/census?unit=22738&date=2018-04')).json();
    expect(census.rows.find((r: { type: { code: string } }) => r.type.code === 'to-tu-quan')).toMatchObject({ groups: 1, members: 2 });
  });

  it('remembers the mapping and the choices for the next sheet of the same shape', async () => {
    const again = await send(await communeList(rows), false);
    expect(again.json()).toMatchObject({ remembered: true, errorCount: 0, areaChoices: [], groups: { unchanged: 3 }, memberships: { unchanged: 5 } });
    // Another officer has their own mappings.
    const other = await t.as('commune_officer', '22738', 'cb.dovinh.khac');
    expect((await send(await communeList(rows), false, undefined, other)).json()).toMatchObject({ remembered: false, areaChoices: [{ name: 'Khu phố 1' }] });
  });

  it('lets the officer change a column’s field or leave it out', async () => {
    const headers = [...COMMUNE_HEADERS.slice(0, 8), 'Cương vị', 'Ngày tham gia'];
    const sheet = await communeList([[1, 'Đặng Văn Giang', '1982', 'Nam', '', '', 'Khu phố 2', 'Tổ NDTQ khu phố 2', 'Tổ trưởng', '5/5/2019']], headers);
    const first = (await send(sheet, false)).json();
    expect(first.columns.find((c: { header: string }) => c.header === 'Cương vị')).toMatchObject({ field: null, source: 'none' });
    expect(first.ignoredColumns).toContain('Cương vị');
    const mapped = (await send(sheet, false, { mapping: { 'Cương vị': 'role', 'Số điện thoại': null } })).json();
    expect(mapped.columns.find((c: { header: string }) => c.header === 'Cương vị')).toMatchObject({ field: 'role', source: 'chosen' });
    expect(mapped.columns.find((c: { header: string }) => c.header === 'Số điện thoại')).toMatchObject({ field: null, source: 'chosen' });
    expect(mapped.ignoredColumns).toEqual(['STT', 'Số điện thoại']);
    expect((await send(sheet, true, { mapping: { 'Cương vị': 'role' } })).statusCode).toBe(200);
    const group = (await officer.get('/api/groups?q=khu pho 2&date=2026-01-01')).json().items[0];
    const members = (await officer.get(`/api/groups/${group.id}/members?date=2026-01-01`)).json();
    expect(members[0]).toMatchObject({ role: 'leader', validFrom: '2019-05-05' });
  });

  it('asks what the sheet lacks for the whole file, and reads nothing before it is given', async () => {
    const admin = await t.as('admin', null, 'qt.thieu');
    admin.lang = 'en';
    const sheet = await communeList([[1, 'Nhóm bảo vệ chợ', '']], ['STT', 'Tên tổ', 'Ghi chú']);
    const res = await send(sheet, false, undefined, admin);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ needs: ['area', 'founded'], total: 1, errors: [] });
    const refused = await send(sheet, true, undefined, admin);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain('the area, the founding date');
    // The area and founding date given: the type cannot be read from "Nhóm bảo vệ chợ", and is asked.
    const typeNeeded = (await send(sheet, false, { defaults: { unitCode: 'DV-KP2', foundedOn: '2025-09-01' } }, admin)).json();
    expect(typeNeeded.needs).toEqual(['type']);
    expect(typeNeeded.errors[0]).toMatchObject({ row: 4, column: 'Tên tổ', message: 'The group’s name does not tell its model type: choose the type for the file.' });
    const done = await send(sheet, true, { defaults: { unitCode: 'DV-KP2', foundedOn: '2025-09-01', typeCode: 'to-an-ninh-xung-kich' } }, admin);
    expect(done.statusCode, done.body).toBe(200);
    const group = (await admin.get('/api/groups?q=cho&date=2026-01-01')).json().items[0];
    expect(group).toMatchObject({ name: 'Nhóm bảo vệ chợ', type: { code: 'to-an-ninh-xung-kich' }, foundedOn: '2025-09-01', area: { code: 'DV-KP2' } });
  });

  it('says when the file’s area did not exist on a group’s founding date', async () => {
    const sheet = await communeList([[1, 'Tổ NDTQ số 9', '1/1/2019']], ['STT', 'Tên tổ', 'Ngày thành lập']);
    const res = (await send(sheet, false)).json();
    expect(res.errors).toEqual([{ row: 4, column: 'Mã địa bàn (thôn hoặc xã)', value: null, message: expect.stringContaining('Phường Đô Vinh did not exist on the group’s founding date') }]);
  });

  it('answers a sheet it cannot read at all with its columns to map, not a refusal', async () => {
    const res = await send(await communeList([['x', 'y', 'z']], ['Cột A', 'Cột B', 'Cột C']), false);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().columns.map((c: { field: string | null }) => c.field)).toEqual([null, null, null]);
    // Without a founding date nor join dates, the file's founding date is asked before rows are read.
    expect(res.json()).toMatchObject({ needs: ['founded'], errors: [], total: 1 });
    const mapped = (await send(await communeList([['x', 'y', 'z']], ['Cột A', 'Cột B', 'Cột C']), false, { defaults: { foundedOn: '2025-09-01' } })).json();
    expect(mapped.errors[0]).toMatchObject({ row: 4, column: 'Tên tổ, đội', message: 'Required.' });
  });

  it('refuses options that are not what the contract says, in the user’s language, never with a 500', async () => {
    const sheet = await communeList(rows);
    for (const options of ['{not json', JSON.stringify({ mapping: { 'Họ và tên': 'shoe size' } }), JSON.stringify({ extra: 1 }), JSON.stringify({ defaults: { typeCode: 'khong-co' } }), JSON.stringify({ defaults: { unitCode: '22741' } })]) {
      const res = await officer.request('POST', `/api/groups/import?commit=false&options=${encodeURIComponent(options)}`, sheet, { 'content-type': XLSX });
      expect(res.statusCode, `${options}: ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('sends the officer’s sheet back with its errors in a column and the refused cells filled', async () => {
    const bad = [...rows.slice(0, 4), [5, 'Võ Văn Em', '1980', 'Nam', '', '', 'Khu phố 2', 'Đội DP khu phố 2', 'ĐT', '31/2/2020']];
    const res = await officer.request('POST', `/api/groups/import/errors?options=${encodeURIComponent(JSON.stringify({}))}`, await communeList(bad), { 'content-type': XLSX });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = ws.getRow(3).values as unknown[];
    const errorColumn = header.findIndex((v) => typeof v === 'string' && v.startsWith('Lỗi cần sửa'));
    expect(errorColumn).toBe(11);
    expect(ws.getRow(8).getCell(errorColumn).value).toBe('Invalid date (use 11/5/2018).');
    expect(ws.getRow(8).getCell(10).fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(ws.getRow(4).getCell(errorColumn).value ?? null).toBeNull();
    expect(ws.getRow(4).getCell(2).value).toBe('Nguyễn Văn An');
  });

  it('says which reported and past censuses an import changes, and writes only when that is confirmed', async () => {
    const old = await t.deps.db.selectFrom('units').selectAll().where('code', '=', '22738').where('valid_to', 'is not', null).executeTakeFirstOrThrow();
    const user = await t.deps.db.selectFrom('users').select('id').where('username', '=', 'cb.dovinh.moi').executeTakeFirstOrThrow();
    await t.deps.db
      .insertInto('census_reports')
      .values({ id: '0190a0a0-0000-7000-8000-000000000001', unit_id: old.id, area_path: old.path, province_code: old.province_code, census_date: '2018-04-30', kind: 'reported', created_by: user.id, created_at: '2018-05-02T02:00:00.000Z' })
      .execute();
    const before = (await officer.get('/api/census?unit=22738&date=2018-04')).json().rows.reduce((n: number, r: { groups: number }) => n + r.groups, 0);
    const sheet = await communeList([[1, 'Mai Văn Hùng', '1979', 'Nam', '', '', 'Khu phố 2', 'Tổ NDTQ khu phố 2 cũ', 'TT', '1/1/2017']]);
    const preview = (await send(sheet, false)).json();
    expect(preview.confirmationNeeded).toBe(true);
    expect(preview.pastChangeCount).toBeGreaterThan(1);
    expect(preview.pastChanges[0]).toEqual({ unit: { code: '22738', name: 'Phường Đô Vinh' }, date: '2018-04', reported: true, groups: { before, after: before + 1 }, members: expect.any(Object) });
    expect(preview.pastChanges[0].members.after - preview.pastChanges[0].members.before).toBe(1);

    const refused = await send(sheet, true, { confirmPastChange: false });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'PAST_CENSUS_CHANGE', details: { pastChangeCount: preview.pastChangeCount } });
    expect((await officer.get('/api/groups?q=khu pho 2 cu&date=2026-01-01')).json().items).toEqual([]);

    expect((await send(sheet, true, { confirmPastChange: true })).statusCode).toBe(200);
    const after = (await officer.get('/api/census?unit=22738&date=2018-04')).json().rows.reduce((n: number, r: { groups: number }) => n + r.groups, 0);
    expect(after).toBe(before + 1);
    const audit = (await t.auditRows('group.import')).at(-1)!;
    expect(JSON.parse(audit.after_json!).pastChanges[0]).toMatchObject({ date: '2018-04', reported: true });

    // A group founded this month changes no census of the past: nothing to confirm.
    const recent = await communeList([[1, 'Mai Văn Hải', '1979', 'Nam', '', '', 'Khu phố 2', 'Tổ NDTQ khu phố 2 mới', 'TT', '1/3/2026']]);
    expect((await send(recent, false)).json()).toMatchObject({ confirmationNeeded: false, pastChanges: [], pastChangeCount: 0 });
    expect((await send(recent, true, { confirmPastChange: false })).statusCode).toBe(200);
  });
});
