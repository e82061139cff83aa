import { sql, type Expression, type SqlBool } from 'kysely';
import { escapeLike } from '../lib/text.js';
import { fail } from '../lib/errors.js';

/**
 * The part of the country a user may see and act on: a unit's path, every unit below it
 * included. `path: null` is the whole country.
 */
export interface Scope {
  unitId: string | null;
  path: string | null;
}

export const nationwide: Scope = { unitId: null, path: null };

export function covers(scope: Scope, path: string | null): boolean {
  if (scope.path === null) return true;
  return path !== null && path.startsWith(scope.path);
}

export function assertCovers(scope: Scope, path: string | null): void {
  if (!covers(scope, path)) fail('OUT_OF_SCOPE');
}

/** SQL condition "this path column lies inside the scope"; every scoped query uses it. */
export function pathInScope(column: Expression<string | null>, scope: Scope): Expression<SqlBool> {
  if (scope.path === null) return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`${column} like ${escapeLike(scope.path) + '%'} escape '\\'`;
}
