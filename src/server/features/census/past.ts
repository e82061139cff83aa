import type { Deps } from '../../context.js';
import type { PastCensusChange } from '../../../shared/group-import.js';
import { covers, type Scope } from '../../auth/scope.js';
import { fail } from '../../lib/errors.js';
import { addMonths, monthEnd } from '../../lib/months.js';
import { cellsFromRegistry, cellsFromSeries, type CensusCell } from './queries.js';
import { ensureFresh } from '../../derived/refresh.js';
import { areaUnits, recordedCensuses, typesCountingMembers, type AreaUnit } from './past-queries.js';

/**
 * Protecting the past: a census that was reported or exported (recorded), or one of a month
 * more than a month old, is what officers have already sent up or relied on. A write that
 * changes one must say which areas and months change and by how much, and be confirmed.
 */
export interface CensusDelta {
  /** The village or commune the group stands in for that period. */
  unitId: string;
  typeCode: string;
  /** YYYY-MM-DD: the first day the change counts. */
  from: string;
  /** The first day it no longer counts; null: open-ended. */
  until: string | null;
  /** +1: a group counted over the period that was not; -1: the reverse. */
  groups: number;
  /** Members added (+) or removed (-) over the period. */
  members: number;
}

export interface PastCensusChanges {
  /** Recorded censuses first, then the most recent old month of each commune, province and the country. */
  changes: PastCensusChange[];
  /** Every (area, month or recorded day) census that changes, listed or not. */
  count: number;
  confirmationNeeded: boolean;
}

/** At most this many changes are listed, and so at most this many censuses read. */
export const PAST_CHANGES_LISTED = 50;
/** Old months that never left the system are listed for these levels (and the country), not every village. */
const LISTED_LEVELS = new Set(['province', 'commune']);
const COUNTRY = '';

interface Net {
  groups: number;
  members: number;
}
type Interval = Net & { from: string; until: string | null };

const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
const isMonthEnd = (day: string) => monthEnd(day.slice(0, 7)) === day;

/**
 * The net change of an area through time, from the deltas inside it: disjoint periods, in
 * order, each with a non-zero change. A group moved between two villages of one commune
 * changes each village and not the commune.
 */
function netIntervals(deltas: Interval[]): Interval[] {
  const steps = new Map<string, Net>();
  const step = (day: string, g: number, m: number) => {
    const s = steps.get(day) ?? { groups: 0, members: 0 };
    s.groups += g;
    s.members += m;
    steps.set(day, s);
  };
  for (const d of deltas) {
    step(d.from, d.groups, d.members);
    if (d.until !== null) step(d.until, -d.groups, -d.members);
  }
  const days = [...steps.keys()].sort();
  const out: Interval[] = [];
  let groups = 0;
  let members = 0;
  for (let i = 0; i < days.length; i++) {
    groups += steps.get(days[i]!)!.groups;
    members += steps.get(days[i]!)!.members;
    if (groups === 0 && members === 0) continue;
    const until = days[i + 1] ?? null;
    const last = out[out.length - 1];
    if (last && last.until === days[i] && last.groups === groups && last.members === members) last.until = until;
    else out.push({ from: days[i]!, until, groups, members });
  }
  return out;
}

function netOn(intervals: Interval[], day: string): Net | null {
  const i = intervals.find((x) => x.from <= day && (x.until === null || x.until > day));
  return i ? { groups: i.groups, members: i.members } : null;
}

/** How many months end in [from, end): arithmetic, not a walk. */
function monthEndsIn(from: string, end: string): number {
  if (from >= end) return 0;
  // A month's last day is never before any of its days, so the month of `end` ends on or after it.
  return Math.max(0, monthIndex(end) - 1 - monthIndex(from) + 1);
}

/**
 * Which censuses of the past the deltas change, and whether the write must be confirmed. The
 * scope limits what is listed (with figures) to the areas the user may see; a recorded census
 * outside it still counts and still asks for confirmation, without its figures.
 */
