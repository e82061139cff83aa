import type { Deps, RequestContext } from '../../context.js';
import type { Census } from '../../../shared/census.js';
import type { DashboardMap, MapLayer } from '../../../shared/dashboard.js';
import { covers, type Scope } from '../../auth/scope.js';
import { addDays } from '../../lib/dates.js';
import { fromPackageRoot } from '../../lib/package-root.js';
import { BOUNDARY_DATE, createBoundaries, layoutBoundaries, SIMPLIFY_BY_LEVEL, type Boundaries, type Boundary } from '../../lib/geo/boundaries.js';
import { simplifyMultiPolygon, type MultiPolygon } from '../../lib/geo/simplify.js';
import { childrenAt } from '../units/lineage.js';
import type { UnitRow } from '../units/queries.js';
import { boundaryRows, boundaryStamps, formedFromWithParents, formedWholeFrom } from './queries.js';

type CensusSource = { census(ctx: RequestContext, code: string | undefined, date: string): Promise<Census> };
/** What placing a unit on a map needs to know of it. */
type Place = Pick<UnitRow, 'id' | 'code' | 'name' | 'valid_from' | 'valid_to'>;
type Ref = { code: string; name: string };

/** Read once per process: the files do not change while it runs. */
const sharedBoundaries = createBoundaries(fromPackageRoot('data', 'gis'));

const feature = (code: string, name: string, geometry: MultiPolygon) =>
  ({ type: 'Feature' as const, properties: { code, name }, geometry: { type: 'MultiPolygon' as const, coordinates: geometry } });

const withProperties = <F extends { properties: object }, P extends object>(f: F, extra: P) => ({ ...f, properties: { ...f.properties, ...extra } });

const groupsOf = (rows: { groups: number }[]) => rows.reduce((n, r) => n + r.groups, 0);

/**
 * The map of an area's sub-areas on a day. Boundaries come from the database (imported with
 * `import-boundaries`, keyed by unit) first, else from the files shipped in data/gis (the units
 * of 2025-03-01). An area formed by the 2025 reform whose sub-areas have none yet is drawn on the
 * map of before: the outline of the units it was formed from, and their districts as a layer
 * marked as the boundaries before the reform, with the area's groups counted into them (see
 * docs/domain.md, "The map before the reform").
 */
