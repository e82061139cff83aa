import type { FastifyInstance } from 'fastify';

/**
 * Every API answer may hold personal data (a name, a phone, a CCCD, a file export), and so may
 * its errors: none may be kept by the browser, a shared computer's disk cache or a proxy.
 * `no-store` on every /api/ answer is the one rule that cannot miss a new endpoint. The web
 * app's own files (index.html, assets) are not under /api/ and stay cacheable.
 */
export function registerNoStore(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
    return payload;
  });
}
