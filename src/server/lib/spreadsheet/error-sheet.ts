import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { cellText, isEmptyCell } from './cells.js';
import { withoutZeroWidth } from '../../../shared/text.js';
import { sheetRows, type SheetRow } from './read.js';

/** An error to show in the officer's own sheet. */
export interface ErrorMark {
  /** 1-based, as the sheet numbers its rows. */
  row: number;
  /** 0-based column index; null for an error of the whole row. */
  column: number | null;
  message: string;
}

export interface ErrorSheetOptions {
  /** 1-based row of the column headers. */
  headerRow: number;
  /** The header of the column that lists each row's errors, e.g. "Lỗi cần sửa (Tự Quản)". */
  errorHeader: string;
}

const RED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const RED_TEXT: Partial<ExcelJS.Font> = { color: { argb: 'FF9C0006' } };
const DATE_FORMAT = 'd/m/yyyy';

interface RowMarks {
  /** The messages of the row, in the order given (cell errors and whole-row errors alike). */
  messages: string[];
  /** By column: its messages, for the cell's note. */
  cells: Map<number, string[]>;
  whole: boolean;
}

/**
 * The officer's sheet back as .xlsx with its errors: every row as read (titles above the header
 * too), values kept as their type so that a re-upload reads the same, the cells in error filled
 * red with the message as a note, and a last column listing each row's errors. Read with the
 * guarded reader and written by the streaming writer, row by row: a sheet of 200,000 rows costs
 * one row at a time plus the compressed output.
 */
export async function errorSheet(original: Buffer, marks: ErrorMark[], opts: ErrorSheetOptions): Promise<Buffer> {
  const byRow = groupMarks(marks);
  const pending = [...byRow.keys()].sort((a, b) => a - b);
  let nextMark = 0;

  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Tự Quản';

  // The header decides the error column, the widths and the title merges, and the writer wants
  // those before its first row: the rows down to the header wait (there are a few).
  const head: SheetRow[] = [];
  const headerRow = Math.max(1, opts.headerRow);
  let ws: ExcelJS.Worksheet | null = null;
  let errorColumn = 0;
  /** The sheet came back with an error column of ours: it is replaced, its old messages dropped. */
  let replacing = false;

  const start = () => {
    const header = head.find((r) => r.row === headerRow)?.cells ?? [];
    const wanted = cellText(opts.errorHeader);
    const existing = header.findIndex((c) => cellText(c) === wanted);
    replacing = existing >= 0;
    // Without a header, after the widest of the first rows: the messages never cover their values.
    const width = lastFilled(header) >= 0 ? lastFilled(header) : Math.max(-1, ...head.map((r) => lastFilled(r.cells)));
    errorColumn = replacing ? existing : width + 1;
    ws = wb.addWorksheet('Danh sách', { views: [{ state: 'frozen', ySplit: headerRow, activeCell: `A${headerRow + 1}` }] });
    ws.columns = Array.from({ length: errorColumn + 1 }, (_, i) => ({
      width: i === errorColumn ? 48 : Math.min(40, Math.max(10, (cellText(header[i])?.length ?? 0) + 2)),
    }));
    for (const r of head) write(r);
  };

  /** Rows the sheet does not hold (empty) but that carry an error: written before `upTo`. */
  const writeMarkedBefore = (upTo: number) => {
    while (nextMark < pending.length && pending[nextMark]! < upTo) {
      write({ row: pending[nextMark]!, cells: [] });
    }
  };

  const write = (r: SheetRow) => {
    writeMarkedBefore(r.row);
    if (nextMark < pending.length && pending[nextMark] === r.row) nextMark++;
    const sheet = ws!;
    const row = sheet.getRow(r.row);
    const isHeader = r.row === headerRow;
    const below = r.row > headerRow;
    const found = byRow.get(r.row);
    for (let i = 0; i < r.cells.length; i++) {
      // A previous download's error column is replaced, never kept beside the new one.
      if (i === errorColumn && (isHeader || (below && replacing))) continue;
      const value = r.cells[i];
      if (isEmptyCell(value) && !found?.cells.has(i)) continue;
      const cell = row.getCell(i + 1);
      // Zero-width characters go, as they go from every text the product reads (shared/text.ts).
      cell.value = (typeof value === 'string' ? withoutZeroWidth(value) : value) as ExcelJS.CellValue;
      if (value instanceof Date) cell.numFmt = DATE_FORMAT;
      else if (typeof value === 'string') cell.numFmt = '@';
      if (isHeader) cell.font = { bold: true };
    }
    if (found) {
      for (const [col, messages] of found.cells) {
        const cell = row.getCell(col + 1);
        cell.fill = RED_FILL;
        cell.note = messages.join('\n');
      }
      const cell = row.getCell(errorColumn + 1);
      cell.value = found.messages.join('; ');
      cell.numFmt = '@';
      cell.font = RED_TEXT;
      cell.alignment = { wrapText: true, vertical: 'top' };
      if (found.whole) cell.fill = RED_FILL;
    }
    if (isHeader) {
      const cell = row.getCell(errorColumn + 1);
      cell.value = opts.errorHeader;
      cell.font = { bold: true, ...RED_TEXT };
    }
    // A title above the header, alone in its row, spans the sheet again, as it did.
    if (r.row < headerRow && errorColumn > 0 && r.cells.filter((c) => !isEmptyCell(c)).length === 1 && !isEmptyCell(r.cells[0])) {
      row.getCell(1).font = { bold: true };
      sheet.mergeCells(r.row, 1, r.row, errorColumn);
    }
    row.commit();
  };

  for await (const batch of sheetRows(original)) {
    for (const r of batch) {
      if (ws) write(r);
      else if (r.row <= headerRow) head.push(r);
      else {
        start();
        write(r);
      }
    }
  }
  if (!ws) start();
  writeMarkedBefore(Number.POSITIVE_INFINITY);
  (ws as ExcelJS.Worksheet | null)?.commit();
  await wb.commit();
  await finished;
  return Buffer.concat(chunks);
}

function groupMarks(marks: ErrorMark[]): Map<number, RowMarks> {
  const byRow = new Map<number, RowMarks>();
  for (const m of marks) {
    if (!Number.isInteger(m.row) || m.row < 1) continue;
    let r = byRow.get(m.row);
    if (!r) byRow.set(m.row, (r = { messages: [], cells: new Map(), whole: false }));
    if (!r.messages.includes(m.message)) r.messages.push(m.message);
    if (m.column === null || !Number.isInteger(m.column) || m.column < 0) r.whole = true;
    else {
      const list = r.cells.get(m.column) ?? [];
      list.push(m.message);
      r.cells.set(m.column, list);
    }
  }
  return byRow;
}

function lastFilled(cells: unknown[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if (!isEmptyCell(cells[i])) return i;
  return -1;
}
