import type { Db } from '../db/connection.js';
import type { Deps, RequestContext } from '../context.js';
import type { AuditQuery, AuditEntry } from '../../shared/audit.js';
import { uuidv7 } from '../lib/ids.js';
import { requirePermission } from '../auth/guard.js';
import { appendAudit, listAudit } from './queries.js';
import { rowHash } from './chain-format.js';

export interface AuditWrite {
  action: string;
  entityType: string;
  entityId: string | null;
  /** Path of the unit the change belongs to (null = national). */
  areaPath: string | null;
  provinceCode?: string | null;
  before?: unknown;
  after?: unknown;
  /** For events before anyone is logged in (a login, a failed login). */
  actorOverride?: { id: string; username: string } | null;
}

/**
 * A text typed by a user as the audit log may keep it: a run of 9 or more digits (a CCCD, an old
 * 9-digit ID number, typed into a name search) keeps only its last four (`••••••••1234`).
 */
export function maskIdNumbers(text: string): string {
  return text.replace(/\d(?:[\s.-]?\d){8,}/g, (run) => `••••••••${run.replace(/\D/g, '').slice(-4)}`);
}

/**
 * Writes one audit row in the caller's transaction, so the change and its record stand or fall
 * together, linked into the chain (audit/chain-format.ts). Given the database rather than a
 * transaction, it opens one of its own, so that the chain's lock still holds while it links.
 */
export async function writeAudit(db: Db, deps: Pick<Deps, 'clock'>, ctx: RequestContext | null, w: AuditWrite) {
  const actor = w.actorOverride !== undefined ? w.actorOverride : ctx?.actor ?? null;
  const row = {
    id: uuidv7(),
    at: deps.clock.now().toISOString(),
    actor_id: actor?.id ?? null,
    actor_username: actor?.username ?? null,
    action: w.action,
    entity_type: w.entityType,
    entity_id: w.entityId,
    area_path: w.areaPath,
    province_code: w.provinceCode ?? null,
    before_json: w.before === undefined || w.before === null ? null : JSON.stringify(w.before),
    after_json: w.after === undefined || w.after === null ? null : JSON.stringify(w.after),
    ip: ctx?.ip ?? null,
    request_id: ctx?.requestId ?? null,
  };
  const link = (seq: number, prevHash: string) => rowHash({ ...row, seq, prev_hash: prevHash });
  if (db.isTransaction) await appendAudit(db, row, link);
  else await db.transaction().execute((trx) => appendAudit(trx, row, link));
}

export function createAuditService(deps: Deps) {
  return {
    async list(ctx: RequestContext, q: AuditQuery) {
      const actor = requirePermission(ctx, 'audit.read');
      const { total, rows } = await listAudit(deps.db, actor.scope, q);
      const items: AuditEntry[] = rows.map((r) => ({
        id: r.id,
        at: r.at,
        actor: r.actor_id ? { id: r.actor_id, username: r.actor_username ?? '', fullName: r.actor_full_name ?? '' } : null,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        before: r.before_json ? JSON.parse(r.before_json) : null,
        after: r.after_json ? JSON.parse(r.after_json) : null,
        ip: r.ip,
        requestId: r.request_id,
      }));
      return { items, total, page: q.page, pageSize: q.pageSize };
    },
  };
}
