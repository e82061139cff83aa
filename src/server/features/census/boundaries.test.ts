import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import { importUnitsFile } from '../units/imports.js';

interface Row { type: { code: string }; groups: number; members: number | null; sites: number }
interface Line { unit: { code: string; name: string } | null; rows: Row[]; inexact?: { among: { code: string; name: string }[]; validFrom: string; validTo: string | null } }
interface Census { unit: { code: string; name: string } | null; boundaries: string; rows: Row[]; breakdown: Line[]; awaiting?: Row[]; sentence: string }
const byType = (rows: Row[] | undefined) => Object.fromEntries((rows ?? []).filter((r) => r.groups > 0).map((r) => [r.type.code, [r.groups, r.members, r.sites]]));
const lines = (c: Census) => Object.fromEntries(c.breakdown.filter((b) => b.rows.some((r) => r.groups > 0)).map((b) => [`${b.unit?.code ?? '?'}${b.inexact ? '~' : ''}`, byType(b.rows)]));

/**
 * Ninh Thuận's groups before and after the 2025 reform. Phường Đô Vinh (22738, of Phan Rang-Tháp
 * Chàm, 582) and Xã Nhơn Sơn (22831, of Ninh Sơn, 585) went whole into the new Phường Đô Vinh;
 * Phường Đông Hải (22768, of 582) was split between the new 22780 and 22888.
 */
