import type { Db } from '../../db/connection.js';
import type { ModelTypesTable } from '../../db/types.js';

export type ModelTypeRow = ModelTypesTable;

/** National types and those of the given provinces (all of them when `provinces` is null). */
export async function listModelTypes(db: Db, provinces: string[] | null, includeRetired: boolean) {
  let q = db.selectFrom('model_types').selectAll();
  if (provinces !== null) {
    q = q.where((eb) => eb.or([eb('province_code', 'is', null), ...(provinces.length ? [eb('province_code', 'in', provinces)] : [])]));
  }
  if (!includeRetired) q = q.where('retired_on', 'is', null);
  return q.orderBy('sort_order').orderBy('name').execute();
}

export async function findModelType(db: Db, code: string) {
  return db.selectFrom('model_types').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function nextSortOrder(db: Db): Promise<number> {
  const r = await db.selectFrom('model_types').select((eb) => eb.fn.max('sort_order').as('m')).executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

export async function insertModelType(db: Db, row: ModelTypeRow): Promise<void> {
  await db.insertInto('model_types').values(row).execute();
}

export async function updateModelType(db: Db, code: string, patch: Partial<ModelTypeRow>): Promise<void> {
  await db.updateTable('model_types').set(patch).where('code', '=', code).execute();
}
