import type { Deps, RequestContext } from '../../context.js';
import type { ResolvedUnit, UnitHistory, UnitLevel } from '../../../shared/units.js';
import { requirePermission } from '../../auth/guard.js';
import { fail } from '../../lib/errors.js';
import { today } from '../../lib/clock.js';
import * as q from './queries.js';
import { childrenAt, linksOf, successorsAt, unitAt } from './lineage.js';
import { toUnits } from './service.js';
import { villageLabels } from './village-labels.js';
import { RENAME_EVENT, renameOf } from './rename.js';

/**
 * The administrative map through time: which unit a code names on a date, its children, what
 * it became. These describe the public map, not data held in it, so any logged-in user may
 * read them; what lies inside a unit stays behind the caller's scope.
 */
export function createUnitReferenceService(deps: Deps) {
  const { db, clock } = deps;

  async function ancestors(row: q.UnitRow) {
    const ids = row.path.split('/').filter(Boolean);
    const found = new Map((await q.findUnitsByIds(db, ids, false)).map((u) => [u.id, u]));
    return ids.map((id) => ({ code: found.get(id)?.code ?? '', name: found.get(id)?.name ?? '' }));
  }

  return {
    async resolve(ctx: RequestContext, code: string, date?: string): Promise<ResolvedUnit> {
      requirePermission(ctx, 'units.read');
      const row = (await unitAt(db, code, date ?? today(clock))) ?? fail('UNIT_NOT_FOUND');
      const path = await ancestors(row);
      return {
        code: row.code,
        name: row.name,
        kind: row.kind,
        level: row.level as UnitLevel,
        validFrom: row.valid_from,
        validTo: row.valid_to,
        parent: path.length > 1 ? path[path.length - 2]! : null,
        path,
      };
    },

    async children(ctx: RequestContext, code: string | undefined, date?: string) {
      requirePermission(ctx, 'units.read');
      const at = date ?? today(clock);
      let parentId: string | null = null;
      if (code) parentId = ((await unitAt(db, code, at)) ?? fail('UNIT_NOT_FOUND')).id;
      const children = await childrenAt(db, parentId, at);
      const labels = await villageLabels(db, children.filter((u) => u.level === 'village').map((u) => u.id), at);
      return children.map((u) => ({ code: u.code, name: u.name, kind: u.kind, label: labels.get(u.id) ?? null }));
    },

    async successors(ctx: RequestContext, code: string, from: string, to: string) {
      requirePermission(ctx, 'units.read');
      const row = (await unitAt(db, code, from)) ?? fail('UNIT_NOT_FOUND');
      return (await successorsAt(db, row, to)).map(({ unit: u, share }) => ({
        code: u.code,
        name: u.name,
        kind: u.kind,
        level: u.level as UnitLevel,
        validFrom: u.valid_from,
        validTo: u.valid_to,
        share,
      }));
    },

    async history(ctx: RequestContext, id: string): Promise<UnitHistory> {
      const actor = requirePermission(ctx, 'units.read');
      const row = (await q.findUnitInScope(db, actor.scope, id)) ?? fail('UNIT_NOT_FOUND');
      const [unit] = await toUnits(db, [row], row.valid_to ? row.valid_from : today(clock));
      const same = await db
        .selectFrom('units as u')
        .leftJoin('units as p', 'p.id', 'u.parent_id')
        .select(['u.id', 'u.code', 'u.name', 'u.level', 'u.kind', 'u.valid_from', 'u.valid_to', 'p.name as parent_name'])
        .where('u.code', '=', row.code)
        .orderBy('u.valid_from')
        .execute();
      const { formedFrom, wentInto } = await linksOf(db, id);
      const link = (l: (typeof formedFrom)[number]) => ({
        id: l.id,
        code: l.code,
        name: l.name,
        level: l.level as UnitLevel,
        kind: l.kind,
        validFrom: l.valid_from,
        validTo: l.valid_to,
        share: l.share as 'full' | 'partial',
        effectiveDate: l.effective_date,
        rename: l.event_kind === RENAME_EVENT ? renameOf(l.event_summary) : null,
      });
      return {
        unit: unit!,
        sameCode: same.map((s) => ({
          id: s.id,
          code: s.code,
          name: s.name,
          level: s.level as UnitLevel,
          kind: s.kind,
          validFrom: s.valid_from,
          validTo: s.valid_to,
          parentName: s.parent_name,
        })),
        formedFrom: formedFrom.map(link),
        wentInto: wentInto.map(link),
      };
    },
  };
}
