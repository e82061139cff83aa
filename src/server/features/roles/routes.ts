import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../shared/errors.js';
import { role, roleSetting, roleSettingUpdate } from '../../../shared/users.js';
import { contextOf } from '../../http/request.js';
import type { createRolesService } from './service.js';

const tags = ['roles'];
const errors = { 400: errorBody, 401: errorBody, 403: errorBody };

export function rolesRoutes(roles: ReturnType<typeof createRolesService>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/', { schema: { tags, summary: 'Role settings', response: { 200: z.array(roleSetting), ...errors } } }, async (request) =>
      roles.list(contextOf(request)),
    );
    app.put('/:role', { schema: { tags, summary: 'Require TOTP for a role', params: z.object({ role }), body: roleSettingUpdate, response: { 200: roleSetting, ...errors } } }, async (request) =>
      roles.update(contextOf(request), request.params.role, request.body.requireTotp),
    );
  };
}
