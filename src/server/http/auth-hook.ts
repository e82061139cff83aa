import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthService } from '../auth/service.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../auth/sessions.js';
import { pickLanguage } from '../lib/language.js';
import { fail } from '../lib/errors.js';

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A browser names the page a request came from; one from another site is refused outright. */
function crossSite(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return request.headers['sec-fetch-site'] === 'cross-site';
  try {
    // Compared as URLs, so that a default port written out in Host ("x:443") still matches.
    const from = new URL(origin);
    return from.host !== new URL(`${from.protocol}//${request.headers.host ?? ''}`).host;
  } catch {
    return true;
  }
}

/**
 * Runs before every API route: the request's language, its session (if any), protection
 * against cross-site requests, and the gate that keeps a user with a pending password change
 * or TOTP enrolment inside the account pages.
 */
export function registerAuthHook(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('lang', 'vi');
  app.decorateRequest('authState', null);
  app.addHook('onRequest', async (request) => {
    request.lang = pickLanguage(request.headers['accept-language'], request.cookies?.lang);
    if (!request.url.startsWith('/api/')) return;
    const isUnsafe = unsafe.has(request.method);
    if (isUnsafe && crossSite(request)) fail('CSRF_REJECTED');
    const token = request.cookies?.[SESSION_COOKIE];
    request.authState = token ? await auth.resolve(token) : null;
    const state = request.authState;
    if (!state) return;
    const path = request.url.split('?')[0]!;
    // Login makes a new session; its forgery is already stopped by the origin check and the
    // JSON-only body, which a cross-site form cannot send.
    if (isUnsafe && path !== '/api/auth/login' && request.headers[CSRF_HEADER] !== state.csrfToken) {
      fail('CSRF_REJECTED');
    }
    if (state.pending && !path.startsWith('/api/auth/')) {
      fail(state.pending === 'password' ? 'PASSWORD_CHANGE_REQUIRED' : 'TOTP_ENROLLMENT_REQUIRED');
    }
  });
}
