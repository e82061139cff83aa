import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/connection.js';
import { fail } from './errors.js';

/**
 * Keyset ("cursor") paging. A page is asked for by the sort key of the last row of the page
 * before it, never by an offset: the hundredth page costs what the first does, and a row
 * inserted between two requests neither repeats nor hides another.
 *
 * The cursor is opaque to clients: the sort's name and the last row's key values, as base64url
 * JSON. A cursor of another sort, or one that was tampered with, is refused with BAD_CURSOR.
 */
export type KeyValue = string | number | null;

export function encodeCursor(sort: string, values: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify([sort, ...values]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, sort: string, arity: number): KeyValue[] {
  let parsed: unknown;
  const bytes = Buffer.from(cursor, 'base64url');
  // Node's decoder skips what is not base64url and a dangling last character: only a cursor
  // that is exactly what this file wrote is read.
  if (bytes.toString('base64url') !== cursor) return fail('BAD_CURSOR');
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    return fail('BAD_CURSOR');
  }
  const ok =
    Array.isArray(parsed) &&
    parsed.length === arity + 1 &&
    parsed[0] === sort &&
    parsed.slice(1).every((v) => v === null || typeof v === 'number' || (typeof v === 'string' && v.length <= 400));
  return ok ? ((parsed as unknown[]).slice(1) as KeyValue[]) : fail('BAD_CURSOR');
}

/**
 * "This row comes after the cursor" for an ascending sort on these expressions, compared as a
 * row value (both engines use an index whose columns are the same, in the same order). Key
 * expressions must never be null (coalesce them): the engines order nulls differently.
 */
export function after(keys: readonly Expression<unknown>[], values: readonly KeyValue[]): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.join(keys)}) > (${sql.join(values.map((v) => sql.val(v)))})`;
}

/** Counts are exact up to this many; above it, lists say "more than 10.000". */
export const COUNT_LIMIT = 10_000;

/**
 * The number of rows a query matches, reading at most COUNT_LIMIT + 1 of them: exact when at or
 * under the limit, else `{ total: COUNT_LIMIT, exact: false }`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function countUpTo(db: Db, query: SelectQueryBuilder<any, any, any>, limit = COUNT_LIMIT): Promise<{ total: number; exact: boolean }> {
  const capped = query.clearSelect().clearOrderBy().select(sql<number>`1`.as('one')).limit(limit + 1);
  const row = await db
    .selectFrom(capped.as('capped'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return n > limit ? { total: limit, exact: false } : { total: n, exact: true };
}

/** The page's rows and the cursor of the next page (null on the last): the query asked for one row more than the page. */
export function pageOfRows<T>(rows: T[], pageSize: number, sort: string, keyOf: (row: T) => KeyValue[]): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= pageSize) return { rows, nextCursor: null };
  const page = rows.slice(0, pageSize);
  return { rows: page, nextCursor: encodeCursor(sort, keyOf(page[page.length - 1]!)) };
}
