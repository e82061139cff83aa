import type { Db, Engine } from '../../db/connection.js';
import { childrenOn, placesByIds, placesOn, type Place } from '../units/across.js';
import { predecessorsByShare } from '../units/lineage.js';
import { cellsFromSeries, cellsOfKeys, type CensusCell } from './queries.js';
import { ensureFresh } from '../../derived/refresh.js';

/** The line of the area's own groups (attached to it directly). */
export const OWN = 'own';

/** Where a count lands: the area itself, one of its sub-areas (by id), or a line that cannot be split. */
export interface Landed {
  line: string;
  cell: CensusCell;
  /** The area (village or commune) a cell read group by group counts as a site, when its groups may land on several lines. */
  site?: string;
}

export interface Inexact {
  /** The unit of the data's date whose groups cannot be split exactly. */
  unit: Place;
  /** The lines they may belong to (sub-area ids, or OWN). */
  among: Set<string>;
}

export interface Across {
  /** The sub-areas on the boundaries' date, by code. */
  children: Place[];
  /** Counted in the area, each on its line (a sub-area, OWN, or an inexact line keyed by the unit's id). */
  counted: Landed[];
  inexact: Map<string, Inexact>;
  /** May lie in the area or outside it (a split unit straddling its border): not counted, shown apart. */
  awaiting: CensusCell[];
}

type Verdict = { kind: 'out' } | { kind: 'awaiting' } | { kind: 'line'; line: string } | { kind: 'inexact'; among: string[] };

const lastId = (path: string) => path.split('/').filter(Boolean).at(-1)!;
const parentIdOf = (path: string) => path.split('/').filter(Boolean).at(-2)!;

/** Paths inside another add nothing to a prefix match. */
const outer = (paths: string[]) => [...new Set(paths)].filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));

/**
 * The census of the registry on `day` in the units valid on `boundaries`. The data is read per
 * commune from the series, as any census above a commune; each commune is placed on the
 * boundaries' date through the lineage of units (placesOn). A commune that lands in one sub-area
 * goes there whole. One that does not (formed from communes of several districts, or split among
 * several new communes) is read again per village and per group, grouped in SQL: a village found
 * through its own links lands exactly, and so does a group whose own area on the boundaries' date
 * is one of the places its commune may be; the rest stays on a line of its own, flagged as not
 * exactly divisible, rather than be shared out by a guess.
 */
export async function censusAcross(db: Db, engine: Engine, unit: Place | null, day: string, boundaries: string): Promise<Across> {
  const children = await childrenOn(db, unit?.id ?? null, boundaries);

  // Where the area lay on the data's date, and what units that ended still hold there.
  let prefixes: string[] | null = null;
  if (unit) {
    const reached = (await placesOn(db, [unit], day)).get(unit.id) ?? [];
    const paths = [unit.path, ...reached.map((r) => r.path)];
    for (const r of reached) {
      const l = await predecessorsByShare(db, r.id);
      paths.push(...l.whole, ...l.shared);
    }
    prefixes = outer(paths);
  }
  await ensureFresh({ db, engine }, 'census');
  const keyed = await cellsFromSeries(db, prefixes, day);

  const project = (c: Place): string | null => {
    if (!unit) return c.path.split('/').filter(Boolean)[0]!;
    if (c.id === unit.id) return OWN;
    if (c.path.startsWith(unit.path)) return c.path.slice(unit.path.length).split('/')[0]!;
    // Elsewhere, or a larger unit holding the area (a district's own team is no commune's).
    return null;
  };
  const judge = (candidates: Place[]): Verdict => {
    // Nothing known on that date: in the country for sure, in an area perhaps.
    if (candidates.length === 0) return unit ? { kind: 'awaiting' } : { kind: 'inexact', among: [] };
    const lines = new Set<string>();
    let outside = false;
    for (const c of candidates) {
      const p = project(c);
      if (p === null) outside = true;
      else lines.add(p);
    }
    if (lines.size === 0) return { kind: 'out' };
    if (outside) return { kind: 'awaiting' };
    if (lines.size === 1) return { kind: 'line', line: [...lines][0]! };
    return { kind: 'inexact', among: [...lines] };
  };

  const keys = await placesByIds(db, keyed.map((c) => lastId(c.path)));
  const keyById = new Map(keys.map((k) => [k.id, k]));
  const keyPlaces = await placesOn(db, keys, boundaries);
  const out: Across = { children, counted: [], inexact: new Map(), awaiting: [] };
  const refine = new Set<string>();
  const verdicts = new Map<string, Verdict>();
  for (const c of keyed) {
    const id = lastId(c.path);
    const v = verdicts.get(id) ?? verdicts.set(id, judge(keyPlaces.get(id) ?? [])).get(id)!;
    // A sub-area takes the key whole; anything else is looked at village by village.
    if (v.kind === 'line' && v.line !== OWN) out.counted.push({ line: v.line, cell: c });
    else if (v.kind !== 'out') refine.add(id);
  }
  if (refine.size === 0) return out;

  const fine = await cellsOfKeys(db, [...refine], day, boundaries);
  const areas = await placesByIds(db, fine.map((f) => f.unit_id));
  const areaById = new Map(areas.map((a) => [a.id, a]));
  const areaPlaces = await placesOn(db, areas, boundaries);
  // One cell per line, area and type: a site is an area with a group of the type.
  const merged = new Map<string, { line: string | null; area: Place; cell: CensusCell }>();
  for (const f of fine) {
    const area = areaById.get(f.unit_id)!;
    const key = keyById.get(area.level === 'village' ? parentIdOf(area.path) : area.id) ?? area;
    const candidates = areaPlaces.get(area.id) ?? [];
    // The group's own area on the boundaries' date settles it when it is one of the places its area may be.
    const own = f.then_id ? candidates.find((c) => c.id === f.then_id) : undefined;
    const v = judge(own ? [own] : candidates);
    if (v.kind === 'out') continue;
    let line: string | null = null;
    if (v.kind === 'line') line = v.line;
    else if (v.kind === 'inexact') {
      line = key.id;
      const entry = out.inexact.get(key.id) ?? out.inexact.set(key.id, { unit: key, among: new Set() }).get(key.id)!;
      for (const a of v.among) entry.among.add(a);
    }
    const k = `${line ?? '?'} ${area.id} ${f.type_code}`;
    const m = merged.get(k);
    if (m) {
      m.cell.groups += f.groups;
      m.cell.members += f.members;
    } else merged.set(k, { line, area, cell: { path: area.path, type_code: f.type_code, groups: f.groups, members: f.members, sites: 1 } });
  }
  for (const { line, area, cell } of merged.values()) {
    if (line === null) out.awaiting.push(cell);
    else out.counted.push({ line, cell, site: area.id });
  }
  return out;
}
