import { sql, type Kysely } from 'kysely';
import type { Engine } from '../connection.js';

/**
 * The people a scope reaches, kept as an index (see features/people/scopes.ts): one row per
 * person and per unit on the path of their registered unit and of the current area of every
 * group they have been a member of, and one for the country (unit ''), so that "the people of this unit by name after that one" is
 * one range of an index. Marks set by triggers say which people changed, as for the census
 * series; the text search gets an index of its own (trigrams) on each engine.
 */
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const pg = engine === 'postgres';
  // Keys compare byte by byte on both engines: the order of a page, and of its cursor, is the same.
  const key = (n: number) => (pg ? sql.raw(`varchar(${n}) collate "C" not null`) : sql.raw(`varchar(${n}) not null`));
  await sql`create table person_scopes (
      unit_id ${key(36)},
      person_id ${key(36)},
      name_key ${key(200)},
      birth_key ${key(10)},
      primary key (unit_id, name_key, person_id)
    ) ${pg ? sql`` : sql`without rowid`}`.execute(db);

  await db.schema.createTable('person_scope_marks').addColumn('person_id', 'varchar(36)', (c) => c.primaryKey()).addColumn('mark', 'bigint').execute();
  if (pg) await sql`create sequence person_scope_mark_seq`.execute(db);

  await backfill(db, engine);
  await db.schema.createIndex('person_scopes_birth').on('person_scopes').columns(['unit_id', 'birth_key', 'name_key', 'person_id']).execute();
  await db.schema.createIndex('person_scopes_person').on('person_scopes').column('person_id').execute();

  await markTriggers(db, engine);
  await textIndex(db, engine);
}

/** A person's birth as a sort key: the date, else the year, else last ('9999'). */
function birthKey(alias: string): string {
  return `coalesce(${alias}birth_date, cast(${alias}birth_year as varchar(10)), '9999')`;
}

/**
 * Every live person's rows, in one statement over the units' ancestors (computed from their
 * paths). The country is the unit '' of every unit: the nationwide list walks the same index
 * (an index on an expression of `people`, for the birth key, is not read as covering by SQLite).
 */
async function backfill(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await sql`create table person_scope_ancestors (unit_id varchar(36) not null, ancestor_id varchar(36) not null, primary key (unit_id, ancestor_id))`.execute(db);
  const units = await sql<{ id: string; path: string }>`select id, path from units`.execute(db);
  const pairs = units.rows.flatMap((u) => ['', ...u.path.split('/').filter(Boolean)].map((a) => [u.id, a] as const));
  for (let i = 0; i < pairs.length; i += 400) {
    const chunk = pairs.slice(i, i + 400);
    await sql`insert into person_scope_ancestors (unit_id, ancestor_id) values ${sql.join(chunk.map(([u, a]) => sql`(${u}, ${a})`))}`.execute(db);
  }
  await sql
    .raw(
      `insert into person_scopes (unit_id, person_id, name_key, birth_key)
       select distinct x.ancestor_id, p.id, p.name_search, ${birthKey('p.')}
       from (
         select id as person_id, registered_unit_id as unit_id from people where merged_into is null
         union
         select m.person_id, a.unit_id from memberships m join group_areas a on a.group_id = m.group_id and a.valid_to is null
       ) s
       join people p on p.id = s.person_id and p.merged_into is null
       join person_scope_ancestors x on x.unit_id = s.unit_id
       ${engine === 'sqlite' ? 'order by 1, 3, 2' : ''}`,
    )
    .execute(db);
  await sql`drop table person_scope_ancestors`.execute(db);
}

/**
 * What marks a person: a change of where they are registered, of their sort keys or of a merge;
 * a membership (either person, on a move); and an area of a group (all its members).
 */
async function markTriggers(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const peopleColumns = 'registered_unit_id, name_search, birth_date, birth_year, merged_into';
  if (engine === 'postgres') {
    const mark = (select: string) =>
      `insert into person_scope_marks (person_id, mark) select distinct x.id, nextval('person_scope_mark_seq') from (${select}) x on conflict (person_id) do update set mark = excluded.mark;`;
    const one = (rec: string) => mark(`select ${rec} as id`);
    const members = (rec: string) => mark(`select person_id as id from memberships where group_id = ${rec}.group_id`);
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
    await fn('person_scope_mark_people', one('new.id'), 'null;');
    await sql.raw(`create trigger person_scope_mark_people after insert or update of ${peopleColumns} on people for each row execute function person_scope_mark_people()`).execute(db);
    await fn('person_scope_mark_memberships', one('new.person_id'), one('old.person_id'));
    await sql.raw(`create trigger person_scope_mark_memberships after insert or update or delete on memberships for each row execute function person_scope_mark_memberships()`).execute(db);
    await fn('person_scope_mark_group_areas', members('new'), members('old'));
    await sql.raw(`create trigger person_scope_mark_group_areas after insert or update or delete on group_areas for each row execute function person_scope_mark_group_areas()`).execute(db);
    return;
  }
  const one = (rec: string) => `insert or ignore into person_scope_marks (person_id) values (${rec});`;
  const members = (rec: string) => `insert or ignore into person_scope_marks (person_id) select person_id from memberships where group_id = ${rec}.group_id;`;
  const statements = [
    `create trigger person_scope_mark_people_insert after insert on people begin ${one('new.id')} end`,
    `create trigger person_scope_mark_people_update after update of ${peopleColumns} on people begin ${one('new.id')} end`,
    `create trigger person_scope_mark_memberships_insert after insert on memberships begin ${one('new.person_id')} end`,
    `create trigger person_scope_mark_memberships_update after update on memberships begin ${one('new.person_id')} ${one('old.person_id')} end`,
    `create trigger person_scope_mark_memberships_delete after delete on memberships begin ${one('old.person_id')} end`,
    `create trigger person_scope_mark_group_areas_insert after insert on group_areas begin ${members('new')} end`,
    `create trigger person_scope_mark_group_areas_update after update on group_areas begin ${members('new')} ${members('old')} end`,
    `create trigger person_scope_mark_group_areas_delete after delete on group_areas begin ${members('old')} end`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

/**
 * A substring of the name key found through an index: SQLite's FTS5 with trigrams (its LIKE
 * '%…%' is answered from the index for three characters and more), kept by triggers on the
 * people it indexes; PostgreSQL's pg_trgm.
 */
async function textIndex(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine === 'postgres') {
    await sql`create extension if not exists pg_trgm`.execute(db);
    // The operator class lives where the extension was installed, maybe not on this search path.
    const where = await sql<{ schema: string }>`select extnamespace::regnamespace::text as schema from pg_extension where extname = 'pg_trgm'`.execute(db);
    const schema = where.rows[0]!.schema;
    await sql.raw(`create index people_name_trgm on people using gin (name_search ${schema}.gin_trgm_ops)`).execute(db);
    return;
  }
  await sql`create virtual table people_fts using fts5(name_search, content = 'people', content_rowid = 'rowid', tokenize = 'trigram')`.execute(db);
  await sql`insert into people_fts (people_fts) values ('rebuild')`.execute(db);
  const statements = [
    `create trigger people_fts_insert after insert on people begin insert into people_fts (rowid, name_search) values (new.rowid, new.name_search); end`,
    `create trigger people_fts_delete after delete on people begin insert into people_fts (people_fts, rowid, name_search) values ('delete', old.rowid, old.name_search); end`,
    `create trigger people_fts_update after update of name_search on people begin
       insert into people_fts (people_fts, rowid, name_search) values ('delete', old.rowid, old.name_search);
       insert into people_fts (rowid, name_search) values (new.rowid, new.name_search);
     end`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
