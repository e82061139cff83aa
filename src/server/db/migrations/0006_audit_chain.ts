import { sql, type Kysely } from 'kysely';
import type { Engine } from '../connection.js';
import type { Database } from '../types.js';
import { GENESIS, rowHash } from '../../audit/chain-format.js';

/**
 * The audit log becomes a hash chain: each row carries its place (`seq`), the previous row's
 * hash and its own (audit/chain-format.ts), so that a row deleted or altered behind the
 * application's back — the append-only triggers dropped on a copy of the file — shows
 * (`npm run cli -- audit verify`). Rows already there are chained in the order they were
 * written (time, then id: ids are time-ordered).
 */
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('seq', 'bigint').execute();
  await db.schema.alterTable('audit_log').addColumn('prev_hash', 'varchar(64)').execute();
  await db.schema.alterTable('audit_log').addColumn('hash', 'varchar(64)').execute();
  await withoutAppendOnly(db, engine, async () => void (await chainUnchained(db as unknown as Kysely<Database>)));
  // One row per place: two writers can never both append after the same head.
  await db.schema.createIndex('audit_seq').on('audit_log').column('seq').unique().execute();
}

/** Runs `work` with the append-only triggers of migration 0001 lifted, and puts them back. */
export async function withoutAppendOnly<T>(db: Kysely<T>, engine: Engine, work: () => Promise<void>): Promise<void> {
  if (engine === 'postgres') {
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(db);
    await work();
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(db);
    return;
  }
  await sql`drop trigger audit_log_no_update`.execute(db);
  await work();
  await sql`create trigger audit_log_no_update before update on audit_log
    begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
}

/** Links the rows that have no place yet after the chain's head, oldest first, a page at a time. */
export async function chainUnchained(db: Kysely<Database>): Promise<number> {
  const head = await db.selectFrom('audit_log').select(['seq', 'hash']).where('seq', 'is not', null).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = head ? Number(head.seq) : 0;
  let prev = head?.hash ?? GENESIS;
  let done = 0;
  for (;;) {
    // Each page's rows get a place, so the next query finds the ones after them.
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', 'is', null).orderBy('at').orderBy('id').limit(1000).execute();
    if (rows.length === 0) return done;
    for (const r of rows) {
      seq++;
      const hash = rowHash({ ...r, seq, prev_hash: prev });
      await db.updateTable('audit_log').set({ seq, prev_hash: prev, hash }).where('id', '=', r.id).execute();
      prev = hash;
      done++;
    }
  }
}
