import type { Db } from '../../db/connection.js';
import type { UnitsTable } from '../../db/types.js';
import type { GroupSheetAreaChoice } from '../../../shared/group-import.js';
import { searchKey } from '../../lib/text.js';
import { areaUnitsUnder } from './queries.js';
import { formerCommunes } from '../units/village-labels.js';

/** The words a village's or commune's name starts with, by what they stand for. */
const kindWords: [string[], string][] = (
  [
    [['to', 'dan', 'pho'], 'tdp'],
    [['tdp'], 'tdp'],
    [['to'], 'tdp'],
    [['khu', 'pho'], 'kp'],
    [['kp'], 'kp'],
    [['khu'], 'kp'],
    [['khom'], 'khom'],
    [['thon'], 'thon'],
    [['ap'], 'ap'],
    [['buon'], 'buon'],
    [['ban'], 'ban'],
    [['xom'], 'xom'],
    [['lang'], 'lang'],
    [['soc'], 'soc'],
    [['plei'], 'plei'],
    [['xa'], 'xa'],
    [['phuong'], 'phuong'],
    [['thi', 'tran'], 'tt'],
    [['tt'], 'tt'],
    [['dac', 'khu'], 'dk'],
  ] as [string[], string][]
).sort((a, b) => b[0].length - a[0].length);

const roman = /^(x{0,3})(ix|iv|v?i{0,3})$/;
const romanValue: Record<string, number> = { i: 1, v: 5, x: 10 };

function fromRoman(t: string): string {
  if (t === '' || !roman.test(t)) return t;
  let total = 0;
  for (let i = 0; i < t.length; i++) {
    const v = romanValue[t[i]!]!;
    const next = romanValue[t[i + 1] ?? ''] ?? 0;
    total += v < next ? -v : v;
  }
  return String(total);
}

/**
 * A place name as it is matched: without diacritics, case or spacing; the word for its kind
 * (Thôn, Ấp, Khu phố, KP, Tổ dân phố, TDP …) apart; "số", Roman numerals and leading zeros
 * read as the number they write ("Thôn I", "thôn 01" and "Thôn số 1" are all `1`).
 */
export function placeKey(name: string): { kind: string | null; key: string } {
  let tokens = searchKey(name).split(' ').filter(Boolean);
  let kind: string | null = null;
  for (const [words, k] of kindWords) {
    if (tokens.length > words.length && words.every((w, i) => tokens[i] === w)) {
      kind = k;
      tokens = tokens.slice(words.length);
      break;
    }
  }
  if (tokens[0] === 'so' && tokens.length > 1) tokens = tokens.slice(1);
  const key = tokens.map((t) => (/^\d+$/.test(t) ? String(Number(t)) : fromRoman(t))).join(' ');
  return { kind, key };
}

interface Candidate {
  unit: UnitsTable;
  kind: string | null;
  key: string;
}

export type AreaMatch =
  | { unit: UnitsTable }
  | { ambiguous: Candidate[] }
  | { unknown: string[] };

/**
 * The villages and communes valid today under one area (the officer's commune, or the one the
 * file names), found by the names a sheet gives them. Nothing is guessed: a name that matches
 * several is asked, one that matches none is an error with the nearest names.
 */
export class AreaNames {
  private readonly byKey = new Map<string, Candidate[]>();
  private readonly all: Candidate[] = [];
  private readonly names = new Map<string, string>();
  private readonly seen = new Map<string, AreaMatch>();

  private constructor(private readonly db: Db) {}

  /** Loads the units under `root` (a commune or a larger area) valid on `day`. */
  static async load(db: Db, root: UnitsTable, day: string): Promise<AreaNames> {
    const pool = new AreaNames(db);
    const units = await areaUnitsUnder(db, root, day);
    for (const u of units) {
      pool.names.set(u.id, u.name);
      const c = { unit: u, ...placeKey(u.name) };
      pool.all.push(c);
      const list = pool.byKey.get(c.key);
      if (list) list.push(c);
      else pool.byKey.set(c.key, [c]);
    }
    return pool;
  }

  /** The unit a name means, the units it may mean, or the nearest names when none. */
  match(name: string): AreaMatch {
    const hit = this.seen.get(name);
    if (hit) return hit;
    const { kind, key } = placeKey(name);
    let found = this.byKey.get(key) ?? [];
    // A name that says its kind prefers units of that kind ("KP 1" is not "Thôn 1").
    if (kind !== null && found.length > 1) {
      const same = found.filter((c) => c.kind === kind);
      if (same.length > 0) found = same;
    }
    // A village is meant before the commune of the same name.
    if (found.length > 1) {
      const villages = found.filter((c) => c.unit.level === 'village');
      if (villages.length > 0) found = villages;
    }
    const result: AreaMatch = found.length === 1 ? { unit: found[0]!.unit } : found.length > 1 ? { ambiguous: found } : { unknown: this.nearest(key) };
    this.seen.set(name, result);
    return result;
  }

  /** The unit of that code in the pool (a choice made by the officer). */
  byCode(code: string): UnitsTable | undefined {
    return this.all.find((c) => c.unit.code === code)?.unit;
  }

  /** The name of a unit of the pool (the commune a village lies in). */
  nameOf(id: string | null): string | null {
    return id === null ? null : (this.names.get(id) ?? null);
  }

  /** Three names closest to a key, by edit distance. */
  private nearest(key: string): string[] {
    return this.all
      .map((c) => ({ name: c.unit.name, d: distance(key, c.key) }))
      .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name, 'vi'))
      .filter((c, i, list) => list.findIndex((o) => o.name === c.name) === i)
      .slice(0, 3)
      .map((c) => c.name);
  }

  /**
   * The choices to ask for a name: each unit with the commune it lies in and, for a village
   * carried into a merged commune, the commune it came from (what tells two "Khu phố 1" apart,
   * read from the lineage as every list reads it: units/village-labels.ts).
   */
  async choice(name: string, rows: number, firstRow: number, candidates: Candidate[]): Promise<GroupSheetAreaChoice> {
    const formerOf = await formerCommunes(this.db, candidates.map((c) => c.unit));
    return {
      name,
      rows,
      firstRow,
      candidates: candidates.map((c) => ({
        code: c.unit.code,
        name: c.unit.name,
        parentName: this.nameOf(c.unit.parent_id),
        formerParentName: formerOf.get(c.unit.id)?.name ?? null,
      })),
    };
  }
}

/** Levenshtein distance, on two short keys. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
