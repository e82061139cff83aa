import type { Deps, RequestContext } from '../../context.js';
import type { MemberRole } from '../../../shared/people.js';
import type { IncomingMembershipRequest, MembershipRequestCreate, MembershipRequestStatus, SentMembershipRequest } from '../../../shared/membership-requests.js';
import { requirePermission } from '../../auth/guard.js';
import { cccdHolder, personInScope } from '../../auth/identity-policy.js';
import { writeAudit } from '../../audit/service.js';
import { checkCccd, maskCccd } from '../../lib/cccd.js';
import { fail } from '../../lib/errors.js';
import { uuidv7 } from '../../lib/ids.js';
import { nfc } from '../../lib/text.js';
import { findGroup, findGroupInScope } from '../groups/queries.js';
import { enrol } from '../groups/members.js';
import { toPerson } from '../people/view.js';
import * as q from './queries.js';
import { guardPast } from '../census/past.js';
import { groupDeltas } from '../census/group-deltas.js';
import { groupHistory } from '../census/past-queries.js';

const badNumber = {
  vi: 'phải gồm đúng 12 chữ số, ba chữ số đầu là mã tỉnh.',
  en: 'it must be exactly 12 digits, the first three a province code.',
};

/**
 * Membership requests (đề nghị kết nạp), the way a commune enrols someone registered
 * elsewhere without learning anything about them (docs/domain.md, "Identity policy"):
 *
 * - Sent by a user with groups.write for a group in their scope, naming the person by citizen
 *   ID number (kept sealed and as its keyed hash), the name as on their list, role and date.
 *   The answer is the same whoever holds the number, or nobody; only a person the requester
 *   already sees is refused, with "add them directly". A retry (the same client id, or the same
 *   group and number while pending) returns the request already stored.
 * - Reaches the users with groups.write whose scope holds the person's registered area: they
 *   see who asks, for which group and area, and the person. They approve (the membership is
 *   written, audited under the group's area; from then on the requester sees the person as a
 *   member of their group) or decline with a reason. A number nobody holds reaches no one and
 *   stays pending.
 * - The requester's area sees its requests (the number masked), the outcome and the reason,
 *   and may withdraw one still pending. Every step is audited; ids out of scope answer 404.
 */
