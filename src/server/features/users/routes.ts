import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { uuid } from '../../../shared/common.js';
import { errorBody } from '../../../shared/errors.js';
import { endedScope, user, userCreate, userCreated, userListQuery, userPage, userUpdate, temporaryPassword } from '../../../shared/users.js';
import { contextOf } from '../../http/request.js';
import type { createUsersService } from './service.js';

const tags = ['users'];
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const params = z.object({ id: uuid });

export function usersRoutes(users: ReturnType<typeof createUsersService>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/ended-scopes', { schema: { tags, summary: 'Users whose scope unit has ended, with the successor units proposed', response: { 200: z.array(endedScope), ...errors } } }, async (request) =>
      users.endedScopes(contextOf(request)),
    );
    app.get('/', { schema: { tags, summary: 'Users in the caller’s scope', querystring: userListQuery, response: { 200: userPage, ...errors } } }, async (request) =>
      users.list(contextOf(request), request.query),
    );
    app.get('/:id', { schema: { tags, summary: 'One user', params, response: { 200: user, ...errors } } }, async (request) =>
      users.get(contextOf(request), request.params.id),
    );
    app.post('/', { schema: { tags, summary: 'Create a user (one-time password returned once when none is given)', body: userCreate, response: { 201: userCreated, ...errors } } }, async (request, reply) =>
      reply.status(201).send(await users.create(contextOf(request), request.body)),
    );
    app.patch('/:id', { schema: { tags, summary: 'Edit a user', params, body: userUpdate, response: { 200: user, ...errors } } }, async (request) =>
      users.update(contextOf(request), request.params.id, request.body),
    );
    app.post('/:id/disable', { schema: { tags, summary: 'Disable a user and end their sessions', params, response: { 200: user, ...errors } } }, async (request) =>
      users.disable(contextOf(request), request.params.id),
    );
    app.post('/:id/enable', { schema: { tags, summary: 'Enable a user', params, response: { 200: user, ...errors } } }, async (request) =>
      users.enable(contextOf(request), request.params.id),
    );
    app.post('/:id/reset-password', { schema: { tags, summary: 'Give a user a new one-time password', params, response: { 200: temporaryPassword, ...errors } } }, async (request) =>
      users.resetPassword(contextOf(request), request.params.id),
    );
    app.post('/:id/reset-totp', { schema: { tags, summary: 'Remove a user’s second factor (lost phone)', params, response: { 200: user, ...errors } } }, async (request) =>
      users.resetTotp(contextOf(request), request.params.id),
    );
  };
}
