import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoDate, uuid } from '../../../shared/common.js';
import { errorBody } from '../../../shared/errors.js';
import { areaChange, group, groupCreate, groupListQuery, groupPage, groupTimeline, groupUpdate, statusChange } from '../../../shared/groups.js';
import { contextOf } from '../../http/request.js';
import type { createGroupsService } from './service.js';

const tags = ['groups'];
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const params = z.object({ id: uuid });

export function groupsRoutes(groups: ReturnType<typeof createGroupsService>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/', {
      schema: { tags, summary: 'Groups as of a date (default today) in an area and below, by type and status', querystring: groupListQuery, response: { 200: groupPage, ...errors } },
    }, async (request) => groups.list(contextOf(request), request.query));
    app.post('/', { schema: { tags, summary: 'Register a group (active from its founding date)', body: groupCreate, response: { 201: group, ...errors } } }, async (request, reply) =>
      reply.status(201).send(await groups.create(contextOf(request), request.body)),
    );
    app.get('/:id', { schema: { tags, summary: 'A group as of a date', params, querystring: z.object({ date: isoDate.optional() }), response: { 200: group, ...errors } } }, async (request) =>
      groups.get(contextOf(request), request.params.id, request.query.date),
    );
    app.get('/:id/timeline', { schema: { tags, summary: 'A group’s statuses and areas through time', params, response: { 200: groupTimeline, ...errors } } }, async (request) =>
      groups.timeline(contextOf(request), request.params.id),
    );
    app.patch('/:id', { schema: { tags, summary: 'Edit a group’s name, decision, contact or notes', params, body: groupUpdate, response: { 200: group, ...errors } } }, async (request) =>
      groups.update(contextOf(request), request.params.id, request.body),
    );
    app.post('/:id/status', {
      schema: { tags, summary: 'Change a group’s status from a date (active, consolidating, suspended, dissolved), with reason and decision', params, body: statusChange, response: { 200: group, ...errors } },
    }, async (request) => groups.changeStatus(contextOf(request), request.params.id, request.body));
    app.post('/:id/area', { schema: { tags, summary: 'Move a group to another village or commune from a date', params, body: areaChange, response: { 200: group, ...errors } } }, async (request) =>
      groups.changeArea(contextOf(request), request.params.id, request.body),
    );
  };
}
