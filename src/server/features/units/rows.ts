import { uuidv7 } from '../../lib/ids.js';
import { nfc, searchKey } from '../../lib/text.js';
import type { UnitRow } from './queries.js';

/** A new unit row under `parent` (or at the top): its path, search key and province follow from them. */
export function newUnitRow(u: {
  code: string;
  name: string;
  kind: string;
  level: string;
  parent: Pick<UnitRow, 'id' | 'path' | 'province_code'> | null;
  validFrom: string;
  validTo?: string | null;
  provinceCode?: string | null;
  population?: number | null;
  now: string;
}): UnitRow {
  const id = uuidv7();
  const name = nfc(u.name);
  return {
    id,
    code: u.code,
    name,
    name_search: searchKey(name),
    kind: u.kind,
    level: u.level,
    parent_id: u.parent?.id ?? null,
    path: `${u.parent?.path ?? '/'}${id}/`,
    valid_from: u.validFrom,
    valid_to: u.validTo ?? null,
    province_code: u.provinceCode !== undefined ? u.provinceCode : (u.parent?.province_code ?? null),
    population: u.population ?? null,
    created_at: u.now,
    updated_at: u.now,
  };
}
