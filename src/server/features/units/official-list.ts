import { z } from 'zod';
import type { Deps, RequestContext } from '../../context.js';
import { writeAudit } from '../../audit/service.js';
import { fail } from '../../lib/errors.js';
import { uuidv7 } from '../../lib/ids.js';
import { nfc } from '../../lib/text.js';
import { unitKindsByLevel, type UnitLevel } from '../../../shared/units.js';
import { requiredText } from '../../../shared/text.js';
import type { UnitRow } from './queries.js';
import { newUnitRow } from './rows.js';
import { insertInChunks, type Progress } from './import-support.js';

/**
 * The GSO list does not say since when each unit exists; its units are recorded as valid
 * from this date ("before records begin") until a later event ends them.
 */
export const OFFICIAL_LIST_FROM = '1900-01-01';

// Names as every other name: no control or direction characters, zero-width ones removed (shared/text.ts).
const name = requiredText(200);
const level3 = z.object({ level3_id: z.string().regex(/^\d{5}$/), name, type: z.string() });
const level2 = z.object({ level2_id: z.string().regex(/^\d{3}$/), name, type: z.string(), level3s: z.array(level3) });
const level1 = z.object({ level1_id: z.string().regex(/^\d{2}$/), name, type: z.string(), level2s: z.array(level2) });
export const officialList = z.object({ data: z.array(level1).min(1) });
export type OfficialList = z.infer<typeof officialList>;

export interface LoadResult {
  added: number;
  unchanged: number;
}

function checkKind(kind: string, level: UnitLevel, code: string): string {
  const clean = nfc(kind);
  if (!unitKindsByLevel[level].includes(clean)) {
    fail('IMPORT_INVALID_FILE', {
      reason: { vi: `đơn vị ${code} có loại "${clean}" không thuộc cấp của nó`, en: `unit ${code} has kind "${clean}", which is not of its level` },
    });
  }
  return clean;
}

/**
 * Loads provinces of the official list (all of them when `provinceCodes` is absent). Units
 * already present with the same code and start are left as they are, so loading twice
 * changes nothing. All or nothing.
 */
export async function loadOfficialList(
  deps: Deps,
  list: OfficialList,
  provinceCodes?: string[],
  options: { ctx?: RequestContext | null; source?: { name: string; hash: string }; progress?: Progress } = {},
): Promise<LoadResult> {
  const progress = options.progress ?? (() => {});
  const seen = new Set<string>();
  for (const p of list.data) {
    for (const code of [p.level1_id, ...p.level2s.flatMap((d) => [d.level2_id, ...d.level3s.map((c) => c.level3_id)])]) {
      if (seen.has(code)) fail('IMPORT_DUPLICATE_CODE', { code });
      seen.add(code);
    }
  }
  const now = deps.clock.now().toISOString();
  const result: LoadResult = { added: 0, unchanged: 0 };
  await deps.db.transaction().execute(async (trx) => {
    const existing = new Map(
      (await trx.selectFrom('units').select(['id', 'code', 'path']).where('valid_from', '=', OFFICIAL_LIST_FROM).where('level', '!=', 'village').execute()).map((u) => [
        u.code,
        u,
      ]),
    );
    const batch: UnitRow[] = [];
    const add = (code: string, name: string, kind: string, level: UnitLevel, parent: { id: string; path: string } | null, province: string) => {
      const found = existing.get(code);
      if (found) {
        result.unchanged++;
        return found;
      }
      const row = newUnitRow({
        code,
        name,
        kind: checkKind(kind, level, code),
        level,
        parent: parent ? { id: parent.id, path: parent.path, province_code: province } : null,
        validFrom: OFFICIAL_LIST_FROM,
        provinceCode: province,
        now,
      });
      batch.push(row);
      result.added++;
      return row;
    };
    for (const p of list.data) {
      if (provinceCodes && !provinceCodes.includes(p.level1_id)) continue;
      const province = add(p.level1_id, p.name, p.type, 'province', null, p.level1_id);
      for (const d of p.level2s) {
        const district = add(d.level2_id, d.name, d.type, 'district', province, p.level1_id);
        for (const c of d.level3s) add(c.level3_id, c.name, c.type, 'commune', district, p.level1_id);
      }
    }
    // Parents come before children in the batch, so foreign keys hold row by row.
    await insertInChunks(trx, 'units', batch, (done) => progress('units', done, batch.length));
    if (options.source && result.added > 0) {
      const eventId = uuidv7();
      await trx
        .insertInto('unit_events')
        .values({
          id: eventId,
          kind: 'official_list',
          effective_date: OFFICIAL_LIST_FROM,
          source_name: options.source.name,
          source_hash: options.source.hash,
          summary_json: JSON.stringify(result),
          created_by: options.ctx?.actor?.id ?? null,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['kind', 'source_hash']).doNothing())
        .execute();
      await writeAudit(trx, deps, options.ctx ?? null, {
        action: 'unit.import_list',
        entityType: 'unit_event',
        entityId: eventId,
        areaPath: null,
        after: { source: options.source.name, ...result },
      });
    }
  });
  return result;
}
