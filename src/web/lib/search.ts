/** Small readers for URL search params: anything unexpected is dropped, never trusted. */

export function str(v: unknown, max = 200): string | undefined {
  if (typeof v === 'number') v = String(v);
  if (typeof v !== 'string') return undefined;
  const s = v.slice(0, max);
  return s.trim() === '' ? undefined : s;
}

export function oneOf<T extends string>(v: unknown, values: readonly T[]): T | undefined {
  return typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : undefined;
}

export function page(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isInteger(n) && n > 1 && n < 1_000_000 ? n : undefined;
}

export function isoDate(v: unknown): string | undefined {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
}

export function uuid(v: unknown): string | undefined {
  return typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? v : undefined;
}

/** Drops undefined entries so that URLs stay short. */
export function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}

/** A month (YYYY-MM) or a day (YYYY-MM-DD). */
export function isoMonthOrDate(v: unknown): string | undefined {
  return typeof v === 'string' && /^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/.test(v) ? v : undefined;
}
