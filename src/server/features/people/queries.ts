import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { PeopleTable } from '../../db/types.js';
import { pathInScope, type Scope } from '../../auth/scope.js';
import { escapeLike } from '../../lib/text.js';
import { standsOn } from '../groups/standing.js';
import { validAt } from '../units/queries.js';

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

export interface PeopleFilter {
  text?: string;
  cccdHash?: string;
  /** With areaPath or type: only members on this date of groups in that area / of that type. */
  date: string;
  areaPath?: string;
  type?: string;
  sort: 'name' | 'birth';
  limit: number;
  offset: number;
}

export async function listPeople(db: Db, scope: Scope, f: PeopleFilter) {
  let base = visible(db, scope);
  if (f.text) base = base.where(sql<SqlBool>`p.name_search like ${`%${escapeLike(f.text)}%`} escape '\\'`);
  if (f.cccdHash) base = base.where('p.cccd_hash', '=', f.cccdHash);
  if (f.areaPath || f.type) {
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships as m2')
          .innerJoin('groups as g', 'g.id', 'm2.group_id')
          .innerJoin('group_areas as a', 'a.group_id', 'g.id')
          .innerJoin('group_statuses as s', 's.group_id', 'g.id')
          .innerJoin('units as u2', 'u2.id', 'a.unit_id')
          .select('m2.id')
          .whereRef('m2.person_id', '=', 'p.id')
          .where((eb) => validAt(eb.ref('m2.valid_from'), eb.ref('m2.valid_to'), f.date))
          // Members of a group standing that day, as the census counts them.
          .where(standsOn(f.date))
          .$if(Boolean(f.areaPath), (q) => q.where(sql<SqlBool>`u2.path like ${`${escapeLike(f.areaPath ?? '')}%`} escape '\\'`))
          .$if(Boolean(f.type), (q) => q.where('g.type_code', '=', f.type!)),
      ),
    );
  }
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let ordered = base.selectAll('p').select(columns);
  ordered = f.sort === 'birth' ? ordered.orderBy(sql`coalesce(p.birth_date, cast(p.birth_year as varchar(10)))`).orderBy('p.name_search') : ordered.orderBy('p.name_search');
  const rows = await ordered.orderBy('p.id').limit(f.limit).offset(f.offset).execute();
  return { total: Number(total), rows };
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

/** The live person holding this citizen ID number hash, and where they are registered. */
export async function holderOfCccd(db: Db, hash: string) {
  return db
    .selectFrom('people as p')
    .innerJoin('units as r', 'r.id', 'p.registered_unit_id')
    .select(['p.id', 'p.province_code', 'r.path as registered_path'])
    .where('p.cccd_hash', '=', hash)
    .where('p.merged_into', 'is', null)
    .orderBy('p.created_at')
    .executeTakeFirst();
}

/** Which of these people the scope reaches (the `visible` rule), in batches. */
export async function visibleIds(db: Db, scope: Scope, ids: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await visible(db, scope).select('p.id').where('p.id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) out.add(r.id);
  }
  return out;
}

/** Where each of these people is registered (the path of their registered unit). */
export async function registeredPaths(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('people as p').innerJoin('units as r', 'r.id', 'p.registered_unit_id').select(['p.id', 'r.path']).where('p.id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.path]));
}

/** The current area path of every group in which this person has a membership (any period). */
export async function membershipAreaPaths(db: Db, personId: string): Promise<(string | null)[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .leftJoin('group_areas as a', (j) => j.onRef('a.group_id', '=', 'm.group_id').on('a.valid_to', 'is', null))
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .select(['m.group_id', 'u.path'])
    .where('m.person_id', '=', personId)
    .execute();
  return rows.map((r) => r.path);
}
