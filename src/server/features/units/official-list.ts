import { z } from 'zod';
import type { Deps } from '../../context.js';
import { uuidv7 } from '../../lib/ids.js';
import { nfc, searchKey } from '../../lib/text.js';
import type { UnitLevel } from '../../../shared/units.js';
import type { UnitRow } from './queries.js';

/**
 * The GSO list does not say since when each unit exists; its units are recorded as valid
 * from this date ("before records begin") until a later event ends them.
 */
export const OFFICIAL_LIST_FROM = '1900-01-01';

const level3 = z.object({ level3_id: z.string(), name: z.string(), type: z.string() });
const level2 = z.object({ level2_id: z.string(), name: z.string(), type: z.string(), level3s: z.array(level3) });
const level1 = z.object({ level1_id: z.string(), name: z.string(), type: z.string(), level2s: z.array(level2) });
export const officialList = z.object({ data: z.array(level1) });
export type OfficialList = z.infer<typeof officialList>;

export interface LoadResult {
  added: number;
  unchanged: number;
}

/**
 * Loads provinces of the official list (all of them when `provinceCodes` is absent). Units
 * already present with the same code and start are left as they are, so loading twice
 * changes nothing.
 */
export async function loadOfficialList(deps: Deps, list: OfficialList, provinceCodes?: string[]): Promise<LoadResult> {
  const now = deps.clock.now().toISOString();
  const result: LoadResult = { added: 0, unchanged: 0 };
  await deps.db.transaction().execute(async (trx) => {
    const existing = new Map(
      (await trx.selectFrom('units').select(['id', 'code', 'path']).where('valid_from', '=', OFFICIAL_LIST_FROM).execute()).map((u) => [
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
      const id = uuidv7();
      const clean = nfc(name);
      const row: UnitRow = {
        id,
        code,
        name: clean,
        name_search: searchKey(clean),
        kind: nfc(kind),
        level,
        parent_id: parent?.id ?? null,
        path: `${parent?.path ?? '/'}${id}/`,
        valid_from: OFFICIAL_LIST_FROM,
        valid_to: null,
        province_code: province,
        population: null,
        created_at: now,
        updated_at: now,
      };
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
    for (let i = 0; i < batch.length; i += 500) {
      await trx.insertInto('units').values(batch.slice(i, i + 500)).execute();
    }
  });
  return result;
}
