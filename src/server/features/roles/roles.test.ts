import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '../../../shared/users.js';
import { createTestContext, engines, type TestClient, type TestContext } from '../../test/harness.js';

describe.each(engines)('role settings API (%s)', (engine) => {
  let t: TestContext;
  const a: Record<string, TestClient> = {};

  const settings = async () => {
    const res = await a.natAdmin!.get('/api/roles');
    expect(res.statusCode).toBe(200);
    return res.json() as { role: string; requireTotp: boolean }[];
  };

  beforeAll(async () => {
    t = await createTestContext(engine);
    a.natAdmin = await t.as('admin', null, 'qt.toanquoc');
    a.ntAdmin = await t.as('admin', '58', 'qt.ninhthuan');
    a.ntStaff = await t.as('province_staff', '58', 'tinh.ninhthuan');
    a.officer = await t.as('commune_officer', '22738', 'xa.dovinh');
    a.leader = await t.as('group_leader', '22738', 'to.dovinh');
    a.viewer = await t.as('viewer', null, 'xem.toanquoc');
    a.anonymous = t.client();
  });
  afterAll(async () => t?.close());

  it('administrators read the setting of every role', async () => {
    const all = await settings();
    expect(all.map((s) => s.role)).toEqual([...roles]);
    expect(all.every((s) => s.requireTotp === false)).toBe(true);
    const scoped = await a.ntAdmin!.get('/api/roles');
    expect(scoped.statusCode).toBe(200);
    expect(scoped.json()).toEqual(all);
  });

  it('other roles may not read them (403); not logged in 401', async () => {
    for (const actor of ['ntStaff', 'officer', 'leader', 'viewer']) {
      const res = await a[actor]!.get('/api/roles');
      expect([actor, res.statusCode, res.json().error?.code]).toEqual([actor, 403, 'FORBIDDEN']);
    }
    const anonymous = await a.anonymous!.get('/api/roles');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('only a nationwide administrator changes them: a scoped one gets 403 OUT_OF_SCOPE, others 403', async () => {
    const before = await settings();
    const scoped = await a.ntAdmin!.put('/api/roles/viewer', { requireTotp: true });
    expect(scoped.statusCode).toBe(403);
    expect(scoped.json().error.code).toBe('OUT_OF_SCOPE');
    for (const actor of ['ntStaff', 'officer', 'leader', 'viewer']) {
      const res = await a[actor]!.put('/api/roles/viewer', { requireTotp: true });
      expect([actor, res.statusCode, res.json().error?.code]).toEqual([actor, 403, 'FORBIDDEN']);
    }
    const anonymous = await a.anonymous!.put('/api/roles/viewer', { requireTotp: true });
    expect(anonymous.statusCode).toBe(401);
    expect(await settings()).toEqual(before);
    expect(await t.auditRows('role.update')).toEqual([]);
  });

  it('an unknown role or a malformed body answers 400', async () => {
    const unknown = await a.natAdmin!.put('/api/roles/superuser', { requireTotp: true });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('VALIDATION_FAILED');
    const body = await a.natAdmin!.put('/api/roles/viewer', { requireTotp: 'yes' });
    expect(body.statusCode).toBe(400);
    expect(body.json().error.code).toBe('VALIDATION_FAILED');
    expect(await t.auditRows('role.update')).toEqual([]);
  });

  it('requiring TOTP for a role takes effect at the next request and is audited before → after', async () => {
    const on = await a.natAdmin!.put('/api/roles/province_staff', { requireTotp: true });
    expect(on.statusCode).toBe(200);
    expect(on.json()).toEqual({ role: 'province_staff', requireTotp: true });
    expect((await settings()).find((s) => s.role === 'province_staff')!.requireTotp).toBe(true);
    expect((await settings()).filter((s) => s.requireTotp).map((s) => s.role)).toEqual(['province_staff']);

    // The staff member without a second factor is held at enrolment.
    const blocked = await a.ntStaff!.get('/api/units');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('TOTP_ENROLLMENT_REQUIRED');
    const me = await a.ntStaff!.get('/api/auth/me');
    expect(me.json().user).toMatchObject({ totpRequired: true, mustEnrollTotp: true });
    // Other roles are not.
    expect((await a.officer!.get('/api/units')).statusCode).toBe(200);

    t.clock.advance(1000);
    const off = await a.natAdmin!.put('/api/roles/province_staff', { requireTotp: false });
    expect(off.statusCode).toBe(200);
    expect((await a.ntStaff!.get('/api/units')).statusCode).toBe(200);

    const rows = await t.auditRows('role.update');
    expect(rows.map((r) => [r.entity_id, r.actor_username])).toEqual([
      ['province_staff', 'qt.toanquoc'],
      ['province_staff', 'qt.toanquoc'],
    ]);
    expect(JSON.parse(rows[0]!.before_json!)).toEqual({ role: 'province_staff', requireTotp: false });
    expect(JSON.parse(rows[0]!.after_json!)).toEqual({ role: 'province_staff', requireTotp: true });
    expect(JSON.parse(rows[1]!.before_json!)).toEqual({ role: 'province_staff', requireTotp: true });
    expect(JSON.parse(rows[1]!.after_json!)).toEqual({ role: 'province_staff', requireTotp: false });
  });
});
