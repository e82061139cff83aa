import type { Deps, RequestContext } from '../../context.js';
import { roles, type Role, type RoleSetting } from '../../../shared/users.js';
import { requirePermission } from '../../auth/guard.js';
import { assertCovers } from '../../auth/scope.js';
import { writeAudit } from '../../audit/service.js';
import * as q from './queries.js';

export function createRolesService(deps: Deps) {
  const { db, clock } = deps;
  async function all(): Promise<RoleSetting[]> {
    const rows = new Map((await q.listRoleSettings(db)).map((r) => [r.role, r.require_totp === 1]));
    return roles.map((role) => ({ role, requireTotp: rows.get(role) ?? false }));
  }
  return {
    async list(ctx: RequestContext) {
      requirePermission(ctx, 'roles.write');
      return all();
    },
    /** Role settings apply to the whole country, so only a nationwide administrator changes them. */
    async update(ctx: RequestContext, role: Role, requireTotp: boolean): Promise<RoleSetting> {
      const actor = requirePermission(ctx, 'roles.write');
      assertCovers(actor.scope, null);
      await db.transaction().execute(async (trx) => {
        const before = await q.roleRequiresTotp(trx, role);
        await q.upsertRoleSetting(trx, role, requireTotp, clock.now().toISOString());
        await writeAudit(trx, deps, ctx, {
          action: 'role.update',
          entityType: 'role',
          entityId: role,
          areaPath: null,
          before: { role, requireTotp: before },
          after: { role, requireTotp },
        });
      });
      return { role, requireTotp };
    },
  };
}
