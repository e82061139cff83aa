import ExcelJS from 'exceljs';

/**
 * A cell value safe to open in a spreadsheet: text that starts like a formula (=, +, -, @, or a
 * tab or carriage return before one) gets a leading apostrophe, so it is shown, never run.
 */
export function safeCell(value: unknown): string | number | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || value instanceof Date) return value;
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export interface SheetColumn<T> {
  header: string;
  width: number;
  value: (row: T, index: number) => unknown;
  /** Excel number format, e.g. `d/m/yyyy` for dates, `#,##0` for counts. */
  format?: string;
}

/** One worksheet: a title row, a bold header row, then the rows, with widths and formats. */
export async function writeSheet<T>(name: string, title: string, columns: SheetColumn<T>[], rows: T[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tự Quản';
  addSheet(wb, name, title, columns, rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A worksheet to be written with others (each with its own row type). */
export interface SheetSpec {
  add(wb: ExcelJS.Workbook): void;
}

export function sheet<T>(name: string, title: string, columns: SheetColumn<T>[], rows: T[]): SheetSpec {
  return { add: (wb) => addSheet(wb, name, title, columns, rows) };
}

/** Several worksheets in one workbook. */
export async function writeSheets(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tự Quản';
  for (const s of sheets) s.add(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function addSheet<T>(wb: ExcelJS.Workbook, name: string, title: string, columns: SheetColumn<T>[], rows: T[]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.mergeCells(1, 1, 1, columns.length);
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 13 };
  const header = ws.getRow(2);
  columns.forEach((c, i) => {
    header.getCell(i + 1).value = c.header;
    ws.getColumn(i + 1).width = c.width;
    if (c.format) ws.getColumn(i + 1).numFmt = c.format;
  });
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  rows.forEach((row, i) => ws.addRow(columns.map((c) => safeCell(c.value(row, i)))));
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: columns.length } };
}

/** ISO date → a Date at midnight UTC, so the sheet shows it as a date cell. */
export function dateCell(iso: string | null): Date | null {
  return iso ? new Date(`${iso}T00:00:00Z`) : null;
}
