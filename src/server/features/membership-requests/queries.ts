import type { Db } from '../../db/connection.js';
import type { MembershipRequestsTable } from '../../db/types.js';
import { pathInScope, type Scope } from '../../auth/scope.js';

export type MembershipRequestRow = MembershipRequestsTable;

const LIMIT = 200;

/** Requests with their group (its current area), the group's model type and the requester. */
function withGroup(db: Db) {
  return db
    .selectFrom('membership_requests as r')
    .innerJoin('groups as g', 'g.id', 'r.group_id')
    .innerJoin('model_types as t', 't.code', 'g.type_code')
    .innerJoin('group_areas as a', (j) => j.onRef('a.group_id', '=', 'g.id').on('a.valid_to', 'is', null))
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .innerJoin('users as q', 'q.id', 'r.requested_by')
    .selectAll('r')
    .select(['g.name as group_name', 't.name as type_name', 'u.name as area_name', 'u.path as area_path', 'u.province_code as area_province', 'q.username as requester_username', 'q.full_name as requester_name']);
}

/** Requests for groups whose current area lies in the scope: the requester's side. */
export function sentInScope(db: Db, scope: Scope) {
  return withGroup(db).where((eb) => pathInScope(eb.ref('u.path'), scope));
}

export async function listSent(db: Db, scope: Scope) {
  return sentInScope(db, scope).orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(LIMIT).execute();
}

export async function findSent(db: Db, scope: Scope, id: string) {
  return sentInScope(db, scope).where('r.id', '=', id).executeTakeFirst();
}

export type SentRow = NonNullable<Awaited<ReturnType<typeof findSent>>>;

/**
 * Requests naming a person registered in the scope: the holder's side. The person is found
 * through the number's keyed hash when read (a request for a number nobody holds reaches no
 * one); once decided, through the person it was decided for.
 */
export function incomingInScope(db: Db, scope: Scope) {
  return withGroup(db)
    .innerJoin('people as p', (j) =>
      j.on((eb) =>
        eb.or([
          eb.and([eb('r.person_id', 'is', null), eb('p.cccd_hash', '=', eb.ref('r.cccd_hash')), eb('p.merged_into', 'is', null)]),
          eb('p.id', '=', eb.ref('r.person_id')),
        ]),
      ),
    )
    .innerJoin('units as pr', 'pr.id', 'p.registered_unit_id')
    .select(['p.id as holder_id', 'p.full_name as holder_name', 'pr.path as holder_path', 'p.province_code as holder_province'])
    .where((eb) => pathInScope(eb.ref('pr.path'), scope));
}

/** Pending requests to decide, oldest first (the queue). */
export async function listIncoming(db: Db, scope: Scope) {
  return incomingInScope(db, scope).where('r.status', '=', 'pending').orderBy('r.created_at').orderBy('r.id').limit(LIMIT).execute();
}

export async function findIncoming(db: Db, scope: Scope, id: string) {
  return incomingInScope(db, scope).where('r.id', '=', id).executeTakeFirst();
}

export type IncomingRow = NonNullable<Awaited<ReturnType<typeof findIncoming>>>;

export async function findRequest(db: Db, id: string) {
  return db.selectFrom('membership_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The pending request of this group for this number, if any (the natural key of a retry). */
export async function findPendingFor(db: Db, groupId: string, cccdHash: string) {
  return db.selectFrom('membership_requests').select('id').where('group_id', '=', groupId).where('status', '=', 'pending').where('cccd_hash', '=', cccdHash).executeTakeFirst();
}

export async function insertRequest(db: Db, row: MembershipRequestRow): Promise<void> {
  await db.insertInto('membership_requests').values(row).execute();
}

/** Sets a pending request's outcome; false when it was no longer pending. */
export async function decideRequest(db: Db, id: string, patch: Partial<MembershipRequestRow>): Promise<boolean> {
  const res = await db.updateTable('membership_requests').set(patch).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
