import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoDate, uuid } from '../../../shared/common.js';
import { errorBody } from '../../../shared/errors.js';
import { unit, unitChild, unitCreate, unitHistory, unitListQuery, unitUpdate, resolvedUnit, successor } from '../../../shared/units.js';
import { contextOf } from '../../http/request.js';
import type { createUnitsService } from './service.js';
import type { createUnitReferenceService } from './reference-service.js';

const tags = ['units'];
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const params = z.object({ id: uuid });

export function unitsRoutes(units: ReturnType<typeof createUnitsService>, reference: ReturnType<typeof createUnitReferenceService>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/resolve', {
      schema: { tags, summary: 'The unit carrying a code on a date (default today)', querystring: z.object({ code: z.string().min(1).max(20), date: isoDate.optional() }), response: { 200: resolvedUnit, ...errors } },
    }, async (request) => reference.resolve(contextOf(request), request.query.code, request.query.date));
    app.get('/children', {
      schema: { tags, summary: 'Children of a unit on a date, sorted by code (no code: the provinces)', querystring: z.object({ code: z.string().min(1).max(20).optional(), date: isoDate.optional() }), response: { 200: z.array(unitChild), ...errors } },
    }, async (request) => reference.children(contextOf(request), request.query.code, request.query.date));
    app.get('/successors', {
      schema: {
        tags,
        summary: 'The units at `to` that the unit carrying `code` at `from` went into, each full or partial',
        querystring: z.object({ code: z.string().min(1).max(20), from: isoDate, to: isoDate }),
        response: { 200: z.array(successor), ...errors },
      },
    }, async (request) => reference.successors(contextOf(request), request.query.code, request.query.from, request.query.to));
    app.get('/:id/history', { schema: { tags, summary: 'A unit’s periods, what it was formed from and what it went into', params, response: { 200: unitHistory, ...errors } } }, async (request) =>
      reference.history(contextOf(request), request.params.id),
    );
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
