import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../db/connection.js';
import { escapeLike } from '../../lib/text.js';

/**
 * Every group standing on the date (founded, not dissolved) whose area then lies under one of
 * the path prefixes, with its type, area and number of members on that date.
 */
export async function groupsStandingAt(db: Db, prefixes: string[] | null, date: string) {
  let q = db
    .selectFrom('groups as g')
    .innerJoin('group_areas as a', 'a.group_id', 'g.id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .innerJoin('group_statuses as s', 's.group_id', 'g.id')
    .select((eb) => [
      'g.id',
      'g.type_code',
      'u.id as unit_id',
      'u.path',
      eb
        .selectFrom('memberships as m')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('m.group_id', '=', 'g.id')
        .where(sql<SqlBool>`m.valid_from <= ${date} and (m.valid_to is null or m.valid_to > ${date})`)
        .as('members'),
    ])
    .where('g.founded_on', '<=', date)
    .where(sql<SqlBool>`a.valid_from <= ${date} and (a.valid_to is null or a.valid_to > ${date})`)
    .where(sql<SqlBool>`s.valid_from <= ${date} and (s.valid_to is null or s.valid_to > ${date})`)
    .where('s.status', '!=', 'dissolved');
  if (prefixes !== null) {
    q = q.where((eb) => eb.or(prefixes.map((p) => sql<SqlBool>`${eb.ref('u.path')} like ${`${escapeLike(p)}%`} escape '\\'`)));
  }
  return q.execute();
}
