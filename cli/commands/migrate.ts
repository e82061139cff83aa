import type { Command } from '../args.js';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/connection.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';

export const migrate: Command = {
  name: 'migrate',
  summary: 'Brings the database schema up to date (safe to run again).',
  usage: 'migrate',
  options: {},
  async run() {
    const config = loadConfig();
    const handle = openDatabase(config.database);
    try {
      const { applied } = await migrateToLatest(handle);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date; nothing to apply.');
    } finally {
      await handle.close();
    }
  },
};
