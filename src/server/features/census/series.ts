import { sql } from 'kysely';
import type { Db, Engine } from '../../db/connection.js';
import type { CensusKeysTable, CensusSeriesTable } from '../../db/types.js';
import { insertInChunks } from '../units/import-support.js';
import { sweep, type SweptGroup } from './sweep.js';

/** Keys are rebuilt this many at a time: few statements, bounded memory. */
const KEYS_PER_BATCH = 40;
const IDS_PER_STATEMENT = 500;
/** Serialises refreshes on PostgreSQL, where two requests may both find stale marks. */
const REFRESH_LOCK = 5_802_018;

/** The key a group's area counts under: a village counts in its commune, anything else as itself. */
function keyOf(u: { id: string; level: string; parent_id: string | null }): string {
  return u.level === 'village' && u.parent_id ? u.parent_id : u.id;
}

async function chunked<T>(ids: string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (const c of chunks(ids)) out.push(...(await read(c)));
  return out;
}

/** Recounts the series of these keys from the registry, replacing what was there. */
async function rebuild(trx: Db, keyIds: string[]): Promise<void> {
  const keys = await trx.selectFrom('units').select(['id', 'path', 'province_code']).where('id', 'in', keyIds).execute();
  // The keys themselves and their villages (by the parent index; a district's communes are keys of their own).
  const areaUnits = [
    ...(await trx.selectFrom('units').select(['id', 'level', 'parent_id']).where('id', 'in', keyIds).execute()),
    ...(await trx.selectFrom('units').select(['id', 'level', 'parent_id']).where('parent_id', 'in', keyIds).execute()).filter((u) => u.level === 'village'),
  ];
  const unitKey = new Map(areaUnits.map((u) => [u.id, keyOf(u)]));
  const areas = await chunked([...unitKey.keys()], (c) =>
    trx.selectFrom('group_areas').select(['group_id', 'unit_id', 'valid_from', 'valid_to']).where('unit_id', 'in', c).execute(),
  );
  const groupIds = [...new Set(areas.map((a) => a.group_id))];
  const [groups, statuses, memberships] = await Promise.all([
    chunked(groupIds, (c) => trx.selectFrom('groups').select(['id', 'type_code', 'founded_on']).where('id', 'in', c).execute()),
    chunked(groupIds, (c) => trx.selectFrom('group_statuses').select(['group_id', 'status', 'valid_from', 'valid_to']).where('group_id', 'in', c).execute()),
    chunked(groupIds, (c) => trx.selectFrom('memberships').select(['group_id', 'valid_from', 'valid_to']).where('group_id', 'in', c).execute()),
  ]);
  const statusesOf = groupBy(statuses, (s) => s.group_id);
  const membershipsOf = groupBy(memberships, (m) => m.group_id);
  const groupById = new Map(groups.map((g) => [g.id, g]));

  // One swept group per group and key: a group that moved between communes counts in each for its time there.
  const perKey = new Map<string, Map<string, SweptGroup>>();
  for (const a of areas) {
    const key = unitKey.get(a.unit_id)!;
    const g = groupById.get(a.group_id)!;
    let inKey = perKey.get(key);
    if (!inKey) perKey.set(key, (inKey = new Map()));
    let swept = inKey.get(g.id);
    if (!swept) {
      swept = {
        type: g.type_code,
        founded: g.founded_on,
        areas: [],
        statuses: (statusesOf.get(g.id) ?? []).map((s) => ({ from: s.valid_from, to: s.valid_to, status: s.status })),
        memberships: (membershipsOf.get(g.id) ?? []).map((m) => ({ from: m.valid_from, to: m.valid_to })),
      };
      inKey.set(g.id, swept);
    }
    swept.areas.push({ from: a.valid_from, to: a.valid_to, unit: a.unit_id });
  }

  const series: CensusSeriesTable[] = [];
  const keyRows: CensusKeysTable[] = [];
  for (const key of keys) {
    const rows = sweep([...(perKey.get(key.id)?.values() ?? [])]);
    const firstDay = new Map<string, string>();
    for (const r of rows) {
      series.push({ key_id: key.id, type_code: r.type, day_from: r.from, groups: r.groups, members: r.members, sites: r.sites, province_code: key.province_code });
      if (!firstDay.has(r.type)) firstDay.set(r.type, r.from);
    }
    for (const [type, day] of firstDay) keyRows.push({ key_id: key.id, type_code: type, path: key.path, first_day: day, province_code: key.province_code });
  }
  await trx.deleteFrom('census_series').where('key_id', 'in', keyIds).execute();
  await trx.deleteFrom('census_keys').where('key_id', 'in', keyIds).execute();
  await insertInChunks(trx, 'census_series', series, () => {});
  await insertInChunks(trx, 'census_keys', keyRows, () => {});
}