export async function pastCensusChanges(deps: Deps, deltas: CensusDelta[], now: string, scope?: Scope): Promise<PastCensusChanges> {
  const { db } = deps;
  const none: PastCensusChanges = { changes: [], count: 0, confirmationNeeded: false };
  const counting = await typesCountingMembers(db, [...new Set(deltas.map((d) => d.typeCode))]);

  // An import gives many deltas: summed per unit and period first (types fold together, as the
  // change lists areas and months, with members only of the types that count them).
  const merged = new Map<string, Interval & { unitId: string }>();
  for (const d of deltas) {
    const members = counting.has(d.typeCode) ? d.members : 0;
    if (d.groups === 0 && members === 0) continue;
    if (d.until !== null && d.until <= d.from) continue;
    const key = `${d.unitId} ${d.from} ${d.until ?? ''}`;
    const m = merged.get(key);
    if (m) {
      m.groups += d.groups;
      m.members += members;
    } else merged.set(key, { unitId: d.unitId, from: d.from, until: d.until, groups: d.groups, members });
  }
  if (merged.size === 0) return none;

  // Every area a delta lies in: its unit and the unit's ancestors (by the path), and the country.
  const units = new Map((await areaUnits(db, [...new Set([...merged.values()].map((d) => d.unitId))])).map((u) => [u.id, u]));
  const ancestorIds = new Set([...units.values()].flatMap((u) => u.path.split('/').filter(Boolean)));
  const areas = new Map<string, AreaUnit>((await areaUnits(db, [...ancestorIds])).map((u) => [u.id, u]));
  const inArea = new Map<string, Interval[]>([[COUNTRY, []]]);
  for (const d of merged.values()) {
    const unit = units.get(d.unitId);
    if (!unit) continue;
    inArea.get(COUNTRY)!.push(d);
    for (const id of unit.path.split('/').filter(Boolean)) {
      const list = inArea.get(id);
      if (list) list.push(d);
      else inArea.set(id, [d]);
    }
  }
  const net = new Map([...inArea].map(([id, list]) => [id, netIntervals(list)]));
  const changed = [...net].filter(([, list]) => list.length > 0);
  if (changed.length === 0) return none;

  // Recorded censuses of those areas from the first day any change counts.
  const firstDay = changed.reduce((min, [, list]) => (list[0]!.from < min ? list[0]!.from : min), '9999-12-31');
  const areaOfPath = new Map([...areas.values()].map((a) => [a.path, a.id]));
  const recorded = await recordedCensuses(db, changed.map(([id]) => (id === COUNTRY ? null : areas.get(id)!.path)), firstDay);
  const recordedChanges: { area: string; day: string; net: Net }[] = [];
  for (const r of recorded) {
    const area = r.area_path === null ? COUNTRY : areaOfPath.get(r.area_path);
    if (area === undefined) continue;
    const n = netOn(net.get(area)!, r.census_date);
    if (n) recordedChanges.push({ area, day: r.census_date, net: n });
  }
  const recordedKeys = new Set(recordedChanges.map((r) => `${r.area} ${r.day}`));

  // Months more than a month old: ending before the first day of last month.
  const cutoff = `${addMonths(now.slice(0, 7), -1)}-01`;
  let oldCount = 0;
  for (const [, list] of changed) {
    for (const i of list) oldCount += monthEndsIn(i.from, i.until === null || i.until > cutoff ? cutoff : i.until);
  }
  // A recorded census of an old month's last day is already counted among the recorded ones.
  oldCount -= recordedChanges.filter((r) => r.day < cutoff && isMonthEnd(r.day)).length;
  const count = recordedChanges.length + oldCount;
  if (count === 0) return none;

  const visible = (area: string) => (area === COUNTRY ? scope === undefined || scope.path === null : scope === undefined || covers(scope, areas.get(area)!.path));
  const depth = (area: string) => (area === COUNTRY ? 0 : areas.get(area)!.path.length);
  const listed: { area: string; day: string; reported: boolean; net: Net }[] = recordedChanges
    .filter((r) => visible(r.area))
    .sort((a, b) => b.day.localeCompare(a.day) || depth(a.area) - depth(b.area))
    .map((r) => ({ ...r, reported: true }));

  // Of the old months never recorded, the most recent one of the country, each province and each commune.
  const latestOld: { area: string; day: string; net: Net }[] = [];
  for (const [area, list] of changed) {
    if (area !== COUNTRY && !LISTED_LEVELS.has(areas.get(area)!.level)) continue;
    if (!visible(area)) continue;
    const found = latestOldMonth(list, cutoff, (day) => recordedKeys.has(`${area} ${day}`));
    if (found) latestOld.push({ area, ...found });
  }
  latestOld.sort((a, b) => depth(a.area) - depth(b.area) || b.day.localeCompare(a.day) || a.area.localeCompare(b.area));
  listed.push(...latestOld.map((r) => ({ ...r, reported: false })));
  listed.splice(PAST_CHANGES_LISTED);

  const before = await censusReader(deps, areas);
  const changes: PastCensusChange[] = [];
  for (const l of listed) {
    const b = await before(l.area, l.day);
    const unit = l.area === COUNTRY ? null : areas.get(l.area)!;
    changes.push({
      unit: unit ? { code: unit.code, name: unit.name } : null,
      date: isMonthEnd(l.day) ? l.day.slice(0, 7) : l.day,
      reported: l.reported,
      groups: { before: b.groups, after: b.groups + l.net.groups },
      members: { before: b.members, after: b.members + l.net.members },
    });
  }
  return { changes, count, confirmationNeeded: true };
}

