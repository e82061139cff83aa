import type { Deps, RequestContext } from '../../context.js';
import { writeAudit } from '../../audit/service.js';
import { today } from '../../lib/clock.js';
import { addDays } from '../../lib/dates.js';
import { fail } from '../../lib/errors.js';
import { SIMPLIFY_BY_LEVEL } from '../../lib/geo/boundaries.js';
import { readBoundaryFile, type FeatureProblem, type Reason } from '../../lib/geo/geojson.js';
import { simplifyMultiPolygon } from '../../lib/geo/simplify.js';
import { isRealDate } from '../../../shared/dates.js';
import type { UnitRow } from '../units/queries.js';
import { replaceBoundaries, unitsWithCodes, unitsWithCodesAt, type UnitBoundaryRow } from './queries.js';

/** A boundary file larger than this is refused before it is read. */
export const BOUNDARY_FILE_LIMIT = 200 * 1024 * 1024;

const LEVELS = ['province', 'district', 'commune', 'village'];

export interface BoundaryImportOutcome {
  /** Units whose boundary was stored, per level. */
  byLevel: Record<string, number>;
  units: number;
  /** Of those, units that had one already (replaced). */
  replaced: number;
  /** The geometries' size as given and as stored (JSON characters). */
  sourceBytes: number;
  storedBytes: number;
}

/** Problems of a file as one error, listing the first of them; the details carry them all. */
function refuse(problems: FeatureProblem[]): never {
  const shown = problems.slice(0, 10);
  const line = (p: FeatureProblem, lang: keyof Reason) =>
    p.index === null
      ? p.reason[lang]
      : lang === 'vi'
        ? `đối tượng ${p.index}${p.code ? ` (mã ${p.code})` : ''}: ${p.reason.vi}`
        : `feature ${p.index}${p.code ? ` (code ${p.code})` : ''}: ${p.reason.en}`;
  const more = problems.length - shown.length;
  fail(
    'IMPORT_INVALID_FILE',
    {
      reason: {
        vi: `${problems.length} lỗi, không lưu ranh giới nào. ${shown.map((p) => line(p, 'vi')).join('; ')}${more > 0 ? `; và ${more} lỗi khác` : ''}.`,
        en: `${problems.length} problem${problems.length === 1 ? '' : 's'}, no boundary stored. ${shown.map((p) => line(p, 'en')).join('; ')}${more > 0 ? `; and ${more} more` : ''}.`,
      },
    },
    { problems: problems.map((p) => ({ index: p.index, code: p.code, vi: line(p, 'vi'), en: line(p, 'en') })) },
  );
}

/** 2025-06-30 → 30/6/2025. */
const viDay = (d: string) => d.split('-').reverse().map((x, i) => (i < 2 ? String(Number(x)) : x)).join('/');

/** Why no unit carries this code on this day: none ever did, or the periods of those that did. */
function unknownCode(code: string, day: string, others: UnitRow[]): Reason {
  if (others.length === 0) return { vi: `không có đơn vị nào mang mã ${code}`, en: `no unit has code ${code}` };
  const periods = others.map((u) => ({
    vi: `${u.name} từ ${viDay(u.valid_from)}${u.valid_to ? ` đến hết ${viDay(addDays(u.valid_to, -1))}` : ''}`,
    en: `${u.name} from ${u.valid_from}${u.valid_to ? ` until ${addDays(u.valid_to, -1)}` : ''}`,
  }));
  return {
    vi: `không có đơn vị nào mang mã ${code} vào ngày ${viDay(day)} (mã này là ${periods.map((p) => p.vi).join('; ')}); ghi properties.validOn hoặc --date`,
    en: `no unit has code ${code} on ${day} (the code is ${periods.map((p) => p.en).join('; ')}); give properties.validOn or --date`,
  };
}

/**
 * Imports a boundary file (GeoJSON, see lib/geo/geojson.ts): every feature checked (its unit
 * valid with that code on its day, coordinates inside Vietnam, rings closed); any problem refuses
 * the whole file and stores nothing. Each geometry is simplified for its unit's level and stored
 * under the unit's id, replacing any boundary it had, with the file's name and the time; one
 * audit row (`unit.import_boundaries`) records what was stored. `ctx` is null from the command line.
 */
