import { sql, type SqlBool } from 'kysely';
import type { Db } from '../db/connection.js';
import type { AuditLogTable } from '../db/types.js';
import type { AuditQuery } from '../../shared/audit.js';
import { pathInScope, type Scope } from '../auth/scope.js';
import { escapeLike } from '../lib/text.js';

export async function insertAudit(db: Db, row: AuditLogTable): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
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

