import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import { importUnitsFile } from '../units/imports.js';

interface Row { type: { code: string }; groups: number; members: number | null; sites: number }
const byType = (rows: Row[]) => Object.fromEntries(rows.filter((r) => r.groups > 0).map((r) => [r.type.code, [r.groups, r.members, r.sites]]));

describe.each(engines)('census (%s)', (engine) => {
  let t: TestContext;
  let admin: TestClient;

  beforeAll(async () => {
    t = await createTestContext(engine, { provinces: 'none' });
    admin = await t.as('admin', null, 'qt.dieutra');
    await importUnitsFile(t.deps, null, readFileSync(resolve('data/admin-units/vn-units-2025-03-01.json'), 'utf8'), 'list.json');
    const village = async (commune: string, code: string) =>
      (await admin.post('/api/units', { code, name: `Khu phố ${code}`, level: 'village', kind: 'Khu phố', parentId: await t.unitId(commune), validFrom: '2000-01-01' })).json().id as string;
    const v1 = await village('22738', 'DV-1');
    const v2 = await village('22768', 'DH-1');
    const group = async (unitId: string, type: string, name: string, founded: string, members: number) => {
      const g = (await admin.post('/api/groups', { confirmPastChange: true, typeCode: type, name, unitId, foundedOn: founded })).json();
      for (let i = 0; i < members; i++) {
        const p = (await admin.post('/api/people', { fullName: `${name} thành viên ${i}`, addressUnitId: unitId })).json();
        await admin.post(`/api/groups/${g.id}/members`, { confirmPastChange: true, personId: p.id, role: i === 0 ? 'leader' : 'member', from: founded });
      }
      return g.id as string;
    };
    await group(v1, 'to-tu-quan', 'Tổ 1 Đô Vinh', '2010-01-01', 3);
    await group(v1, 'to-tu-quan', 'Tổ 2 Đô Vinh', '2018-04-30', 2);
    await group(v2, 'to-tu-quan', 'Tổ Đông Hải', '2012-01-01', 4);
    await group(await t.unitId('22738'), 'doi-dan-phong', 'Đội dân phòng Đô Vinh', '2011-01-01', 5);
    await group(await t.unitId('22744'), 'toc-ho-tu-quan', 'Tộc họ Lê', '2013-01-01', 2);
    const late = await group(v1, 'to-tu-quan', 'Tổ thành lập sau', '2019-01-01', 1);
    const gone = await group(v2, 'to-an-ninh-xung-kich', 'Tổ xung kích giải thể', '2014-01-01', 2);
    await admin.post(`/api/groups/${gone}/status`, { confirmPastChange: true, status: 'dissolved', date: '2018-04-30' });
    void late;
    await importUnitsFile(t.deps, null, readFileSync(resolve('data/admin-units/vn-reform-2025-07-01.json'), 'utf8'), 'reform.json');
  }, 180_000);
  afterAll(async () => t?.close());

  it('counts groups, members and model sites per type for a province on a date, with the sentence', async () => {
    const res = await admin.get('/api/census?unit=58&date=2018-04');
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(c.unit).toEqual({ code: '58', name: 'Tỉnh Ninh Thuận' });
    expect(byType(c.rows)).toEqual({
      'to-tu-quan': [3, 9, 2],
      'doi-dan-phong': [1, 5, 1],
      'toc-ho-tu-quan': [1, null, 1],
    });
    expect(c.sentence).toBe('Tính đến tháng 4-2018, toàn tỉnh có 3 Tổ nhân dân tự quản với 9 thành viên, 1 đội dân phòng với 5 thành viên và 1 tộc họ tự quản về ANTT.');
    // The day before, the group founded on 30/4 is not counted yet and the dissolved one still is.
    const before = (await admin.get('/api/census?unit=58&date=2018-04-29')).json();
    expect(byType(before.rows)['to-tu-quan']).toEqual([2, 7, 2]);
    expect(byType(before.rows)['to-an-ninh-xung-kich']).toEqual([1, 2, 1]);
    expect(before.sentence.startsWith('Tính đến ngày 29/4/2018, toàn tỉnh có')).toBe(true);
    const commune = (await admin.get('/api/census?unit=22738&date=2018-04-30')).json();
    expect(commune.sentence).toBe('Tính đến ngày 30/4/2018, toàn phường có 2 Tổ nhân dân tự quản với 5 thành viên và 1 đội dân phòng với 5 thành viên.');
    // The commune's own civil defence team is listed under the commune's name, its villages' groups under theirs.
    const parts = Object.fromEntries((commune.breakdown as { unit: { code: string } | null; rows: Row[] }[]).map((b) => [b.unit?.code ?? '?', byType(b.rows)]));
    expect(parts['22738']).toEqual({ 'doi-dan-phong': [1, 5, 1] });
    expect(parts['DV-1']).toEqual({ 'to-tu-quan': [2, 5, 1] });
    expect(parts['?']).toBeUndefined();
  });

  it('breaks a province down by its sub-areas of that date, and the parts add up to the whole on any date', async () => {
    const c = (await admin.get('/api/census?unit=58&date=2018-04-30')).json();
    expect(c.breakdown.map((b: { unit: { code: string } | null }) => b.unit?.code)).toEqual(['582', '584', '585', '586', '587', '588', '589']);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 30 * 365 }), fc.constantFrom('58', '582', '56'), async (n, unit) => {
        const date = new Date(Date.UTC(2005, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
        const res = await admin.get(`/api/census?unit=${unit}&date=${date}`);
        if (res.statusCode === 404) return; // the unit does not exist on that date
        const whole = res.json();
        for (const r of whole.rows as Row[]) {
          const parts = (whole.breakdown as { rows: Row[] }[]).map((b) => b.rows.find((x) => x.type.code === r.type.code)!);
          expect(parts.reduce((s, p) => s + p.groups, 0)).toBe(r.groups);
          expect(parts.reduce((s, p) => s + (p.members ?? 0), 0)).toBe(r.members ?? 0);
          expect(parts.reduce((s, p) => s + p.sites, 0)).toBe(r.sites);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('counts the same groups under Khánh Hòa after the reform; those of a split commune as not yet placed', async () => {
    const c = (await admin.get('/api/census?unit=56&date=2026-01-01')).json();
    expect(c.unit).toEqual({ code: '56', name: 'Tỉnh Khánh Hòa' });
    expect(byType(c.rows)).toEqual({ 'to-tu-quan': [4, 10, 2], 'doi-dan-phong': [1, 5, 1], 'toc-ho-tu-quan': [1, null, 1] });
    const unsettled = c.breakdown.find((b: { unit: unknown }) => b.unit === null);
    expect(byType(unsettled.rows)).toEqual({ 'to-tu-quan': [1, 4, 1] });
    expect(c.breakdown.filter((b: { unit: unknown }) => b.unit !== null)).toHaveLength(65);
    expect((await admin.get('/api/census?unit=58&date=2026-01-01')).statusCode).toBe(404);
    // Nationwide, the group still waiting in old Ninh Thuận is new Khánh Hòa's: its line equals
    // the province's own census, and nothing is left without a province.
    const nation = (await admin.get('/api/census?date=2026-01-01')).json();
    const kh = nation.breakdown.find((b: { unit: { code: string } | null }) => b.unit?.code === '56');
    expect(byType(kh.rows)).toEqual(byType(c.rows));
    expect(nation.breakdown.filter((b: { unit: unknown }) => b.unit === null)).toEqual([]);
  });

  it('exports the census to .xlsx: the sentence, the table per type and the breakdown', async () => {
    const res = await admin.get('/api/census/export?unit=58&date=2018-04');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('thong-ke-mo-hinh-58-2018-04.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Theo địa bàn']);
    const first: unknown[][] = [];
    wb.worksheets[0]!.eachRow((r) => first.push((r.values as unknown[]).slice(1)));
    expect(String(first[0]![0])).toContain('Tính đến tháng 4-2018, toàn tỉnh có 3 Tổ nhân dân tự quản với 9 thành viên');
    expect(first.find((r) => r[0] === 'Tổ nhân dân tự quản')).toEqual(['Tổ nhân dân tự quản', 3, 9, 2]);
    const second: unknown[][] = [];
    wb.worksheets[1]!.eachRow((r) => second.push((r.values as unknown[]).slice(1)));
    expect(second.slice(2).map((r) => r[0])).toEqual([
      'Thành phố Phan Rang-Tháp Chàm',
      'Huyện Bác Ái',
      'Huyện Ninh Sơn',
      'Huyện Ninh Hải',
      'Huyện Ninh Phước',
      'Huyện Thuận Bắc',
      'Huyện Thuận Nam',
    ]);
    expect(second[1]!.slice(1, 3)).toEqual(['Tổ nhân dân tự quản: số tổ, đội', 'Tổ nhân dân tự quản: thành viên']);
    expect(second[2]!.slice(1, 3)).toEqual([3, 9]);
  });

  it('answers the whole country with "toàn quốc", and only within the caller’s scope', async () => {
    expect((await admin.get('/api/census?date=2018-04-30')).json().sentence.startsWith('Tính đến ngày 30/4/2018, toàn quốc có 3 Tổ nhân dân tự quản')).toBe(true);
    const officer = await t.as('commune_officer', '22741', 'cb.dieutra');
    expect((await officer.get('/api/census?unit=56&date=2026-01-01')).statusCode).toBe(403);
    expect((await officer.get('/api/census?date=2026-01-01')).statusCode).toBe(403);
    expect((await officer.get('/api/census?unit=22741&date=2026-01-01')).statusCode).toBe(200);
    expect((await admin.get('/api/census?unit=58&date=2018-02-30')).statusCode).toBe(400);
    expect((await t.client().get('/api/census?date=2018-04')).statusCode).toBe(401);
  });
});
