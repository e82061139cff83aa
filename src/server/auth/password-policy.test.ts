import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hash } from '@node-rs/argon2';
import { generate } from 'otplib';
import { isCommonPassword, oneTimePassword, passwordProblems } from './passwords.js';
import { passwordRuleProblems } from '../../shared/passwords.js';
import { createTestContext, engines, TEST_PASSWORD, type TestClient, type TestContext } from '../test/harness.js';

describe('password rules (NIST SP 800-63B)', () => {
  it('refuses the passwords the outside test got through, each with its reason', () => {
    expect(passwordProblems('password12', 'can.bo')).toEqual(['tooShort', 'common']);
    expect(passwordProblems('aaaaaaaaa1', 'can.bo')).toEqual(['tooShort']);
    expect(passwordProblems('aaaaaaaaaaaa', 'can.bo')).toEqual(['repetitive']);
    expect(passwordProblems('abababababab', 'can.bo')).toEqual(['repetitive']);
    expect(passwordProblems('abcdefghijklm', 'can.bo')).toEqual(['sequential']);
    expect(passwordProblems('password1234', 'can.bo')).toEqual(['common']);
    expect(passwordProblems('PASSWORD1234', 'can.bo')).toEqual(['common']);
    expect(passwordProblems('Password2026!!', 'can.bo')).toEqual(['common']);
    expect(passwordProblems('qwertyuiop12', 'can.bo')).toEqual(['common']);
    expect(passwordProblems('Matkhau@123456', 'can.bo')).toEqual(['common']);
  });

  it('needs 12 characters, or 8 with a second factor; at most 256; no composition rules', () => {
    expect(passwordProblems('mưa rơi trên phố', 'can.bo')).toEqual([]);
    expect(passwordProblems('chiềuhômnay', 'can.bo')).toEqual(['tooShort']);
    expect(passwordProblems('chiềuhômnay', 'can.bo', true)).toEqual([]);
    expect(passwordProblems('gió lạnh', 'can.bo', true)).toEqual([]);
    expect(passwordProblems('gió lạn', 'can.bo', true)).toEqual(['tooShort']);
    // Letters only, digits only, no signs: fine when long and not common.
    expect(passwordProblems('buoisangtrenbiendong', 'can.bo')).toEqual([]);
    expect(passwordProblems('8306152947166', 'can.bo')).toEqual([]);
    expect(passwordProblems('xy'.repeat(64) + 'z'.repeat(128), 'can.bo')).toEqual([]);
    expect(passwordProblems('xy'.repeat(64) + 'z'.repeat(129), 'can.bo')).toEqual(['tooLong']);
    // Characters, not UTF-16 units: twelve emoji are twelve characters.
    expect(passwordProblems('🌾🌾🌾🌾🌾🌾🌾🌾🌾🌾🌾🐃', 'can.bo')).toEqual([]);
  });

  it('refuses the username and the product name, whatever the case, diacritics and signs', () => {
    expect(passwordProblems('le.van.cuong-2026', 'le.van.cuong')).toEqual(['containsUsername']);
    expect(passwordProblems('LeVanCuong@buoisang', 'le.van.cuong')).toEqual(['containsUsername']);
    for (const p of ['TuQuan@2018', 'Tự Quản 2026 nhé', 'mat khau tu-quan', 'TUQUANvietnam!', 'ma tu quan ly']) {
      expect(passwordProblems(p, 'can.bo'), p).toContain('containsProductName');
    }
  });

  it('compares after NFKC: full-width and decomposed letters are the same password', () => {
    expect(isCommonPassword('ｐａｓｓｗｏｒｄ１２３４')).toBe(true);
    expect(passwordRuleProblems('Tu\u031b\u0323 Qua\u0309n va\u0300 to\u0302i', {})).toContain('containsProductName');
    // The length is counted after normalisation: the ligature ﬁ becomes two letters, 11 typed are 12.
    expect(passwordRuleProblems('ﬁrstlightxy', {})).toEqual([]);
    expect(passwordRuleProblems('ﬁrstlightx', {})).toEqual(['tooShort']);
  });

  it('one-time passwords pass the rules they are handed out under', () => {
    for (let i = 0; i < 200; i++) {
      const p = oneTimePassword('tuquan.admin');
      expect(passwordProblems(p, 'tuquan.admin'), p).toEqual([]);
      expect(p.length).toBeGreaterThanOrEqual(12);
    }
  });
});

