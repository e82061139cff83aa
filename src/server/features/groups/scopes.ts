import { sql } from 'kysely';
import type { Db, Engine } from '../../db/connection.js';
import type { GroupScopesTable } from '../../db/types.js';
import { insertInChunks } from '../units/import-support.js';
import { overlap } from './standing.js';

/**
 * The groups list's index (migration 0011): per group, one row for every period in which it had
 * one area and one status (from its founding), repeated for the country ('') and for every unit
 * on that area's path, with the list's sort keys. Triggers mark what a write touched; a refresh
 * recomputes the marked groups' rows here, from the registry.
 */

const IDS_PER_STATEMENT = 500;
/** Serialises refreshes on PostgreSQL, where two requests may both find marks. */
const REFRESH_LOCK = 5_802_031;

export interface ScopeSource {
  group: { id: string; name_search: string; founded_on: string; type_code: string; province_code: string | null };
  areas: { unit_id: string; valid_from: string; valid_to: string | null }[];
  statuses: { status: string; valid_from: string; valid_to: string | null }[];
}

/** A group's rows: what the table must hold for it, given its units (path, name key) and the types' order. */
export function scopeRows(s: ScopeSource, units: Map<string, { path: string; name_search: string }>, typeOrder: Map<string, number>): GroupScopesTable[] {
  const g = s.group;
  const founded = { from: g.founded_on, to: null };
  const rows: GroupScopesTable[] = [];
  for (const a of s.areas) {
    const unit = units.get(a.unit_id);
    if (!unit) continue;
    for (const st of s.statuses) {
      const inArea = overlap({ from: a.valid_from, to: a.valid_to }, { from: st.valid_from, to: st.valid_to });
      const span = inArea && overlap(inArea, founded);
      if (!span) continue;
      for (const scopeId of ['', ...unit.path.split('/').filter(Boolean)]) {
        rows.push({
          scope_id: scopeId,
          group_id: g.id,
          valid_from: span.from,
          valid_to: span.to,
          status: st.status,
          type_code: g.type_code,
          name_key: g.name_search,
          founded_on: g.founded_on,
          type_order: typeOrder.get(g.type_code) ?? 0,
          area_key: unit.name_search,
          province_code: g.province_code,
        });
      }
    }
  }
  return rows;
}

/** The rows these groups must have, read from the registry. */
export async function scopeRowsOf(db: Db, ids: string[]): Promise<GroupScopesTable[]> {
  const typeOrder = new Map((await db.selectFrom('model_types').select(['code', 'sort_order']).execute()).map((t) => [t.code, Number(t.sort_order)]));
  const out: GroupScopesTable[] = [];
  for (const c of chunks(ids)) {
    const [groups, areas, statuses] = await Promise.all([
      db.selectFrom('groups').select(['id', 'name_search', 'founded_on', 'type_code', 'province_code']).where('id', 'in', c).execute(),
      db.selectFrom('group_areas').select(['group_id', 'unit_id', 'valid_from', 'valid_to']).where('group_id', 'in', c).execute(),
      db.selectFrom('group_statuses').select(['group_id', 'status', 'valid_from', 'valid_to']).where('group_id', 'in', c).execute(),
    ]);
    const unitIds = [...new Set(areas.map((a) => a.unit_id))];
    const units = new Map<string, { path: string; name_search: string }>();
    for (const u of unitIds.length > 0 ? await db.selectFrom('units').select(['id', 'path', 'name_search']).where('id', 'in', unitIds).execute() : []) units.set(u.id, u);
    for (const group of groups) {
      out.push(...scopeRows({ group, areas: areas.filter((a) => a.group_id === group.id), statuses: statuses.filter((s) => s.group_id === group.id) }, units, typeOrder));
    }
  }
  return out;
}

/** Whether a write has left the table behind the registry: one indexed read. */
export async function groupScopesStale(db: Db): Promise<boolean> {
  const any = await db
    .selectFrom('group_scope_marks')
    .select('group_id as id')
    .unionAll(db.selectFrom('group_scope_unit_marks').select('unit_id as id'))
    .unionAll(db.selectFrom('group_scope_type_marks').select('type_code as id'))
    .limit(1)
    .executeTakeFirst();
  return any !== undefined;
}

/**
 * Brings the table up to date with the registry: the groups marked, those in a unit renamed and
 * those of a type reordered get their rows recomputed. A no-op (one read) when nothing is marked.
 * Returns how many groups were recomputed.
 */
