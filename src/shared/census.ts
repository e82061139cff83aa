import { z } from 'zod';
import { dayOrMonth, eventDate } from './dates.js';
import { plainText } from './text.js';

/** A real day (YYYY-MM-DD) or month (YYYY-MM, meaning its last day), between 1900 and 2100. */
export const censusDate = dayOrMonth;
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
  /**
   * For an area formed partly from a split commune: the groups of that commune still awaiting
   * placement, which may become this area's. Not in `rows` nor `breakdown`: they count in the
   * province, on its line "chưa xác định xã/phường", and in no successor.
   */
  awaiting: z.array(row).optional(),
  sentence: z.string(),
});
export type Census = z.infer<typeof census>;
export type CensusRow = z.infer<typeof row>;

/** One line of a report's header: trimmed, without control or direction characters, nor line breaks (a Word file cannot hold them); empty means the default. */
const headerLine = (max: number) =>
  plainText(max)
    .regex(/^[^\t\n\r]*$/, 'one line of text')
    .optional();

/**
 * The census as a report in the state document format: the census's area and date, and the
 * header fields the user chooses (each has a default: no number, the area's name as the place,
 * today as the date of signing, the provincial Steering Committee as the issuer).
 */
export const censusDocumentQuery = censusQuery.extend({
  /** The report's number, before its symbol: "12" makes "Số: 12/BC-BCĐ". */
  number: z.string().trim().max(10).regex(/^[0-9A-Za-z.-]*$/, 'digits or letters').optional(),
  place: headerLine(60),
  signedOn: eventDate.optional(),
  issuer: headerLine(250),
  signerTitle: headerLine(80),
  signer: headerLine(80),
});
export type CensusDocumentQuery = z.infer<typeof censusDocumentQuery>;
