import type { Deps, RequestContext, Actor } from '../../context.js';
import type { Unit, UnitCreate, UnitLevel, UnitRename, UnitUpdate } from '../../../shared/units.js';
import { unitKindsByLevel } from '../../../shared/units.js';
import type { Db } from '../../db/connection.js';
import { assertCovers } from '../../auth/scope.js';
import { requireActor, requirePermission } from '../../auth/guard.js';
import { writeAudit } from '../../audit/service.js';
import { fail } from '../../lib/errors.js';
import { nfc, searchKey } from '../../lib/text.js';
import { today } from '../../lib/clock.js';
import { levelNames } from '../../lib/labels.js';
import * as q from './queries.js';
import { newUnitRow } from './rows.js';
import { queueIfSplit } from './placements.js';
import { villageLabels } from './village-labels.js';
import { renameVillage } from './rename.js';

const parentLevels: Record<UnitLevel, readonly UnitLevel[]> = {
  province: [],
  district: ['province'],
  commune: ['district', 'province'],
  village: ['commune'],
};

/** Ancestors are read from the path: `/a/b/c/` → [a, b, c], the unit itself last. */
function pathIds(path: string): string[] {
  return path.split('/').filter(Boolean);
}

export async function toUnits(db: Db, rows: (q.UnitRow & { child_count?: number | string | null })[], date: string): Promise<Unit[]> {
  const ids = [...new Set(rows.flatMap((r) => pathIds(r.path)))];
  const names = new Map((await q.findUnitsByIds(db, ids, false)).map((u) => [u.id, u]));
  const labels = await villageLabels(db, rows.filter((r) => r.level === 'village').map((r) => r.id), date);
  const out: Unit[] = [];
  for (const r of rows) {
    const childCount = r.child_count === undefined || r.child_count === null ? await q.countChildrenAt(db, r.id, date) : Number(r.child_count);
    out.push({
      id: r.id,
      code: r.code,
      name: r.name,
      label: labels.get(r.id) ?? null,
      level: r.level as UnitLevel,
      kind: r.kind,
      parentId: r.parent_id,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      childCount,
      population: r.population,
      path: pathIds(r.path).map((id) => {
        const u = names.get(id);
        return { id, code: u?.code ?? '', name: u?.name ?? '' };
      }),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    });
  }
  return out;
}

/** What the audit log keeps of a unit; the population only once it is recorded. */
function auditView(r: q.UnitRow) {
  const view = { code: r.code, name: r.name, kind: r.kind, level: r.level, parentId: r.parent_id, validFrom: r.valid_from, validTo: r.valid_to };
  return r.population === null ? view : { ...view, population: r.population };
}

/**
 * Writing units: `units.write` for any level, `villages.write` (commune officers) for villages
 * only. Called before loading anything, and again with the level once it is known.
 */
export function requireUnitWrite(ctx: RequestContext, level?: string): Actor {
  const actor = requireActor(ctx);
  const canAll = actor.permissions.has('units.write');
  const canVillages = actor.permissions.has('villages.write');
  if (!canAll && !(canVillages && (level === undefined || level === 'village'))) fail('FORBIDDEN');
  return actor;
}

