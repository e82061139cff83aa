import type { Db } from '../../db/connection.js';
import type { RequestContext } from '../../context.js';
import { requirePermission } from '../../auth/guard.js';
import { covers } from '../../auth/scope.js';
import { fail } from '../../lib/errors.js';
import { dayOf } from '../../lib/months.js';
import { unitAt } from '../units/lineage.js';

/** A real calendar day (2018-02-30 is not). */
function isRealDay(day: string): boolean {
  const t = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(day);
}

/**
 * The area of a census, named by its code on the boundaries' day (the census's own day unless
 * another is asked), and the caller's right to read it: `groups.read` over an area of their scope.
 * A scope reaches the areas it holds and those it was formed from, whenever they were valid, so
 * the staff of a province that ended still read its census in its own boundaries. Who may read a
 * census may also mark it as reported and see its reports.
 */
export async function censusArea(db: Db, ctx: RequestContext, unitCode: string | undefined, date: string, boundaries?: string) {
  const actor = requirePermission(ctx, 'groups.read');
  const day = dayOf(date);
  if (!isRealDay(day) || (boundaries !== undefined && !isRealDay(boundaries))) fail('VALIDATION_FAILED');
  const on = boundaries ?? day;
  const unit = unitCode ? await unitAt(db, unitCode, on) : null;
  if (unitCode && !unit) fail('UNIT_NOT_FOUND');
  if (unit ? !covers(actor.scope, unit.path) : actor.scope.path !== null) fail('OUT_OF_SCOPE');
  return { actor, day, on, unit: unit ?? null };
}
