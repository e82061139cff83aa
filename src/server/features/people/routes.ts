import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { uuid } from '../../../shared/common.js';
import { errorBody } from '../../../shared/errors.js';
import { type PeopleQuery, personMembership, duplicatePage, duplicatesQuery, peopleQuery, peopleSearch, person, personCreate, personMerge, personPage, personUpdate } from '../../../shared/people.js';
import { contextOf } from '../../http/request.js';
import { fail } from '../../lib/errors.js';
import type { createPeopleService } from './service.js';

const tags = ['people'];
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const params = z.object({ id: uuid });

/**
 * A citizen ID number in a URL is refused, as a `cccd` or typed into the name search (9 digits or
 * more: a CCCD or an old ID number): the address is logged and kept in the browser's history.
 */
function noCccd(query: PeopleQuery): PeopleQuery {
  if (query.cccd !== undefined || /\d{9,}/.test(query.q?.replace(/[\s.-]/g, '') ?? '')) fail('CCCD_IN_URL');
  return query;
}

export function peopleRoutes(people: ReturnType<typeof createPeopleService>): FastifyPluginAsyncZod {
  return async (app) => {
    const sheet = (reply: FastifyReply, { file, name }: { file: Buffer; name: string }) =>
      reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${name}"`).send(file);

    app.get('/', { schema: { tags, summary: 'People in the caller’s scope, by area, type and date, or by name without diacritics (a search by name is audited); by citizen ID number only with POST /search', querystring: peopleQuery, response: { 200: personPage, ...errors } } }, async (request) =>
      people.list(contextOf(request), noCccd(request.query)),
    );
    app.post('/search', { schema: { tags, summary: 'People in the caller’s scope: by name without diacritics, or by exact citizen ID number, the filters in the body (every search is audited, the number masked)', body: peopleSearch, response: { 200: personPage, ...errors } } }, async (request) =>
      people.list(contextOf(request), request.body),
    );
    app.get('/export', {
      schema: { tags, summary: 'The people list with the same filters, every page, as .xlsx (identity numbers masked; the export is audited); by citizen ID number only with POST /export', querystring: peopleQuery, response: { 200: z.any(), ...errors } },
    }, async (request, reply) => sheet(reply, await people.exportXlsx(contextOf(request), noCccd(request.query))));
    app.post('/export', {
      schema: { tags, summary: 'The people list as .xlsx, the filters in the body as for POST /search (identity numbers masked; the export is audited)', body: peopleSearch, response: { 200: z.any(), ...errors } },
    }, async (request, reply) => sheet(reply, await people.exportXlsx(contextOf(request), request.body)));
    app.post('/', { schema: { tags, summary: 'Register a person (citizen ID number sealed at rest)', body: personCreate, response: { 201: person, ...errors } } }, async (request, reply) =>
      reply.status(201).send(await people.create(contextOf(request), request.body)),
    );
    app.get('/:id', { schema: { tags, summary: 'One person (ID number masked)', params, response: { 200: person, ...errors } } }, async (request) =>
      people.get(contextOf(request), request.params.id),
    );
    app.patch('/:id', { schema: { tags, summary: 'Correct a person: only the fields sent change, by the rules of registration (citizen ID number sealed; audited with before and after, the number masked)', params, body: personUpdate, response: { 200: person, ...errors } } }, async (request) =>
      people.update(contextOf(request), request.params.id, request.body),
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
