import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bboxOf, boxesMeet, ringArea, simplifyMultiPolygon, type BBox, type MultiPolygon, type Polygon } from './simplify.js';

/**
 * The boundary files (`data/gis/<province>.json`) describe the units of the official list of
 * 2025-03-01: a province and its district-level units. A boundary belongs to the unit that
 * carried its code on that day; codes are reused, so a unit of another period gets none.
 */
export const BOUNDARY_DATE = '2025-03-01';

/** About 90 m: under a pixel on a province drawn a few hundred pixels wide. */
const TOLERANCE = 0.0008;

/**
 * How finely an imported boundary is kept, by the unit's level: a province or district is drawn
 * among its neighbours a few hundred pixels wide (about 90 m, 4 decimals, as the shipped files);
 * a commune on its province's map is a few dozen pixels, and drawn alone on its own page, so it
 * keeps about 20 m (5 decimals); a village about 10 m.
 */
export const SIMPLIFY_BY_LEVEL: Record<string, { tolerance: number; decimals: number }> = {
  province: { tolerance: TOLERANCE, decimals: 4 },
  district: { tolerance: TOLERANCE, decimals: 4 },
  commune: { tolerance: 0.0002, decimals: 5 },
  village: { tolerance: 0.0001, decimals: 5 },
};
/** Islands this close to the land (about 25 km) are drawn in place; farther ones in an inset. */
const NEAR = 0.25;

interface BoundaryFile {
  level1_id: string;
  name: string;
  coordinates: MultiPolygon;
  level2s?: { level2_id: string; name: string; coordinates: MultiPolygon }[];
}

export interface Boundary {
  code: string;
  name: string;
  geometry: MultiPolygon;
}

/** A boundary as the map draws it: in place, or (far islands) in the inset. */
export interface MapPart extends Boundary {
  inset: boolean;
}

/**
 * The boundaries of a folder of files, read and simplified on first use and kept in memory
 * (a province's file is 1–2 MB; simplified, a few tens of KB).
 */
export function createBoundaries(dir: string) {
  let index: Map<string, Boundary> | null = null;

  function load(): Map<string, Boundary> {
    if (index) return index;
    const out = new Map<string, Boundary>();
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    } catch {
      // No boundary files: every area is shown as a table.
    }
    for (const f of files) {
      const file = JSON.parse(readFileSync(join(dir, f), 'utf8')) as BoundaryFile;
      const add = (code: string, name: string, coordinates: MultiPolygon) =>
        out.set(code, { code, name, geometry: simplifyMultiPolygon(coordinates, TOLERANCE) });
      add(file.level1_id, file.name, file.coordinates);
      for (const d of file.level2s ?? []) add(d.level2_id, d.name, d.coordinates);
    }
    index = out;
    return out;
  }

  return {
    has: (code: string) => load().has(code),
    get: (code: string) => load().get(code),
    /** The boundaries of these codes laid out for one map (see layoutBoundaries). */
    layout(codes: string[], outlineCode?: string): { parts: MapPart[]; outline: Boundary | null } {
      const found = codes.map((c) => load().get(c)).filter((b): b is Boundary => b !== undefined);
      return layoutBoundaries(found, outlineCode ? load().get(outlineCode) : undefined);
    },
  };
}

/**
 * Boundaries laid out for one map: the polygons that hang together with the largest (the land
 * and its near islands) in place, the far ones (an archipelago out at sea) apart as inset parts
 * under the same code; with the outline's polygons that lie in place.
 */
export function layoutBoundaries(found: Boundary[], own?: Boundary): { parts: MapPart[]; outline: Boundary | null } {
  const polygons = found.flatMap((b) => b.geometry.map((p) => ({ code: b.code, polygon: p, box: bboxOf([p]) })));
  if (polygons.length === 0) return { parts: [], outline: null };
  const largest = polygons.reduce((a, b) => (ringArea(b.polygon[0]!) > ringArea(a.polygon[0]!) ? b : a));
  const main: BBox = [...largest.box];
  const inPlace = new Set([largest]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of polygons) {
      if (inPlace.has(p) || !boxesMeet(main, p.box, NEAR)) continue;
      inPlace.add(p);
      main[0] = Math.min(main[0], p.box[0]);
      main[1] = Math.min(main[1], p.box[1]);
      main[2] = Math.max(main[2], p.box[2]);
      main[3] = Math.max(main[3], p.box[3]);
      grew = true;
    }
  }
  const parts: MapPart[] = [];
  for (const b of found) {
    for (const inset of [false, true]) {
      const geometry = polygons.filter((p) => p.code === b.code && inPlace.has(p) !== inset).map((p) => p.polygon);
      if (geometry.length > 0) parts.push({ code: b.code, name: b.name, geometry, inset });
    }
  }
  const outlineGeometry: Polygon[] = own ? own.geometry.filter((p) => boxesMeet(main, bboxOf([p]), NEAR)) : [];
  return { parts, outline: own && outlineGeometry.length > 0 ? { ...own, geometry: outlineGeometry } : null };
}

export type Boundaries = ReturnType<typeof createBoundaries>;
