import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './types.js';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  engine: Engine;
  close(): Promise<void>;
  /**
   * A connection of its own for one long write (an import): on SQLite the app's single
   * connection stays free for reads meanwhile (WAL lets readers go on beside one writer); on
   * PostgreSQL the pool already gives one.
   */
  isolate(): { db: Db; close(): Promise<void> };
}

export type DatabaseTarget =
  | { engine: 'sqlite'; file: string }
  | { engine: 'postgres'; url: string; schema?: string; poolSize?: number };

// Postgres bigint (counts, sums) arrives as a string by default; our numbers fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));

export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if (target.engine === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
    const connect = () => {
      const sqlite = new BetterSqlite3(target.file);
      sqlite.pragma('journal_mode = WAL');
      // FULL: an acknowledged write survives a power cut, not just a process crash.
      sqlite.pragma('synchronous = FULL');
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('busy_timeout = 5000');
      // Up to 128 MiB of pages kept in the process (the default is 2 MiB): a census of the whole
      // country seeks into the series once per commune and type, and re-reading pages costs more.
      sqlite.pragma('cache_size = -131072');
      return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    };
    const db = connect();
    return {
      db,
      engine: 'sqlite',
      close: () => db.destroy(),
      isolate: () => {
        if (target.file === ':memory:') return { db, close: async () => {} };
        const own = connect();
        return { db: own, close: () => own.destroy() };
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize ?? 10,
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', close: () => db.destroy(), isolate: () => ({ db, close: async () => {} }) };
}
