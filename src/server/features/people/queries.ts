import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { PeopleTable } from '../../db/types.js';
import { pathInScope, type Scope } from '../../auth/scope.js';
import { escapeLike } from '../../lib/text.js';

export type PersonRow = PeopleTable;

/**
 * People the scope reaches: registered in it, or members (at any time) of a group whose current
 * area lies in it.
 */
export function visible(db: Db, scope: Scope) {
  return db
    .selectFrom('people as p')
    .innerJoin('units as r', 'r.id', 'p.registered_unit_id')
    .leftJoin('units as ad', 'ad.id', 'p.address_unit_id')
    .where('p.merged_into', 'is', null)
    .where((eb) =>
      eb.or([
        pathInScope(eb.ref('r.path'), scope),
        eb.exists(
          eb
            .selectFrom('memberships as m')
            .innerJoin('group_areas as a', 'a.group_id', 'm.group_id')
            .innerJoin('units as u', 'u.id', 'a.unit_id')
            .select('m.id')
            .whereRef('m.person_id', '=', 'p.id')
            .where('a.valid_to', 'is', null)
            .where((e) => pathInScope(e.ref('u.path'), scope)),
        ),
      ]),
    );
}

const columns = ['ad.code as ad_code', 'ad.name as ad_name', 'ad.level as ad_level', 'ad.kind as ad_kind'] as const;

export async function findPersonInScope(db: Db, scope: Scope, id: string) {
  return visible(db, scope).selectAll('p').select(columns).where('p.id', '=', id).executeTakeFirst();
}

export type PersonWithAddress = NonNullable<Awaited<ReturnType<typeof findPersonInScope>>>;

export async function listPeople(db: Db, scope: Scope, f: { text?: string; cccdHash?: string; limit: number; offset: number }) {
  let base = visible(db, scope);
  if (f.text) base = base.where(sql<SqlBool>`p.name_search like ${`%${escapeLike(f.text)}%`} escape '\\'`);
  if (f.cccdHash) base = base.where('p.cccd_hash', '=', f.cccdHash);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base.selectAll('p').select(columns).orderBy('p.name_search').orderBy('p.id').limit(f.limit).offset(f.offset).execute();
  return { total: Number(total), rows };
}

export async function findByCccdHash(db: Db, hash: string) {
  return db.selectFrom('people').select(['id']).where('cccd_hash', '=', hash).where('merged_into', 'is', null).executeTakeFirst();
}

export async function insertPerson(db: Db, row: PersonRow): Promise<void> {
  await db.insertInto('people').values(row).execute();
}

export async function updatePerson(db: Db, id: string, patch: Partial<PersonRow>): Promise<void> {
  await db.updateTable('people').set(patch).where('id', '=', id).execute();
}

/** A person's memberships in groups the scope reaches (by the group's current area), newest first. */
export async function membershipsOf(db: Db, scope: Scope, personId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .innerJoin('model_types as t', 't.code', 'g.type_code')
    .innerJoin('group_areas as a', (j) => j.onRef('a.group_id', '=', 'g.id').on('a.valid_to', 'is', null))
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['m.id', 'm.group_id', 'g.name as group_name', 't.name as type_name', 'm.role', 'm.valid_from', 'm.valid_to'])
    .where('m.person_id', '=', personId)
    .where((eb) => pathInScope(eb.ref('u.path'), scope))
    .orderBy('m.valid_from', 'desc')
    .execute();
}
