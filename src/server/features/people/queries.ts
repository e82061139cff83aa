import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Db, Engine } from '../../db/connection.js';
import type { PeopleTable } from '../../db/types.js';
import { after, COUNT_LIMIT, countUpTo, type KeyValue } from '../../lib/keyset.js';
import { pathInScope, type Scope } from '../../auth/scope.js';
import { escapeLike } from '../../lib/text.js';
import { standsOn } from '../groups/standing.js';
import { COUNTRY } from './scopes.js';
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
  sort: PeopleSort;
  pageSize: number;
  /** The keys of the last row of the page before (see keyset.ts), already checked. */
  after?: KeyValue[];
  engine?: Engine;
}

export type PeopleSort = 'name' | 'birth';
/** The sort keys of a row, in the order of its index: never null (the birth key is '9999' when unknown). */
export interface PersonKeys {
  id: string;
  name_key: string;
  birth_key: string;
}
export const keysOf = (sort: PeopleSort, r: PersonKeys): KeyValue[] => (sort === 'birth' ? [r.birth_key, r.name_key, r.id] : [r.name_key, r.id]);

/**
 * Above this many people matching a filter in the whole country, the list walks its scope in
 * order and tests the filter on each row; under it, it starts from the matches (docs/decisions.md).
 */
export const FEW_MATCHES = 2_000;

/** The units whose rows in `person_scopes` make up the scope (null: the whole country). */
export function scopeUnits(scope: Scope): string[] | null {
  if (scope.path === null) return null;
  const paths = [scope.path, ...(scope.inherited ?? [])];
  // A path inside another of the scope adds nobody.
  const outer = paths.filter((p, i) => !paths.some((o, j) => j !== i && p.startsWith(o) && (o !== p || j < i)));
  return [...new Set(outer.map((p) => p.split('/').filter(Boolean).at(-1)!))];
}

const birthKey = sql<string>`coalesce(p.birth_date, cast(p.birth_year as varchar(10)), '9999')`;

/** Members on the filter's date of groups standing that day in its area and/or of its type. */
function membersOn(db: Db, f: PeopleFilter) {
  return db
    .selectFrom('memberships as m2')
    .innerJoin('groups as g', 'g.id', 'm2.group_id')
    .innerJoin('group_areas as a', 'a.group_id', 'g.id')
    .innerJoin('group_statuses as s', 's.group_id', 'g.id')
    .innerJoin('units as u2', 'u2.id', 'a.unit_id')
    .where((eb) => validAt(eb.ref('m2.valid_from'), eb.ref('m2.valid_to'), f.date))
    // Members of a group standing that day, as the census counts them.
    .where(standsOn(f.date))
    .$if(Boolean(f.areaPath), (q) => q.where(sql<SqlBool>`u2.path like ${`${escapeLike(f.areaPath ?? '')}%`} escape '\\'`))
    // SQLite reads a LIKE with ESCAPE by no index; the same subtree as a range of the path index
    // (paths compare byte by byte there; a path ends in '/', and '0' follows it).
    .$if(Boolean(f.areaPath) && f.engine === 'sqlite', (q) => q.where('u2.path', '>=', f.areaPath!).where('u2.path', '<', `${f.areaPath!.slice(0, -1)}0`))
    .$if(Boolean(f.type), (q) => q.where('g.type_code', '=', f.type!));
}

/** The person of this column is such a member. */
const memberOn = (db: Db, f: PeopleFilter, person: string) => membersOn(db, f).select('m2.id').where(sql<SqlBool>`m2.person_id = ${sql.ref(person)}`);

/** A query of people's sort keys, whichever table it walks. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type KeysQuery = SelectQueryBuilder<any, any, PersonKeys>;

const nameLike = (column: string, text: string) => sql<SqlBool>`${sql.ref(column)} like ${`%${escapeLike(text)}%`} escape '\\'`;

/**
 * The list's rows in one of two shapes. A **walk** reads a scope's people in sort order from an
 * index (one range of `person_scopes` per unit of the scope, COUNTRY nationwide) and tests the
 * filters on each: fast when many match. A **search from the matches** starts from the few
 * people a filter finds through its own index (the ID number hash, the trigram index of names,
 * the members of an area's groups), keeps those in scope and sorts them.
 */
function walk(db: Db, unitId: string, f: PeopleFilter): KeysQuery {
  const keys = f.sort === 'birth' ? ['s.birth_key', 's.name_key', 's.person_id'] : ['s.name_key', 's.person_id'];
  return db
    .selectFrom('person_scopes as s')
    .select(['s.person_id as id', 's.name_key', 's.birth_key'])
    .where('s.unit_id', '=', unitId)
    .$if(Boolean(f.text), (q) => q.where(nameLike('s.name_key', f.text!)))
    .$if(Boolean(f.areaPath || f.type), (q) => q.where((eb) => eb.exists(memberOn(db, f, 's.person_id'))))
    .$if(Boolean(f.after), (q) => q.where(after(keys.map((k) => sql.ref(k)), f.after!)))
    .$call((q) => keys.reduce<KeysQuery>((o, k) => o.orderBy(sql.ref(k)), q as KeysQuery));
}