export function createMembershipRequestsService(deps: Deps) {
  const { db, clock } = deps;
  const identity = deps.identity ?? fail('INTERNAL');

  function sentView(r: q.SentRow): SentMembershipRequest {
    return {
      id: r.id,
      group: { id: r.group_id, name: r.group_name, typeName: r.type_name, areaName: r.area_name },
      requestedBy: { username: r.requester_username, fullName: r.requester_name },
      fullName: r.full_name,
      cccdMasked: maskCccd(r.cccd_last4)!,
      role: r.role as MemberRole,
      validFrom: r.valid_from,
      status: r.status as MembershipRequestStatus,
      reason: r.reason,
      personId: r.status === 'approved' ? r.person_id : null,
      createdAt: r.created_at,
      decidedAt: r.decided_at,
    };
  }

  async function incomingView(ctx: RequestContext, r: q.IncomingRow): Promise<IncomingMembershipRequest> {
    const actor = requirePermission(ctx, 'groups.write');
    return {
      id: r.id,
      group: { id: r.group_id, name: r.group_name, typeName: r.type_name, areaName: r.area_name },
      requestedBy: { username: r.requester_username, fullName: r.requester_name },
      fullName: r.full_name,
      role: r.role as MemberRole,
      validFrom: r.valid_from,
      status: r.status as MembershipRequestStatus,
      reason: r.reason,
      person: toPerson(await personInScope(db, actor.scope, r.holder_id)),
      createdAt: r.created_at,
      decidedAt: r.decided_at,
    };
  }

  /** A pending request the caller may decide, inside the transaction; 404 out of scope, 409 once decided. */
  async function toDecide(trx: typeof db, ctx: RequestContext, id: string) {
    const actor = requirePermission(ctx, 'groups.write');
    const row = (await q.findIncoming(trx, actor.scope, id)) ?? fail('MEMBERSHIP_REQUEST_NOT_FOUND');
    if (row.status !== 'pending') fail('MEMBERSHIP_REQUEST_DECIDED');
    return row;
  }

  return {
    async sent(ctx: RequestContext): Promise<SentMembershipRequest[]> {
      const actor = requirePermission(ctx, 'groups.write');
      return (await q.listSent(db, actor.scope)).map(sentView);
    },

    async incoming(ctx: RequestContext): Promise<IncomingMembershipRequest[]> {
      const actor = requirePermission(ctx, 'groups.write');
      const rows = await q.listIncoming(db, actor.scope);
      // A number held twice (records from before the uniqueness check) is one request.
      const seen = new Set<string>();
      const out: IncomingMembershipRequest[] = [];
      for (const r of rows) if (!seen.has(r.id)) (seen.add(r.id), out.push(await incomingView(ctx, r)));
      return out;
    },

    async create(ctx: RequestContext, input: MembershipRequestCreate): Promise<SentMembershipRequest> {
      const actor = requirePermission(ctx, 'groups.write');
      const cccd = input.cccd.replace(/[\s.-]/g, '');
      if (checkCccd(cccd)) fail('CCCD_INVALID', { reason: badNumber });
      const { group, area } = await findGroupInScope(db, actor.scope, input.groupId);
      if (input.from < group.founded_on) fail('MEMBERSHIP_DATE', { date: group.founded_on });
      const hash = identity.hash(cccd);
      const holder = await cccdHolder(db, actor.scope, hash);
      if (holder?.visible) fail('MEMBERSHIP_REQUEST_VISIBLE', {}, { personId: holder.personId });
      // The requester owns the group's census: a membership that would change a past one is
      // confirmed when asked for, and the approval, by officers of another area, asks nothing more.
      const before = (await groupHistory(db, group.id)) ?? fail('GROUP_NOT_FOUND');
      const past = await guardPast(deps, actor.scope, groupDeltas(before, { ...before, memberships: [...before.memberships, { from: input.from, to: null }] }), input.confirmPastChange);

      const id = await db.transaction().execute(async (trx) => {
        // A retry: the same id again, or the same group and number still pending.
        if (input.id) {
          const same = await q.findRequest(trx, input.id);
          if (same) return same.group_id === group.id && same.cccd_hash === hash ? same.id : fail('MEMBERSHIP_REQUEST_NOT_FOUND');
        }
        const pending = await q.findPendingFor(trx, group.id, hash);
        if (pending) return pending.id;
        const now = clock.now().toISOString();
        const row: q.MembershipRequestRow = {
          id: input.id ?? uuidv7(),
          group_id: group.id,
          requested_by: actor.id,
          full_name: nfc(input.fullName),
          cccd_hash: hash,
          cccd_enc: identity.encrypt(cccd),
          cccd_last4: cccd.slice(-4),
          role: input.role ?? 'member',
          valid_from: input.from,
          status: 'pending',
          person_id: null,
          membership_id: null,
          decided_by: null,
          decided_at: null,
          reason: null,
          province_code: area.province_code,
          created_at: now,
          updated_at: now,
        };
        await q.insertRequest(trx, row);
        await writeAudit(trx, deps, ctx, {
          action: 'membership_request.create',
          entityType: 'membership_request',
          entityId: row.id,
          areaPath: area.path,
          provinceCode: area.province_code,
          after: { groupId: group.id, fullName: row.full_name, cccdLast4: row.cccd_last4, role: row.role, from: row.valid_from, ...past },
        });
        return row.id;
      });
      return sentView((await q.findSent(db, actor.scope, id))!);
    },

    async approve(ctx: RequestContext, id: string): Promise<IncomingMembershipRequest> {
      const actor = requirePermission(ctx, 'groups.write');
      await db.transaction().execute(async (trx) => {
        const r = await toDecide(trx, ctx, id);
        const now = clock.now().toISOString();
        const group = { id: r.group_id, founded_on: (await findGroupRow(trx, r.group_id)).founded_on };
        const membership = await enrol(trx, deps, ctx, {
          group,
          area: { path: r.area_path, province_code: r.area_province },
          person: { id: r.holder_id, full_name: r.holder_name },
          role: r.role as MemberRole,
          from: r.valid_from,
          requestId: r.id,
        });
        if (!(await q.decideRequest(trx, r.id, { status: 'approved', person_id: r.holder_id, membership_id: membership.id, decided_by: actor.id, decided_at: now, updated_at: now }))) fail('MEMBERSHIP_REQUEST_DECIDED');
        await writeAudit(trx, deps, ctx, {
          action: 'membership_request.approve',
          entityType: 'membership_request',
          entityId: r.id,
          areaPath: r.holder_path,
          provinceCode: r.holder_province,
          after: { groupId: r.group_id, personId: r.holder_id, membershipId: membership.id, role: r.role, from: r.valid_from },
        });
      });
      return incomingView(ctx, (await q.findIncoming(db, actor.scope, id))!);
    },

    async decline(ctx: RequestContext, id: string, reason: string): Promise<IncomingMembershipRequest> {
      const actor = requirePermission(ctx, 'groups.write');
      await db.transaction().execute(async (trx) => {
        const r = await toDecide(trx, ctx, id);
        const now = clock.now().toISOString();
        const why = nfc(reason.trim());
        if (!(await q.decideRequest(trx, r.id, { status: 'declined', person_id: r.holder_id, reason: why, decided_by: actor.id, decided_at: now, updated_at: now }))) fail('MEMBERSHIP_REQUEST_DECIDED');
        await writeAudit(trx, deps, ctx, {
          action: 'membership_request.decline',
          entityType: 'membership_request',
          entityId: r.id,
          areaPath: r.holder_path,
          provinceCode: r.holder_province,
          after: { groupId: r.group_id, personId: r.holder_id, reason: why },
        });
      });
      return incomingView(ctx, (await q.findIncoming(db, actor.scope, id))!);
    },

    async withdraw(ctx: RequestContext, id: string): Promise<SentMembershipRequest> {
      const actor = requirePermission(ctx, 'groups.write');
      await db.transaction().execute(async (trx) => {
        const r = (await q.findSent(trx, actor.scope, id)) ?? fail('MEMBERSHIP_REQUEST_NOT_FOUND');
        const now = clock.now().toISOString();
        if (r.status !== 'pending' || !(await q.decideRequest(trx, r.id, { status: 'withdrawn', decided_by: actor.id, decided_at: now, updated_at: now }))) fail('MEMBERSHIP_REQUEST_DECIDED');
        await writeAudit(trx, deps, ctx, {
          action: 'membership_request.withdraw',
          entityType: 'membership_request',
          entityId: r.id,
          areaPath: r.area_path,
          provinceCode: r.area_province,
          before: { status: 'pending' },
          after: { status: 'withdrawn' },
        });
      });
      return sentView((await q.findSent(db, actor.scope, id))!);
    },
  };
}

async function findGroupRow(db: Deps['db'], id: string) {
  return (await findGroup(db, id)) ?? fail('GROUP_NOT_FOUND');
}
