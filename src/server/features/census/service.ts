import type { Deps, RequestContext } from '../../context.js';
import type { Census, CensusRow } from '../../../shared/census.js';
import { requirePermission } from '../../auth/guard.js';
import { covers } from '../../auth/scope.js';
import { writeAudit } from '../../audit/service.js';
import { fail } from '../../lib/errors.js';
import { childrenAt, predecessorsByShare, unitAt } from '../units/lineage.js';
import { cellsFromRegistry, cellsFromSeries, type CensusCell } from './queries.js';
import { refreshCensus } from './series.js';
import { dayOf } from '../../lib/months.js';
import { censusSentence } from './sentence.js';
import { sheet, writeSheets } from '../../lib/spreadsheet/write.js';
import { today } from '../../lib/clock.js';
import type { CensusDocumentQuery } from '../../../shared/census.js';
import type { ReportArea } from '../../../shared/census-report.js';
import { censusDocument, reportHeading } from './document.js';


/**
 * The census: per model type, the groups standing on a date in an area, their members and
 * model sites; the same per sub-area of that date; and the sentence a report carries. An area
 * formed by a reform also counts what lay in the units that went into it whole, shown apart in
 * the breakdown. A group of a split commune whose village awaits placement counts once: in the
 * province (on the line of no commune), and in no successor, which sees it apart as `awaiting`.
 */
