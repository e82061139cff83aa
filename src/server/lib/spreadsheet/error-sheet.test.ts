import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { errorSheet } from './error-sheet.js';
import { readSheet } from './read.js';

const ERRORS = 'Lỗi cần sửa (Tự Quản)';
const HEADERS = ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Số điện thoại', 'Địa chỉ (thôn)', 'Tên tổ', 'Chức vụ', 'Ngày tham gia'];

/** A commune's member list as offices keep it: a merged title over the headers, then members. */
async function communeSheet(members: number, extraHeader?: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('DS');
  ws.mergeCells(1, 1, 1, HEADERS.length);
  ws.getCell(1, 1).value = 'DANH SÁCH THÀNH VIÊN TỔ NDTQ XÃ PHƯỚC DINH';
  ws.addRow(extraHeader ? [...HEADERS, extraHeader] : HEADERS);
  for (let i = 0; i < members; i++) {
    const row = ws.addRow([
      i + 1,
      `Nguyễn Văn ${i}`,
      new Date(Date.UTC(1960 + (i % 40), i % 12, 1 + (i % 28))),
      i % 2 ? 'Nữ' : 'Nam',
      `0010850${String(i).padStart(5, '0')}`,
      `09${String(i).padStart(8, '0')}`,
      'Thôn Sơn Hải 1',
      'Tổ NDTQ thôn Sơn Hải 1',
      i === 0 ? 'Tổ trưởng' : 'Thành viên',
      i === 1 ? '31/2/2019' : '11/5/2018',
      ...(extraHeader ? ['lỗi cũ đã sửa'] : []),
    ]);
    row.getCell(3).numFmt = 'dd/mm/yyyy';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function load(buf: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

const isRed = (cell: ExcelJS.Cell) => cell.fill?.type === 'pattern' && cell.fill.pattern === 'solid' && cell.fill.fgColor?.argb === 'FFFFC7CE';
const noteOf = (cell: ExcelJS.Cell) => {
  const note = cell.note;
  if (!note) return null;
  return typeof note === 'string' ? note : note.texts?.map((t) => t.text).join('');
};

describe('the error sheet', () => {
  it('gives the officer’s sheet back with an error column, the cells in error filled and every value as it was', async () => {
    const original = await communeSheet(3);
    const out = await errorSheet(
      original,
      [
        { row: 4, column: 9, message: 'Ngày không hợp lệ' },
        { row: 4, column: 4, message: 'Số CCCD không khớp năm sinh' },
        { row: 5, column: null, message: 'Tổ đã có tổ trưởng' },
      ],
      { headerRow: 2, errorHeader: ERRORS },
    );
    const ws = await load(out);

    // The title row and the header are kept; the header is bold and frozen, with the error column last.
    expect(ws.getCell(1, 1).value).toBe('DANH SÁCH THÀNH VIÊN TỔ NDTQ XÃ PHƯỚC DINH');
    expect(ws.getRow(2).values).toEqual([undefined, ...HEADERS, ERRORS]);
    expect(ws.getCell(2, 2).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });

    // Row 4 (the second member): both messages in the error column, both cells red with a note.
    expect(ws.getCell(4, 11).value).toBe('Ngày không hợp lệ; Số CCCD không khớp năm sinh');
    expect(isRed(ws.getCell(4, 10))).toBe(true);
    expect(isRed(ws.getCell(4, 5))).toBe(true);
    expect(noteOf(ws.getCell(4, 10))).toBe('Ngày không hợp lệ');
    expect(isRed(ws.getCell(4, 2))).toBe(false);
    // Row 5: an error of the whole row fills the error column.
    expect(ws.getCell(5, 11).value).toBe('Tổ đã có tổ trưởng');
    expect(isRed(ws.getCell(5, 11))).toBe(true);
    // Row 3 has no error.
    expect(ws.getCell(3, 11).value).toBeNull();
    expect(isRed(ws.getCell(3, 10))).toBe(false);

    // Values keep their type: numbers, dates, and text with its leading zeros.
    expect(ws.getCell(3, 1).value).toBe(1);
    expect(ws.getCell(3, 3).value).toEqual(new Date(Date.UTC(1960, 0, 1)));
    expect(ws.getCell(3, 5).value).toBe('001085000000');
    expect(ws.getCell(3, 6).value).toBe('0900000000');
    expect(ws.getCell(4, 10).value).toBe('31/2/2019');

    // Read by the import's own reader, the data cells are those of the original.
    const before = await readSheet(original);
    const after = await readSheet(out);
    expect(after.map((r) => ({ row: r.row, cells: r.cells.slice(0, HEADERS.length) }))).toEqual(
      before.map((r) => ({ row: r.row, cells: Array.from({ length: HEADERS.length }, (_, i) => r.cells[i] ?? null).slice(0, r.row === 1 ? 1 : HEADERS.length) })),
    );
  });

  it('replaces the error column of a sheet downloaded before instead of adding a second one', async () => {
    const out = await errorSheet(await communeSheet(2, ERRORS), [{ row: 3, column: 1, message: 'Thiếu họ và tên' }], { headerRow: 2, errorHeader: ERRORS });
    const ws = await load(out);
    expect(ws.getRow(2).values).toEqual([undefined, ...HEADERS, ERRORS]);
    expect(ws.getCell(2, 12).value).toBeNull();
    expect(ws.getCell(3, 11).value).toBe('Thiếu họ và tên');
    // The old message of a row now without error is gone.
    expect(ws.getCell(4, 11).value).toBeNull();
  });

  it('reads a CSV the same way, and marks an error on a row the sheet leaves empty', async () => {
    const csv = Buffer.from('\ufeffHọ và tên;Số CCCD;Ngày tham gia\nTrần Thị Bình;001185000123;1/2/2020\n\nLê Văn Cường;;2020\n', 'utf8');
    const ws = await load(
      await errorSheet(
        csv,
        [
          { row: 4, column: 2, message: 'Chỉ có năm, cần ghi đủ ngày' },
          { row: 3, column: null, message: 'Dòng trống giữa danh sách' },
        ],
        { headerRow: 1, errorHeader: ERRORS },
      ),
    );
    expect(ws.getRow(1).values).toEqual([undefined, 'Họ và tên', 'Số CCCD', 'Ngày tham gia', ERRORS]);
    expect(ws.getCell(2, 2).value).toBe('001185000123');
    expect(ws.getCell(3, 4).value).toBe('Dòng trống giữa danh sách');
    expect(ws.getCell(4, 4).value).toBe('Chỉ có năm, cần ghi đủ ngày');
    expect(isRed(ws.getCell(4, 3))).toBe(true);
  });

  it('writes a sheet of 20,000 members with thousands of errors', async () => {
    const original = await communeSheet(20_000);
    const marks = Array.from({ length: 5_000 }, (_, i) => ({ row: 3 + i * 4, column: 4, message: 'Số CCCD không khớp năm sinh' }));
    const out = await errorSheet(original, marks, { headerRow: 2, errorHeader: ERRORS });
    const rows = await readSheet(out);
    expect(rows).toHaveLength(20_002);
    const last = rows.at(-1)!;
    expect(last.row).toBe(20_002);
    expect(last.cells[4]).toBe('001085019999');
    const marked = rows.filter((r) => r.cells[10] === 'Số CCCD không khớp năm sinh').map((r) => r.row);
    expect(marked).toEqual(marks.map((m) => m.row));
  }, 120_000);
});
