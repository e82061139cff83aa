import { sql, type Kysely } from 'kysely';
import type { Engine } from '../connection.js';

/**
 * The groups list kept as an index (see features/groups/scopes.ts): one row per period in which
 * a group had one area and one status, and per unit on that area's path (and '' for the
 * country), carrying the list's sort keys. "The groups of this unit on D by name after that one"
 * is then one range of one index, whatever the size of the registry. Marks set by triggers say
 * which groups changed, as for the census series; the text search gets an index of its own
 * (trigrams) on each engine.
 */
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const pg = engine === 'postgres';
  // Keys compare byte by byte on both engines: the order of a page, and of its cursor, is the same.
  const key = (n: number) => (pg ? sql.raw(`varchar(${n}) collate "C" not null`) : sql.raw(`varchar(${n}) not null`));
  await sql`create table group_scopes (
      scope_id ${key(36)},
      group_id ${key(36)},
      valid_from varchar(10) not null,
      valid_to varchar(10),
      status varchar(20) not null,
      type_code varchar(60) not null,
      name_key ${key(300)},
      founded_on ${key(10)},
      type_order integer not null,
      area_key ${key(200)},
      province_code varchar(20),
      primary key (scope_id, name_key, group_id, valid_from)
    ) ${pg ? sql`` : sql`without rowid`}`.execute(db);

  // On PostgreSQL a mark carries a number from a sequence, renewed when marked again: a refresh
  // clears only the marks it read, so a write committed while it ran is not forgotten.
  await db.schema.createTable('group_scope_marks').addColumn('group_id', 'varchar(36)', (c) => c.primaryKey()).addColumn('mark', 'bigint').execute();
  await db.schema.createTable('group_scope_unit_marks').addColumn('unit_id', 'varchar(36)', (c) => c.primaryKey()).addColumn('mark', 'bigint').execute();
  await db.schema.createTable('group_scope_type_marks').addColumn('type_code', 'varchar(60)', (c) => c.primaryKey()).addColumn('mark', 'bigint').execute();
  if (pg) await sql`create sequence group_scope_mark_seq`.execute(db);

  // Counts as a series: per unit, status and type, +1 on the day a row starts and −1 on the day
  // it ends; the number on D is the sum up to D, one short range however many groups there are.
  await sql`create table group_scope_counts (
      scope_id ${key(36)},
      status varchar(20) not null,
      type_code varchar(60) not null,
      day varchar(10) not null,
      delta integer not null,
      primary key (scope_id, status, type_code, day)
    ) ${pg ? sql`` : sql`without rowid`}`.execute(db);

  await backfill(db, engine);
  await sql`insert into group_scope_counts (scope_id, status, type_code, day, delta)
    select scope_id, status, type_code, day, sum(delta) from (
      select scope_id, status, type_code, valid_from as day, 1 as delta from group_scopes
      union all
      select scope_id, status, type_code, valid_to, -1 from group_scopes where valid_to is not null
    ) x group by scope_id, status, type_code, day`.execute(db);
  // Each sort walks its own index; the period, status and type ride along so that a filtered
  // walk reads no table row it then drops.
  const rest = ['valid_from', 'valid_to', 'status', 'type_code'];
  const indexes: Record<string, string[]> = {
    group_scopes_founded: ['scope_id', 'founded_on', 'name_key', 'group_id', ...rest],
    group_scopes_type: ['scope_id', 'type_order', 'name_key', 'group_id', ...rest],
    group_scopes_area: ['scope_id', 'area_key', 'name_key', 'group_id', ...rest],
    // Counts of a text: the rows of one unit and status, their name keys read from the index.
    group_scopes_count: ['scope_id', 'status', 'type_code', 'valid_from', 'valid_to', 'name_key'],
    group_scopes_group: ['group_id', 'scope_id'],
  };
  // PostgreSQL reads the table for the name sort; SQLite's rows already are that index.
  if (pg) indexes.group_scopes_name = ['scope_id', 'name_key', 'group_id', ...rest];
  for (const [name, columns] of Object.entries(indexes)) await db.schema.createIndex(name).on('group_scopes').columns(columns).execute();

  await markTriggers(db, engine);
  await textIndex(db, engine);
}

/**
 * Every group's rows in one statement: its areas crossed with its statuses, from its founding,
 * each period repeated for the country and for every unit on the area's path. Unit ids are
 * UUIDs (36 characters), so the n-th id of a path starts at 2 + 37·n.
 */
async function backfill(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const pg = engine === 'postgres';
  const greatest = pg ? 'greatest' : 'max';
  const least = pg ? 'least' : 'min';
  const depths = Array.from({ length: 9 }, (_, k) => `select ${k} as k`).join(' union all ');
  await sql
    .raw(
      `insert into group_scopes (scope_id, group_id, valid_from, valid_to, status, type_code, name_key, founded_on, type_order, area_key, province_code)
       select case when d.k = 0 then '' else substr(x.path, 2 + 37 * (d.k - 1), 36) end,
              x.id, x.f, nullif(x.t, '9999-12-31'), x.status, x.type_code, x.name_search, x.founded_on, x.sort_order, x.area_key, x.province_code
       from (
         select g.id, g.name_search, g.founded_on, g.type_code, g.province_code, t.sort_order, u.path, u.name_search as area_key, s.status,
                ${greatest}(a.valid_from, s.valid_from, g.founded_on) as f,
                ${least}(coalesce(a.valid_to, '9999-12-31'), coalesce(s.valid_to, '9999-12-31')) as t
         from group_areas a
         join group_statuses s on s.group_id = a.group_id
         join groups g on g.id = a.group_id
         join units u on u.id = a.unit_id
         join model_types t on t.code = g.type_code
       ) x
       join (${depths}) d on d.k = 0 or length(x.path) >= 1 + 37 * d.k
       where x.f < x.t
       ${pg ? '' : 'order by 1, 7, 2, 3'}`,
    )
    .execute(db);
}

