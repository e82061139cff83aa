import type { Deps, RequestContext } from '../../context.js';
import type { CensusReport, CensusReportBody, CensusReportsQuery } from '../../../shared/census.js';
import { writeAudit } from '../../audit/service.js';
import { today } from '../../lib/clock.js';
import { fail } from '../../lib/errors.js';
import { uuidv7 } from '../../lib/ids.js';
import { dayOf } from '../../lib/months.js';
import { censusArea } from './area.js';
import { findCensusReport, findReported, insertCensusReport, listCensusReports, lockReports } from './queries.js';

/**
 * Censuses that left the system: marked as reported by an officer, or exported as a file (see
 * auditExport). A row means "the census of this area on this day was given out"; a later change
 * that alters it is then flagged to whoever makes it.
 */
export function createCensusReportsService(deps: Deps) {
  const { db, engine, clock } = deps;

  return {
    /** "Đánh dấu đã báo cáo": one row per area and day, however often it is sent. */
    async markReported(ctx: RequestContext, body: CensusReportBody): Promise<{ created: boolean; id: string; createdAt: string }> {
      const { actor, day, unit } = await censusArea(db, ctx, body.unit, body.date, body.boundaries);
      return db.transaction().execute(async (trx) => {
        await lockReports(trx, engine);
        const existing = await findReported(trx, unit?.id ?? null, day);
        if (existing) return { created: false, id: existing.id, createdAt: existing.created_at };
        const row = {
          id: uuidv7(),
          unit_id: unit?.id ?? null,
          area_path: unit?.path ?? null,
          province_code: unit?.province_code ?? null,
          census_date: day,
          kind: 'reported' as const,
          created_by: actor.id,
          created_at: clock.now().toISOString(),
        };
        await insertCensusReport(trx, row);
        await writeAudit(trx, deps, ctx, {
          action: 'census.mark_reported',
          entityType: 'census',
          entityId: unit?.id ?? null,
          areaPath: unit?.path ?? null,
          provinceCode: unit?.province_code ?? null,
          after: { unit: unit?.code ?? null, date: body.date, censusDate: day },
        });
        return { created: true, id: row.id, createdAt: row.created_at };
      });
    },

    /** The reports and exports of an area and its sub-areas, newest first, a page at a time. */
    async list(ctx: RequestContext, q: CensusReportsQuery): Promise<{ items: CensusReport[]; next: string | null }> {
      const { actor, unit } = await censusArea(db, ctx, q.unit, q.date ?? today(clock), q.on);
      const after = q.after ? ((await findCensusReport(db, q.after)) ?? fail('VALIDATION_FAILED')) : undefined;
      const rows = await listCensusReports(db, actor.scope, { path: unit?.path ?? null, day: q.date ? dayOf(q.date) : undefined, after, limit: q.limit });
      const page = rows.slice(0, q.limit);
      return {
        items: page.map((r) => ({
          id: r.id,
          kind: r.kind,
          unit: r.code && r.name ? { code: r.code, name: r.name } : null,
          censusDate: r.census_date,
          createdAt: r.created_at,
          createdBy: { username: r.username, fullName: r.full_name },
          here: r.unit_id === (unit?.id ?? null),
        })),
        next: rows.length > q.limit ? page.at(-1)!.id : null,
      };
    },
  };
}
