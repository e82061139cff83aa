/** Months (YYYY-MM) and days (YYYY-MM-DD) as the dashboard counts them, in UTC. */

const pad = (n: number) => String(n).padStart(2, '0');

/** The last day of a month. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** "2018-04" → its last day; a day stays itself. */
export function dayOf(date: string): string {
  return date.length === 10 ? date : monthEnd(date);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${pad((total % 12) + 1)}`;
}

/** The day a year before: a month's last day for a month, the same day (28/2 for 29/2) for a day. */
export function yearBefore(date: string): string {
  const month = addMonths(date.slice(0, 7), -12);
  if (date.length === 7) return monthEnd(month);
  const last = monthEnd(month);
  const day = `${month}-${date.slice(8)}`;
  return day > last ? last : day;
}
