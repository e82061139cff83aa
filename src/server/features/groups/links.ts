import type { Deps, RequestContext } from '../../context.js';
import type { GroupLink } from '../../../shared/groups.js';
import { requirePermission } from '../../auth/guard.js';
import { writeAudit } from '../../audit/service.js';
import { fail } from '../../lib/errors.js';
import { uuidv7 } from '../../lib/ids.js';
import { findGroup, findGroupInScope, latestArea } from './queries.js';
import { groupAsSeen } from '../../auth/identity-policy.js';

/**
 * Links between groups: working together (xâu chuỗi, lồng ghép), and "replicated from" — a group
 * that took up another's model, which is how replication of effective models is tracked. The
 * other group is named only when the caller's scope reaches it (auth/identity-policy.ts).
 */
export function createGroupLinksService(deps: Deps) {
  const { db } = deps;

  return {
    async list(ctx: RequestContext, groupId: string): Promise<GroupLink[]> {
      const actor = requirePermission(ctx, 'groups.read');
      await findGroupInScope(db, actor.scope, groupId);
      const outgoing = await db
        .selectFrom('group_links as l')
        .innerJoin('groups as g', 'g.id', 'l.other_group_id')
        .innerJoin('model_types as t', 't.code', 'g.type_code')
        .leftJoin('group_areas as a', (j) => j.onRef('a.group_id', '=', 'g.id').on('a.valid_to', 'is', null))
        .leftJoin('units as u', 'u.id', 'a.unit_id')
        .select(['l.id', 'l.kind', 'l.since', 'l.notes', 'g.id as other_id', 'g.name as other_name', 't.name as type_name', 'u.path as other_path'])
        .where('l.group_id', '=', groupId)
        .execute();
      const incoming = await db
        .selectFrom('group_links as l')
        .innerJoin('groups as g', 'g.id', 'l.group_id')
        .innerJoin('model_types as t', 't.code', 'g.type_code')
        .leftJoin('group_areas as a', (j) => j.onRef('a.group_id', '=', 'g.id').on('a.valid_to', 'is', null))
        .leftJoin('units as u', 'u.id', 'a.unit_id')
        .select(['l.id', 'l.kind', 'l.since', 'l.notes', 'g.id as other_id', 'g.name as other_name', 't.name as type_name', 'u.path as other_path'])
        .where('l.other_group_id', '=', groupId)
        .execute();
      const view = (direction: 'outgoing' | 'incoming') => (r: (typeof outgoing)[number]): GroupLink => ({
        id: r.id,
        kind: r.kind as GroupLink['kind'],
        direction,
        // The identity policy: a group out of the caller's scope is "a group in another area".
        other: groupAsSeen(actor.scope, r.other_path, { id: r.other_id, name: r.other_name, typeName: r.type_name }),
        since: r.since,
        notes: r.notes,
      });
      return [...outgoing.map(view('outgoing')), ...incoming.map(view('incoming'))];
    },

    async add(ctx: RequestContext, groupId: string, input: { otherGroupId: string; kind: GroupLink['kind']; since?: string | null; notes?: string | null }) {
      const actor = requirePermission(ctx, 'groups.write');
      if (input.otherGroupId === groupId) fail('GROUP_LINK_SELF');
      return db.transaction().execute(async (trx) => {
        const { area } = await findGroupInScope(trx, actor.scope, groupId);
        // The other group may lie elsewhere (a model replicated from another commune, its id given
        // by that commune), but must exist; of a group out of scope nothing is answered or
        // recorded under this area but its id, which the caller already had.
        const other = (await findGroup(trx, input.otherGroupId)) ?? fail('GROUP_NOT_FOUND');
        const otherArea = await latestArea(trx, other.id);
        const otherName = groupAsSeen(actor.scope, otherArea?.path ?? null, other.name);
        const exists = await trx
          .selectFrom('group_links')
          .select('id')
          .where((eb) =>
            eb.or([
              eb.and([eb('group_id', '=', groupId), eb('other_group_id', '=', other.id)]),
              ...(input.kind === 'linked' ? [eb.and([eb('group_id', '=', other.id), eb('other_group_id', '=', groupId)])] : []),
            ]),
          )
          .where('kind', '=', input.kind)
          .executeTakeFirst();
        if (exists) fail('GROUP_LINK_EXISTS');
        const row = { id: uuidv7(), group_id: groupId, other_group_id: other.id, kind: input.kind, since: input.since ?? null, notes: input.notes ?? null, province_code: area.province_code };
        await trx.insertInto('group_links').values(row).execute();
        await writeAudit(trx, deps, ctx, {
          action: 'group.link',
          entityType: 'group',
          entityId: groupId,
          areaPath: area.path,
          provinceCode: area.province_code,
          after: { kind: row.kind, otherGroupId: other.id, ...(otherName === null ? {} : { otherName }), since: row.since },
        });
        return { id: row.id };
      });
    },

    async remove(ctx: RequestContext, groupId: string, linkId: string) {
      const actor = requirePermission(ctx, 'groups.write');
      await db.transaction().execute(async (trx) => {
        const { area } = await findGroupInScope(trx, actor.scope, groupId);
        const link = (await trx.selectFrom('group_links').selectAll().where('id', '=', linkId).where('group_id', '=', groupId).executeTakeFirst()) ?? fail('GROUP_LINK_NOT_FOUND');
        await trx.deleteFrom('group_links').where('id', '=', link.id).execute();
        await writeAudit(trx, deps, ctx, {
          action: 'group.unlink',
          entityType: 'group',
          entityId: groupId,
          areaPath: area.path,
          provinceCode: area.province_code,
          before: { kind: link.kind, otherGroupId: link.other_group_id, since: link.since },
        });
      });
    },
  };
}
