import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { randomBytes } from 'node:crypto';
import { loadRows, MAX_SHEET_ROWS, readSheet, sheetRows } from './read.js';
import { xlsx, zip } from './test-xlsx.js';
import { MAX_PENDING, XmlScanner } from './xml.js';
import { MAX_COLUMNS } from './cells.js';

/** What the reader refused the file with, in English, or null if it read it. */
async function refusal(buf: Buffer): Promise<string | null> {
  try {
    await readSheet(buf);
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return error.message_('en');
  }
}

/** The rows exceljs gives when it loads the whole workbook, as the reader gives them. */
async function exceljsRows(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const rows: { row: number; cells: unknown[] }[] = [];
  wb.worksheets[0]!.eachRow((r) => {
    const values = r.values as ExcelJS.CellValue[];
    const cells = Array.from(values.slice(1), (v) => {
      if (v && typeof v === 'object' && !(v instanceof Date)) {
        if ('result' in v) return v.result ?? null;
        if ('richText' in v) return v.richText.map((t) => t.text).join('');
      }
      return v ?? null;
    });
    rows.push({ row: r.number, cells });
  });
  return rows;
}

describe('reading spreadsheets', () => {
  it('reads every valid workbook, including the ZIP layouts that once tripped the stream reader', async () => {
    // About one in a hundred workbooks written by exceljs has a layout that defeated exceljs'
    // own stream reader (a data-descriptor signature inside compressed data); none may fail.
    for (let i = 0; i < 150; i++) {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Danh sách');
      ws.addRow(['Mã địa bàn', 'Tên tổ, đội']);
      ws.addRow(['22738', `Tổ ${i} ${Math.random()}`]);
      const guide = wb.addWorksheet('Hướng dẫn');
      for (let j = 0; j < 40; j++) guide.addRow([`dòng ${j} ${Math.random()}`]);
      const rows = await readSheet(Buffer.from(await wb.xlsx.writeBuffer()));
      expect(rows.map((r) => r.row)).toEqual([1, 2]);
      expect(rows[1]!.cells[0]).toBe('22738');
    }
  }, 60_000);

  it('gives the same values as exceljs for a long sheet of every kind of cell, read in pieces', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Danh sách');
    ws.mergeCells(1, 1, 1, 6);
    ws.getCell(1, 1).value = 'DANH SÁCH THÀNH VIÊN';
    ws.addRow(['Họ và tên', 'Ngày sinh', 'Điện thoại', 'Ghi chú', 'Tổng', 'Đúng']);
    for (let i = 0; i < 20_000; i++) {
      const r = ws.addRow([
        `Nguyễn  Văn ${i}`.normalize(i % 2 ? 'NFD' : 'NFC'),
        i % 3 ? new Date(Date.UTC(1950 + (i % 50), i % 12, 1 + (i % 28))) : `${1 + (i % 28)}/${1 + (i % 12)}/1980`,
        912_000_000 + i,
        i % 5 ? { richText: [{ text: 'Tổ ' }, { font: { bold: true }, text: `<trưởng> & "phó" ${i}` }] } : null,
        { formula: `C${i + 3}*2`, result: (912_000_000 + i) * 2 },
        i % 2 === 0,
      ]);
      r.getCell(2).numFmt = 'dd/mm/yyyy';
    }
    for (let i = 0; i < 3; i++) ws.addRow([]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const rows = await readSheet(buf);
    expect(rows).toHaveLength(20_002);
    expect(rows).toEqual(await exceljsRows(buf).then((all) => all.map((r) => (r.row === 1 ? { row: 1, cells: [r.cells[0]] } : r))));
    // The merged title is one cell, as a stream gives it; the date is a date; the phone a number.
    expect(rows[0]).toEqual({ row: 1, cells: ['DANH SÁCH THÀNH VIÊN'] });
    expect(rows[3]!.cells.slice(0, 3)).toEqual(['Nguyễn  Văn 1'.normalize('NFD'), new Date(Date.UTC(1951, 1, 2)), 912_000_001]);
    // Batches: a long sheet comes in several, each of whole rows.
    let batches = 0;
    for await (const batch of sheetRows(buf)) batches += batch.length > 0 ? 1 : 0;
    expect(batches).toBeGreaterThan(1);
  }, 60_000);

  it('reads inline strings, rich text without its phonetic guide, escapes, formulas, booleans, errors and gaps', async () => {
    const buf = xlsx({
      strings: [
        '<si><t>Mã địa bàn</t></si>',
        '<si><r><rPr><b/></rPr><t xml:space="preserve">Tổ </t></r><r><t>trưởng</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>',
        '<si><t>A &amp; B &lt;1&gt; &#272;&#x1EA1;i_x000D_</t></si>',
      ],
      sheets: [
        {
          name: 'Danh sách',
          data:
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Tên tổ, đội</t></is></c></row>' +
            '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="C3" t="inlineStr"><is><r><t>Nguyễn </t></r><r><t>Văn An</t></r></is></c>' +
            '<c r="D3" t="str"><f>A3&amp;""</f><v>Tổ trưởng</v></c><c r="E3" t="b"><v>1</v></c><c r="F3" t="e"><v>#N/A</v></c>' +
            '<c r="G3" t="s"><v>2</v></c><c r="H3"><f>1+1</f></c><c r="I3" s="3"><v>1500</v></c></row>' +
            '<row r="4"><c r="A4" s="1"/><c r="B4"><v></v></c></row>',
        },
      ],
    });
    expect(await readSheet(buf)).toEqual([
      { row: 1, cells: ['Mã địa bàn', 'Tên tổ, đội'] },
      { row: 3, cells: ['Tổ trưởng', null, 'Nguyễn Văn An', 'Tổ trưởng', true, null, 'A & B <1> Đại\r', null, 1500] },
    ]);
  });

  it('reads dates as dates in the 1900 and the 1904 date systems, and serials without a date format as numbers', async () => {
    const data =
      '<row r="1"><c r="A1" s="1"><v>43231</v></c><c r="B1" s="2"><v>43231.5</v></c><c r="C1"><v>43231</v></c><c r="D1" t="d"><v>2018-05-11T00:00:00Z</v></c></row>';
    const in1900 = await readSheet(xlsx({ sheets: [{ name: 'Danh sách', data }] }));
    expect(in1900[0]!.cells).toEqual([new Date(Date.UTC(2018, 4, 11)), new Date(Date.UTC(2018, 4, 11, 12)), 43231, new Date(Date.UTC(2018, 4, 11))]);
    // A Mac workbook counts from 1904: the same serial is four years and a day later.
    const in1904 = await readSheet(xlsx({ sheets: [{ name: 'Danh sách', data }], date1904: true }));
    expect(in1904[0]!.cells.slice(0, 3)).toEqual([new Date(Date.UTC(2022, 4, 12)), new Date(Date.UTC(2022, 4, 12, 12)), 43231]);
  });

  it('reads the first visible worksheet, prefixed elements, cells without references, and a ">" inside an attribute', async () => {
    const buf = xlsx({
      sheets: [
        { name: 'Ẩn', state: 'hidden', data: '<row r="1"><c r="A1" t="inlineStr"><is><t>không phải</t></is></c></row>' },
        {
          name: 'Danh sách',
          data:
            '<x:row r="2" x:note="a > b"><x:c t="inlineStr"><x:is><x:t>một</x:t></x:is></x:c><x:c><x:v>2</x:v></x:c><x:c r="E2"><x:v>5</x:v></x:c></x:row>' +
            '<!-- a comment with <c> inside --><row><c t="inlineStr"><is><t><![CDATA[ba & bốn]]></t></is></c></row>',
        },
      ],
    });
    expect(await readSheet(buf)).toEqual([
      { row: 2, cells: ['một', 2, null, null, 5] },
      { row: 3, cells: ['ba & bốn'] },
    ]);
  });

  it('reads a sheet saved by LibreOffice', async () => {
    const rows = await readSheet(readFileSync(resolve('src/server/features/groups/fixtures/nhom-libreoffice.xlsx')));
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4]);
    expect(rows[0]!.cells).toEqual(['DANH SÁCH TỔ NHÂN DÂN TỰ QUẢN VÀ THÀNH VIÊN']);
  });

  it('refuses ZIP bombs, whether their directory admits the size or lies about it', async () => {
    const bomb = 'the file unpacks to far too much data (possibly malicious)';
    // 5 MB of zeros packs into a few kilobytes: refused from the directory, nothing unpacked.
    expect(await refusal(zip({ 'xl/worksheets/sheet1.xml': Buffer.alloc(5 * 1024 * 1024) }))).toContain(bomb);
    // A worksheet whose directory claims 2 KB but that unpacks to 20 MB: stopped while unpacking,
    // and not handed to the whole-file reader either.
    const rows = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'.repeat(400_000);
    const lying = xlsx({ sheets: [{ name: 'Danh sách', data: rows }], declare: (name, size) => (name === 'xl/worksheets/sheet1.xml' ? 2048 : size) });
    expect(await refusal(lying)).toContain(bomb);
  });

  it('refuses what is not a spreadsheet: another binary file, a damaged .xlsx, CSV not in UTF-8, an empty file', async () => {
    expect(await refusal(Buffer.from('%PDF-1.4 \u0000 binary'))).toContain('not an .xlsx or .csv spreadsheet');
    const good = xlsx({ sheets: [{ name: 'Danh sách', data: '<row r="1"><c r="A1"><v>1</v></c></row>' }] });
    expect(await refusal(good.subarray(0, good.length - 40))).toContain('the .xlsx file is damaged');
    expect(await refusal(zip({ 'readme.txt': 'not a workbook' }))).toContain('the Excel (.xlsx) file cannot be read');
    expect(await refusal(xlsx({ sheets: [] }))).toContain('the Excel (.xlsx) file cannot be read');
    expect(await refusal(Buffer.from('Mã;Tên\n1;T\xf4', 'latin1'))).toContain('CSV files must be UTF-8 encoded');
    expect(await refusal(Buffer.alloc(0))).toContain('the file is empty');
    expect(await readSheet(Buffer.from('\ufeffMã;Tên\n22738;"Tổ ""A"""\n', 'utf8'))).toEqual([
      { row: 1, cells: ['Mã', 'Tên'] },
      { row: 2, cells: ['22738', 'Tổ "A"'] },
    ]);
  });

  it('hands the whole-file reader only entries unpacked under the guard, and it reads them as before', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Danh sách');
    ws.addRow(['Mã địa bàn', 'Tên tổ, đội', 'Ngày thành lập']);
    ws.addRow(['22738', 'Tổ "Bình Minh"', new Date(Date.UTC(2018, 4, 11))]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await loadRows(file)).toEqual(await readSheet(file));

    // An entry the stream reader never opens, whose directory says 1 KB and which unpacks to
    // 300 MB, in a file the stream reader cannot follow (no workbook part): before, exceljs
    // unpacked it whole; now it is stopped at its declared size, on either path.
    const lying = zip(
      { 'xl/worksheets/sheet1.xml': '<worksheet><sheetData/></worksheet>', 'xl/media/image1.png': Buffer.alloc(300 * 1024 * 1024, 0x61) },
      (name, size) => (name.endsWith('.png') ? 1024 : size),
    );
    expect(lying.length).toBeLessThan(1024 * 1024);
    const bomb = 'the file unpacks to far too much data (possibly malicious)';
    const started = performance.now();
    expect(await loadRows(lying).catch((e: AppError) => e.message_('en'))).toContain(bomb);
    expect(await refusal(lying)).toContain(bomb);
    expect(performance.now() - started).toBeLessThan(2000);
    // A whole file larger than the whole-file reader may take, even when honest.
    const big = zip({ 'xl/worksheets/sheet1.xml': randomBytes(5 * 1024 * 1024).toString('hex') });
    expect(await loadRows(big).catch((e: AppError) => e.message_('en'))).toContain('must be read whole, and it unpacks to more than 8 MB');
  }, 20_000);

  it('refuses a part that admits to more than its hard limit before unpacking it', async () => {
    // 900 KB of noise that the directory calls a 150 MB sheet (within the ratio the guard
    // allows), and 400 KB called 40 MB of shared strings.
    const sheet = xlsx({ sheets: [{ name: 'a', data: randomBytes(900 * 1024).toString('base64') }], declare: (n, size) => (n.endsWith('sheet1.xml') ? 150 * 1024 * 1024 : size) });
    expect(await refusal(sheet)).toContain('a part of the file unpacks to more than 128 MB');
    const strings = xlsx({
      sheets: [{ name: 'a', data: '<row><c t="s"><v>0</v></c></row>' }],
      strings: [`<si><t>${randomBytes(300 * 1024).toString('base64')}</t></si>`],
      declare: (n, size) => (n.endsWith('sharedStrings.xml') ? 40 * 1024 * 1024 : size),
    });
    expect(await refusal(strings)).toContain('a part of the file unpacks to more than 32 MB');
  });

  it('stops at the row limit on every path, and takes blank CSV lines as no rows', async () => {
    const started = performance.now();
    expect(await refusal(Buffer.from('a\n'.repeat(4_000_000)))).toContain(`more than ${MAX_SHEET_ROWS.toLocaleString('en-US')} rows`);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await refusal(Buffer.from('a\nb\nc\n'))).toBeNull();
    await expect(readSheet(Buffer.from('a\nb\nc\n'), { maxRows: 2 })).rejects.toThrow(AppError);
    const rows = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'.repeat(30);
    await expect(readSheet(xlsx({ sheets: [{ name: 'a', data: rows }] }), { maxRows: 20 })).rejects.toThrow(AppError);
    expect(await readSheet(Buffer.from('Mã;Tên\n\n;;\n22738;"Tổ\nA"\n\n58;B'))).toEqual([
      { row: 1, cells: ['Mã', 'Tên'] },
      { row: 4, cells: ['22738', 'Tổ\nA'] },
      { row: 7, cells: ['58', 'B'] },
    ]);
  });

  it('refuses a tag or a text that never ends, and too many shared strings, before they grow', async () => {
    const scanner = new XmlScanner({ open() {}, close() {}, text() {} });
    expect(() => {
      for (let i = 0; i < 40; i++) scanner.write('x'.repeat(64 * 1024));
    }).toThrow('runs past the limit');
    // A cell of pieces each short enough to be handed over, together longer than any cell.
    const pieces = Array.from({ length: MAX_PENDING / 1000 + 2 }, () => `<![CDATA[${randomBytes(750).toString('base64')}]]>`).join('');
    const cell = `<row><c t="inlineStr"><is><t>${pieces}</t></is></c></row>`;
    expect(await refusal(xlsx({ sheets: [{ name: 'a', data: cell }] }))).toContain('far beyond what Excel allows');
    const strings = Array.from({ length: 1_000_001 }, (_, i) => `<si><t>${i.toString(36)}</t></si>`);
    expect(await refusal(xlsx({ sheets: [{ name: 'a', data: '<row><c t="s"><v>0</v></c></row>' }], strings }))).toContain('far beyond what Excel allows');
  }, 20_000);

  it('leaves out cells past the column limit, however far their reference claims they stand', async () => {
    // One cell in column XFD and one in a column that does not exist, on 10,000 rows: read as
    // rows without those cells, not as 10,000 arrays of 16,384 or 300 million places.
    const far = '<row><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c><c r="ZZZZZZ1"><v>3</v></c></row>'.repeat(10_000);
    const started = performance.now();
    const rows = await readSheet(xlsx({ sheets: [{ name: 'a', data: far }] }));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(rows).toHaveLength(10_000);
    expect(rows[0]!.cells).toEqual([1]);
    expect(await readSheet(Buffer.from(`a;${';'.repeat(5_000_000)}b\nc;d`))).toEqual([
      { row: 1, cells: ['a', ...new Array(MAX_COLUMNS - 2).fill(''), 'b'] },
      { row: 2, cells: ['c', 'd'] },
    ]);
  });
});
