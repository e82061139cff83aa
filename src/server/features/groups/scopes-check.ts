import { expect } from 'vitest';
import type { Db, Engine } from '../../db/connection.js';
import type { GroupScopesTable } from '../../db/types.js';
import { countDeltas, refreshGroupScopes, scopeRowsOf } from './scopes.js';

const order = (rows: GroupScopesTable[]) =>
  rows
    .map((r) => ({ ...r, type_order: Number(r.type_order) }))
    .sort((a, b) => `${a.scope_id} ${a.group_id} ${a.valid_from}`.localeCompare(`${b.scope_id} ${b.group_id} ${b.valid_from}`));

/** For tests: after the marks' refresh, the groups list's table equals its recomputation from the whole registry. */
export async function expectScopesFresh(db: Db, engine: Engine): Promise<void> {
  await refreshGroupScopes(db, engine);
  const ids = (await db.selectFrom('groups').select('id').execute()).map((g) => g.id);
  const actual = await db.selectFrom('group_scopes').selectAll().execute();
  const expected = await scopeRowsOf(db, ids);
  expect(order(actual)).toEqual(order(expected));
  const counts = await db.selectFrom('group_scope_counts').selectAll().where('delta', '<>', 0).execute();
  const stored = new Map(counts.map((c) => [JSON.stringify([c.scope_id, c.status, c.type_code, c.day]), Number(c.delta)]));
  expect(stored).toEqual(new Map([...countDeltas(expected, 1)].filter(([, d]) => d !== 0)));
}
