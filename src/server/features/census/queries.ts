import { sql, type SqlBool } from 'kysely';
import type { Db, Engine } from '../../db/connection.js';
import { escapeLike } from '../../lib/text.js';
import type { CensusReportsTable } from '../../db/types.js';
import { pathInScope, type Scope } from '../../auth/scope.js';
import { validAt } from '../units/queries.js';
import { standsOn } from '../groups/standing.js';

/** Counts of one model type in one place: a unit (read directly) or a commune (from the series). */
export interface CensusCell {
  path: string;
  type_code: string;
  groups: number;
  members: number;
  sites: number;
}

/** The column's path lies under one of the prefixes. */
function under(column: string, prefixes: string[]) {
  return sql<SqlBool>`(${sql.join(prefixes.map((p) => sql`${sql.ref(column)} like ${`${escapeLike(p)}%`} escape '\\'`), sql` or `)})`;
}

/**
 * The column's path lies under one of the prefixes, as index ranges: every path that starts with
 * `/a/b/` sorts from `/a/b/` up to `/a/b0` ('0' follows '/'). The column must compare bytewise.
 */
function subtrees(column: string, prefixes: string[]) {
  return sql<SqlBool>`(${sql.join(prefixes.map((p) => sql`(${sql.ref(column)} >= ${p} and ${sql.ref(column)} < ${`${p.slice(0, -1)}0`})`), sql` or `)})`;
}

/**
 * The census from the series: per commune and type under the prefixes, the last row on or
 * before the date. One index seek per commune and type, however long the registry's history.
 */
export async function cellsFromSeries(db: Db, prefixes: string[] | null, date: string): Promise<CensusCell[]> {
  // A cross join keeps SQLite's planner walking the keys and seeking into the series, never the reverse.
  let q = db
    .selectFrom('census_keys as k')
    .crossJoin('census_series as s')
    .select(['k.path', 'k.type_code', 's.groups', 's.members', 's.sites'])
    .whereRef('s.key_id', '=', 'k.key_id')
    .whereRef('s.type_code', '=', 'k.type_code')
    .where('k.first_day', '<=', date)
    .where('s.day_from', '=', (eb) =>
      eb
        .selectFrom('census_series as x')
        .select((x) => x.fn.max('x.day_from').as('d'))
        .whereRef('x.key_id', '=', 'k.key_id')
        .whereRef('x.type_code', '=', 'k.type_code')
        .where('x.day_from', '<=', date),
    )
    .where('s.groups', '>', 0);
  if (prefixes !== null) q = q.where(subtrees('k.path', prefixes));
  const rows = await q.execute();
  return rows.map((r) => ({ path: r.path, type_code: r.type_code, groups: Number(r.groups), members: Number(r.members), sites: Number(r.sites) }));
}

/** The model types in the order reports list them. */
export function censusTypes(db: Db) {
  return db.selectFrom('model_types').select(['code', 'name', 'report_noun', 'counts_members', 'built_in', 'province_code', 'retired_on']).orderBy('sort_order').execute();
}
export type CensusType = Awaited<ReturnType<typeof censusTypes>>[number];

/** Areas (their prefixes; null: the country) each counted on some days. */
export interface SeriesAsk {
  prefixes: string[] | null;
  days: string[];
}

/** Totals of one model type over one ask's area on one day. */
export interface SeriesTotal {
  ask: number;
  day: string;
  type_code: string;
  groups: number;
  members: number;
}

/**
 * The totals per type of several areas on several days in one statement: the same rows as
 * `cellsFromSeries`, summed per area and day. Each (area, day, prefix) is a row of a VALUES list
 * holding the prefix as an index range; from it, each key under the prefix seeks its last row on
 * or before the day. The prefixes of one area must not lie inside one another.
 */
