import { isRealDate } from '../../../shared/dates.js';
import type { MultiPolygon, Polygon } from './simplify.js';

/** Vietnam's mainland and islands (Trường Sa reaches 117.8° E, Cà Mau 8.4° N) with a margin. */
export const VIETNAM_BBOX = { west: 102, south: 6, east: 118, north: 24 } as const;

/** A reason in both languages. */
export interface Reason {
  vi: string;
  en: string;
}

/** One feature of a boundary file, checked: its code, the day the code is read on, its geometry. */
export interface BoundaryFeature {
  index: number;
  code: string;
  validOn: string;
  geometry: MultiPolygon;
}

/** What is wrong with one feature (`index` from 0, as in the file), or with the whole file (`index` null). */
export interface FeatureProblem {
  index: number | null;
  code: string | null;
  reason: Reason;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why a ring is not a closed ring of lon/lat positions inside Vietnam's box, or null. */
function ringProblem(ring: unknown, where: Reason): Reason | null {
  if (!Array.isArray(ring)) return { vi: `${where.vi} không phải danh sách điểm`, en: `${where.en} is not a list of positions` };
  if (ring.length < 4) return { vi: `${where.vi} có ${ring.length} điểm, cần ít nhất 4`, en: `${where.en} has ${ring.length} positions, at least 4 are needed` };
  for (let i = 0; i < ring.length; i++) {
    const p: unknown = ring[i];
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      return { vi: `${where.vi}, điểm ${i}: không phải cặp số [kinh độ, vĩ độ]`, en: `${where.en}, position ${i}: not a pair of numbers [longitude, latitude]` };
    }
    const [lon, lat] = p as [number, number];
    if (lon < VIETNAM_BBOX.west || lon > VIETNAM_BBOX.east || lat < VIETNAM_BBOX.south || lat > VIETNAM_BBOX.north) {
      return {
        vi: `${where.vi}, điểm ${i} (${lon}, ${lat}) nằm ngoài lãnh thổ Việt Nam (kinh độ 102–118, vĩ độ 6–24; tọa độ phải là WGS84 [kinh độ, vĩ độ])`,
        en: `${where.en}, position ${i} (${lon}, ${lat}) lies outside Vietnam (longitude 102–118, latitude 6–24; coordinates must be WGS84 [longitude, latitude])`,
      };
    }
  }
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1]) {
    return { vi: `${where.vi} không khép kín (điểm cuối phải trùng điểm đầu)`, en: `${where.en} is not closed (its last position must equal its first)` };
  }
  return null;
}

/** A Polygon or MultiPolygon as a MultiPolygon, or why not. */
function readGeometry(g: unknown): { geometry: MultiPolygon } | { problem: Reason } {
  if (!isObject(g)) return { problem: { vi: 'thiếu geometry', en: 'no geometry' } };
  const polygons: unknown[] | null =
    g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' && Array.isArray(g.coordinates) ? g.coordinates : null;
  if (polygons === null) {
    return {
      problem: {
        vi: `geometry phải là Polygon hoặc MultiPolygon (tệp có: ${String(g.type)})`,
        en: `the geometry must be a Polygon or MultiPolygon (found: ${String(g.type)})`,
      },
    };
  }
  if (polygons.length === 0) return { problem: { vi: 'geometry không có vùng nào', en: 'the geometry has no polygon' } };
  for (let p = 0; p < polygons.length; p++) {
    const polygon = polygons[p];
    if (!Array.isArray(polygon) || polygon.length === 0) {
      return { problem: { vi: `vùng ${p} không có vòng nào`, en: `polygon ${p} has no ring` } };
    }
    for (let r = 0; r < polygon.length; r++) {
      const where = polygons.length > 1 ? { vi: `vùng ${p}, vòng ${r}`, en: `polygon ${p}, ring ${r}` } : { vi: `vòng ${r}`, en: `ring ${r}` };
      const problem = ringProblem(polygon[r], where);
      if (problem) return { problem };
    }
  }
  return { geometry: polygons as Polygon[] };
}

/**
 * Reads a boundary file: a GeoJSON FeatureCollection whose features carry `properties.code` (the
 * unit's code) and optionally `properties.validOn` (the day the code is read on; else
 * `defaultDay`), with a Polygon or MultiPolygon in WGS84 [longitude, latitude]. Every feature
 * is checked; the problems of all of them are returned, none stops the others being checked.
 */
export function readBoundaryFile(text: string, defaultDay: string): { features: BoundaryFeature[]; problems: FeatureProblem[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const detail = (error as Error).message;
    return { features: [], problems: [{ index: null, code: null, reason: { vi: `không phải JSON hợp lệ (${detail})`, en: `not valid JSON (${detail})` } }] };
  }
  if (!isObject(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    return {
      features: [],
      problems: [{ index: null, code: null, reason: { vi: 'không phải GeoJSON FeatureCollection (cần "type": "FeatureCollection" và "features": [...])', en: 'not a GeoJSON FeatureCollection ("type": "FeatureCollection" and "features": [...] are needed)' } }],
    };
  }
  if (doc.features.length === 0) return { features: [], problems: [{ index: null, code: null, reason: { vi: 'tệp không có đối tượng (feature) nào', en: 'the file has no feature' } }] };

  const features: BoundaryFeature[] = [];
  const problems: FeatureProblem[] = [];
  const seen = new Map<string, number>();
  doc.features.forEach((f: unknown, index: number) => {
    const props = isObject(f) && isObject(f.properties) ? f.properties : null;
    const code = props && typeof props.code === 'string' && props.code.trim() !== '' ? props.code.trim() : null;
    const problem = (reason: Reason) => problems.push({ index, code, reason });
    if (!isObject(f) || f.type !== 'Feature') return problem({ vi: 'không phải một Feature của GeoJSON', en: 'not a GeoJSON Feature' });
    if (!code) return problem({ vi: 'thiếu properties.code (mã đơn vị, dạng chuỗi như "22741")', en: 'no properties.code (the unit code, as a string such as "22741")' });
    const validOn = props!.validOn ?? defaultDay;
    if (typeof validOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(validOn) || !isRealDate(validOn)) {
      return problem({ vi: `properties.validOn "${String(validOn)}" không phải ngày YYYY-MM-DD`, en: `properties.validOn "${String(validOn)}" is not a day YYYY-MM-DD` });
    }
    const read = readGeometry(f.geometry);
    if ('problem' in read) return problem(read.problem);
    const key = `${code} ${validOn}`;
    if (seen.has(key)) {
      return problem({ vi: `mã ${code} đã có ở đối tượng ${seen.get(key)}`, en: `code ${code} already appears at feature ${seen.get(key)}` });
    }
    seen.set(key, index);
    features.push({ index, code, validOn, geometry: read.geometry });
  });
  return { features, problems };
}
