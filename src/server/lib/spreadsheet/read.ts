import ExcelJS from 'exceljs';
import { AppError, fail } from '../errors.js';
import { csvRows } from './csv.js';
import { MAX_COLUMNS } from './cells.js';
import { xlsxRows } from './xlsx.js';
import { XmlLimitError } from './xml.js';
import { verifiedCopy, ZipBombError, ZipPartTooLargeError, zipEntries } from './zip.js';
import { inspectZip } from './zip-guard.js';

export const MAX_SHEET_BYTES = 10 * 1024 * 1024;
/** Rows with values a sheet may hold, whoever reads it: above what any import takes (200,000). */
export const MAX_SHEET_ROWS = 250_000;
/**
 * What the whole-file reader (exceljs) may be handed, unpacked: it builds a model of every cell,
 * ten times the size of the XML, so only workbooks of some ten thousand rows go that way.
 */
export const MAX_WHOLE_FILE_BYTES = 8 * 1024 * 1024;

export interface SheetLimits {
  /** Rows with values beyond which the file is refused as it is read (default MAX_SHEET_ROWS). */
  maxRows?: number;
}

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
export async function readSheet(buf: Buffer, limits: SheetLimits = {}): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const batch of sheetRows(buf, limits)) for (const r of batch) rows.push(r);
  return rows;
}

/**
 * The same rows in batches, as they are read: a long sheet need not be held whole. Every path
 * (the stream reader, the whole-file reader, CSV) holds each ZIP entry to its declared size and
 * to a hard limit, and stops at `maxRows` rows with values, so that a hostile file of a megabyte
 * costs a few megabytes and a moment, and is refused with a reason.
 */
export async function* sheetRows(buf: Buffer, limits: SheetLimits = {}): AsyncGenerator<SheetRow[]> {
  const maxRows = limits.maxRows ?? MAX_SHEET_ROWS;
  let count = 0;
  const counted = (batch: SheetRow[]) => {
    count += batch.length;
    if (count > maxRows) tooManyRows(maxRows);
    return batch;
  };
  if (buf.length === 0) refuse('tệp rỗng', 'the file is empty');
  if (buf.length > MAX_SHEET_BYTES) fail('PAYLOAD_TOO_LARGE');
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50) {
    const verdict = inspectZip(buf);
    if (!verdict.ok) {
      if (verdict.reason === 'not-zip') refuse('tệp .xlsx bị hỏng', 'the .xlsx file is damaged');
      refuseBomb();
    }
    let started = false;
    try {
      for await (const batch of xlsxRows(buf)) {
        started = true;
        yield counted(batch);
      }
      return;
    } catch (error) {
      refuseIfHostile(error);
      if (error instanceof AppError) throw error;
      if (started) unreadable();
      // A workbook laid out in a way the lean reader does not follow: the whole-file reader is
      // slower and larger, but reads whatever Excel can; it is handed only entries already
      // unpacked under the guard.
    }
    yield counted(await loadRows(buf));
    return;
  }
  if (buf.subarray(0, 4096).includes(0)) refuse('không phải bảng tính .xlsx hay .csv', 'not an .xlsx or .csv spreadsheet');
  const text = buf.toString('utf8');
  if (text.includes('\ufffd')) refuse('tệp CSV phải mã hóa UTF-8', 'CSV files must be UTF-8 encoded');
  for (const batch of csvRows(text)) yield counted(batch);
}

/** The errors of a file built to cost the server: refused with their reason, never retried another way. */
function refuseIfHostile(error: unknown): void {
  if (error instanceof ZipBombError) refuseBomb();
  if (error instanceof ZipPartTooLargeError) {
    const mb = Math.round(error.limit / (1024 * 1024));
    refuse(`một phần của tệp giải nén ra hơn ${mb} MB, quá lớn để đọc`, `a part of the file unpacks to more than ${mb} MB, too large to read`);
  }
  if (error instanceof XmlLimitError) {
    refuse('tệp có một ô, một thẻ hay số chuỗi văn bản vượt xa giới hạn của Excel', 'the file holds a cell, a tag or a number of texts far beyond what Excel allows');
  }
}

function tooManyRows(max: number): never {
  return refuse(`bảng tính có hơn ${max.toLocaleString('vi-VN')} dòng dữ liệu`, `the sheet has more than ${max.toLocaleString('en-US')} rows of data`);
}

function refuseBomb(): never {
  return refuse('tệp giải nén ra quá lớn (có thể là tệp độc hại)', 'the file unpacks to far too much data (possibly malicious)');
}

function unreadable(): never {
  return refuse('không đọc được tệp Excel (.xlsx)', 'the Excel (.xlsx) file cannot be read');
}

/**
 * Reads the whole workbook into memory, then the first visible worksheet. exceljs unpacks
 * whatever the archive holds, believing no size, so it gets a copy made of entries unpacked
 * here under the guard (each to its declared size, all together within MAX_WHOLE_FILE_BYTES).
 */
export async function loadRows(buf: Buffer): Promise<SheetRow[]> {
  const entries = zipEntries(buf) ?? refuse('tệp .xlsx bị hỏng', 'the .xlsx file is damaged');
  let copy: Buffer;
  try {
    copy = verifiedCopy(buf, entries, MAX_WHOLE_FILE_BYTES);
  } catch (error) {
    if (error instanceof ZipPartTooLargeError) {
      const mb = Math.round(MAX_WHOLE_FILE_BYTES / (1024 * 1024));
      refuse(
        `bảng tính này phải đọc nguyên tệp, mà tệp giải nén ra hơn ${mb} MB; hãy lưu lại bằng Excel hoặc xuất ra CSV`,
        `this workbook must be read whole, and it unpacks to more than ${mb} MB; save it again with Excel or export it as CSV`,
      );
    }
    refuseIfHostile(error);
    return unreadable();
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(copy as unknown as ArrayBuffer);
  } catch {
    return unreadable();
  }
  const ws = wb.worksheets.find((w) => w.state === 'visible') ?? wb.worksheets[0];
  if (!ws) return unreadable();
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r) => rows.push({ row: r.number, cells: valuesOf(r) }));
  return rows;
}

function valuesOf(r: ExcelJS.Row): unknown[] {
  const values = r.values as ExcelJS.CellValue[];
  const cells: unknown[] = [];
  const last = Math.min(values.length, MAX_COLUMNS + 1);
  for (let col = 1; col < last; col++) cells[col - 1] = cellValue(values[col] ?? null);
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
