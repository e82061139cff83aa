import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { census, censusQuery } from '../../../shared/census.js';
import { errorBody } from '../../../shared/errors.js';
import { contextOf } from '../../http/request.js';
import type { createCensusService } from './service.js';

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
    }, async (request, reply) => {
      const { file, name } = await service.exportXlsx(contextOf(request), request.query.unit, request.query.date);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(file);
    });
  };
}
