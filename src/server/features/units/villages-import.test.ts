import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A workbook as officers really send them: a merged title row above the headers, then rows. */
async function workbook(rows: unknown[][], options: { title?: boolean; trailingEmpty?: number } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Thôn');
  if (options.title !== false) {
    ws.mergeCells('A1:E1');
    ws.getCell('A1').value = 'DANH SÁCH THÔN, TỔ DÂN PHỐ PHƯỜNG ĐÔ VINH';
  }
  ws.addRow(['Mã xã/phường', 'Mã thôn, tổ dân phố', 'Tên thôn, tổ dân phố', 'Loại', 'Ngày bắt đầu hiệu lực']);
  for (const r of rows) ws.addRow(r);
  for (let i = 0; i < (options.trailingEmpty ?? 0); i++) ws.addRow(['', '', '', '', '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A ZIP whose single entry claims to unpack 50 MB from a few kilobytes. */
function zipBomb(): Buffer {
  const raw = Buffer.alloc(50 * 1024 * 1024);
  const data = deflateRawSync(raw, { level: 9 });
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(raw.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(raw.length, 24);
  central.writeUInt16LE(name.length, 28);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(46 + name.length, 12);
  eocd.writeUInt32LE(30 + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, eocd]);
}

describe.each(engines)('villages from a spreadsheet (%s)', (engine) => {
  let t: TestContext;
  let officer: TestClient;

  const send = (c: TestClient, buf: Buffer, commit: boolean, type = XLSX) =>
    c.request('POST', `/api/units/villages/import?commit=${commit}`, buf, { 'content-type': type });

  async function villagesOf(code: string): Promise<{ code: string; name: string; kind: string; valid_from: string }[]> {
    const commune = await t.unitId(code);
    return t.deps.db.selectFrom('units').select(['code', 'name', 'kind', 'valid_from']).where('parent_id', '=', commune).orderBy('code').execute();
  }

  beforeAll(async () => {
    t = await createTestContext(engine);
    officer = await t.as('commune_officer', '22738', 'cb.dovinh.nhap');
  });
  afterAll(async () => t?.close());

  it('gives a template with Vietnamese headers, allowed kinds and the officer’s communes', async () => {
    const res = await officer.get('/api/units/villages/template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Thôn, tổ dân phố', 'Hướng dẫn', 'Giá trị cho phép', 'Xã, phường']);
    expect(wb.worksheets[0]!.getRow(2).values).toEqual([undefined, 'Mã xã/phường', 'Mã thôn, tổ dân phố', 'Tên thôn, tổ dân phố', 'Loại', 'Ngày bắt đầu hiệu lực']);
    const communes: unknown[] = [];
    wb.getWorksheet('Xã, phường')!.eachRow((r, n) => n > 1 && communes.push(r.getCell(1).value));
    expect(communes).toEqual(['22738']);
  });

  it('previews a messy sheet without writing, then writes it all on confirmation; a second import creates nothing', async () => {
    const sheet = await workbook(
      [
        [22738, '', 'Khu phố  1', 'khu pho', '11/5/2018'],
        ['22738', '', 'Khu phố 2'.normalize('NFD'), 'Khu phố', '11-05-2018'],
        ['22738', 'KP-DV-3', 'Tổ dân phố 3', 'Tổ dân phố', 43231],
        ['22738', '', 'Thôn Mỹ Đức', '', new Date(Date.UTC(2018, 4, 11))],
      ],
      { trailingEmpty: 5 },
    );
    const preview = await send(officer, sheet, false);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ committed: false, total: 4, create: 4, rename: 0, unchanged: 0, errors: [] });
    expect(await villagesOf('22738')).toEqual([]);

    const done = await send(officer, sheet, true);
    expect(done.json()).toMatchObject({ committed: true, create: 4 });
    const made = await villagesOf('22738');
    expect(made.map((v) => [v.name, v.kind, v.valid_from])).toEqual(
      expect.arrayContaining([
        ['Khu phố 1', 'Khu phố', '2018-05-11'],
        ['Khu phố 2', 'Khu phố', '2018-05-11'],
        ['Tổ dân phố 3', 'Tổ dân phố', '2018-05-11'],
        ['Thôn Mỹ Đức', 'Thôn', '2018-05-11'],
      ]),
    );
    expect(made.find((v) => v.name === 'Khu phố 2')!.name).toBe('Khu phố 2'.normalize('NFC'));
    expect(made.map((v) => v.code)).toEqual(expect.arrayContaining(['22738-001', '22738-002', '22738-003', 'KP-DV-3']));
    expect((await t.auditRows('unit.create')).filter((r) => r.actor_username === 'cb.dovinh.nhap')).toHaveLength(4);

    const again = await send(officer, sheet, true);
    expect(again.json()).toMatchObject({ create: 0, rename: 0, unchanged: 4 });
    expect(await villagesOf('22738')).toHaveLength(4);
  });

  it('renames a village named by its code', async () => {
    const res = await send(officer, await workbook([['22738', 'KP-DV-3', 'Tổ dân phố số 3', 'Tổ dân phố', '11/5/2018']]), true);
    expect(res.json()).toMatchObject({ rename: 1, create: 0 });
    expect((await villagesOf('22738')).find((v) => v.code === 'KP-DV-3')!.name).toBe('Tổ dân phố số 3');
  });

  it('lists every bad row with its row, column and a Vietnamese explanation, and writes nothing', async () => {
    const before = await villagesOf('22738');
    const rows: unknown[][] = [];
    for (let i = 0; i < 300; i++) rows.push(['22738', '', `Khu dân cư ${i + 10}`, 'Khu dân cư', '1/1/2019']);
    rows[120] = ['22741', '', 'Ngoài phạm vi', 'Thôn', '1/1/2019'];
    rows[200] = ['22738', '', '', 'Thôn', '1/1/2019'];
    rows[250] = ['22738', '', 'Sai ngày', 'Thôn', '31/2/2019'];
    rows[260] = ['22738', '', 'Sai loại', 'Phố', '1/1/2019'];
    rows[270] = ['99999', '', 'Không có xã', 'Thôn', '1/1/2019'];
    rows[280] = ['22738', '', 'Khu dân cư 10', 'Khu dân cư', '1/1/2019'];
    const sheet = await workbook(rows);
    const preview = (await send(officer, sheet, false)).json();
    expect(preview.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [123, 'Mã xã/phường'],
      [203, 'Tên thôn, tổ dân phố'],
      [253, 'Ngày bắt đầu hiệu lực'],
      [263, 'Loại'],
      [273, 'Mã xã/phường'],
      [283, 'Tên thôn, tổ dân phố'],
    ]);
    expect(preview.errors[0].message).toBe('Xã/phường này nằm ngoài phạm vi quản lý của bạn.');
    expect(preview.errors[5].message).toBe('Trùng với dòng 3 (cùng xã/phường và cùng tên hoặc mã).');
    const commit = await send(officer, sheet, true);
    expect(commit.statusCode).toBe(400);
    expect(commit.json().error.code).toBe('IMPORT_ROWS_INVALID');
    expect(commit.json().error.details.errors).toHaveLength(6);
    expect(await villagesOf('22738')).toEqual(before);
    const english = (await officer.request('POST', '/api/units/villages/import', sheet, { 'content-type': XLSX, 'accept-language': 'en' })).json();
    expect(english.errors[0].message).toBe('This commune is outside your scope.');
  });

  it('reads a CSV with semicolons and a BOM the same way', async () => {
    const csv = Buffer.from('\ufeffMã xã/phường;Mã thôn;Tên thôn, tổ dân phố;Loại;Ngày bắt đầu hiệu lực\r\n22738;;"Khu phố ""Mới""";Khu phố;2/9/2020\r\n\r\n', 'utf8');
    const res = await send(officer, csv, true, 'text/csv');
    expect(res.json()).toMatchObject({ committed: true, create: 1 });
    expect((await villagesOf('22738')).map((v) => v.name)).toContain('Khu phố "Mới"');
  });

  it('reads a sheet saved by LibreOffice', async () => {
    const file = readFileSync(resolve('src/server/features/units/fixtures/thon-libreoffice.xlsx'));
    const preview = (await send(officer, file, false)).json();
    expect(preview.errors).toEqual([]);
    expect(preview.total).toBe(3);
    expect(preview.rows.map((r: { name: string; validFrom: string }) => [r.name, r.validFrom])).toEqual([
      ['Thôn Văn Sơn', '2015-03-01'],
      ['Khu phố Đông Hải', '2015-03-01'],
      ['Tổ dân phố 7', '2016-12-31'],
    ]);
  });

  it('refuses what is not a spreadsheet, a zip bomb and a file that is too large, with a clear error', async () => {
    const notSheet = await send(officer, Buffer.from('%PDF-1.4 \x00\x01 binary'), false, 'application/octet-stream');
    expect([notSheet.statusCode, notSheet.json().error.code]).toEqual([400, 'IMPORT_INVALID_FILE']);
    expect(notSheet.json().error.message).toMatch(/không phải bảng tính/);
    const bomb = await send(officer, zipBomb(), false);
    expect([bomb.statusCode, bomb.json().error.code]).toEqual([400, 'IMPORT_INVALID_FILE']);
    expect(bomb.json().error.message).toMatch(/quá lớn/);
    const huge = await send(officer, Buffer.alloc(11 * 1024 * 1024, 65), false, 'text/csv');
    expect(huge.statusCode).toBe(413);
    const noHeader = await send(officer, Buffer.from('a;b;c\n1;2;3\n'), false, 'text/csv');
    expect(noHeader.json().error.message).toMatch(/dòng tiêu đề/);
    const json = await officer.request('POST', '/api/units/villages/import', { a: 1 });
    expect(json.statusCode).toBe(415);
  });

  it('is for those who manage villages only', async () => {
    const staff = await t.as('province_staff', '58', 'tinh.xem.thon');
    expect((await send(staff, await workbook([]), false)).statusCode).toBe(403);
    expect((await staff.get('/api/units/villages/template')).statusCode).toBe(403);
    expect((await send(t.client(), await workbook([]), false)).statusCode).toBe(401);
  });
});
