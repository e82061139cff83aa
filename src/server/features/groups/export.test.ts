import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';

describe.each(engines)('exporting the groups list (%s)', (engine) => {
  let t: TestContext;
  let officer: TestClient;

  async function sheetOf(res: { rawPayload: Buffer }) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    return rows;
  }

  beforeAll(async () => {
    t = await createTestContext(engine);
    officer = await t.as('commune_officer', '22738', 'cb.xuat.dv');
    const unitId = await t.unitId('22738');
    for (const [name, type, founded] of [
      ['Tổ tự quản khu phố 1', 'to-tu-quan', '2010-01-01'],
      ['=HYPERLINK("http://evil.example","bấm")', 'to-tu-quan', '2011-01-01'],
      ['Tộc họ Nguyễn', 'toc-ho-tu-quan', '2012-01-01'],
      ['Tổ thành lập sau', 'to-tu-quan', '2020-01-01'],
    ] as const) {
      const g = (await officer.post('/api/groups', { confirmPastChange: true, typeCode: type, name, unitId, foundedOn: founded, decisionNumber: name.startsWith('Tổ tự') ? '+12/QĐ' : null })).json();
      if (name === 'Tổ tự quản khu phố 1') {
        const p = (await officer.post('/api/people', { fullName: 'Nguyễn Văn An', addressUnitId: unitId })).json();
        await officer.post(`/api/groups/${g.id}/members`, { confirmPastChange: true, personId: p.id, role: 'leader', from: '2015-01-01' });
      }
    }
  });
  afterAll(async () => t?.close());

  it('exports exactly what the list shows with the same filters, with dates as dates and member counts', async () => {
    const res = await officer.get('/api/groups/export?date=2018-04-30&sort=foundedOn');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('danh-sach-to-doi-2018-04-30.xlsx');
    const rows = await sheetOf(res);
    expect(rows[0]![0]).toBe('DANH SÁCH TỔ, ĐỘI, MÔ HÌNH TỰ QUẢN VỀ AN NINH, TRẬT TỰ (tính đến ngày 30/4/2018)');
    expect(rows[1]!.slice(0, 3)).toEqual(['STT', 'Tên tổ, đội, mô hình', 'Loại mô hình']);
    const listed = (await officer.get('/api/groups?date=2018-04-30&sort=foundedOn')).json().items.map((g: { name: string }) => g.name);
    expect(rows.slice(2).map((r) => String(r[1]).replace(/^'/, ''))).toEqual(listed);
    expect(rows.length - 2).toBe(3);
    const first = rows[2]!;
    expect(first[3]).toBe('Phường Đô Vinh');
    expect(first[4]).toBe('Thành phố Phan Rang-Tháp Chàm, Tỉnh Ninh Thuận');
    expect(first[7]).toEqual(new Date('2010-01-01T00:00:00Z'));
    expect(first[11]).toBe(1);
    // Clans do not count members: the cell is empty rather than 0.
    expect(rows.find((r) => r[1] === 'Tộc họ Nguyễn')![11]).toBeUndefined();
  });

  it('neutralises text that a spreadsheet would run as a formula', async () => {
    const rows = await sheetOf(await officer.get('/api/groups/export?date=2018-04-30'));
    const names = rows.slice(2).map((r) => r[1]);
    expect(names).toContain('\'=HYPERLINK("http://evil.example","bấm")');
    expect(rows.find((r) => r[1] === 'Tổ tự quản khu phố 1')![8]).toBe("'+12/QĐ");
    expect(names.every((n) => typeof n === 'string')).toBe(true);
  });

  it('stays inside the scope', async () => {
    const other = await t.as('commune_officer', '22741', 'cb.xuat.pm');
    const rows = await sheetOf(await other.get('/api/groups/export?date=2018-04-30'));
    expect(rows.length).toBe(2);
    expect((await t.client().get('/api/groups/export')).statusCode).toBe(401);
  });
});
