import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';

type Res = LightMyRequestResponse;
interface UnitJson {
  id: string;
  code: string;
  name: string;
  level: string;
  kind: string;
  parentId: string | null;
  validFrom: string;
  validTo: string | null;
  childCount: number;
  path: { id: string; code: string; name: string }[];
}

/** The official list the test database is loaded from: the expected answers come from it. */
const official = JSON.parse(readFileSync(resolve('data/admin-units/vn-units-2025-03-01.json'), 'utf8')) as {
  data: { level1_id: string; name: string; level2s: { level2_id: string; name: string; level3s: { level3_id: string; name: string }[] }[] }[];
};
const province = (code: string) => official.data.find((p) => p.level1_id === code)!;
const district = (code: string) => official.data.flatMap((p) => p.level2s).find((d) => d.level2_id === code)!;

function errorCode(res: Res): string | undefined {
  return res.json().error?.code;
}
function items(res: Res): UnitJson[] {
  expect(res.statusCode).toBe(200);
  return res.json().items;
}
const codes = (res: Res) => items(res).map((x) => x.code);

describe.each(engines)('units API (%s)', (engine) => {
  let t: TestContext;
  const a: Record<string, TestClient> = {};
  let seq = 0;
  /** A village code not used yet. */
  const newCode = () => `T${++seq}-${engine.slice(0, 2)}`;

  /** Makes a village (or another unit) as the nationwide administrator. */
  async function makeUnit(body: Partial<Record<string, unknown>> & { parentCode?: string; parentId?: string }): Promise<UnitJson> {
    const { parentCode, ...rest } = body;
    const res = await a.natAdmin!.post('/api/units', {
      code: newCode(),
      name: 'Khu phố thử',
      level: 'village',
      kind: 'Khu phố',
      validFrom: '2020-01-01',
      ...rest,
      parentId: rest.parentId ?? (parentCode ? await t.unitId(parentCode) : null),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  beforeAll(async () => {
    t = await createTestContext(engine);
    a.natAdmin = await t.as('admin', null, 'qt.toanquoc');
    a.ntAdmin = await t.as('admin', '58', 'qt.ninhthuan');
    a.ntStaff = await t.as('province_staff', '58', 'tinh.ninhthuan');
    a.khStaff = await t.as('province_staff', '56', 'tinh.khanhhoa');
    a.doVinhOfficer = await t.as('commune_officer', '22738', 'xa.dovinh');
    a.leader = await t.as('group_leader', '22738', 'to.dovinh');
    a.anonymous = t.client();
  });
  afterAll(async () => t?.close());

  describe('reading', () => {
    it('a nationwide user starts from the provinces, each with its number of districts', async () => {
      const res = await a.natAdmin!.get('/api/units');
      const list = items(res);
      expect(list.map((x) => x.code)).toEqual(['56', '58']);
      for (const p of list) {
        expect(p.level).toBe('province');
        expect(p.parentId).toBeNull();
        expect(p.childCount).toBe(province(p.code).level2s.length);
      }
    });

    it('a scoped user starts from its own unit', async () => {
      expect(codes(await a.ntAdmin!.get('/api/units'))).toEqual(['58']);
      expect(codes(await a.ntStaff!.get('/api/units'))).toEqual(['58']);
      expect(codes(await a.khStaff!.get('/api/units'))).toEqual(['56']);
      const own = items(await a.doVinhOfficer!.get('/api/units'));
      expect(own.map((x) => x.code)).toEqual(['22738']);
      expect(own[0]!.name).toBe('Phường Đô Vinh');
    });

    it('lists the children of a unit with their own child counts', async () => {
      const districts = items(await a.ntStaff!.get(`/api/units?parentId=${await t.unitId('58')}`));
      expect(districts.map((x) => x.code)).toEqual(province('58').level2s.map((d) => d.level2_id).sort());
      for (const d of districts) {
        expect(d.level).toBe('district');
        expect(d.childCount).toBe(district(d.code).level3s.length);
      }
      const communes = items(await a.ntStaff!.get(`/api/units?parentId=${await t.unitId('582')}`));
      expect(communes.map((x) => x.code)).toEqual(district('582').level3s.map((c) => c.level3_id).sort());
      expect(communes.find((c) => c.code === '22741')!.name).toBe('Phường Phước Mỹ');
    });

    it('a child count follows the villages made under a commune', async () => {
      const parentId = await t.unitId('22744');
      const before = items(await a.ntStaff!.get(`/api/units?parentId=${await t.unitId('582')}`)).find((c) => c.code === '22744')!;
      await makeUnit({ parentCode: '22744' });
      await makeUnit({ parentCode: '22744' });
      const after = items(await a.ntStaff!.get(`/api/units?parentId=${await t.unitId('582')}`)).find((c) => c.code === '22744')!;
      expect(after.childCount).toBe(before.childCount + 2);
      expect(items(await a.ntStaff!.get(`/api/units?parentId=${parentId}`))).toHaveLength(after.childCount);
    });

    it('children of a unit outside the scope, or above it, answer 404', async () => {
      const other = await a.ntStaff!.get(`/api/units?parentId=${await t.unitId('56')}`);
      expect(other.statusCode).toBe(404);
      expect(errorCode(other)).toBe('UNIT_NOT_FOUND');
      const above = await a.doVinhOfficer!.get(`/api/units?parentId=${await t.unitId('582')}`);
      expect(above.statusCode).toBe(404);
      const neighbour = await a.doVinhOfficer!.get(`/api/units?parentId=${await t.unitId('22741')}`);
      expect(neighbour.statusCode).toBe(404);
    });

    it('q finds a unit without diacritics, in any case, by part of its name', async () => {
      for (const q of ['phan rang', 'thap cham', 'PHAN RANG', 'Tháp Chàm', 'phan rang-thap cham']) {
        const found = items(await a.ntStaff!.get(`/api/units?q=${encodeURIComponent(q)}`));
        expect([q, found.map((x) => x.code)]).toEqual([q, ['582']]);
        expect(found[0]!.name).toBe('Thành phố Phan Rang-Tháp Chàm');
      }
      expect(codes(await a.ntStaff!.get('/api/units?q=22741'))).toEqual(['22741']);
    });

    it('a search of only punctuation or wildcards finds nothing rather than everything', async () => {
      for (const q of ['%', '_', '-', '%%']) {
        expect([q, codes(await a.natAdmin!.get(`/api/units?q=${encodeURIComponent(q)}`))]).toEqual([q, []]);
      }
    });

    it('q stays inside the scope', async () => {
      const national = codes(await a.natAdmin!.get('/api/units?q=vinh'));
      expect(national).toEqual(expect.arrayContaining(['22738', '22327']));
      const nt = codes(await a.ntStaff!.get('/api/units?q=vinh'));
      expect(nt).toContain('22738');
      expect(nt).not.toContain('22327');
      const kh = codes(await a.khStaff!.get('/api/units?q=vinh'));
      expect(kh).toContain('22327');
      expect(kh).not.toContain('22738');
      expect(codes(await a.doVinhOfficer!.get('/api/units?q=phuoc%20my'))).toEqual([]);
    });

    it('answers as of a date: a unit is there from its start, and gone from its end', async () => {
      const parentId = await t.unitId('22741');
      const born = await makeUnit({ parentCode: '22741', name: 'Khu phố Mới Lập', validFrom: '2026-01-01' });
      const ended = await makeUnit({ parentCode: '22741', name: 'Khu phố Giải Thể', validFrom: '2026-01-01', validTo: '2026-06-01' });
      const at = async (date: string) => items(await a.ntStaff!.get(`/api/units?parentId=${parentId}&date=${date}`)).map((x) => x.id);
      expect(await at('2025-12-31')).not.toContain(born.id);
      expect(await at('2026-01-01')).toContain(born.id);
      expect(await at('2026-05-31')).toContain(ended.id);
      expect(await at('2026-06-01')).not.toContain(ended.id);
      expect(await at('2026-06-01')).toContain(born.id);
      const countAt = async (date: string) => (await a.ntStaff!.get(`/api/units/${parentId}?date=${date}`)).json().childCount;
      expect(await countAt('2025-12-31')).toBe(0);
      expect(await countAt('2026-05-31')).toBe(2);
      expect(await countAt('2026-06-01')).toBe(1);
      const search = async (date: string) => codes(await a.ntStaff!.get(`/api/units?q=giai%20the&date=${date}`));
      expect(await search('2026-05-31')).toEqual([ended.code]);
      expect(await search('2026-06-01')).toEqual([]);
    });

    it('GET /api/units/:id gives the path from the province down', async () => {
      const res = await a.doVinhOfficer!.get(`/api/units/${await t.unitId('22738')}`);
      expect(res.statusCode).toBe(200);
      const unit: UnitJson = res.json();
      expect(unit).toMatchObject({ code: '22738', name: 'Phường Đô Vinh', level: 'commune', kind: 'Phường', parentId: await t.unitId('582') });
      expect(unit.path.map((p) => [p.code, p.name])).toEqual([
        ['58', 'Tỉnh Ninh Thuận'],
        ['582', 'Thành phố Phan Rang-Tháp Chàm'],
        ['22738', 'Phường Đô Vinh'],
      ]);
      const village = await makeUnit({ parentCode: '22738', name: 'Khu phố 3' });
      const deep = (await a.leader!.get(`/api/units/${village.id}`)).json() as UnitJson;
      expect(deep.path.map((p) => p.code)).toEqual(['58', '582', '22738', village.code]);
      expect(deep.path.map((p) => p.id)).toEqual([await t.unitId('58'), await t.unitId('582'), await t.unitId('22738'), village.id]);
    });

    it('GET /api/units/:id outside the scope answers 404', async () => {
      const cases: [string, string][] = [
        ['ntAdmin', '22327'],
        ['ntAdmin', '56'],
        ['ntStaff', '568'],
        ['khStaff', '22738'],
        ['doVinhOfficer', '22741'],
        ['doVinhOfficer', '582'],
        ['doVinhOfficer', '58'],
        ['leader', '22741'],
      ];
      for (const [actor, code] of cases) {
        const res = await a[actor]!.get(`/api/units/${await t.unitId(code)}`);
        expect([actor, code, res.statusCode, errorCode(res)]).toEqual([actor, code, 404, 'UNIT_NOT_FOUND']);
      }
      expect((await a.ntStaff!.get(`/api/units/${await t.unitId('22741')}`)).statusCode).toBe(200);
    });

    it('not logged in: 401', async () => {
      const list = await a.anonymous!.get('/api/units');
      expect(list.statusCode).toBe(401);
      expect(errorCode(list)).toBe('UNAUTHENTICATED');
      expect((await a.anonymous!.get(`/api/units/${await t.unitId('58')}`)).statusCode).toBe(401);
    });
  });

  describe('creating', () => {
    it('a province admin adds a village under a commune; the audit row records it', async () => {
      const code = newCode();
      const res = await a.ntAdmin!.post('/api/units', {
        code,
        name: 'Khu phố 5'.normalize('NFD'),
        level: 'village',
        kind: 'Khu phố',
        parentId: await t.unitId('22738'),
        validFrom: '2026-01-01',
      });
      expect(res.statusCode).toBe(201);
      const unit: UnitJson = res.json();
      expect(unit).toMatchObject({
        code,
        name: 'Khu phố 5',
        level: 'village',
        kind: 'Khu phố',
        parentId: await t.unitId('22738'),
        validFrom: '2026-01-01',
        validTo: null,
        childCount: 0,
      });
      expect(unit.path.map((p) => p.code)).toEqual(['58', '582', '22738', code]);
      const listed = items(await a.doVinhOfficer!.get(`/api/units?parentId=${await t.unitId('22738')}`));
      expect(listed.map((x) => x.id)).toContain(unit.id);
      expect(codes(await a.doVinhOfficer!.get('/api/units?q=khu%20pho%205'))).toEqual([code]);

      const row = (await t.auditRows('unit.create')).find((r) => r.entity_id === unit.id)!;
      expect(row.actor_username).toBe('qt.ninhthuan');
      expect(row.before_json).toBeNull();
      expect(JSON.parse(row.after_json!)).toEqual({
        code,
        name: 'Khu phố 5',
        kind: 'Khu phố',
        level: 'village',
        parentId: await t.unitId('22738'),
        validFrom: '2026-01-01',
        validTo: null,
      });
    });

    it('the kind must belong to the level (400 UNIT_INVALID_KIND)', async () => {
      const village = await a.ntAdmin!.post('/api/units', {
        code: newCode(), name: 'Sai loại', level: 'village', kind: 'Phường', parentId: await t.unitId('22738'), validFrom: '2026-01-01',
      });
      expect(village.statusCode).toBe(400);
      expect(errorCode(village)).toBe('UNIT_INVALID_KIND');
      const commune = await a.ntAdmin!.post('/api/units', {
        code: newCode(), name: 'Sai loại', level: 'commune', kind: 'Thôn', parentId: await t.unitId('582'), validFrom: '2026-01-01',
      });
      expect(commune.statusCode).toBe(400);
      expect(errorCode(commune)).toBe('UNIT_INVALID_KIND');
    });

    it('the parent must be of the level above (400 UNIT_INVALID_PARENT)', async () => {
      const cases: [string, Record<string, unknown>][] = [
        ['village under a district', { level: 'village', kind: 'Thôn', parentId: await t.unitId('582') }],
        ['village under a province', { level: 'village', kind: 'Thôn', parentId: await t.unitId('58') }],
        ['commune without a parent', { level: 'commune', kind: 'Xã', parentId: null }],
        ['district under a commune', { level: 'district', kind: 'Huyện', parentId: await t.unitId('22738') }],
        ['province under a province', { level: 'province', kind: 'Tỉnh', parentId: await t.unitId('58') }],
      ];
      for (const [label, body] of cases) {
        const res = await a.natAdmin!.post('/api/units', { code: newCode(), name: 'Sai cấp', validFrom: '2026-01-01', ...body });
        expect([label, res.statusCode, errorCode(res)]).toEqual([label, 400, 'UNIT_INVALID_PARENT']);
      }
      // A commune directly under a province is right after the 2025 reform.
      const direct = await a.natAdmin!.post('/api/units', {
        code: newCode(), name: 'Phường Mới', level: 'commune', kind: 'Phường', parentId: await t.unitId('58'), validFrom: '2025-07-01',
      });
      expect(direct.statusCode).toBe(201);
    });

    it('the period must lie inside the parent’s (400 UNIT_PERIOD_OUTSIDE_PARENT)', async () => {
      const before = await a.ntAdmin!.post('/api/units', {
        code: newCode(), name: 'Trước cha', level: 'village', kind: 'Thôn', parentId: await t.unitId('22738'), validFrom: '1899-12-31',
      });
      expect(before.statusCode).toBe(400);
      expect(errorCode(before)).toBe('UNIT_PERIOD_OUTSIDE_PARENT');
      const commune = await makeUnit({ level: 'commune', kind: 'Xã', name: 'Xã Tạm', parentCode: '582', validFrom: '2025-01-01', validTo: '2025-07-01' });
      const body = { name: 'Thôn Tạm', level: 'village', kind: 'Thôn', parentId: commune.id, validFrom: '2025-02-01' };
      const open = await a.ntAdmin!.post('/api/units', { ...body, code: newCode() });
      expect(open.statusCode).toBe(400);
      expect(errorCode(open)).toBe('UNIT_PERIOD_OUTSIDE_PARENT');
      const later = await a.ntAdmin!.post('/api/units', { ...body, code: newCode(), validTo: '2025-08-01' });
      expect(later.statusCode).toBe(400);
      expect(errorCode(later)).toBe('UNIT_PERIOD_OUTSIDE_PARENT');
      const inside = await a.ntAdmin!.post('/api/units', { ...body, code: newCode(), validTo: '2025-07-01' });
      expect(inside.statusCode).toBe(201);
    });

    it('the end must come after the start (400 UNIT_PERIOD_ORDER)', async () => {
      const parentId = await t.unitId('22738');
      for (const validTo of ['2026-01-01', '2025-12-31']) {
        const res = await a.ntAdmin!.post('/api/units', {
          code: newCode(), name: 'Ngược', level: 'village', kind: 'Thôn', parentId, validFrom: '2026-01-01', validTo,
        });
        expect([validTo, res.statusCode, errorCode(res)]).toEqual([validTo, 400, 'UNIT_PERIOD_ORDER']);
      }
    });

    it('a code is unique within a period (409 UNIT_EXISTS) and may be reused in a later one', async () => {
      const code = newCode();
      const parentId = await t.unitId('22741');
      const first = await makeUnit({ code, parentId, validFrom: '2026-01-01', validTo: '2026-06-01' });
      const body = { code, name: 'Trùng mã', level: 'village', kind: 'Thôn', parentId };
      const overlapping: [string, string | null][] = [
        ['2026-03-01', null],
        ['2025-01-01', '2026-01-02'],
        ['2026-05-31', '2026-07-01'],
        ['2026-01-01', '2026-06-01'],
      ];
      for (const [validFrom, validTo] of overlapping) {
        const res = await a.ntAdmin!.post('/api/units', { ...body, validFrom, validTo });
        expect([validFrom, validTo, res.statusCode, errorCode(res)]).toEqual([validFrom, validTo, 409, 'UNIT_EXISTS']);
      }
      const earlier = await a.ntAdmin!.post('/api/units', { ...body, validFrom: '2025-01-01', validTo: '2026-01-01' });
      expect(earlier.statusCode).toBe(201);
      const later = await a.ntAdmin!.post('/api/units', { ...body, name: 'Khu phố kế tiếp', validFrom: '2026-06-01' });
      expect(later.statusCode).toBe(201);
      expect(later.json().id).not.toBe(first.id);
      const inMay = items(await a.ntAdmin!.get(`/api/units?q=${code}&date=2026-05-31`));
      expect(inMay.map((x) => x.id)).toEqual([first.id]);
      const inJune = items(await a.ntAdmin!.get(`/api/units?q=${code}&date=2026-06-01`));
      expect(inJune.map((x) => x.id)).toEqual([later.json().id]);
      // An official code is taken too.
      const official = await a.ntAdmin!.post('/api/units', { ...body, code: '22741', validFrom: '2026-01-01' });
      expect(official.statusCode).toBe(409);
      expect(errorCode(official)).toBe('UNIT_EXISTS');
    });

    it('nobody creates under a unit outside their scope, nor without units.write', async () => {
      const code = newCode();
      const body = { code, name: 'Không được', level: 'village', kind: 'Thôn', validFrom: '2026-01-01' };
      const other = await a.ntAdmin!.post('/api/units', { ...body, parentId: await t.unitId('22327') });
      expect(other.statusCode).toBe(404);
      expect(errorCode(other)).toBe('UNIT_NOT_FOUND');
      const top = await a.ntAdmin!.post('/api/units', { ...body, level: 'province', kind: 'Tỉnh', parentId: null });
      expect(top.statusCode).toBe(403);
      expect(errorCode(top)).toBe('OUT_OF_SCOPE');
      for (const actor of ['ntStaff', 'leader']) {
        const res = await a[actor]!.post('/api/units', { ...body, parentId: await t.unitId('22738') });
        expect([actor, res.statusCode, errorCode(res)]).toEqual([actor, 403, 'FORBIDDEN']);
      }
      // A commune officer adds villages under their own commune only, and nothing above a village.
      const elsewhere = await a.doVinhOfficer!.post('/api/units', { ...body, parentId: await t.unitId('22741') });
      expect([elsewhere.statusCode, errorCode(elsewhere)]).toEqual([404, 'UNIT_NOT_FOUND']);
      const commune = await a.doVinhOfficer!.post('/api/units', { ...body, level: 'commune', kind: 'Xã', parentId: await t.unitId('582') });
      expect([commune.statusCode, errorCode(commune)]).toEqual([403, 'FORBIDDEN']);
      const anonymous = await a.anonymous!.post('/api/units', { ...body, parentId: await t.unitId('22738') });
      expect(anonymous.statusCode).toBe(401);
      expect(codes(await a.natAdmin!.get(`/api/units?q=${code}`))).toEqual([]);
    });
  });

  describe('editing', () => {
    it('a rename is stored NFC, searchable without diacritics, and audited before → after', async () => {
      const village = await makeUnit({ parentCode: '22738', name: 'Khu phố Cũ' });
      const res = await a.ntAdmin!.patch(`/api/units/${village.id}`, { name: 'Khu phố Hòa Bình'.normalize('NFD') });
      expect(res.statusCode).toBe(200);
      expect(res.json().name).toBe('Khu phố Hòa Bình'.normalize('NFC'));
      const row = await t.deps.db.selectFrom('units').select(['name', 'name_search']).where('id', '=', village.id).executeTakeFirstOrThrow();
      expect(row.name).toBe('Khu phố Hòa Bình'.normalize('NFC'));
      expect(row.name_search).toBe('khu pho hoa binh');
      expect(items(await a.doVinhOfficer!.get('/api/units?q=hoa%20binh')).map((x) => x.id)).toEqual([village.id]);
      expect(items(await a.doVinhOfficer!.get('/api/units?q=khu%20pho%20cu')).map((x) => x.id)).not.toContain(village.id);

      const audit = (await t.auditRows('unit.update')).find((r) => r.entity_id === village.id)!;
      expect(audit.actor_username).toBe('qt.ninhthuan');
      expect(JSON.parse(audit.before_json!)).toMatchObject({ name: 'Khu phố Cũ', code: village.code, validTo: null });
      expect(JSON.parse(audit.after_json!)).toMatchObject({ name: 'Khu phố Hòa Bình', code: village.code, validTo: null });
    });

    it('a kind of another level is refused', async () => {
      const village = await makeUnit({ parentCode: '22738' });
      const res = await a.ntAdmin!.patch(`/api/units/${village.id}`, { kind: 'Huyện' });
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('UNIT_INVALID_KIND');
      const ok = await a.ntAdmin!.patch(`/api/units/${village.id}`, { kind: 'Tổ dân phố' });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().kind).toBe('Tổ dân phố');
    });

    it('a unit whose children outlive it cannot be closed until they are', async () => {
      const commune = await makeUnit({ level: 'commune', kind: 'Xã', name: 'Xã Sắp Nhập', parentCode: '582' });
      const village = await makeUnit({ parentId: commune.id, name: 'Thôn Còn Lại' });
      const refused = await a.ntAdmin!.patch(`/api/units/${commune.id}`, { validTo: '2026-06-01' });
      expect(refused.statusCode).toBe(400);
      expect(errorCode(refused)).toBe('UNIT_CHILDREN_OUTLIVE');
      expect((await a.ntAdmin!.get(`/api/units/${commune.id}`)).json().validTo).toBeNull();

      const tooLate = await a.ntAdmin!.patch(`/api/units/${village.id}`, { validTo: '2026-07-01' });
      expect(tooLate.statusCode).toBe(200);
      expect(errorCode(await a.ntAdmin!.patch(`/api/units/${commune.id}`, { validTo: '2026-06-01' }))).toBe('UNIT_CHILDREN_OUTLIVE');

      expect((await a.ntAdmin!.patch(`/api/units/${village.id}`, { validTo: '2026-05-01' })).statusCode).toBe(200);
      const closed = await a.ntAdmin!.patch(`/api/units/${commune.id}`, { validTo: '2026-06-01' });
      expect(closed.statusCode).toBe(200);
      expect(closed.json().validTo).toBe('2026-06-01');
      // The village cannot be reopened past its commune's end.
      const reopen = await a.ntAdmin!.patch(`/api/units/${village.id}`, { validTo: null });
      expect(reopen.statusCode).toBe(400);
      expect(errorCode(reopen)).toBe('UNIT_PERIOD_OUTSIDE_PARENT');

      const audit = (await t.auditRows('unit.update')).filter((r) => r.entity_id === commune.id);
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.before_json!).validTo).toBeNull();
      expect(JSON.parse(audit[0]!.after_json!).validTo).toBe('2026-06-01');
    });

    it('an end before the start is refused, and so is reopening over a later unit with the same code', async () => {
      const code = newCode();
      const first = await makeUnit({ code, parentCode: '22738', validFrom: '2026-01-01', validTo: '2026-06-01' });
      const order = await a.ntAdmin!.patch(`/api/units/${first.id}`, { validTo: '2025-12-01' });
      expect(order.statusCode).toBe(400);
      expect(errorCode(order)).toBe('UNIT_PERIOD_ORDER');
      await makeUnit({ code, parentCode: '22738', validFrom: '2026-06-01' });
      const reopen = await a.ntAdmin!.patch(`/api/units/${first.id}`, { validTo: null });
      expect(reopen.statusCode).toBe(409);
      expect(errorCode(reopen)).toBe('UNIT_EXISTS');
      expect((await a.ntAdmin!.get(`/api/units/${first.id}`)).json().validTo).toBe('2026-06-01');
    });

    it('nobody edits a unit outside their scope, nor without units.write', async () => {
      const khId = await t.unitId('22327');
      const other = await a.ntAdmin!.patch(`/api/units/${khId}`, { name: 'Đổi Tên Trộm' });
      expect(other.statusCode).toBe(404);
      expect(errorCode(other)).toBe('UNIT_NOT_FOUND');
      for (const actor of ['ntStaff', 'leader']) {
        const res = await a[actor]!.patch(`/api/units/${await t.unitId('22738')}`, { name: 'Đổi Tên Trộm' });
        expect([actor, res.statusCode, errorCode(res)]).toEqual([actor, 403, 'FORBIDDEN']);
      }
      const officerOnDistrict = await a.doVinhOfficer!.patch(`/api/units/${await t.unitId('582')}`, { name: 'Đổi Tên Trộm' });
      expect([officerOnDistrict.statusCode, errorCode(officerOnDistrict)]).toEqual([404, 'UNIT_NOT_FOUND']);
      expect((await a.anonymous!.patch(`/api/units/${khId}`, { name: 'Đổi Tên Trộm' })).statusCode).toBe(401);
      expect((await a.natAdmin!.get(`/api/units/${khId}`)).json().name).toBe('Phường Vĩnh Hòa');
      expect((await a.natAdmin!.get(`/api/units/${await t.unitId('22738')}`)).json().name).toBe('Phường Đô Vinh');
    });

    it('the unit that defines an admin’s scope is edited from above, not by that admin (403 OUT_OF_SCOPE)', async () => {
      const res = await a.ntAdmin!.patch(`/api/units/${await t.unitId('58')}`, { name: 'Tỉnh Đổi Tên' });
      expect([res.statusCode, errorCode(res)]).toEqual([403, 'OUT_OF_SCOPE']);
      expect((await a.natAdmin!.get(`/api/units/${await t.unitId('58')}`)).json().name).toBe('Tỉnh Ninh Thuận');
    });
  });

  describe('villages by commune officers', () => {
    it('moves a village to another commune from a date, keeping where it was before that date', async () => {
      const code = newCode();
      const v = await makeUnit({ code, parentCode: '22738', validFrom: '2015-01-01' });
      const officer = a.doVinhOfficer!;
      // The officer of Đô Vinh cannot move it into a commune outside their scope.
      const outside = await officer.post(`/api/units/${v.id}/move`, { parentId: await t.unitId('22741'), date: '2026-01-01' });
      expect([outside.statusCode, errorCode(outside)]).toEqual([404, 'UNIT_NOT_FOUND']);
      const tooEarly = await a.natAdmin!.post(`/api/units/${v.id}/move`, { parentId: await t.unitId('22741'), date: '2015-01-01' });
      expect(errorCode(tooEarly)).toBe('UNIT_MOVE_DATE');
      const moved = await a.natAdmin!.post(`/api/units/${v.id}/move`, { parentId: await t.unitId('22741'), date: '2026-01-01' });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json()).toMatchObject({ code, validFrom: '2026-01-01', validTo: null });
      const before = (await a.natAdmin!.get(`/api/units/resolve?code=${code}&date=2025-12-31`)).json();
      const after = (await a.natAdmin!.get(`/api/units/resolve?code=${code}&date=2026-01-01`)).json();
      expect(before.parent.code).toBe('22738');
      expect(after.parent.code).toBe('22741');
      const history = (await a.natAdmin!.get(`/api/units/${moved.json().id}/history`)).json();
      expect(history.formedFrom.map((f: { code: string; share: string }) => [f.code, f.share])).toEqual([[code, 'full']]);
      expect(history.sameCode.map((x: { parentName: string }) => x.parentName)).toEqual(['Phường Đô Vinh', 'Phường Phước Mỹ']);
      const commune = await a.natAdmin!.post(`/api/units/${await t.unitId('22738')}/move`, { parentId: await t.unitId('582'), date: '2026-01-01' });
      expect(errorCode(commune)).toBe('UNIT_MOVE_VILLAGES_ONLY');
      expect((await t.auditRows('unit.move')).map((r) => r.actor_username)).toEqual(['qt.toanquoc']);
    });

    it('an officer adds, renames, closes and deletes villages of their commune, each audited', async () => {
      const parentId = await t.unitId('22738');
      const code = newCode();
      const created = await a.doVinhOfficer!.post('/api/units', { code, name: 'Khu phố  1', level: 'village', kind: 'Khu phố', parentId, validFrom: '2020-01-01' });
      expect(created.statusCode, created.body).toBe(201);
      const v = created.json();
      expect(v.name).toBe('Khu phố 1');
      const renamed = await a.doVinhOfficer!.patch(`/api/units/${v.id}`, { name: 'Khu phố Đô Vinh 1' });
      expect(renamed.json().name).toBe('Khu phố Đô Vinh 1');
      const closed = await a.doVinhOfficer!.patch(`/api/units/${v.id}`, { validTo: '2026-01-01' });
      expect(closed.json().validTo).toBe('2026-01-01');
      const scratch = (await a.doVinhOfficer!.post('/api/units', { code: newCode(), name: 'Nhập nhầm', level: 'village', kind: 'Thôn', parentId, validFrom: '2020-01-01' })).json();
      expect((await a.doVinhOfficer!.delete(`/api/units/${scratch.id}`)).statusCode).toBe(204);
      const officerRows = (await t.auditRows()).filter((r) => r.actor_username === 'xa.dovinh' && r.action.startsWith('unit.'));
      expect(officerRows.map((r) => r.action)).toEqual(['unit.create', 'unit.update', 'unit.update', 'unit.create', 'unit.delete']);
    });
  });

  describe('deleting', () => {
    it('a unit made by mistake is deleted (204), is gone, and the audit row keeps what it was', async () => {
      const village = await makeUnit({ parentCode: '22741', name: 'Thôn Nhầm' });
      const res = await a.ntAdmin!.delete(`/api/units/${village.id}`);
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
      const gone = await a.ntAdmin!.get(`/api/units/${village.id}`);
      expect(gone.statusCode).toBe(404);
      const row = (await t.auditRows('unit.delete')).find((r) => r.entity_id === village.id)!;
      expect(row.actor_username).toBe('qt.ninhthuan');
      expect(JSON.parse(row.before_json!)).toMatchObject({ code: village.code, name: 'Thôn Nhầm', level: 'village' });
      expect(row.after_json).toBeNull();
    });

    it('a unit with children or users is in use (409 UNIT_IN_USE)', async () => {
      const withChildren = await a.natAdmin!.delete(`/api/units/${await t.unitId('582')}`);
      expect(withChildren.statusCode).toBe(409);
      expect(errorCode(withChildren)).toBe('UNIT_IN_USE');
      const village = await makeUnit({ parentCode: '22741' });
      await t.makeUser('group_leader', village.code);
      const withUser = await a.ntAdmin!.delete(`/api/units/${village.id}`);
      expect(withUser.statusCode).toBe(409);
      expect(errorCode(withUser)).toBe('UNIT_IN_USE');
      expect((await a.ntAdmin!.get(`/api/units/${village.id}`)).statusCode).toBe(200);
    });

    it('nobody deletes a unit outside their scope, their own scope unit, or without units.write', async () => {
      const khVillage = await makeUnit({ parentCode: '22327' });
      const other = await a.ntAdmin!.delete(`/api/units/${khVillage.id}`);
      expect(other.statusCode).toBe(404);
      expect(errorCode(other)).toBe('UNIT_NOT_FOUND');
      const own = await a.ntAdmin!.delete(`/api/units/${await t.unitId('58')}`);
      expect(own.statusCode).toBe(403);
      expect(errorCode(own)).toBe('OUT_OF_SCOPE');
      const ntVillage = await makeUnit({ parentCode: '22738' });
      for (const actor of ['ntStaff', 'leader']) {
        const res = await a[actor]!.delete(`/api/units/${ntVillage.id}`);
        expect([actor, res.statusCode, errorCode(res)]).toEqual([actor, 403, 'FORBIDDEN']);
      }
      const officerOnCommune = await a.doVinhOfficer!.delete(`/api/units/${await t.unitId('22738')}`);
      expect([officerOnCommune.statusCode, errorCode(officerOnCommune)]).toEqual([403, 'FORBIDDEN']);
      const officerElsewhere = await a.doVinhOfficer!.delete(`/api/units/${khVillage.id}`);
      expect([officerElsewhere.statusCode, errorCode(officerElsewhere)]).toEqual([404, 'UNIT_NOT_FOUND']);
      expect((await a.anonymous!.delete(`/api/units/${ntVillage.id}`)).statusCode).toBe(401);
      expect((await a.natAdmin!.get(`/api/units/${khVillage.id}`)).statusCode).toBe(200);
      expect((await a.natAdmin!.get(`/api/units/${ntVillage.id}`)).statusCode).toBe(200);
      expect((await t.auditRows('unit.delete')).map((r) => r.entity_id)).not.toContain(khVillage.id);
    });
  });
});