/** The people a filter finds through its own index, in scope, in sort order. */
function fromMatches(db: Db, engine: Engine, units: string[] | null, f: PeopleFilter, by: 'cccd' | 'text' | 'members'): KeysQuery {
  const c = (e: Expression<unknown>) => (engine === 'postgres' ? sql`${e} collate "C"` : e);
  const keys: Expression<unknown>[] = (f.sort === 'birth' ? [birthKey, sql.ref('p.name_search'), sql.ref('p.id')] : [sql.ref('p.name_search'), sql.ref('p.id')]).map(c);
  let q = db.selectFrom('people as p').select(['p.id', 'p.name_search as name_key', birthKey.as('birth_key')]).where('p.merged_into', 'is', null);
  if (by === 'cccd') q = q.where('p.cccd_hash', '=', f.cccdHash!);
  else if (f.cccdHash) q = q.where('p.cccd_hash', '=', f.cccdHash);
  if (by === 'text' && engine === 'sqlite') q = q.where(sql<SqlBool>`p.rowid in (select rowid from people_fts where people_fts.name_search like ${`%${f.text}%`})`);
  // pg_trgm answers the same LIKE from its index when the planner finds it selective.
  else if (f.text) q = q.where(nameLike('p.name_search', f.text));
  if (by === 'members') q = q.where('p.id', 'in', membersOn(db, f).select('m2.person_id'));
  else if (f.areaPath || f.type) q = q.where((eb) => eb.exists(memberOn(db, f, 'p.id')));
  if (units) q = q.where((eb) => eb.exists(eb.selectFrom('person_scopes as ps').select('ps.person_id').whereRef('ps.person_id', '=', 'p.id').where('ps.unit_id', 'in', units)));
  if (f.after) q = q.where(after(keys, f.after));
  return keys.reduce<KeysQuery>((o, k) => o.orderBy(k), q as KeysQuery);
}

/** How many people in the whole country the filter's own index finds, up to FEW_MATCHES. */
async function matchesUpTo(db: Db, engine: Engine, f: PeopleFilter, by: 'text' | 'members'): Promise<number> {
  const source =
    by === 'members'
      ? membersOn(db, f).select('m2.person_id as id')
      : engine === 'sqlite'
        ? db.selectFrom(sql<{ rowid: number }>`people_fts`.as('fts')).select(sql<string>`rowid`.as('id')).where(sql<SqlBool>`fts.name_search like ${`%${f.text}%`}`)
        : db.selectFrom('people as p').select('p.id').where(nameLike('p.name_search', f.text!));
  return (await countUpTo(db, source, FEW_MATCHES)).total;
}

/**
 * A page of the people a scope reaches with these filters, by keyset (`f.after`), one row more
 * than the page (pageOfRows cuts it), and how many match (exact up to COUNT_LIMIT).
 */
export async function listPeople(db: Db, engine: Engine, scope: Scope, filter: PeopleFilter) {
  const f = { ...filter, engine };
  const units = scopeUnits(scope);
  const limit = f.pageSize + 1;
  let by: 'cccd' | 'text' | 'members' | null = null;
  if (f.cccdHash) by = 'cccd';
  // The trigram index needs three characters.
  else if (f.text && f.text.length >= 3 && (await matchesUpTo(db, engine, f, 'text')) < FEW_MATCHES) by = 'text';
  else if ((f.areaPath || f.type) && (await matchesUpTo(db, engine, f, 'members')) < FEW_MATCHES) by = 'members';

  let keys: PersonKeys[];
  let count: { total: number; exact: boolean };
  if (by) {
    const q = fromMatches(db, engine, units, { ...f, after: undefined }, by);
    keys = await fromMatches(db, engine, units, f, by).limit(limit).execute();
    count = await countUpTo(db, q);
  } else if (units === null || units.length === 1) {
    const unit = units?.[0] ?? COUNTRY;
    keys = await walk(db, unit, f).limit(limit).execute();
    // Nationwide, many match: the trigram index counts them sooner than the walk would.
    const counted =
      units === null && f.text && f.text.length >= 3 && !f.areaPath && !f.type && engine === 'sqlite'
        ? // A join, not `rowid in (…)`: SQLite would first gather every match of the subquery.
          db
            .selectFrom(sql<{ rowid: number }>`people_fts`.as('fts'))
            .innerJoin('people as p', (j) => j.on(sql<SqlBool>`p.rowid = fts.rowid`))
            .select('p.id')
            .where(sql<SqlBool>`fts.name_search like ${`%${f.text}%`}`)
            .where('p.merged_into', 'is', null)
        : walk(db, unit, { ...f, after: undefined });
    count = await countUpTo(db, counted);
  } else {
    // Several units (a scope and what it inherited): each range in order, merged, each person once.
    const parts = await Promise.all(units.map((u) => walk(db, u, f).limit(limit).execute()));
    const seen = new Set<string>();
    keys = parts
      .flat()
      .sort((x, y) => compareKeys(keysOf(f.sort, x), keysOf(f.sort, y)))
      .filter((r) => !seen.has(r.id) && seen.add(r.id))
      .slice(0, limit);
    count = await distinctUpTo(db, units.map((u) => walk(db, u, { ...f, after: undefined }).clearOrderBy()));
  }
  return { keys, count, rows: await peopleByIds(db, keys.map((k) => k.id)) };
}

function compareKeys(a: KeyValue[], b: KeyValue[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = String(a[i]);
    const y = String(b[i]);
    // Byte order, as the indexes compare (the keys are ASCII).
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** How many distinct people the union of these queries finds, up to COUNT_LIMIT. */
async function distinctUpTo(db: Db, queries: KeysQuery[]): Promise<{ total: number; exact: boolean }> {
  const union = queries.slice(1).reduce((u, q) => u.union(q), queries[0]!);
  const row = await db
    .selectFrom(db.selectFrom(union.as('u')).select(sql<string>`u.id`.as('id')).limit(COUNT_LIMIT + 1).as('capped'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return n > COUNT_LIMIT ? { total: COUNT_LIMIT, exact: false } : { total: n, exact: true };
}

/** These people with their address unit, in the order given. */
async function peopleByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('people as p').leftJoin('units as ad', 'ad.id', 'p.address_unit_id').selectAll('p').select(columns).where('p.id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
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
