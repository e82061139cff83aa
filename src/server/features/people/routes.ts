import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { uuid } from '../../../shared/common.js';
import { errorBody } from '../../../shared/errors.js';
import { personMembership, duplicatePage, duplicatesQuery, peopleQuery, person, personCreate, personMerge, personPage } from '../../../shared/people.js';
import { contextOf } from '../../http/request.js';
import type { createPeopleService } from './service.js';

const tags = ['people'];
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const params = z.object({ id: uuid });

export function peopleRoutes(people: ReturnType<typeof createPeopleService>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/', { schema: { tags, summary: 'People in the caller’s scope: by name without diacritics, or by exact citizen ID number', querystring: peopleQuery, response: { 200: personPage, ...errors } } }, async (request) =>
      people.list(contextOf(request), request.query),
    );
    app.get('/export', {
      schema: { tags, summary: 'The people list with the same filters, every page, as .xlsx (identity numbers masked; the export is audited)', querystring: peopleQuery, response: { 200: z.any(), ...errors } },
    }, async (request, reply) => {
      const { file, name } = await people.exportXlsx(contextOf(request), request.query);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(file);
    });
    app.post('/', { schema: { tags, summary: 'Register a person (citizen ID number sealed at rest)', body: personCreate, response: { 201: person, ...errors } } }, async (request, reply) =>
      reply.status(201).send(await people.create(contextOf(request), request.body)),
    );
    app.get('/:id', { schema: { tags, summary: 'One person (ID number masked)', params, response: { 200: person, ...errors } } }, async (request) =>
      people.get(contextOf(request), request.params.id),
    );
    app.get('/duplicates', { schema: { tags, summary: 'Likely duplicates in the caller’s scope: the same citizen ID number, or the same name, birth and commune', querystring: duplicatesQuery, response: { 200: duplicatePage, ...errors } } }, async (request) =>
      people.duplicates(contextOf(request), request.query),
    );
    app.post('/:id/merge', { schema: { tags, summary: 'Merge this person into another (memberships move, empty fields filled; this record stays, marked as merged; audited)', params, body: personMerge, response: { 200: person, ...errors } } }, async (request) =>
      people.merge(contextOf(request), request.params.id, request.body.intoId),
    );
    app.get('/:id/memberships', { schema: { tags, summary: 'The groups a person is or was in, with role and period', params, response: { 200: z.array(personMembership), ...errors } } }, async (request) =>
      people.memberships(contextOf(request), request.params.id),
    );
    app.post('/:id/reveal-cccd', { schema: { tags, summary: 'The full citizen ID number (permission people.reveal; audited)', params, response: { 200: z.object({ cccd: z.string().nullable() }), ...errors } } }, async (request) =>
      people.revealCccd(contextOf(request), request.params.id),
    );
  };
}
