import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { UsersTable } from '../../db/types.js';
import type { UserListQuery } from '../../../shared/users.js';
import { pathInScope, type Scope } from '../../auth/scope.js';
import { escapeLike } from '../../lib/text.js';

export type UserRow = UsersTable;

/** A user with the unit of their scope (its path decides who may see them). */
function withScopeUnit(db: Db) {
  return db
    .selectFrom('users')
    .leftJoin('units as su', 'su.id', 'users.scope_unit_id')
    .selectAll('users')
    .select([
      'su.code as scope_code',
      'su.name as scope_name',
      'su.level as scope_level',
      'su.kind as scope_kind',
      'su.path as scope_path',
    ]);
}

export type UserWithScope = Awaited<ReturnType<typeof findUserById>> & {};

export async function findUserById(db: Db, id: string) {
  return withScopeUnit(db).where('users.id', '=', id).executeTakeFirst();
}

export async function findUserByUsername(db: Db, username: string) {
  return withScopeUnit(db).where('users.username', '=', username).executeTakeFirst();
}

/** Users whose scope lies inside the caller's. A nationwide user is visible only nationwide. */
export async function findUserInScope(db: Db, scope: Scope, id: string) {
  return withScopeUnit(db)
    .where('users.id', '=', id)
    .where((eb) => pathInScope(eb.ref('su.path'), scope))
    .executeTakeFirst();
}

export async function listUsers(db: Db, scope: Scope, q: UserListQuery, unitPath: string | null, text: { key: string; raw: string } | null) {
  let base = db
    .selectFrom('users')
    .leftJoin('units as su', 'su.id', 'users.scope_unit_id')
    .where((eb) => pathInScope(eb.ref('su.path'), scope));
  if (unitPath) base = base.where('su.path', 'like', `${escapeLike(unitPath)}%`);
  if (q.role) base = base.where('users.role', '=', q.role);
  if (q.status) base = base.where('users.disabled', '=', q.status === 'disabled' ? 1 : 0);
  if (text) {
    const key = `%${escapeLike(text.key)}%`;
    const raw = `%${escapeLike(text.raw)}%`;
    base = base.where((eb) =>
      eb.or([
        // A search of only punctuation has an empty key, which would match every name.
        ...(text.key ? [sql<SqlBool>`${eb.ref('users.full_name_search')} like ${key} escape '\\'`] : []),
        sql<SqlBool>`${eb.ref('users.username')} like ${raw} escape '\\'`,
      ]),
    );
  }
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll('users')
    .select([
      'su.code as scope_code',
      'su.name as scope_name',
      'su.level as scope_level',
      'su.kind as scope_kind',
      'su.path as scope_path',
    ])
    .orderBy('users.full_name_search')
    .orderBy('users.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { total: Number(total), rows };
}

export async function usernameExists(db: Db, username: string): Promise<boolean> {
  return Boolean(await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst());
}

export async function insertUser(db: Db, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUser(db: Db, id: string, patch: Partial<UserRow>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function countUsers(db: Db): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