describe.each(engines)('the census in other boundaries (%s)', (engine) => {
  let t: TestContext;
  let admin: TestClient;
  let former: TestClient;
  const census = async (query: string, as = admin): Promise<Census> => {
    const res = await as.get(`/api/census?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await createTestContext(engine, { provinces: 'none' });
    admin = await t.as('admin', null, 'qt.diagioi');
    await importUnitsFile(t.deps, null, readFileSync(resolve('data/admin-units/vn-units-2025-03-01.json'), 'utf8'), 'list.json');
    // The staff of Ninh Thuận, whose province ends with the reform.
    former = await t.as('province_staff', '58', 'tinh.ninhthuan.cu');
    const village = async (commune: string, code: string, validFrom = '2000-01-01') => {
      const res = await admin.post('/api/units', { code, name: `Thôn ${code}`, level: 'village', kind: 'Thôn', parentId: await t.unitId(commune), validFrom });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const group = async (unitId: string, type: string, name: string, founded: string, members: number) => {
      const res = await admin.post('/api/groups', { confirmPastChange: true, typeCode: type, name, unitId, foundedOn: founded });
      expect(res.statusCode, res.body).toBe(201);
      const g = res.json();
      for (let i = 0; i < members; i++) {
        const p = (await admin.post('/api/people', { fullName: `${name} thành viên ${i}`, addressUnitId: unitId })).json();
        await admin.post(`/api/groups/${g.id}/members`, { confirmPastChange: true, personId: p.id, role: i === 0 ? 'leader' : 'member', from: founded });
      }
      return g.id as string;
    };
    await group(await village('22738', 'DV-1'), 'to-tu-quan', 'Tổ Đô Vinh 1', '2010-01-01', 3);
    await group(await village('22831', 'NS-1'), 'to-tu-quan', 'Tổ Nhơn Sơn 1', '2012-01-01', 2);
    await group(await t.unitId('22738'), 'doi-dan-phong', 'Đội dân phòng Đô Vinh', '2011-01-01', 2);
    await group(await village('22768', 'DH-1'), 'to-tu-quan', 'Tổ Đông Hải 1', '2013-01-01', 1);
    await group(await village('22768', 'DH-2'), 'to-tu-quan', 'Tổ Đông Hải 2', '2014-01-01', 2);
    // Attached to the commune itself, not to a village: nothing says which new commune it went to.
    await group(await t.unitId('22768'), 'doi-dan-phong', 'Đội dân phòng Đông Hải', '2015-01-01', 1);
    await importUnitsFile(t.deps, null, readFileSync(resolve('data/admin-units/vn-reform-2025-07-01.json'), 'utf8'), 'reform.json');

    const pending = (await admin.get('/api/units/placements?status=pending&page=1&pageSize=100')).json().items as { id: string; village: { code: string }; candidates: { id: string; code: string }[] }[];
    const dh1 = pending.find((p) => p.village.code === 'DH-1')!;
    expect((await admin.post(`/api/units/placements/${dh1.id}`, { communeId: dh1.candidates.find((c) => c.code === '22780')!.id })).statusCode).toBe(200);
    // After the reform: the new Đô Vinh's own team, and a village it created, have no place in 2018's map.
    await group(await t.unitId('22738'), 'doi-dan-phong', 'Đội dân phòng Đô Vinh mới', '2025-09-01', 2);
    await group(await village('22738', 'DV-MOI', '2025-08-01'), 'to-tu-quan', 'Tổ khu phố mới', '2025-09-01', 1);
  }, 240_000);
  afterAll(async () => t?.close());

  it('counts January 2026 in Ninh Thuận’s districts of 30/4/2018, a new commune spanning two of them on a line of its own', async () => {
    const c = await census('unit=58&date=2026-01&boundaries=2018-04-30');
    expect(c.unit).toEqual({ code: '58', name: 'Tỉnh Ninh Thuận' });
    expect(c.boundaries).toBe('2018-04-30');
    expect(c.breakdown.filter((b) => !b.inexact).map((b) => b.unit?.code)).toEqual(['582', '584', '585', '586', '587', '588', '589']);
    expect(lines(c)).toEqual({
      // Villages are found through their own links; the old team by where it stood in 2018; the split commune's by their old commune.
      '582': { 'to-tu-quan': [3, 6, 3], 'doi-dan-phong': [2, 3, 2] },
      '585': { 'to-tu-quan': [1, 2, 1] },
      '22738~': { 'to-tu-quan': [1, 1, 1], 'doi-dan-phong': [1, 2, 1] },
    });
    const inexact = c.breakdown.find((b) => b.inexact)!;
    expect(inexact.unit?.name).toBe('Phường Đô Vinh');
    expect(inexact.inexact!.among.map((a) => a.name)).toEqual(['Thành phố Phan Rang-Tháp Chàm', 'Huyện Ninh Sơn']);
    // Every group of the data's date is counted once: the same figures as today's Khánh Hòa, which holds all of them.
    const today = await census('unit=56&date=2026-01');
    expect(byType(c.rows)).toEqual(byType(today.rows));
    expect(c.sentence).toBe(
      'Tính đến tháng 1-2026, theo địa giới hành chính ngày 30/4/2018, toàn tỉnh có 5 Tổ nhân dân tự quản với 9 thành viên và 3 đội dân phòng với 5 thành viên.',
    );
    // A district of then, drilled into: its communes of then.
    const district = await census('unit=582&date=2026-01&boundaries=2018-04-30');
    expect(lines(district)).toEqual({
      '22738': { 'to-tu-quan': [1, 3, 1], 'doi-dan-phong': [1, 2, 1] },
      '22768': { 'to-tu-quan': [2, 3, 2], 'doi-dan-phong': [1, 1, 1] },
    });
    // The new commune's own groups may be this district's or Ninh Sơn's: apart, not counted.
    expect(byType(district.awaiting)).toEqual({ 'to-tu-quan': [1, 1, 1], 'doi-dan-phong': [1, 2, 1] });
  });

  it('counts April 2018 in today’s communes: villages placed follow, a split commune’s unplaced groups stay undetermined', async () => {
    const c = await census('unit=56&date=2018-04&boundaries=2026-01-01');
    expect(c.unit).toEqual({ code: '56', name: 'Tỉnh Khánh Hòa' });
    expect(c.breakdown.filter((b) => !b.inexact)).toHaveLength(65);
    expect(lines(c)).toEqual({
      '22738': { 'to-tu-quan': [2, 5, 2], 'doi-dan-phong': [1, 2, 1] },
      '22780': { 'to-tu-quan': [1, 1, 1] },
      '22768~': { 'to-tu-quan': [1, 2, 1], 'doi-dan-phong': [1, 1, 1] },
    });
    const dongHai = c.breakdown.find((b) => b.inexact)!;
    expect(dongHai.inexact!.among.map((a) => a.code)).toEqual(['22780', '22888']);
    // The old commune, told apart from the new one that took its name.
    expect([dongHai.unit?.name, dongHai.inexact!.validTo]).toEqual(['Phường Đông Hải', '2025-07-01']);
    expect(byType(c.rows)).toEqual(byType((await census('unit=58&date=2018-04')).rows));
    expect(c.sentence.startsWith('Tính đến tháng 4-2018, theo địa giới hành chính ngày 1/1/2026, toàn tỉnh có 4 Tổ nhân dân tự quản')).toBe(true);

    // Each successor of the split commune: what was placed there counts; the rest may be its own, apart.
    const mine = await census('unit=22780&date=2018-04&boundaries=2026-01-01');
    expect(byType(mine.rows)).toEqual({ 'to-tu-quan': [1, 1, 1] });
    expect(lines(mine)).toEqual({ 'DH-1': { 'to-tu-quan': [1, 1, 1] } });
    const undetermined = { 'to-tu-quan': [1, 2, 1], 'doi-dan-phong': [1, 1, 1] };
    expect(byType(mine.awaiting)).toEqual(undetermined);
    const other = await census('unit=22888&date=2018-04&boundaries=2026-01-01');
    expect(byType(other.rows)).toEqual({});
    expect(byType(other.awaiting)).toEqual(undetermined);
  });

  it('keeps a group attached to a split commune undetermined: once in the province, awaiting in each successor', async () => {
    const province = await census('unit=56&date=2026-01');
    expect(byType(province.breakdown.find((b) => b.unit === null)?.rows)).toEqual({ 'to-tu-quan': [1, 2, 1], 'doi-dan-phong': [1, 1, 1] });
    for (const code of ['22780', '22888']) {
      const c = await census(`unit=${code}&date=2026-01`);
      expect(byType(c.awaiting)).toEqual({ 'to-tu-quan': [1, 2, 1], 'doi-dan-phong': [1, 1, 1] });
      expect(byType(c.rows)['doi-dan-phong']).toBeUndefined();
    }
    expect(byType((await census('unit=22780&date=2026-01')).rows)).toEqual({ 'to-tu-quan': [1, 1, 1] });
    // Before the reform the old commune counts it, as it did.
    expect(byType((await census('unit=22768&date=2025-06-30')).rows)).toEqual({ 'to-tu-quan': [2, 3, 2], 'doi-dan-phong': [1, 1, 1] });
  });

  it('adds up in any boundaries: the lines make the whole, and the whole is every group of the day', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 20 * 365 }), fc.integer({ min: 0, max: 20 * 365 }), async (n, m) => {
        const date = new Date(Date.UTC(2008, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
        const boundaries = new Date(Date.UTC(2008, 0, 1) + m * 86_400_000).toISOString().slice(0, 10);
        const unit = boundaries >= '2025-07-01' ? '56' : '58';
        const c = await census(`unit=${unit}&date=${date}&boundaries=${boundaries}`);
        const plain = await census(`unit=${date >= '2025-07-01' ? '56' : '58'}&date=${date}`);
        expect(byType(c.rows), `${date} in ${boundaries}`).toEqual(byType(plain.rows));
        expect(c.awaiting ?? []).toEqual([]);
        for (const r of c.rows) {
          const of = c.breakdown.map((b) => b.rows.find((x) => x.type.code === r.type.code));
          expect(of.reduce((s, p) => s + (p?.groups ?? 0), 0)).toBe(r.groups);
          expect(of.reduce((s, p) => s + (p?.members ?? 0), 0)).toBe(r.members ?? 0);
          // A place whose groups lie on two lines (one placed, one not) is a site on each.
          expect(of.reduce((s, p) => s + (p?.sites ?? 0), 0)).toBeGreaterThanOrEqual(r.sites);
        }
      }),
      { numRuns: 20 },
    );
  }, 120_000);

  it('lets the staff of the former Ninh Thuận read it in its old boundaries, and no one outside', async () => {
    const c = await census('unit=58&date=2026-01&boundaries=2018-04-30', former);
    expect(byType(c.rows)['to-tu-quan']).toEqual([5, 9, 5]);
    // Without boundaries the province does not exist in 2026.
    expect((await former.get('/api/census?unit=58&date=2026-01')).statusCode).toBe(404);
    const hanoi = await t.as('province_staff', '01', 'tp.hanoi.diagioi');
    expect((await hanoi.get('/api/census?unit=58&date=2026-01&boundaries=2018-04-30')).statusCode).toBe(403);
    expect((await hanoi.get('/api/census?date=2026-01&boundaries=2018-04-30')).statusCode).toBe(403);
    expect((await admin.get('/api/census?unit=58&date=2026-01&boundaries=2018-02-30')).statusCode).toBe(400);
  });

  it('exports in the boundaries asked, and records every export; marking as reported is stored once, within the scope', async () => {
    const res = await former.get('/api/census/export?unit=58&date=2026-01&boundaries=2018-04-30');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain('thong-ke-mo-hinh-58-2026-01-dia-gioi-2018-04-30.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names: string[] = [];
    wb.worksheets[1]!.eachRow((r) => names.push(String((r.values as unknown[])[1])));
    expect(names).toContain('Phường Đô Vinh (từ 1/7/2025) — không tách chính xác được (Thành phố Phan Rang-Tháp Chàm, Huyện Ninh Sơn)');
    expect((await former.get('/api/census/document?unit=58&date=2026-01&boundaries=2018-04-30')).statusCode).toBe(200);

    const list = async (query: string, as = former) => {
      const r = await as.get(`/api/census/reports?${query}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json().items as { kind: string; unit: { code: string } | null; censusDate: string; createdBy: { username: string }; here: boolean }[];
    };
    const exported = await list('unit=58&on=2018-04-30');
    expect(exported.map((r) => [r.kind, r.unit?.code, r.censusDate, r.createdBy.username, r.here])).toEqual([
      ['exported', '58', '2026-01-31', 'tinh.ninhthuan.cu', true],
      ['exported', '58', '2026-01-31', 'tinh.ninhthuan.cu', true],
    ]);

    const mark = () => former.post('/api/census/reports', { unit: '58', date: '2018-04', boundaries: '2018-04-30' });
    const first = await mark();
    expect(first.statusCode, first.body).toBe(201);
    const again = await mark();
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const reported = (await list('unit=58&on=2018-04-30&date=2018-04')).filter((r) => r.kind === 'reported');
    expect(reported.map((r) => [r.unit?.code, r.censusDate, r.here])).toEqual([['58', '2018-04-30', true]]);
    expect((await t.auditRows('census.mark_reported')).length).toBe(1);

    // A commune's report shows in its province's list, not as the province's own.
    const officer = await t.as('commune_officer', '22741', 'xa.baoan.diagioi');
    expect((await officer.post('/api/census/reports', { unit: '22741', date: '2026-01' })).statusCode).toBe(201);
    const all = await list('unit=56&date=2026-01', admin);
    expect(all.map((r) => [r.kind, r.unit?.code, r.here])).toEqual([['reported', '22741', false]]);
    // Out of scope: refused, and nothing of the others shows.
    expect((await officer.post('/api/census/reports', { unit: '56', date: '2026-01' })).statusCode).toBe(403);
    expect((await officer.get('/api/census/reports?unit=56')).statusCode).toBe(403);
    expect((await list('unit=22741', officer)).map((r) => r.unit?.code)).toEqual(['22741']);
    const hanoi = await t.as('province_staff', '01', 'tp.hanoi.baocao');
    expect((await hanoi.post('/api/census/reports', { unit: '58', date: '2018-04', boundaries: '2018-04-30' })).statusCode).toBe(403);
    expect((await hanoi.get('/api/census/reports?unit=58&on=2018-04-30')).statusCode).toBe(403);
    expect(await list('unit=01', hanoi)).toEqual([]);
    // The whole country: for nationwide users only.
    expect((await hanoi.get('/api/census/reports')).statusCode).toBe(403);
    expect((await admin.post('/api/census/reports', { date: '2026-01' })).statusCode).toBe(201);
    expect((await list('', admin)).filter((r) => r.unit === null).map((r) => r.kind)).toEqual(['reported']);
  });
});