export async function refreshGroupScopes(db: Db, engine: Engine): Promise<number> {
  if (!(await groupScopesStale(db))) return 0;
  return db.transaction().execute(async (trx) => {
    if (engine === 'postgres') await sql`select pg_advisory_xact_lock(${REFRESH_LOCK})`.execute(trx);
    const groupMarks = (await trx.selectFrom('group_scope_marks').select(['group_id as id', 'mark']).execute()) as Mark[];
    const unitMarks = (await trx.selectFrom('group_scope_unit_marks').select(['unit_id as id', 'mark']).execute()) as Mark[];
    const typeMarks = (await trx.selectFrom('group_scope_type_marks').select(['type_code as id', 'mark']).execute()) as Mark[];
    const ids = new Set(groupMarks.map((m) => m.id));
    for (const c of chunks(unitMarks.map((m) => m.id))) {
      for (const a of await trx.selectFrom('group_areas').select('group_id').where('unit_id', 'in', c).execute()) ids.add(a.group_id);
    }
    if (typeMarks.length > 0) {
      for (const g of await trx.selectFrom('groups').select('id').where('type_code', 'in', typeMarks.map((m) => m.id)).execute()) ids.add(g.id);
    }
    const all = [...ids];
    for (const c of chunks(all)) {
      const rows = await scopeRowsOf(trx, c);
      const old = await trx.selectFrom('group_scopes').select(['scope_id', 'status', 'type_code', 'valid_from', 'valid_to']).where('group_id', 'in', c).execute();
      await trx.deleteFrom('group_scopes').where('group_id', 'in', c).execute();
      await insertInChunks(trx, 'group_scopes', rows, () => {});
      await addCounts(trx, countDeltas(old, -1, countDeltas(rows, 1)));
    }
    await clearMarks(trx, engine, 'group_scope_marks', 'group_id', groupMarks);
    await clearMarks(trx, engine, 'group_scope_unit_marks', 'unit_id', unitMarks);
    await clearMarks(trx, engine, 'group_scope_type_marks', 'type_code', typeMarks);
    return all.length;
  });
}

type Counted = Pick<GroupScopesTable, 'scope_id' | 'status' | 'type_code' | 'valid_from' | 'valid_to'>;

/** What rows add to (sign 1) or take from (−1) the counts: their start and end days, summed per unit, status, type and day. */
export function countDeltas(rows: Counted[], sign: 1 | -1, into = new Map<string, number>()): Map<string, number> {
  const add = (r: Counted, day: string, d: number) => {
    const k = JSON.stringify([r.scope_id, r.status, r.type_code, day]);
    into.set(k, (into.get(k) ?? 0) + d);
  };
  for (const r of rows) {
    add(r, r.valid_from, sign);
    if (r.valid_to !== null) add(r, r.valid_to, -sign);
  }
  return into;
}

async function addCounts(trx: Db, deltas: Map<string, number>): Promise<void> {
  const rows = [...deltas].filter(([, d]) => d !== 0).map(([k, delta]) => {
    const [scope_id, status, type_code, day] = JSON.parse(k) as string[];
    return { scope_id: scope_id!, status: status!, type_code: type_code!, day: day!, delta };
  });
  for (const c of chunks(rows)) {
    await trx
      .insertInto('group_scope_counts')
      .values(c)
      .onConflict((oc) => oc.columns(['scope_id', 'status', 'type_code', 'day']).doUpdateSet({ delta: sql`group_scope_counts.delta + excluded.delta` }))
      .execute();
  }
}

interface Mark {
  id: string;
  mark: string | number | null;
}

/**
 * Clears the marks this refresh read. On PostgreSQL a mark renewed by a write that committed
 * meanwhile has a new number and stays for the next refresh; SQLite has one writer at a time.
 */
async function clearMarks(trx: Db, engine: Engine, table: 'group_scope_marks' | 'group_scope_unit_marks' | 'group_scope_type_marks', column: string, marks: Mark[]): Promise<void> {
  const col = sql.ref(column);
  for (const c of chunks(marks)) {
    const which =
      engine === 'postgres'
        ? sql.join(c.map((m) => (m.mark === null ? sql`(${col} = ${m.id} and mark is null)` : sql`(${col} = ${m.id} and mark = ${m.mark})`)), sql` or `)
        : sql`${col} in (${sql.join(c.map((m) => m.id))})`;
    await sql`delete from ${sql.table(table)} where ${which}`.execute(trx);
  }
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IDS_PER_STATEMENT) out.push(items.slice(i, i + IDS_PER_STATEMENT));
  return out;
}
