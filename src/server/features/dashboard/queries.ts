import type { Db } from '../../db/connection.js';
import type { UnitRow } from '../units/queries.js';

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