export function createUnitsService(deps: Deps) {
  const { db, clock } = deps;

  async function loadInScope(actor: Actor, id: string) {
    return (await q.findUnitInScope(db, actor.scope, id)) ?? fail('UNIT_NOT_FOUND');
  }

  return {
    async list(ctx: RequestContext, f: { parentId?: string; date?: string; q?: string; level?: string; limit: number }) {
      const actor = requirePermission(ctx, 'units.read');
      const date = f.date ?? today(clock);
      const text = f.q ? searchKey(f.q) : undefined;
      if (f.parentId) await loadInScope(actor, f.parentId);
      const rows = await q.listUnits(db, actor.scope, {
        parentId: f.parentId,
        top: !f.parentId && !f.q?.trim() && !f.level,
        date,
        q: text,
        code: f.q?.trim() || undefined,
        level: f.level,
        limit: f.limit,
      });
      return toUnits(db, rows, date);
    },

    async get(ctx: RequestContext, id: string, date?: string) {
      const actor = requirePermission(ctx, 'units.read');
      const row = await loadInScope(actor, id);
      const [unit] = await toUnits(db, [row], date ?? today(clock));
      return unit!;
    },

    async create(ctx: RequestContext, input: UnitCreate) {
      const actor = requireUnitWrite(ctx, input.level);
      const kind = nfc(input.kind);
      if (!unitKindsByLevel[input.level].includes(kind)) {
        fail('UNIT_INVALID_KIND', { kind, level: levelNames[input.level] });
      }
      const validTo = input.validTo ?? null;
      if (validTo !== null && validTo <= input.validFrom) fail('UNIT_PERIOD_ORDER');
      let parent: q.UnitRow | undefined;
      if (input.parentId) parent = (await q.findUnitInScope(db, actor.scope, input.parentId)) ?? fail('UNIT_NOT_FOUND');
      const allowed = parentLevels[input.level];
      const parentOk = allowed.length === 0 ? !parent : parent !== undefined && allowed.includes(parent.level as UnitLevel);
      if (!parentOk) {
        fail('UNIT_INVALID_PARENT', {
          level: levelNames[input.level],
          parents: allowed.length === 0
            ? { vi: 'không đơn vị nào (cấp cao nhất)', en: 'no unit (top level)' }
            : { vi: allowed.map((l) => levelNames[l].vi).join(' hoặc '), en: allowed.map((l) => levelNames[l].en).join(' or ') },
        });
      }
      if (!parent) assertCovers(actor.scope, null);
      if (parent) {
        const inside =
          parent.valid_from <= input.validFrom &&
          (parent.valid_to === null || (validTo !== null && validTo <= parent.valid_to));
        if (!inside) fail('UNIT_PERIOD_OUTSIDE_PARENT', { from: parent.valid_from, to: parent.valid_to ?? '…' });
      }
      const code = input.code.trim();
      return db.transaction().execute(async (trx) => {
        if (await q.findOverlappingCode(trx, code, input.validFrom, validTo)) fail('UNIT_EXISTS', { code });
        const row = newUnitRow({
          code,
          name: input.name,
          kind,
          level: input.level,
          parent: parent ?? null,
          validFrom: input.validFrom,
          validTo,
          provinceCode: input.level === 'province' ? code : parent?.province_code ?? null,
          population: input.population ?? null,
          now: clock.now().toISOString(),
        });
        const id = row.id;
        await q.insertUnit(trx, row);
        // A village recorded late under a commune the reform split waits to be placed like the others.
        await queueIfSplit(trx, row);
        await writeAudit(trx, deps, ctx, {
          action: 'unit.create',
          entityType: 'unit',
          entityId: id,
          areaPath: row.path,
          provinceCode: row.province_code,
          after: auditView(row),
        });
        const [unit] = await toUnits(trx, [row], input.validFrom);
        return unit!;
      });
    },

    async update(ctx: RequestContext, id: string, input: UnitUpdate) {
      const actor = requireUnitWrite(ctx);
      return db.transaction().execute(async (trx) => {
        const before = (await q.findUnitInScope(trx, actor.scope, id)) ?? fail('UNIT_NOT_FOUND');
        requireUnitWrite(ctx, before.level);
        // The unit that defines a scope is managed from above it, not by those inside.
        if (actor.scope.unitId === id) fail('OUT_OF_SCOPE');
        const patch: Partial<q.UnitRow> = {};
        if (input.name !== undefined) {
          patch.name = nfc(input.name);
          patch.name_search = searchKey(patch.name);
        }
        if (input.kind !== undefined) {
          const kind = nfc(input.kind);
          const level = before.level as UnitLevel;
          if (!unitKindsByLevel[level].includes(kind)) fail('UNIT_INVALID_KIND', { kind, level: levelNames[level] });
          patch.kind = kind;
        }
        if (input.validTo !== undefined) {
          const validTo = input.validTo;
          if (validTo !== null && validTo <= before.valid_from) fail('UNIT_PERIOD_ORDER');
          if (before.parent_id) {
            const parent = await q.findUnit(trx, before.parent_id);
            if (parent?.valid_to && (validTo === null || validTo > parent.valid_to)) {
              fail('UNIT_PERIOD_OUTSIDE_PARENT', { from: parent.valid_from, to: parent.valid_to });
            }
          }
          if (validTo !== null && (await q.findChildOutliving(trx, id, validTo))) fail('UNIT_CHILDREN_OUTLIVE', { date: validTo });
          if (await q.findOverlappingCode(trx, before.code, before.valid_from, validTo, id)) fail('UNIT_EXISTS', { code: before.code });
          patch.valid_to = validTo;
        }
        if (input.population !== undefined) patch.population = input.population;
        if (Object.keys(patch).length > 0) {
          patch.updated_at = clock.now().toISOString();
          await q.updateUnit(trx, id, patch);
        }
        const after = { ...before, ...patch };
        if (patch.valid_to !== undefined) await queueIfSplit(trx, after);
        await writeAudit(trx, deps, ctx, {
          action: 'unit.update',
          entityType: 'unit',
          entityId: id,
          areaPath: before.path,
          provinceCode: before.province_code,
          before: auditView(before),
          after: auditView(after),
        });
        const [unit] = await toUnits(trx, [after], today(clock));
        return unit!;
      });
    },

    /**
     * Moves a village to another commune from a date: its row ends that day and a new row with
     * the same code and name begins under the new commune, linked to the old one, so reports
     * before the date still find it where it was.
     */
    async move(ctx: RequestContext, id: string, input: { parentId: string; date: string }) {
      const actor = requireUnitWrite(ctx, 'village');
      return db.transaction().execute(async (trx) => {
        const before = (await q.findUnitInScope(trx, actor.scope, id)) ?? fail('UNIT_NOT_FOUND');
        if (before.level !== 'village') fail('UNIT_MOVE_VILLAGES_ONLY');
        const parent = (await q.findUnitInScope(trx, actor.scope, input.parentId)) ?? fail('UNIT_NOT_FOUND');
        if (parent.level !== 'commune') fail('UNIT_INVALID_PARENT', { level: levelNames.village, parents: levelNames.commune });
        if (parent.id === before.parent_id) fail('UNIT_MOVE_SAME_PARENT');
        const d = input.date;
        if (d <= before.valid_from || (before.valid_to !== null && d >= before.valid_to)) fail('UNIT_MOVE_DATE', { from: before.valid_from, to: before.valid_to ?? '…' });
        if (parent.valid_from > d || (parent.valid_to !== null && parent.valid_to <= d)) fail('UNIT_PERIOD_OUTSIDE_PARENT', { from: parent.valid_from, to: parent.valid_to ?? '…' });
        if (await q.findChildOutliving(trx, id, d)) fail('UNIT_CHILDREN_OUTLIVE', { date: d });
        const now = clock.now().toISOString();
        const row = newUnitRow({ code: before.code, name: before.name, kind: before.kind, level: 'village', parent, validFrom: d, validTo: before.valid_to, population: before.population, now });
        await q.updateUnit(trx, id, { valid_to: d, updated_at: now });
        await q.insertUnit(trx, row);
        await q.insertUnitLink(trx, { eventId: null, from: id, to: row.id, share: 'full', date: d, provinceCode: row.province_code });
        await writeAudit(trx, deps, ctx, {
          action: 'unit.move',
          entityType: 'unit',
          entityId: row.id,
          areaPath: row.path,
          provinceCode: row.province_code,
          before: { ...auditView(before), validTo: before.valid_to },
          after: auditView(row),
        });
        const [unit] = await toUnits(trx, [row], d);
        return unit!;
      });
    },

    /**
     * Renames a village from a day, keeping the old name for everything before it (rename.ts).
     * Who may manage the village may rename it: an administrator, or the commune's officer.
     */
    async rename(ctx: RequestContext, id: string, input: UnitRename) {
      const actor = requireUnitWrite(ctx, 'village');
      const before = await loadInScope(actor, id);
      const row = await renameVillage(deps, ctx, actor.scope, before, input);
      const [unit] = await toUnits(db, [row], row.valid_from);
      return unit!;
    },

    async remove(ctx: RequestContext, id: string) {
      const actor = requireUnitWrite(ctx);
      await db.transaction().execute(async (trx) => {
        const before = (await q.findUnitInScope(trx, actor.scope, id)) ?? fail('UNIT_NOT_FOUND');
        requireUnitWrite(ctx, before.level);
        if (actor.scope.unitId === id) fail('OUT_OF_SCOPE');
        if (await q.isReferenced(trx, id)) fail('UNIT_IN_USE');
        await q.deleteUnit(trx, id);
        await writeAudit(trx, deps, ctx, {
          action: 'unit.delete',
          entityType: 'unit',
          entityId: id,
          areaPath: before.path,
          provinceCode: before.province_code,
          before: auditView(before),
        });
      });
    },
  };
}
