import { hasHiddenCharacters, withoutZeroWidth } from '../../../shared/text.js';
import { nfc } from '../text.js';

/**
 * Columns read from a row (A to DX): far more than any import's columns, few enough that a cell
 * placed in column XFD, or one whose reference claims column ZZZZZZ, costs nothing. Cells past
 * it are left out of the row.
 */
export const MAX_COLUMNS = 128;

/** Text of a cell, zero-width characters removed (as in the API), NFC, single spaces; empty → null. */
export function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = nfc(withoutZeroWidth(String(v)));
  return s === '' ? null : s;
}

/**
 * The first cell of a row holding a control or direction character, which the API refuses in
 * every name and text (src/shared/text.ts): a sheet row gets the same answer, as a row error.
 */
export function hiddenCharacterCell(cells: unknown[]): number {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (typeof c === 'string' && hasHiddenCharacters(c)) return i;
  }
  return -1;
}

/** Whether `cellText` would give null, without making the text: for skipping empty rows. */
export function isEmptyCell(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && !/\S/.test(v));
}

const excelEpoch = Date.UTC(1899, 11, 30);

/**
 * A year alone (`2025`, as a number cell or as text) where a date is expected. It is never read
 * as an Excel serial number (2025 would be 17/7/1905): the row is refused and a full date asked for.
 */
export function isBareYear(v: unknown): boolean {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 1000 && v <= 9999;
  return typeof v === 'string' && /^\s*\d{4}\s*$/.test(v);
}

/**
 * A date as real sheets hold it: a date cell, an Excel serial number, `11/5/2018`,
 * `11-05-2018`, `11.05.2018` (day first, as in Vietnam), ISO `2018-05-11`, or a two-digit year
 * (`11/5/18`: the century that puts it no later than `thisYear`, so 18 is 2018 and 85 is 1985).
 * Null if none, and for a bare year (isBareYear), which is not a date.
 */
export function cellDate(v: unknown, thisYear = new Date().getUTCFullYear()): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (isBareYear(v)) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 1 || v > 2_958_465) return null;
    return new Date(excelEpoch + Math.round(v) * 86_400_000).toISOString().slice(0, 10);
  }
  const s = String(v).trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$/.exec(s);
    if (!match) return /^\d+(\.\d+)?$/.test(s) ? cellDate(Number(s), thisYear) : null;
    [d, m, y] = [Number(match[1]), Number(match[3]), Number(match[4])];
    if (match[4]!.length === 2) {
      const century = Math.floor(thisYear / 100) * 100;
      y = century + y > thisYear ? century - 100 + y : century + y;
    }
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** Codes lose leading zeros in Excel (00004 → 4): numbers are padded back to the width given. */
export function cellCode(v: unknown, width = 0): string | null {
  if (typeof v === 'number' && Number.isInteger(v)) return String(v).padStart(width, '0');
  const s = cellText(v);
  if (s === null) return null;
  return /^\d+$/.test(s) ? s.padStart(width, '0') : s;
}

/** Finds the header row among the first rows (title rows and merged cells above it are skipped). */
export function findHeader<K extends string>(
  rows: { row: number; cells: unknown[] }[],
  columns: Record<K, (key: string) => boolean>,
  required: K[],
  key: (s: string) => string,
): { index: number; columns: Partial<Record<K, number>> } | null {
  for (let i = 0; i < Math.min(rows.length, 15); i++) {
    const found: Partial<Record<K, number>> = {};
    rows[i]!.cells.forEach((c, col) => {
      const text = cellText(c);
      if (!text) return;
      const k = key(text);
      for (const name of Object.keys(columns) as K[]) {
        if (found[name] === undefined && columns[name](k)) {
          found[name] = col;
          break;
        }
      }
    });
    if (required.every((r) => found[r] !== undefined)) return { index: i, columns: found };
  }
  return null;
}