export async function importBoundaries(
  deps: Deps,
  ctx: RequestContext | null,
  text: string,
  fileName: string,
  options: { date?: string } = {},
): Promise<BoundaryImportOutcome> {
  if (Buffer.byteLength(text) > BOUNDARY_FILE_LIMIT) {
    refuse([{ index: null, code: null, reason: { vi: `tệp lớn hơn ${BOUNDARY_FILE_LIMIT / 1024 / 1024} MB`, en: `the file is larger than ${BOUNDARY_FILE_LIMIT / 1024 / 1024} MB` } }]);
  }
  const day = options.date ?? today(deps.clock);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !isRealDate(day)) {
    refuse([{ index: null, code: null, reason: { vi: `ngày "${day}" không phải ngày YYYY-MM-DD`, en: `"${day}" is not a day YYYY-MM-DD` } }]);
  }
  const { features, problems } = readBoundaryFile(text, day);

  // The unit of each feature: the one carrying its code on its day.
  const byDay = new Map<string, string[]>();
  for (const f of features) (byDay.get(f.validOn) ?? byDay.set(f.validOn, []).get(f.validOn)!).push(f.code);
  const found = new Map<string, UnitRow>();
  for (const [d, codes] of byDay) {
    const rows = await unitsWithCodesAt(deps.db, codes, d);
    rows.sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level));
    for (const u of rows.reverse()) found.set(`${u.code} ${d}`, u);
  }
  const missing = features.filter((f) => !found.has(`${f.code} ${f.validOn}`));
  const elsewhere = missing.length > 0 ? await unitsWithCodes(deps.db, missing.map((f) => f.code)) : [];
  const taken = new Map<string, number>();
  const planned: { unit: UnitRow; row: UnitBoundaryRow }[] = [];
  const now = deps.clock.now().toISOString();
  for (const f of features) {
    const unit = found.get(`${f.code} ${f.validOn}`);
    if (!unit) {
      problems.push({ index: f.index, code: f.code, reason: unknownCode(f.code, f.validOn, elsewhere.filter((u) => u.code === f.code)) });
      continue;
    }
    if (taken.has(unit.id)) {
      problems.push({ index: f.index, code: f.code, reason: { vi: `cùng đơn vị ${unit.name} với đối tượng ${taken.get(unit.id)}`, en: `the same unit (${unit.name}) as feature ${taken.get(unit.id)}` } });
      continue;
    }
    taken.set(unit.id, f.index);
    const { tolerance, decimals } = SIMPLIFY_BY_LEVEL[unit.level] ?? SIMPLIFY_BY_LEVEL.commune!;
    const geometry = JSON.stringify(simplifyMultiPolygon(f.geometry, tolerance, decimals));
    planned.push({
      unit,
      row: {
        unit_id: unit.id,
        province_code: unit.province_code,
        geometry,
        source_name: fileName.slice(0, 255),
        source_bytes: JSON.stringify(f.geometry).length,
        stored_bytes: geometry.length,
        imported_at: now,
      },
    });
  }
  if (problems.length > 0) refuse(problems.sort((a, b) => (a.index ?? -1) - (b.index ?? -1)));

  const byLevel: Record<string, number> = {};
  for (const { unit } of planned) byLevel[unit.level] = (byLevel[unit.level] ?? 0) + 1;
  const outcome: BoundaryImportOutcome = {
    byLevel,
    units: planned.length,
    replaced: 0,
    sourceBytes: planned.reduce((n, p) => n + p.row.source_bytes, 0),
    storedBytes: planned.reduce((n, p) => n + p.row.stored_bytes, 0),
  };
  await deps.db.transaction().execute(async (trx) => {
    outcome.replaced = await replaceBoundaries(trx, planned.map((p) => p.row));
    await writeAudit(trx, deps, ctx, {
      action: 'unit.import_boundaries',
      entityType: 'unit_boundaries',
      entityId: null,
      areaPath: null,
      after: { file: fileName, ...outcome, codes: planned.slice(0, 200).map((p) => p.unit.code) },
    });
  });
  return outcome;
}
