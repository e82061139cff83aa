import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { createTestContext, engines, TEST_PASSWORD, type TestClient, type TestContext } from '../test/harness.js';

const STEP = 30 * 1000;

describe.each(engines)('xác thực hai lớp (%s)', (engine) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(engine);
  });
  afterAll(async () => t.close());

  /** The code an authenticator app shows at the test clock's time (shifted by `offsetMs`). */
  function code(secret: string, offsetMs = 0): Promise<string> {
    return generate({ secret, epoch: Math.floor((t.clock.ms + offsetMs) / 1000) });
  }

  /** A six-digit code that is none of those accepted right now. */
  async function wrongCode(secret: string): Promise<string> {
    const valid = new Set([await code(secret, -STEP), await code(secret), await code(secret, STEP)]);
    return ['000000', '123456', '999999', '424242'].find((c) => !valid.has(c))!;
  }

  async function loggedIn(username: string, ip = '10.2.0.1'): Promise<TestClient> {
    const c = t.client('vi', ip);
    const res = await c.login(username);
    expect(res.statusCode).toBe(200);
    return c;
  }

  /** Enrols the logged-in client's user and returns the secret. */
  async function enrol(c: TestClient): Promise<string> {
    const setup = await c.post('/api/auth/totp/setup');
    expect(setup.statusCode).toBe(200);
    const { secret } = setup.json();
    expect((await c.post('/api/auth/totp/enable', { code: await code(secret) })).statusCode).toBe(204);
    return secret;
  }

  it('enrols: a secret, an otpauth:// address naming the user and a QR image; a wrong code is refused, the right one turns TOTP on', async () => {
    const u = await t.makeUser('commune_officer', '22738', 'pham.thi.dung');
    const c = await loggedIn(u.username);

    const setup = await c.post('/api/auth/totp/setup');
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl, qrDataUrl } = setup.json();
    expect(secret).toMatch(/^[A-Z2-7]{16,}=*$/);
    const url = new URL(otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toContain('pham.thi.dung');
    expect(url.searchParams.get('secret')).toBe(secret);
    expect(url.searchParams.get('issuer')).toBe('Tự Quản');
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(qrDataUrl.slice('data:image/png;base64,'.length), 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(200);

    // Until confirmed, nothing changes: login needs no code.
    expect((await c.get('/api/auth/me')).json().user.totpEnabled).toBe(false);
    expect((await t.client().login(u.username)).statusCode).toBe(200);

    const wrong = await c.post('/api/auth/totp/enable', { code: await wrongCode(secret) });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: { code: 'TOTP_INVALID', message: 'Mã xác thực không đúng hoặc đã được dùng.' } });
    expect((await c.get('/api/auth/me')).json().user.totpEnabled).toBe(false);
    // A failed confirmation does not end the session.
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);

    const ok = await c.post('/api/auth/totp/enable', { code: await code(secret) });
    expect(ok.statusCode).toBe(204);
    expect((await c.get('/api/auth/me')).json().user.totpEnabled).toBe(true);

    const audit = (await t.auditRows('auth.totp_enable')).filter((r) => r.entity_id === u.id);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after_json!)).toEqual({ totpEnabled: true });
    // The secret is not in the audit log.
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('confirming needs a started set-up', async () => {
    const u = await t.makeUser('viewer', '58');
    const c = await loggedIn(u.username);
    const res = await c.post('/api/auth/totp/enable', { code: '123456' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('TOTP_NOT_SET_UP');
  });

  it('once on, login needs the current code, and a code works only once', async () => {
    const u = await t.makeUser('commune_officer', '22741');
    const secret = await enrol(await loggedIn(u.username));

    const without = await t.client().login(u.username);
    expect(without.statusCode).toBe(401);
    expect(without.json()).toEqual({ error: { code: 'TOTP_REQUIRED', message: 'Nhập mã xác thực 6 số từ ứng dụng xác thực.' } });
    expect(without.cookies.find((k) => k.name === 'tq_session')).toBeUndefined();
    // The code used to confirm the set-up is spent.
    expect((await t.client().login(u.username, TEST_PASSWORD, await code(secret))).json().error.code).toBe('TOTP_INVALID');

    t.clock.advance(STEP);
    const wrong = await t.client().login(u.username, TEST_PASSWORD, await wrongCode(secret));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('TOTP_INVALID');
    // The right code with the wrong password tells nothing about the code.
    const badPassword = await t.client().login(u.username, 'Sai-mat-khau-1', await code(secret));
    expect(badPassword.json().error.code).toBe('INVALID_CREDENTIALS');

    const current = await code(secret);
    const ok = await t.client().login(u.username, TEST_PASSWORD, current);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.totpEnabled).toBe(true);

    const replay = await t.client('vi', '10.2.0.9').login(u.username, TEST_PASSWORD, current);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('TOTP_INVALID');
    expect(replay.cookies.find((k) => k.name === 'tq_session')).toBeUndefined();

    // The next code from the app works.
    t.clock.advance(STEP);
    expect((await t.client().login(u.username, TEST_PASSWORD, await code(secret))).statusCode).toBe(200);

    const failed = (await t.auditRows('auth.login_failed')).filter((r) => r.entity_id === u.id).map((r) => JSON.parse(r.after_json!).reason);
    expect(failed).toEqual(['totp', 'totp', 'password', 'totp']);
  });

  it('lets only one of several logins sent at once with the same code in', async () => {
    const u = await t.makeUser('viewer', '56');
    const secret = await enrol(await loggedIn(u.username));
    t.clock.advance(STEP);
    const current = await code(secret);
    const answers = await Promise.all([
      t.client('vi', '10.2.1.1').login(u.username, TEST_PASSWORD, current),
      t.client('vi', '10.2.1.2').login(u.username, TEST_PASSWORD, current),
      t.client('vi', '10.2.1.3').login(u.username, TEST_PASSWORD, current),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401, 401]);
  });

  it('accepts a phone clock one step off, but not older codes or codes older than one already used', async () => {
    const u = await t.makeUser('viewer', '58');
    const secret = await enrol(await loggedIn(u.username));
    t.clock.advance(10 * STEP);

    expect((await t.client().login(u.username, TEST_PASSWORD, await code(secret, -3 * STEP))).json().error.code).toBe('TOTP_INVALID');
    // A phone running 30 s late.
    expect((await t.client().login(u.username, TEST_PASSWORD, await code(secret, -STEP))).statusCode).toBe(200);
    expect((await t.client().login(u.username, TEST_PASSWORD, await code(secret))).statusCode).toBe(200);
    // Older than the last code used: refused although still within the drift.
    expect((await t.client().login(u.username, TEST_PASSWORD, await code(secret, -STEP))).json().error.code).toBe('TOTP_INVALID');
    // A phone running 30 s early.
    expect((await t.client().login(u.username, TEST_PASSWORD, await code(secret, STEP))).statusCode).toBe(200);
  });

  it('turning TOTP off needs the password', async () => {
    const u = await t.makeUser('province_staff', '58');
    const c = await loggedIn(u.username);
    await enrol(c);

    const wrong = await c.post('/api/auth/totp/disable', { password: 'Sai-mat-khau-1' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('WRONG_PASSWORD');
    expect((await c.get('/api/auth/me')).json().user.totpEnabled).toBe(true);
    expect((await t.client().login(u.username)).json().error.code).toBe('TOTP_REQUIRED');

    const ok = await c.post('/api/auth/totp/disable', { password: TEST_PASSWORD });
    expect(ok.statusCode).toBe(204);
    expect((await c.get('/api/auth/me')).json().user.totpEnabled).toBe(false);
    expect((await t.client().login(u.username)).statusCode).toBe(200);
    expect((await t.auditRows('auth.totp_disable')).filter((r) => r.entity_id === u.id)).toHaveLength(1);
  });

  it('an administrator’s reset-totp removes a user’s second factor (lost phone), within the administrator’s scope only', async () => {
    const u = await t.makeUser('group_leader', '22744');
    await enrol(await loggedIn(u.username));
    expect((await t.client().login(u.username)).json().error.code).toBe('TOTP_REQUIRED');

    const otherProvince = await t.as('admin', '56');
    const refused = await otherProvince.post(`/api/users/${u.id}/reset-totp`);
    expect(refused.statusCode).toBe(404);
    expect((await t.client().login(u.username)).json().error.code).toBe('TOTP_REQUIRED');

    const admin = await t.as('admin', '58');
    const res = await admin.post(`/api/users/${u.id}/reset-totp`);
    expect(res.statusCode).toBe(200);
    expect(res.json().totpEnabled).toBe(false);
    const again = await t.client().login(u.username);
    expect(again.statusCode).toBe(200);
    expect(again.json().user.totpEnabled).toBe(false);
    expect((await t.auditRows('user.reset_totp')).filter((r) => r.entity_id === u.id)).toHaveLength(1);
  });

  it('only a nationwide administrator changes role settings', async () => {
    const provinceAdmin = await t.as('admin', '58');
    const res = await provinceAdmin.put('/api/roles/viewer', { requireTotp: true });
    expect(res.statusCode).toBe(403);
    const officer = await t.as('commune_officer', '22738');
    const res2 = await officer.put('/api/roles/viewer', { requireTotp: true });
    expect(res2.statusCode).toBe(403);
    expect(res2.json().error.code).toBe('FORBIDDEN');

    const admin = await t.as('admin', null);
    const settings = (await admin.get('/api/roles')).json() as { role: string; requireTotp: boolean }[];
    expect(settings.find((s) => s.role === 'viewer')).toEqual({ role: 'viewer', requireTotp: false });
    expect((await t.auditRows('role.update')).filter((r) => r.entity_id === 'viewer')).toHaveLength(0);
  });

  it('when a role requires TOTP, its users must enrol before anything else and cannot turn it off', async () => {
    const admin = await t.as('admin', null);
    const before = await t.makeUser('commune_officer', '22783');
    const earlier = await loggedIn(before.username);
    const viewer = await t.makeUser('viewer', '58');

    try {
      const set = await admin.put('/api/roles/commune_officer', { requireTotp: true });
      expect(set.statusCode).toBe(200);
      expect(set.json()).toEqual({ role: 'commune_officer', requireTotp: true });
      const settings = (await admin.get('/api/roles')).json() as { role: string; requireTotp: boolean }[];
      expect(settings.find((s) => s.role === 'commune_officer')?.requireTotp).toBe(true);
      expect(settings.find((s) => s.role === 'viewer')?.requireTotp).toBe(false);
      const audit = (await t.auditRows('role.update')).filter((r) => r.entity_id === 'commune_officer');
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.before_json!)).toEqual({ role: 'commune_officer', requireTotp: false });
      expect(JSON.parse(audit[0]!.after_json!)).toEqual({ role: 'commune_officer', requireTotp: true });

      // A session opened before the change is held at the door too.
      const held = await earlier.get('/api/users');
      expect(held.statusCode).toBe(403);
      expect(held.json().error.code).toBe('TOTP_ENROLLMENT_REQUIRED');

      const u = await t.makeUser('commune_officer', '22786');
      const c = t.client();
      const login = await c.login(u.username);
      expect(login.statusCode).toBe(200);
      expect(login.json().user).toMatchObject({ totpRequired: true, mustEnrollTotp: true, totpEnabled: false });

      const blocked = await c.get('/api/users');
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json()).toEqual({
        error: {
          code: 'TOTP_ENROLLMENT_REQUIRED',
          message: 'Vai trò của bạn bắt buộc xác thực hai lớp. Hãy cài đặt trước khi tiếp tục.',
        },
      });
      expect((await c.get('/api/units')).statusCode).toBe(403);

      const secret = await enrol(c);
      expect((await c.get('/api/auth/me')).json().user).toMatchObject({ mustEnrollTotp: false, totpEnabled: true });
      expect((await c.get('/api/users')).statusCode).toBe(200);

      const off = await c.post('/api/auth/totp/disable', { password: TEST_PASSWORD });
      expect(off.statusCode).toBe(409);
      expect(off.json().error.code).toBe('TOTP_REQUIRED_BY_ROLE');
      t.clock.advance(STEP);
      expect((await t.client().login(u.username, TEST_PASSWORD, await code(secret))).statusCode).toBe(200);

      // Other roles are not affected.
      const v = await t.client().login(viewer.username);
      expect(v.statusCode).toBe(200);
      expect(v.json().user).toMatchObject({ totpRequired: false, mustEnrollTotp: false });
    } finally {
      const reset = await (await t.as('admin', null)).put('/api/roles/commune_officer', { requireTotp: false });
      expect(reset.statusCode).toBe(200);
    }
  });
  it('asks for the password before replacing an active second factor, so a stolen session cannot swap it', async () => {
    const u = await t.makeUser('commune_officer', '22738');
    const c = await loggedIn(u.username, '10.2.9.1');
    const secret = await enrol(c);
    const noPassword = await c.post('/api/auth/totp/setup');
    expect(noPassword.statusCode).toBe(400);
    expect(noPassword.json().error.code).toBe('WRONG_PASSWORD');
    const wrong = await c.post('/api/auth/totp/setup', { password: 'not-the-password-1' });
    expect(wrong.json().error.code).toBe('WRONG_PASSWORD');
    // The old factor still guards the account.
    t.clock.advance(STEP);
    const again = t.client('vi', '10.2.9.2');
    expect((await again.login(u.username, TEST_PASSWORD, await code(secret))).statusCode).toBe(200);
    const withPassword = await c.post('/api/auth/totp/setup', { password: TEST_PASSWORD });
    expect(withPassword.statusCode).toBe(200);
    expect(withPassword.json().secret).not.toBe(secret);
  });
});
