import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import { createTestContext, engines, type TestContext } from '../../test/harness.js';
import { importUnitsFile } from '../units/imports.js';
import { importBoundaries } from './boundary-import.js';

const FIXTURE = readFileSync(resolve('e2e/fixtures/khanh-hoa-communes.geojson'), 'utf8');

type Position = [number, number];
const square = (west: number, south: number, side = 0.02): Position[] => [
  [west, south],
  [west + side, south],
  [west + side, south + side],
  [west, south + side],
  [west, south],
];
const feature = (code: string, ring: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { code, ...extra },
  geometry: { type: 'Polygon', coordinates: [ring] },
});
const file = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

/** The error an import is refused with: its messages in both languages and one line per problem. */
async function refusal(t: TestContext, text: string, options: { date?: string } = {}) {
  try {
    await importBoundaries(t.deps, null, text, 'bad.geojson', options);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.code, vi: error.message_('vi'), en: error.message_('en'), problems: (error.details as { problems: { vi: string; en: string }[] }).problems };
  }
  throw new Error('the import was not refused');
}

describe.each(engines)('import of boundaries (%s)', (engine) => {
  let t: TestContext;
  const stored = async () =>
    (await t.deps.db.selectFrom('unit_boundaries').innerJoin('units', 'units.id', 'unit_boundaries.unit_id').select(['units.code', 'units.valid_from', 'unit_boundaries.geometry', 'unit_boundaries.source_name', 'unit_boundaries.imported_at']).orderBy('units.code').execute());

  beforeAll(async () => {
    t = await createTestContext(engine, { provinces: 'none' });
    await importUnitsFile(t.deps, null, readFileSync(resolve('data/admin-units/vn-units-2025-03-01.json'), 'utf8'), 'list.json');
    await importUnitsFile(t.deps, null, readFileSync(resolve('data/admin-units/vn-reform-2025-07-01.json'), 'utf8'), 'reform.json');
  }, 240_000);
  afterAll(async () => t?.close());

  it("stores a good file's communes under the units valid on the day, simplified, and audits it", async () => {
    const outcome = await importBoundaries(t.deps, null, FIXTURE, 'khanh-hoa-communes.geojson', { date: '2026-01-01' });
    expect(outcome).toMatchObject({ units: 6, replaced: 0, byLevel: { commune: 6 } });
    // The edge's middle point strays 1 m from the line: simplified away.
    expect(outcome.storedBytes).toBeLessThan(outcome.sourceBytes);
    const rows = await stored();
    expect(rows.map((r) => [r.code, r.valid_from])).toEqual(
      ['22738', '22741', '22759', '22780', '22834', '22840'].map((c) => [c, '2025-07-01']),
    );
    const baoAn = rows.find((r) => r.code === '22741')!;
    expect(JSON.parse(baoAn.geometry)).toEqual([[[[108.93, 11.53], [108.98, 11.53], [108.98, 11.58], [108.93, 11.58], [108.93, 11.53]]]]);
    expect(baoAn.source_name).toBe('khanh-hoa-communes.geojson');
    const audit = (await t.auditRows('unit.import_boundaries')).at(-1)!;
    expect(JSON.parse(audit.after_json!)).toMatchObject({ file: 'khanh-hoa-communes.geojson', units: 6, byLevel: { commune: 6 } });
  });

  it('replaces a unit imported again, never adding a second row', async () => {
    const before = await stored();
    t.clock.advance(60_000);
    const moved = file(feature('22741', square(108.91, 11.51)));
    const outcome = await importBoundaries(t.deps, null, moved, 'bao-an.geojson', { date: '2026-01-01' });
    expect(outcome).toMatchObject({ units: 1, replaced: 1 });
    const after = await stored();
    expect(after).toHaveLength(before.length);
    const baoAn = after.find((r) => r.code === '22741')!;
    expect([baoAn.source_name, JSON.parse(baoAn.geometry)[0][0][0]]).toEqual(['bao-an.geojson', [108.91, 11.51]]);
    expect(baoAn.imported_at > before.find((r) => r.code === '22741')!.imported_at).toBe(true);
  });

  it('reads a code on the day given: the old commune that carried it before the reform, by validOn', async () => {
    // 22741 was Phường Phước Mỹ until 30/6/2025.
    const outcome = await importBoundaries(t.deps, null, file(feature('22741', square(108.97, 11.56), { validOn: '2025-03-01' })), 'old.geojson');
    expect(outcome).toMatchObject({ units: 1, replaced: 0 });
    const rows = (await stored()).filter((r) => r.code === '22741');
    expect(rows.map((r) => r.valid_from).sort()).toEqual(['1900-01-01', '2025-07-01']);
  });

  it('refuses the whole file, naming each bad feature by index and code in both languages, and stores nothing', async () => {
    const before = await stored();
    const bad = file(
      feature('22759', square(108.9, 11.6)),
      feature('99999', square(108.9, 11.7)),
      // Phường Bảo An (old, 22744) ended on 1/7/2025.
      feature('22744', square(108.9, 11.8)),
      feature('22780', square(2.35, 48.85)),
      feature('22834', [[109, 11.5], [109.02, 11.5], [109.02, 11.52], [109, 11.52]]),
      feature('22840', [[109, 11.5], [109.02, 11.5], [109, 11.5]]),
      { type: 'Feature', properties: { name: 'no code' }, geometry: { type: 'Polygon', coordinates: [square(109, 11)] } },
      feature('22846', square(109.1, 11.6).map(([x, y]) => [y, x])),
      { type: 'Feature', properties: { code: '22849' }, geometry: { type: 'Point', coordinates: [109, 11.6] } },
      feature('22852', square(109.1, 11.6).map(([x, y], i) => (i === 2 ? ['109.12', y] : [x, y]))),
      feature('22759', square(108.9, 11.6)),
    );
    const r = await refusal(t, bad, { date: '2026-01-01' });
    expect(r.code).toBe('IMPORT_INVALID_FILE');
    expect(r.vi).toMatch(/^Tệp không đúng định dạng: 10 lỗi, không lưu ranh giới nào\. đối tượng 1 \(mã 99999\): không có đơn vị nào mang mã 99999;/);
    expect(r.en).toMatch(/^The file is not in the expected format: 10 problems, no boundary stored\. feature 1 \(code 99999\): no unit has code 99999;/);
    expect(r.problems.map((p) => p.vi)).toEqual([
      'đối tượng 1 (mã 99999): không có đơn vị nào mang mã 99999',
      'đối tượng 2 (mã 22744): không có đơn vị nào mang mã 22744 vào ngày 1/1/2026 (mã này là Phường Bảo An từ 1/1/1900 đến hết 30/6/2025); ghi properties.validOn hoặc --date',
      'đối tượng 3 (mã 22780): vòng 0, điểm 0 (2.35, 48.85) nằm ngoài lãnh thổ Việt Nam (kinh độ 102–118, vĩ độ 6–24; tọa độ phải là WGS84 [kinh độ, vĩ độ])',
      'đối tượng 4 (mã 22834): vòng 0 không khép kín (điểm cuối phải trùng điểm đầu)',
      'đối tượng 5 (mã 22840): vòng 0 có 3 điểm, cần ít nhất 4',
      'đối tượng 6: thiếu properties.code (mã đơn vị, dạng chuỗi như "22741")',
      'đối tượng 7 (mã 22846): vòng 0, điểm 0 (11.6, 109.1) nằm ngoài lãnh thổ Việt Nam (kinh độ 102–118, vĩ độ 6–24; tọa độ phải là WGS84 [kinh độ, vĩ độ])',
      'đối tượng 8 (mã 22849): geometry phải là Polygon hoặc MultiPolygon (tệp có: Point)',
      'đối tượng 9 (mã 22852): vòng 0, điểm 2: không phải cặp số [kinh độ, vĩ độ]',
      'đối tượng 10 (mã 22759): mã 22759 đã có ở đối tượng 0',
    ]);
    expect(r.problems[1]!.en).toBe(
      'feature 2 (code 22744): no unit has code 22744 on 2026-01-01 (the code is Phường Bảo An from 1900-01-01 until 2025-06-30); give properties.validOn or --date',
    );
    // The good first feature was not stored either.
    expect(await stored()).toEqual(before);
  });

  it('refuses what is not GeoJSON, or not a FeatureCollection, or empty, or a day that is not one', async () => {
    expect((await refusal(t, 'ranh giới')).problems[0]!.en).toMatch(/^not valid JSON/);
    expect((await refusal(t, '{"type":"Feature","properties":{"code":"22741"}}')).problems[0]!.vi).toMatch(/^không phải GeoJSON FeatureCollection/);
    expect((await refusal(t, '{"type":"FeatureCollection","features":[]}')).problems[0]!.en).toBe('the file has no feature');
    expect((await refusal(t, file(feature('22741', square(108.9, 11.5))), { date: '2026-02-30' })).problems[0]!.en).toBe('"2026-02-30" is not a day YYYY-MM-DD');
    const bad = await refusal(t, file(feature('22741', square(108.9, 11.5), { validOn: '1/7/2025' })));
    expect(bad.problems[0]!.en).toBe('feature 0 (code 22741): properties.validOn "1/7/2025" is not a day YYYY-MM-DD');
  });

  it('takes a MultiPolygon, and keeps a province coarser than a commune', async () => {
    // A wiggle of 0.0005° (about 55 m): under a province's tolerance, over a commune's.
    const wiggly = (west: number, south: number): Position[] => [
      [west, south],
      [west + 0.05, south + 0.0005],
      [west + 0.1, south],
      [west + 0.1, south + 0.1],
      [west, south + 0.1],
      [west, south],
    ];
    const multi = (code: string) => ({ type: 'Feature', properties: { code }, geometry: { type: 'MultiPolygon', coordinates: [[wiggly(108.5, 12)], [square(109.3, 12.2)]] } });
    const outcome = await importBoundaries(t.deps, null, file(multi('56'), multi('22759')), 'multi.geojson', { date: '2026-01-01' });
    expect(outcome.byLevel).toEqual({ province: 1, commune: 1 });
    const rows = await stored();
    const ring = (code: string) => JSON.parse(rows.find((r) => r.code === code && r.valid_from === '2025-07-01')!.geometry)[0][0] as Position[];
    expect(ring('56')).toHaveLength(5);
    expect(ring('22759')).toHaveLength(6);
  });
});
