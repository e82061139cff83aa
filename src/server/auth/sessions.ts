import { createHash } from 'node:crypto';
import type { Db } from '../db/connection.js';
import type { Clock } from '../lib/clock.js';
import { randomToken } from '../lib/ids.js';

export const SESSION_COOKIE = 'tq_session';
export const CSRF_HEADER = 'x-csrf-token';
export const IDLE_LIMIT_MS = 12 * 60 * 60 * 1000;
/** A session ends after a week however active, so a stolen cookie does not live forever. */
export const ABSOLUTE_LIMIT_MS = 7 * 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, to keep reads from turning into writes. */
const TOUCH_EVERY_MS = 60 * 1000;

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Db,
  clock: Clock,
  userId: string,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken();
  const csrfToken = randomToken(24);
  const now = clock.now().toISOString();
  await db
    .insertInto('sessions')
    .values({
      id: digest(token),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken };
}

export interface LiveSession {
  id: string;
  userId: string;
  csrfToken: string;
}

/** The session behind a cookie, if it is still alive; an expired one is removed. */
export async function findSession(db: Db, clock: Clock, token: string): Promise<LiveSession | null> {
  const id = digest(token);
  const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const now = clock.now().getTime();
  const idle = now - Date.parse(row.last_seen_at);
  const age = now - Date.parse(row.created_at);
  if (idle > IDLE_LIMIT_MS || age > ABSOLUTE_LIMIT_MS) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  if (idle > TOUCH_EVERY_MS) {
    await db.updateTable('sessions').set({ last_seen_at: new Date(now).toISOString() }).where('id', '=', id).execute();
  }
  return { id, userId: row.user_id, csrfToken: row.csrf_token };
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Used when a password is reset or an account disabled: every open session of the user ends. */
export async function deleteUserSessions(db: Db, userId: string, exceptId?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  await q.execute();
}
