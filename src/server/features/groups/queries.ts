import { sql, type SqlBool } from 'kysely';
import type { Db, Engine } from '../../db/connection.js';
import type { GroupAreasTable, GroupScopesTable, GroupStatusesTable, GroupsTable, MembershipsTable, UnitsTable } from '../../db/types.js';
import { covers, pathInScope, type Scope } from '../../auth/scope.js';
import { fail } from '../../lib/errors.js';
import { escapeLike } from '../../lib/text.js';
import { addDays } from '../../lib/dates.js';
import { validAt } from '../units/queries.js';
import { groupStatuses, type GroupSort, type GroupStatus } from '../../../shared/groups.js';
export type { GroupSort };
import { after as afterKey, type KeyValue } from '../../lib/keyset.js';
import { onDay, standsAs } from './standing.js';

export type GroupRow = GroupsTable;

/**
 * Groups as of a date: founded by then, with the area and the status they had that day
 * (groups/standing.ts). The scope applies to the area on that date, so a group is seen where it was.
 */
export function groupsAt(db: Db, scope: Scope, date: string) {
  return db
    .selectFrom('groups as g')
    .innerJoin('model_types as t', 't.code', 'g.type_code')
    .innerJoin('group_areas as a', 'a.group_id', 'g.id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .innerJoin('group_statuses as s', 's.group_id', 'g.id')
    .where(onDay(date))
    .where((eb) => pathInScope(eb.ref('u.path'), scope));
}

const columns = [
  'g.id',
  'g.type_code',
  't.name as type_name',
  't.counts_members',
  'g.name',
  'g.founded_on',
  'g.decision_number',
  'g.decision_date',
  'g.decision_issuer',
  'g.contact_phone',
  'g.contact_text',
  'g.notes',
  'g.created_at',
  'g.updated_at',
  'u.id as unit_id',
  'u.code as unit_code',
  'u.name as unit_name',
  'u.level as unit_level',
  'u.kind as unit_kind',
  'u.path as unit_path',
  's.status',
  's.valid_from as status_since',
] as const;



/** Each sort's key in group_scopes, ending with the group's id: unique, never null, one index each. */
export const sortKeys = {
  name: ['name_key', 'group_id'],
  foundedOn: ['founded_on', 'name_key', 'group_id'],
  type: ['type_order', 'name_key', 'group_id'],
  area: ['area_key', 'name_key', 'group_id'],
} as const satisfies Record<GroupSort, readonly (keyof GroupScopesTable)[]>;

export interface GroupFilter {
  date: string;
  /** The units whose groups are listed, their subtrees disjoint; '' is the country. */
  scopeIds: string[];
  type?: string;
  /** Absent: every standing group; `dissolved`: the dissolved ones, apart; else standing ones in that status. */
  status?: GroupStatus;
  text?: string;
  sort: GroupSort;
}

/** A row of group_scopes as a page reads it: the group and its sort key. */
export interface KeyedGroup {
  id: string;
  key: KeyValue[];
}

const standingStatuses = groupStatuses.filter(standsAs);

/** The statuses a filter lists: the standing ones unless one is asked. */
function listedStatuses(f: Pick<GroupFilter, 'status'>): string[] {
  return f.status ? [f.status] : standingStatuses;
}

/**
 * The rows of one unit (or the country) valid on the date, in the filter's statuses and type.
 * The status and type are compared as expressions, not columns, so that SQLite (which has no
 * statistics) walks the sort's index rather than the counts' one and sorting afterwards.
 */
function inScope(db: Db, scopeId: string, f: Omit<GroupFilter, 'scopeIds' | 'sort'>) {
  let q = db
    .selectFrom('group_scopes as gs')
    .where('gs.scope_id', '=', scopeId)
    .where((eb) => validAt(eb.ref('gs.valid_from'), eb.ref('gs.valid_to'), f.date))
    .where(sql<SqlBool>`(gs.status || '') in (${sql.join(listedStatuses(f))})`);
  if (f.type) q = q.where(sql<SqlBool>`(gs.type_code || '') = ${f.type}`);
  if (f.text) q = q.where(sql<SqlBool>`gs.name_key like ${`%${escapeLike(f.text)}%`} escape '\\'`);
  return q;
}

const keyOf = (sort: GroupSort) => (r: Record<string, unknown>): KeyValue[] => sortKeys[sort].map((k) => r[k] as KeyValue);

/** Sort keys compared as the index orders them (byte by byte; numbers as numbers). */
export function compareKeys(a: readonly KeyValue[], b: readonly KeyValue[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * The next `limit` groups after the cursor's key, walking each unit's range of the sort's index
 * and merging them (the units' subtrees are disjoint, so no group comes twice).
 */
export async function walkGroups(db: Db, f: GroupFilter, after: KeyValue[] | null, limit: number): Promise<KeyedGroup[]> {
  const keys = sortKeys[f.sort];
  const refs = keys.map((k) => sql.ref(`gs.${k}`));
  const pages = await Promise.all(
    f.scopeIds.map(async (scopeId) => {
      let q = inScope(db, scopeId, f).select(keys.map((k) => `gs.${k}` as const));
      if (after) q = q.where(afterKey(refs, after));
      for (const k of keys) q = q.orderBy(`gs.${k}`);
      return (await q.limit(limit).execute()).map((r) => ({ id: r.group_id, key: keyOf(f.sort)(r) }));
    }),
  );
  return pages.flat().sort((a, b) => compareKeys(a.key, b.key)).slice(0, limit);
}

/**
 * Groups whose name key holds the text, found through the text index (FTS5 trigrams on SQLite,
 * pg_trgm on PostgreSQL): their ids, or null when there are more than `cap` (the list then walks
 * its own index, which finds a frequent text sooner) or the text is too short for trigrams.
 */
export async function groupsNamed(db: Db, engine: Engine, text: string, cap: number): Promise<string[] | null> {
  if ([...text].length < 3) return null;
  const rows =
    engine === 'postgres'
      ? await db.selectFrom('groups').select('id').where(sql<SqlBool>`name_search like ${`%${escapeLike(text)}%`} escape '\\'`).limit(cap + 1).execute()
      : (
          await sql<{ id: string }>`select g.id from groups_fts f join groups g on g.rowid = f.rowid where groups_fts match ${`"${text.replaceAll('"', '""')}"`} limit ${cap + 1}`.execute(db)
        ).rows;
  return rows.length > cap ? null : rows.map((r) => r.id);
}

/** Among these groups, those the filter lists, every one with its key, in order. */
export async function groupsAmong(db: Db, ids: string[], f: GroupFilter): Promise<KeyedGroup[]> {
  const keys = sortKeys[f.sort];
  const out: KeyedGroup[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await db
      .selectFrom('group_scopes as gs')
      .select(keys.map((k) => `gs.${k}` as const))
      .where('gs.group_id', 'in', chunk)
      // Expressions, not columns: read by the group's index, never by a range of the unit's.
      .where(sql<SqlBool>`(gs.scope_id || '') in (${sql.join(f.scopeIds)})`)
      .where((eb) => validAt(eb.ref('gs.valid_from'), eb.ref('gs.valid_to'), f.date))
      .where(sql<SqlBool>`(gs.status || '') in (${sql.join(listedStatuses(f))})`)
      .$if(f.type !== undefined, (q) => q.where(sql<SqlBool>`(gs.type_code || '') = ${f.type!}`))
      // The text index finds trigrams; the key itself says whether the text is in it.
      .$if(f.text !== undefined, (q) => q.where(sql<SqlBool>`gs.name_key like ${`%${escapeLike(f.text!)}%`} escape '\\'`))
      .execute();
    out.push(...rows.map((r) => ({ id: r.group_id, key: keyOf(f.sort)(r) })));
  }
  return out.sort((a, b) => compareKeys(a.key, b.key));
}

/** How many groups of these units the filter lists on the date (no text): a sum over the counts' series. */
export async function countInScope(db: Db, f: Omit<GroupFilter, 'sort' | 'text'>): Promise<number> {
  const row = await db
    .selectFrom('group_scope_counts')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('delta'), sql<number>`0`).as('n'))
    .where('scope_id', 'in', f.scopeIds)
    .where('status', 'in', listedStatuses(f))
    .$if(f.type !== undefined, (q) => q.where('type_code', '=', f.type!))
    .where('day', '<=', f.date)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The rows of one unit matching a text, for a count capped at COUNT_LIMIT: read from the counts' index, the name key in it. */
export function textInScope(db: Db, scopeId: string, f: GroupFilter) {
  return db
    .selectFrom('group_scopes as gs')
    .select('gs.group_id')
    .where('gs.scope_id', '=', scopeId)
    .where('gs.status', 'in', listedStatuses(f))
    .$if(f.type !== undefined, (q) => q.where('gs.type_code', '=', f.type!))
    .where((eb) => validAt(eb.ref('gs.valid_from'), eb.ref('gs.valid_to'), f.date))
    .where(sql<SqlBool>`gs.name_key like ${`%${escapeLike(f.text!)}%`} escape '\\'`);
}

/** The groups of a page, as of the date, in the page's order. */
export async function groupsByIds(db: Db, scope: Scope, ids: string[], date: string) {
  if (ids.length === 0) return [];
  const rows = await groupsAt(db, scope, date).select(columns).where('g.id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
}

export type GroupListRow = Awaited<ReturnType<typeof groupsByIds>>[number];

export async function findGroupAt(db: Db, scope: Scope, id: string, date: string) {
  return groupsAt(db, scope, date).select(columns).where('g.id', '=', id).executeTakeFirst();
}

/** The group's latest area, whatever the date: where it is (or was last), for scope checks. */
export async function latestArea(db: Db, groupId: string) {
  return db
    .selectFrom('group_areas as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.unit_id', 'a.valid_from', 'a.valid_to', 'u.path', 'u.province_code'])
    .where('a.group_id', '=', groupId)
    .orderBy('a.valid_from', 'desc')
    .executeTakeFirst();
}

export async function findGroup(db: Db, id: string) {
  return db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function latestStatus(db: Db, groupId: string) {
  return db.selectFrom('group_statuses').selectAll().where('group_id', '=', groupId).orderBy('valid_from', 'desc').executeTakeFirst();
}

export async function statusesOf(db: Db, groupId: string) {
  return db.selectFrom('group_statuses').selectAll().where('group_id', '=', groupId).orderBy('valid_from').execute();
}

export async function areasOf(db: Db, groupId: string) {
  return db
    .selectFrom('group_areas as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.valid_from', 'a.valid_to', 'a.reason', 'u.id', 'u.code', 'u.name', 'u.level', 'u.kind'])
    .where('a.group_id', '=', groupId)
    .orderBy('a.valid_from')
    .execute();
}

/** The reorganisations that took effect on one of these days: their source and what they recorded. */
export async function reformEventsOn(db: Db, days: string[]) {
  if (days.length === 0) return [];
  return db.selectFrom('unit_events').select(['effective_date', 'source_name', 'summary_json']).where('kind', '=', 'reform').where('effective_date', 'in', days).execute();
}

export async function insertGroup(db: Db, row: GroupRow): Promise<void> {
  await db.insertInto('groups').values(row).execute();
}

export async function updateGroup(db: Db, id: string, patch: Partial<GroupRow>): Promise<void> {
  await db.updateTable('groups').set(patch).where('id', '=', id).execute();
}

/** A corrected founding date: the group's first area and first status start on it too. */
export async function moveFounding(db: Db, groupId: string, to: string, first: { area: string; status: string }): Promise<void> {
  await db.updateTable('groups').set({ founded_on: to }).where('id', '=', groupId).execute();
  await db.updateTable('group_areas').set({ valid_from: to }).where('group_id', '=', groupId).where('valid_from', '=', first.area).execute();
  await db.updateTable('group_statuses').set({ valid_from: to }).where('group_id', '=', groupId).where('valid_from', '=', first.status).execute();
}

export async function insertArea(db: Db, row: GroupAreasTable): Promise<void> {
  await db.insertInto('group_areas').values(row).execute();
}

export async function endArea(db: Db, id: string, date: string): Promise<void> {
  await db.updateTable('group_areas').set({ valid_to: date }).where('id', '=', id).execute();
}

export async function insertStatus(db: Db, row: GroupStatusesTable): Promise<void> {
  await db.insertInto('group_statuses').values(row).execute();
}

export async function endStatus(db: Db, id: string, date: string): Promise<void> {
  await db.updateTable('group_statuses').set({ valid_to: date }).where('id', '=', id).execute();
}

/** Members of each group on a date (for lists and exports). */
export async function memberCounts(db: Db, groupIds: string[], date: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < groupIds.length; i += 500) {
    const rows = await db
      .selectFrom('memberships')
      .select(['group_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('group_id', 'in', groupIds.slice(i, i + 500))
      .where('valid_from', '<=', date)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', date)]))
      .groupBy('group_id')
      .execute();
    for (const r of rows) out.set(r.group_id, Number(r.n));
  }
  return out;
}

/**
 * A group the actor may act on: it exists and its latest area lies in their scope (groups are
 * managed where they are now). Out of scope reads as not found.
 */
export async function findGroupInScope(db: Db, scope: Scope, id: string) {
  const group = await findGroup(db, id);
  const area = group ? await latestArea(db, id) : undefined;
  if (!group || !area) return fail('GROUP_NOT_FOUND');
  // A user whose area has ended still reads the groups it held on its last day (read-only).
  const then = !covers(scope, area.path) && scope.endedOn ? await areaPathOn(db, id, addDays(scope.endedOn, -1)) : undefined;
  if (!covers(scope, area.path) && !(then && covers(scope, then.path))) return fail('GROUP_NOT_FOUND');
  return { group, area };
}

/** The path of the unit a group stood in on a day. */
async function areaPathOn(db: Db, groupId: string, day: string) {
  return db
    .selectFrom('group_areas as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select('u.path')
    .where('a.group_id', '=', groupId)
    .where('a.valid_from', '<=', day)
    .where((eb) => validAt(eb.ref('a.valid_from'), eb.ref('a.valid_to'), day))
    .executeTakeFirst();
}

/** A membership of the group still open on `from` or after: the person's own, or any leader's. */
export async function overlappingMembership(db: Db, groupId: string, from: string, who: { personId: string } | 'leader') {
  let q = db
    .selectFrom('memberships')
    .select('id')
    .where('group_id', '=', groupId)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', from)]));
  q = who === 'leader' ? q.where('role', '=', 'leader') : q.where('person_id', '=', who.personId);
  return q.executeTakeFirst();
}

export async function insertMembership(db: Db, row: MembershipsTable): Promise<void> {
  await db.insertInto('memberships').values(row).execute();
}

// — Sheet import —

export async function allModelTypes(db: Db) {
  return db.selectFrom('model_types').selectAll().execute();
}

/** The villages and communes carrying these codes, in all their periods. */
export async function areaUnitsWithCodes(db: Db, codes: string[]): Promise<UnitsTable[]> {
  return db.selectFrom('units').selectAll().where('code', 'in', codes).where('level', 'in', ['village', 'commune']).execute();
}

/** The village or commune carrying a code on a day. */
export async function areaUnitOn(db: Db, code: string, day: string): Promise<UnitsTable | undefined> {
  const rows = await db.selectFrom('units').selectAll().where('code', '=', code).where('level', 'in', ['commune', 'village']).where('valid_from', '<=', day).execute();
  return rows.find((u) => u.valid_to === null || u.valid_to > day);
}

/** The villages and communes under a unit, valid on a day. */
export async function areaUnitsUnder(db: Db, root: Pick<UnitsTable, 'id' | 'path'>, day: string): Promise<UnitsTable[]> {
  return db
    .selectFrom('units')
    .selectAll()
    .where((eb) => pathInScope(eb.ref('path'), { unitId: root.id, path: root.path }))
    .where('level', 'in', ['commune', 'village'])
    .where((eb) => validAt(eb.ref('valid_from'), eb.ref('valid_to'), day))
    .execute();
}

/** For units formed by a reform from others: the parent of the unit each came from. */
export async function formerParentNames(db: Db, ids: string[]): Promise<{ to_unit_id: string; parent: string | null }[]> {
  return db
    .selectFrom('unit_links as l')
    .innerJoin('units as old', 'old.id', 'l.from_unit_id')
    .leftJoin('units as p', 'p.id', 'old.parent_id')
    .select(['l.to_unit_id', 'p.name as parent'])
    .where('l.to_unit_id', 'in', ids)
    .execute();
}

export async function findSheetMapping(db: Db, userId: string, shape: string): Promise<string | undefined> {
  return (await db.selectFrom('sheet_mappings').select('options').where('user_id', '=', userId).where('shape', '=', shape).executeTakeFirst())?.options;
}

export async function saveSheetMapping(db: Db, userId: string, shape: string, options: string, now: string): Promise<void> {
  const updated = await db.updateTable('sheet_mappings').set({ options, updated_at: now }).where('user_id', '=', userId).where('shape', '=', shape).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await db.insertInto('sheet_mappings').values({ user_id: userId, shape, options, updated_at: now }).execute();
}

/** The model types not retired, in their order: the template's allowed values. */
export async function activeModelTypes(db: Db) {
  return db.selectFrom('model_types').select(['name', 'province_code']).where('retired_on', 'is', null).orderBy('sort_order').execute();
}

/** The communes and villages of a scope valid on a day, with their parent's name: the template's areas. */
export async function areasForTemplate(db: Db, scope: Scope, day: string) {
  return db
    .selectFrom('units as u')
    .leftJoin('units as p', 'p.id', 'u.parent_id')
    .select(['u.code', 'u.name', 'p.name as parent'])
    .where('u.level', 'in', ['commune', 'village'])
    .where((eb) => validAt(eb.ref('u.valid_from'), eb.ref('u.valid_to'), day))
    .where((eb) => pathInScope(eb.ref('u.path'), scope))
    .orderBy('u.code')
    .execute();
}
