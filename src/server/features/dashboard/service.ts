import type { Actor, Deps, RequestContext } from '../../context.js';
import type { Census } from '../../../shared/census.js';
import type { Dashboard, DashboardMap } from '../../../shared/dashboard.js';
import { requirePermission } from '../../auth/guard.js';
import { covers } from '../../auth/scope.js';
import { today } from '../../lib/clock.js';
import { addDays } from '../../lib/dates.js';
import { fail } from '../../lib/errors.js';
import type { Boundaries } from '../../lib/geo/boundaries.js';
import { childrenAt, predecessorsByShare, unitAt } from '../units/lineage.js';
import type { UnitRow } from '../units/queries.js';
import { typesShown, type createCensusService } from '../census/service.js';
import { censusTypes, totalsFromSeries, type SeriesAsk, type SeriesTotal } from '../census/queries.js';
import { ensureFresh } from '../../derived/refresh.js';
import { addMonths, dayOf, yearBefore } from '../../lib/months.js';
import { codeOfUnit, formedWholeFrom } from './queries.js';
import { createAreaMap } from './map.js';

type CensusSource = Pick<ReturnType<typeof createCensusService>, 'census'>;
type TypeRef = Census['rows'][number]['type'];
interface Count {
  groups: number;
  members: number | null;
}
/** Groups and members per type code on one day, and where they were counted. */
interface Tally {
  from: Dashboard['series']['points'][number]['from'];
  types: Map<string, Count & { type: TypeRef }>;
}

/** A census's rows by type code. */
function typesOf(rows: Pick<Census['rows'][number], 'type' | 'groups' | 'members'>[]): Tally['types'] {
  return new Map(rows.map((r) => [r.type.code, { type: r.type, groups: r.groups, members: r.members }]));
}

/** Calls `fn` once per key; later calls get the same answer. */
function once<T>(fn: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const seen = new Map<string, Promise<T>>();
  return (key) => seen.get(key) ?? seen.set(key, fn(key)).get(key)!;
}

/**
 * The home page of a province or commune: totals per type now and a year before, the monthly
 * series, the breakdown by sub-area with population, and the map of the sub-areas. Every number
 * is a census: today's from the census service, the other days' summed from the same series the
 * census reads (one statement for every month end), so the dashboard and the census page never
 * disagree.
 */
