import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, TEST_PASSWORD, type TestClient, type TestContext } from '../test/harness.js';
import { passwordProblems } from './passwords.js';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NEW_PASSWORD = 'Mat-khau-moi-2026';

describe.each(engines)('phiên làm việc và đổi mật khẩu (%s)', (engine) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(engine);
  });
  afterAll(async () => t.close());

  async function expectLoggedOut(c: TestClient) {
    const res = await c.get('/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  }

  async function loggedIn(username: string, password = TEST_PASSWORD, ip = '10.0.0.1'): Promise<TestClient> {
    const c = t.client('vi', ip);
    const res = await c.login(username, password);
    expect(res.statusCode).toBe(200);
    return c;
  }

  it('keeps a session alive while it is used, and ends it after 12 hours without activity', async () => {
    const u = await t.makeUser('commune_officer', '22738');
    const c = await loggedIn(u.username);

    t.clock.advance(11 * HOUR);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    // 22 hours after login, but only 11 since the last request.
    t.clock.advance(11 * HOUR);
    expect((await c.get('/api/users')).statusCode).toBe(200);

    t.clock.advance(12 * HOUR + 1 * MINUTE);
    await expectLoggedOut(c);
    // Coming back does not revive it.
    t.clock.advance(1 * MINUTE);
    await expectLoggedOut(c);
    // The user simply logs in again.
    expect((await c.login(u.username)).statusCode).toBe(200);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('ends a session 7 days after login, however active it is', async () => {
    const u = await t.makeUser('viewer', '58');
    const c = await loggedIn(u.username);
    const start = t.clock.ms;
    while (t.clock.ms - start + 10 * HOUR < 7 * DAY) {
      t.clock.advance(10 * HOUR);
      expect((await c.get('/api/auth/me')).statusCode, `after ${(t.clock.ms - start) / HOUR} h`).toBe(200);
    }
    t.clock.advance(start + 7 * DAY - 1 * MINUTE - t.clock.ms);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    t.clock.advance(2 * MINUTE);
    await expectLoggedOut(c);
  });

  it('a password change ends the user’s other sessions but keeps the current one', async () => {
    const u = await t.makeUser('province_staff', '56');
    const phone = await loggedIn(u.username, TEST_PASSWORD, '10.1.0.1');
    const laptop = await loggedIn(u.username, TEST_PASSWORD, '10.1.0.2');
    const someoneElse = await t.as('viewer', '56');

    const res = await laptop.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(204);

    expect((await laptop.get('/api/auth/me')).statusCode).toBe(200);
    expect((await laptop.get('/api/users')).statusCode).toBe(200);
    await expectLoggedOut(phone);
    // Other users keep theirs.
    expect((await someoneElse.get('/api/auth/me')).statusCode).toBe(200);

    expect((await t.client('vi', '10.1.0.3').login(u.username, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await t.client('vi', '10.1.0.3').login(u.username, NEW_PASSWORD)).statusCode).toBe(200);
    expect((await t.auditRows('auth.password_change')).filter((r) => r.entity_id === u.id)).toHaveLength(1);
  });

  it('disabling a user ends their sessions, and enabling them again does not bring those back', async () => {
    const admin = await t.as('admin', null);
    const u = await t.makeUser('group_leader', '22741');
    const c = await loggedIn(u.username);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);

    expect((await admin.post(`/api/users/${u.id}/disable`)).statusCode).toBe(200);
    await expectLoggedOut(c);

    expect((await admin.post(`/api/users/${u.id}/enable`)).statusCode).toBe(200);
    await expectLoggedOut(c);
    expect((await c.login(u.username)).statusCode).toBe(200);
  });

  it('an administrator’s password reset ends the user’s sessions and forces a new password', async () => {
    const admin = await t.as('admin', null);
    const u = await t.makeUser('commune_officer', '22783');
    const c = await loggedIn(u.username);

    const reset = await admin.post(`/api/users/${u.id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    const temporary = reset.json().temporaryPassword as string;
    expect(temporary.length).toBeGreaterThanOrEqual(10);

    await expectLoggedOut(c);
    expect((await t.client().login(u.username, TEST_PASSWORD)).statusCode).toBe(401);
    const again = await t.client().login(u.username, temporary);
    expect(again.statusCode).toBe(200);
    expect(again.json().user.mustChangePassword).toBe(true);
  });

  it('a new user with a one-time password must change it before anything else', async () => {
    const admin = await t.as('admin', null);
    const created = await admin.post('/api/users', {
      username: 'le.van.cuong',
      fullName: 'Lê Văn Cường',
      role: 'commune_officer',
      scopeUnitId: await t.unitId('22786'),
    });
    expect(created.statusCode).toBe(201);
    const { user, temporaryPassword } = created.json();
    expect(user.mustChangePassword).toBe(true);
    expect(typeof temporaryPassword).toBe('string');
    expect(temporaryPassword).toMatch(/^[A-Za-z0-9]{10,}$/);

    const c = t.client();
    const login = await c.login('le.van.cuong', temporaryPassword);
    expect(login.statusCode).toBe(200);
    expect(login.json().user.mustChangePassword).toBe(true);

    // Everything outside the account pages is closed.
    const closed = [
      await c.get('/api/users'),
      await c.get(`/api/users/${user.id}`),
      await c.get('/api/units'),
      await c.get('/api/health'),
      await c.post('/api/users', { username: 'ai.do', fullName: 'Ai Đó', role: 'viewer', scopeUnitId: null }),
    ];
    for (const res of closed) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ error: { code: 'PASSWORD_CHANGE_REQUIRED', message: 'Bạn cần đổi mật khẩu trước khi tiếp tục.' } });
    }
    // The account pages stay open.
    expect((await c.get('/api/auth/me')).json().user.mustChangePassword).toBe(true);

    const weak = await c.post('/api/auth/password', { currentPassword: temporaryPassword, newPassword: 'matkhau12345' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('WEAK_PASSWORD');
    const withName = await c.post('/api/auth/password', { currentPassword: temporaryPassword, newPassword: 'le.van.cuong-2026' });
    expect(withName.json().error.code).toBe('WEAK_PASSWORD');
    const tooShort = await c.post('/api/auth/password', { currentPassword: temporaryPassword, newPassword: 'ab12' });
    expect(tooShort.statusCode).toBe(400);
    const same = await c.post('/api/auth/password', { currentPassword: temporaryPassword, newPassword: temporaryPassword });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.code).toBe('PASSWORD_REUSED');
    const wrong = await c.post('/api/auth/password', { currentPassword: 'Khong-phai-123', newPassword: NEW_PASSWORD });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toEqual({ error: { code: 'WRONG_PASSWORD', message: 'Mật khẩu hiện tại không đúng.' } });

    // None of the refused attempts changed anything.
    expect((await c.get('/api/users')).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');

    const ok = await c.post('/api/auth/password', { currentPassword: temporaryPassword, newPassword: NEW_PASSWORD });
    expect(ok.statusCode).toBe(204);
    expect((await c.get('/api/auth/me')).json().user.mustChangePassword).toBe(false);
    const list = await c.get('/api/users');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((x: { username: string }) => x.username)).toContain('le.van.cuong');

    expect((await t.client().login('le.van.cuong', temporaryPassword)).statusCode).toBe(401);
    const next = await t.client().login('le.van.cuong', NEW_PASSWORD);
    expect(next.statusCode).toBe(200);
    expect(next.json().user.mustChangePassword).toBe(false);
  });

  it('hands out one-time passwords that themselves meet the password rules', async () => {
    const admin = await t.as('admin', null);
    const u = await t.makeUser('viewer', '58');
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const res = await admin.post(`/api/users/${u.id}/reset-password`);
      expect(res.statusCode).toBe(200);
      const temporary = res.json().temporaryPassword as string;
      // At least 12 characters and none of the refused kinds, as WEAK_PASSWORD demands of everyone.
      expect(temporary.length).toBeGreaterThanOrEqual(12);
      expect(passwordProblems(temporary, u.username), temporary).toEqual([]);
      seen.add(temporary);
    }
    expect(seen.size).toBe(30);
  });

  it('a password change needs a session', async () => {
    const res = await t.client().post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });
});
