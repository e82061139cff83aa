import { sql } from 'kysely';
import { z } from 'zod';
import type { Deps, RequestContext } from '../../context.js';
import type { Db } from '../../db/connection.js';
import type { UnitLevel } from '../../../shared/units.js';
import { writeAudit } from '../../audit/service.js';
import { fail } from '../../lib/errors.js';
import { uuidv7 } from '../../lib/ids.js';
import { escapeLike } from '../../lib/text.js';
import { addDays } from '../../lib/dates.js';
import type { UnitRow } from './queries.js';
import { validAt } from './queries.js';
import { insertInChunks, type Progress } from './import-support.js';
import { newUnitRow } from './rows.js';
import { plainText, requiredText } from '../../../shared/text.js';

// Names as every other name: no control or direction characters, zero-width ones removed (shared/text.ts).
const merge = z.object({ old_id: z.string().min(1), name: plainText(200), type: z.enum(['full', 'partial']) });
const newCommune = z.object({ level2_id: z.string().min(1), name: requiredText(200), merges: z.array(merge).min(1) });
const newProvince = z.object({
  level1_id: z.string().min(1),
  name: requiredText(200),
  merges: z.array(merge).min(1),
  level2s: z.array(newCommune),
});
/** The reorganisation file: each new unit with the old units it was formed from. */
export const reformFile = z.object({
  /** The resolution that decided it, when the file names one (shown as the basis of every change it makes). */
  resolution: z.object({ number: requiredText(60), name: requiredText(300) }).optional(),
  data: z.array(newProvince).min(1),
});
export type ReformFile = z.infer<typeof reformFile>;

export const REFORM_2025 = '2025-07-01';

export interface ReformResult {
  unchanged: boolean;
  added: number;
  ended: number;
  links: number;
  villagesCarried: number;
  villagesQueued: number;
  groupsCarried?: number;
}

function provinceKind(name: string): string {
  return name.startsWith('Thành phố') ? 'Thành phố Trung ương' : 'Tỉnh';
}

function communeKind(name: string): string {
  if (name.startsWith('Đặc khu')) return 'Đặc khu';
  if (name.startsWith('Phường')) return 'Phường';
  if (name.startsWith('Thị trấn')) return 'Thị trấn';
  return 'Xã';
}

interface Resolved {
  unit: UnitRow;
  share: 'full' | 'partial';
}

/**
 * Applies a reorganisation as lineage: on the effective date the old units end and the new
 * ones begin, each new unit linked to what it was formed from. Villages of a commune that
 * went whole into one new commune carry over under it; those of a split commune go to the
 * placement queue. All or nothing, and importing the same file again changes nothing.
 */
