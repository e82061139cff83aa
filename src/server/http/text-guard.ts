import type { FastifyInstance } from 'fastify';
import { fail } from '../lib/errors.js';
import { inspectBody, MAX_DEPTH, MAX_NODES } from '../lib/json-shape.js';

export { inspectBody, MAX_DEPTH, MAX_NODES };

/** Every JSON body and query string is walked (lib/json-shape.ts) before its schema sees it. */
export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [value, path] of [
      [request.body, 'body'],
      [request.query, 'querystring'],
    ] as const) {
      const verdict = inspectBody(value, path);
      if (verdict.ok) continue;
      if (verdict.reason === 'malformed') {
        fail('VALIDATION_FAILED', {}, { issues: [{ path: verdict.path, message: 'malformed Unicode (NUL or unpaired surrogate)' }] });
      }
      fail('BODY_TOO_COMPLEX', { depth: MAX_DEPTH, nodes: { vi: MAX_NODES.toLocaleString('vi-VN'), en: MAX_NODES.toLocaleString('en-US') } });
    }
  });
}
