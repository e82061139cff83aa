import type { Actor, Deps, RequestContext } from '../../context.js';
import type { Census } from '../../../shared/census.js';
import type { Dashboard, DashboardMap } from '../../../shared/dashboard.js';
import { requirePermission } from '../../auth/guard.js';
import { covers } from '../../auth/scope.js';
import { today } from '../../lib/clock.js';
import { addDays } from '../../lib/dates.js';
import { fail } from '../../lib/errors.js';
import type { Boundaries } from '../../lib/geo/boundaries.js';
import { childrenAt, unitAt } from '../units/lineage.js';
import type { UnitRow } from '../units/queries.js';
import type { createCensusService } from '../census/service.js';
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

/** Calls `fn` once per key; later calls get the same answer. */
function once<T>(fn: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const seen = new Map<string, Promise<T>>();
  return (key) => seen.get(key) ?? seen.set(key, fn(key)).get(key)!;
}

/**
 * The home page of a province or commune: totals per type now and a year before, the monthly
 * series, the breakdown by sub-area with population, and the map of the sub-areas. Every number
 * is a census (one per month end, from the census service), so the dashboard and the census
 * page never disagree.
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
   * The codes that cover the area's ground on an earlier day: the area itself once it exists;
   * before, the units it was later formed from as a whole (a province merged in 2025 counts its
   * two old provinces), back until they exist; none when nothing is known.
   */
  async function groundAt(
    actor: Actor,
    area: UnitRow | null,
    day: string,
    formedFrom: (unitId: string) => Promise<UnitRow[]>,
  ): Promise<{ from: Tally['from']; codes: (string | undefined)[] }> {
    if (!area || area.valid_from <= day) return { from: 'area', codes: [area?.code] };
    const codes: string[] = [];
    const seen = new Set([area.id]);
    for (let frontier = [area]; frontier.length > 0; ) {
      const next: UnitRow[] = [];
      for (const u of frontier) {
        for (const p of await formedFrom(u.id)) {
          if (seen.has(p.id) || !covers(actor.scope, p.path)) continue;
          seen.add(p.id);
          if (p.valid_from <= day) codes.push(p.code);
          else next.push(p);
        }
      }
      frontier = next;
    }
    return codes.length > 0 ? { from: 'formedFrom', codes } : { from: 'none', codes: [] };
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

      // What the area was formed from is the same for every month: asked once per unit.
      const formedFrom = once((unitId: string) => formedWholeFrom(db, unitId));
      // The year before is usually one of the months: counted once.
      const tallyAt = once(async (d: string): Promise<Tally> => {
        const ground = d === day ? { from: 'area' as const, codes: [code] } : await groundAt(actor, area, d, formedFrom);
        const types: Tally['types'] = new Map();
        for (const c of ground.codes) {
          const rows = c === code && d === day ? now.rows : (await census.census(ctx, c, d)).rows;
          for (const r of rows) {
            const sum = types.get(r.type.code);
            types.set(r.type.code, {
              type: r.type,
              groups: (sum?.groups ?? 0) + r.groups,
              members: r.members === null ? (sum?.members ?? null) : (sum?.members ?? 0) + r.members,
            });
          }
        }
        return { from: ground.from, types };
      });

      const lastMonth = day.slice(0, 7);
      const points = Array.from({ length: q.months }, (_, i) => {
        const month = addMonths(lastMonth, i - q.months + 1);
        return { month, day: month === lastMonth ? day : dayOf(month) };
      });
      const beforeDay = yearBefore(date);
      const [current, before, ...series] = (await Promise.all([day, beforeDay, ...points.map((p) => p.day)].map(tallyAt))) as [Tally, Tally, ...Tally[]];

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
