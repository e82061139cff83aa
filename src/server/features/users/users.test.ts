import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import { createTestContext, engines, TEST_PASSWORD, type TestClient, type TestContext } from '../../test/harness.js';

type Res = LightMyRequestResponse;

function errorCode(res: Res): string | undefined {
  return res.json().error?.code;
}

async function myId(c: TestClient): Promise<string> {
  const res = await c.get('/api/auth/me');
  expect(res.statusCode).toBe(200);
  return res.json().user.id;
}

/** Every endpoint that changes a user, called the way the web app calls it. */
const writes: [string, (c: TestClient, id: string) => Promise<Res>][] = [
  ['PATCH /api/users/:id', (c, id) => c.patch(`/api/users/${id}`, { fullName: 'Tên Đã Đổi' })],
  ['POST /api/users/:id/disable', (c, id) => c.post(`/api/users/${id}/disable`)],
  ['POST /api/users/:id/enable', (c, id) => c.post(`/api/users/${id}/enable`)],
  ['POST /api/users/:id/reset-password', (c, id) => c.post(`/api/users/${id}/reset-password`)],
  ['POST /api/users/:id/reset-totp', (c, id) => c.post(`/api/users/${id}/reset-totp`)],
];

describe.each(engines)('users API (%s)', (engine) => {
  let t: TestContext;
  /** Actors, by name. */
  const a: Record<string, TestClient> = {};
  /** Target users, by name. */
  const u: Record<string, { id: string; username: string }> = {};
  let villageId: string;

  beforeAll(async () => {
    t = await createTestContext(engine);
    a.natAdmin = await t.as('admin', null, 'qt.toanquoc');
    // A village (khu phố) under Phường Đô Vinh, so that a user can be scoped below a commune.
    const village = await a.natAdmin.post('/api/units', {
      code: '22738-KP1',
      name: 'Khu phố 1',
      level: 'village',
      kind: 'Khu phố',
      parentId: await t.unitId('22738'),
      validFrom: '2020-01-01',
    });
    expect(village.statusCode).toBe(201);
    villageId = village.json().id;

    a.ntAdmin = await t.as('admin', '58', 'qt.ninhthuan');
    a.doVinhAdmin = await t.as('admin', '22738', 'qt.dovinh');
    a.ntStaff = await t.as('province_staff', '58', 'tinh.ninhthuan');
    a.doVinhOfficer = await t.as('commune_officer', '22738', 'xa.dovinh');
    a.phuocMyOfficer = await t.as('commune_officer', '22741', 'xa.phuocmy');
    a.leader = await t.as('group_leader', '22738', 'to.dovinh');
    a.natViewer = await t.as('viewer', null, 'xem.toanquoc');
    a.cityViewer = await t.as('viewer', '582', 'xem.phanrang');
    a.anonymous = t.client();

    u.village = await t.makeUser('group_leader', '22738-KP1', 'muc.khupho1');
    u.doVinh = await t.makeUser('commune_officer', '22738', 'muc.dovinh');
    u.phuocMy = await t.makeUser('commune_officer', '22741', 'muc.phuocmy');
    u.city = await t.makeUser('viewer', '582', 'muc.phanrang');
    u.province = await t.makeUser('province_staff', '58', 'muc.ninhthuan');
    u.khanhHoa = await t.makeUser('commune_officer', '22327', 'muc.vinhhoa');
    u.national = await t.makeUser('viewer', null, 'muc.toanquoc');
  });
  afterAll(async () => t?.close());

  describe('reading: who sees whom', () => {
    const targets = ['village', 'doVinh', 'phuocMy', 'city', 'province', 'khanhHoa', 'national'] as const;
    // What each actor may see; every other target answers 404 (or 403/401 for the whole row).
    const visible: Record<string, readonly (typeof targets)[number][] | 403 | 401> = {
      natAdmin: targets,
      natViewer: targets,
      ntAdmin: ['village', 'doVinh', 'phuocMy', 'city', 'province'],
      ntStaff: ['village', 'doVinh', 'phuocMy', 'city', 'province'],
      cityViewer: ['village', 'doVinh', 'phuocMy', 'city'],
      doVinhAdmin: ['village', 'doVinh'],
      doVinhOfficer: ['village', 'doVinh'],
      phuocMyOfficer: ['phuocMy'],
      leader: 403,
      anonymous: 401,
    };

    it.each(Object.keys(visible))('GET /api/users/:id as %s', async (actor) => {
      const expected = visible[actor]!;
      for (const target of targets) {
        const res = await a[actor]!.get(`/api/users/${u[target]!.id}`);
        const label = `${actor} → ${target}`;
        if (expected === 403) {
          expect([label, res.statusCode, errorCode(res)]).toEqual([label, 403, 'FORBIDDEN']);
        } else if (expected === 401) {
          expect([label, res.statusCode, errorCode(res)]).toEqual([label, 401, 'UNAUTHENTICATED']);
        } else if (expected.includes(target)) {
          expect([label, res.statusCode]).toEqual([label, 200]);
          expect(res.json()).toMatchObject({ id: u[target]!.id, username: u[target]!.username });
          expect(res.json()).not.toHaveProperty('passwordHash');
        } else {
          expect([label, res.statusCode, errorCode(res)]).toEqual([label, 404, 'USER_NOT_FOUND']);
        }
      }
    });

    it.each(Object.keys(visible))('GET /api/users as %s lists exactly the users in scope', async (actor) => {
      const expected = visible[actor]!;
      const res = await a[actor]!.get('/api/users?pageSize=200');
      if (expected === 403) {
        expect(res.statusCode).toBe(403);
        expect(errorCode(res)).toBe('FORBIDDEN');
        return;
      }
      if (expected === 401) {
        expect(res.statusCode).toBe(401);
        expect(errorCode(res)).toBe('UNAUTHENTICATED');
        return;
      }
      expect(res.statusCode).toBe(200);
      const ids = new Set(res.json().items.map((x: { id: string }) => x.id));
      for (const target of targets) {
        expect([actor, target, ids.has(u[target]!.id)]).toEqual([actor, target, expected.includes(target)]);
      }
      expect(res.json().total).toBe(res.json().items.length);
    });

    it('a scoped list never holds a nationwide user nor one of another province', async () => {
      const res = await a.ntStaff!.get('/api/users?pageSize=200');
      const items: { scope: { code: string } | null }[] = res.json().items;
      expect(items.length).toBeGreaterThan(5);
      expect(items.filter((x) => x.scope === null)).toEqual([]);
      expect(items.filter((x) => x.scope!.code === '22327' || x.scope!.code === '56')).toEqual([]);
    });

    it('a commune officer lists only users of its commune and the villages below it', async () => {
      const res = await a.doVinhOfficer!.get('/api/users?pageSize=200');
      const codes = new Set(res.json().items.map((x: { scope: { code: string } }) => x.scope.code));
      expect([...codes].sort()).toEqual(['22738', '22738-KP1']);
    });

    it('a user is visible to the officer of the commune its village lies in, not to the neighbouring one', async () => {
      const seen = await a.doVinhOfficer!.get(`/api/users/${u.village!.id}`);
      expect(seen.statusCode).toBe(200);
      expect(seen.json().scope).toMatchObject({ code: '22738-KP1', level: 'village', id: villageId });
      const hidden = await a.phuocMyOfficer!.get(`/api/users/${u.village!.id}`);
      expect(hidden.statusCode).toBe(404);
    });

    it('an unknown id answers 404 and a malformed one 400', async () => {
      const unknown = await a.natAdmin!.get('/api/users/01890000-0000-7000-8000-000000000000');
      expect(unknown.statusCode).toBe(404);
      expect(errorCode(unknown)).toBe('USER_NOT_FOUND');
      const malformed = await a.natAdmin!.get('/api/users/not-a-uuid');
      expect(malformed.statusCode).toBe(400);
      expect(errorCode(malformed)).toBe('VALIDATION_FAILED');
    });
  });

  describe('list filters', () => {
    const made: Record<string, string> = {};
    beforeAll(async () => {
      const people: [string, string, string, string][] = [
        ['loc.nvbinh', 'Nguyễn Văn Bình', 'commune_officer', '22744'],
        ['loc.nvcuong', 'Nguyễn Văn Cường', 'viewer', '22744'],
        ['loc.ntlan', 'Nguyễn Thị Lan', 'viewer', '22744'],
        ['loc.lvnguyen', 'Lê Văn Nguyên', 'viewer', '22744'],
        ['le_an', 'Trần Thị Thu', 'viewer', '585'],
        ['lexan', 'Lê Xuân An', 'viewer', '585'],
        ['loc.nvdung', 'Nguyễn Văn Dũng', 'commune_officer', '22327'],
      ];
      for (const [username, fullName, role, code] of people) {
        const res = await a.natAdmin!.post('/api/users', {
          username,
          fullName,
          role,
          scopeUnitId: await t.unitId(code),
          password: TEST_PASSWORD,
        });
        expect(res.statusCode).toBe(201);
        made[username] = res.json().user.id;
      }
    });

    const names = async (c: TestClient, query: string) => {
      const res = await c.get(`/api/users?pageSize=200&${query}`);
      expect(res.statusCode).toBe(200);
      return (res.json().items as { username: string }[]).map((x) => x.username).sort();
    };

    it('q without diacritics finds names with them', async () => {
      expect(await names(a.natAdmin!, 'q=nguyen%20van')).toEqual(['loc.nvbinh', 'loc.nvcuong', 'loc.nvdung']);
      expect(await names(a.natAdmin!, `q=${encodeURIComponent('NGUYỄN VĂN')}`)).toEqual(['loc.nvbinh', 'loc.nvcuong', 'loc.nvdung']);
      expect(await names(a.natAdmin!, 'q=cuong')).toEqual(['loc.nvcuong']);
    });

    it('q stays inside the scope', async () => {
      expect(await names(a.ntAdmin!, 'q=nguyen%20van')).toEqual(['loc.nvbinh', 'loc.nvcuong']);
    });

    it('q finds a username', async () => {
      expect(await names(a.natAdmin!, 'q=loc.ntlan')).toEqual(['loc.ntlan']);
    });

    it('% and _ in q are matched literally, not as wildcards', async () => {
      const all = await a.natAdmin!.get('/api/users?pageSize=200');
      expect(all.json().total).toBeGreaterThan(10);
      expect(await names(a.natAdmin!, 'q=%25')).toEqual([]);
      expect(await names(a.natAdmin!, 'q=loc%25lan')).toEqual([]);
      expect(await names(a.natAdmin!, 'q=_')).toEqual(['le_an']);
      expect(await names(a.natAdmin!, 'q=le_an')).toEqual(['le_an']);
    });

    it('filters by role', async () => {
      const res = await a.ntAdmin!.get('/api/users?pageSize=200&role=commune_officer');
      const items: { username: string; role: string }[] = res.json().items;
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((x) => x.role === 'commune_officer')).toBe(true);
      expect(items.map((x) => x.username)).toContain('loc.nvbinh');
      expect(items.map((x) => x.username)).not.toContain('loc.nvcuong');
    });

    it('filters by status', async () => {
      const target = made['loc.ntlan']!;
      expect((await a.ntAdmin!.post(`/api/users/${target}/disable`)).statusCode).toBe(200);
      const disabled = await a.ntAdmin!.get('/api/users?pageSize=200&status=disabled');
      const items: { id: string; disabled: boolean }[] = disabled.json().items;
      expect(items.map((x) => x.id)).toContain(target);
      expect(items.every((x) => x.disabled)).toBe(true);
      const active = await a.ntAdmin!.get('/api/users?pageSize=200&status=active');
      expect(active.json().items.map((x: { id: string }) => x.id)).not.toContain(target);
      expect(active.json().items.every((x: { disabled: boolean }) => !x.disabled)).toBe(true);
      expect((await a.ntAdmin!.post(`/api/users/${target}/enable`)).statusCode).toBe(200);
    });

    it('filters by a unit and everything below it', async () => {
      const city = await names(a.ntAdmin!, `unitId=${await t.unitId('582')}`);
      expect(city).toEqual(expect.arrayContaining(['muc.khupho1', 'muc.dovinh', 'muc.phuocmy', 'muc.phanrang', 'loc.nvbinh']));
      expect(city).not.toContain('muc.ninhthuan'); // scoped to the province, above the city
      expect(city).not.toContain('le_an'); // Ninh Sơn
      expect(city).not.toContain('loc.nvdung'); // Khánh Hòa
      const commune = await names(a.ntAdmin!, `unitId=${await t.unitId('22738')}`);
      expect(commune).toEqual(expect.arrayContaining(['muc.khupho1', 'muc.dovinh', 'xa.dovinh']));
      expect(commune).not.toContain('muc.phuocmy');
    });

    it('a unit filter outside the scope answers 404', async () => {
      const res = await a.ntAdmin!.get(`/api/users?unitId=${await t.unitId('56')}`);
      expect(res.statusCode).toBe(404);
      expect(errorCode(res)).toBe('UNIT_NOT_FOUND');
    });

    it('pages through the results with the total of all of them', async () => {
      const unitId = await t.unitId('22744');
      const first = await a.ntAdmin!.get(`/api/users?unitId=${unitId}&pageSize=3&page=1`);
      const second = await a.ntAdmin!.get(`/api/users?unitId=${unitId}&pageSize=3&page=2`);
      expect(first.json()).toMatchObject({ total: 4, page: 1, pageSize: 3 });
      expect(second.json()).toMatchObject({ total: 4, page: 2, pageSize: 3 });
      const ids1: string[] = first.json().items.map((x: { id: string }) => x.id);
      const ids2: string[] = second.json().items.map((x: { id: string }) => x.id);
      expect(ids1).toHaveLength(3);
      expect(ids2).toHaveLength(1);
      expect([...ids1, ...ids2].sort()).toEqual(
        ['loc.nvbinh', 'loc.nvcuong', 'loc.ntlan', 'loc.lvnguyen'].map((n) => made[n]!).sort(),
      );
    });
  });

  describe('creating', () => {
    it('a scoped admin creates a user inside its province; the audit row names the actor', async () => {
      const res = await a.ntAdmin!.post('/api/users', {
        username: 'Moi.PhuocMy',
        fullName: 'Đặng Văn Mới',
        role: 'commune_officer',
        scopeUnitId: await t.unitId('22741'),
        email: 'moi@example.vn',
        password: TEST_PASSWORD,
      });
      expect(res.statusCode).toBe(201);
      const created = res.json();
      expect(created.temporaryPassword).toBeNull();
      expect(created.user).toMatchObject({
        username: 'moi.phuocmy',
        fullName: 'Đặng Văn Mới',
        role: 'commune_officer',
        scope: { code: '22741', name: 'Phường Phước Mỹ', level: 'commune' },
        disabled: false,
        mustChangePassword: false,
      });
      const again = await a.phuocMyOfficer!.get(`/api/users/${created.user.id}`);
      expect(again.statusCode).toBe(200);
      const row = (await t.auditRows('user.create')).find((r) => r.entity_id === created.user.id)!;
      expect(row.actor_username).toBe('qt.ninhthuan');
      expect(row.before_json).toBeNull();
      expect(JSON.parse(row.after_json!)).toMatchObject({
        username: 'moi.phuocmy',
        fullName: 'Đặng Văn Mới',
        role: 'commune_officer',
        scope: '22741 Phường Phước Mỹ',
        email: 'moi@example.vn',
      });
      const login = await t.client().login('moi.phuocmy');
      expect(login.statusCode).toBe(200);
    });

    it('a scoped admin cannot create a user of another province nor a nationwide one', async () => {
      const before = (await t.auditRows('user.create')).length;
      const other = await a.ntAdmin!.post('/api/users', {
        username: 'ngoai.tinh',
        fullName: 'Ngoài Tỉnh',
        role: 'province_staff',
        scopeUnitId: await t.unitId('56'),
      });
      expect(other.statusCode).toBe(403);
      expect(errorCode(other)).toBe('ROLE_NOT_ALLOWED');
      const national = await a.ntAdmin!.post('/api/users', { username: 'ngoai.tinh', fullName: 'Toàn Quốc', role: 'viewer', scopeUnitId: null });
      expect(national.statusCode).toBe(403);
      expect(errorCode(national)).toBe('ROLE_NOT_ALLOWED');
      const nationalAdmin = await a.ntAdmin!.post('/api/users', { username: 'ngoai.tinh', fullName: 'Toàn Quốc', role: 'admin', scopeUnitId: null });
      expect(nationalAdmin.statusCode).toBe(403);
      expect((await t.auditRows('user.create')).length).toBe(before);
      const list = await a.natAdmin!.get('/api/users?q=ngoai.tinh');
      expect(list.json().total).toBe(0);
    });

    it('an admin of a commune cannot create a user in the neighbouring commune nor over its own district', async () => {
      const neighbour = await a.doVinhAdmin!.post('/api/users', {
        username: 'sang.phuocmy',
        fullName: 'Sang Phước Mỹ',
        role: 'commune_officer',
        scopeUnitId: await t.unitId('22741'),
      });
      expect(neighbour.statusCode).toBe(403);
      expect(errorCode(neighbour)).toBe('ROLE_NOT_ALLOWED');
      const above = await a.doVinhAdmin!.post('/api/users', {
        username: 'sang.phuocmy',
        fullName: 'Sang Phước Mỹ',
        role: 'commune_officer',
        scopeUnitId: await t.unitId('582'),
      });
      expect(above.statusCode).toBe(403);
      expect(errorCode(above)).toBe('ROLE_NOT_ALLOWED');
      const inside = await a.doVinhAdmin!.post('/api/users', {
        username: 'sang.phuocmy',
        fullName: 'Sang Phước Mỹ',
        role: 'group_leader',
        scopeUnitId: villageId,
      });
      expect(inside.statusCode).toBe(201);
    });

    it.each(['ntStaff', 'doVinhOfficer', 'leader', 'natViewer'])('%s may not create users (403)', async (actor) => {
      const res = await a[actor]!.post('/api/users', {
        username: `khong.duoc.${actor.toLowerCase()}`,
        fullName: 'Không Được',
        role: 'viewer',
        scopeUnitId: await t.unitId('22738'),
      });
      expect(res.statusCode).toBe(403);
      expect(errorCode(res)).toBe('FORBIDDEN');
      expect((await a.natAdmin!.get(`/api/users?q=khong.duoc.${actor.toLowerCase()}`)).json().total).toBe(0);
    });

    it('not logged in: 401', async () => {
      const res = await a.anonymous!.post('/api/users', { username: 'an.danh', fullName: 'Ẩn Danh', role: 'viewer', scopeUnitId: null });
      expect(res.statusCode).toBe(401);
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
    });

    it('a taken username answers 409 USERNAME_TAKEN, whatever its case', async () => {
      const body = { fullName: 'Trùng Tên', role: 'viewer', scopeUnitId: await t.unitId('22738') };
      const res = await a.ntAdmin!.post('/api/users', { ...body, username: 'MUC.DOVINH' });
      expect(res.statusCode).toBe(409);
      expect(errorCode(res)).toBe('USERNAME_TAKEN');
      expect(res.json().error.message).toContain('muc.dovinh');
      // Usernames are unique across the country, not per scope.
      const elsewhere = await a.ntAdmin!.post('/api/users', { ...body, username: 'muc.vinhhoa' });
      expect(elsewhere.statusCode).toBe(409);
    });

    it('a role needs a scope at its level', async () => {
      const staffOnCommune = await a.natAdmin!.post('/api/users', {
        username: 'cap.sai1',
        fullName: 'Cấp Sai',
        role: 'province_staff',
        scopeUnitId: await t.unitId('22738'),
      });
      expect(staffOnCommune.statusCode).toBe(400);
      expect(errorCode(staffOnCommune)).toBe('SCOPE_LEVEL');
      const officerOnProvince = await a.natAdmin!.post('/api/users', {
        username: 'cap.sai2',
        fullName: 'Cấp Sai',
        role: 'commune_officer',
        scopeUnitId: await t.unitId('58'),
      });
      expect(officerOnProvince.statusCode).toBe(400);
      expect(errorCode(officerOnProvince)).toBe('SCOPE_LEVEL');
      const officerNowhere = await a.natAdmin!.post('/api/users', { username: 'cap.sai3', fullName: 'Cấp Sai', role: 'commune_officer', scopeUnitId: null });
      expect(officerNowhere.statusCode).toBe(400);
      expect(errorCode(officerNowhere)).toBe('SCOPE_REQUIRED');
      const staffNowhere = await a.natAdmin!.post('/api/users', { username: 'cap.sai4', fullName: 'Cấp Sai', role: 'province_staff', scopeUnitId: null });
      expect(staffNowhere.statusCode).toBe(400);
      expect(errorCode(staffNowhere)).toBe('SCOPE_REQUIRED');
      const officerOnDistrict = await a.natAdmin!.post('/api/users', {
        username: 'cap.dung',
        fullName: 'Cấp Đúng',
        role: 'commune_officer',
        scopeUnitId: await t.unitId('582'),
      });
      expect(officerOnDistrict.statusCode).toBe(201);
      expect((await a.natAdmin!.get('/api/users?q=cap.sai')).json().total).toBe(0);
    });

    it('a scope unit must be valid today: neither ended nor yet to begin (400 SCOPE_UNIT_CLOSED)', async () => {
      const parentId = await t.unitId('22738');
      const village = (from: string, to: string | null, code: string) =>
        a.natAdmin!.post('/api/units', { code, name: `Khu phố ${code}`, level: 'village', kind: 'Khu phố', parentId, validFrom: from, validTo: to });
      const ended = (await village('2010-01-01', '2020-01-01', `HL-${engine}-1`)).json();
      const future = (await village('2030-01-01', null, `HL-${engine}-2`)).json();
      for (const [n, unit] of [ended, future].entries()) {
        const res = await a.natAdmin!.post('/api/users', { username: `hl.${n}`, fullName: 'Hiệu Lực', role: 'group_leader', scopeUnitId: unit.id });
        expect([res.statusCode, errorCode(res)]).toEqual([400, 'SCOPE_UNIT_CLOSED']);
      }
    });

    it('without a password, a one-time password is returned once and logs in with a forced change', async () => {
      const res = await a.ntAdmin!.post('/api/users', {
        username: 'tam.thoi',
        fullName: 'Mật Khẩu Tạm',
        role: 'commune_officer',
        scopeUnitId: await t.unitId('22738'),
      });
      expect(res.statusCode).toBe(201);
      const { user, temporaryPassword } = res.json();
      expect(typeof temporaryPassword).toBe('string');
      expect(temporaryPassword.length).toBeGreaterThanOrEqual(10);
      expect(user.mustChangePassword).toBe(true);
      const read = await a.ntAdmin!.get(`/api/users/${user.id}`);
      expect(read.body).not.toContain(temporaryPassword);
      const listed = await a.ntAdmin!.get('/api/users?q=tam.thoi');
      expect(listed.body).not.toContain(temporaryPassword);
      const audit = (await t.auditRows('user.create')).find((r) => r.entity_id === user.id)!;
      expect(audit.after_json).not.toContain(temporaryPassword);

      const wrong = await t.client().login('tam.thoi', 'Sai-mat-khau-1');
      expect(wrong.statusCode).toBe(401);
      const c = t.client();
      const login = await c.login('tam.thoi', temporaryPassword);
      expect(login.statusCode).toBe(200);
      expect(login.json().user.mustChangePassword).toBe(true);
      const blocked = await c.get('/api/users');
      expect(blocked.statusCode).toBe(403);
      expect(errorCode(blocked)).toBe('PASSWORD_CHANGE_REQUIRED');
    });

    it('stores a decomposed (NFD) full name as NFC and finds it without diacritics', async () => {
      const nfd = 'Nguyễn Thị Hồng Nhung'.normalize('NFD');
      expect(nfd).not.toBe(nfd.normalize('NFC'));
      const res = await a.natAdmin!.post('/api/users', {
        username: 'ten.nfd',
        fullName: nfd,
        role: 'viewer',
        scopeUnitId: await t.unitId('22741'),
        password: TEST_PASSWORD,
      });
      expect(res.statusCode).toBe(201);
      const id = res.json().user.id;
      const read = await a.natAdmin!.get(`/api/users/${id}`);
      expect(read.json().fullName).toBe('Nguyễn Thị Hồng Nhung'.normalize('NFC'));
      const row = await t.deps.db.selectFrom('users').select('full_name').where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.full_name).toBe('Nguyễn Thị Hồng Nhung'.normalize('NFC'));
      const found = await a.natAdmin!.get('/api/users?q=hong%20nhung');
      expect(found.json().items.map((x: { id: string }) => x.id)).toEqual([id]);
      const byNfd = await a.natAdmin!.get(`/api/users?q=${encodeURIComponent('Hồng Nhung'.normalize('NFD'))}`);
      expect(byNfd.json().items.map((x: { id: string }) => x.id)).toEqual([id]);
    });

    it('rejects a malformed body with 400', async () => {
      const res = await a.natAdmin!.post('/api/users', { username: 'x', fullName: '', role: 'chief', scopeUnitId: null });
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('VALIDATION_FAILED');
    });
  });

  describe('changing: scope and permission of every write', () => {
    it.each(writes)('%s: an admin of the commune may, inside it', async (_name, call) => {
      const target = await t.makeUser('commune_officer', '22738');
      const res = await call(a.doVinhAdmin!, target.id);
      expect(res.statusCode).toBe(200);
    });

    it.each(writes)('%s: an admin of the province may, in any of its communes', async (_name, call) => {
      const target = await t.makeUser('commune_officer', '22741');
      const res = await call(a.ntAdmin!, target.id);
      expect(res.statusCode).toBe(200);
    });

    it.each(writes)('%s: out of scope answers 404 and changes nothing', async (_name, call) => {
      const cases: [string, string][] = [
        ['doVinhAdmin', 'phuocMy'], // another commune of the same province
        ['doVinhAdmin', 'city'], // the district above its commune
        ['doVinhAdmin', 'khanhHoa'], // the other province
        ['doVinhAdmin', 'national'],
        ['ntAdmin', 'khanhHoa'],
        ['ntAdmin', 'national'],
      ];
      const snapshot = async () =>
        Promise.all(cases.map(async ([, target]) => (await a.natAdmin!.get(`/api/users/${u[target]!.id}`)).json()));
      const auditBefore = (await t.auditRows()).length;
      const before = await snapshot();
      t.clock.advance(60_000);
      for (const [actor, target] of cases) {
        const res = await call(a[actor]!, u[target]!.id);
        expect([actor, target, res.statusCode, errorCode(res)]).toEqual([actor, target, 404, 'USER_NOT_FOUND']);
      }
      expect(await snapshot()).toEqual(before);
      expect((await t.auditRows()).length).toBe(auditBefore);
      // The old password still works: nothing was reset.
      expect((await t.client().login(u.khanhHoa!.username)).statusCode).toBe(200);
    });

    it.each(writes)('%s: roles without users.write get 403, even in scope', async (_name, call) => {
      const before = (await a.natAdmin!.get(`/api/users/${u.doVinh!.id}`)).json();
      for (const actor of ['ntStaff', 'doVinhOfficer', 'leader', 'natViewer', 'cityViewer']) {
        const res = await call(a[actor]!, u.doVinh!.id);
        expect([actor, res.statusCode, errorCode(res)]).toEqual([actor, 403, 'FORBIDDEN']);
      }
      expect((await a.natAdmin!.get(`/api/users/${u.doVinh!.id}`)).json()).toEqual(before);
    });

    it.each(writes)('%s: not logged in gets 401', async (_name, call) => {
      const res = await call(a.anonymous!, u.doVinh!.id);
      expect(res.statusCode).toBe(401);
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
    });
  });

  describe('editing', () => {
    it('changes the name, role and scope, and records before → after', async () => {
      const target = await t.makeUser('commune_officer', '22738', 'sua.tt');
      const res = await a.ntAdmin!.patch(`/api/users/${target.id}`, {
        fullName: 'Hoàng Thị Sửa'.normalize('NFD'),
        role: 'viewer',
        scopeUnitId: await t.unitId('585'),
        phone: '0912 345 678',
      });
      expect(res.statusCode).toBe(200);
      // The phone is kept as its digits.
      expect(res.json()).toMatchObject({ fullName: 'Hoàng Thị Sửa', role: 'viewer', scope: { code: '585' }, phone: '0912345678' });
      const read = await a.ntAdmin!.get(`/api/users/${target.id}`);
      expect(read.json()).toMatchObject({ fullName: 'Hoàng Thị Sửa', role: 'viewer', scope: { code: '585' } });
      // It has left Phường Đô Vinh: its officer no longer sees it.
      expect((await a.doVinhOfficer!.get(`/api/users/${target.id}`)).statusCode).toBe(404);
      const row = (await t.auditRows('user.update')).find((r) => r.entity_id === target.id)!;
      expect(row.actor_username).toBe('qt.ninhthuan');
      expect(JSON.parse(row.before_json!)).toMatchObject({ fullName: 'Người dùng sua.tt', role: 'commune_officer', scope: '22738 Phường Đô Vinh', phone: null });
      expect(JSON.parse(row.after_json!)).toMatchObject({ fullName: 'Hoàng Thị Sửa', role: 'viewer', scope: '585 Huyện Ninh Sơn', phone: '0912345678' });
    });

    it('a scoped admin cannot move a user out of its province nor make it nationwide', async () => {
      const target = await t.makeUser('commune_officer', '22741');
      const out = await a.ntAdmin!.patch(`/api/users/${target.id}`, { scopeUnitId: await t.unitId('22327') });
      expect(out.statusCode).toBe(403);
      expect(errorCode(out)).toBe('ROLE_NOT_ALLOWED');
      const national = await a.ntAdmin!.patch(`/api/users/${target.id}`, { role: 'viewer', scopeUnitId: null });
      expect(national.statusCode).toBe(403);
      expect(errorCode(national)).toBe('ROLE_NOT_ALLOWED');
      const read = await a.ntAdmin!.get(`/api/users/${target.id}`);
      expect(read.json()).toMatchObject({ role: 'commune_officer', scope: { code: '22741' } });
    });

    it('role and scope level rules hold on edit', async () => {
      const target = await t.makeUser('commune_officer', '22741');
      const level = await a.natAdmin!.patch(`/api/users/${target.id}`, { role: 'province_staff' });
      expect(level.statusCode).toBe(400);
      expect(errorCode(level)).toBe('SCOPE_LEVEL');
      const required = await a.natAdmin!.patch(`/api/users/${target.id}`, { scopeUnitId: null });
      expect(required.statusCode).toBe(400);
      expect(errorCode(required)).toBe('SCOPE_REQUIRED');
      expect((await a.natAdmin!.get(`/api/users/${target.id}`)).json()).toMatchObject({ role: 'commune_officer', scope: { code: '22741' } });
    });

    it('a user cannot change their own role or scope, nor disable themselves', async () => {
      const self = await myId(a.ntAdmin!);
      const role = await a.ntAdmin!.patch(`/api/users/${self}`, { role: 'viewer' });
      expect(role.statusCode).toBe(409);
      expect(errorCode(role)).toBe('CANNOT_CHANGE_SELF');
      const scope = await a.ntAdmin!.patch(`/api/users/${self}`, { scopeUnitId: await t.unitId('582') });
      expect(scope.statusCode).toBe(409);
      expect(errorCode(scope)).toBe('CANNOT_CHANGE_SELF');
      const disable = await a.ntAdmin!.post(`/api/users/${self}/disable`);
      expect(disable.statusCode).toBe(409);
      expect(errorCode(disable)).toBe('CANNOT_CHANGE_SELF');
      const natSelf = await myId(a.natAdmin!);
      const natDisable = await a.natAdmin!.post(`/api/users/${natSelf}/disable`);
      expect(natDisable.statusCode).toBe(409);
      const me = await a.ntAdmin!.get('/api/auth/me');
      expect(me.json().user).toMatchObject({ role: 'admin', scope: { code: '58' }, disabled: false });
      // Their own name they may correct.
      const name = await a.ntAdmin!.patch(`/api/users/${self}`, { fullName: 'Quản Trị Ninh Thuận' });
      expect(name.statusCode).toBe(200);
    });
  });

  describe('disable, enable, reset password, reset TOTP', () => {
    it('disabling ends the sessions and refuses login; enabling lets the user back; both audited', async () => {
      const target = await t.makeUser('commune_officer', '22741', 'khoa.mo');
      const session = t.client();
      expect((await session.login('khoa.mo')).statusCode).toBe(200);
      expect((await session.get('/api/auth/me')).statusCode).toBe(200);

      const off = await a.ntAdmin!.post(`/api/users/${target.id}/disable`);
      expect(off.statusCode).toBe(200);
      expect(off.json().disabled).toBe(true);
      expect((await session.get('/api/auth/me')).statusCode).toBe(401);
      const refused = await t.client().login('khoa.mo');
      expect(refused.statusCode).toBe(401);
      expect(errorCode(refused)).toBe('ACCOUNT_DISABLED');

      const on = await a.ntAdmin!.post(`/api/users/${target.id}/enable`);
      expect(on.statusCode).toBe(200);
      expect(on.json().disabled).toBe(false);
      expect((await t.client().login('khoa.mo')).statusCode).toBe(200);

      const disableRow = (await t.auditRows('user.disable')).find((r) => r.entity_id === target.id)!;
      expect(disableRow.actor_username).toBe('qt.ninhthuan');
      expect(JSON.parse(disableRow.before_json!).disabled).toBe(false);
      expect(JSON.parse(disableRow.after_json!).disabled).toBe(true);
      const enableRow = (await t.auditRows('user.enable')).find((r) => r.entity_id === target.id)!;
      expect(enableRow.actor_username).toBe('qt.ninhthuan');
      expect(JSON.parse(enableRow.before_json!).disabled).toBe(true);
      expect(JSON.parse(enableRow.after_json!).disabled).toBe(false);
    });

    it('resetting the password gives a one-time password, ends sessions and retires the old one', async () => {
      const target = await t.makeUser('viewer', '22738', 'quen.mk');
      const session = t.client();
      expect((await session.login('quen.mk')).statusCode).toBe(200);

      const res = await a.doVinhAdmin!.post(`/api/users/${target.id}/reset-password`);
      expect(res.statusCode).toBe(200);
      const { temporaryPassword } = res.json();
      expect(typeof temporaryPassword).toBe('string');
      expect((await session.get('/api/auth/me')).statusCode).toBe(401);
      expect((await t.client().login('quen.mk')).statusCode).toBe(401);
      const fresh = await t.client().login('quen.mk', temporaryPassword);
      expect(fresh.statusCode).toBe(200);
      expect(fresh.json().user.mustChangePassword).toBe(true);

      const row = (await t.auditRows('user.reset_password')).find((r) => r.entity_id === target.id)!;
      expect(row.actor_username).toBe('qt.dovinh');
      expect(JSON.parse(row.before_json!).mustChangePassword).toBe(false);
      expect(JSON.parse(row.after_json!).mustChangePassword).toBe(true);
      expect(`${row.before_json}${row.after_json}`).not.toContain(temporaryPassword);
    });

    it('resetting TOTP lets a user who lost their phone log in with the password alone', async () => {
      const target = await t.makeUser('commune_officer', '22738', 'mat.dt');
      const owner = t.client();
      expect((await owner.login('mat.dt')).statusCode).toBe(200);
      const setup = await owner.post('/api/auth/totp/setup');
      expect(setup.statusCode).toBe(200);
      const secret: string = setup.json().secret;
      const code = await generate({ secret, epoch: Math.floor(t.clock.ms / 1000) });
      expect((await owner.post('/api/auth/totp/enable', { code })).statusCode).toBe(204);
      const needsCode = await t.client().login('mat.dt');
      expect(needsCode.statusCode).toBe(401);
      expect(errorCode(needsCode)).toBe('TOTP_REQUIRED');
      expect((await a.ntAdmin!.get(`/api/users/${target.id}`)).json().totpEnabled).toBe(true);

      const res = await a.ntAdmin!.post(`/api/users/${target.id}/reset-totp`);
      expect(res.statusCode).toBe(200);
      expect(res.json().totpEnabled).toBe(false);
      expect((await t.client().login('mat.dt')).statusCode).toBe(200);

      const row = (await t.auditRows('user.reset_totp')).find((r) => r.entity_id === target.id)!;
      expect(row.actor_username).toBe('qt.ninhthuan');
      expect(JSON.parse(row.before_json!).totpEnabled).toBe(true);
      expect(JSON.parse(row.after_json!).totpEnabled).toBe(false);
      expect(`${row.before_json}${row.after_json}`).not.toContain(secret);
    });
  });

  describe('the audit log of user changes', () => {
    it('every user write left a row with actor and entity, and no password hash or secret anywhere', async () => {
      const actions = ['user.create', 'user.update', 'user.disable', 'user.enable', 'user.reset_password', 'user.reset_totp'];
      const rows = (await t.auditRows()).filter((r) => actions.includes(r.action));
      for (const action of actions) expect(rows.some((r) => r.action === action && r.actor_username !== null)).toBe(true);
      const users = await t.deps.db.selectFrom('users').select(['id', 'password_hash', 'totp_secret']).execute();
      const ids = new Set(users.map((x) => x.id));
      const secrets = users.flatMap((x) => [x.password_hash, x.totp_secret]).filter((s): s is string => Boolean(s));
      for (const r of rows) {
        expect(ids.has(r.entity_id!)).toBe(true);
        const json = `${r.before_json ?? ''}${r.after_json ?? ''}`;
        expect(json).not.toMatch(/argon2|password_?hash|totp_?secret|"secret"/i);
        for (const s of secrets) expect(json).not.toContain(s);
      }
    });
  });
});
