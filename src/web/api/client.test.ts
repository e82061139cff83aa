import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, configureClient, setCsrfToken, upload, withQuery } from './client.js';
import { shouldRetry } from './queryClient.js';

interface Call {
  url: string;
  init: RequestInit;
}

function mockFetch(status: number, body: unknown): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  return calls;
}

const headersOf = (c: Call) => c.init.headers as Record<string, string>;

describe('api client', () => {
  const onUnauthenticated = vi.fn();
  const onGuard = vi.fn();

  beforeEach(() => {
    configureClient({ language: () => 'en', onUnauthenticated, onGuard });
    setCsrfToken('tok-1');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    onUnauthenticated.mockReset();
    onGuard.mockReset();
  });

  it('sends the language, same-origin credentials, and no CSRF token on GET', async () => {
    const calls = mockFetch(200, { ok: true });
    await expect(api.get('/api/x', { q: 'a b', empty: '', none: undefined, page: 2 })).resolves.toEqual({ ok: true });
    expect(calls[0]!.url).toBe('/api/x?q=a+b&page=2');
    expect(calls[0]!.init.credentials).toBe('same-origin');
    expect(headersOf(calls[0]!)['Accept-Language']).toBe('en');
    expect(headersOf(calls[0]!)['X-CSRF-Token']).toBeUndefined();
  });

  it('sends the CSRF token and a JSON body on writes', async () => {
    const calls = mockFetch(204, undefined);
    await expect(api.post('/api/y', { a: 1 })).resolves.toBeUndefined();
    expect(headersOf(calls[0]!)['X-CSRF-Token']).toBe('tok-1');
    expect(headersOf(calls[0]!)['Content-Type']).toBe('application/json');
    expect(calls[0]!.init.body).toBe('{"a":1}');
  });

  it('turns the error body into an ApiError', async () => {
    mockFetch(429, { error: { code: 'LOGIN_THROTTLED', message: 'Try later', details: { retryAfterSeconds: 30 } } });
    const e = await api.post('/api/auth/login', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 429, code: 'LOGIN_THROTTLED', message: 'Try later', details: { retryAfterSeconds: 30 } });
  });

  it('leaves for the login page on UNAUTHENTICATED, unless the caller handles it', async () => {
    mockFetch(401, { error: { code: 'UNAUTHENTICATED', message: 'Log in' } });
    await api.get('/api/users').catch(() => undefined);
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    await api.get('/api/auth/me', undefined, { allowUnauthenticated: true }).catch(() => undefined);
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('reports the forced steps', async () => {
    mockFetch(403, { error: { code: 'PASSWORD_CHANGE_REQUIRED', message: 'Change it' } });
    await api.get('/api/users').catch(() => undefined);
    expect(onGuard).toHaveBeenCalledWith('PASSWORD_CHANGE_REQUIRED');
  });

  it('copes with a body that is not the error shape', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const e = await api.get('/api/x').catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 502, code: 'INTERNAL' });
  });

  it('reports a network failure as status 0', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const e = await api.get('/api/x').catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 0, code: 'NETWORK' });
  });

  it('builds query strings', () => {
    expect(withQuery('/a')).toBe('/a');
    expect(withQuery('/a', { x: null })).toBe('/a');
    expect(withQuery('/a', { q: 'Nguyễn' })).toBe('/a?q=Nguy%E1%BB%85n');
  });

  it('retries only network and server errors', () => {
    expect(shouldRetry(0, new ApiError(0, 'NETWORK', ''))).toBe(true);
    expect(shouldRetry(0, new ApiError(503, 'INTERNAL', ''))).toBe(true);
    expect(shouldRetry(0, new ApiError(404, 'NOT_FOUND', ''))).toBe(false);
    expect(shouldRetry(2, new ApiError(503, 'INTERNAL', ''))).toBe(false);
  });

  it('uploads with progress, the same headers, and the same errors', async () => {
    const sent: FakeXhr[] = [];
    class FakeXhr {
      method = '';
      url = '';
      headers: Record<string, string> = {};
      body: unknown;
      status = 0;
      statusText = '';
      responseText = '';
      upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      onabort: (() => void) | null = null;
      open(method: string, url: string) {
        this.method = method;
        this.url = url;
      }
      setRequestHeader(k: string, v: string) {
        this.headers[k] = v;
      }
      abort() {
        this.onabort?.();
      }
      send(body: unknown) {
        this.body = body;
        sent.push(this);
      }
      answer(status: number, body: unknown) {
        this.upload.onprogress?.({ lengthComputable: true, loaded: 5, total: 10 });
        this.upload.onprogress?.({ lengthComputable: true, loaded: 10, total: 10 });
        this.status = status;
        this.responseText = JSON.stringify(body);
        this.onload?.();
      }
    }
    vi.stubGlobal('XMLHttpRequest', FakeXhr);

    const progress: number[] = [];
    const ok = upload<{ id: string }>('/api/units/imports', '{"data":[]}', {
      query: { fileName: 'vn units.json' },
      contentType: 'application/json',
      onProgress: (done, total) => progress.push(done / total),
    });
    sent[0]!.answer(202, { id: 'job-1' });
    await expect(ok).resolves.toEqual({ id: 'job-1' });
    expect(sent[0]!.method).toBe('POST');
    expect(sent[0]!.url).toBe('/api/units/imports?fileName=vn+units.json');
    expect(sent[0]!.headers).toMatchObject({ 'Content-Type': 'application/json', 'X-CSRF-Token': 'tok-1', 'Accept-Language': 'en' });
    expect(progress).toEqual([0.5, 1]);

    const failed = upload('/api/units/villages/import', 'a,b', { contentType: 'text/csv' });
    sent[1]!.answer(401, { error: { code: 'UNAUTHENTICATED', message: 'Log in' } });
    await expect(failed).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED', message: 'Log in' });
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);

    const controller = new AbortController();
    const cancelled = upload('/api/x', 'x', { contentType: 'text/plain', signal: controller.signal });
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
  });
});
