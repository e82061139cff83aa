import { createHash } from 'node:crypto';
import type { GroupSheetColumn, GroupSheetField } from '../../../shared/group-import.js';
import { cellText } from '../../lib/spreadsheet/cells.js';
import { searchKey } from '../../lib/text.js';

export type Column = GroupSheetField;

/** How the template names each field: its own sheets are read by these headers. */
export const sheetHeaders: Record<Column, string> = {
  area: 'Mã địa bàn (thôn hoặc xã)',
  address: 'Thôn, tổ dân phố của thành viên',
  group: 'Tên tổ, đội',
  type: 'Loại mô hình',
  founded: 'Ngày thành lập',
  decisionNumber: 'Số quyết định',
  decisionDate: 'Ngày quyết định',
  decisionIssuer: 'Cơ quan ban hành',
  name: 'Họ và tên thành viên',
  gender: 'Giới tính',
  birth: 'Ngày sinh',
  cccd: 'Số CCCD',
  phone: 'Điện thoại',
  role: 'Vai trò',
  joined: 'Ngày vào tổ',
};

/** The columns the template writes, in its order (the member's village is not one of them). */
export const templateOrder: Column[] = ['area', 'group', 'type', 'founded', 'decisionNumber', 'decisionDate', 'decisionIssuer', 'name', 'gender', 'birth', 'cccd', 'phone', 'role', 'joined'];

/**
 * The names communes give these columns, as search keys (no diacritics, lower case, single
 * spaces). A header is recognised by the longest name it equals or begins with, followed by a
 * space: "Tên tổ dân phố" is the member's village, not the group's name.
 */
const synonyms: Record<Column, string[]> = {
  area: ['ma dia ban', 'ma xa', 'ma thon', 'ma don vi', 'dia ban', 'dia ban hoat dong', 'dia ban cua to', 'thon cua to', 'don vi'],
  address: ['dia chi', 'thon', 'to dan pho', 'khu pho', 'ap', 'ban', 'buon', 'xom', 'khom', 'noi o', 'noi cu tru', 'cho o', 'thuong tru', 'ten thon', 'ten to dan pho', 'thon to dan pho', 'thon xom', 'thon cua thanh vien'],
  group: ['ten to', 'ten doi', 'ten mo hinh', 'ten to doi', 'to', 'doi', 'to doi', 'thuoc to', 'ten to chuc', 'to tu quan'],
  type: ['loai', 'loai mo hinh', 'mo hinh', 'loai hinh'],
  founded: ['ngay thanh lap', 'thanh lap', 'ngay lap', 'ngay thanh lap to'],
  decisionNumber: ['so quyet dinh', 'so qd', 'quyet dinh so', 'quyet dinh'],
  decisionDate: ['ngay quyet dinh', 'ngay qd', 'ngay ky', 'ngay ky quyet dinh'],
  decisionIssuer: ['co quan', 'co quan ban hanh', 'noi ban hanh', 'cap quyet dinh', 'don vi ban hanh'],
  name: ['ho va ten', 'ho ten', 'ten thanh vien', 'ten', 'ho va ten thanh vien', 'thanh vien'],
  gender: ['gioi tinh', 'gioi', 'nam nu', 'phai'],
  birth: ['ngay sinh', 'nam sinh', 'sinh ngay', 'ngay thang nam sinh', 'sinh nam'],
  cccd: ['cccd', 'so cccd', 'can cuoc', 'so can cuoc', 'can cuoc cong dan', 'so dinh danh', 'dinh danh', 'so dinh danh ca nhan', 'cmnd', 'so cmnd', 'cmnd cccd', 'so cmnd cccd', 'so cccd cmnd'],
  phone: ['dien thoai', 'so dien thoai', 'sdt', 'dt', 'so dt', 'di dong', 'dien thoai lien he'],
  role: ['vai tro', 'chuc vu', 'chuc danh', 'nhiem vu', 'chuc vu trong to'],
  joined: ['ngay vao to', 'ngay vao', 'ngay tham gia', 'tham gia', 'ngay vao doi', 'ngay ket nap', 'ngay gia nhap', 'tham gia tu ngay'],
};
/** Headers known to hold nothing to import: a row number, notes, an error column written back. */
const neverRead = ['stt', 'tt', 'so tt', 'so thu tu', 'ghi chu'];

const templateKeys = new Map((Object.entries(sheetHeaders) as [Column, string][]).map(([c, h]) => [searchKey(h), c]));