export function createDashboardService(deps: Deps, census: CensusSource, boundaries?: Boundaries) {
  const { db, clock } = deps;
  const areaMap = createAreaMap(deps, census, boundaries);

  /** The area asked for, else the user's own (undefined: the whole country). */
  async function areaCode(actor: Actor, unit: string | undefined): Promise<string | undefined> {
    if (unit) return unit;
    return actor.scope.unitId ? await codeOfUnit(db, actor.scope.unitId) : undefined;
  }

  /** This month; the user's own area, when it has ended, as it was on its last day. */
  function defaultDate(actor: Actor, unit: string | undefined): string {
    if (!unit && actor.scope.endedOn) return addDays(actor.scope.endedOn, -1);
    return today(clock).slice(0, 7);
  }

  /**
   * The units that cover the area's ground on an earlier day: the area itself once it exists;
   * before, the units it was later formed from as a whole (a province merged in 2025 counts its
   * two old provinces), back until they exist; none when nothing is known.
   */
  async function groundAt(
    actor: Actor,
    area: UnitRow | null,
    day: string,
    formedFrom: (unitId: string) => Promise<UnitRow[]>,
  ): Promise<{ from: Tally['from']; units: (UnitRow | null)[] }> {
    if (!area || area.valid_from <= day) return { from: 'area', units: [area] };
    const units: UnitRow[] = [];
    const seen = new Set([area.id]);
    for (let frontier = [area]; frontier.length > 0; ) {
      const next: UnitRow[] = [];
      for (const u of frontier) {
        for (const p of await formedFrom(u.id)) {
          if (seen.has(p.id) || !covers(actor.scope, p.path)) continue;
          seen.add(p.id);
          if (p.valid_from <= day) units.push(p);
          else next.push(p);
        }
      }
      frontier = next;
    }
    return units.length > 0 ? { from: 'formedFrom', units } : { from: 'none', units: [] };
  }

  /**
   * The totals per type of each unit's census (null: the country) on each of its days, as the
   * census counts them (its `rows`), read from the series in one statement for every unit and
   * day. A village, which the series does not hold apart from its commune, is asked of the census.
   */
  async function censusTotals(ctx: RequestContext, asked: Map<UnitRow | null, string[]>): Promise<Map<UnitRow | null, Map<string, Tally['types']>>> {
    const out = new Map<UnitRow | null, Map<string, Tally['types']>>();
    const types = await censusTypes(db);
    /** Per statement row: the unit asked, and whether only its types are wanted (a shared area). */
    const asks: (SeriesAsk & { unit: UnitRow | null; typesOnly: boolean })[] = [];
    for (const [unit, days] of asked) {
      const byDay = new Map<string, Tally['types']>();
      out.set(unit, byDay);
      if (unit?.level === 'village') {
        for (const d of days) byDay.set(d, typesOf((await census.census(ctx, unit.code, d)).rows));
        continue;
      }
      // As the census: the unit and what went into it whole; what it shares with a neighbour
      // is not counted, but the types found there are listed.
      const lineage = unit ? await predecessorsByShare(db, unit.id) : null;
      asks.push({ prefixes: unit ? [unit.path, ...lineage!.whole] : null, days, unit, typesOnly: false });
      if (lineage && lineage.shared.length > 0) asks.push({ prefixes: lineage.shared, days, unit, typesOnly: true });
    }
    if (asks.length === 0) return out;
    await ensureFresh(deps, 'census');
    const found = new Map<string, SeriesTotal[]>();
    for (const t of await totalsFromSeries(db, asks)) {
      const key = `${t.ask} ${t.day}`;
      found.set(key, [...(found.get(key) ?? []), t]);
    }
    for (const [i, a] of asks.entries()) {
      if (a.typesOnly) continue;
      const shared = asks[i + 1]?.typesOnly ? i + 1 : -1;
      for (const d of a.days) {
        const counted = new Map((found.get(`${i} ${d}`) ?? []).map((t) => [t.type_code, t]));
        const listed = new Set([...counted.keys(), ...(found.get(`${shared} ${d}`) ?? []).map((t) => t.type_code)]);
        const rows = typesShown(types, d, listed).map((t) => ({
          type: { code: t.code, name: t.name },
          groups: counted.get(t.code)?.groups ?? 0,
          members: t.counts_members === 1 ? (counted.get(t.code)?.members ?? 0) : null,
        }));
        out.get(a.unit)!.set(d, typesOf(rows));
      }
    }
    return out;
  }

  return {
    async dashboard(ctx: RequestContext, q: { unit?: string; date?: string; months: number }): Promise<Dashboard> {
      const actor = requirePermission(ctx, 'groups.read');
      const date = q.date ?? defaultDate(actor, q.unit);
      const day = dayOf(date);
      const code = await areaCode(actor, q.unit);
      // The census refuses an unknown area, one out of scope, or a date that is not one.
      const now = await census.census(ctx, code, day);
      const area = code ? ((await unitAt(db, code, day)) ?? fail('UNIT_NOT_FOUND')) : null;

      const lastMonth = day.slice(0, 7);
      const points = Array.from({ length: q.months }, (_, i) => {
        const month = addMonths(lastMonth, i - q.months + 1);
        return { month, day: month === lastMonth ? day : dayOf(month) };
      });
      const beforeDay = yearBefore(date);

      // Every other day's ground (what the area was formed from is asked once per unit), then
      // the census of each unit on each of its days at once.
      const formedFrom = once((unitId: string) => formedWholeFrom(db, unitId));
      const grounds = new Map<string, Awaited<ReturnType<typeof groundAt>>>();
      const asked = new Map<UnitRow | null, string[]>();
      for (const d of new Set([beforeDay, ...points.map((p) => p.day)])) {
        if (d === day) continue;
        const ground = await groundAt(actor, area, d, formedFrom);
        grounds.set(d, ground);
        for (const u of ground.units) asked.set(u, [...(asked.get(u) ?? []), d]);
      }
      const totals = await censusTotals(ctx, asked);
      const tallyAt = (d: string): Tally => {
        if (d === day) return { from: 'area', types: typesOf(now.rows) };
        const ground = grounds.get(d)!;
        const types: Tally['types'] = new Map();
        for (const u of ground.units) {
          for (const [c, r] of totals.get(u)!.get(d)!) {
            const sum = types.get(c);
            types.set(c, {
              type: r.type,
              groups: (sum?.groups ?? 0) + r.groups,
              members: r.members === null ? (sum?.members ?? null) : (sum?.members ?? 0) + r.members,
            });
          }
        }
        return { from: ground.from, types };
      };
      const [current, before, ...series] = [day, beforeDay, ...points.map((p) => p.day)].map(tallyAt) as [Tally, Tally, ...Tally[]];

      // The types of today's census in its order, then any that only earlier months had.
      const types = new Map(now.rows.map((r) => [r.type.code, r.type]));
      for (const t of [before, ...series]) for (const [c, v] of t.types) if (!types.has(c)) types.set(c, v.type);
      const countsMembers = new Set([before, ...series].flatMap((t) => [...t.types.values()].filter((v) => v.members !== null).map((v) => v.type.code)));
      const known = (t: Tally) => t.from !== 'none';
      const countOf = (t: Tally, c: string): Count => {
        const v = t.types.get(c);
        return { groups: v?.groups ?? 0, members: v?.members ?? (countsMembers.has(c) ? 0 : null) };
      };

      const children = new Map((await childrenAt(db, area?.id ?? null, day)).map((u) => [u.code, u]));
      const drawable = await areaMap.drawable([...children.values()]);
      return {
        unit: area ? { code: area.code, name: area.name, kind: area.kind, level: area.level, population: area.population } : null,
        date,
        day,
        yearBefore: beforeDay,
        totals: [...types.values()].map((type) => {
          const n = countOf(current, type.code);
          const b = known(before) ? countOf(before, type.code) : null;
          return {
            type,
            now: n,
            before: b,
            change: b
              ? { groups: n.groups - b.groups, members: n.members === null ? null : n.members - (b.members ?? 0) }
              : null,
          };
        }),
        series: {
          points: points.map((p, i) => ({ ...p, from: series[i]!.from })),
          types: [...types.values()].map((type) => ({
            type,
            groups: series.map((t) => (known(t) ? countOf(t, type.code).groups : null)),
            members: series.map((t) => (known(t) ? countOf(t, type.code).members : null)),
          })),
        },
        breakdown: now.breakdown.map((b) => {
          const unit = b.unit ? children.get(b.unit.code) : undefined;
          const groups = b.rows.reduce((n, r) => n + r.groups, 0);
          const population = unit?.population ?? null;
          return {
            unit: b.unit,
            rows: b.rows,
            groups,
            population,
            perThousand: population ? Math.round((groups * 100_000) / population) / 100 : null,
            boundary: unit ? drawable.has(unit.id) : false,
          };
        }),
      };
    },

    /** The map of the sub-areas (map.ts), for the same area and day as the dashboard. */
    async map(ctx: RequestContext, q: { unit?: string; date?: string }): Promise<DashboardMap> {
      const actor = requirePermission(ctx, 'groups.read');
      const day = dayOf(q.date ?? defaultDate(actor, q.unit));
      const code = await areaCode(actor, q.unit);
      const area = code ? ((await unitAt(db, code, day)) ?? fail('UNIT_NOT_FOUND')) : null;
      if (area ? !covers(actor.scope, area.path) : actor.scope.path !== null) fail('OUT_OF_SCOPE');
      return areaMap.map(ctx, actor.scope, area, day);
    },
  };
}