export function createAreaMap(deps: Deps, census: CensusSource, files: Boundaries = sharedBoundaries) {
  const { db } = deps;
  /**
   * Imported geometries already parsed, by unit, with the time they were stored: a request reads
   * only the units' stamps and parses again only what another import (in any process) replaced.
   */
  const parsed = new Map<string, { importedAt: string; geometry: MultiPolygon; drawn: Map<string, MultiPolygon> }>();

  const inFiles = (u: Place) => files.has(u.code) && u.valid_from <= BOUNDARY_DATE && (u.valid_to === null || u.valid_to > BOUNDARY_DATE);

  /**
   * The boundary of each of these units that has one (by unit id): imported first, else the
   * file's. An imported one is kept as finely as its own level needs (a commune about 20 m); drawn
   * on a larger area's map it is simplified again to that map's scale (`scale`: the level of the
   * area drawn), once per process, so that a province's 65 communes stay small.
   */
  async function boundariesOf(units: Place[], scale: string): Promise<Map<string, Boundary>> {
    const stamps = new Map((await boundaryStamps(db, units.map((u) => u.id))).map((s) => [s.unit_id, s.imported_at]));
    const stale = [...stamps].filter(([id, at]) => parsed.get(id)?.importedAt !== at).map(([id]) => id);
    if (stale.length > 0) {
      for (const r of await boundaryRows(db, stale)) parsed.set(r.unit_id, { importedAt: r.imported_at, geometry: JSON.parse(r.geometry) as MultiPolygon, drawn: new Map() });
    }
    const out = new Map<string, Boundary>();
    for (const u of units) {
      const geometry = stamps.has(u.id) ? atScale(parsed.get(u.id), scale) : inFiles(u) ? files.get(u.code)?.geometry : undefined;
      if (geometry) out.set(u.id, { code: u.code, name: u.name, geometry });
    }
    return out;
  }

  function atScale(entry: { geometry: MultiPolygon; drawn: Map<string, MultiPolygon> } | undefined, scale: string): MultiPolygon | undefined {
    if (!entry) return undefined;
    const { tolerance, decimals } = SIMPLIFY_BY_LEVEL[scale] ?? SIMPLIFY_BY_LEVEL.province!;
    const key = `${tolerance} ${decimals}`;
    return entry.drawn.get(key) ?? entry.drawn.set(key, simplifyMultiPolygon(entry.geometry, tolerance, decimals)).get(key);
  }

  /** Which of these units the map can draw (ids). */
  async function drawable(units: Place[]): Promise<Set<string>> {
    const imported = new Set((await boundaryStamps(db, units.map((u) => u.id))).map((s) => s.unit_id));
    return new Set(units.filter((u) => imported.has(u.id) || inFiles(u)).map((u) => u.id));
  }

  /**
   * Where a unit of today lay before the reform: the district of the units it was formed from
   * when they lay in one; when in several, the one holding the larger part by population where
   * every one of them has a population recorded; else none (it spans districts).
   */
  function placeOf(links: Awaited<ReturnType<typeof formedFromWithParents>>): { district: Ref & { id: string } } | { among: Ref[] } | null {
    const districts = new Map<string, { ref: Ref & { id: string }; population: number | null }>();
    for (const l of links) {
      if (!l.parent_id || l.parent_level !== 'district') continue;
      const d = districts.get(l.parent_id) ?? districts.set(l.parent_id, { ref: { id: l.parent_id, code: l.parent_code!, name: l.parent_name! }, population: 0 }).get(l.parent_id)!;
      d.population = d.population === null || l.population === null ? null : d.population + l.population;
    }
    const all = [...districts.values()];
    if (all.length === 0) return null;
    if (all.length === 1) return { district: all[0]!.ref };
    if (all.every((d) => d.population !== null)) {
      const [first, second] = all.sort((a, b) => b.population! - a.population!);
      if (first!.population! > second!.population!) return { district: first!.ref };
    }
    return { among: all.map((d) => ({ code: d.ref.code, name: d.ref.name })).sort((a, b) => a.code.localeCompare(b.code)) };
  }

  /**
   * The districts before the reform that the area's ground lay in (a province: those of the
   * provinces it was formed from; a commune: those of the communes it was formed from), each with
   * the area's groups of the day counted into it; null when the area was not formed by a reform
   * or none of those districts has a boundary.
   */
  async function before(ctx: RequestContext, scope: Scope, area: UnitRow, day: string) {
    let districts: Place[] = [];
    let lastDay = '';
    const links = (await formedFromWithParents(db, [area.id])).filter((l) => l.valid_to !== null && l.valid_to <= day);
    if (links.length === 0) return null;
    if (area.level === 'province') {
      for (const p of await formedWholeFrom(db, area.id)) {
        if (p.valid_to === null || p.valid_to > day || !covers(scope, p.path)) continue;
        const eve = addDays(p.valid_to, -1);
        lastDay = eve > lastDay ? eve : lastDay;
        districts.push(...(await childrenAt(db, p.id, eve)).filter((d) => d.level === 'district'));
      }
    } else if (area.level === 'commune') {
      const seen = new Set<string>();
      for (const l of links) {
        if (!l.parent_id || l.parent_level !== 'district' || seen.has(l.parent_id)) continue;
        seen.add(l.parent_id);
        districts.push({ id: l.parent_id, code: l.parent_code!, name: l.parent_name!, valid_from: l.parent_valid_from!, valid_to: l.parent_valid_to });
        const eve = addDays(l.valid_to!, -1);
        lastDay = eve > lastDay ? eve : lastDay;
      }
    }
    const shapes = await boundariesOf(districts, 'province');
    if (shapes.size === 0) return null;
    districts = districts.filter((d) => shapes.has(d.id));

    // The census of the day, the same as the page's, placed line by line.
    const c = await census.census(ctx, area.code, day);
    const total = groupsOf(c.rows);
    const counts = new Map<string, number>(districts.map((d) => [d.id, 0]));
    const spanning: MapLayer['spanning'] = [];
    let unplaced = 0;
    const place = (groups: number, unit: Ref, where: ReturnType<typeof placeOf>) => {
      if (where && 'district' in where && counts.has(where.district.id)) counts.set(where.district.id, counts.get(where.district.id)! + groups);
      else if (where && 'among' in where) spanning.push({ unit, groups, among: where.among });
      else unplaced += groups;
    };
    if (area.level === 'commune') {
      place(total, area, placeOf(links));
    } else {
      const children = new Map((await childrenAt(db, area.id, day)).map((u) => [u.code, u]));
      const lines = c.breakdown.map((b) => ({ b, unit: b.unit ? children.get(b.unit.code) : undefined }));
      const byChild = new Map<string, Awaited<ReturnType<typeof formedFromWithParents>>>();
      for (const l of await formedFromWithParents(db, lines.flatMap((x) => (x.unit ? [x.unit.id] : [])))) (byChild.get(l.to_id) ?? byChild.set(l.to_id, []).get(l.to_id)!).push(l);
      for (const { b, unit } of lines) {
        const groups = groupsOf(b.rows);
        if (!unit) unplaced += groups;
        else if (groups > 0) place(groups, unit, placeOf(byChild.get(unit.id) ?? []));
      }
    }
    return {
      shapes: districts.map((d) => ({ ...shapes.get(d.id)!, groups: counts.get(d.id)! })),
      layer: { of: area.level === 'commune' ? ('commune' as const) : ('province' as const), area: { code: area.code, name: area.name }, lastDay, total, spanning, unplaced },
    };
  }

  return {
    drawable,

    /** The sub-areas that can be drawn, simplified, with the area's outline; else the map of before the reform; else empty. */
    async map(ctx: RequestContext, scope: Scope, area: UnitRow | null, day: string): Promise<DashboardMap> {
      const children = await childrenAt(db, area?.id ?? null, day);
      // The map of a province or the country is drawn at a province's scale, a district's at a
      // district's, a commune's (its villages) at a village's.
      const scale = area?.level === 'commune' || area?.level === 'village' ? 'village' : (area?.level ?? 'province');
      const drawn = await boundariesOf(children, scale);

      // The area's outline: its own, else that of the units it was formed from whole.
      let outline: Boundary | undefined;
      let formedFrom: Ref[] = [];
      if (area) {
        outline = (await boundariesOf([area], scale)).get(area.id);
        if (!outline) {
          const parts = (await formedWholeFrom(db, area.id)).filter((p) => p.valid_to !== null && p.valid_to <= day && covers(scope, p.path));
          const shapes = [...(await boundariesOf(parts, scale)).values()];
          if (shapes.length > 0) {
            outline = { code: area.code, name: area.name, geometry: shapes.flatMap((s) => s.geometry) };
            formedFrom = shapes.map((s) => ({ code: s.code, name: s.name }));
          }
        }
      }
      const old = drawn.size === 0 && area ? await before(ctx, scope, area, day) : null;
      const groups = new Map(old?.shapes.map((s) => [s.code, s.groups]) ?? []);
      const { parts, outline: placed } = layoutBoundaries(old ? old.shapes : [...drawn.values()], outline);
      return {
        type: 'FeatureCollection',
        features: parts.map((p) => {
          const layer = old ? ('before' as const) : ('today' as const);
          return withProperties(feature(p.code, p.name, p.geometry), { inset: p.inset, layer, ...(old ? { groups: groups.get(p.code) ?? 0 } : {}) });
        }),
        outline: placed && area ? withProperties(feature(area.code, area.name, placed.geometry), formedFrom.length > 0 ? { formedFrom } : {}) : null,
        before: old?.layer ?? null,
      };
    },
  };
}

export type AreaMapService = ReturnType<typeof createAreaMap>;
