import type { Kysely } from 'kysely';
import type { Engine } from '../connection.js';

/**
 * The fingerprint of the data key that seals this database's CCCDs (lib/data-key.ts): one row,
 * written at the first start with a key. A start with another key is refused before anything is
 * sealed with it, instead of reveals failing and searches finding nothing.
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('data_key_fingerprint')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('fingerprint', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}
