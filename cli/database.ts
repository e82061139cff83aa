import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/connection.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { systemClock } from '../src/server/lib/clock.js';
import type { Deps } from '../src/server/context.js';
import { refreshDerived } from '../src/server/derived/refresh.js';

/** Opens the configured database, brought up to date, for one command; derived data refreshed after it. */
export async function withDatabase<T>(work: (deps: Deps) => Promise<T>, env = process.env): Promise<T> {
  const config = loadConfig(env);
  const handle = openDatabase(config.database);
  try {
    await migrateToLatest(handle);
    const deps = { db: handle.db, engine: handle.engine, clock: systemClock };
    const result = await work(deps);
    // A command that wrote leaves the derived tables (census series, list indexes) up to date, as a
    // write through the API does: the server's readers then never have to wait for a recount.
    await refreshDerived(deps);
    return result;
  } finally {
    await handle.close();
  }
}