/** Whether a write has marked part of the series stale since the last refresh: one indexed read. */
export async function censusStale(db: Db): Promise<boolean> {
  const mark = await db
    .selectFrom('census_stale_groups')
    .select('group_id as id')
    .unionAll(db.selectFrom('census_stale_units').select('unit_id as id'))
    .limit(1)
    .executeTakeFirst();
  return mark !== undefined;
}

/**
 * Brings the census series up to date with the registry: every group, area, status or
 * membership written since the last refresh was marked by a trigger; the communes those marks
 * lead to are recounted whole. Run by the job of derived/refresh.ts after every write, never
 * by a reader. Returns how many keys were recounted.
 */
export async function refreshCensus(db: Db, engine: Engine): Promise<number> {
  if (!(await censusStale(db))) return 0;
  return db.transaction().execute(async (trx) => {
    if (engine === 'postgres') await sql`select pg_advisory_xact_lock(${REFRESH_LOCK})`.execute(trx);
    const staleGroups = await trx.selectFrom('census_stale_groups').select(['group_id as id', 'mark']).execute();
    const staleUnits = await trx.selectFrom('census_stale_units').select(['unit_id as id', 'mark']).execute();
    const touched = [
      ...(await chunked(staleGroups.map((r) => r.id), (c) =>
        trx.selectFrom('group_areas as a').innerJoin('units as u', 'u.id', 'a.unit_id').select(['u.id', 'u.level', 'u.parent_id']).where('a.group_id', 'in', c).execute(),
      )),
      ...(await chunked(staleUnits.map((r) => r.id), (c) => trx.selectFrom('units').select(['id', 'level', 'parent_id']).where('id', 'in', c).execute())),
    ];
    const keyIds = [...new Set(touched.map(keyOf))];
    for (let i = 0; i < keyIds.length; i += KEYS_PER_BATCH) await rebuild(trx, keyIds.slice(i, i + KEYS_PER_BATCH));
    await clearMarks(trx, 'census_stale_groups', 'group_id', staleGroups, engine);
    await clearMarks(trx, 'census_stale_units', 'unit_id', staleUnits, engine);
    return keyIds.length;
  });
}

/**
 * Clears the marks this refresh read. On PostgreSQL a mark renewed by a write that committed
 * meanwhile has a new number and stays for the next refresh; SQLite has one writer at a time.
 */
async function clearMarks(
  trx: Db,
  table: 'census_stale_groups' | 'census_stale_units',
  column: 'group_id' | 'unit_id',
  marks: { id: string; mark: string | number | null }[],
  engine: Engine,
): Promise<void> {
  for (const c of chunks(marks)) {
    if (engine === 'postgres') {
      await trx
        .deleteFrom(table)
        .where((eb) =>
          eb.or(c.map((m) => eb.and([eb(column as never, '=', m.id as never), m.mark === null ? eb('mark' as never, 'is', null) : eb('mark' as never, '=', m.mark as never)]))),
        )
        .execute();
    } else {
      await trx.deleteFrom(table).where(column as never, 'in', c.map((m) => m.id) as never).execute();
    }
  }
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IDS_PER_STATEMENT) out.push(items.slice(i, i + IDS_PER_STATEMENT));
  return out;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}
