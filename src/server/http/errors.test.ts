import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestContext, engines, TEST_PASSWORD, type TestContext } from '../test/harness.js';

const INTERNAL_VI = 'Đã có lỗi trong hệ thống. Thao tác chưa được thực hiện; vui lòng thử lại.';
const INTERNAL_EN = 'Something went wrong on our side. Nothing was changed; please try again.';

/** The one error shape: `{ error: { code, message, details? } }` and nothing else. */
function expectErrorShape(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toContain('application/json');
  const body = res.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  for (const key of Object.keys(body.error)) expect(['code', 'message', 'details']).toContain(key);
  return body.error as { code: string; message: string; details?: { issues?: { path: string; message: string }[] } };
}

describe.each(engines)('một dạng lỗi cho mọi nơi (%s)', (engine) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(engine);
  });
  afterAll(async () => t.close());

  it('answers invalid input with 400 VALIDATION_FAILED and the path of each problem', async () => {
    const body = await t.client().post('/api/auth/login', { username: '', password: 5 });
    const e = expectErrorShape(body, 400, 'VALIDATION_FAILED');
    expect(e.message).toBe('Dữ liệu gửi lên không hợp lệ.');
    const paths = e.details!.issues!.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.username', 'body.password']));
    for (const issue of e.details!.issues!) expect(typeof issue.message).toBe('string');

    const admin = await t.as('admin', null);
    const query = expectErrorShape(await admin.get('/api/users?page=0'), 400, 'VALIDATION_FAILED');
    expect(query.details!.issues!.map((i) => i.path)).toEqual(['querystring.page']);
    const params = expectErrorShape(await admin.get('/api/users/not-a-uuid'), 400, 'VALIDATION_FAILED');
    expect(params.details!.issues!.map((i) => i.path)).toEqual(['params.id']);
    const nested = expectErrorShape(
      await admin.post('/api/users', { username: 'x y', fullName: 'Đặng Văn Giang', role: 'mayor', scopeUnitId: null }),
      400,
      'VALIDATION_FAILED',
    );
    expect(nested.details!.issues!.map((i) => i.path)).toEqual(expect.arrayContaining(['body.username', 'body.role']));
    // Nothing was created.
    expect((await admin.get('/api/users?q=giang')).json().total).toBe(0);
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    for (const payload of ['{"username":', '{username: "a"}', "{'a':1}", '[1,2', '']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload });
      const e = expectErrorShape(res, 400, 'MALFORMED_JSON');
      expect(e.message).toBe('Dữ liệu JSON bị lỗi cú pháp.');
    }
  });

  it('answers an unknown API path with 404 NOT_FOUND, whatever the method', async () => {
    const anonymous = t.client();
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const e = expectErrorShape(await anonymous.request(method, '/api/khong-co', method === 'GET' ? undefined : {}), 404, 'NOT_FOUND');
      expect(e.message).toBe('Không tìm thấy.');
    }
    const admin = await t.as('admin', null);
    expectErrorShape(await admin.get('/api/users/00000000-0000-7000-8000-000000000000/nothing'), 404, 'NOT_FOUND');
    expectErrorShape(await admin.post('/api/khong-co', {}), 404, 'NOT_FOUND');
    expectErrorShape(await admin.get('/api/users/00000000-0000-7000-8000-000000000000'), 404, 'USER_NOT_FOUND');
  });

  it('speaks Vietnamese by default, English on request, and a lang cookie wins over the browser', async () => {
    const path = '/api/khong-co';
    const message = async (headers: Record<string, string>) => (await t.app.inject({ method: 'GET', url: path, headers })).json().error.message;
    expect(await message({})).toBe('Không tìm thấy.');
    expect(await message({ 'accept-language': 'vi-VN,vi;q=0.9' })).toBe('Không tìm thấy.');
    expect(await message({ 'accept-language': 'en-US,en;q=0.9' })).toBe('Not found.');
    expect(await message({ 'accept-language': 'fr-FR' })).toBe('Không tìm thấy.');
    expect(await message({ 'accept-language': 'fr-FR, en;q=0.5, vi;q=0.3' })).toBe('Not found.');
    expect(await message({ cookie: 'lang=en' })).toBe('Not found.');
    expect(await message({ cookie: 'lang=en', 'accept-language': 'vi' })).toBe('Not found.');
    expect(await message({ cookie: 'lang=vi', 'accept-language': 'en' })).toBe('Không tìm thấy.');

    const validation = await t.client('en').post('/api/auth/login', { username: '' });
    expect(validation.json().error.message).toBe('The request data is not valid.');
    const json = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json', cookie: 'lang=en' }, payload: '{' });
    expect(json.json().error.message).toBe('The JSON body is malformed.');
    const unauth = await t.client('en').get('/api/users');
    expect(unauth.statusCode).toBe(401);
    expect(unauth.json().error.message).toBe('You are not logged in or your session has expired.');
  });

  it('answers a body over 1 MB with 413', async () => {
    const res = await t.client().post('/api/auth/login', { username: 'a', password: 'x'.repeat(1_100_000) });
    expectErrorShape(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('does not crash on lone surrogates, NUL and other odd Unicode in JSON strings', async () => {
    const admin = await t.as('admin', null);
    const odd = ['\\ud800', '\\udc00abc', 'x\\ud83d', 'a\\u0000b', '\\u0000', '\\u202e\\u200b\\ufeff', '\\uffff\\ufffe', 'e\\u0301', '\\ud83d\\udc6e', 'Nguy\\u1ec5n'];
    let n = 0;
    for (const s of odd) {
      n++;
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        remoteAddress: `203.0.113.${n}`,
        payload: `{"username":"${s}","password":"${s}"}`,
      });
      expect(login.statusCode, `login with ${s}`).toBeGreaterThanOrEqual(400);
      expect(login.statusCode, `login with ${s}`).toBeLessThan(500);
      expect(login.json().error.code).toMatch(/^[A-Z_]+$/);

      const named = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { 'content-type': 'application/json', cookie: admin.cookie!, 'x-csrf-token': admin.csrf! },
        payload: `{"username":"odd.n.${n}","fullName":"${s}","role":"viewer","scopeUnitId":null}`,
      });
      expect(named.statusCode, `fullName ${s}`).toBeLessThan(500);
      if (named.statusCode === 201) {
        // What was stored can be read back without error.
        const id = named.json().user.id;
        const back = await admin.get(`/api/users/${id}`);
        expect(back.statusCode).toBe(200);
        expect(typeof back.json().fullName).toBe('string');
      }
    }
    for (const q of ['%ED%A0%80', '%FF%FE', '%00', '%', '%E2%80%AE']) {
      expect((await admin.get(`/api/users?q=${q}`)).statusCode, q).toBeLessThan(500);
      expect((await admin.get(`/api/units?q=${q}`)).statusCode, q).toBeLessThan(500);
    }
    // The server is still well, and normal Vietnamese names work.
    expect((await t.client().get('/api/health')).statusCode).toBe(200);
    const u = await t.makeUser('viewer', '58');
    expect((await t.client().login(u.username, TEST_PASSWORD)).statusCode).toBe(200);
  });
  it('refuses NUL and unpaired surrogates with 400 on both engines, and stores nothing', async () => {
    const admin = await t.as('admin', null);
    for (const [n, s] of ['a\\u0000b', '\\ud800x', 'x\\udc00'].entries()) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { 'content-type': 'application/json', cookie: admin.cookie!, 'x-csrf-token': admin.csrf! },
        payload: `{"username":"bad.text.${n}","fullName":"${s}","role":"viewer","scopeUnitId":null}`,
      });
      expectErrorShape(res, 400, 'VALIDATION_FAILED');
      expect(res.json().error.details.issues[0].path).toBe('body.fullName');
      const list = await admin.get(`/api/users?q=bad.text.${n}`);
      expect(list.json().total).toBe(0);
    }
    expectErrorShape(await admin.get('/api/users?q=%00'), 400, 'VALIDATION_FAILED');
  });
});

