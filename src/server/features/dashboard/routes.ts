import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { dashboard, dashboardMap, dashboardMapQuery, dashboardQuery } from '../../../shared/dashboard.js';
import { errorBody } from '../../../shared/errors.js';
import { contextOf } from '../../http/request.js';
import type { createDashboardService } from './service.js';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };

export function dashboardRoutes(service: ReturnType<typeof createDashboardService>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/', {
      schema: {
        tags: ['census'],
        summary:
          "An area's dashboard on a date (a month: its last day; absent: this month): per model type the groups and members now and a year before, the monthly series, and the breakdown by sub-area with population and groups per 1,000 inhabitants",
        querystring: dashboardQuery,
        response: { 200: dashboard, ...errors },
      },
    }, async (request) => service.dashboard(contextOf(request), request.query));
    app.get('/map', {
      schema: {
        tags: ['census'],
        summary: "GeoJSON of the area's sub-areas on the date that have a boundary (simplified), with the area's outline; empty when none has one",
        querystring: dashboardMapQuery,
        response: { 200: dashboardMap, ...errors },
      },
    }, async (request) => service.map(contextOf(request), request.query));
  };
}
