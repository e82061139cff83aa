import type { Deps, RequestContext } from '../../context.js';
import type { Placement } from '../../../shared/units.js';
import { requireUnitWrite } from './service.js';
import { carryGroups } from './reform.js';
import { covers } from '../../auth/scope.js';
import { writeAudit } from '../../audit/service.js';
import { fail } from '../../lib/errors.js';
import { uuidv7 } from '../../lib/ids.js';
import * as q from './queries.js';
import type { Db } from '../../db/connection.js';

/**
 * A village recorded after the reform under a commune the reform split (created with an earlier
 * date, or its end moved to the day that commune ended), and valid until that day, joins the
 * queue as the reform would have put it there: its groups are then counted once (in the
 * province, apart from every successor) until an officer places it.
 */
export async function queueIfSplit(trx: Db, village: q.UnitRow): Promise<boolean> {
  if (village.level !== 'village' || !village.parent_id || village.valid_to === null) return false;
  const commune = await q.findUnit(trx, village.parent_id);
  if (!commune?.valid_to || commune.valid_to !== village.valid_to) return false;
  if (await trx.selectFrom('unit_placements').select('id').where('village_id', '=', village.id).executeTakeFirst()) return false;
  const links = await trx
    .selectFrom('unit_links')
    .select(['event_id', 'to_unit_id', 'share'])
    .where('from_unit_id', '=', commune.id)
    .where('effective_date', '=', commune.valid_to)
    .orderBy('to_unit_id')
    .execute();
  if (links.length === 0 || (links.length === 1 && links[0]!.share === 'full')) return false;
  await trx
    .insertInto('unit_placements')
    .values({
      id: uuidv7(),
      event_id: links[0]!.event_id,
      village_id: village.id,
      from_unit_id: commune.id,
      candidates_json: JSON.stringify([...new Set(links.map((l) => l.to_unit_id))]),
      effective_date: commune.valid_to,
      status: 'pending',
      placed_unit_id: null,
      placed_by: null,
      placed_at: null,
      province_code: commune.province_code,
    })
    .execute();
  return true;
}

/**
 * The placement queue: villages of communes that the reform split. Nothing is guessed; an
 * officer of one of the new communes chooses where each village goes.
 */
export function createPlacementsService(deps: Deps) {
  const { db, clock } = deps;

  return {
    async list(ctx: RequestContext, query: { status: 'pending' | 'placed'; page: number; pageSize: number }) {
      const actor = requireUnitWrite(ctx, 'village');
      const rows = await db
        .selectFrom('unit_placements as p')
        .innerJoin('units as v', 'v.id', 'p.village_id')
        .innerJoin('units as f', 'f.id', 'p.from_unit_id')
        .leftJoin('units as n', 'n.id', 'p.placed_unit_id')
        .leftJoin('units as nc', 'nc.id', 'n.parent_id')
        .select([
          'p.id',
          'p.candidates_json',
          'p.effective_date',
          'p.status',
          'p.placed_at',
          'v.id as v_id',
          'v.code as v_code',
          'v.name as v_name',
          'v.kind as v_kind',
          'f.id as f_id',
          'f.code as f_code',
          'f.name as f_name',
          'n.id as n_id',
          'n.code as n_code',
          'n.name as n_name',
          'nc.id as nc_id',
          'nc.code as nc_code',
          'nc.name as nc_name',
        ])
        .where('p.status', '=', query.status)
        .orderBy('f.code')
        .orderBy('v.code')
        .execute();
      const candidateIds = [...new Set(rows.flatMap((r) => JSON.parse(r.candidates_json) as string[]))];
      const candidates = new Map<string, q.UnitRow>();
      for (let i = 0; i < candidateIds.length; i += 500) {
        for (const u of await db.selectFrom('units').selectAll().where('id', 'in', candidateIds.slice(i, i + 500)).execute()) candidates.set(u.id, u);
      }
      // A row is the caller's when one of the communes it may go to lies in their scope.
      const mine = rows.filter((r) => (JSON.parse(r.candidates_json) as string[]).some((id) => covers(actor.scope, candidates.get(id)?.path ?? null)));
      const page = mine.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
      const items: Placement[] = page.map((r) => ({
        id: r.id,
        village: { id: r.v_id, code: r.v_code, name: r.v_name, kind: r.v_kind },
        fromCommune: { id: r.f_id, code: r.f_code, name: r.f_name },
        candidates: (JSON.parse(r.candidates_json) as string[]).map((id) => {
          const u = candidates.get(id)!;
          return { id: u.id, code: u.code, name: u.name };
        }),
        effectiveDate: r.effective_date,
        status: r.status as 'pending' | 'placed',
        placedUnit: r.n_id ? { id: r.n_id, code: r.n_code!, name: r.n_name! } : null,
        placedCommune: r.nc_id ? { id: r.nc_id, code: r.nc_code!, name: r.nc_name! } : null,
        placedAt: r.placed_at,
      }));
      return { items, total: mine.length, page: query.page, pageSize: query.pageSize };
    },

    async place(ctx: RequestContext, id: string, communeId: string) {
      const actor = requireUnitWrite(ctx, 'village');
      return db.transaction().execute(async (trx) => {
        const p = (await trx.selectFrom('unit_placements').selectAll().where('id', '=', id).executeTakeFirst()) ?? fail('NOT_FOUND');
        const candidates = JSON.parse(p.candidates_json) as string[];
        const commune = await q.findUnit(trx, communeId);
        const candidateRows = await trx.selectFrom('units').select(['id', 'path']).where('id', 'in', candidates).execute();
        if (!candidateRows.some((c) => covers(actor.scope, c.path))) fail('NOT_FOUND');
        if (p.status !== 'pending') fail('PLACEMENT_DONE');
        if (!commune || !candidates.includes(communeId)) fail('PLACEMENT_NOT_CANDIDATE');
        if (!covers(actor.scope, commune.path)) fail('OUT_OF_SCOPE');
        const village = (await q.findUnit(trx, p.village_id))!;
        const now = clock.now().toISOString();
        const newId = uuidv7();
        const row: q.UnitRow = {
          ...village,
          id: newId,
          parent_id: commune.id,
          path: `${commune.path}${newId}/`,
          valid_from: p.effective_date,
          valid_to: null,
          province_code: commune.province_code,
          created_at: now,
          updated_at: now,
        };
        await q.insertUnit(trx, row);
        await trx
          .insertInto('unit_links')
          .values({ id: uuidv7(), event_id: p.event_id, from_unit_id: village.id, to_unit_id: newId, share: 'full', effective_date: p.effective_date, province_code: commune.province_code })
          .execute();
        await trx.updateTable('unit_placements').set({ status: 'placed', placed_unit_id: newId, placed_by: actor.id, placed_at: now }).where('id', '=', id).execute();
        // The village's groups follow it from the reform's date.
        await carryGroups(trx, new Map([[village.id, row]]), p.effective_date, 'placement');
        await writeAudit(trx, deps, ctx, {
          action: 'unit.place_village',
          entityType: 'unit',
          entityId: newId,
          areaPath: row.path,
          provinceCode: row.province_code,
          before: { village: `${village.code} ${village.name}`, commune: p.from_unit_id },
          after: { village: `${village.code} ${village.name}`, commune: `${commune.code} ${commune.name}`, validFrom: p.effective_date },
        });
        return { id: newId };
      });
    },
  };
}
