import { sql, type Kysely } from 'kysely';
import type { Engine } from '../connection.js';

/**
 * The census kept as a series per commune and model type (see features/census/sweep.ts), and
 * the marks that say which parts of it a write made stale. The marks are set by triggers, so
 * that no code path that writes groups, their areas, statuses or memberships can forget them.
 */
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  // Paths compare byte by byte on both engines, so that a subtree is an index range
  // (PostgreSQL's default collation would ignore the slashes).
  await db.schema
    .createTable('census_keys')
    .addColumn('key_id', 'varchar(36)', (c) => c.notNull().references('units.id'))
    .addColumn('type_code', 'varchar(60)', (c) => c.notNull())
    .addColumn('path', 'varchar(400)', (c) => (engine === 'postgres' ? c.notNull().modifyEnd(sql`collate "C"`) : c.notNull()))
    .addColumn('first_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('province_code', 'varchar(20)')
    .addPrimaryKeyConstraint('census_keys_pk', ['key_id', 'type_code'])
    .execute();
  await db.schema.createIndex('census_keys_path').on('census_keys').column('path').execute();

  await db.schema
    .createTable('census_series')
    .addColumn('key_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('type_code', 'varchar(60)', (c) => c.notNull())
    .addColumn('day_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('groups', 'integer', (c) => c.notNull())
    .addColumn('members', 'integer', (c) => c.notNull())
    .addColumn('sites', 'integer', (c) => c.notNull())
    .addColumn('province_code', 'varchar(20)')
    .addPrimaryKeyConstraint('census_series_pk', ['key_id', 'type_code', 'day_from'])
    // On SQLite the rows live in the key's order: finding a commune's row for a day is one descent.
    .$call((t) => (engine === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
    .execute();

  // On PostgreSQL a mark carries a number from a sequence, renewed when marked again: a refresh
  // clears only the marks it read, so a write committed while it ran is not forgotten.
  await db.schema.createTable('census_stale_groups').addColumn('group_id', 'varchar(36)', (c) => c.primaryKey()).addColumn('mark', 'bigint').execute();
  await db.schema.createTable('census_stale_units').addColumn('unit_id', 'varchar(36)', (c) => c.primaryKey()).addColumn('mark', 'bigint').execute();
  if (engine === 'postgres') await sql`create sequence census_mark_seq`.execute(db);

  // What a write touches, per table: the group(s), and for areas also the unit(s), old and new.
  const marks: Record<string, { groups: string[]; units: string[] }> = {
    groups: { groups: ['id'], units: [] },
    group_statuses: { groups: ['group_id'], units: [] },
    memberships: { groups: ['group_id'], units: [] },
    group_areas: { groups: ['group_id'], units: ['unit_id'] },
  };
  for (const [table, m] of Object.entries(marks)) {
    if (engine === 'postgres') {
      const body = (rec: 'new' | 'old') =>
        [
          ...m.groups.map((c) => `insert into census_stale_groups (group_id, mark) values (${rec}.${c}, nextval('census_mark_seq')) on conflict (group_id) do update set mark = excluded.mark;`),
          ...m.units.map((c) => `insert into census_stale_units (unit_id, mark) values (${rec}.${c}, nextval('census_mark_seq')) on conflict (unit_id) do update set mark = excluded.mark;`),
        ].join(' ');
      await sql
        .raw(
          `create or replace function census_mark_${table}() returns trigger language plpgsql as $$
           begin
             if tg_op in ('INSERT', 'UPDATE') then ${body('new')} end if;
             if tg_op in ('UPDATE', 'DELETE') then ${body('old')} end if;
             return null;
           end $$`,
        )
        .execute(db);
      await sql.raw(`create trigger census_mark_${table} after insert or update or delete on ${table} for each row execute function census_mark_${table}()`).execute(db);
    } else {
      const body = (rec: 'new' | 'old') =>
        [
          ...m.groups.map((c) => `insert or ignore into census_stale_groups (group_id) values (${rec}.${c});`),
          ...m.units.map((c) => `insert or ignore into census_stale_units (unit_id) values (${rec}.${c});`),
        ].join(' ');
      await sql.raw(`create trigger census_mark_${table}_insert after insert on ${table} begin ${body('new')} end`).execute(db);
      await sql.raw(`create trigger census_mark_${table}_update after update on ${table} begin ${body('new')} ${body('old')} end`).execute(db);
      await sql.raw(`create trigger census_mark_${table}_delete after delete on ${table} begin ${body('old')} end`).execute(db);
    }
  }

  // A registry that existed before the series is counted afresh at the first census.
  await sql`insert into census_stale_groups (group_id) select id from groups`.execute(db);
}
