import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditPage, auditQuery } from '../../shared/audit.js';
import { errorBody } from '../../shared/errors.js';
import { contextOf } from '../http/request.js';
import type { createAuditService } from './service.js';

export function auditRoutes(audit: ReturnType<typeof createAuditService>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/', {
      schema: {
        tags: ['audit'],
        summary: 'The audit log of the caller’s scope, newest first',
        querystring: auditQuery,
        response: { 200: auditPage, 400: errorBody, 401: errorBody, 403: errorBody },
      },
    }, async (request) => audit.list(contextOf(request), request.query));
  };
}
