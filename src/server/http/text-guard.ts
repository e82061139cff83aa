import type { FastifyInstance } from 'fastify';
import { fail } from '../lib/errors.js';

// NUL and unpaired surrogates: PostgreSQL refuses the first and both engines would silently
// replace the second, so such text is refused on the way in, the same on both engines.
const malformed = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function findMalformed(value: unknown, path: string): string | null {
  if (typeof value === 'string') return malformed.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findMalformed(value[i], `${path}.${i}`);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = findMalformed(v, `${path}.${k}`);
      if (hit) return hit;
    }
  }
  return null;
}

export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const hit = findMalformed(request.body, 'body') ?? findMalformed(request.query, 'querystring');
    if (hit) fail('VALIDATION_FAILED', {}, { issues: [{ path: hit, message: 'malformed Unicode (NUL or unpaired surrogate)' }] });
  });
}
