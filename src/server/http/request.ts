import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../context.js';
import type { SessionState } from '../auth/service.js';
import type { Language } from '../../shared/common.js';
import { fail } from '../lib/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Language;
    authState: SessionState | null;
  }
}

/** The request as services see it. */
export function contextOf(request: FastifyRequest): RequestContext {
  return { actor: request.authState?.actor ?? null, ip: request.ip ?? null, requestId: String(request.id) };
}

export function sessionOf(request: FastifyRequest): SessionState {
  return request.authState ?? fail('UNAUTHENTICATED');
}