/**
 * The guard of a write: refuses it (409 PAST_CENSUS_CHANGE, the changes in the details) when it
 * changes protected censuses and was not confirmed; confirmed, returns what the audit row keeps.
 * Called before the write's transaction: reading a province's census may bring the series up to date.
 */
export async function guardPast(deps: Deps, scope: Scope, deltas: CensusDelta[], confirmed: boolean | undefined) {
  if (deltas.length === 0) return null;
  const r = await pastCensusChanges(deps, deltas, deps.clock.now().toISOString(), scope);
  if (!r.confirmationNeeded) return null;
  const details = { pastChanges: r.changes, pastChangeCount: r.count };
  if (!confirmed) fail('PAST_CENSUS_CHANGE', undefined, details);
  return details;
}

/** The last day of the most recent old month in the periods that is not recorded (recorded ones are listed already). */
function latestOldMonth(list: Interval[], cutoff: string, isRecorded: (day: string) => boolean): { day: string; net: Net } | null {
  for (let i = list.length - 1; i >= 0; i--) {
    const x = list[i]!;
    const end = x.until === null || x.until > cutoff ? cutoff : x.until;
    if (x.from >= end) continue;
    for (let month = addMonths(end.slice(0, 7), -1); month >= x.from.slice(0, 7); month = addMonths(month, -1)) {
      const day = monthEnd(month);
      if (day < x.from) break;
      if (!isRecorded(day)) return { day, net: { groups: x.groups, members: x.members } };
    }
  }
  return null;
}

/**
 * The census as it stands, per area and day, the way the census page reads it: a commune or
 * village from the registry, anything larger from the series (made fresh once, see derived/refresh.ts).
 */
async function censusReader(deps: Deps, areas: Map<string, AreaUnit>) {
  const { db } = deps;
  let fresh = false;
  const memo = new Map<string, Net>();
  const counting = new Set<string>();
  const checked = new Set<string>();
  return async (area: string, day: string): Promise<Net> => {
    const key = `${area} ${day}`;
    const known = memo.get(key);
    if (known) return known;
    const unit = area === COUNTRY ? null : areas.get(area)!;
    let cells: CensusCell[];
    if (unit && (unit.level === 'commune' || unit.level === 'village')) cells = await cellsFromRegistry(db, [unit.id], day);
    else {
      if (!fresh) await ensureFresh(deps, 'census');
      fresh = true;
      cells = await cellsFromSeries(db, unit ? [unit.path] : null, day);
    }
    const unknown = [...new Set(cells.map((c) => c.type_code))].filter((t) => !checked.has(t));
    for (const t of await typesCountingMembers(db, unknown)) counting.add(t);
    for (const t of unknown) checked.add(t);
    const n = {
      groups: cells.reduce((s, c) => s + c.groups, 0),
      members: cells.reduce((s, c) => s + (counting.has(c.type_code) ? c.members : 0), 0),
    };
    memo.set(key, n);
    return n;
  };
}
