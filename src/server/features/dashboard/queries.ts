import type { Db } from '../../db/connection.js';
import type { UnitBoundariesTable } from '../../db/types.js';
import { validAt, type UnitRow } from '../units/queries.js';

/** The units that went into this one as a whole (full links), with their periods and paths. */
export async function formedWholeFrom(db: Db, unitId: string): Promise<UnitRow[]> {
  return db
    .selectFrom('unit_links')
    .innerJoin('units', 'units.id', 'unit_links.from_unit_id')
    .selectAll('units')
    .where('unit_links.to_unit_id', '=', unitId)
    .where('unit_links.share', '=', 'full')
    .orderBy('units.code')
    .execute();
}

/** The code of the unit that defines a user's scope. */
export async function codeOfUnit(db: Db, unitId: string): Promise<string | undefined> {
  const row = await db.selectFrom('units').select('code').where('id', '=', unitId).executeTakeFirst();
  return row?.code;
}

/** Ids in batches that every engine takes in one `in (…)`. */
function batches<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The units carrying these codes on this day (a code names different units in different periods). */
export async function unitsWithCodesAt(db: Db, codes: string[], day: string): Promise<UnitRow[]> {
  const out: UnitRow[] = [];
  for (const batch of batches([...new Set(codes)])) {
    out.push(
      ...(await db
        .selectFrom('units')
        .selectAll()
        .where('code', 'in', batch)
        .where((eb) => validAt(eb.ref('valid_from'), eb.ref('valid_to'), day))
        .execute()),
    );
  }
  return out;
}

export type UnitBoundaryRow = UnitBoundariesTable;

/** When each of these units' imported boundary was stored (none: no row). */
export async function boundaryStamps(db: Db, unitIds: string[]): Promise<{ unit_id: string; imported_at: string }[]> {
  const out: { unit_id: string; imported_at: string }[] = [];
  for (const batch of batches(unitIds)) {
    out.push(...(await db.selectFrom('unit_boundaries').select(['unit_id', 'imported_at']).where('unit_id', 'in', batch).execute()));
  }
  return out;
}

/** The imported boundaries of these units, with their geometry. */
export async function boundaryRows(db: Db, unitIds: string[]): Promise<Pick<UnitBoundaryRow, 'unit_id' | 'imported_at' | 'geometry'>[]> {
  const out: Pick<UnitBoundaryRow, 'unit_id' | 'imported_at' | 'geometry'>[] = [];
  for (const batch of batches(unitIds)) {
    out.push(...(await db.selectFrom('unit_boundaries').select(['unit_id', 'imported_at', 'geometry']).where('unit_id', 'in', batch).execute()));
  }
  return out;
}

/** Stores these boundaries, each replacing the unit's previous one; how many were replaced. */
export async function replaceBoundaries(db: Db, rows: UnitBoundaryRow[]): Promise<number> {
  let replaced = 0;
  for (const batch of batches(rows, 100)) {
    const gone = await db.deleteFrom('unit_boundaries').where('unit_id', 'in', batch.map((r) => r.unit_id)).executeTakeFirst();
    replaced += Number(gone.numDeletedRows);
    await db.insertInto('unit_boundaries').values(batch).execute();
  }
  return replaced;
}

/** Every unit that ever carried one of these codes, oldest first. */
export async function unitsWithCodes(db: Db, codes: string[]): Promise<UnitRow[]> {
  const out: UnitRow[] = [];
  for (const batch of batches([...new Set(codes)])) {
    out.push(...(await db.selectFrom('units').selectAll().where('code', 'in', batch).orderBy('valid_from').execute()));
  }
  return out;
}

/**
 * One step back through the lineage: the units these were formed from (full or partial), each
 * with its parent (the district of an old commune), for placing today's units on an older map.
 */
export async function formedFromWithParents(db: Db, unitIds: string[]) {
  const out: {
    to_id: string;
    id: string;
    code: string;
    population: number | null;
    valid_to: string | null;
    parent_id: string | null;
    parent_code: string | null;
    parent_name: string | null;
    parent_level: string | null;
    parent_valid_from: string | null;
    parent_valid_to: string | null;
  }[] = [];
  for (const batch of batches(unitIds)) {
    out.push(
      ...(await db
        .selectFrom('unit_links as l')
        .innerJoin('units as f', 'f.id', 'l.from_unit_id')
        .leftJoin('units as p', 'p.id', 'f.parent_id')
        .select(['l.to_unit_id as to_id', 'f.id', 'f.code', 'f.population', 'f.valid_to', 'p.id as parent_id', 'p.code as parent_code', 'p.name as parent_name', 'p.level as parent_level', 'p.valid_from as parent_valid_from', 'p.valid_to as parent_valid_to'])
        .where('l.to_unit_id', 'in', batch)
        .orderBy('f.code')
        .execute()),
    );
  }
  return out;
}