describe.each(engines)('lỗi 500 không lộ chi tiết bên trong (%s)', (engine) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(engine);
  });
  afterAll(async () => t.close());

  it('answers 500 INTERNAL with a plain message and no stack, SQL or file path when the database is gone', async () => {
    const admin = await t.as('admin', null);
    expect((await t.client().get('/api/health')).statusCode).toBe(200);
    await t.deps.db.destroy();

    const health = await t.client().get('/api/health');
    expect(health.statusCode).toBe(500);
    expect(health.json()).toEqual({ error: { code: 'INTERNAL', message: INTERNAL_VI } });
    const en = await t.client('en').get('/api/health');
    expect(en.json()).toEqual({ error: { code: 'INTERNAL', message: INTERNAL_EN } });

    // With a session the request fails earlier, in the session look-up: the same plain answer.
    const users = await admin.get('/api/users');
    expect(users.statusCode).toBe(500);
    expect(users.json()).toEqual({ error: { code: 'INTERNAL', message: INTERNAL_VI } });
    const login = await t.client().post('/api/auth/login', { username: 'ai', password: TEST_PASSWORD });
    expect(login.statusCode).toBe(500);
    expect(login.json()).toEqual({ error: { code: 'INTERNAL', message: INTERNAL_VI } });

    for (const res of [health, en, users, login]) {
      expect(res.body).not.toMatch(/stack|select|from "|role_settings|sqlite|postgres|kysely|destroy|\.ts\b|\.js\b|node_modules|\/src\/|\bat \w/i);
    }
  });
});