export function createCensusService(deps: Deps) {
  const { db, engine } = deps;

  /**
   * Inside a commune (or a village) the registry is read directly: a few hundred groups at most,
   * and the breakdown is by village. Above it, the series per commune gives the same counts
   * without walking every group and membership.
   */
  async function cellsAt(prefixes: string[] | null, level: string | null, day: string): Promise<CensusCell[]> {
    if (level === 'commune' || level === 'village') return cellsFromRegistry(db, prefixes!.map(lastId), day);
    await refreshCensus(db, engine);
    return cellsFromSeries(db, prefixes, day);
  }

  /** A census that left the system as a file: who took it, of which area and date, how many rows. */
  async function auditExport(ctx: RequestContext, action: string, unitCode: string | undefined, date: string, c: Census) {
    const unit = unitCode ? await unitAt(db, unitCode, dayOf(date)) : undefined;
    await writeAudit(db, deps, ctx, {
      action,
      entityType: 'census',
      entityId: unit?.id ?? null,
      areaPath: unit?.path ?? null,
      provinceCode: unit?.province_code ?? null,
      after: { unit: c.unit?.code ?? null, date, rows: c.rows.length, areas: c.breakdown.length },
    });
  }

  const service = {
    async census(ctx: RequestContext, unitCode: string | undefined, date: string): Promise<Census> {
      const actor = requirePermission(ctx, 'groups.read');
      const day = dayOf(date);
      const month = date.length === 7;
      if (Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || !new Date(`${day}T00:00:00Z`).toISOString().startsWith(day)) fail('VALIDATION_FAILED');
      const unit = unitCode ? await unitAt(db, unitCode, day) : null;
      if (unitCode && !unit) fail('UNIT_NOT_FOUND');
      if (unit ? !covers(actor.scope, unit.path) : actor.scope.path !== null) fail('OUT_OF_SCOPE');
      const lineage = unit ? await predecessorsByShare(db, unit.id) : null;
      const prefixes = unit ? [unit.path, ...lineage!.whole] : null;
      const cells = await cellsAt(prefixes, unit?.level ?? null, day);
      const pending = lineage && lineage.shared.length > 0 ? await cellsAt(lineage.shared, unit!.level, day) : [];
      const types = await db
        .selectFrom('model_types')
        .select(['code', 'name', 'report_noun', 'counts_members', 'built_in', 'province_code', 'retired_on'])
        .orderBy('sort_order')
        .execute();
      // Rows for the types in use on the date: national and built-in ones, and any with groups here.
      const counted = new Set([...cells, ...pending].map((c) => c.type_code));
      const shown = types.filter((t) => counted.has(t.code) || (t.province_code === null && (t.retired_on === null || t.retired_on > day)));

      const tally = (subset: CensusCell[]): (CensusRow & { reportNoun: string })[] => {
        const sums = new Map<string, { groups: number; members: number; sites: number }>();
        for (const c of subset) {
          const s = sums.get(c.type_code);
          if (s) {
            s.groups += c.groups;
            s.members += c.members;
            s.sites += c.sites;
          } else sums.set(c.type_code, { groups: c.groups, members: c.members, sites: c.sites });
        }
        return shown.map((t) => {
          const s = sums.get(t.code);
          return {
            type: { code: t.code, name: t.name },
            reportNoun: t.report_noun,
            groups: s?.groups ?? 0,
            members: t.counts_members === 1 ? (s?.members ?? 0) : null,
            sites: s?.sites ?? 0,
          };
        });
      };
      const rows = tally(cells);

      // Each cell goes to the sub-area its path passes through; cells of the area itself come
      // first, under its own name (a commune's civil defence team); the rest lie in units the
      // area was formed from and are not placed yet.
      const children = await childrenAt(db, unit?.id ?? null, day);
      const depth = unit ? unit.path.length : 1;
      const buckets = new Map<string, CensusCell[]>(children.map((c) => [c.path, []]));
      const own: CensusCell[] = [];
      const unsettled: CensusCell[] = [];
      for (const c of cells) {
        if (unit && c.path === unit.path) own.push(c);
        else (buckets.get(c.path.slice(0, c.path.indexOf('/', depth) + 1)) ?? unsettled).push(c);
      }
      const breakdown: Census['breakdown'] = [];
      if (own.length > 0) breakdown.push({ unit: { code: unit!.code, name: unit!.name }, rows: tally(own).map(strip) });
      for (const child of children) breakdown.push({ unit: { code: child.code, name: child.name }, rows: tally(buckets.get(child.path)!).map(strip) });
      if (unsettled.length > 0) breakdown.push({ unit: null, rows: tally(unsettled).map(strip) });

      return {
        unit: unit ? { code: unit.code, name: unit.name } : null,
        date,
        rows: rows.map(strip),
        breakdown,
        ...(lineage && lineage.shared.length > 0 ? { awaiting: tally(pending).map(strip) } : {}),
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
      await auditExport(ctx, 'census.export_xlsx', unitCode, date, c);
      return { file, name: `thong-ke-mo-hinh-${c.unit?.code ?? 'toan-quoc'}-${date}.xlsx` };
    },

    /**
     * The census as a report in the state document format (.docx): the header the user chose,
     * with defaults from the area (its People's Committee, its name as the place) and today.
     */
    async exportDocx(ctx: RequestContext, query: CensusDocumentQuery): Promise<{ file: Buffer; name: string }> {
      const c = await service.census(ctx, query.unit, query.date);
      let area: (ReportArea & { level: string; parent_id: string | null }) | undefined = query.unit ? await unitAt(db, query.unit, dayOf(query.date)) : undefined;
      // A village has no People's Committee: its commune issues the report.
      if (area?.level === 'village' && area.parent_id) {
        area = await db.selectFrom('units').select(['kind', 'name', 'level', 'parent_id']).where('id', '=', area.parent_id).executeTakeFirst();
      }
      const file = await censusDocument(c, reportHeading(area ?? null, query, today(deps.clock)));
      await auditExport(ctx, 'census.export_docx', query.unit, query.date, c);
      return { file, name: `bao-cao-mo-hinh-${c.unit?.code ?? 'toan-quoc'}-${query.date}.docx` };
    },
  };
  return service;
}

/** `/a/b/c/` → `c`: a path ends with the unit's own id. */
function lastId(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts[parts.length - 1]!;
}

function strip(r: CensusRow & { reportNoun: string }): CensusRow {
  const { reportNoun: _r, ...rest } = r;
  return rest;
}
