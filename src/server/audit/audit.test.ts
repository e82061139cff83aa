import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestContext, engines, TEST_PASSWORD, type TestClient, type TestContext } from '../test/harness.js';

interface Entry {
  id: string;
  at: string;
  actor: { id: string; username: string; fullName: string } | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  requestId: string | null;
}

const SECOND = 1000;

function page(res: LightMyRequestResponse): { items: Entry[]; total: number; page: number; pageSize: number } {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe.each(engines)('audit log API (%s)', (engine) => {
  let t: TestContext;
  const a: Record<string, TestClient> = {};
  /** Entities changed in the set-up, by name. */
  const e: Record<string, string> = {};

  async function login(username: string, ip = '10.0.0.1'): Promise<TestClient> {
    const c = t.client('vi', ip);
    expect((await c.login(username, TEST_PASSWORD)).statusCode).toBe(200);
    return c;
  }

  async function createUser(c: TestClient, username: string, role: string, unitCode: string | null): Promise<string> {
    t.clock.advance(SECOND);
    const res = await c.post('/api/users', {
      username,
      fullName: `Người ${username}`,
      role,
      scopeUnitId: unitCode ? await t.unitId(unitCode) : null,
      password: TEST_PASSWORD,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().user.id;
  }

  async function createVillage(c: TestClient, code: string, parentCode: string): Promise<string> {
    t.clock.advance(SECOND);
    const res = await c.post('/api/units', {
      code,
      name: `Thôn ${code}`,
      level: 'village',
      kind: 'Thôn',
      parentId: await t.unitId(parentCode),
      validFrom: '2020-01-01',
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  beforeAll(async () => {
    t = await createTestContext(engine);
    a.natAdmin = await t.as('admin', null, 'qt.toanquoc');
    a.ntAdmin = await t.as('admin', '58', 'qt.ninhthuan');
    a.ntStaff = await t.as('province_staff', '58', 'tinh.ninhthuan');
    a.officer = await t.as('commune_officer', '22738', 'xa.dovinh');
    a.leader = await t.as('group_leader', '22738', 'to.dovinh');
    a.viewer = await t.as('viewer', null, 'xem.toanquoc');
    a.anonymous = t.client();

    // Changes in Ninh Thuận, in Khánh Hòa and national ones, made by the nationwide administrator.
    e.ntUser = await createUser(a.natAdmin, 'nguoi.phuocmy', 'commune_officer', '22741');
    e.khUser = await createUser(a.natAdmin, 'nguoi.vinhhoa', 'commune_officer', '22327');
    e.natUser = await createUser(a.natAdmin, 'nguoi.toanquoc', 'viewer', null);
    e.ntVillage = await createVillage(a.natAdmin, 'AU-NT1', '22738');
    e.khVillage = await createVillage(a.natAdmin, 'AU-KH1', '22327');
    t.clock.advance(SECOND);
    expect((await a.natAdmin.put('/api/roles/viewer', { requireTotp: false })).statusCode).toBe(200);
    // Changes made by the province administrator.
    e.ntUser2 = await createUser(a.ntAdmin, 'nguoi.dovinh', 'group_leader', '22738');
    t.clock.advance(SECOND);
    expect((await a.ntAdmin.patch(`/api/users/${e.ntUser2}`, { fullName: 'Người Đã Sửa' })).statusCode).toBe(200);
    t.clock.advance(SECOND);
    expect((await a.ntAdmin.post(`/api/users/${e.ntUser2}/disable`)).statusCode).toBe(200);
    t.clock.advance(SECOND);
    expect((await a.ntAdmin.post(`/api/users/${e.ntUser2}/enable`)).statusCode).toBe(200);
    t.clock.advance(SECOND);
    expect((await a.ntAdmin.post(`/api/users/${e.ntUser2}/reset-password`)).statusCode).toBe(200);
  });
  afterAll(async () => t?.close());

  it('needs audit.read: province staff, officers, group leaders and viewers get 403; not logged in 401', async () => {
    for (const actor of ['ntStaff', 'officer', 'leader', 'viewer']) {
      const res = await a[actor]!.get('/api/audit');
      expect([actor, res.statusCode, res.json().error?.code]).toEqual([actor, 403, 'FORBIDDEN']);
    }
    const anonymous = await a.anonymous!.get('/api/audit');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('a nationwide administrator sees every change, national ones included', async () => {
    const { items } = page(await a.natAdmin!.get('/api/audit?pageSize=200'));
    const ids = new Set(items.map((x) => x.entityId));
    for (const name of ['ntUser', 'khUser', 'natUser', 'ntVillage', 'khVillage', 'ntUser2']) expect([name, ids.has(e[name]!)]).toEqual([name, true]);
    expect(items.some((x) => x.action === 'role.update' && x.entityId === 'viewer')).toBe(true);
  });

  it('an administrator of Ninh Thuận sees the changes inside Ninh Thuận only', async () => {
    const { items, total } = page(await a.ntAdmin!.get('/api/audit?pageSize=200'));
    expect(total).toBe(items.length);
    const ids = new Set(items.map((x) => x.entityId));
    for (const name of ['ntUser', 'ntVillage', 'ntUser2']) expect([name, ids.has(e[name]!)]).toEqual([name, true]);
    for (const name of ['khUser', 'natUser', 'khVillage']) expect([name, ids.has(e[name]!)]).toEqual([name, false]);
    expect(items.filter((x) => x.action === 'role.update')).toEqual([]);
    // Nor the logins of nationwide users.
    expect(items.filter((x) => x.actor?.username === 'qt.toanquoc' && x.action === 'auth.login')).toEqual([]);
    const asked = page(await a.ntAdmin!.get(`/api/audit?entityType=user&entityId=${e.khUser}`));
    expect(asked).toMatchObject({ total: 0, items: [] });
  });

  it('filters by the actor', async () => {
    const { items } = page(await a.natAdmin!.get('/api/audit?pageSize=200&actor=qt.ninhthuan'));
    expect(new Set(items.map((x) => x.actor?.username))).toEqual(new Set(['qt.ninhthuan']));
    expect(items.map((x) => x.action)).toEqual(expect.arrayContaining(['user.create', 'user.update', 'user.disable', 'user.enable', 'user.reset_password']));
    const part = page(await a.natAdmin!.get('/api/audit?pageSize=200&actor=NINHTHUAN'));
    expect(new Set(part.items.map((x) => x.actor?.username))).toEqual(new Set(['qt.ninhthuan', 'tinh.ninhthuan']));
  });

  it('an underscore in the actor filter matches itself', async () => {
    const under = await login((await t.makeUser('admin', '58', 'qt_le')).username);
    const other = await login((await t.makeUser('admin', '58', 'qtxle')).username);
    await createVillage(under, 'AU-LE1', '22741');
    await createVillage(other, 'AU-LE2', '22741');
    const { items } = page(await a.natAdmin!.get('/api/audit?pageSize=200&actor=qt_le'));
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((x) => x.actor?.username))).toEqual(new Set(['qt_le']));
  });

  it('filters by an action prefix', async () => {
    const users = page(await a.natAdmin!.get('/api/audit?pageSize=200&action=user.'));
    expect(users.items.length).toBeGreaterThan(5);
    expect(users.items.every((x) => x.action.startsWith('user.'))).toBe(true);
    const resets = page(await a.natAdmin!.get('/api/audit?pageSize=200&action=user.reset_password'));
    expect(resets.items.map((x) => [x.action, x.entityId])).toEqual([['user.reset_password', e.ntUser2]]);
    const units = page(await a.natAdmin!.get('/api/audit?pageSize=200&action=unit.create'));
    expect(units.items.every((x) => x.action === 'unit.create')).toBe(true);
    expect(units.items.map((x) => x.entityId)).toEqual(expect.arrayContaining([e.ntVillage, e.khVillage]));
  });

  it('filters by entity, newest first, with before → after', async () => {
    const { items, total } = page(await a.ntAdmin!.get(`/api/audit?entityType=user&entityId=${e.ntUser2}`));
    expect(items.map((x) => x.action)).toEqual(['user.reset_password', 'user.enable', 'user.disable', 'user.update', 'user.create']);
    expect(total).toBe(5);
    const update = items.find((x) => x.action === 'user.update')!;
    expect(update.before).toMatchObject({ fullName: 'Người nguoi.dovinh' });
    expect(update.after).toMatchObject({ fullName: 'Người Đã Sửa' });
    const create = items.find((x) => x.action === 'user.create')!;
    expect(create.before).toBeNull();
    expect(create.after).toMatchObject({ username: 'nguoi.dovinh', role: 'group_leader' });
    const otherType = page(await a.ntAdmin!.get(`/api/audit?entityType=unit&entityId=${e.ntUser2}`));
    expect(otherType.total).toBe(0);
  });

  it('is newest first, and pages through everything once', async () => {
    const all = page(await a.natAdmin!.get('/api/audit?pageSize=200'));
    const ats = all.items.map((x) => x.at);
    expect(ats).toEqual([...ats].sort().reverse());
    const seen: string[] = [];
    for (let p = 1; p <= Math.ceil(all.total / 4); p++) {
      const res = page(await a.natAdmin!.get(`/api/audit?pageSize=4&page=${p}`));
      expect(res).toMatchObject({ total: all.total, page: p, pageSize: 4 });
      expect(res.items.length).toBe(Math.min(4, all.total - (p - 1) * 4));
      seen.push(...res.items.map((x) => x.id));
    }
    expect(seen).toEqual(all.items.map((x) => x.id));
    const beyond = page(await a.natAdmin!.get(`/api/audit?pageSize=4&page=${Math.ceil(all.total / 4) + 1}`));
    expect(beyond.items).toEqual([]);
  });

  it('every row carries the actor, the address and the request id', async () => {
    const c = await login('qt.ninhthuan', '10.20.30.40');
    const first = await createVillage(c, 'AU-IP1', '22741');
    const second = await createVillage(c, 'AU-IP2', '22741');
    const rows = page(await a.ntAdmin!.get('/api/audit?action=unit.create&actor=qt.ninhthuan')).items;
    const one = rows.find((x) => x.entityId === first)!;
    const two = rows.find((x) => x.entityId === second)!;
    const me = (await c.get('/api/auth/me')).json().user;
    expect(one.actor).toEqual({ id: me.id, username: 'qt.ninhthuan', fullName: me.fullName });
    expect(one.ip).toBe('10.20.30.40');
    expect(one.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(two.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(two.requestId).not.toBe(one.requestId);
    expect(one.after).toMatchObject({ code: 'AU-IP1', level: 'village' });
  });

  it('filters by dates, each bound including its whole day', async () => {
    // Sessions end after 12 idle hours: log in again after each jump.
    t.clock.ms = Date.parse('2026-04-01T23:30:00Z');
    let admin = await login('qt.ninhthuan');
    const id = await createUser(admin, 'nguoi.theongay', 'viewer', '22741');
    t.clock.ms = Date.parse('2026-04-03T00:10:00Z');
    admin = await login('qt.ninhthuan');
    expect((await admin.patch(`/api/users/${id}`, { fullName: 'Người Theo Ngày' })).statusCode).toBe(200);

    const actions = async (query: string) =>
      page(await admin.get(`/api/audit?entityType=user&entityId=${id}&${query}`)).items.map((x) => x.action);
    expect(await actions('from=2026-04-02')).toEqual(['user.update']);
    expect(await actions('to=2026-04-01')).toEqual(['user.create']);
    expect(await actions('from=2026-04-01&to=2026-04-03')).toEqual(['user.update', 'user.create']);
    expect(await actions('from=2026-04-02&to=2026-04-02')).toEqual([]);
    expect(await actions('from=2026-04-03&to=2026-04-03')).toEqual(['user.update']);
    const bad = await admin.get('/api/audit?from=2026-02-30');
    expect(bad.statusCode).toBe(400);
  });
});