/**
 * What marks a group: its own row (name, founding, type), an area or a status of it; a unit
 * renamed (the area sort) marks the unit, a type's order marks the type.
 */
async function markTriggers(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const groupColumns = 'name_search, founded_on, type_code';
  if (engine === 'postgres') {
    const mark = (table: string, column: string, value: string) =>
      `insert into ${table} (${column}, mark) values (${value}, nextval('group_scope_mark_seq')) on conflict (${column}) do update set mark = excluded.mark;`;
    const fn = async (name: string, onNew: string, onOld: string) =>
      sql
        .raw(
          `create or replace function ${name}() returns trigger language plpgsql as $$
           begin
             if tg_op in ('INSERT', 'UPDATE') then ${onNew} end if;
             if tg_op in ('UPDATE', 'DELETE') then ${onOld} end if;
             return null;
           end $$`,
        )
        .execute(db);
    const group = (rec: string, column: string) => mark('group_scope_marks', 'group_id', `${rec}.${column}`);
    await fn('group_scope_mark_groups', group('new', 'id'), group('old', 'id'));
    await sql.raw(`create trigger group_scope_mark_groups after insert or delete or update of ${groupColumns} on groups for each row execute function group_scope_mark_groups()`).execute(db);
    for (const table of ['group_areas', 'group_statuses']) {
      await fn(`group_scope_mark_${table}`, group('new', 'group_id'), group('old', 'group_id'));
      await sql.raw(`create trigger group_scope_mark_${table} after insert or update or delete on ${table} for each row execute function group_scope_mark_${table}()`).execute(db);
    }
    await fn('group_scope_mark_units', mark('group_scope_unit_marks', 'unit_id', 'new.id'), 'null;');
    await sql.raw(`create trigger group_scope_mark_units after update of name_search, path on units for each row execute function group_scope_mark_units()`).execute(db);
    await fn('group_scope_mark_model_types', mark('group_scope_type_marks', 'type_code', 'new.code'), 'null;');
    await sql.raw(`create trigger group_scope_mark_model_types after update of sort_order on model_types for each row execute function group_scope_mark_model_types()`).execute(db);
    return;
  }
  const group = (rec: string) => `insert or ignore into group_scope_marks (group_id) values (${rec});`;
  const statements = [
    `create trigger group_scope_mark_groups_insert after insert on groups begin ${group('new.id')} end`,
    `create trigger group_scope_mark_groups_update after update of ${groupColumns} on groups begin ${group('new.id')} ${group('old.id')} end`,
    `create trigger group_scope_mark_groups_delete after delete on groups begin ${group('old.id')} end`,
    ...['group_areas', 'group_statuses'].flatMap((table) => [
      `create trigger group_scope_mark_${table}_insert after insert on ${table} begin ${group('new.group_id')} end`,
      `create trigger group_scope_mark_${table}_update after update on ${table} begin ${group('new.group_id')} ${group('old.group_id')} end`,
      `create trigger group_scope_mark_${table}_delete after delete on ${table} begin ${group('old.group_id')} end`,
    ]),
    `create trigger group_scope_mark_units after update of name_search, path on units begin insert or ignore into group_scope_unit_marks (unit_id) values (new.id); end`,
    `create trigger group_scope_mark_model_types after update of sort_order on model_types begin insert or ignore into group_scope_type_marks (type_code) values (new.code); end`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

/**
 * A substring of the name key found through an index: SQLite's FTS5 with trigrams, kept by
 * triggers on the groups it indexes; PostgreSQL's pg_trgm. (docs/decisions.md says when the list
 * uses it rather than its own index.)
 */
async function textIndex(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine === 'postgres') {
    await sql`create extension if not exists pg_trgm`.execute(db);
    // The operator class lives where the extension was installed, maybe not on this search path.
    const where = await sql<{ schema: string }>`select extnamespace::regnamespace::text as schema from pg_extension where extname = 'pg_trgm'`.execute(db);
    await sql.raw(`create index groups_name_trgm on groups using gin (name_search ${where.rows[0]!.schema}.gin_trgm_ops)`).execute(db);
    return;
  }
  await sql`create virtual table groups_fts using fts5(name_search, content = 'groups', content_rowid = 'rowid', tokenize = 'trigram')`.execute(db);
  await sql`insert into groups_fts (groups_fts) values ('rebuild')`.execute(db);
  const statements = [
    `create trigger groups_fts_insert after insert on groups begin insert into groups_fts (rowid, name_search) values (new.rowid, new.name_search); end`,
    `create trigger groups_fts_delete after delete on groups begin insert into groups_fts (groups_fts, rowid, name_search) values ('delete', old.rowid, old.name_search); end`,
    `create trigger groups_fts_update after update of name_search on groups begin
       insert into groups_fts (groups_fts, rowid, name_search) values ('delete', old.rowid, old.name_search);
       insert into groups_fts (rowid, name_search) values (new.rowid, new.name_search);
     end`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
