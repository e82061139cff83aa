import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { createTestContext, engines, freshDatabase, type TestClient, type TestContext } from '../test/harness.js';

/** A built web app in miniature: an index and two hashed assets, precompressed as the build does. */
function builtWebApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tq-web-'));
  mkdirSync(join(dir, 'assets'));
  const script = Array.from({ length: 200 }, (_, i) => `export const label${i} = 'Tổ nhân dân tự quản số ${i}';`).join('\n');
  writeFileSync(join(dir, 'assets', 'index-B4mM15H5.js'), script);
  writeFileSync(join(dir, 'assets', 'index-DWK3xhJz.css'), Array.from({ length: 100 }, (_, i) => `.o${i}{margin:${i}px}`).join('\n'));
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html lang="vi"><head><meta charset="UTF-8"><title>Tự Quản</title><script type="module" src="/assets/index-B4mM15H5.js"></script><link rel="stylesheet" href="/assets/index-DWK3xhJz.css"></head><body><div id="root"></div></body></html>`,
  );
  execFileSync(process.execPath, [fileURLToPath(new URL('../../../scripts/precompress.mjs', import.meta.url)), dir]);
  return dir;
}

const decode: Record<string, (b: Buffer) => Buffer> = { br: brotliDecompressSync, gzip: gunzipSync };

/** The bytes of the answer as the client reads them once it undoes the content encoding. */
function decoded(res: LightMyRequestResponse): Buffer {
  const encoding = res.headers['content-encoding'];
  return encoding ? decode[String(encoding)]!(res.rawPayload) : res.rawPayload;
}

describe.each(engines)('delivery of the web app and the API (%s)', (engine) => {
  let web: string;
  let app: FastifyInstance;
  let closeWeb: () => Promise<void>;
  let t: TestContext;
  let staff: TestClient;

  beforeAll(async () => {
    web = builtWebApp();
    const { handle, drop } = await freshDatabase(engine);
    app = await buildApp({ database: handle, webDir: web });
    closeWeb = async () => {
      await app.close();
      await handle.close();
      await drop();
    };
    t = await createTestContext(engine);
    staff = await t.as('province_staff', '58', 'tinh.giaohang');
  });
  afterAll(async () => {
    await closeWeb?.();
    await t?.close();
    rmSync(web, { recursive: true, force: true });
  });

  const get = (url: string, acceptEncoding?: string) => app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

  it('sends a hashed asset in brotli, else gzip, else as it is, to be kept for a year', async () => {
    const file = readFileSync(join(web, 'assets', 'index-B4mM15H5.js'));
    for (const [accept, encoding] of [['gzip, deflate, br', 'br'], ['gzip', 'gzip'], [undefined, undefined], ['identity', undefined]] as const) {
      const res = await get('/assets/index-B4mM15H5.js', accept);
      expect(res.statusCode, accept).toBe(200);
      expect(res.headers['content-encoding'], accept).toBe(encoding);
      expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(decoded(res).equals(file), accept).toBe(true);
      if (encoding) expect(res.rawPayload.length).toBeLessThan(file.length / 3);
    }
    const css = await get('/assets/index-DWK3xhJz.css', 'br');
    expect(css.headers['content-encoding']).toBe('br');
    expect(decoded(css).equals(readFileSync(join(web, 'assets', 'index-DWK3xhJz.css')))).toBe(true);
  });

  it('has the browser check index.html again on every load, at / and at any page of the app', async () => {
    const index = readFileSync(join(web, 'index.html'));
    for (const url of ['/', '/index.html', '/groups/0190a0a0-0000-7000-8000-000000000001']) {
      const res = await get(url, 'br, gzip');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(decoded(res).equals(index), url).toBe(true);
    }
  });

  it('compresses a large JSON answer, which decodes to the same JSON; a small one is sent as it is', async () => {
    const url = `/api/units?parentId=${await t.unitId('58')}`;
    const plain = await staff.request('GET', url);
    expect(plain.statusCode, plain.body).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    const expected = plain.json();
    expect(expected.items.length).toBeGreaterThan(0);
    for (const encoding of ['br', 'gzip']) {
      const res = await staff.request('GET', url, undefined, { 'accept-encoding': encoding });
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      expect(JSON.parse(decoded(res).toString('utf8'))).toEqual(expected);
    }
    const health = await staff.request('GET', '/api/health', undefined, { 'accept-encoding': 'br, gzip' });
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.json()).toEqual({ status: 'ok', database: engine });
  });

  it('sends an .xlsx export as it is, with its length', async () => {
    const res = await staff.request('GET', '/api/groups/export', undefined, { 'accept-encoding': 'br, gzip' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    // A .xlsx file is a zip archive: it starts with the zip signature.
    expect(res.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
  });
});
