import type { Db } from './connection.js';

/** The fingerprint of the data key this database's CCCDs are sealed with, if one was recorded. */
export async function readKeyFingerprint(db: Db): Promise<string | null> {
  const row = await db.selectFrom('data_key_fingerprint').select('fingerprint').where('id', '=', 1).executeTakeFirst();
  return row?.fingerprint ?? null;
}

/** Records the fingerprint once; a second writer (another process starting) changes nothing. */
export async function writeKeyFingerprint(db: Db, fingerprint: string, at: string): Promise<void> {
  await db
    .insertInto('data_key_fingerprint')
    .values({ id: 1, fingerprint, created_at: at })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** One sealed CCCD, to try a key on when no fingerprint was recorded (a database from before it). */
export async function sampleSealedCccd(db: Db): Promise<string | null> {
  const row = await db.selectFrom('people').select('cccd_enc').where('cccd_enc', 'is not', null).limit(1).executeTakeFirst();
  return row?.cccd_enc ?? null;
}