describe.each(engines)('password policy through the API (%s)', (engine) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(engine);
  });
  afterAll(async () => t.close());

  async function loggedIn(username: string, password = TEST_PASSWORD, ip = '10.3.0.1', lang: 'vi' | 'en' = 'vi'): Promise<TestClient> {
    const c = t.client(lang, ip);
    const res = await c.login(username, password);
    expect(res.statusCode, res.body).toBe(200);
    return c;
  }

  it('a password change names every reason in Vietnamese and English, and changes nothing', async () => {
    const u = await t.makeUser('commune_officer', '22741', 'nguyen.an');
    const vi = await loggedIn(u.username);
    const refused = await vi.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'password12' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toEqual({
      code: 'WEAK_PASSWORD',
      message: 'Mật khẩu chưa đạt: cần ít nhất 12 ký tự; là mật khẩu phổ biến hoặc đã bị lộ.',
      details: { reasons: ['tooShort', 'common'] },
    });
    const en = await loggedIn(u.username, TEST_PASSWORD, '10.3.0.2', 'en');
    const cases: [string, string][] = [
      ['aaaaaaaaa1', 'Password not accepted: use at least 12 characters.'],
      ['nguyen.an.2026.ok', 'Password not accepted: it contains the username.'],
      ['Tự Quản mãi đỉnh', 'Password not accepted: it contains the name of the system (Tự Quản).'],
      ['111111111111', 'Password not accepted: it only repeats a few characters.'],
      ['xy'.repeat(128) + 'z', 'Password not accepted: it is longer than 256 characters.'],
    ];
    for (const [newPassword, message] of cases) {
      const res = await en.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword });
      expect(res.statusCode, newPassword).toBe(400);
      expect(res.json().error.message).toBe(message);
    }
    // The old password still logs in.
    expect((await t.client('vi', '10.3.0.3').login(u.username)).statusCode).toBe(200);
  });

  it('normalises before hashing: a password set decomposed logs in composed, and the reverse', async () => {
    const u = await t.makeUser('viewer', '58', 'tran.binh');
    const c = await loggedIn(u.username, TEST_PASSWORD, '10.3.1.1');
    const decomposed = 'Đi\u0300 chie\u0302\u0300u chu\u0309 nha\u0323t';
    const composed = decomposed.normalize('NFC');
    expect(composed).not.toBe(decomposed);
    expect((await c.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: decomposed })).statusCode).toBe(204);
    expect((await t.client('vi', '10.3.1.2').login(u.username, composed)).statusCode).toBe(200);
    expect((await t.client('vi', '10.3.1.3').login(u.username, decomposed)).statusCode).toBe(200);
  });

  it('a hash made before normalisation, of the password as typed, still logs in', async () => {
    const u = await t.makeUser('viewer', '58', 'le.cu');
    // Stored the old way: argon2id of the typed (here decomposed) form, not normalised.
    const typed = 'Ca\u0301nh đo\u0300ng la\u0301 xanh';
    await t.deps.db.updateTable('users').set({ password_hash: await hash(typed) }).where('id', '=', u.id).execute();
    expect((await t.client('vi', '10.3.2.1').login(u.username, typed)).statusCode).toBe(200);
    expect((await t.client('vi', '10.3.2.2').login(u.username, 'Canh dong la xanh')).statusCode).toBe(401);
  });

  it('an administrator cannot create or give an account a weak password; a generated one passes', async () => {
    const admin = await t.as('admin', null);
    const weak = await admin.post('/api/users', { username: 'xa.moi', fullName: 'Xã Mới', role: 'viewer', scopeUnitId: null, password: 'password1234' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('WEAK_PASSWORD');
    expect(weak.json().error.details).toEqual({ reasons: ['common'] });
    const short = await admin.post('/api/users', { username: 'xa.moi', fullName: 'Xã Mới', role: 'viewer', scopeUnitId: null, password: 'ngan-qua' });
    expect(short.json().error.details).toEqual({ reasons: ['tooShort'] });
    const ok = await admin.post('/api/users', { username: 'xa.moi', fullName: 'Xã Mới', role: 'viewer', scopeUnitId: null });
    expect(ok.statusCode).toBe(201);
    const temporary = ok.json().temporaryPassword as string;
    expect(passwordProblems(temporary, 'xa.moi')).toEqual([]);
    expect((await t.client('vi', '10.3.3.1').login('xa.moi', temporary)).statusCode).toBe(200);
  });

  describe('with a second factor', () => {
    const code = (secret: string) => generate({ secret, epoch: Math.floor(t.clock.ms / 1000) });

    it('an account with TOTP enrolled may choose 8 characters; it cannot then turn TOTP off until the password is longer', async () => {
      const u = await t.makeUser('viewer', '58', 'pham.totp');
      const c = await loggedIn(u.username, TEST_PASSWORD, '10.3.4.1');
      // Without TOTP, 8 characters are too few.
      const before = await c.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'gió lạnh' });
      expect(before.json().error.details).toEqual({ reasons: ['tooShort'] });
      const { secret } = (await c.post('/api/auth/totp/setup')).json();
      expect((await c.post('/api/auth/totp/enable', { code: await code(secret) })).statusCode).toBe(204);
      t.clock.advance(31_000);
      const changed = await c.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'gió lạnh' });
      expect(changed.statusCode, changed.body).toBe(204);
      expect((await c.post('/api/auth/password', { currentPassword: 'gió lạnh', newPassword: 'gió lạn' })).json().error.message).toBe(
        'Mật khẩu chưa đạt: cần ít nhất 8 ký tự.',
      );

      const off = await c.post('/api/auth/totp/disable', { password: 'gió lạnh' });
      expect(off.statusCode).toBe(409);
      expect(off.json().error.code).toBe('TOTP_DISABLE_SHORT_PASSWORD');
      expect(off.json().error.message).toContain('ngắn hơn 12 ký tự');
      expect((await c.post('/api/auth/password', { currentPassword: 'gió lạnh', newPassword: 'gió lạnh đầu mùa đông' })).statusCode).toBe(204);
      expect((await c.post('/api/auth/totp/disable', { password: 'gió lạnh đầu mùa đông' })).statusCode).toBe(204);
    });
  });

  describe('wrong current passwords are throttled like logins', () => {
    it('five wrong current passwords, then 429 with the seconds to wait; the right one is not even checked until then', async () => {
      const u = await t.makeUser('commune_officer', '22741', 'do.thi.em');
      const c = await loggedIn(u.username, TEST_PASSWORD, '10.3.5.1');
      const good = { currentPassword: TEST_PASSWORD, newPassword: 'Buoi sang tren bien Ninh Chu' };
      for (let i = 0; i < 5; i++) {
        const res = await c.post('/api/auth/password', { ...good, currentPassword: `Sai-mat-khau-${i}` });
        expect(res.statusCode, `attempt ${i + 1}`).toBe(400);
        expect(res.json().error.code).toBe('WRONG_PASSWORD');
      }
      const throttled = await c.post('/api/auth/password', good);
      expect(throttled.statusCode).toBe(429);
      expect(throttled.json().error).toEqual({
        code: 'PASSWORD_THROTTLED',
        message: 'Nhập sai mật khẩu hiện tại quá nhiều lần. Vui lòng thử lại sau 30 giây.',
        details: { retryAfterSeconds: 30 },
      });
      expect(throttled.headers['retry-after']).toBe('30');
      // The password did not change.
      expect((await t.client('vi', '10.3.5.9').login(u.username)).statusCode).toBe(200);
      // The same failures hold the login form at that address too: one guess budget per account.
      const login = await t.client('vi', '10.3.5.1').login(u.username);
      expect(login.statusCode).toBe(429);

      t.clock.advance(30_000);
      expect((await c.post('/api/auth/password', good)).statusCode).toBe(204);
      // A success clears the pair's counter.
      expect((await t.client('vi', '10.3.5.1').login(u.username, good.newPassword)).statusCode).toBe(200);
      const failures = await t.auditRows('auth.login_failed');
      expect(failures.filter((r) => r.entity_id === u.id && r.after_json?.includes('password_change'))).toHaveLength(5);
    });
  });
});
