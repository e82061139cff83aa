import type { Db } from '../../db/connection.js';
import { predecessorVillages, villagesSharingName } from './queries.js';

/** How far back a chain of renames inside one commune is followed to the commune a village came from. */
const MAX_STEPS = 20;

/** "Phường Đô Vinh" → "Đô Vinh": a commune's name without the word for its kind. */
export function shortName(name: string, kind: string | null): string {
  const k = kind?.trim();
  if (k && name.toLocaleLowerCase('vi').startsWith(`${k.toLocaleLowerCase('vi')} `)) return name.slice(k.length + 1).trim();
  return name;
}

/**
 * The commune each village came from, read from the lineage: the village it was formed from and
 * that village's commune then (its record of the day before the change); renames and other links
 * inside one commune are followed back. A village made in its commune, with nothing before it in
 * another, is not in the map. One statement per step back, for the whole list.
 */
export async function formerCommunes(db: Db, villages: { id: string; parent_id: string | null }[]): Promise<Map<string, { name: string; kind: string | null }>> {
  const from = new Map<string, { name: string; kind: string | null }>();
  let frontier = new Map(villages.map((v) => [v.id, { start: v.id, parent: v.parent_id }]));
  for (let step = 0; step < MAX_STEPS && frontier.size > 0; step++) {
    const links = await predecessorVillages(db, [...frontier.keys()]);
    const next = new Map<string, { start: string; parent: string | null }>();
    for (const l of links) {
      const at = frontier.get(l.to_unit_id)!;
      if (from.has(at.start)) continue;
      if (l.from_parent_id !== at.parent && l.parent_name) from.set(at.start, { name: l.parent_name, kind: l.parent_kind });
      else if (l.from_parent_id === at.parent && !next.has(l.from_id)) next.set(l.from_id, at);
    }
    frontier = new Map([...next].filter(([, at]) => !from.has(at.start)));
  }
  return from;
}

/**
 * What tells villages of one name apart, by id: for a village whose name another village of its
 * commune also carries (on `day`; without a day, at any time of its own period), the name with
 * the commune it came from — "Khu phố 1 (Bảo An cũ)" —, read from the lineage: the village it
 * was formed from, and that village's commune on the day before the change (renames inside the
 * commune are followed back). Failing that, or when two such villages came from one commune,
 * its code: "Khu phố 1 (22738-KP1)". Villages with a name of their own are not in the map.
 * A few statements per list, whatever its length: the siblings, then the links, a step at a time.
 */
export async function villageLabels(db: Db, ids: Iterable<string>, day: string | null): Promise<Map<string, string>> {
  const shared = await villagesSharingName(db, [...new Set(ids)], day);
  const labels = new Map<string, string>();
  if (shared.length === 0) return labels;

  const formerOf = await formerCommunes(db, shared);
  const from = new Map([...formerOf].map(([id, c]) => [id, shortName(c.name, c.kind)]));

  // Two of one name from one former commune (or from none) are told apart by their codes.
  const key = (v: (typeof shared)[number]) => `${v.parent_id} ${v.name} ${from.get(v.id) ?? ''}`;
  const seen = new Map<string, number>();
  for (const v of shared) seen.set(key(v), (seen.get(key(v)) ?? 0) + 1);
  for (const v of shared) {
    const former = from.get(v.id);
    labels.set(v.id, former !== undefined && seen.get(key(v)) === 1 ? `${v.name} (${former} cũ)` : `${v.name} (${v.code})`);
  }
  return labels;
}
