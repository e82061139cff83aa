import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestContext, engines, type TestClient, type TestContext } from '../test/harness.js';

function expectNoStore(res: LightMyRequestResponse, what: string) {
  expect(res.headers['cache-control'], `${what}: ${res.statusCode}`).toBe('no-store');
}

describe.each(engines)('Cache-Control: no-store on every API answer (%s)', (engine) => {
  let t: TestContext;
  let officer: TestClient;
  let personId: string;

  beforeAll(async () => {
    t = await createTestContext(engine);
    officer = await t.as('commune_officer', '22738', 'cb.cache');
    const created = await officer.post('/api/people', { fullName: 'Trần Thị Cúc', addressUnitId: await t.unitId('22738'), cccd: '058185004321', gender: 'female', birthYear: 1985 });
    expect(created.statusCode, created.body).toBe(201);
    personId = created.json().id;
  });
  afterAll(async () => t?.close());

  it('on answers holding personal data: the session, a person, a revealed CCCD, lists', async () => {
    expectNoStore(await officer.get('/api/auth/me'), 'me');
    expectNoStore(await officer.get(`/api/people/${personId}`), 'person');
    const reveal = await officer.post(`/api/people/${personId}/reveal-cccd`);
    expect(reveal.json()).toEqual({ cccd: '058185004321' });
    expectNoStore(reveal, 'reveal');
    expectNoStore(await officer.get('/api/people'), 'people');
    const search = await officer.post('/api/people/search', { cccd: '058185004321' });
    expect(search.json().items.map((p: { id: string }) => p.id)).toEqual([personId]);
    expectNoStore(search, 'search by CCCD');
    expectNoStore(await officer.get('/api/users'), 'users');
    const login = await t.client().login('cb.cache');
    expect(login.statusCode).toBe(200);
    expectNoStore(login, 'login');
  });

  it('on file exports', async () => {
    const people = await officer.get(`/api/people/export?unitId=${await t.unitId('22738')}`);
    expect(people.statusCode, people.body).toBe(200);
    expect(people.headers['content-disposition']).toMatch(/^attachment/);
    expectNoStore(people, 'people export');
    const byNumber = await officer.post('/api/people/export', { cccd: '058185004321' });
    expect(byNumber.statusCode, byNumber.body).toBe(200);
    expectNoStore(byNumber, 'people export by CCCD');
    const groups = await officer.get('/api/groups/export');
    expect(groups.statusCode).toBe(200);
    expectNoStore(groups, 'groups export');
  });

  it('on errors: unauthenticated, not found, invalid, throttled, an unknown API path', async () => {
    const anonymous = await t.client().get('/api/people');
    expect(anonymous.statusCode).toBe(401);
    expectNoStore(anonymous, 'anonymous');
    const missing = await officer.get('/api/people/0190a0a0-0000-7000-8000-000000000009');
    expect(missing.statusCode).toBe(404);
    expectNoStore(missing, 'missing');
    const invalid = await officer.get('/api/people/not-an-id');
    expect(invalid.statusCode).toBe(400);
    expectNoStore(invalid, 'invalid');
    const wrong = await t.client().login('cb.cache', 'Khong-dung-dau-nhe');
    expect(wrong.statusCode).toBe(401);
    expectNoStore(wrong, 'wrong password');
    const unknown = await officer.get('/api/khong-co-gi');
    expect(unknown.statusCode).toBe(404);
    expectNoStore(unknown, 'unknown path');
  });
});
