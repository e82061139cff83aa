import type { Db } from '../db/connection.js';
import type { Clock } from '../lib/clock.js';

/**
 * Login throttling. Per account and address: after 5 failures, each within 15 minutes of the
 * one before, the pair must wait, 30 s and doubling with each further failure (at most 15 min);
 * 15 minutes without a failure clean the pair's counter. Per account across all addresses: at
 * most 100 failures an hour. Throttled attempts are not checked and not counted, so an attacker
 * cannot keep a real user locked out by hammering.
 */
const PAIR_WINDOW_MS = 15 * 60 * 1000;
const PAIR_FREE_FAILURES = 5;
const BASE_DELAY_MS = 30 * 1000;
const MAX_DELAY_MS = 15 * 60 * 1000;
const ACCOUNT_WINDOW_MS = 60 * 60 * 1000;
const ACCOUNT_MAX_FAILURES = 100;
/** A run this long already earns the longest delay; older failures need not be read. */
const PAIR_RUN_LIMIT = PAIR_FREE_FAILURES + Math.ceil(Math.log2(MAX_DELAY_MS / BASE_DELAY_MS));
/** Failures are kept long enough for the account window and for a whole run at the longest delay. */
const KEEP_MS = Math.max(2 * ACCOUNT_WINDOW_MS, PAIR_RUN_LIMIT * PAIR_WINDOW_MS);

/** Seconds the caller must wait, or 0 when the attempt may go ahead. */
export async function throttleWait(db: Db, clock: Clock, username: string, ip: string): Promise<number> {
  const now = clock.now().getTime();
  // The pair's run: its latest failures, each at most 15 minutes after the one before and the
  // newest at most 15 minutes ago. A sliding count would let failures age out during a long
  // wait and hand the guesser free attempts, so the delay could never reach its cap.
  const recent = await db
    .selectFrom('login_failures')
    .select('at')
    .where('username', '=', username)
    .where('ip', '=', ip)
    .orderBy('at', 'desc')
    .limit(PAIR_RUN_LIMIT)
    .execute();
  let run = 0;
  let next = now;
  for (const failure of recent) {
    const at = Date.parse(failure.at);
    if (next - at > PAIR_WINDOW_MS) break;
    run++;
    next = at;
  }
  let waitMs = 0;
  if (run >= PAIR_FREE_FAILURES) {
    const delay = Math.min(BASE_DELAY_MS * 2 ** (run - PAIR_FREE_FAILURES), MAX_DELAY_MS);
    waitMs = Math.max(waitMs, Date.parse(recent[0]!.at) + delay - now);
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
    .where('at', '<', new Date(now.getTime() - KEEP_MS).toISOString())
    .execute();
}

export async function clearFailures(db: Db, username: string, ip: string): Promise<void> {
  await db.deleteFrom('login_failures').where('username', '=', username).where('ip', '=', ip).execute();
}
