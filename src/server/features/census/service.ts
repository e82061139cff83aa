import type { Deps, RequestContext } from '../../context.js';
import { censusLineLabel, type Census, type CensusQuery, type CensusRow } from '../../../shared/census.js';
import { writeAudit } from '../../audit/service.js';
import { childrenAt, predecessorsByShare, unitAt, wholeSuccessorAmong } from '../units/lineage.js';
import { cellsFromRegistry, cellsFromSeries, censusTypes, insertCensusReport, type CensusCell, type CensusType } from './queries.js';
import { censusAcross, OWN } from './boundaries.js';
import { censusArea } from './area.js';
import { createCensusReportsService } from './reports.js';
import type { UnitRow } from '../units/queries.js';
import { villageLabels } from '../units/village-labels.js';

type Named = Pick<UnitRow, 'id' | 'code' | 'name' | 'level'>;
import { uuidv7 } from '../../lib/ids.js';
import { ensureFresh } from '../../derived/refresh.js';
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
    await ensureFresh(deps, 'census');
    return cellsFromSeries(db, prefixes, day);
  }

  /**
   * A census that left the system as a file: the audit row (who took it, of which area and date,
   * how many rows) and, in the same transaction, the census recorded as exported, so that a later
   * change to it is flagged (census_reports).
   */
  async function auditExport(ctx: RequestContext, action: string, query: CensusQuery, c: Census) {
    const unit = query.unit ? await unitAt(db, query.unit, c.boundaries) : undefined;
    const actor = ctx.actor!;
    await db.transaction().execute(async (trx) => {
      await writeAudit(trx, deps, ctx, {
        action,
        entityType: 'census',
        entityId: unit?.id ?? null,
        areaPath: unit?.path ?? null,
        provinceCode: unit?.province_code ?? null,
        after: { unit: c.unit?.code ?? null, date: query.date, ...(c.boundaries !== dayOf(query.date) ? { boundaries: c.boundaries } : {}), rows: c.rows.length, areas: c.breakdown.length },
      });
      await insertCensusReport(trx, {
        id: uuidv7(),
        unit_id: unit?.id ?? null,
        area_path: unit?.path ?? null,
        province_code: unit?.province_code ?? null,
        census_date: dayOf(query.date),
        kind: 'exported',
        created_by: actor.id,
        created_at: deps.clock.now().toISOString(),
      });
    });
  }

  /**
   * How the census names an area and its sub-areas on a day: a village whose name another village
   * of its commune carries is named with what tells it apart ("Khu phố 1 (Bảo An cũ)"), on the
   * page, in the sheet and in the report alike; the figures are not touched.
   */
  async function namer(unit: Named | null, children: Named[], day: string) {
    const labels = await villageLabels(db, [...(unit ? [unit] : []), ...children].filter((u) => u.level === 'village').map((u) => u.id), day);
    return (u: Named) => ({ code: u.code, name: labels.get(u.id) ?? u.name });
  }

  const modelTypes = () => censusTypes(db);

  /** Sums cells per type, over the types in use on the day (`typesShown`). */
  function tallier(types: CensusType[], day: string, read: CensusCell[]) {
    const shown = typesShown(types, day, new Set(read.map((c) => c.type_code)));
    return (subset: CensusCell[]): (CensusRow & { reportNoun: string })[] => {
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
  }

  /** The census of the registry on `day` in the units of another day (see boundaries.ts). */
  async function censusIn(unit: UnitRow | null, date: string, day: string, on: string): Promise<Census> {
    const across = await censusAcross(db, engine, unit, day, on);
    const all = [...across.counted.map((l) => l.cell), ...across.awaiting];
    const tally = tallier(await modelTypes(), day, all);
    const rows = tally(across.counted.map((l) => l.cell));
    // A place whose groups landed on two lines is a site on each, and once in the whole.
    const sites = new Map<string, number>();
    for (const l of across.counted) if (l.site) sites.set(`${l.site} ${l.cell.type_code}`, (sites.get(`${l.site} ${l.cell.type_code}`) ?? 0) + 1);
    for (const [key, n] of sites) {
      const row = rows.find((r) => r.type.code === key.split(' ')[1]);
      if (row && n > 1) row.sites -= n - 1;
    }
    const lines = new Map<string, CensusCell[]>();
    for (const l of across.counted) (lines.get(l.line) ?? lines.set(l.line, []).get(l.line)!).push(l.cell);
    const childById = new Map(across.children.map((c) => [c.id, c]));
    const named = await namer(unit, across.children, on);
    const name = (line: string) => named(line === OWN ? unit! : childById.get(line)!);
    const breakdown: Census['breakdown'] = [];
    if (lines.has(OWN)) breakdown.push({ unit: named(unit!), rows: tally(lines.get(OWN)!).map(strip) });
    for (const child of across.children) breakdown.push({ unit: named(child), rows: tally(lines.get(child.id) ?? []).map(strip) });
    const inexact = [...across.inexact.entries()].sort(([, a], [, b]) => a.unit.code.localeCompare(b.unit.code));
    for (const [id, { unit: u, among }] of inexact) {
      breakdown.push({
        unit: { code: u.code, name: u.name },
        rows: tally(lines.get(id) ?? []).map(strip),
        inexact: { among: [...among].map(name).sort((a, b) => a.code.localeCompare(b.code)), validFrom: u.valid_from, validTo: u.valid_to },
      });
    }
    return {
      unit: unit ? named(unit) : null,
      date,
      boundaries: on,
      rows: rows.map(strip),
      breakdown,
      ...(across.awaiting.length > 0 ? { awaiting: tally(across.awaiting).map(strip) } : {}),
      sentence: censusSentence(rows, unit?.kind ?? null, day, date.length === 7, on),
    };
  }

  const service = {
    /** Censuses marked as reported or exported (reports.ts). */
    reports: createCensusReportsService(deps),

    /**
     * The census of an area on a date; with `boundaries`, the same registry counted in the units
     * valid on that other day (the area is then named by its code on that day).
     */
    async census(ctx: RequestContext, unitCode: string | undefined, date: string, boundaries?: string): Promise<Census> {
      const { day, on, unit } = await censusArea(db, ctx, unitCode, date, boundaries);
      if (on !== day) return censusIn(unit, date, day, on);
      const month = date.length === 7;
      const lineage = unit ? await predecessorsByShare(db, unit.id) : null;
      const prefixes = unit ? [unit.path, ...lineage!.whole] : null;
      const cells = await cellsAt(prefixes, unit?.level ?? null, day);
      const pending = lineage && lineage.shared.length > 0 ? await cellsAt(lineage.shared, unit!.level, day) : [];
      const tally = tallier(await modelTypes(), day, [...cells, ...pending]);
      const rows = tally(cells);

      // Each cell goes to the sub-area its path passes through; cells of the area itself come
      // first, under its own name (a commune's civil defence team); the rest lie in units the
      // area was formed from and are not placed yet.
      const children = await childrenAt(db, unit?.id ?? null, day);
      const depth = unit ? unit.path.length : 1;
      const buckets = new Map<string, CensusCell[]>(children.map((c) => [c.path, []]));
      const own: CensusCell[] = [];
      const unsettled: CensusCell[] = [];
      const elsewhere: CensusCell[] = [];
      for (const c of cells) {
        if (unit && c.path === unit.path) own.push(c);
        else (buckets.get(c.path.slice(0, c.path.indexOf('/', depth) + 1)) ?? elsewhere).push(c);
      }
      // A cell left in a unit of before a reorganisation belongs to the sub-area that unit (or one
      // above it) went into whole: a village of old Ninh Thuận awaiting placement is new Khánh
      // Hòa's on the national page. Asked only when there is such a cell.
      if (elsewhere.length > 0 && children.length > 0) {
        const above = (path: string) => path.split('/').filter(Boolean);
        const into = await wholeSuccessorAmong(db, [...new Set(elsewhere.flatMap((c) => above(c.path)))], new Set(children.map((c) => c.id)));
        const pathOf = new Map(children.map((c) => [c.id, c.path]));
        for (const c of elsewhere) {
          const owner = above(c.path).find((id) => into.has(id));
          (owner ? buckets.get(pathOf.get(into.get(owner)!)!)! : unsettled).push(c);
        }
      } else unsettled.push(...elsewhere);
      const named = await namer(unit, children, day);
      const breakdown: Census['breakdown'] = [];
      if (own.length > 0) breakdown.push({ unit: named(unit!), rows: tally(own).map(strip) });
      for (const child of children) breakdown.push({ unit: named(child), rows: tally(buckets.get(child.path)!).map(strip) });
      if (unsettled.length > 0) breakdown.push({ unit: null, rows: tally(unsettled).map(strip) });

      return {
        unit: unit ? named(unit) : null,
        date,
        boundaries: day,
        rows: rows.map(strip),
        breakdown,
        ...(lineage && lineage.shared.length > 0 ? { awaiting: tally(pending).map(strip) } : {}),
        sentence: censusSentence(rows, unit?.kind ?? null, day, month),
      };
    },

    /** The census as an .xlsx workbook: the sentence and the table per type, then the breakdown. */
    async exportXlsx(ctx: RequestContext, query: CensusQuery): Promise<{ file: Buffer; name: string }> {
      const c = await service.census(ctx, query.unit, query.date, query.boundaries);
      const date = query.date;
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
          [{ header: 'Địa bàn', width: 34, value: (b) => censusLineLabel(b, c.boundaries) }, ...typeColumns],
          c.breakdown,
        ),
      ]);
      await auditExport(ctx, 'census.export_xlsx', query, c);
      return { file, name: `thong-ke-mo-hinh-${c.unit?.code ?? 'toan-quoc'}-${date}${boundariesTag(c)}.xlsx` };
    },

    /**
     * The census as a report in the state document format (.docx): the header the user chose,
     * with defaults from the area (its People's Committee, its name as the place) and today.
     */
    async exportDocx(ctx: RequestContext, query: CensusDocumentQuery): Promise<{ file: Buffer; name: string }> {
      const c = await service.census(ctx, query.unit, query.date, query.boundaries);
      let area: (ReportArea & { level: string; parent_id: string | null }) | undefined = query.unit ? await unitAt(db, query.unit, c.boundaries) : undefined;
      // A village has no People's Committee: its commune issues the report.
      if (area?.level === 'village' && area.parent_id) {
        area = await db.selectFrom('units').select(['kind', 'name', 'level', 'parent_id']).where('id', '=', area.parent_id).executeTakeFirst();
      }
      const file = await censusDocument(c, reportHeading(area ?? null, query, today(deps.clock)));
      await auditExport(ctx, 'census.export_docx', query, c);
      return { file, name: `bao-cao-mo-hinh-${c.unit?.code ?? 'toan-quoc'}-${query.date}${boundariesTag(c)}.docx` };
    },
  };
  return service;
}

/**
 * The types a census lists on a day, in report order: national ones not retired by then, and
 * any with groups in what was read (`counted`).
 */
export function typesShown(types: CensusType[], day: string, counted: ReadonlySet<string>): CensusType[] {
  return types.filter((t) => counted.has(t.code) || (t.province_code === null && (t.retired_on === null || t.retired_on > day)));
}

/** `/a/b/c/` → `c`: a path ends with the unit's own id. */
function lastId(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts[parts.length - 1]!;
}

/** "-dia-gioi-2018-04-30" in a file's name when the census is counted in another day's units. */
function boundariesTag(c: Census): string {
  return c.boundaries !== dayOf(c.date) ? `-dia-gioi-${c.boundaries}` : '';
}

function strip(r: CensusRow & { reportNoun: string }): CensusRow {
  const { reportNoun: _r, ...rest } = r;
  return rest;
}
