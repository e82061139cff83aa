import type { CensusDelta } from './past.js';
import { holds, standingOn, type Span } from '../groups/standing.js';

/** A group as the census sees it through time (see past-queries.ts `groupHistory`). */
export interface CensusGroup {
  type: string;
  founded: string;
  areas: (Span & { unit: string })[];
  statuses: (Span & { status: string })[];
  memberships: (Span & { id?: string })[];
}

/** Where the group stands on the day (groups/standing.ts) and its members then; null when it does not. */
function countedOn(g: CensusGroup, day: string): { unit: string; members: number } | null {
  const unit = standingOn(g, day);
  return unit === null ? null : { unit, members: g.memberships.filter((m) => holds(m, day)).length };
}

function breakpoints(g: CensusGroup | null): string[] {
  if (!g) return [];
  return [g.founded, ...[...g.areas, ...g.statuses, ...g.memberships].flatMap((s) => (s.to === null ? [s.from] : [s.from, s.to]))];
}

/**
 * What a write does to the census, as the difference between the group before and after it:
 * per area and period, a group counted or no longer counted, members added or removed. Only
 * the days on which either version changes can change the difference, so only those are read.
 * `before: null` is a new group; `after: null` a group removed.
 */
export function groupDeltas(before: CensusGroup | null, after: CensusGroup | null): CensusDelta[] {
  const days = [...new Set([...breakpoints(before), ...breakpoints(after)])].sort();
  const out: CensusDelta[] = [];
  const open = new Map<string, CensusDelta>();
  for (let i = 0; i < days.length; i++) {
    const day = days[i]!;
    const until = days[i + 1] ?? null;
    const diff = new Map<string, { unitId: string; typeCode: string; groups: number; members: number }>();
    const add = (g: CensusGroup | null, sign: 1 | -1) => {
      const s = g && countedOn(g, day);
      if (!s) return;
      const key = `${s.unit} ${g.type}`;
      const d = diff.get(key) ?? { unitId: s.unit, typeCode: g.type, groups: 0, members: 0 };
      d.groups += sign;
      d.members += sign * s.members;
      diff.set(key, d);
    };
    add(before, -1);
    add(after, 1);
    const next = new Map<string, CensusDelta>();
    for (const [key, d] of diff) {
      if (d.groups === 0 && d.members === 0) continue;
      // The same difference as the period just before: one longer delta, not two.
      const prev = open.get(key);
      if (prev && prev.groups === d.groups && prev.members === d.members) {
        prev.until = until;
        next.set(key, prev);
        continue;
      }
      const delta: CensusDelta = { unitId: d.unitId, typeCode: d.typeCode, from: day, until, groups: d.groups, members: d.members };
      out.push(delta);
      next.set(key, delta);
    }
    open.clear();
    for (const [k, v] of next) open.set(k, v);
  }
  return out;
}
