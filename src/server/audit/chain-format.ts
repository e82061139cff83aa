import { createHash } from 'node:crypto';
import type { AuditLogTable } from '../db/types.js';

/** The link before the first row. */
export const GENESIS = '0'.repeat(64);

/** What a row's hash covers: every column but the hash itself, in a fixed order. */
export type ChainedContent = Omit<AuditLogTable, 'hash'> & { seq: number; prev_hash: string };

/**
 * SHA-256 over a canonical serialisation of the row: a JSON array of its columns in a fixed
 * order (text as stored, null as null), led by a format tag, ending with the previous row's hash.
 * Changing this changes every hash: a new format needs a new tag and a re-chaining migration.
 */
export function rowHash(r: ChainedContent): string {
  const canonical = JSON.stringify([
    'tq-audit-v1',
    Number(r.seq),
    r.id,
    r.at,
    r.actor_id,
    r.actor_username,
    r.action,
    r.entity_type,
    r.entity_id,
    r.area_path,
    r.province_code,
    r.before_json,
    r.after_json,
    r.ip,
    r.request_id,
    r.prev_hash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
