import type { ModelTypesTable } from '../../db/types.js';
import { searchKey } from '../../lib/text.js';
import { cellDate, cellText } from '../../lib/spreadsheet/cells.js';
import { phoneNumber } from '../../../shared/text.js';

/** How sheets write roles, as search keys: names and the abbreviations communes use. */
export type Role = 'leader' | 'deputy' | 'member';
const roles: Record<string, Role> = {
  'to truong': 'leader',
  'doi truong': 'leader',
  'truong toc': 'leader',
  'truong': 'leader',
  'tt': 'leader',
  'dt': 'leader',
  'to pho': 'deputy',
  'doi pho': 'deputy',
  'pho': 'deputy',
  'pho to': 'deputy',
  'pho doi': 'deputy',
  'tp': 'deputy',
  'dp': 'deputy',
  'thanh vien': 'member',
  'doi vien': 'member',
  'to vien': 'member',
  'uy vien': 'member',
  'tv': 'member',
};

export function roleOf(text: string): Role | undefined {
  return roles[searchKey(text)];
}

/**
 * The built-in model types by the names and abbreviations communes write ("Tổ NDTQ", "Đội DP",
 * "Tổ ANXK"), as search keys. A type is also known by its code and by its own name.
 */
const typeWords: Record<string, string> = {
  'to nhan dan tu quan': 'to-tu-quan',
  'to ndtq': 'to-tu-quan',
  'ndtq': 'to-tu-quan',
  'to tu quan': 'to-tu-quan',
  'tu quan': 'to-tu-quan',
  'to tq': 'to-tu-quan',
  'doi dan phong': 'doi-dan-phong',
  'dan phong': 'doi-dan-phong',
  'doi dp': 'doi-dan-phong',
  'to an ninh xung kich': 'to-an-ninh-xung-kich',
  'to anxk': 'to-an-ninh-xung-kich',
  'anxk': 'to-an-ninh-xung-kich',
  'xung kich': 'to-an-ninh-xung-kich',
  'to xung kich': 'to-an-ninh-xung-kich',
  'toc ho tu quan': 'toc-ho-tu-quan',
  'toc ho': 'toc-ho-tu-quan',
  'dong ho': 'toc-ho-tu-quan',
  'dong ho tu quan': 'toc-ho-tu-quan',
  'xu dao binh yen': 'xu-dao-binh-yen',
  'xu dao': 'xu-dao-binh-yen',
  'giao xu': 'xu-dao-binh-yen',
  'giao xu binh yen': 'xu-dao-binh-yen',
  'giao ho': 'xu-dao-binh-yen',
};

/** Model types by what a sheet writes: the type's cell, or the start of a group's name. */
export class TypeWords {
  private readonly words: [string, ModelTypesTable][];

  constructor(private readonly types: ModelTypesTable[]) {
    const byCode = new Map(types.map((t) => [t.code, t]));
    const words = new Map<string, ModelTypesTable>();
    for (const [w, code] of Object.entries(typeWords)) if (byCode.has(code)) words.set(w, byCode.get(code)!);
    for (const t of types) words.set(searchKey(t.name), t);
    // The longest words first: "tổ an ninh xung kích" before "tổ".
    this.words = [...words.entries()].sort((a, b) => b[0].length - a[0].length);
  }

  /** The type a type cell names: its code, its name or a usual abbreviation. */
  ofCell(text: string): ModelTypesTable | null {
    const k = searchKey(text);
    return this.types.find((t) => t.code === text.trim()) ?? this.words.find(([w]) => w === k)?.[1] ?? null;
  }

  /** The type a group's name starts with ("Tổ NDTQ khu phố 1"), if any. */
  ofName(name: string): ModelTypesTable | null {
    const k = searchKey(name);
    return this.words.find(([w]) => k === w || k.startsWith(`${w} `))?.[1] ?? null;
  }

  byCode(code: string): ModelTypesTable | undefined {
    return this.types.find((t) => t.code === code);
  }
}

/** Phone numbers as the API takes them (spaces, dots, +84), and the leading 0 a number cell loses. */
export function phoneOf(v: unknown): string | null | 'bad' {
  const text = cellText(v);
  if (text === null) return null;
  const lostZero = /^[1-9]\d{8}$/.test(text.replace(/[\s.\-()]/g, ''));
  return phoneNumber(lostZero ? `0${text}` : text) ?? 'bad';
}

export interface Birth {
  date: string | null;
  year: number | null;
}

/** A year of birth (`1985`) or a full date; null for an empty cell. A year of null means unreadable. */
export function birthOf(v: unknown): Birth | null {
  const text = cellText(v);
  if (text === null) return null;
  if (/^\d{4}$/.test(text)) return { date: null, year: Number(text) };
  const date = cellDate(v);
  return { date, year: date ? Number(date.slice(0, 4)) : null };
}

/**
 * A conversion remembered for the plain values (text, numbers) it has seen: sheets repeat
 * codes, group names, types and dates row after row. Bounded, so that a sheet of unique
 * values costs no more than without it.
 */
export function remember<T>(fn: (v: unknown) => T): (v: unknown) => T {
  const seen = new Map<unknown, T>();
  return (v) => {
    if (typeof v !== 'string' && typeof v !== 'number') return fn(v);
    const hit = seen.get(v);
    if (hit !== undefined || seen.has(v)) return hit as T;
    const value = fn(v);
    if (seen.size < 20_000) seen.set(v, value);
    return value;
  };
}
