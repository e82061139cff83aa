import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import { xlsx } from '../../lib/spreadsheet/test-xlsx.js';

/** The officer confirms the census of past months changes: these sheets are back-dated. */
const CONFIRMED = `&options=${encodeURIComponent(JSON.stringify({ confirmPastChange: true }))}`;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = ['Mã địa bàn', 'Tên tổ, đội', 'Loại mô hình', 'Ngày thành lập', 'Số quyết định', 'Họ và tên thành viên', 'Giới tính', 'Ngày sinh', 'Số CCCD', 'Điện thoại', 'Vai trò', 'Ngày vào tổ'];

/** A sheet as communes send them: a merged title row over the headers, then the rows. */
async function workbook(rows: unknown[][], trailingEmpty = 0): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.mergeCells(1, 1, 1, HEADERS.length);
  ws.getCell(1, 1).value = 'DANH SÁCH TỔ NHÂN DÂN TỰ QUẢN PHƯỜNG ĐÔ VINH';
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  for (let i = 0; i < trailingEmpty; i++) ws.addRow([]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(engines)('groups and members from a spreadsheet (%s)', (engine) => {
  let t: TestContext;
  let officer: TestClient;

  const send = (buf: Buffer, commit: boolean, c: TestClient = officer) =>
    c.request('POST', `/api/groups/import?commit=${commit}${commit ? CONFIRMED : ''}`, buf, { 'content-type': XLSX });
  const count = async (table: 'groups' | 'people' | 'memberships') =>
    Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestContext(engine);
    officer = await t.as('commune_officer', '22738', 'cb.nhap.to');
  });
  afterAll(async () => t?.close());

  it('previews a messy sheet without writing, writes it all on confirmation, and creates nothing the second time', async () => {
    const sheet = await workbook(
      [
        [22738, 'Tổ  nhân dân tự quản khu phố 1'.normalize('NFD'), 'Tổ nhân dân tự quản', '11/5/2018', '12/QĐ-UBND', 'Nguyễn  Văn An'.normalize('NFD'), 'Nam', '1985', '058085001234', 912345678, 'Tổ trưởng', '11-05-2018'],
        ['22738', 'Tổ nhân dân tự quản khu phố 1', 'to-tu-quan', 43231, '', 'Trần Thị Bình', 'nữ', new Date(Date.UTC(1990, 2, 8)), '', '0905 123 456', 'thành viên', ''],
        ['22738', 'Đội dân phòng Đô Vinh', 'Đội dân phòng', '1/1/2015', '', '', '', '', '', '', '', ''],
        ['22738', 'Đội dân phòng Đô Vinh', 'Đội dân phòng', '1/1/2015', '', 'Nguyễn Văn An', 'Nam', '1985', '058085001234', '', 'Đội viên', '1/3/2016'],
      ],
      4,
    );
    const preview = await send(sheet, false);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({
      committed: false,
      total: 4,
      groups: { create: 2, update: 0, unchanged: 0 },
      people: { create: 2, update: 0, unchanged: 0 },
      memberships: { create: 3, update: 0, unchanged: 0 },
      errors: [],
    });
    expect([await count('groups'), await count('people'), await count('memberships')]).toEqual([0, 0, 0]);

    expect((await send(sheet, true)).json()).toMatchObject({ committed: true, groups: { create: 2 }, people: { create: 2 }, memberships: { create: 3 } });
    const groups = (await officer.get('/api/groups?date=2026-01-01&sort=name')).json().items;
    expect(groups.map((g: { name: string; foundedOn: string }) => [g.name, g.foundedOn])).toEqual([
      ['Đội dân phòng Đô Vinh', '2015-01-01'],
      ['Tổ nhân dân tự quản khu phố 1', '2018-05-11'],
    ]);
    const members = (await officer.get(`/api/groups/${groups[1].id}/members?date=2026-01-01`)).json();
    expect(members.map((x: { role: string; validFrom: string; person: { fullName: string; phone: string; cccdMasked: string | null } }) => [x.role, x.validFrom, x.person.fullName, x.person.phone, x.person.cccdMasked])).toEqual([
      ['leader', '2018-05-11', 'Nguyễn Văn An', '0912345678', '••••••••1234'],
      ['member', '2018-05-11', 'Trần Thị Bình', '0905123456', null],
    ]);
    // One person however many groups: An is in both.
    expect((await officer.get('/api/people?q=nguyen van an')).json().total).toBe(1);

    const again = (await send(sheet, true)).json();
    expect(again).toMatchObject({ groups: { create: 0, unchanged: 2 }, people: { create: 0, unchanged: 2 }, memberships: { create: 0, unchanged: 3 } });
    expect([await count('groups'), await count('people'), await count('memberships')]).toEqual([2, 2, 3]);
    expect((await t.auditRows('group.import'))).toHaveLength(2);
  });

  it('gives a template whose headers the importer reads, with the allowed values and the officer’s areas', async () => {
    const res = await officer.get('/api/groups/import/template');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổ, đội và thành viên', 'Hướng dẫn', 'Giá trị cho phép', 'Địa bàn']);
    const areas: unknown[] = [];
    wb.getWorksheet('Địa bàn')!.eachRow((r, n) => n > 1 && areas.push(r.getCell(1).value));
    expect(areas).toEqual(['22738']);
    // The template filled with one row imports cleanly.
    wb.getWorksheet('Tổ, đội và thành viên')!.addRow(['22738', 'Tổ từ mẫu', 'Tổ nhân dân tự quản', '1/1/2020']);
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    expect((await send(filled, false)).json()).toMatchObject({ errors: [], groups: { create: 1 } });
  });

  it('updates what the sheet changes in existing records, and counts it apart', async () => {
    const sheet = await workbook([
      ['22738', 'Tổ nhân dân tự quản khu phố 1', 'Tổ nhân dân tự quản', '11/5/2018', '15/QĐ-UBND', 'Nguyễn Văn An', 'Nam', '1985', '058085001234', '0987654321', 'Tổ trưởng', '11/5/2018'],
    ]);
    const preview = (await send(sheet, false)).json();
    expect(preview).toMatchObject({ groups: { create: 0, update: 1, unchanged: 0 }, people: { create: 0, update: 1, unchanged: 0 }, memberships: { create: 0, unchanged: 1 } });
    await send(sheet, true);
    const group = (await officer.get('/api/groups?q=khu pho 1&date=2026-01-01')).json().items[0];
    expect(group.decisionNumber).toBe('15/QĐ-UBND');
    expect((await officer.post('/api/people/search', { cccd: '058085001234' })).json().items[0].phone).toBe('0987654321');
    expect((await send(sheet, false)).json()).toMatchObject({ groups: { update: 0, unchanged: 1 }, people: { update: 0, unchanged: 1 } });
    expect((await t.auditRows('person.update')).length).toBe(1);
  });

  it('reads a sheet saved by LibreOffice', async () => {
    const file = readFileSync(resolve('src/server/features/groups/fixtures/nhom-libreoffice.xlsx'));
    const preview = (await send(file, false)).json();
    expect(preview).toMatchObject({ total: 2, errors: [], groups: { create: 1 }, people: { create: 2 }, memberships: { create: 2 } });
  });

  it('reads a Mac workbook written by another program: inline strings, prefixed cells, dates counted from 1904', async () => {
    const cell = (ref: string, text: string) => `<x:c r="${ref}" t="inlineStr"><x:is><x:t>${text}</x:t></x:is></x:c>`;
    const sheet = xlsx({
      date1904: true,
      sheets: [
        {
          name: 'Danh sách',
          data:
            `<x:row r="1">${['Mã địa bàn', 'Tên tổ, đội', 'Loại mô hình', 'Ngày thành lập', 'Họ và tên', 'Ngày sinh', 'Điện thoại'].map((h, i) => cell(`${'ABCDEFG'[i]}1`, h)).join('')}</x:row>` +
            // 41769 days from 1904 is 11 May 2018; the birth date too is a date cell.
            `<x:row r="2"><x:c r="A2"><x:v>22738</x:v></x:c>${cell('B2', 'Tổ  Mac &amp; Windows')}${cell('C2', 'Tổ nhân dân tự quản')}<x:c r="D2" s="1"><x:v>41769</x:v></x:c>` +
            `${cell('E2', 'Lê  Thị Hoa'.normalize('NFD'))}<x:c r="F2" s="2"><x:v>31478</x:v></x:c><x:c r="G2"><x:v>905123456</x:v></x:c></x:row>`,
        },
      ],
    });
    expect((await send(sheet, false)).json()).toMatchObject({ total: 1, errors: [], groups: { create: 1 }, people: { create: 1 }, memberships: { create: 1 } });
    await send(sheet, true);
    const group = (await officer.get('/api/groups?q=mac&date=2026-01-01')).json().items[0];
    expect([group.name, group.foundedOn]).toEqual(['Tổ Mac & Windows', '2018-05-11']);
    const person = (await officer.get('/api/people?q=le thi hoa')).json().items[0];
    expect([person.fullName, person.birthDate, person.phone]).toEqual(['Lê Thị Hoa', '1990-03-08', '0905123456']);
  });

  it('lists each bad row with its column and a Vietnamese explanation', async () => {
    const sheet = await workbook([
      ['22741', 'Ngoài phạm vi', 'Tổ nhân dân tự quản', '1/1/2019'],
      ['22738', 'Tổ A', 'Không có loại này', '1/1/2019'],
      ['22738', 'Tổ B', 'Tổ nhân dân tự quản', '31/2/2019'],
      ['22738', 'Tổ C', 'Tổ nhân dân tự quản', '1/1/2019', '', 'Người Một', 'Nam', '1990', '058090001234', '123', 'Tổ trưởng', ''],
      ['22738', 'Tổ C', 'Tổ nhân dân tự quản', '1/1/2019', '', 'Người Hai', 'Nữ', '1990', '', '', 'Tổ trưởng', ''],
      ['22738', 'Tổ D', 'Tổ nhân dân tự quản', '1/1/2019', '', 'Người Ba', 'Nữ', '1990', '058090001234', '', 'Thành viên', '1/1/2018'],
    ]);
    const res = (await send(sheet, false)).json();
    expect(res.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, 'Mã địa bàn'],
      [4, 'Loại mô hình'],
      [5, 'Ngày thành lập'],
      [6, 'Điện thoại'],
      [7, 'Vai trò'],
      [8, 'Số CCCD'],
      [8, 'Ngày vào tổ'],
    ]);
    expect(res.errors[0].message).toBe('Địa bàn này nằm ngoài phạm vi quản lý của bạn.');
  });

  it('writes nothing when row 9,000 of 10,000 is wrong', async () => {
    const before = [await count('groups'), await count('people'), await count('memberships')];
    const rows: unknown[][] = [];
    for (let i = 0; i < 10_000; i++) {
      rows.push(['22738', `Tổ tự quản số ${Math.floor(i / 10) + 100}`, 'Tổ nhân dân tự quản', '1/1/2019', '', `Thành Viên ${i}`, i % 2 ? 'Nam' : 'Nữ', '1980', '', '', 'Thành viên', '']);
    }
    rows[8_998] = ['22738', 'Tổ lỗi', 'Tổ nhân dân tự quản', 'không phải ngày'];
    const sheet = await workbook(rows);
    const res = await send(sheet, true);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('IMPORT_ROWS_INVALID');
    expect(res.json().error.details.errors).toEqual([{ row: 9_001, column: 'Ngày thành lập', value: 'không phải ngày', message: 'Ngày không hợp lệ (dùng dạng 11/5/2018).' }]);
    expect([await count('groups'), await count('people'), await count('memberships')]).toEqual(before);
    rows[8_998] = ['22738', 'Tổ tự quản số 999', 'Tổ nhân dân tự quản', '1/1/2019'];
    const fixed = (await send(await workbook(rows), true)).json();
    expect(fixed).toMatchObject({ committed: true, groups: { create: 1000 }, people: { create: 9_999 }, memberships: { create: 9_999 } });
  }, 120_000);

  it('refuses files that are not spreadsheets, and users who cannot write', async () => {
    const notSheet = await officer.request('POST', '/api/groups/import', Buffer.from('%PDF-1.4 \u0000 x'), { 'content-type': 'application/octet-stream' });
    expect(notSheet.json().error.code).toBe('IMPORT_INVALID_FILE');
    const staff = await t.as('province_staff', '58', 'tinh.nhap.to');
    expect((await send(await workbook([]), false, staff)).statusCode).toBe(403);
  });
});
