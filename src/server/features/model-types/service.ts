import type { Deps, RequestContext, Actor } from '../../context.js';
import type { ModelType, ModelTypeCreate, ModelTypeUpdate } from '../../../shared/model-types.js';
import { requireActor, requirePermission } from '../../auth/guard.js';
import { writeAudit } from '../../audit/service.js';
import { fail } from '../../lib/errors.js';
import { nfc, searchKey } from '../../lib/text.js';
import * as q from './queries.js';

export function toModelType(r: q.ModelTypeRow): ModelType {
  return {
    code: r.code,
    name: r.name,
    reportNoun: r.report_noun,
    countsMembers: r.counts_members === 1,
    builtIn: r.built_in === 1,
    retiredOn: r.retired_on,
    provinceCode: r.province_code,
  };
}

/** The provinces whose own types a user sees: theirs (null = every province, for nationwide users). */
function provincesOf(actor: Actor): string[] | null {
  if (actor.scope.path === null) return null;
  return actor.provinceCode ? [actor.provinceCode] : [];
}

/**
 * Model types: the five built in, and those a province adds ("Camera an ninh", "Cổng rào an
 * ninh", …). A retired type keeps its groups and history but takes no new groups.
 */
export function createModelTypesService(deps: Deps) {
  const { db, clock } = deps;

  /** A type the actor may change: not built in, and national (nationwide admins) or of their province. */
  async function loadOwn(actor: Actor, code: string) {
    const row = await q.findModelType(db, code);
    const provinces = provincesOf(actor);
    if (!row || (provinces !== null && row.province_code !== null && !provinces.includes(row.province_code))) fail('MODEL_TYPE_NOT_FOUND');
    if (row.built_in === 1) fail('MODEL_TYPE_BUILT_IN');
    if (provinces !== null && row.province_code === null) fail('OUT_OF_SCOPE');
    return row;
  }

  async function audit(ctx: RequestContext, action: string, before: q.ModelTypeRow | null, after: q.ModelTypeRow) {
    await writeAudit(db, deps, ctx, {
      action,
      entityType: 'model_type',
      entityId: after.code,
      areaPath: null,
      provinceCode: after.province_code,
      before: before ? toModelType(before) : null,
      after: toModelType(after),
    });
  }

  return {
    async list(ctx: RequestContext, includeRetired: boolean): Promise<ModelType[]> {
      const actor = requireActor(ctx);
      return (await q.listModelTypes(db, provincesOf(actor), includeRetired)).map(toModelType);
    },

    async create(ctx: RequestContext, input: ModelTypeCreate): Promise<ModelType> {
      const actor = requirePermission(ctx, 'model_types.write');
      const name = nfc(input.name);
      const code = input.code ?? searchKey(name).replace(/ /g, '-').slice(0, 60);
      const now = clock.now().toISOString();
      return db.transaction().execute(async (trx) => {
        if (await q.findModelType(trx, code)) fail('MODEL_TYPE_EXISTS', { code });
        const row: q.ModelTypeRow = {
          code,
          name,
          report_noun: nfc(input.reportNoun),
          counts_members: input.countsMembers ? 1 : 0,
          built_in: 0,
          retired_on: null,
          province_code: actor.scope.path === null ? null : actor.provinceCode ?? null,
          sort_order: await q.nextSortOrder(trx),
          created_at: now,
          updated_at: now,
        };
        await q.insertModelType(trx, row);
        await writeAudit(trx, deps, ctx, {
          action: 'model_type.create',
          entityType: 'model_type',
          entityId: code,
          areaPath: null,
          provinceCode: row.province_code,
          after: toModelType(row),
        });
        return toModelType(row);
      });
    },

    async update(ctx: RequestContext, code: string, input: ModelTypeUpdate): Promise<ModelType> {
      const actor = requirePermission(ctx, 'model_types.write');
      const before = await loadOwn(actor, code);
      const patch: Partial<q.ModelTypeRow> = { updated_at: clock.now().toISOString() };
      if (input.name !== undefined) patch.name = nfc(input.name);
      if (input.reportNoun !== undefined) patch.report_noun = nfc(input.reportNoun);
      if (input.countsMembers !== undefined) patch.counts_members = input.countsMembers ? 1 : 0;
      await q.updateModelType(db, code, patch);
      const after = { ...before, ...patch };
      await audit(ctx, 'model_type.update', before, after);
      return toModelType(after);
    },

    async retire(ctx: RequestContext, code: string, date: string | null): Promise<ModelType> {
      const actor = requirePermission(ctx, 'model_types.write');
      const before = await loadOwn(actor, code);
      const after = { ...before, retired_on: date, updated_at: clock.now().toISOString() };
      await q.updateModelType(db, code, { retired_on: date, updated_at: after.updated_at });
      await audit(ctx, date ? 'model_type.retire' : 'model_type.restore', before, after);
      return toModelType(after);
    },
  };
}
