import type { Db } from '../../db/connection.js';
import type { UnitRow } from './queries.js';
import { validAt } from './queries.js';

/** What a walk needs of a unit. */
export type Place = Pick<UnitRow, 'id' | 'code' | 'name' | 'kind' | 'level' | 'path' | 'valid_from' | 'valid_to' | 'province_code'>;

const COLUMNS = ['id', 'code', 'name', 'kind', 'level', 'path', 'valid_from', 'valid_to', 'province_code'] as const;
const CHUNK = 500;
/** Reorganisations a walk may cross; far more than a century holds, and a guard against a cycle. */
const MAX_STEPS = 24;

async function chunked<T>(ids: string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await read(ids.slice(i, i + CHUNK))));
  return out;
}

const validOn = (u: Place, date: string) => u.valid_from <= date && (u.valid_to === null || u.valid_to > date);
const parentIdOf = (u: Place) => u.path.split('/').filter(Boolean).at(-2) ?? null;

/**
 * Where each unit's territory lay on another date, in the units valid then: the unit itself when
 * it was valid; else what it became (forward through the reorganisations' links) or what it was
 * formed from (backward). A unit with no link that way (a village created later, one of a split
 * commune still awaiting placement) stands in for by its parent, which holds it. So a village
 * found through its own links is exact, and anything else is as precise as the map allows: the
 * answer lists every unit the territory may lie in. Batched: a few statements per step, however
 * many units.
 */
export async function placesOn(db: Db, units: Place[], date: string): Promise<Map<string, Place[]>> {
  const out = new Map<string, Map<string, Place>>(units.map((u) => [u.id, new Map()]));
  // Each start's frontier; a unit met twice by one start is walked once.
  let frontier = new Map<string, Place[]>(units.map((u) => [u.id, [u]]));
  const seen = new Map<string, Set<string>>(units.map((u) => [u.id, new Set()]));
  for (let step = 0; step < MAX_STEPS && frontier.size > 0; step++) {
    const forward = new Set<string>();
    const backward = new Set<string>();
    for (const [start, list] of frontier) {
      for (const u of list) {
        if (validOn(u, date)) out.get(start)!.set(u.id, u);
        else if (u.valid_from > date) backward.add(u.id);
        else forward.add(u.id);
      }
    }
    const ahead = await chunked([...forward], (c) =>
      db.selectFrom('unit_links as l').innerJoin('units as u', 'u.id', 'l.to_unit_id').select(COLUMNS.map((k) => `u.${k}` as const)).select('l.from_unit_id as via').where('l.from_unit_id', 'in', c).execute(),
    );
    const behind = await chunked([...backward], (c) =>
      db.selectFrom('unit_links as l').innerJoin('units as u', 'u.id', 'l.from_unit_id').select(COLUMNS.map((k) => `u.${k}` as const)).select('l.to_unit_id as via').where('l.to_unit_id', 'in', c).execute(),
    );
    const linked = new Map<string, Place[]>();
    for (const { via, ...u } of [...ahead, ...behind]) (linked.get(via) ?? linked.set(via, []).get(via)!).push(u);
    // Dead ends hand over to their parents.
    const parentIds = new Map<string, string>();
    for (const list of frontier.values()) {
      for (const u of list) {
        const p = validOn(u, date) || linked.has(u.id) ? null : parentIdOf(u);
        if (p) parentIds.set(u.id, p);
      }
    }
    const parents = new Map(
      (await chunked([...new Set(parentIds.values())], (c) => db.selectFrom('units').select(COLUMNS).where('id', 'in', c).execute())).map((p) => [p.id, p]),
    );
    const next = new Map<string, Place[]>();
    for (const [start, list] of frontier) {
      const seenHere = seen.get(start)!;
      const step: Place[] = [];
      for (const u of list) {
        if (validOn(u, date)) continue;
        const more = linked.get(u.id) ?? (parentIds.has(u.id) && parents.has(parentIds.get(u.id)!) ? [parents.get(parentIds.get(u.id)!)!] : []);
        for (const m of more) {
          if (seenHere.has(m.id)) continue;
          seenHere.add(m.id);
          step.push(m);
        }
      }
      if (step.length > 0) next.set(start, step);
    }
    frontier = next;
  }
  return new Map([...out].map(([id, found]) => [id, [...found.values()]]));
}

/** The units with these ids (for a walk's start). */
export async function placesByIds(db: Db, ids: string[]): Promise<Place[]> {
  return chunked([...new Set(ids)], (c) => db.selectFrom('units').select(COLUMNS).where('id', 'in', c).execute());
}

/** The units directly under a unit (or the provinces, for none) valid on a date, by code. */
export async function childrenOn(db: Db, parentId: string | null, date: string): Promise<Place[]> {
  let q = db.selectFrom('units').select(COLUMNS).where((eb) => validAt(eb.ref('valid_from'), eb.ref('valid_to'), date));
  q = parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId);
  return q.orderBy('code').execute();
}
