import type { Deps, RequestContext } from '../../context.js';
import type { EndedScope, Role } from '../../../shared/users.js';
import type { UnitLevel } from '../../../shared/units.js';
import { requirePermission } from '../../auth/guard.js';
import { pathInScope } from '../../auth/scope.js';
import { scopeLevels } from '../../auth/permissions.js';
import { today } from '../../lib/clock.js';
import { findUnit } from '../units/queries.js';
import { successorsAt } from '../units/lineage.js';
import { findUserById } from './queries.js';
import { toUser } from './view.js';

/**
 * Users whose scope unit has ended, each with the units that took its place and suit the
 * user's role. Until re-scoped they keep what their old area held; an administrator chooses.
 */
export async function listEndedScopes(deps: Deps, ctx: RequestContext): Promise<EndedScope[]> {
  const actor = requirePermission(ctx, 'users.write');
  const now = today(deps.clock);
  const rows = await deps.db
    .selectFrom('users')
    .innerJoin('units as su', 'su.id', 'users.scope_unit_id')
    .select(['users.id', 'su.id as unit_id', 'su.valid_to'])
    .where('su.valid_to', 'is not', null)
    .where('su.valid_to', '<=', now)
    .where((eb) => pathInScope(eb.ref('su.path'), actor.scope))
    .orderBy('users.full_name_search')
    .execute();
  const out: EndedScope[] = [];
  for (const r of rows) {
    const u = (await findUserById(deps.db, r.id))!;
    const unit = (await findUnit(deps.db, r.unit_id))!;
    const levels = scopeLevels[u.role as Role];
    const successors = await successorsAt(deps.db, unit, now);
    out.push({
      user: toUser(u),
      endedOn: r.valid_to!,
      proposals: successors
        .filter((s) => levels.includes(s.unit.level as UnitLevel))
        .map((s) => ({ id: s.unit.id, code: s.unit.code, name: s.unit.name, level: s.unit.level as UnitLevel, kind: s.unit.kind, share: s.share })),
    });
  }
  return out;
}
