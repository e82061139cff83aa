import type { Kysely } from 'kysely';
import type { Engine } from '../connection.js';

/**
 * Censuses that left the system, and the column mappings officers chose for their sheets.
 *
 * `census_reports`: a census reported (marked so by an officer) or exported (as .xlsx or as a
 * report document) for an area and a day. A later change that alters such a census must say so
 * and be confirmed. The area's path is kept so that "which reports does a change in this village
 * touch" is a prefix match; a null unit is the whole country.
 *
 * `sheet_mappings`: how an officer mapped the columns of a sheet of one shape (its headers), and
 * the values given for what it lacks, offered again for the next sheet of that shape.
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('census_reports')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('unit_id', 'varchar(36)', (c) => c.references('units.id'))
    .addColumn('area_path', 'varchar(400)')
    .addColumn('province_code', 'varchar(20)')
    .addColumn('census_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('census_reports_date').on('census_reports').columns(['census_date', 'area_path']).execute();
  await db.schema.createIndex('census_reports_area').on('census_reports').columns(['area_path', 'census_date']).execute();

  await db.schema
    .createTable('sheet_mappings')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('shape', 'varchar(64)', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('sheet_mappings_pk', ['user_id', 'shape'])
    .execute();
}
