import type { Deps, RequestContext } from '../../context.js';
import type { Census, CensusRow } from '../../../shared/census.js';
import { requirePermission } from '../../auth/guard.js';
import { covers } from '../../auth/scope.js';
import { fail } from '../../lib/errors.js';
import { childrenAt, predecessorPaths, unitAt } from '../units/lineage.js';
import { groupsStandingAt } from './queries.js';
import { censusSentence } from './sentence.js';

/** "2018-04" → its last day; a day stays itself. */
function dayOf(date: string): { day: string; month: boolean } {
  if (date.length === 10) return { day: date, month: false };
  const [y, m] = date.split('-').map(Number);
  // Day 0 of the next month is the last day of this one.
  return { day: new Date(Date.UTC(y!, m!, 0)).toISOString().slice(0, 10), month: true };
}

/**
 * The census: per model type, the groups standing on a date in an area, their members and
 * model sites; the same per sub-area of that date; and the sentence a report carries. An area
 * formed by a reform also counts what lay in the units it was formed from (groups of split
 * communes not yet placed), shown apart in the breakdown.
 */
export function createCensusService(deps: Deps) {
  const { db } = deps;

  return {
    async census(ctx: RequestContext, unitCode: string | undefined, date: string): Promise<Census> {
      const actor = requirePermission(ctx, 'groups.read');
      const { day, month } = dayOf(date);
      if (Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || !new Date(`${day}T00:00:00Z`).toISOString().startsWith(day)) fail('VALIDATION_FAILED');
      const unit = unitCode ? await unitAt(db, unitCode, day) : null;
      if (unitCode && !unit) fail('UNIT_NOT_FOUND');
      if (unit ? !covers(actor.scope, unit.path) : actor.scope.path !== null) fail('OUT_OF_SCOPE');
      const prefixes = unit ? [unit.path, ...(await predecessorPaths(db, unit.id))] : null;
      const groups = await groupsStandingAt(db, prefixes, day);
      const types = await db
        .selectFrom('model_types')
        .select(['code', 'name', 'report_noun', 'counts_members', 'built_in', 'province_code', 'retired_on'])
        .orderBy('sort_order')
        .execute();
      // Rows for the types in use on the date: national and built-in ones, and any with groups here.
      const counted = new Set(groups.map((g) => g.type_code));
      const shown = types.filter((t) => counted.has(t.code) || (t.province_code === null && (t.retired_on === null || t.retired_on > day)));

      const tally = (subset: typeof groups): (CensusRow & { reportNoun: string })[] =>
        shown.map((t) => {
          const of = subset.filter((g) => g.type_code === t.code);
          return {
            type: { code: t.code, name: t.name },
            reportNoun: t.report_noun,
            groups: of.length,
            members: t.counts_members === 1 ? of.reduce((n, g) => n + Number(g.members ?? 0), 0) : null,
            sites: new Set(of.map((g) => g.unit_id)).size,
          };
        });
      const rows = tally(groups);

      const children = await childrenAt(db, unit?.id ?? null, day);
      const placed = new Set<string>();
      const breakdown: Census['breakdown'] = children.map((c) => {
        const inside = groups.filter((g) => g.path.startsWith(c.path));
        inside.forEach((g) => placed.add(g.id));
        return { unit: { code: c.code, name: c.name }, rows: tally(inside).map(strip) };
      });
      const unsettled = groups.filter((g) => !placed.has(g.id));
      if (unsettled.length > 0) breakdown.push({ unit: null, rows: tally(unsettled).map(strip) });

      return {
        unit: unit ? { code: unit.code, name: unit.name } : null,
        date,
        rows: rows.map(strip),
        breakdown,
        sentence: censusSentence(rows, unit?.kind ?? null, day, month),
      };
    },
  };
}

function strip(r: CensusRow & { reportNoun: string }): CensusRow {
  const { reportNoun: _r, ...rest } = r;
  return rest;
}
