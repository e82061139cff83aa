import { PostgresAdapter, sql, type SqlBool } from 'kysely';
import type { Db } from '../db/connection.js';
import type { AuditLogTable } from '../db/types.js';
import type { AuditQuery } from '../../shared/audit.js';
import { pathInScope, type Scope } from '../auth/scope.js';
import { escapeLike } from '../lib/text.js';
import { GENESIS } from './chain-format.js';

/** The one advisory lock every audit writer takes on PostgreSQL ("TQAU" as a number). */
export const AUDIT_CHAIN_LOCK = 0x5451_4155;

/**
 * Appends one row to the chain: takes the chain's lock, reads the head, links the row to it.
 * Runs inside the caller's transaction (`db` must be one): the lock is held until it commits,
 * so concurrent writers queue and never fork the chain. On SQLite the transaction's write lock
 * already serialises writers; the unique sequence number refuses a fork on both engines.
 */
export async function appendAudit(trx: Db, row: Omit<AuditLogTable, 'seq' | 'prev_hash' | 'hash'>, link: (seq: number, prevHash: string) => string): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_advisory_xact_lock(${sql.lit(AUDIT_CHAIN_LOCK)})`.execute(trx);
  const head = await chainHead(trx);
  const seq = (head ? Number(head.seq) : 0) + 1;
  const prevHash = head?.hash ?? GENESIS;
  await trx.insertInto('audit_log').values({ ...row, seq, prev_hash: prevHash, hash: link(seq, prevHash) }).execute();
}

/** The last row of the chain. */
export async function chainHead(db: Db) {
  return db.selectFrom('audit_log').select(['seq', 'hash']).where('seq', 'is not', null).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

/** The rows after `afterSeq`, in chain order: a keyset page, an index range on any size of table. */
export async function chainPage(db: Db, afterSeq: number, limit: number) {
  return db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}

/** Rows without a place in the chain (none, unless written past writeAudit). */
export async function unchainedCount(db: Db): Promise<number> {
  const { n } = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('seq', 'is', null).executeTakeFirstOrThrow();
  return Number(n);
}

export async function listAudit(db: Db, scope: Scope, q: AuditQuery) {
  let base = db.selectFrom('audit_log').where((eb) => pathInScope(eb.ref('audit_log.area_path'), scope));
  // SQLite has no default LIKE escape character: name it, or `\_` would not match `_`.
  if (q.actor) base = base.where(sql<SqlBool>`audit_log.actor_username like ${`%${escapeLike(q.actor.toLowerCase())}%`} escape '\\'`);
  if (q.action) base = base.where(sql<SqlBool>`audit_log.action like ${`${escapeLike(q.action)}%`} escape '\\'`);
  if (q.entityType) base = base.where('entity_type', '=', q.entityType);
  if (q.entityId) base = base.where('entity_id', '=', q.entityId);
  if (q.from) base = base.where('at', '>=', q.from);
  if (q.to) base = base.where('at', '<', nextDay(q.to));
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.actor_id',
      'audit_log.actor_username',
      'users.full_name as actor_full_name',
      'audit_log.action',
      'audit_log.entity_type',
      'audit_log.entity_id',
      'audit_log.before_json',
      'audit_log.after_json',
      'audit_log.ip',
      'audit_log.request_id',
    ])
    .orderBy('audit_log.at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { total: Number(total), rows };
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

