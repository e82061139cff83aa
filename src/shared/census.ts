import { z } from 'zod';
import { censusDay, dayOrMonth, eventDate, isoDate } from './dates.js';
import { plainText } from './text.js';

/** A real day (YYYY-MM-DD) or month (YYYY-MM, meaning its last day), between 1900 and 2100. */
export const censusDate = dayOrMonth;
export const censusQuery = z.object({
  /** The area's code, read on the boundaries' date (a unit that ended since is still named by it). */
  unit: z.string().max(20).optional(),
  date: censusDate,
  /** The administrative boundaries to count in (a day); absent: those of the census's date. */
  boundaries: censusDay.optional(),
});

export type CensusQuery = z.infer<typeof censusQuery>;

const row = z.object({
  type: z.object({ code: z.string(), name: z.string() }),
  groups: z.number().int(),
  /** Null for types whose members are not counted (clans). */
  members: z.number().int().nullable(),
  /** Distinct villages or communes with at least one group of the type. */
  sites: z.number().int(),
});
const areaRef = z.object({ code: z.string(), name: z.string() });
const line = z.object({
  unit: areaRef.nullable(),
  rows: z.array(row),
  /**
   * In other boundaries: the groups of this unit (a unit of the census's date) that cannot be
   * split exactly between the sub-areas named in `among` (a commune formed from communes of
   * several districts, one split among new communes whose villages are not placed). Counted in
   * the area's totals, on this line only: never shared out by a guess.
   */
  inexact: z
    .object({
      among: z.array(areaRef),
      /** The unit's period (to: exclusive, null = still valid), so that a name reused by a later unit is told apart. */
      validFrom: z.string(),
      validTo: z.string().nullable(),
    })
    .optional(),
});
export const census = z.object({
  unit: areaRef.nullable(),
  date: z.string(),
  /** The day whose administrative units the census is counted in (the census's own day unless asked). */
  boundaries: z.string(),
  rows: z.array(row),
  /** Per sub-area valid on the boundaries' date; `unit: null` holds groups whose commune is not settled yet. */
  breakdown: z.array(line),
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
export type CensusLine = z.infer<typeof line>;

export const UNSETTLED_LINE = 'Chưa xác định xã/phường';

/** 2025-06-30 → "30/6/2025". */
const viDay = (d: string) => {
  const [y, m, day] = d.split('-').map(Number);
  return `${day}/${m}/${y}`;
};

/**
 * When an inexact line's unit was valid, against the boundaries' day: "đến 30/6/2025" for one
 * that had ended by then, "từ 1/7/2025" for one that began after it; null when it was valid then.
 */
export function inexactPeriod(b: CensusLine, boundaries: string): { until: string } | { since: string } | null {
  if (!b.inexact) return null;
  const { validFrom, validTo } = b.inexact;
  if (validTo !== null && validTo <= boundaries) return { until: new Date(Date.parse(`${validTo}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10) };
  if (validFrom > boundaries) return { since: validFrom };
  return null;
}

/** A breakdown line as a sheet or a report names it: "Phường Đô Vinh (từ 1/7/2025) — không tách chính xác được (…)". */
export function censusLineLabel(b: CensusLine, boundaries: string): string {
  if (!b.unit) return UNSETTLED_LINE;
  if (!b.inexact) return b.unit.name;
  const p = inexactPeriod(b, boundaries);
  const when = p === null ? '' : 'until' in p ? ` (đến ${viDay(p.until)})` : ` (từ ${viDay(p.since)})`;
  const among = b.inexact.among.map((a) => a.name).join(', ');
  return `${b.unit.name}${when} — không tách chính xác được${among ? ` (${among})` : ''}`;
}

/** Marking a census as reported: its area (none: the whole country), its date, and the boundaries its area is named in. */
export const censusReportBody = z.object({ unit: z.string().max(20).optional(), date: censusDate, boundaries: censusDay.optional() });
export type CensusReportBody = z.infer<typeof censusReportBody>;

export const censusReport = z.object({
  id: z.string(),
  kind: z.enum(['reported', 'exported']),
  /** The area (null: the whole country). */
  unit: areaRef.nullable(),
  /** The census's day (a month is its last day). */
  censusDate: z.string(),
  createdAt: z.string(),
  createdBy: z.object({ username: z.string(), fullName: z.string() }),
  /** The area asked itself, not one of its sub-areas. */
  here: z.boolean(),
});
export type CensusReport = z.infer<typeof censusReport>;

export const censusReportsQuery = z.object({
  unit: z.string().max(20).optional(),
  /** The day the area's code is read on (codes are reused); default today. */
  on: isoDate.optional(),
  /** Only the censuses of this day or month. */
  date: censusDate.optional(),
  /** The last item of the previous page (its id). */
  after: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type CensusReportsQuery = z.infer<typeof censusReportsQuery>;
export const censusReports = z.object({ items: z.array(censusReport), next: z.string().nullable() });

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
