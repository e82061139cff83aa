/**
 * The census of one commune through time, computed from its registry: per model type, the days
 * on which the number of standing groups, their members or the model sites changed, and the
 * values from each such day on. A census on day D then reads, per commune and type, the last
 * row on or before D instead of walking every group and membership.
 *
 * Intervals are [from, to) with ISO days; `to: null` is open-ended, as in the registry. Where a
 * group stands is the one rule of groups/standing.ts.
 */
import { overlap, standingSpans, type Span } from '../groups/standing.js';

export interface SweptGroup {
  type: string;
  founded: string;
  /** The group's areas inside this commune. */
  areas: (Span & { unit: string })[];
  statuses: (Span & { status: string })[];
  memberships: Span[];
}

export interface SeriesRow {
  type: string;
  from: string;
  groups: number;
  members: number;
  sites: number;
}

interface Changes {
  groups: number;
  members: number;
  units: Map<string, number>;
}

export function sweep(groups: SweptGroup[]): SeriesRow[] {
  const byType = new Map<string, Map<string, Changes>>();
  const at = (type: string, day: string): Changes => {
    let days = byType.get(type);
    if (!days) byType.set(type, (days = new Map()));
    let c = days.get(day);
    if (!c) days.set(day, (c = { groups: 0, members: 0, units: new Map() }));
    return c;
  };
  const add = (type: string, span: Span, groups: number, members: number, unit?: string) => {
    const start = at(type, span.from);
    start.groups += groups;
    start.members += members;
    if (unit) start.units.set(unit, (start.units.get(unit) ?? 0) + 1);
    if (span.to === null) return;
    const end = at(type, span.to);
    end.groups -= groups;
    end.members -= members;
    if (unit) end.units.set(unit, (end.units.get(unit) ?? 0) - 1);
  };

  for (const g of groups) {
    for (const p of standingSpans(g)) {
      add(g.type, p, 1, 0, p.unit);
      for (const m of g.memberships) {
        const o = overlap(m, p);
        if (o) add(g.type, o, 0, 1);
      }
    }
  }

  const rows: SeriesRow[] = [];
  for (const [type, days] of byType) {
    let groupCount = 0;
    let memberCount = 0;
    let sites = 0;
    const perUnit = new Map<string, number>();
    let last: SeriesRow | undefined;
    for (const day of [...days.keys()].sort()) {
      const c = days.get(day)!;
      groupCount += c.groups;
      memberCount += c.members;
      for (const [unit, d] of c.units) {
        const before = perUnit.get(unit) ?? 0;
        const after = before + d;
        perUnit.set(unit, after);
        if (before === 0 && after > 0) sites++;
        if (before > 0 && after === 0) sites--;
      }
      if (last && last.groups === groupCount && last.members === memberCount && last.sites === sites) continue;
      last = { type, from: day, groups: groupCount, members: memberCount, sites };
      rows.push(last);
    }
  }
  return rows;
}