export async function totalsFromSeries(db: Db, asks: SeriesAsk[]): Promise<SeriesTotal[]> {
  const ranges = asks.flatMap((a, ask) =>
    a.days.flatMap((day) => (a.prefixes ?? ['/']).map((p) => sql`(${ask}, ${day}, ${p}, ${`${p.slice(0, -1)}0`})`)),
  );
  if (ranges.length === 0) return [];
  const { rows } = await sql<{ ask: number | string; day: string; type_code: string; groups: number | string; members: number | string }>`
    with q (ask, day, lo, hi) as (values ${sql.join(ranges)})
    select q.ask, q.day, k.type_code, sum(s.groups) as groups, sum(s.members) as members
    from q
    cross join census_keys k
    cross join census_series s
    where k.path >= q.lo and k.path < q.hi and k.first_day <= q.day
      and s.key_id = k.key_id and s.type_code = k.type_code
      and s.day_from = (
        select max(x.day_from) from census_series x
        where x.key_id = k.key_id and x.type_code = k.type_code and x.day_from <= q.day
      )
      and s.groups > 0
    group by q.ask, q.day, k.type_code
  `.execute(db);
  return rows.map((r) => ({ ask: Number(r.ask), day: r.day, type_code: r.type_code, groups: Number(r.groups), members: Number(r.members) }));
}

/** `alias` (a table with valid_from / valid_to) holds on the date: from inclusive, to exclusive. */
function validOn(alias: string, date: string) {
  return validAt(sql.ref(`${alias}.valid_from`), sql.ref(`${alias}.valid_to`), date);
}

