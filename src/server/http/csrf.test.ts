import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestContext, engines, TEST_PASSWORD, type TestClient, type TestContext } from '../test/harness.js';

const CSRF_VI = 'Yêu cầu bị từ chối vì không đến từ trang Tự Quản (thiếu mã chống giả mạo).';

function expectRejected(res: LightMyRequestResponse) {
  expect(res.statusCode).toBe(403);
  expect(res.json()).toEqual({ error: { code: 'CSRF_REJECTED', message: CSRF_VI } });
}

/** Sends a request with the session cookie but without the anti-forgery header, as a forged one would come. */
async function withoutToken(c: TestClient, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const token = c.csrf;
  c.csrf = null;
  try {
    return await c.request(method, url, body, headers);
  } finally {
    c.csrf = token;
  }
}

describe.each(engines)('chống giả mạo yêu cầu (%s)', (engine) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(engine);
  });
  afterAll(async () => t.close());

  async function userByUsername(admin: TestClient, username: string) {
    const res = await admin.get(`/api/users?q=${encodeURIComponent(username)}`);
    expect(res.statusCode).toBe(200);
    return (res.json().items as { username: string; fullName: string; id: string }[]).find((u) => u.username === username);
  }

  it('refuses POST, PATCH, PUT and DELETE without the token and changes nothing; the same requests with the token go through', async () => {
    const admin = await t.as('admin', null);
    const newUser = { username: 'ho.thi.em', fullName: 'Hồ Thị Em', role: 'viewer', scopeUnitId: null };

    // POST
    expectRejected(await withoutToken(admin, 'POST', '/api/users', newUser));
    expect(await userByUsername(admin, 'ho.thi.em')).toBeUndefined();
    const created = await admin.post('/api/users', newUser);
    expect(created.statusCode).toBe(201);
    const id = created.json().user.id as string;

    // PATCH
    expectRejected(await withoutToken(admin, 'PATCH', `/api/users/${id}`, { fullName: 'Kẻ Giả Mạo' }));
    expect((await admin.get(`/api/users/${id}`)).json().fullName).toBe('Hồ Thị Em');
    const patched = await admin.patch(`/api/users/${id}`, { fullName: 'Hồ Thị Em Hai' });
    expect(patched.statusCode).toBe(200);
    expect((await admin.get(`/api/users/${id}`)).json().fullName).toBe('Hồ Thị Em Hai');

    // PUT
    expectRejected(await withoutToken(admin, 'PUT', '/api/roles/viewer', { requireTotp: true }));
    const roles = async () => ((await admin.get('/api/roles')).json() as { role: string; requireTotp: boolean }[]).find((r) => r.role === 'viewer');
    expect(await roles()).toEqual({ role: 'viewer', requireTotp: false });
    expect((await admin.put('/api/roles/viewer', { requireTotp: true })).statusCode).toBe(200);
    expect(await roles()).toEqual({ role: 'viewer', requireTotp: true });
    expect((await admin.put('/api/roles/viewer', { requireTotp: false })).statusCode).toBe(200);

    // DELETE
    const unit = await admin.post('/api/units', {
      code: 'T-CSRF-1',
      name: 'Thôn Thử Nghiệm',
      level: 'village',
      kind: 'Thôn',
      parentId: await t.unitId('22786'),
      validFrom: '2026-01-01',
    });
    expect(unit.statusCode).toBe(201);
    const unitId = unit.json().id as string;
    expectRejected(await withoutToken(admin, 'DELETE', `/api/units/${unitId}`));
    expect((await admin.get(`/api/units/${unitId}`)).statusCode).toBe(200);
    expect((await admin.delete(`/api/units/${unitId}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/units/${unitId}`)).statusCode).toBe(404);

    // No audit row for any refused request.
    expect((await t.auditRows('user.update')).filter((r) => r.entity_id === id)).toHaveLength(1);
  });

  it('refuses a wrong token, and the token of another session', async () => {
    const admin = await t.as('admin', null);
    const other = await t.as('admin', null);
    const u = await t.makeUser('viewer', '58');
    const wrong = await admin.request('POST', `/api/users/${u.id}/disable`, {}, { 'x-csrf-token': 'khong-dung' });
    expectRejected(wrong);
    const empty = await admin.request('POST', `/api/users/${u.id}/disable`, {}, { 'x-csrf-token': '' });
    expectRejected(empty);
    const borrowed = await admin.request('POST', `/api/users/${u.id}/disable`, {}, { 'x-csrf-token': other.csrf! });
    expectRejected(borrowed);
    expect((await admin.get(`/api/users/${u.id}`)).json().disabled).toBe(false);
    expect((await t.client().login(u.username)).statusCode).toBe(200);
  });

  it('does not let a forged request log the user out', async () => {
    const c = await t.as('viewer', '56');
    expectRejected(await withoutToken(c, 'POST', '/api/auth/logout'));
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    expect((await c.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('needs no token to read', async () => {
    const c = await t.as('admin', null);
    c.csrf = null;
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    expect((await c.get('/api/users')).statusCode).toBe(200);
    expect((await c.get('/api/units')).statusCode).toBe(200);
  });

  it('refuses a request from another site by its Origin, even a login', async () => {
    const u = await t.makeUser('viewer', '58');
    const evil = { origin: 'https://evil.example' };
    const login = await t.client().post('/api/auth/login', { username: u.username, password: TEST_PASSWORD }, evil);
    expectRejected(login);
    expect(login.cookies.find((k) => k.name === 'tq_session')).toBeUndefined();
    expect(await t.auditRows('auth.login')).not.toContainEqual(expect.objectContaining({ entity_id: u.id }));

    // Even with a valid session and token.
    const admin = await t.as('admin', null);
    expectRejected(await admin.post(`/api/users/${u.id}/disable`, {}, evil));
    expectRejected(await admin.post(`/api/users/${u.id}/disable`, {}, { origin: 'null' }));
    // A browser that sends no Origin but says the request is cross-site.
    expectRejected(await admin.post(`/api/users/${u.id}/disable`, {}, { 'sec-fetch-site': 'cross-site' }));
    expect((await admin.get(`/api/users/${u.id}`)).json().disabled).toBe(false);

    // Another port or a look-alike host is another site.
    expectRejected(await t.client().post('/api/auth/login', { username: u.username, password: TEST_PASSWORD }, { origin: 'http://localhost:8080' }));
    expectRejected(
      await t.client().post('/api/auth/login', { username: u.username, password: TEST_PASSWORD }, {
        host: 'tuquan.example.vn',
        origin: 'https://tuquan.example.vn.evil.example',
      }),
    );

    // From the app's own page (same host) it works.
    const same = await t.client().post('/api/auth/login', { username: u.username, password: TEST_PASSWORD }, { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' });
    expect(same.statusCode).toBe(200);
    // Also behind a proxy that writes the default port into Host.
    const proxied = await t.client().post('/api/auth/login', { username: u.username, password: TEST_PASSWORD }, {
      host: 'tuquan.example.vn:443',
      origin: 'https://tuquan.example.vn',
    });
    expect(proxied.statusCode).toBe(200);
  });

  it('does not read a form body: a cross-site form cannot log anyone in', async () => {
    const u = await t.makeUser('viewer', '56');
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `username=${u.username}&password=${TEST_PASSWORD}`,
    });
    expect(form.statusCode).toBe(415);
    expect(form.json()).toEqual({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Không nhận loại dữ liệu này: gửi JSON, hoặc tệp .xlsx/.csv ở nơi nhập bảng tính.' } });
    expect(form.cookies.find((k) => k.name === 'tq_session')).toBeUndefined();

    const multipart = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: `--x\r\nContent-Disposition: form-data; name="username"\r\n\r\n${u.username}\r\n--x--\r\n`,
    });
    expect(multipart.statusCode).toBe(415);
    expect(multipart.cookies.find((k) => k.name === 'tq_session')).toBeUndefined();

    // A text/plain form can carry JSON-looking text; it is not read as JSON either.
    const text = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ username: u.username, password: TEST_PASSWORD }),
    });
    expect(text.statusCode).toBeGreaterThanOrEqual(400);
    expect(text.statusCode).toBeLessThan(500);
    expect(text.cookies.find((k) => k.name === 'tq_session')).toBeUndefined();
    expect(await t.auditRows('auth.login')).not.toContainEqual(expect.objectContaining({ entity_id: u.id }));
  });
});
