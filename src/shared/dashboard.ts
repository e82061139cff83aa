import { z } from 'zod';
import { censusDate } from './census.js';

/** A real month or day between 1900 and 2100 ("2018-13" and "2018-02-30" are refused), as the census takes it. */
const dashboardDate = censusDate;

export const dashboardMapQuery = z.object({
  /** The area's code; absent: the user's own area (the whole country for a nationwide user). */
  unit: z.string().max(20).optional(),
  /** A month (its last day is counted) or a day; absent: the current month. */
  date: dashboardDate.optional(),
});
export const dashboardQuery = dashboardMapQuery.extend({
  /** How many months the series covers, ending with the date's month. */
  months: z.coerce.number().int().min(1).max(120).default(24),
});
export type DashboardQuery = z.input<typeof dashboardQuery>;

const typeRef = z.object({ code: z.string(), name: z.string() });
/** Groups and members; members null for types whose members are not counted (clans). */
const count = z.object({ groups: z.number().int(), members: z.number().int().nullable() });
const censusRow = count.extend({ type: typeRef, sites: z.number().int() });

export const dashboard = z.object({
  unit: z
    .object({ code: z.string(), name: z.string(), kind: z.string(), level: z.string(), population: z.number().int().nullable() })
    .nullable(),
  /** As asked (a month or a day). */
  date: z.string(),
  /** The day counted: the date, or its month's last day. */
  day: z.string(),
  /** The day a year earlier, that the change is measured from. */
  yearBefore: z.string(),
  /** Per model type: now, a year before (null when nothing covered the area then), and the difference. */
  totals: z.array(z.object({ type: typeRef, now: count, before: count.nullable(), change: count.nullable() })),
  series: z.object({
    /**
     * Month ends, oldest first; the last point is the day counted. `from`: `area` when the area
     * itself existed that day, `formedFrom` when it did not yet and the point adds up the units
     * it was later formed from as a whole, `none` when nothing is known (values null).
     */
    points: z.array(z.object({ month: z.string(), day: z.string(), from: z.enum(['area', 'formedFrom', 'none']) })),
    /** One entry per model type, values in the order of the points. */
    types: z.array(z.object({ type: typeRef, groups: z.array(z.number().int().nullable()), members: z.array(z.number().int().nullable()) })),
  }),
  /** The census's breakdown by sub-area, with each one's population and groups per 1,000 inhabitants where recorded. */
  breakdown: z.array(
    z.object({
      /** Null: groups whose commune is not settled yet after a reform. */
      unit: z.object({ code: z.string(), name: z.string() }).nullable(),
      rows: z.array(censusRow),
      groups: z.number().int(),
      population: z.number().int().nullable(),
      perThousand: z.number().nullable(),
      /** Whether the map can draw it. */
      boundary: z.boolean(),
    }),
  ),
});
export type Dashboard = z.infer<typeof dashboard>;

const position = z.tuple([z.number(), z.number()]);
const multiPolygon = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position))) });

const areaRef = z.object({ code: z.string(), name: z.string() });

/**
 * The map of before the 2025 reform, shown while an area formed by it has no boundaries of its
 * own sub-areas: the districts its ground lay in, with today's groups counted into them.
 */
export const mapLayer = z.object({
  /** `province`: the districts of the provinces it was formed from; `commune`: the district(s) of the communes it was formed from. */
  of: z.enum(['province', 'commune']),
  /** The area drawn. */
  area: areaRef,
  /** The last day those districts were valid (the eve of the reform). */
  lastDay: z.string(),
  /** The area's groups on the day, as its census counts them. */
  total: z.number().int(),
  /** Units of today formed from communes of several districts, whose larger part is not known: counted apart. */
  spanning: z.array(z.object({ unit: areaRef, groups: z.number().int(), among: z.array(areaRef) })),
  /** Groups placed on no district (no commune settled yet, or a district without a boundary). */
  unplaced: z.number().int(),
});
export type MapLayer = z.infer<typeof mapLayer>;

/**
 * GeoJSON of the sub-areas that have a boundary, simplified; an area whose far islands are drawn
 * apart has a second feature with `inset: true`. `outline`: the area's own boundary, in place, or
 * (`formedFrom`) that of the units it was formed from. `layer: before`: the features are the
 * districts of before the reform (see `before`), each with the groups counted into it.
 */
export const dashboardMap = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      properties: z.object({
        code: z.string(),
        name: z.string(),
        inset: z.boolean(),
        layer: z.enum(['today', 'before']),
        groups: z.number().int().optional(),
      }),
      geometry: multiPolygon,
    }),
  ),
  outline: z
    .object({
      type: z.literal('Feature'),
      properties: z.object({ code: z.string(), name: z.string(), formedFrom: z.array(areaRef).optional() }),
      geometry: multiPolygon,
    })
    .nullable(),
  before: mapLayer.nullable(),
});
export type DashboardMap = z.infer<typeof dashboardMap>;
