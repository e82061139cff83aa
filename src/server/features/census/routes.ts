import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { census, censusDocumentQuery, censusQuery } from '../../../shared/census.js';
import { errorBody } from '../../../shared/errors.js';
import { contextOf } from '../../http/request.js';
import type { createCensusService } from './service.js';

/** A file to save, under its name. */
function download(reply: FastifyReply, type: string, { file, name }: { file: Buffer; name: string }) {
  return reply.type(type).header('content-disposition', `attachment; filename="${name}"`).send(file);
}

export function censusRoutes(service: ReturnType<typeof createCensusService>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/', {
      schema: {
        tags: ['census'],
        summary: 'Groups, members and model sites per type in an area on a date (a day, or a month: its last day), with the breakdown by sub-area and the report sentence',
        querystring: censusQuery,
        response: { 200: census, 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    }, async (request) => service.census(contextOf(request), request.query.unit, request.query.date));
    app.get('/export', {
      schema: {
        tags: ['census'],
        summary: 'The census as .xlsx: the sentence and the table per type, and the breakdown by sub-area',
        querystring: censusQuery,
        response: { 200: z.any(), 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    }, async (request, reply) =>
      download(reply, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', await service.exportXlsx(contextOf(request), request.query.unit, request.query.date)),
    );
    app.get('/document', {
      schema: {
        tags: ['census'],
        summary: 'The census as a report in the state document format (.docx, Decree 30/2020/NĐ-CP), with the header fields chosen: number, place, date of signing, issuing body, signer',
        querystring: censusDocumentQuery,
        response: { 200: z.any(), 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    }, async (request, reply) =>
      download(reply, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', await service.exportDocx(contextOf(request), request.query)),
    );
  };
}