export async function importReform(
  deps: Deps,
  ctx: RequestContext | null,
  file: ReformFile,
  source: { name: string; hash: string; effectiveDate?: string },
  progress: Progress = () => {},
): Promise<ReformResult> {
  const E = source.effectiveDate ?? REFORM_2025;
  const before = addDays(E, -1);
  const { db, clock } = deps;
  const previous = await db.selectFrom('unit_events').select('summary_json').where('kind', '=', 'reform').where('source_hash', '=', source.hash).executeTakeFirst();
  if (previous) return { ...(JSON.parse(previous.summary_json) as ReformResult), unchanged: true };

  progress('validate', 0, 1);
  const seen = new Set<string>();
  for (const p of file.data) {
    if (seen.has(`p${p.level1_id}`)) fail('IMPORT_DUPLICATE_CODE', { code: p.level1_id });
    seen.add(`p${p.level1_id}`);
    for (const c of p.level2s) {
      if (seen.has(`c${c.level2_id}`)) fail('IMPORT_DUPLICATE_CODE', { code: c.level2_id });
      seen.add(`c${c.level2_id}`);
    }
  }
  // The units a link may start from: those valid the day before the event.
  const open = await db
    .selectFrom('units')
    .selectAll()
    .where('level', 'in', ['province', 'district', 'commune'])
    .where((eb) => validAt(eb.ref('valid_from'), eb.ref('valid_to'), before))
    .execute();
  const provinces = new Map(open.filter((u) => u.level === 'province').map((u) => [u.code, u]));
  const lower = new Map<string, UnitRow>();
  for (const u of open) if (u.level === 'district') lower.set(u.code, u);
  for (const u of open) if (u.level === 'commune') lower.set(u.code, u);
  const newCodes = new Set(file.data.flatMap((p) => [p.level1_id, ...p.level2s.map((c) => c.level2_id)]));

  const used = new Map<string, 'full' | 'partial'>();
  const resolve = (m: z.infer<typeof merge>, pool: Map<string, UnitRow>, newCode: string): Resolved => {
    const unit = pool.get(m.old_id);
    if (!unit) {
      if (m.old_id === newCode || newCodes.has(m.old_id)) fail('IMPORT_CYCLE', { code: newCode });
      fail('IMPORT_UNKNOWN_CODE', { code: m.old_id, name: m.name, date: before });
    }
    const prior = used.get(unit.id);
    if (prior && (prior === 'full' || m.type === 'full')) {
      fail('IMPORT_INVALID_FILE', {
        reason: { vi: `đơn vị ${m.old_id} vừa được ghi là sáp nhập toàn bộ vừa có phần đi nơi khác`, en: `unit ${m.old_id} is recorded as merged whole and also in part elsewhere` },
      });
    }
    used.set(unit.id, m.type);
    return { unit, share: m.type };
  };
  const plan = file.data.map((p) => ({
    p,
    sources: p.merges.map((m) => resolve(m, provinces, p.level1_id)),
    communes: p.level2s.map((c) => ({ c, sources: c.merges.map((m) => resolve(m, lower, c.level2_id)) })),
  }));
  progress('validate', 1, 1);
  // Only a valid file gets this far: a second, different reorganisation on the same day is refused.
  const clash = await db.selectFrom('unit_events').select('id').where('kind', '=', 'reform').where('effective_date', '=', E).executeTakeFirst();
  if (clash) fail('IMPORT_CONFLICT', { date: E });

  const now = clock.now().toISOString();
  const result: ReformResult = { unchanged: false, added: 0, ended: 0, links: 0, villagesCarried: 0, villagesQueued: 0 };
  await db.transaction().execute(async (trx) => {
    const eventId = uuidv7();
    const newRows: UnitRow[] = [];
    const links: { id: string; event_id: string; from_unit_id: string; to_unit_id: string; share: string; effective_date: string; province_code: string }[] = [];
    const row = (code: string, name: string, kind: string, level: UnitLevel, parent: UnitRow | null, province: string): UnitRow =>
      newUnitRow({ code, name, kind, level, parent, validFrom: E, provinceCode: province, now });
    const link = (from: UnitRow, to: UnitRow, share: string, province: string) =>
      links.push({ id: uuidv7(), event_id: eventId, from_unit_id: from.id, to_unit_id: to.id, share, effective_date: E, province_code: province });

    const communeTargets = new Map<string, { to: UnitRow; share: string }[]>();
    for (const { p, sources, communes } of plan) {
      const province = row(p.level1_id, p.name, provinceKind(p.name), 'province', null, p.level1_id);
      newRows.push(province);
      for (const s of sources) link(s.unit, province, s.share, p.level1_id);
      for (const { c, sources: cs } of communes) {
        const commune = row(c.level2_id, c.name, communeKind(c.name), 'commune', province, p.level1_id);
        newRows.push(commune);
        for (const s of cs) {
          link(s.unit, commune, s.share, p.level1_id);
          const list = communeTargets.get(s.unit.id) ?? [];
          list.push({ to: commune, share: s.share });
          communeTargets.set(s.unit.id, list);
        }
      }
    }
    await trx
      .insertInto('unit_events')
      .values({
        id: eventId,
        kind: 'reform',
        effective_date: E,
        source_name: source.name,
        source_hash: source.hash,
        summary_json: '{}',
        created_by: ctx?.actor?.id ?? null,
        created_at: now,
      })
      .execute();
    await insertInChunks(trx, 'units', newRows, (done) => progress('units', done, newRows.length));
    result.added += newRows.length;

    // Villages under the communes that end: carried over whole, or queued when the commune split.
    const endingCommunes = [...communeTargets.keys()];
    const villages: UnitRow[] = [];
    for (let i = 0; i < endingCommunes.length; i += 500) {
      villages.push(
        ...(await trx
          .selectFrom('units')
          .selectAll()
          .where('level', '=', 'village')
          .where('parent_id', 'in', endingCommunes.slice(i, i + 500))
          .where((eb) => validAt(eb.ref('valid_from'), eb.ref('valid_to'), before))
          .execute()),
      );
    }
    const carried: UnitRow[] = [];
    const successor = new Map<string, UnitRow>();
    const placements = [];
    for (const v of villages) {
      const targets = communeTargets.get(v.parent_id!)!;
      const province = targets[0]!.to.province_code!;
      if (targets.length === 1 && targets[0]!.share === 'full') {
        const copy = row(v.code, v.name, v.kind, 'village', targets[0]!.to, province);
        copy.population = v.population;
        carried.push(copy);
        successor.set(v.id, copy);
        link(v, copy, 'full', province);
      } else {
        placements.push({
          id: uuidv7(),
          event_id: eventId,
          village_id: v.id,
          from_unit_id: v.parent_id!,
          candidates_json: JSON.stringify(targets.map((t) => t.to.id)),
          effective_date: E,
          status: 'pending',
          placed_unit_id: null,
          placed_by: null,
          placed_at: null,
          province_code: province,
        });
      }
    }
    await insertInChunks(trx, 'units', carried, () => {});
    await insertInChunks(trx, 'unit_placements', placements, () => {});
    result.villagesCarried = carried.length;

    // Groups follow their area where it was carried over whole: a village copied under its new
    // commune, or a commune merged whole into one new commune.
    for (const [communeId, targets] of communeTargets) {
      if (targets.length === 1 && targets[0]!.share === 'full') successor.set(communeId, targets[0]!.to);
    }
    result.groupsCarried = await carryGroups(trx, successor, E, `${source.name}`);
    result.villagesQueued = placements.length;
    result.added += carried.length;

    // Every old unit of the provinces involved ends the day the new ones begin, and now lies in
    // its successor province (the distribution key follows the territory).
    let closed = 0;
    for (const { p, sources } of plan) {
      for (const s of sources) {
        const r = await trx
          .updateTable('units')
          .set({ valid_to: E, province_code: p.level1_id, updated_at: now })
          .where(sql`path`, 'like', `${escapeLike(s.unit.path)}%`)
          .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', E)]))
          .where('valid_from', '<', E)
          .executeTakeFirst();
        closed += Number(r.numUpdatedRows);
        progress('close', ++result.ended, sources.length);
      }
    }
    result.ended = closed;
    await insertInChunks(trx, 'unit_links', links, (done) => progress('links', done, links.length));
    result.links = links.length;
    await trx.updateTable('unit_events').set({ summary_json: JSON.stringify({ ...result, resolution: file.resolution ?? null }) }).where('id', '=', eventId).execute();
    await writeAudit(trx, deps, ctx, {
      action: 'unit.import_reform',
      entityType: 'unit_event',
      entityId: eventId,
      areaPath: null,
      after: { source: source.name, effectiveDate: E, ...result },
    });
  });
  return result;
}

export type { Db };

/** Ends each group's area in a unit that was carried over, and opens it in the successor. */
export async function carryGroups(trx: Db, successor: Map<string, UnitRow>, E: string, reason: string): Promise<number> {
  const ids = [...successor.keys()];
  let moved = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const areas = await trx
      .selectFrom('group_areas')
      .selectAll()
      .where('unit_id', 'in', ids.slice(i, i + 500))
      .where('valid_from', '<', E)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', E)]))
      .execute();
    for (const area of areas) {
      const to = successor.get(area.unit_id)!;
      await trx.updateTable('group_areas').set({ valid_to: E }).where('id', '=', area.id).execute();
      await trx
        .insertInto('group_areas')
        .values({ id: uuidv7(), group_id: area.group_id, unit_id: to.id, valid_from: E, valid_to: area.valid_to, reason, province_code: to.province_code })
        .execute();
      await trx.updateTable('groups').set({ province_code: to.province_code }).where('id', '=', area.group_id).execute();
      moved++;
    }
  }
  return moved;
}
