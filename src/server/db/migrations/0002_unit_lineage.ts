import type { Kysely } from 'kysely';
import type { Engine } from '../connection.js';

/**
 * Lineage of administrative units: the events that change them (an official list loaded, a
 * reform), the links from the units an event ended to the units it began, and the queue of
 * villages whose commune was split, waiting for an officer to place them.
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('unit_events')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('effective_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('source_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('source_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('summary_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('unit_events_kind_hash', ['kind', 'source_hash'])
    .execute();

  await db.schema
    .createTable('unit_links')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('event_id', 'varchar(36)', (c) => c.references('unit_events.id'))
    .addColumn('from_unit_id', 'varchar(36)', (c) => c.notNull().references('units.id'))
    .addColumn('to_unit_id', 'varchar(36)', (c) => c.notNull().references('units.id'))
    .addColumn('share', 'varchar(10)', (c) => c.notNull())
    .addColumn('effective_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('province_code', 'varchar(20)')
    .addUniqueConstraint('unit_links_pair', ['from_unit_id', 'to_unit_id'])
    .execute();
  await db.schema.createIndex('unit_links_to').on('unit_links').column('to_unit_id').execute();

  await db.schema
    .createTable('unit_placements')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('event_id', 'varchar(36)', (c) => c.references('unit_events.id'))
    .addColumn('village_id', 'varchar(36)', (c) => c.notNull().references('units.id'))
    .addColumn('from_unit_id', 'varchar(36)', (c) => c.notNull().references('units.id'))
    .addColumn('candidates_json', 'text', (c) => c.notNull())
    .addColumn('effective_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('placed_unit_id', 'varchar(36)', (c) => c.references('units.id'))
    .addColumn('placed_by', 'varchar(36)')
    .addColumn('placed_at', 'varchar(30)')
    .addColumn('province_code', 'varchar(20)')
    .addUniqueConstraint('unit_placements_village', ['village_id', 'effective_date'])
    .execute();
  await db.schema.createIndex('unit_placements_status').on('unit_placements').columns(['province_code', 'status']).execute();
}