/** The field a header names and how it was recognised; null when none. */
export function recognise(header: string): { field: Column; source: 'template' | 'synonym' } | null {
  const k = searchKey(header);
  if (k === '') return null;
  const exact = templateKeys.get(k);
  if (exact) return { field: exact, source: 'template' };
  if (isErrorColumn(header) || neverRead.some((n) => k === n || k.startsWith(`${n} `))) return null;
  let best: { field: Column; length: number } | null = null;
  for (const [field, names] of Object.entries(synonyms) as [Column, string[]][]) {
    for (const n of names) {
      if ((k === n || k.startsWith(`${n} `) || (n === 'cccd' && k.includes('cccd'))) && (!best || n.length > best.length)) best = { field, length: n.length };
    }
  }
  return best && { field: best.field, source: 'synonym' };
}

/**
 * The header row among the first rows: the one where most headers are recognised (at least
 * two), or that holds the headers the officer mapped; else the first row with two texts or more,
 * whose columns the officer then maps. Title rows and merged cells above it are skipped.
 */
export function findHeaderRow(rows: { cells: unknown[] }[], mapped: ReadonlySet<string>): number | null {
  let best = -1;
  let bestScore = 1;
  for (let i = 0; i < Math.min(rows.length, 15); i++) {
    let score = 0;
    for (const c of rows[i]!.cells) {
      const text = cellText(c);
      if (text !== null && (recognise(text) || mapped.has(text))) score++;
    }
    if (score > bestScore) [best, bestScore] = [i, score];
  }
  if (best >= 0) return best;
  const texts = (r: { cells: unknown[] }) => r.cells.filter((c) => typeof cellText(c) === 'string' && !/^\d+$/.test(cellText(c)!)).length;
  const first = rows.slice(0, 15).findIndex((r) => texts(r) >= 2);
  return first >= 0 ? first : null;
}

/**
 * The columns of the header row as read: each recognised from its header, then as this officer
 * mapped sheets of the same shape (`remembered`), then as chosen for this file (`chosen`). A
 * field is read from one column only: a second column of the same field is left out.
 */
export function mapColumns(headerCells: unknown[], remembered: Record<string, Column | null> | undefined, chosen: Record<string, Column | null> | undefined): GroupSheetColumn[] {
  const out: GroupSheetColumn[] = [];
  headerCells.forEach((c, index) => {
    const header = cellText(c) ?? '';
    // The error column of a sheet sent back is the product's own: not a column of the officer's.
    if (isErrorColumn(header)) return;
    let field: Column | null = null;
    let source: GroupSheetColumn['source'] = 'none';
    const known = recognise(header);
    if (known) [field, source] = [known.field, known.source];
    if (remembered && header in remembered) {
      const f = remembered[header]!;
      if (f !== field) [field, source] = [f, 'remembered'];
    }
    if (chosen && header in chosen) {
      const f = chosen[header]!;
      if (f !== field || source === 'remembered') [field, source] = [f, 'chosen'];
    }
    if (header === '' && field === null) return;
    out.push({ index, header, field, source });
  });
  // The first column of a field reads it; a later one of the same field is not imported.
  const taken = new Set<Column>();
  const order = [...out].sort((a, b) => rank(a.source) - rank(b.source) || a.index - b.index);
  for (const col of order) {
    if (col.field === null) continue;
    if (taken.has(col.field)) [col.field, col.source] = [null, 'none'];
    else taken.add(col.field);
  }
  return out;
}

/** A choice made by the officer wins over a remembered one, and both over a recognised header. */
function rank(source: GroupSheetColumn['source']): number {
  return { chosen: 0, remembered: 1, template: 2, synonym: 3, none: 4 }[source];
}

/** The error column of a sheet sent back with its errors: never read, and not part of its shape. */
export function isErrorColumn(header: string): boolean {
  return searchKey(header).startsWith('loi can sua');
}

/**
 * The shape of a sheet: its headers, normalised. Sheets of one shape are mapped alike; a sheet
 * sent back with its errors has the shape of the sheet it came from.
 */
export function sheetShape(headerCells: unknown[]): string {
  const keys = headerCells.map((c) => cellText(c) ?? '').filter((h) => !isErrorColumn(h)).map((h) => searchKey(h));
  while (keys.length > 0 && keys[keys.length - 1] === '') keys.pop();
  return createHash('sha256').update(keys.join('\u0001')).digest('hex').slice(0, 40);
}
