import type { Db } from '../db/connection.js';
import type { Clock } from '../lib/clock.js';

/**
 * Login throttling. Per account and address: after 5 failures within 15 minutes the pair must
 * wait, 30 s and doubling with each further failure (at most 15 min). Per account across all
 * addresses: at most 100 failures an hour. Throttled attempts are not checked and not counted,
 * so an attacker cannot keep a real user locked out by hammering.
 */
const PAIR_WINDOW_MS = 15 * 60 * 1000;
const PAIR_FREE_FAILURES = 5;
const BASE_DELAY_MS = 30 * 1000;
const MAX_DELAY_MS = 15 * 60 * 1000;
const ACCOUNT_WINDOW_MS = 60 * 60 * 1000;
const ACCOUNT_MAX_FAILURES = 100;

/** Seconds the caller must wait, or 0 when the attempt may go ahead. */
export async function throttleWait(db: Db, clock: Clock, username: string, ip: string): Promise<number> {
  const now = clock.now().getTime();
  const pairSince = new Date(now - PAIR_WINDOW_MS).toISOString();
  const pair = await db
    .selectFrom('login_failures')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('at').as('last')])
    .where('username', '=', username)
    .where('ip', '=', ip)
    .where('at', '>', pairSince)
    .executeTakeFirstOrThrow();
  let waitMs = 0;
  const pairCount = Number(pair.n);
  if (pairCount >= PAIR_FREE_FAILURES && pair.last) {
    const delay = Math.min(BASE_DELAY_MS * 2 ** (pairCount - PAIR_FREE_FAILURES), MAX_DELAY_MS);
    waitMs = Math.max(waitMs, Date.parse(pair.last) + delay - now);
  }
  const accountSince = new Date(now - ACCOUNT_WINDOW_MS).toISOString();
  const account = await db
    .selectFrom('login_failures')
    .select((eb) => [eb.fn.countAll<number>().as('n')])
    .where('username', '=', username)
    .where('at', '>', accountSince)
    .executeTakeFirstOrThrow();
  if (Number(account.n) >= ACCOUNT_MAX_FAILURES) {
    // Wait until enough of the hour's failures have aged out to allow one more attempt.
    const oldest = await db
      .selectFrom('login_failures')
      .select('at')
      .where('username', '=', username)
      .where('at', '>', accountSince)
      .orderBy('at', 'desc')
      .offset(ACCOUNT_MAX_FAILURES - 1)
      .limit(1)
      .executeTakeFirst();
    if (oldest) waitMs = Math.max(waitMs, Date.parse(oldest.at) + ACCOUNT_WINDOW_MS - now);
  }
  return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
}

export async function recordFailure(db: Db, clock: Clock, username: string, ip: string): Promise<void> {
  const now = clock.now();
  await db.insertInto('login_failures').values({ username, ip, at: now.toISOString() }).execute();
  await db
    .deleteFrom('login_failures')
    .where('username', '=', username)
    .where('at', '<', new Date(now.getTime() - 2 * ACCOUNT_WINDOW_MS).toISOString())
    .execute();
}

export async function clearFailures(db: Db, username: string, ip: string): Promise<void> {
  await db.deleteFrom('login_failures').where('username', '=', username).where('ip', '=', ip).execute();
}
