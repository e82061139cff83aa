import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { census, censusDocumentQuery, censusQuery, censusReportBody, censusReports, censusReportsQuery } from '../../../shared/census.js';
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
        summary:
          'Groups, members and model sites per type in an area on a date (a day, or a month: its last day), with the breakdown by sub-area and the report sentence; with `boundaries`, counted in the units valid on that day (lines that cannot be split exactly are flagged `inexact`)',
        querystring: censusQuery,
        response: { 200: census, 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    }, async (request) => service.census(contextOf(request), request.query.unit, request.query.date, request.query.boundaries));
    app.get('/export', {
      schema: {
        tags: ['census'],
        summary: 'The census as .xlsx: the sentence and the table per type, and the breakdown by sub-area; recorded as exported',
        querystring: censusQuery,
        response: { 200: z.any(), 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    }, async (request, reply) =>
      download(reply, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', await service.exportXlsx(contextOf(request), request.query)),
    );
    app.get('/document', {
      schema: {
        tags: ['census'],
        summary: 'The census as a report in the state document format (.docx, Decree 30/2020/NĐ-CP), with the header fields chosen: number, place, date of signing, issuing body, signer; recorded as exported',
        querystring: censusDocumentQuery,
        response: { 200: z.any(), 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    }, async (request, reply) =>
      download(reply, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', await service.exportDocx(contextOf(request), request.query)),
    );
    app.post('/reports', {
      schema: {
        tags: ['census'],
        summary: 'Marks the census of an area on a date as reported ("Đánh dấu đã báo cáo"); sent again, it stores nothing more (200 instead of 201)',
        body: censusReportBody,
        response: {
          200: z.object({ id: z.string(), createdAt: z.string() }),
          201: z.object({ id: z.string(), createdAt: z.string() }),
          400: errorBody,
          401: errorBody,
          403: errorBody,
          404: errorBody,
        },
      },
    }, async (request, reply) => {
      const { created, ...row } = await service.reports.markReported(contextOf(request), request.body);
      return reply.status(created ? 201 : 200).send(row);
    });
    app.get('/reports', {
      schema: {
        tags: ['census'],
        summary: 'The censuses of an area and its sub-areas marked as reported or exported, newest first, a page at a time (`after`: the last id of the previous page)',
        querystring: censusReportsQuery,
        response: { 200: censusReports, 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    }, async (request) => service.reports.list(contextOf(request), request.query));
  };
}
