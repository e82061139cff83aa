import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/connection.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { systemClock } from '../src/server/lib/clock.js';
import type { Deps } from '../src/server/context.js';

/** Opens the configured database, brought up to date, for one command. */
export async function withDatabase<T>(work: (deps: Deps) => Promise<T>, env = process.env): Promise<T> {
  const config = loadConfig(env);
  const handle = openDatabase(config.database);
  try {
    await migrateToLatest(handle);
    return await work({ db: handle.db, engine: handle.engine, clock: systemClock });
  } finally {
    await handle.close();
  }
}
