import type { Deps, RequestContext } from '../../context.js';
import type { Census, CensusRow } from '../../../shared/census.js';
import { requirePermission } from '../../auth/guard.js';
import { covers } from '../../auth/scope.js';
import { fail } from '../../lib/errors.js';
import { childrenAt, predecessorPaths, unitAt } from '../units/lineage.js';
import { groupsStandingAt } from './queries.js';
import { censusSentence } from './sentence.js';
import { sheet, writeSheets } from '../../lib/spreadsheet/write.js';

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

  const service = {
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

    /** The census as an .xlsx workbook: the sentence and the table per type, then the breakdown. */
    async exportXlsx(ctx: RequestContext, unitCode: string | undefined, date: string): Promise<{ file: Buffer; name: string }> {
      const c = await service.census(ctx, unitCode, date);
      const area = c.unit?.name ?? 'Toàn quốc';
      const title = `THỐNG KÊ MÔ HÌNH TỰ QUẢN VỀ AN NINH, TRẬT TỰ — ${area.toLocaleUpperCase('vi')}`;
      const typeColumns = c.rows.flatMap((r) => [
        { header: `${r.type.name}: số tổ, đội`, width: 16, value: (b: Census['breakdown'][number]) => b.rows.find((x) => x.type.code === r.type.code)?.groups ?? 0, format: '#,##0' },
        ...(r.members !== null
          ? [{ header: `${r.type.name}: thành viên`, width: 16, value: (b: Census['breakdown'][number]) => b.rows.find((x) => x.type.code === r.type.code)?.members ?? 0, format: '#,##0' }]
          : []),
      ]);
      const file = await writeSheets([
        sheet<Census['rows'][number]>(
          'Tổng hợp',
          `${title}. ${c.sentence}`,
          [
            { header: 'Loại mô hình', width: 30, value: (r) => r.type.name },
            { header: 'Số tổ, đội', width: 14, value: (r) => r.groups, format: '#,##0' },
            { header: 'Số thành viên', width: 14, value: (r) => r.members, format: '#,##0' },
            { header: 'Số điểm mô hình', width: 16, value: (r) => r.sites, format: '#,##0' },
          ],
          c.rows,
        ),
        sheet<Census['breakdown'][number]>(
          'Theo địa bàn',
          `${title} — theo địa bàn`,
          [{ header: 'Địa bàn', width: 34, value: (b) => b.unit?.name ?? 'Chưa xác định xã/phường' }, ...typeColumns],
          c.breakdown,
        ),
      ]);
      return { file, name: `thong-ke-mo-hinh-${c.unit?.code ?? 'toan-quoc'}-${date}.xlsx` };
    },
  };
  return service;
}

function strip(r: CensusRow & { reportNoun: string }): CensusRow {
  const { reportNoun: _r, ...rest } = r;
  return rest;
}
