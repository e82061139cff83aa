import { z } from 'zod';

/**
 * Dates, months and years as the API takes them: ISO text that is a day of the calendar
 * ("2023-02-30" and "2023-13" are refused), within the range that makes sense for what it dates.
 * The issue messages are reason keys (`fieldReasons` in the server's error catalogue gives
 * their text in Vietnamese and English).
 *
 * - any date (`isoDate`): a real day, any year; for "as of" questions and for answers;
 * - a unit's validity (`unitDate`): 1800-01-01 to ten years from today (the official list
 *   starts its units on 1900-01-01; a reform is decided ahead);
 * - an event (`eventDate`: founding, decision, status or area change, joining, leaving,
 *   signing): 1945-01-01 (the movement began with the Republic) to a year from today;
 * - a birth (`birthDate`, `birthYear`): from 1900 to today;
 * - a census or dashboard date (`dayOrMonth`, `isoMonth`): a real month or day, 1900 to 2100.
 * "Today" is the day in Vietnam (UTC+7).
 */

const pad = (n: number) => String(n).padStart(2, '0');

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether `s` is `YYYY-MM-DD` and a day of the calendar. */
export function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo);
}

/** Whether `s` is `YYYY-MM` with a month from 01 to 12. */
export function isRealMonth(s: string): boolean {
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** Today in Vietnam (UTC+7), as `YYYY-MM-DD`. */
export function todayInVietnam(now: number = Date.now()): string {
  return new Date(now + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** The same day `years` later (28 February for 29 February in a common year). */
export function yearsAfter(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const m = Number(date.slice(5, 7));
  const d = Math.min(Number(date.slice(8, 10)), daysIn(y, m));
  return `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
}

/** The bounds of each kind of date, worked out at the moment of checking. */
export const dateRanges = {
  unit: () => ({ from: '1800-01-01', to: yearsAfter(todayInVietnam(), 10) }),
  event: () => ({ from: '1945-01-01', to: yearsAfter(todayInVietnam(), 1) }),
  birth: () => ({ from: '1900-01-01', to: todayInVietnam() }),
} as const;

/** Whether a real date lies within a range (both ends included). */
export function dateWithin(s: string, range: { from: string; to: string }): boolean {
  return isRealDate(s) && s >= range.from && s <= range.to;
}

/** Any real day: "as of" questions, and dates in answers. */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date').refine(isRealDate, 'date').describe('A real day, YYYY-MM-DD');

const ranged = (kind: keyof typeof dateRanges, reason: string, description: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'date')
    .refine((s) => dateWithin(s, dateRanges[kind]()), reason)
    .describe(description);

/** The start or end of a unit's validity. */
export const unitDate = ranged('unit', 'unit-date', 'A real day, YYYY-MM-DD, from 1800-01-01 to ten years from today');
/** The day something happened or will: founding, a decision, a change of status or area, joining. */
export const eventDate = ranged('event', 'event-date', 'A real day, YYYY-MM-DD, from 1945-01-01 (the movement began with the Republic) to a year from today');
/** A day of birth. */
export const birthDate = ranged('birth', 'birth-date', 'A real day, YYYY-MM-DD, from 1900-01-01 to today (in Vietnam)');
/** A year of birth: from 1900 to this year. */
export const birthYear = z
  .number()
  .int('birth-year')
  .min(1900, 'birth-year')
  .refine((y) => y <= Number(todayInVietnam().slice(0, 4)), 'birth-year')
  .describe('A year of birth, from 1900 to this year');

/** Whether a year of birth is one the API takes (the same rule for sheets). */
export function isBirthYear(y: number): boolean {
  return birthYear.safeParse(y).success;
}

/** A month between 1900 and 2100. */
export const isoMonth = z
  .string()
  .regex(/^\d{4}-\d{2}$/, 'month')
  .refine((s) => isRealMonth(s) && s >= '1900-01' && s <= '2100-12', 'month')
  .describe('A real month, YYYY-MM, from 1900 to 2100');

/** A day between 1900 and 2100, as censuses are asked for: the day of the boundaries to count in. */
export const censusDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date')
  .refine((s) => isRealDate(s) && s >= '1900-01-01' && s <= '2100-12-31', 'date')
  .describe('A real day, YYYY-MM-DD, from 1900 to 2100');

/** A day (YYYY-MM-DD) or a month (YYYY-MM, meaning its last day), between 1900 and 2100. */
export const dayOrMonth = z
  .string()
  .regex(/^\d{4}-\d{2}(-\d{2})?$/, 'day-or-month')
  .refine((s) => (s.length === 7 ? isRealMonth(s) : isRealDate(s)) && s >= '1900-01' && s <= '2100-12-31', 'day-or-month')
  .describe('A real month (YYYY-MM, meaning its last day) or day (YYYY-MM-DD), from 1900 to 2100');
