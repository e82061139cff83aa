import type { Db } from '../../db/connection.js';

const IDS_PER_STATEMENT = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IDS_PER_STATEMENT) out.push(items.slice(i, i + IDS_PER_STATEMENT));
  return out;
}

/** The model types that count their members (the others count groups only). */
export async function typesCountingMembers(db: Db, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom('model_types').select('code').where('code', 'in', codes).where('counts_members', '=', 1).execute();
  return new Set(rows.map((r) => r.code));
}

export interface AreaUnit {
  id: string;
  code: string;
  name: string;
  level: string;
  path: string;
}

export async function areaUnits(db: Db, ids: string[]): Promise<AreaUnit[]> {
  const out: AreaUnit[] = [];
  for (const c of chunks(ids)) out.push(...(await db.selectFrom('units').select(['id', 'code', 'name', 'level', 'path']).where('id', 'in', c).execute()));
  return out;
}

/**
 * The recorded censuses (reported or exported) of these areas (null: the whole country) on or
 * after a day, once per area and day: an index range on (area_path, census_date) per area.
 */
export async function recordedCensuses(db: Db, paths: (string | null)[], from: string): Promise<{ area_path: string | null; census_date: string }[]> {
  const out: { area_path: string | null; census_date: string }[] = [];
  const named = paths.filter((p): p is string => p !== null);
  for (const c of chunks(named)) {
    out.push(
      ...(await db.selectFrom('census_reports').select(['area_path', 'census_date']).distinct().where('area_path', 'in', c).where('census_date', '>=', from).execute()),
    );
  }
  if (paths.includes(null)) {
    out.push(...(await db.selectFrom('census_reports').select(['area_path', 'census_date']).distinct().where('area_path', 'is', null).where('census_date', '>=', from).execute()));
  }
  return out;
}

/** What the census needs of one group: its type, founding, areas, statuses and memberships through time. */
export async function groupHistory(db: Db, groupId: string) {
  const group = await db.selectFrom('groups').select(['type_code', 'founded_on']).where('id', '=', groupId).executeTakeFirst();
  if (!group) return null;
  const [areas, statuses, memberships] = await Promise.all([
    db.selectFrom('group_areas').select(['unit_id', 'valid_from', 'valid_to']).where('group_id', '=', groupId).execute(),
    db.selectFrom('group_statuses').select(['status', 'valid_from', 'valid_to']).where('group_id', '=', groupId).execute(),
    db.selectFrom('memberships').select(['id', 'valid_from', 'valid_to']).where('group_id', '=', groupId).execute(),
  ]);
  return {
    type: group.type_code,
    founded: group.founded_on,
    areas: areas.map((a) => ({ unit: a.unit_id, from: a.valid_from, to: a.valid_to })),
    statuses: statuses.map((s) => ({ status: s.status, from: s.valid_from, to: s.valid_to })),
    memberships: memberships.map((m) => ({ id: m.id, from: m.valid_from, to: m.valid_to })),
  };
}
export type GroupHistory = NonNullable<Awaited<ReturnType<typeof groupHistory>>>;
