import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, TEST_PASSWORD, type TestContext } from '../test/harness.js';

describe.each(engines)('đăng nhập, phiên và đăng xuất (%s)', (engine) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(engine);
  });
  afterAll(async () => t.close());

  it('logs in with the right password: a strict, http-only session cookie and the user with an anti-forgery token', async () => {
    const u = await t.makeUser('commune_officer', '22738');
    const c = t.client();
    const res = await c.login(u.username);
    expect(res.statusCode).toBe(200);

    const cookie = res.cookies.find((k) => k.name === 'tq_session');
    expect(cookie).toBeDefined();
    expect(cookie!.value.length).toBeGreaterThanOrEqual(32);
    expect(cookie!.httpOnly).toBe(true);
    expect(cookie!.sameSite).toBe('Strict');
    expect(cookie!.path).toBe('/');

    const body = res.json();
    expect(typeof body.csrfToken).toBe('string');
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(16);
    expect(body.csrfToken).not.toBe(cookie!.value);
    expect(body.user).toMatchObject({
      id: u.id,
      username: u.username,
      role: 'commune_officer',
      scope: { code: '22738', name: 'Phường Đô Vinh', level: 'commune' },
      disabled: false,
      totpEnabled: false,
      mustChangePassword: false,
      mustEnrollTotp: false,
      lastLoginAt: t.clock.now().toISOString(),
    });
    expect(body.user.permissions).toEqual(expect.arrayContaining(['users.read', 'units.read']));
    expect(body.user.permissions).not.toContain('users.write');
    // Never a hash or a secret in the answer.
    expect(res.body).not.toMatch(/argon2|password_hash|totp_secret/i);
  });

  it('refuses a wrong password and an unknown user alike, in Vietnamese by default', async () => {
    const u = await t.makeUser('viewer', '58');
    const wrong = await t.client().login(u.username, 'Sai-mat-khau-123');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: 'Tên đăng nhập hoặc mật khẩu không đúng.' } });
    expect(wrong.cookies.find((k) => k.name === 'tq_session')).toBeUndefined();

    const unknown = await t.client().login('khong-ai-ca', TEST_PASSWORD);
    expect(unknown.statusCode).toBe(401);
    // The same answer: it does not tell which usernames exist.
    expect(unknown.json()).toEqual(wrong.json());
    expect(unknown.cookies.find((k) => k.name === 'tq_session')).toBeUndefined();
  });

  it('answers in English when the browser asks for it', async () => {
    const u = await t.makeUser('viewer', '58');
    const res = await t.client('en').login(u.username, 'Wrong-password-1');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: 'Wrong username or password.' } });
  });

  it('treats usernames as case-insensitive, and ignores surrounding spaces', async () => {
    const u = await t.makeUser('viewer', '56', 'Nguyen.Van.An');
    expect(u.username).toBe('nguyen.van.an');
    for (const typed of ['NGUYEN.VAN.AN', 'Nguyen.Van.An', '  nguyen.van.an ']) {
      const res = await t.client().login(typed);
      expect(res.statusCode, typed).toBe(200);
      expect(res.json().user.id).toBe(u.id);
    }
    // The password is not case-insensitive.
    expect((await t.client().login(u.username, TEST_PASSWORD.toUpperCase())).statusCode).toBe(401);
  });

  it('refuses a disabled account with its own message, and lets it in again once enabled', async () => {
    const admin = await t.as('admin', null);
    const u = await t.makeUser('group_leader', '22741');
    expect((await admin.post(`/api/users/${u.id}/disable`)).statusCode).toBe(200);

    const res = await t.client().login(u.username);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'ACCOUNT_DISABLED', message: 'Tài khoản đã bị khóa. Liên hệ quản trị viên.' } });
    expect(res.cookies.find((k) => k.name === 'tq_session')).toBeUndefined();
    // A wrong password does not reveal that the account exists and is disabled.
    expect((await t.client().login(u.username, 'Sai-mat-khau-123')).json().error.code).toBe('INVALID_CREDENTIALS');

    expect((await admin.post(`/api/users/${u.id}/enable`)).statusCode).toBe(200);
    expect((await t.client().login(u.username)).statusCode).toBe(200);
  });

  it('GET /api/auth/me answers 401 without a session and the user with one', async () => {
    const anonymous = await t.client().get('/api/auth/me');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'Bạn chưa đăng nhập hoặc phiên làm việc đã hết hạn.' },
    });
    const forged = await t.client().request('GET', '/api/auth/me', undefined, { cookie: 'tq_session=not-a-real-session-token' });
    expect(forged.statusCode).toBe(401);

    const u = await t.makeUser('province_staff', '56');
    const c = t.client();
    const login = await c.login(u.username);
    const me = await c.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ id: u.id, username: u.username, role: 'province_staff', scope: { code: '56' } });
    expect(me.json().csrfToken).toBe(login.json().csrfToken);
  });

  it('logout ends the session: me answers 401 and the old cookie no longer works', async () => {
    const u = await t.makeUser('viewer', null);
    const c = t.client();
    await c.login(u.username);
    const oldCookie = c.cookie!;
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);

    const out = await c.post('/api/auth/logout');
    expect(out.statusCode).toBe(204);
    // The browser is told to drop the cookie.
    const cleared = out.cookies.find((k) => k.name === 'tq_session');
    expect(cleared?.value).toBe('');
    expect(c.cookie).toBeNull();
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);

    // Someone who kept a copy of the cookie gets nothing from it.
    const replay = await t.client().request('GET', '/api/auth/me', undefined, { cookie: oldCookie });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('logging out without a session is harmless', async () => {
    const res = await t.client().post('/api/auth/logout');
    expect(res.statusCode).toBe(204);
  });

  it('each login is a separate session: logging out of one leaves the other', async () => {
    const u = await t.makeUser('viewer', '58');
    const phone = t.client('vi', '10.0.0.2');
    const laptop = t.client('vi', '10.0.0.3');
    await phone.login(u.username);
    await laptop.login(u.username);
    expect(phone.cookie).not.toBe(laptop.cookie);
    expect(phone.csrf).not.toBe(laptop.csrf);
    expect((await phone.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await phone.get('/api/auth/me')).statusCode).toBe(401);
    expect((await laptop.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('writes auth.login, auth.logout and auth.login_failed to the audit log', async () => {
    const u = await t.makeUser('commune_officer', '22783');
    const c = t.client('vi', '192.0.2.7');
    expect((await c.login(u.username, 'Sai-mat-khau-123')).statusCode).toBe(401);
    expect((await c.login(u.username)).statusCode).toBe(200);
    expect((await c.post('/api/auth/logout')).statusCode).toBe(204);

    const mine = async (action: string) => (await t.auditRows(action)).filter((r) => r.entity_id === u.id);
    const failed = await mine('auth.login_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.actor_username).toBe(u.username);
    expect(JSON.parse(failed[0]!.after_json!)).toEqual({ reason: 'password' });
    // The password typed is never written down.
    expect(failed[0]!.after_json).not.toContain('Sai-mat-khau');

    const logins = await mine('auth.login');
    expect(logins).toHaveLength(1);
    expect(logins[0]!.actor_username).toBe(u.username);

    const logouts = await mine('auth.logout');
    expect(logouts).toHaveLength(1);
    expect(logouts[0]!.actor_username).toBe(u.username);

    const ip = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'ip'])
      .where('entity_id', '=', u.id)
      .where('action', 'in', ['auth.login', 'auth.logout', 'auth.login_failed'])
      .execute();
    expect(ip.map((r) => r.ip)).toEqual(['192.0.2.7', '192.0.2.7', '192.0.2.7']);
  });
});