/** Groups standing on the date (groups/standing.ts) with the area they then had. */
function standing(db: Db, date: string) {
  return db
    .selectFrom('groups as g')
    .innerJoin('group_areas as a', 'a.group_id', 'g.id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .innerJoin('group_statuses as s', 's.group_id', 'g.id')
    .where(standsOn(date));
}

/**
 * Every group standing on the date whose area then is one of the units or a village of one of
 * them, with its type, area and number of members on that date.
 */
export async function groupsStandingIn(db: Db, unitIds: string[], date: string) {
  return standing(db, date)
    .select((eb) => [
      'g.id',
      'g.type_code',
      'u.id as unit_id',
      'u.path',
      eb.selectFrom('memberships as m').select(eb.fn.countAll<number>().as('n')).whereRef('m.group_id', '=', 'g.id').where(validOn('m', date)).as('members'),
    ])
    .where('a.unit_id', 'in', (eb) =>
      eb.selectFrom('units as v').select('v.id').where((w) => w.or([w('v.id', 'in', unitIds), w('v.parent_id', 'in', unitIds)])),
    )
    .execute();
}

/** The same census read directly from groups, areas, statuses and memberships: one cell per unit and type. */
export async function cellsFromRegistry(db: Db, unitIds: string[], date: string): Promise<CensusCell[]> {
  const cells = new Map<string, CensusCell>();
  for (const g of await groupsStandingIn(db, unitIds, date)) {
    const key = `${g.unit_id} ${g.type_code}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { path: g.path, type_code: g.type_code, groups: 0, members: 0, sites: 1 }));
    c.groups++;
    c.members += Number(g.members ?? 0);
  }
  return [...cells.values()];
}

/**
 * The plain join over the whole registry: every group standing on the date under the prefixes
 * with its members counted. What the series replaces; kept as the benchmark's yardstick and the
 * tests' second opinion.
 */
export async function groupsStandingUnder(db: Db, prefixes: string[] | null, date: string) {
  let q = standing(db, date)
    .leftJoin('memberships as m', (j) => j.onRef('m.group_id', '=', 'g.id').on(validOn('m', date)))
    .select((eb) => ['g.type_code', 'u.path', eb.fn.count<number>('g.id').distinct().as('groups'), eb.fn.count<number>('m.id').as('members')])
    .groupBy(['g.type_code', 'u.id', 'u.path']);
  if (prefixes !== null) q = q.where(under('u.path', prefixes));
  const rows = await q.execute();
  return rows.map((r): CensusCell => ({ path: r.path, type_code: r.type_code, groups: Number(r.groups), members: Number(r.members), sites: 1 }));
}

/** Counts of one model type in one unit, split by where each group's area lay on another date. */
export interface PlacedCell {
  unit_id: string;
  /** The group's area on the other date, when it had one. */
  then_id: string | null;
  type_code: string;
  groups: number;
  members: number;
}

/**
 * The groups standing on the date in these keys (a commune or above, and the villages of a
 * commune), grouped in SQL per area, type and the area each group had on `then`: what a key's
 * single line of the series cannot tell when it must be split between units of another date.
 */
export async function cellsOfKeys(db: Db, keyIds: string[], date: string, then: string): Promise<PlacedCell[]> {
  // The areas first (the keys and their villages, by the parent index), then their groups by the
  // area index: a plan that starts from the few areas asked, never from every group.
  const areaIds: string[] = [];
  for (let i = 0; i < keyIds.length; i += 500) {
    const chunk = keyIds.slice(i, i + 500);
    areaIds.push(...chunk);
    const villages = await db.selectFrom('units').select('id').where('parent_id', 'in', chunk).where('level', '=', 'village').execute();
    areaIds.push(...villages.map((v) => v.id));
  }
  const out: PlacedCell[] = [];
  for (let i = 0; i < areaIds.length; i += 500) {
    // Per group first (its members by the membership index), then summed per area, type and area then.
    const perGroup = db
      .selectFrom('group_areas as a')
      .innerJoin('groups as g', 'g.id', 'a.group_id')
      .innerJoin('group_statuses as s', 's.group_id', 'a.group_id')
      .leftJoin('group_areas as b', (j) => j.onRef('b.group_id', '=', 'a.group_id').on(validOn('b', then)))
      .select((eb) => [
        'a.unit_id',
        'b.unit_id as then_id',
        'g.type_code',
        eb.selectFrom('memberships as m').select(eb.fn.countAll<number>().as('n')).whereRef('m.group_id', '=', 'a.group_id').where(validOn('m', date)).as('members'),
      ])
      .where('a.unit_id', 'in', areaIds.slice(i, i + 500))
      .where(standsOn(date));
    const rows = await db
      .selectFrom(perGroup.as('x'))
      .select((eb) => ['x.unit_id', 'x.then_id', 'x.type_code', eb.fn.countAll<number>().as('groups'), eb.fn.sum<number>('x.members').as('members')])
      .groupBy(['x.unit_id', 'x.then_id', 'x.type_code'])
      .execute();
    for (const r of rows) out.push({ unit_id: r.unit_id, then_id: r.then_id ?? null, type_code: r.type_code, groups: Number(r.groups), members: Number(r.members) });
  }
  return out;
}

export async function insertCensusReport(db: Db, row: CensusReportsTable): Promise<void> {
  await db.insertInto('census_reports').values(row).execute();
}

/** The census of this area (null: the country) and day already marked as reported, if it is. */
export async function findReported(db: Db, unitId: string | null, day: string) {
  let q = db.selectFrom('census_reports').select(['id', 'created_at']).where('kind', '=', 'reported').where('census_date', '=', day);
  q = unitId === null ? q.where('unit_id', 'is', null) : q.where('unit_id', '=', unitId);
  return q.orderBy('created_at').executeTakeFirst();
}

/**
 * The reports and exports of an area and its sub-areas (every one for `path: null`), within the
 * scope, newest first, a page at a time: after the item `after`, by (created_at, id) descending.
 */
export async function listCensusReports(db: Db, scope: Scope, f: { path: string | null; day?: string; after?: { created_at: string; id: string }; limit: number }) {
  let q = db
    .selectFrom('census_reports as r')
    .innerJoin('users as p', 'p.id', 'r.created_by')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.id', 'r.kind', 'r.unit_id', 'r.census_date', 'r.created_at', 'p.username', 'p.full_name', 'u.code', 'u.name'])
    .where((eb) => pathInScope(eb.ref('r.area_path'), scope));
  if (scope.path !== null) q = q.where('r.area_path', 'is not', null);
  if (f.path !== null) q = q.where(under('r.area_path', [f.path]));
  if (f.day) q = q.where('r.census_date', '=', f.day);
  if (f.after) {
    const { created_at, id } = f.after;
    q = q.where((eb) => eb.or([eb('r.created_at', '<', created_at), eb.and([eb('r.created_at', '=', created_at), eb('r.id', '<', id)])]));
  }
  return q.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(f.limit + 1).execute();
}

export async function findCensusReport(db: Db, id: string) {
  return db.selectFrom('census_reports').select(['id', 'created_at']).where('id', '=', id).executeTakeFirst();
}

/** Serialises markings on PostgreSQL, so that two at once store one row (SQLite has one writer). */
const REPORTS_LOCK = 5_802_019;
export async function lockReports(trx: Db, engine: Engine): Promise<void> {
  if (engine === 'postgres') await sql`select pg_advisory_xact_lock(${REPORTS_LOCK})`.execute(trx);
}
