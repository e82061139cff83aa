import { z } from 'zod';

/** A day (YYYY-MM-DD) or a month (YYYY-MM, meaning its last day). */
export const censusDate = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'YYYY-MM or YYYY-MM-DD');
export const censusQuery = z.object({ unit: z.string().max(20).optional(), date: censusDate });

const row = z.object({
  type: z.object({ code: z.string(), name: z.string() }),
  groups: z.number().int(),
  /** Null for types whose members are not counted (clans). */
  members: z.number().int().nullable(),
  /** Distinct villages or communes with at least one group of the type. */
  sites: z.number().int(),
});
export const census = z.object({
  unit: z.object({ code: z.string(), name: z.string() }).nullable(),
  date: z.string(),
  rows: z.array(row),
  /** Per sub-area valid at the date; `unit: null` holds groups whose commune is not settled yet. */
  breakdown: z.array(z.object({ unit: z.object({ code: z.string(), name: z.string() }).nullable(), rows: z.array(row) })),
  sentence: z.string(),
});
export type Census = z.infer<typeof census>;
export type CensusRow = z.infer<typeof row>;
