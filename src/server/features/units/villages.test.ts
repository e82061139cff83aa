import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';
import { importUnitsFile } from './imports.js';

type Res = LightMyRequestResponse;
interface Named {
  id: string;
  code: string;
  name: string;
  label?: string | null;
}
const errorCode = (res: Res) => res.json().error?.code as string | undefined;
const ok = (res: Res, status = 200) => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
};

/**
 * Villages of one name in one commune (Phường Bảo An after the 2025 merger of Phước Mỹ and Bảo
 * An holds two "Khu phố 1") are told apart everywhere they are shown; a village renamed from a
 * date keeps its old name for everything before it. The clock of the tests is 2 March 2026.
 */
describe.each(engines)('villages told apart, villages renamed (%s)', (engine) => {
  let t: TestContext;
  let admin: TestClient;
  let baoAn: TestClient;
  const v: Record<string, string> = {};
  const g: Record<string, string> = {};
  let newBaoAn: string;

  async function village(commune: string, code: string, name: string, validFrom = '2010-01-01'): Promise<string> {
    return ok(await admin.post('/api/units', { code, name, level: 'village', kind: 'Khu phố', parentId: await t.unitId(commune), validFrom }), 201).id;
  }
  const children = async (c: TestClient, date?: string) =>
    ok(await c.get(`/api/units?parentId=${newBaoAn}${date ? `&date=${date}` : ''}`)).items as Named[];
  const byCode = (list: Named[]) => Object.fromEntries(list.map((u) => [u.code, [u.name, u.label ?? null]]));

  beforeAll(async () => {
    t = await createTestContext(engine, { provinces: 'none' });
    admin = await t.as('admin', null, 'qt.thon');
    await importUnitsFile(t.deps, null, readFileSync(resolve('data/admin-units/vn-units-2025-03-01.json'), 'utf8'), 'list.json');
    // Before the reform: Khu phố 1 in Phước Mỹ (22741) and in Bảo An (22744), Khu phố 9 in Bảo An only.
    v.pm1 = await village('22741', 'PM-KP1', 'Khu phố 1');
    v.ba1 = await village('22744', 'BA-KP1', 'Khu phố 1');
    v.ba9 = await village('22744', 'BA-KP9', 'Khu phố 9');
    await importUnitsFile(t.deps, null, readFileSync(resolve('data/admin-units/vn-reform-2025-07-01.json'), 'utf8'), 'reform.json');
    newBaoAn = await t.unitId('22741');
    // The villages carried into the new Phường Bảo An (22741 from 1/7/2025).
    for (const u of await children(admin)) v[`new-${u.code}`] = u.id;
    baoAn = await t.as('commune_officer', '22741', 'xa.baoan');
    for (const [key, code] of [['pm1', 'PM-KP1'], ['ba1', 'BA-KP1'], ['ba9', 'BA-KP9']] as const) {
      g[key] = ok(await admin.post('/api/groups', { confirmPastChange: true, typeCode: 'to-an-ninh-xung-kich', name: `Tổ an ninh xung kích ${key}`, unitId: v[`new-${code}`], foundedOn: '2025-08-01' }), 201).id;
    }
  }, 240_000);
  afterAll(async () => t?.close());

  describe('told apart', () => {
    it('labels two villages of one name in a commune with the commune each came from, and no other', async () => {
      expect(byCode(await children(baoAn))).toEqual({
        'BA-KP1': ['Khu phố 1', 'Khu phố 1 (Bảo An cũ)'],
        'BA-KP9': ['Khu phố 9', null],
        'PM-KP1': ['Khu phố 1', 'Khu phố 1 (Phước Mỹ cũ)'],
      });
      // Before the merger each was the only Khu phố 1 of its commune.
      const old = ok(await admin.get(`/api/units?parentId=${v.pm1}`));
      expect(old.items).toEqual([]);
      const pm = ok(await admin.get(`/api/units/${v.pm1}?date=2025-06-30`));
      expect([pm.name, pm.label]).toEqual(['Khu phố 1', null]);
      // The public map and the picker's search say the same.
      const kids = ok(await baoAn.get('/api/units/children?code=22741')) as Named[];
      expect(kids.map((k) => k.label ?? k.name).sort()).toEqual(['Khu phố 1 (Bảo An cũ)', 'Khu phố 1 (Phước Mỹ cũ)', 'Khu phố 9']);
      const found = ok(await baoAn.get('/api/units?q=khu pho 1&level=village')).items as Named[];
      expect(found.map((u) => u.label).sort()).toEqual(['Khu phố 1 (Bảo An cũ)', 'Khu phố 1 (Phước Mỹ cũ)']);
      // The names themselves are what they were.
      expect(found.map((u) => u.name)).toEqual(['Khu phố 1', 'Khu phố 1']);
    });

    it('falls back to the code for a village with nothing before it in another commune', async () => {
      const code = 'BA-KP9B';
      const id = ok(await baoAn.post('/api/units', { code, name: 'Khu  phố 9', level: 'village', kind: 'Khu phố', parentId: newBaoAn, validFrom: '2026-01-01' }), 201).id;
      expect(byCode(await children(baoAn))).toMatchObject({ 'BA-KP9': ['Khu phố 9', 'Khu phố 9 (Bảo An cũ)'], [code]: ['Khu phố 9', `Khu phố 9 (${code})`] });
      // On a day before the new one began the name was unique.
      expect(byCode(await children(baoAn, '2025-12-31'))['BA-KP9']).toEqual(['Khu phố 9', null]);
      expect((await admin.delete(`/api/units/${id}`)).statusCode).toBe(204);
    });

    it('labels the area of groups in the list and on the group page, and the village of a person', async () => {
      const list = ok(await baoAn.get(`/api/groups?unitId=${newBaoAn}&type=to-an-ninh-xung-kich`)).items as { id: string; area: Named }[];
      const areas = Object.fromEntries(list.map((x) => [x.id, x.area.label ?? null]));
      expect(areas).toEqual({ [g.pm1!]: 'Khu phố 1 (Phước Mỹ cũ)', [g.ba1!]: 'Khu phố 1 (Bảo An cũ)', [g.ba9!]: null });
      const one = ok(await baoAn.get(`/api/groups/${g.ba1}`));
      expect([one.area.name, one.area.label]).toEqual(['Khu phố 1', 'Khu phố 1 (Bảo An cũ)']);
      const sheet = await baoAn.get(`/api/groups/export?unitId=${newBaoAn}&type=to-an-ninh-xung-kich`);
      expect(sheet.statusCode, sheet.body).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(sheet.rawPayload as unknown as ArrayBuffer);
      const cells: string[] = [];
      wb.worksheets[0]!.eachRow((r) => cells.push(...(r.values as unknown[]).map(String)));
      expect(cells).toEqual(expect.arrayContaining(['Khu phố 1 (Phước Mỹ cũ)', 'Khu phố 1 (Bảo An cũ)', 'Khu phố 9']));
      const person = ok(await admin.post('/api/people', { fullName: 'Nguyễn Văn Bảo', addressUnitId: v['new-PM-KP1'] }), 201);
      const read = ok(await baoAn.get(`/api/people/${person.id}`));
      expect([read.address.name, read.address.label]).toEqual(['Khu phố 1', 'Khu phố 1 (Phước Mỹ cũ)']);
      const other = ok(await admin.post('/api/people', { fullName: 'Trần Thị Chín', addressUnitId: v['new-BA-KP9'] }), 201);
      g.person9 = other.id;
      expect(ok(await baoAn.get(`/api/people/${other.id}`)).address.label ?? null).toBeNull();
    });

    it('names the villages of a commune’s census apart, without changing a figure', async () => {
      const c = ok(await baoAn.get('/api/census?unit=22741&date=2026-02'));
      const lines = Object.fromEntries((c.breakdown as { unit: Named; rows: { type: { code: string }; groups: number }[] }[]).map((b) => [b.unit.name, b.rows.find((r) => r.type.code === 'to-an-ninh-xung-kich')!.groups]));
      expect(lines).toMatchObject({ 'Khu phố 1 (Bảo An cũ)': 1, 'Khu phố 1 (Phước Mỹ cũ)': 1, 'Khu phố 9': 1 });
      // The report (.docx) lists them the same way.
      const docx = await baoAn.get('/api/census/document?unit=22741&date=2026-02');
      expect(docx.statusCode).toBe(200);
      const xml = (await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string'));
      const cells = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]);
      expect(cells).toEqual(expect.arrayContaining(['Khu phố 1 (Bảo An cũ)', 'Khu phố 1 (Phước Mỹ cũ)', 'Khu phố 9']));
    });
  });

  describe('renamed with history', () => {
    it('refuses what is not a rename: empty name, the same name, a day outside the village or after today, a commune', async () => {
      const id = v['new-BA-KP9']!;
      const body = { name: 'Khu phố Bình Sơn', date: '2026-03-01', reason: 'Nghị quyết 12/NQ-HĐND' };
      expect(errorCode(await baoAn.post(`/api/units/${id}/rename`, { ...body, name: '   ' }))).toBe('VALIDATION_FAILED');
      expect(errorCode(await baoAn.post(`/api/units/${id}/rename`, { ...body, reason: '' }))).toBe('VALIDATION_FAILED');
      expect(errorCode(await baoAn.post(`/api/units/${id}/rename`, { ...body, name: 'Khu phố 9' }))).toBe('UNIT_RENAME_SAME');
      expect(errorCode(await baoAn.post(`/api/units/${id}/rename`, { ...body, date: '2025-07-01' }))).toBe('UNIT_RENAME_DATE');
      expect(errorCode(await baoAn.post(`/api/units/${id}/rename`, { ...body, date: '2020-01-01' }))).toBe('UNIT_RENAME_DATE');
      expect(errorCode(await baoAn.post(`/api/units/${id}/rename`, { ...body, date: '2026-03-03' }))).toBe('UNIT_RENAME_DATE');
      // The village before the reform ended on 1/7/2025: no rename after that.
      expect(errorCode(await admin.post(`/api/units/${v.ba9}/rename`, { ...body, date: '2025-08-01', confirmPastChange: true }))).toBe('UNIT_RENAME_DATE');
      expect(errorCode(await admin.post(`/api/units/${newBaoAn}/rename`, { ...body, confirmPastChange: true }))).toBe('UNIT_RENAME_VILLAGES_ONLY');
      expect(await t.auditRows('unit.rename')).toEqual([]);
    });

    it('is for those who manage the village: its commune’s officer and administrators; others get 403, another commune 404', async () => {
      const id = v['new-BA-KP9']!;
      const body = { name: 'Khu phố Bình Sơn', date: '2026-03-01', reason: 'Nghị quyết 12/NQ-HĐND' };
      const doVinh = await t.as('commune_officer', '22738', 'xa.dovinh');
      expect([...[await doVinh.post(`/api/units/${id}/rename`, body)].map((r) => [r.statusCode, errorCode(r)])]).toEqual([[404, 'UNIT_NOT_FOUND']]);
      const khAdminOut = await t.as('admin', '01', 'qt.hanoi');
      // Another province's administrator reaches no village of Khánh Hòa.
      expect((await khAdminOut.post(`/api/units/${id}/rename`, body)).statusCode).toBe(404);
      for (const [role, unit] of [['province_staff', '56'], ['group_leader', '22741'], ['viewer', '22741']] as const) {
        const c = await t.as(role, unit);
        const res = await c.post(`/api/units/${id}/rename`, body);
        expect([role, res.statusCode, errorCode(res)]).toEqual([role, 403, 'FORBIDDEN']);
      }
      expect(await t.auditRows('unit.rename')).toEqual([]);
    });

    it('shows the old name before the day and the new one from it, in lists, the map, the census and the group', async () => {
      const id = v['new-BA-KP9']!;
      const body = { name: 'Khu phố Bình Sơn', date: '2026-01-01', reason: 'Nghị quyết 12/NQ-HĐND tỉnh', decisionNumber: '12/NQ-HĐND' };
      // January 2026 is more than a month back on 2 March, and February's report of the commune was
      // downloaded above: both name the village, and must be confirmed (their figures stay).
      const refused = await baoAn.post(`/api/units/${id}/rename`, body);
      expect([refused.statusCode, errorCode(refused)]).toEqual([409, 'PAST_CENSUS_CHANGE']);
      const same = { groups: { before: 3, after: 3 }, members: { before: 0, after: 0 } };
      expect(refused.json().error.details).toEqual({
        pastChanges: [
          { unit: { code: '22741', name: 'Phường Bảo An' }, date: '2026-02', reported: true, ...same },
          { unit: { code: '22741', name: 'Phường Bảo An' }, date: '2026-01', reported: false, ...same },
        ],
        pastChangeCount: 2,
      });
      const watcher = await t.as('viewer', 'BA-KP9', 'xem.kp9');
      const renamed = ok(await baoAn.post(`/api/units/${id}/rename`, { ...body, confirmPastChange: true }));
      // Who works in the village works in it still: their area is the village as it stands, not an ended one.
      const me = ok(await watcher.get('/api/auth/me')).user;
      expect([me.scope?.id, me.scopeEnded ?? null]).toEqual([renamed.id, null]);
      expect(ok(await watcher.get(`/api/groups/${g.ba9}?date=2025-12-31`)).area.name).toBe('Khu phố 9');
      expect(renamed).toMatchObject({ code: 'BA-KP9', name: 'Khu phố Bình Sơn', validFrom: '2026-01-01', validTo: null, label: null });
      expect(renamed.id).not.toBe(id);

      expect(byCode(await children(baoAn, '2025-12-31'))['BA-KP9']).toEqual(['Khu phố 9', null]);
      expect(byCode(await children(baoAn))['BA-KP9']).toEqual(['Khu phố Bình Sơn', null]);
      expect(ok(await baoAn.get('/api/units/resolve?code=BA-KP9&date=2025-12-31')).name).toBe('Khu phố 9');
      expect(ok(await baoAn.get('/api/units/resolve?code=BA-KP9&date=2026-01-01')).name).toBe('Khu phố Bình Sơn');
      // The census of December names it as it was; that of February as it is, with the same figures.
      const line = async (date: string) =>
        (ok(await baoAn.get(`/api/census?unit=22741&date=${date}`)).breakdown as { unit: Named; rows: { type: { code: string }; groups: number }[] }[])
          .filter((b) => b.unit.code === 'BA-KP9')
          .map((b) => [b.unit.name, b.rows.find((r) => r.type.code === 'to-an-ninh-xung-kich')!.groups]);
      expect(await line('2025-12')).toEqual([['Khu phố 9', 1]]);
      expect(await line('2026-02')).toEqual([['Khu phố Bình Sơn', 1]]);
      // The group in it: in December in Khu phố 9, today in Khu phố Bình Sơn, its history saying why.
      expect(ok(await baoAn.get(`/api/groups/${g.ba9}?date=2025-12-31`)).area.name).toBe('Khu phố 9');
      expect(ok(await baoAn.get(`/api/groups/${g.ba9}`)).area.name).toBe('Khu phố Bình Sơn');
      // The unit's page: its periods under the code, and the rename with its reason and decision.
      const history = ok(await baoAn.get(`/api/units/${renamed.id}/history`));
      expect(history.sameCode.filter((s: { validFrom: string }) => s.validFrom >= '2025-07-01').map((s: Named) => s.name)).toEqual(['Khu phố 9', 'Khu phố Bình Sơn']);
      expect(history.formedFrom).toEqual([expect.objectContaining({ id, name: 'Khu phố 9', share: 'full', effectiveDate: '2026-01-01', rename: { reason: body.reason, decisionNumber: '12/NQ-HĐND' } })]);
      // Audited with the name before and after, and what it confirmed.
      const audit = await t.auditRows('unit.rename');
      expect(audit.map((r) => r.actor_username)).toEqual(['xa.baoan']);
      expect(JSON.parse(audit[0]!.before_json!)).toMatchObject({ id, name: 'Khu phố 9', validTo: null });
      expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ id: renamed.id, name: 'Khu phố Bình Sơn', validFrom: '2026-01-01', reason: body.reason, pastChangeCount: 2, moved: { groups: 1 } });
      // The person living there lives in the village as it is now.
      expect(ok(await baoAn.get(`/api/people/${g.person9}`)).address).toMatchObject({ id: renamed.id, name: 'Khu phố Bình Sơn' });
      // Sent again, the old record has ended: nothing is renamed twice.
      expect(errorCode(await baoAn.post(`/api/units/${id}/rename`, { ...body, confirmPastChange: true }))).toBe('UNIT_RENAME_DATE');
    });

    it('a rename this month asks nothing; a renamed village keeps the commune it came from', async () => {
      const id = v['new-BA-KP1']!;
      // Typed in decomposed form (NFD), stored composed, and found by its name without diacritics.
      const renamed = ok(await admin.post(`/api/units/${id}/rename`, { name: 'Khu phố Đồng Ấn'.normalize('NFD'), date: '2026-03-01', reason: 'Quyết định của UBND phường' }));
      expect(renamed.name).toBe('Khu phố Đồng Ấn'.normalize('NFC'));
      expect((ok(await baoAn.get('/api/units?q=dong an&level=village')).items as Named[]).map((u) => u.id)).toEqual([renamed.id]);
      // Named back like its neighbour, it is told apart by the commune it came from, through the rename.
      ok(await admin.post(`/api/units/${renamed.id}/rename`, { name: 'Khu phố 1', date: '2026-03-02', reason: 'Đính chính' }));
      expect(byCode(await children(baoAn))['BA-KP1']).toEqual(['Khu phố 1', 'Khu phố 1 (Bảo An cũ)']);
      expect(byCode(await children(baoAn, '2026-03-01'))).toMatchObject({ 'BA-KP1': ['Khu phố Đồng Ấn', null], 'PM-KP1': ['Khu phố 1', null] });
    });
  });
});
