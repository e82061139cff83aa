import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoDate, uuid } from '../../../shared/common.js';
import { errorBody } from '../../../shared/errors.js';
import { unitMove, villageImportResult, importJob, importKind, placeVillage, placementPage, placementQuery, unit, unitChild, unitCreate, unitHistory, unitListQuery, unitRename, unitUpdate, resolvedUnit, successor } from '../../../shared/units.js';
import { contextOf } from '../../http/request.js';
import { fail } from '../../lib/errors.js';
import type { createUnitsService } from './service.js';
import type { createUnitReferenceService } from './reference-service.js';
import type { createPlacementsService } from './placements.js';
import type { createImportJobsService } from './import-jobs.js';
import type { createVillageImportService } from './villages-import.js';

export interface UnitServices {
  units: ReturnType<typeof createUnitsService>;
  reference: ReturnType<typeof createUnitReferenceService>;
  placements: ReturnType<typeof createPlacementsService>;
  imports: ReturnType<typeof createImportJobsService>;
  villages: ReturnType<typeof createVillageImportService>;
}

const tags = ['units'];
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const params = z.object({ id: uuid });

export function unitsRoutes({ units, reference, placements, imports, villages }: UnitServices): FastifyPluginAsyncZod {
  return async (app) => {
    // Spreadsheets arrive as the request body, bytes as they are; their kind is read from the bytes.
    app.addContentTypeParser(
      ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 },
      (_request, body, done) => done(null, body),
    );
    app.get('/villages/template', {
      schema: { tags, summary: 'The .xlsx template for importing villages (headers, allowed kinds, the caller’s communes)', response: { 200: z.any(), ...errors } },
    }, async (request, reply) => {
      const file = await villages.template(contextOf(request));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="mau-nhap-thon-to-dan-pho.xlsx"')
        .send(file);
    });
    app.post('/villages/import', {
      bodyLimit: 10 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Villages from an .xlsx or .csv sheet (the file as the body): commit=false previews, commit=true writes all or nothing',
        querystring: z.object({ commit: z.enum(['true', 'false']).default('false') }),
        response: { 200: villageImportResult, ...errors },
      },
    }, async (request) => {
      const body = request.body;
      if (!Buffer.isBuffer(body)) return fail('UNSUPPORTED_MEDIA_TYPE');
      const ctx = contextOf(request);
      return request.query.commit === 'true' ? villages.commit(ctx, body, request.lang) : villages.preview(ctx, body, request.lang);
    });
    app.get('/placements', {
      schema: { tags, summary: 'Villages of split communes waiting to be placed (those the caller may place)', querystring: placementQuery, response: { 200: placementPage, ...errors } },
    }, async (request) => placements.list(contextOf(request), request.query));
    app.post('/placements/:id', {
      schema: { tags, summary: 'Place a village under one of the new communes its old commune went into', params, body: placeVillage, response: { 200: z.object({ id: z.string() }), ...errors } },
    }, async (request) => placements.place(contextOf(request), request.params.id, request.body.communeId));
    app.post('/imports', {
      bodyLimit: 30 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Import the official list or a reorganisation (the JSON file as the body); answers at once with a job to follow',
        querystring: z.object({ kind: importKind.optional(), fileName: z.string().max(200).default('upload.json') }),
        body: z.unknown(),
        response: { 202: importJob, ...errors },
      },
    }, async (request, reply) =>
      reply.status(202).send(imports.start(contextOf(request), request.body, request.query.fileName, request.lang, request.query.kind)),
    );
    app.get('/imports/:id', { schema: { tags, summary: 'Progress and result of an import', params, response: { 200: importJob, ...errors } } }, async (request) =>
      imports.get(contextOf(request), request.params.id),
    );
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
    app.patch('/:id', { schema: { tags, summary: 'Rename, change kind, record the population, or end a unit', params, body: unitUpdate, response: { 200: unit, ...errors } } }, async (request) =>
      units.update(contextOf(request), request.params.id, request.body),
    );
    app.post('/:id/move', {
      schema: { tags, summary: 'Move a village to another commune from a date', params, body: unitMove, response: { 200: unit, ...errors } },
    }, async (request) => units.move(contextOf(request), request.params.id, request.body));
    app.post('/:id/rename', {
      schema: {
        tags,
        summary: 'Rename a village from a date (today or earlier): the old name stays on everything before it',
        params,
        body: unitRename,
        response: { 200: unit, ...errors },
      },
    }, async (request) => units.rename(contextOf(request), request.params.id, request.body));
    app.delete('/:id', { schema: { tags, summary: 'Delete a unit made by mistake (no children, no users)', params, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
      await units.remove(contextOf(request), request.params.id);
      return reply.status(204).send(null);
    });
  };
}
