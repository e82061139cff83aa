import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoDate, uuid } from '../../../shared/common.js';
import { errorBody } from '../../../shared/errors.js';
import { unit, unitCreate, unitListQuery, unitUpdate } from '../../../shared/units.js';
import { contextOf } from '../../http/request.js';
import type { createUnitsService } from './service.js';

const tags = ['units'];
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const params = z.object({ id: uuid });

export function unitsRoutes(units: ReturnType<typeof createUnitsService>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/', {
      schema: {
        tags,
        summary: 'Units valid at a date (default today): children of a unit, a search, or the top of the caller’s scope',
        querystring: unitListQuery,
        response: { 200: z.object({ items: z.array(unit) }), ...errors },
      },
    }, async (request) => ({ items: await units.list(contextOf(request), request.query) }));
    app.get('/:id', { schema: { tags, summary: 'One unit', params, querystring: z.object({ date: isoDate.optional() }), response: { 200: unit, ...errors } } }, async (request) =>
      units.get(contextOf(request), request.params.id, request.query.date),
    );
    app.post('/', { schema: { tags, summary: 'Create a unit', body: unitCreate, response: { 201: unit, ...errors } } }, async (request, reply) =>
      reply.status(201).send(await units.create(contextOf(request), request.body)),
    );
    app.patch('/:id', { schema: { tags, summary: 'Rename, change kind, or end a unit', params, body: unitUpdate, response: { 200: unit, ...errors } } }, async (request) =>
      units.update(contextOf(request), request.params.id, request.body),
    );
    app.delete('/:id', { schema: { tags, summary: 'Delete a unit made by mistake (no children, no users)', params, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
      await units.remove(contextOf(request), request.params.id);
      return reply.status(204).send(null);
    });
  };
}
