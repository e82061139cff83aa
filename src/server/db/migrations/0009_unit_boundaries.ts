import type { Kysely } from 'kysely';
import type { Engine } from '../connection.js';

/**
 * Boundaries imported by an administrator (`npm run cli -- import-boundaries`): one row per unit
 * (a unit is a code and a period, so the row is keyed by the unit's id, never by its code), its
 * geometry simplified for the map and kept as GeoJSON text (a MultiPolygon's coordinates), the
 * file it came from and when. Importing a unit again replaces its row. The map draws these first,
 * then the boundary files shipped in data/gis.
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('unit_boundaries')
    .addColumn('unit_id', 'varchar(36)', (c) => c.primaryKey().references('units.id'))
    .addColumn('province_code', 'varchar(20)')
    .addColumn('geometry', 'text', (c) => c.notNull())
    .addColumn('source_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('source_bytes', 'integer', (c) => c.notNull())
    .addColumn('stored_bytes', 'integer', (c) => c.notNull())
    .addColumn('imported_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}
