import ExcelJS from 'exceljs';
import { fail } from '../errors.js';
import { parseCsv } from './csv.js';
import { xlsxRows } from './xlsx.js';
import { ZipBombError } from './zip.js';
import { inspectZip } from './zip-guard.js';

export const MAX_SHEET_BYTES = 10 * 1024 * 1024;

/** One row of a sheet: its number as the user sees it (1-based) and its cell values. */
export interface SheetRow {
  row: number;
  cells: unknown[];
}

function refuse(vi: string, en: string): never {
  return fail('IMPORT_INVALID_FILE', { reason: { vi, en } });
}

/**
 * The first worksheet of an .xlsx, or a .csv, as rows of values. The kind is told by the
 * bytes, not by the name or declared type; anything else is refused with a clear error.
 */
export async function readSheet(buf: Buffer): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const batch of sheetRows(buf)) for (const r of batch) rows.push(r);
  return rows;
}

/** The same rows in batches, as they are read: a long sheet need not be held whole. */
export async function* sheetRows(buf: Buffer): AsyncGenerator<SheetRow[]> {
  if (buf.length === 0) refuse('tệp rỗng', 'the file is empty');
  if (buf.length > MAX_SHEET_BYTES) fail('PAYLOAD_TOO_LARGE');
  if (buf.readUInt32LE(0) === 0x04034b50) {
    const verdict = inspectZip(buf);
    if (!verdict.ok) {
      if (verdict.reason === 'not-zip') refuse('tệp .xlsx bị hỏng', 'the .xlsx file is damaged');
      refuseBomb();
    }
    let started = false;
    try {
      for await (const batch of xlsxRows(buf)) {
        started = true;
        yield batch;
      }
      return;
    } catch (error) {
      if (error instanceof ZipBombError) refuseBomb();
      if (started) unreadable();
      // A workbook laid out in a way the lean reader does not follow: the whole-file reader is
      // slower and larger, but reads whatever Excel can.
    }
    let rows: SheetRow[];
    try {
      rows = await loadRows(buf);
    } catch {
      return unreadable();
    }
    yield rows;
    return;
  }
  if (buf.subarray(0, 4096).includes(0)) refuse('không phải bảng tính .xlsx hay .csv', 'not an .xlsx or .csv spreadsheet');
  const text = buf.toString('utf8');
  if (text.includes('\ufffd')) refuse('tệp CSV phải mã hóa UTF-8', 'CSV files must be UTF-8 encoded');
  yield parseCsv(text).map((cells, i) => ({ row: i + 1, cells }));
}

function refuseBomb(): never {
  return refuse('tệp giải nén ra quá lớn (có thể là tệp độc hại)', 'the file unpacks to far too much data (possibly malicious)');
}

function unreadable(): never {
  return refuse('không đọc được tệp Excel (.xlsx)', 'the Excel (.xlsx) file cannot be read');
}

/** Reads the whole workbook into memory, then the first visible worksheet. */
async function loadRows(buf: Buffer): Promise<SheetRow[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets.find((w) => w.state === 'visible') ?? wb.worksheets[0];
  if (!ws) throw new Error('no worksheet');
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r) => rows.push({ row: r.number, cells: valuesOf(r) }));
  return rows;
}

function valuesOf(r: ExcelJS.Row): unknown[] {
  const values = r.values as ExcelJS.CellValue[];
  const cells: unknown[] = [];
  for (let col = 1; col < values.length; col++) cells[col - 1] = cellValue(values[col] ?? null);
  return cells;
}

/** Formulas give their result, rich text its plain text, hyperlinks their text. */
function cellValue(v: ExcelJS.CellValue): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('result' in v) return cellValue(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('error' in v) return null;
  }
  return v;
}
