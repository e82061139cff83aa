import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { UnitsTable } from '../../db/types.js';
import { pathInScope, type Scope } from '../../auth/scope.js';
import { escapeLike } from '../../lib/text.js';
import { villageLabels } from './village-labels.js';
import { uuidv7 } from '../../lib/ids.js';

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

/**
 * Units by id (the names along a path, a group's area), each village with what tells it apart
 * from another of its name in its commune during its period (village-labels.ts), else null;
 * `withLabels` false when only the names along a path are wanted.
 */
export async function findUnitsByIds(db: Db, ids: string[], withLabels = true): Promise<(Pick<UnitRow, 'id' | 'code' | 'name'> & { label: string | null })[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('units').select(['id', 'code', 'name', 'level']).where('id', 'in', ids).execute();
  const labels = withLabels ? await villageLabels(db, rows.filter((r) => r.level === 'village').map((r) => r.id), null) : new Map<string, string>();
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, label: labels.get(r.id) ?? null }));
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

/**
 * Of these units, the villages whose name (its search key: case and diacritics aside) another
 * village of the same commune also carries: on `day`, or, without a day, at any time of the
 * village's own period. One statement per 500 ids (the `units_parent` index finds the siblings).
 */
export async function villagesSharingName(db: Db, ids: string[], day: string | null): Promise<Pick<UnitRow, 'id' | 'code' | 'name' | 'parent_id'>[]> {
  const villages: Pick<UnitRow, 'id' | 'code' | 'name' | 'name_search' | 'parent_id' | 'valid_from' | 'valid_to'>[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('units')
      .select(['id', 'code', 'name', 'name_search', 'parent_id', 'valid_from', 'valid_to', 'level'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    villages.push(...rows.filter((r) => r.level === 'village'));
  }
  // Their communes' villages, read by the parent index. The level and the name are checked here,
  // not in the statements: there SQLite picks the index of levels and reads every village of the
  // country (20 ms to a second per list nationally).
  const parents = [...new Set(villages.map((v) => v.parent_id).filter((p): p is string => p !== null))];
  const siblings = new Map<string, Pick<UnitRow, 'id' | 'name_search' | 'valid_from' | 'valid_to'>[]>();
  for (let i = 0; i < parents.length; i += 500) {
    const rows = await db.selectFrom('units').select(['id', 'parent_id', 'name_search', 'valid_from', 'valid_to']).where('parent_id', 'in', parents.slice(i, i + 500)).execute();
    for (const r of rows) {
      const key = `${r.parent_id} ${r.name_search}`;
      (siblings.get(key) ?? siblings.set(key, []).get(key)!).push(r);
    }
  }
  const holds = (w: { valid_from: string; valid_to: string | null }, v: { valid_from: string; valid_to: string | null }) =>
    day !== null
      ? w.valid_from <= day && (w.valid_to === null || w.valid_to > day)
      : (w.valid_to === null || w.valid_to > v.valid_from) && (v.valid_to === null || w.valid_from < v.valid_to);
  return villages
    .filter((v) => (siblings.get(`${v.parent_id} ${v.name_search}`) ?? []).some((w) => w.id !== v.id && holds(w, v)))
    .map(({ id, code, name, parent_id }) => ({ id, code, name, parent_id }));
}

/** The villages these units were formed from (links into them), with the commune each lay in then. */
export async function predecessorVillages(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('unit_links as l')
    .innerJoin('units as o', 'o.id', 'l.from_unit_id')
    .leftJoin('units as p', 'p.id', 'o.parent_id')
    .select(['l.to_unit_id', 'o.id as from_id', 'o.level', 'o.parent_id as from_parent_id', 'p.name as parent_name', 'p.kind as parent_kind'])
    .where('l.to_unit_id', 'in', ids)
    .orderBy('l.effective_date', 'desc')
    .execute();
  // The level is checked here: in the statement, SQLite would start from every village of the country.
  return rows.filter((r) => r.level === 'village').map(({ level: _level, ...r }) => r);
}

/** A link from the unit an event ended to the unit it began (a move, a rename, a reform). */
export async function insertUnitLink(db: Db, link: { eventId: string | null; from: string; to: string; share: 'full' | 'partial'; date: string; provinceCode: string | null }): Promise<void> {
  await db
    .insertInto('unit_links')
    .values({ id: uuidv7(), event_id: link.eventId, from_unit_id: link.from, to_unit_id: link.to, share: link.share, effective_date: link.date, province_code: link.provinceCode })
    .execute();
}

export async function insertUnitEvent(db: Db, e: { id: string; kind: string; date: string; sourceName: string; summary: unknown; createdBy: string | null; now: string }): Promise<void> {
  await db
    .insertInto('unit_events')
    .values({ id: e.id, kind: e.kind, effective_date: e.date, source_name: e.sourceName, source_hash: e.id, summary_json: JSON.stringify(e.summary), created_by: e.createdBy, created_at: e.now })
    .execute();
}

/** Group areas that begin in a unit on or after a day are moved, whole, to another unit. */
export async function moveAreasFrom(db: Db, fromId: string, toId: string, day: string): Promise<number> {
  const r = await db.updateTable('group_areas').set({ unit_id: toId }).where('unit_id', '=', fromId).where('valid_from', '>=', day).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** People living in or registered in a unit now belong to another (a record of the same place). */
export async function movePeople(db: Db, fromId: string, toId: string, now: string): Promise<{ living: number; registered: number }> {
  const a = await db.updateTable('people').set({ address_unit_id: toId, updated_at: now }).where('address_unit_id', '=', fromId).executeTakeFirst();
  const r = await db.updateTable('people').set({ registered_unit_id: toId, updated_at: now }).where('registered_unit_id', '=', fromId).executeTakeFirst();
  return { living: Number(a.numUpdatedRows), registered: Number(r.numUpdatedRows) };
}

/** Users whose scope is a unit now work in another (a record of the same place). */
export async function moveUserScopes(db: Db, fromId: string, toId: string): Promise<number> {
  const r = await db.updateTable('users').set({ scope_unit_id: toId }).where('scope_unit_id', '=', fromId).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
