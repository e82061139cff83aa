import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { UnitsTable } from '../../db/types.js';
import { pathInScope, type Scope } from '../../auth/scope.js';
import { escapeLike } from '../../lib/text.js';

export type UnitRow = UnitsTable;

/** "Valid as of D": valid_from <= D < valid_to (an open end is still valid). */
export function validAt(from: Expression<string>, to: Expression<string | null>, date: string): Expression<SqlBool> {
  return sql<SqlBool>`(${from} <= ${date} and (${to} is null or ${to} > ${date}))`;
}

export async function findUnit(db: Db, id: string): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUnitInScope(db: Db, scope: Scope, id: string): Promise<UnitRow | undefined> {
  return db
    .selectFrom('units')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => pathInScope(eb.ref('path'), scope))
    .executeTakeFirst();
}

export async function findUnitsByIds(db: Db, ids: string[]): Promise<Pick<UnitRow, 'id' | 'code' | 'name'>[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('units').select(['id', 'code', 'name']).where('id', 'in', ids).execute();
}

export interface UnitFilter {
  parentId?: string;
  /** No parent and no text: the top of the scope (provinces for the whole country). */
  top?: boolean;
  date: string;
  q?: string;
  /** The search as typed, compared with codes (which the search key would mangle: "KP-01"). */
  code?: string;
  level?: string;
  limit: number;
}

export async function listUnits(db: Db, scope: Scope, f: UnitFilter) {
  let query = db
    .selectFrom('units as u')
    .selectAll('u')
    .select((eb) =>
      eb
        .selectFrom('units as c')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('c.parent_id', '=', 'u.id')
        .where((e) => validAt(e.ref('c.valid_from'), e.ref('c.valid_to'), f.date))
        .as('child_count'),
    )
    .where((eb) => pathInScope(eb.ref('u.path'), scope))
    .where((eb) => validAt(eb.ref('u.valid_from'), eb.ref('u.valid_to'), f.date));
  if (f.parentId) query = query.where('u.parent_id', '=', f.parentId);
  else if (f.top) {
    // The top of a scope: its unit and the units it was formed from, whichever exist on the date.
    const tops = scope.path === null ? [] : [scope.path, ...(scope.inherited ?? [])].map((p) => p.split('/').filter(Boolean).at(-1)!);
    query = scope.unitId ? query.where('u.id', 'in', tops) : query.where('u.parent_id', 'is', null);
  }
  if (f.level) query = query.where('u.level', '=', f.level);
  if (f.q !== undefined || f.code !== undefined) {
    const key = f.q ? `%${escapeLike(f.q)}%` : null;
    const code = f.code ?? f.q ?? '';
    // A search of only punctuation has an empty key, which would match every name: codes only then.
    query = query.where((eb) =>
      eb.or([...(key ? [sql<SqlBool>`${eb.ref('u.name_search')} like ${key} escape '\\'`] : []), eb('u.code', '=', code)]),
    );
  }
  // A search lists the larger units first. Ordering by an expression also keeps SQLite from
  // walking the code index row by row, which is slower than scanning the table once.
  const levelRank = sql<number>`case u.level when 'province' then 1 when 'district' then 2 when 'commune' then 3 else 4 end`;
  return (f.q !== undefined || f.code !== undefined ? query.orderBy(levelRank).orderBy('u.code') : query.orderBy('u.code')).limit(f.limit).execute();
}

export async function countChildrenAt(db: Db, id: string, date: string): Promise<number> {
  const r = await db
    .selectFrom('units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_id', '=', id)
    .where((eb) => validAt(eb.ref('valid_from'), eb.ref('valid_to'), date))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Another unit with this code whose period overlaps [from, to). */
export async function findOverlappingCode(db: Db, code: string, from: string, to: string | null, exceptId?: string) {
  let q = db
    .selectFrom('units')
    .select('id')
    .where('code', '=', code)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', from)]));
  if (to !== null) q = q.where('valid_from', '<', to);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}

/** Children still valid on or after `date` (they would outlive a parent ending then). */
export async function findChildOutliving(db: Db, id: string, date: string) {
  return db
    .selectFrom('units')
    .select('id')
    .where('parent_id', '=', id)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', date)]))
    .executeTakeFirst();
}

export async function isReferenced(db: Db, id: string): Promise<boolean> {
  const child = await db.selectFrom('units').select('id').where('parent_id', '=', id).executeTakeFirst();
  if (child) return true;
  const user = await db.selectFrom('users').select('id').where('scope_unit_id', '=', id).executeTakeFirst();
  return Boolean(user);
}

export async function insertUnit(db: Db, row: UnitRow): Promise<void> {
  await db.insertInto('units').values(row).execute();
}

export async function updateUnit(db: Db, id: string, patch: Partial<UnitRow>): Promise<void> {
  await db.updateTable('units').set(patch).where('id', '=', id).execute();
}

export async function deleteUnit(db: Db, id: string): Promise<void> {
  await db.deleteFrom('units').where('id', '=', id).execute();
}
