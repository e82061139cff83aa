import type { Deps } from '../../context.js';
import { today } from '../../lib/clock.js';
import { validAt } from './queries.js';

/** The unit that carries this code today (codes are reused across periods). */
export async function findOpenUnitByCode(deps: Deps, code: string) {
  return deps.db
    .selectFrom('units')
    .selectAll()
    .where('code', '=', code)
    .where((eb) => validAt(eb.ref('valid_from'), eb.ref('valid_to'), today(deps.clock)))
    .executeTakeFirst();
}
