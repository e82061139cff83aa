import type { Deps, RequestContext, Actor } from '../../context.js';
import type { Db } from '../../db/connection.js';
import type { MemberRole, Membership } from '../../../shared/people.js';
import { requirePermission } from '../../auth/guard.js';
import { writeAudit } from '../../audit/service.js';
import { fail } from '../../lib/errors.js';
import { uuidv7 } from '../../lib/ids.js';
import { today } from '../../lib/clock.js';
import { findPersonInScope } from '../people/queries.js';
import { personInScope } from '../../auth/identity-policy.js';
import { toPerson } from '../people/view.js';
import { findGroupInScope, insertMembership, overlappingMembership } from './queries.js';
import { guardPast } from '../census/past.js';
import { groupDeltas, type CensusGroup } from '../census/group-deltas.js';
import { groupHistory } from '../census/past-queries.js';
import type { PastCensusChange } from '../../../shared/group-import.js';

/**
 * Writes a membership, with its checks (not before the group was founded, no overlapping
 * period of the same person, one leader at a time) and its audit row under the group's area.
 * The caller has found the group and the person through the identity policy: directly in its
 * scope (members API), or by an approved membership request.
 */
export async function enrol(
  trx: Db,
  deps: Deps,
  ctx: RequestContext,
  input: {
    group: { id: string; founded_on: string };
    area: { path: string; province_code: string | null };
    person: { id: string; full_name: string };
    role: MemberRole;
    from: string;
    requestId?: string;
    /** The past censuses the membership changes, as confirmed: kept in the audit row. */
    past?: { pastChanges: PastCensusChange[]; pastChangeCount: number } | null;
  },
) {
  const { group, area, person } = input;
  if (input.from < group.founded_on) fail('MEMBERSHIP_DATE', { date: group.founded_on });
  if (await overlappingMembership(trx, group.id, input.from, { personId: person.id })) fail('MEMBERSHIP_EXISTS');
  if (input.role === 'leader' && (await overlappingMembership(trx, group.id, input.from, 'leader'))) fail('LEADER_EXISTS');
  const row = { id: uuidv7(), group_id: group.id, person_id: person.id, role: input.role, valid_from: input.from, valid_to: null, province_code: area.province_code };
  await insertMembership(trx, row);
  await writeAudit(trx, deps, ctx, {
    action: 'membership.create',
    entityType: 'group',
    entityId: group.id,
    areaPath: area.path,
    provinceCode: area.province_code,
    after: { membershipId: row.id, personId: person.id, fullName: person.full_name, role: row.role, from: row.valid_from, ...(input.requestId ? { requestId: input.requestId } : {}), ...input.past },
  });
  return row;
}

/**
 * Memberships: a person in a group with a role, from a date until a date. A member who joined
 * on D is counted on D; one who left on D is not. Ending or moving keeps the history.
 */
export function createMembersService(deps: Deps) {
  const { db, clock } = deps;

  /** Checked before the write's transaction opens (see census/past.ts); what the audit row keeps when confirmed. */
  async function guardChange(actor: Actor, groupId: string, change: (g: CensusGroup) => CensusGroup, confirmed: boolean | undefined) {
    const before = (await groupHistory(db, groupId)) ?? fail('GROUP_NOT_FOUND');
    return guardPast(deps, actor.scope, groupDeltas(before, change(before)), confirmed);
  }

  async function toMembership(trx: Db, actor: Actor, m: { id: string; group_id: string; person_id: string; role: string; valid_from: string; valid_to: string | null }): Promise<Membership> {
    const p = (await findPersonInScope(trx, actor.scope, m.person_id))!;
    return { id: m.id, groupId: m.group_id, person: toPerson(p), role: m.role as MemberRole, validFrom: m.valid_from, validTo: m.valid_to };
  }

  return {
    async list(ctx: RequestContext, groupId: string, date: string | undefined, all: boolean): Promise<Membership[]> {
      const actor = requirePermission(ctx, 'groups.read');
      await findGroupInScope(db, actor.scope, groupId);
      const d = date ?? today(clock);
      let q = db.selectFrom('memberships').selectAll().where('group_id', '=', groupId);
      if (!all) q = q.where('valid_from', '<=', d).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', d)]));
      const rows = await q.orderBy('valid_from').execute();
      const order: Record<string, number> = { leader: 0, deputy: 1, member: 2 };
      const out = await Promise.all(rows.map((r) => toMembership(db, actor, r)));
      return out.sort((a, b) => order[a.role]! - order[b.role]! || a.person.fullName.localeCompare(b.person.fullName, 'vi'));
    },

    async add(ctx: RequestContext, groupId: string, input: { personId: string; role: MemberRole; from: string; confirmPastChange?: boolean }): Promise<Membership> {
      const actor = requirePermission(ctx, 'groups.write');
      // The checks that refuse the membership outright come before the question about the past.
      const found = await findGroupInScope(db, actor.scope, groupId);
      await personInScope(db, actor.scope, input.personId);
      if (input.from < found.group.founded_on) fail('MEMBERSHIP_DATE', { date: found.group.founded_on });
      const past = await guardChange(actor, groupId, (g) => ({ ...g, memberships: [...g.memberships, { from: input.from, to: null }] }), input.confirmPastChange);
      return db.transaction().execute(async (trx) => {
        const { group, area } = await findGroupInScope(trx, actor.scope, groupId);
        const person = await personInScope(trx, actor.scope, input.personId);
        const row = await enrol(trx, deps, ctx, { group, area, person, role: input.role, from: input.from, past });
        return toMembership(trx, actor, row);
      });
    },

    async end(ctx: RequestContext, groupId: string, membershipId: string, date: string, confirmPastChange?: boolean): Promise<Membership> {
      const actor = requirePermission(ctx, 'groups.write');
      await findGroupInScope(db, actor.scope, groupId);
      const open = (await db.selectFrom('memberships').selectAll().where('id', '=', membershipId).where('group_id', '=', groupId).executeTakeFirst()) ?? fail('MEMBERSHIP_NOT_FOUND');
      if (date <= open.valid_from || (open.valid_to !== null && open.valid_to <= date)) fail('MEMBERSHIP_DATE', { date: open.valid_from });
      const past = await guardChange(
        actor,
        groupId,
        (g) => ({ ...g, memberships: g.memberships.map((m) => (m.id === membershipId ? { ...m, to: date } : m)) }),
        confirmPastChange,
      );
      return db.transaction().execute(async (trx) => {
        const { area } = await findGroupInScope(trx, actor.scope, groupId);
        const m = (await trx.selectFrom('memberships').selectAll().where('id', '=', membershipId).where('group_id', '=', groupId).executeTakeFirst()) ?? fail('MEMBERSHIP_NOT_FOUND');
        if (date <= m.valid_from || (m.valid_to !== null && m.valid_to <= date)) fail('MEMBERSHIP_DATE', { date: m.valid_from });
        await trx.updateTable('memberships').set({ valid_to: date }).where('id', '=', m.id).execute();
        await writeAudit(trx, deps, ctx, {
          action: 'membership.end',
          entityType: 'group',
          entityId: groupId,
          areaPath: area.path,
          provinceCode: area.province_code,
          before: { membershipId: m.id, personId: m.person_id, role: m.role, from: m.valid_from, to: m.valid_to },
          after: { membershipId: m.id, personId: m.person_id, role: m.role, from: m.valid_from, to: date, ...past },
        });
        return toMembership(trx, actor, { ...m, valid_to: date });
      });
    },
  };
}
