import { sql, type Expression, type SqlBool } from 'kysely';
import { escapeLike } from '../lib/text.js';
import { fail } from '../lib/errors.js';

/**
 * The part of the country a user may see and act on: a unit's path, every unit below it
 * included, and the territory it inherited through reorganisations (the paths of the units
 * it was formed from: a commune formed in 2025 answers for its old communes' history).
 * `path: null` is the whole country.
 */
export interface Scope {
  unitId: string | null;
  path: string | null;
  inherited?: readonly string[];
  /** The day the scope unit ended (a reorganisation), when it has: the user reads its past only. */
  endedOn?: string | null;
}

export const nationwide: Scope = { unitId: null, path: null };

function prefixes(scope: Scope): string[] {
  return scope.path === null ? [] : [scope.path, ...(scope.inherited ?? [])];
}

export function covers(scope: Scope, path: string | null): boolean {
  if (scope.path === null) return true;
  return path !== null && prefixes(scope).some((p) => path.startsWith(p));
}

export function assertCovers(scope: Scope, path: string | null): void {
  if (!covers(scope, path)) fail('OUT_OF_SCOPE');
}

/** SQL condition "this path column lies inside the scope"; every scoped query uses it. */
export function pathInScope(column: Expression<string | null>, scope: Scope): Expression<SqlBool> {
  if (scope.path === null) return sql<SqlBool>`1 = 1`;
  const conditions = prefixes(scope).map((p) => sql<SqlBool>`${column} like ${escapeLike(p) + '%'} escape '\\'`);
  return sql<SqlBool>`(${sql.join(conditions, sql` or `)})`;
}
