import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestContext } from '../test/harness.js';

describe.each(engines)('health and API documents (%s)', (engine) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(engine);
  });
  afterAll(async () => t.close());

  it('reports ok and the engine in use', async () => {
    const res = await t.client().get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: engine });
  });

  it('serves an OpenAPI document that describes the login contract', async () => {
    const res = await t.client().get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const login = doc.paths['/api/auth/login'].post;
    expect(Object.keys(login.requestBody.content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining(['username', 'password', 'totp']),
    );
    expect(doc.paths['/api/users/{id}']).toBeDefined();
  });

  it('serves a browsable documentation page', async () => {
    const res = await t.client().get('/api/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('swagger');
  });

  it('answers an unknown API path with the error shape in the request language', async () => {
    const vi = await t.client('vi').get('/api/nothing-here');
    expect(vi.statusCode).toBe(404);
    expect(vi.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Không tìm thấy.' } });
    const en = await t.client('en').get('/api/nothing-here');
    expect(en.json().error.message).toBe('Not found.');
  });
});
