import { z } from 'zod';
import { pastCensusChange } from './group-import.js';

/** The one error body of the whole API. */
export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;

/**
 * A write refused (409) because it changes censuses already reported or exported, or more than
 * a month old: `details` lists them; the same request with `confirmPastChange: true` writes.
 */
export const PAST_CENSUS_CHANGE = 'PAST_CENSUS_CHANGE';
export const pastChangeDetails = z.object({ pastChanges: z.array(pastCensusChange), pastChangeCount: z.number().int() });
export type PastChangeDetails = z.infer<typeof pastChangeDetails>;
