import { sql } from 'kysely';
import type { Db, Engine } from '../../db/connection.js';
import type { PersonScopesTable } from '../../db/types.js';
import { insertInChunks } from '../units/import-support.js';

/**
 * The people each unit's scope reaches, as rows of `person_scopes`: a person has a row for every
 * unit on the path of their registered unit and of the current area of every group they are or
 * were a member of (the rule of `visible()` in queries.ts, written out per unit), one under the
 * country (COUNTRY), and none once merged. A list of a scope then reads one index range per unit instead of testing the rule on
 * every person of the country.
 *
 * Triggers mark the people a write touches (migration 0010); a refresh recomputes their rows.
 */

const PEOPLE_PER_CHUNK = 500;
/** Serialises refreshes on PostgreSQL, where two requests may both find marks. */
const REFRESH_LOCK = 5_802_019;

/** A person's birth as a sort key, never null: the date, else the year, else last. */
export function birthKeyOf(p: { birth_date: string | null; birth_year: number | null }): string {
  return p.birth_date ?? (p.birth_year === null ? '9999' : String(p.birth_year));
}

/** The country's "unit" in `person_scopes`: every live person has a row under it. */
export const COUNTRY = '';

/** The ids of the units on a path ('/a/b/c/' → a, b, c). */
const unitsOn = (path: string) => path.split('/').filter(Boolean);

/** Whether some write has not been brought into `person_scopes` yet. */
export async function personScopesStale(db: Db): Promise<boolean> {
  return Boolean(await db.selectFrom('person_scope_marks').select('person_id').limit(1).executeTakeFirst());
}

/**
 * Brings `person_scopes` up to date for every person marked since the last refresh. Reads one
 * index row when nothing is marked. Returns how many people were recomputed.
 */
export async function refreshPersonScopes(db: Db, engine: Engine): Promise<number> {
  if (!(await personScopesStale(db))) return 0;
  return db.transaction().execute(async (trx) => {
    if (engine === 'postgres') await sql`select pg_advisory_xact_lock(${REFRESH_LOCK})`.execute(trx);
    const marks = await trx.selectFrom('person_scope_marks').select(['person_id', 'mark']).execute();
    for (let i = 0; i < marks.length; i += PEOPLE_PER_CHUNK) {
      const chunk = marks.slice(i, i + PEOPLE_PER_CHUNK);
      await recompute(
        trx,
        chunk.map((m) => m.person_id),
      );
      await clearMarks(trx, chunk, engine);
    }
    return marks.length;
  });
}

/** Replaces the rows of these people by what the registry says now. */
async function recompute(trx: Db, ids: string[]): Promise<void> {
  const people = await trx
    .selectFrom('people as p')
    .innerJoin('units as r', 'r.id', 'p.registered_unit_id')
    .select(['p.id', 'p.name_search', 'p.birth_date', 'p.birth_year', 'r.path'])
    .where('p.id', 'in', ids)
    .where('p.merged_into', 'is', null)
    .execute();
  const areas = await trx
    .selectFrom('memberships as m')
    .innerJoin('group_areas as a', (j) => j.onRef('a.group_id', '=', 'm.group_id').on('a.valid_to', 'is', null))
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['m.person_id', 'u.path'])
    .where('m.person_id', 'in', ids)
    .execute();
  const units = new Map(people.map((p) => [p.id, new Set([COUNTRY, ...unitsOn(p.path)])]));
  for (const a of areas) for (const u of unitsOn(a.path)) units.get(a.person_id)?.add(u);
  const rows: PersonScopesTable[] = people.flatMap((p) => [...units.get(p.id)!].map((unit_id) => ({ unit_id, person_id: p.id, name_key: p.name_search, birth_key: birthKeyOf(p) })));
  await trx.deleteFrom('person_scopes').where('person_id', 'in', ids).execute();
  await insertInChunks(trx, 'person_scopes', rows, () => {});
}

/**
 * Clears the marks this refresh read. On PostgreSQL a mark renewed by a write that committed
 * meanwhile has a new number and stays for the next refresh; SQLite has one writer at a time.
 */
async function clearMarks(trx: Db, marks: { person_id: string; mark: string | number | null }[], engine: Engine): Promise<void> {
  if (engine !== 'postgres') {
    await trx.deleteFrom('person_scope_marks').where('person_id', 'in', marks.map((m) => m.person_id)).execute();
    return;
  }
  await trx
    .deleteFrom('person_scope_marks')
    .where((eb) => eb.or(marks.map((m) => eb.and([eb('person_id', '=', m.person_id), m.mark === null ? eb('mark', 'is', null) : eb('mark', '=', m.mark)]))))
    .execute();
}
