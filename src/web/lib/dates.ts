/** Calendar arithmetic on ISO dates (YYYY-MM-DD), free of time zones. */

const pad = (n: number) => String(n).padStart(2, '0');

function toUtc(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

function fromUtc(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

export function addDays(iso: string, days: number): string {
  const date = toUtc(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return fromUtc(date);
}

/**
 * The last day a period covers. `validTo` is exclusive (the first day the unit no longer
 * exists), so a unit ending on 2025-07-01 existed through 2025-06-30.
 */
export function lastDay(validTo: string): string {
  return addDays(validTo, -1);
}

/** "As of D": `validFrom <= D < validTo` (no end: still valid). */
export function isValidAt(period: { validFrom: string; validTo: string | null }, date: string): boolean {
  return period.validFrom <= date && (period.validTo === null || period.validTo > date);
}

/** The date a unit is best seen at: today if it exists today, else the last day it existed (or its first, if it is yet to come). */
export function bestDateFor(period: { validFrom: string; validTo: string | null }, today: string): string {
  if (isValidAt(period, today)) return today;
  if (period.validTo !== null && period.validTo <= today) return lastDay(period.validTo);
  return period.validFrom;
}

/** The last day of a month given as YYYY-MM. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  // Day 0 of the next month is the last day of this one.
  return fromUtc(new Date(Date.UTC(y, m, 0)));
}
