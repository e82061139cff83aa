import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import { importUnitsFile } from '../units/imports.js';
import { expectScopesFresh } from './scopes-check.js';
import { groupScopesStale } from './scopes.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Every kind of write leaves the groups list's table equal to its recomputation from the registry. */
describe.each(engines)("the groups list's table, after every kind of write (%s)", (engine) => {
  let t: TestContext;
  let admin: TestClient;
  let group: string;
  const villages: string[] = [];

  const names = async (query: string) => ((await admin.get(`/api/groups?pageSize=200&${query}`)).json().items as { name: string }[]).map((g) => g.name);
  const ok = async (res: Promise<{ statusCode: number; body: string }>, status = 200) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(status);
  };

  beforeAll(async () => {
    t = await createTestContext(engine, { provinces: 'none' });
    admin = await t.as('admin', null, 'qt.bang.to');
    await importUnitsFile(t.deps, null, readFileSync(resolve('data/admin-units/vn-units-2025-03-01.json'), 'utf8'), 'list.json');
    for (const [commune, code] of [['22768', 'DH-1'], ['22768', 'DH-2'], ['22738', 'DV-1']] as const) {
      const res = await admin.post('/api/units', { code, name: `Khu phố ${code}`, level: 'village', kind: 'Khu phố', parentId: await t.unitId(commune), validFrom: '2000-01-01' });
      villages.push(res.json().id);
    }
  }, 240_000);
  afterAll(async () => t?.close());

  it('is fresh after a group is created, renamed, refounded, moved, suspended and dissolved', async () => {
    const res = await admin.post('/api/groups', { confirmPastChange: true, typeCode: 'to-tu-quan', name: 'Tổ bảng 1', unitId: villages[0], foundedOn: '2012-01-01' });
    expect(res.statusCode, res.body).toBe(201);
    group = res.json().id;
    // Refreshed after the write, before its answer left: a read then finds nothing to do.
    expect(await groupScopesStale(t.deps.db)).toBe(false);
    await expectScopesFresh(t.deps.db, engine);
    await ok(admin.patch(`/api/groups/${group}`, { name: 'Tổ bảng một' }));
    await ok(admin.patch(`/api/groups/${group}`, { foundedOn: '2011-06-01', confirmPastChange: true }));
    await expectScopesFresh(t.deps.db, engine);
    await ok(admin.post(`/api/groups/${group}/area`, { confirmPastChange: true, unitId: villages[1], date: '2015-01-01' }));
    await ok(admin.post(`/api/groups/${group}/status`, { confirmPastChange: true, status: 'suspended', date: '2016-01-01' }));
    await expectScopesFresh(t.deps.db, engine);
    expect(await names('date=2016-06-01&status=suspended&q=bang mot')).toEqual(['Tổ bảng một']);
    await ok(admin.post(`/api/groups/${group}/status`, { confirmPastChange: true, status: 'active', date: '2017-01-01' }));
    const gone = (await admin.post('/api/groups', { confirmPastChange: true, typeCode: 'doi-dan-phong', name: 'Đội bảng 2', unitId: villages[2], foundedOn: '2013-01-01' })).json().id;
    await ok(admin.post(`/api/groups/${gone}/status`, { confirmPastChange: true, status: 'dissolved', date: '2020-01-01' }));
    await expectScopesFresh(t.deps.db, engine);
    expect(await names('date=2020-01-01&status=dissolved')).toEqual(['Đội bảng 2']);
  });

  it('is fresh after a sheet import, a type changed or reordered, and a unit renamed', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Danh sách');
    ws.addRow(['Mã địa bàn', 'Tên tổ, đội', 'Loại mô hình', 'Ngày thành lập']);
    ws.addRow(['22738', 'Tổ nhập từ bảng', 'Tổ nhân dân tự quản', '1/1/2014']);
    const sheet = Buffer.from(await wb.xlsx.writeBuffer());
    const options = encodeURIComponent(JSON.stringify({ confirmPastChange: true }));
    const imported = await admin.request('POST', `/api/groups/import?commit=true&options=${options}`, sheet, { 'content-type': XLSX });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json().groups.create).toBe(1);
    await expectScopesFresh(t.deps.db, engine);
    // Written by other means than the API (an administrator's correction): the triggers see them too.
    await sql`update groups set type_code = ${'to-an-ninh-xung-kich'} where id = ${group}`.execute(t.deps.db);
    await sql`update model_types set sort_order = ${99} where code = ${'to-tu-quan'}`.execute(t.deps.db);
    expect(await groupScopesStale(t.deps.db)).toBe(true);
    await expectScopesFresh(t.deps.db, engine);
    await ok(admin.patch(`/api/units/${villages[1]}`, { name: 'Khu phố Đông Hải Hai' }));
    await expectScopesFresh(t.deps.db, engine);
    const byArea = await admin.get('/api/groups?sort=area&pageSize=200&date=2018-01-01');
    expect(byArea.json().items.find((g: { name: string }) => g.name === 'Tổ bảng một').area.name).toBe('Khu phố Đông Hải Hai');
  });

  it('is fresh after the 2025 reform and a village placed in a new commune; the past stays where it was', async () => {
    await importUnitsFile(t.deps, null, readFileSync(resolve('data/admin-units/vn-reform-2025-07-01.json'), 'utf8'), 'reform.json');
    await expectScopesFresh(t.deps.db, engine);
    const queue = (await admin.get('/api/units/placements?status=pending&page=1&pageSize=100')).json().items as { id: string; candidates: { id: string }[] }[];
    expect(queue.length).toBeGreaterThan(0);
    await ok(admin.post(`/api/units/placements/${queue[0]!.id}`, { communeId: queue[0]!.candidates[0]!.id }));
    await expectScopesFresh(t.deps.db, engine);
    const before = await admin.get(`/api/groups?unitId=${await t.unitId('22738')}&date=2025-06-30&pageSize=200`);
    expect(before.json().items.map((g: { name: string }) => g.name)).toContain('Tổ nhập từ bảng');
  });
});
