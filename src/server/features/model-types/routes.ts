import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../shared/errors.js';
import { modelType, modelTypeCreate, modelTypeQuery, modelTypeRetire, modelTypeUpdate } from '../../../shared/model-types.js';
import { contextOf } from '../../http/request.js';
import type { createModelTypesService } from './service.js';

const tags = ['model-types'];
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const params = z.object({ code: z.string().min(1).max(60) });

export function modelTypesRoutes(types: ReturnType<typeof createModelTypesService>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/', { schema: { tags, summary: 'Model types: built in, national, and of the caller’s province', querystring: modelTypeQuery, response: { 200: z.array(modelType), ...errors } } }, async (request) =>
      types.list(contextOf(request), request.query.includeRetired === 'true'),
    );
    app.post('/', { schema: { tags, summary: 'Add a model type (national for nationwide admins, else of the admin’s province)', body: modelTypeCreate, response: { 201: modelType, ...errors } } }, async (request, reply) =>
      reply.status(201).send(await types.create(contextOf(request), request.body)),
    );
    app.patch('/:code', { schema: { tags, summary: 'Edit a model type’s names or member counting', params, body: modelTypeUpdate, response: { 200: modelType, ...errors } } }, async (request) =>
      types.update(contextOf(request), request.params.code, request.body),
    );
    app.post('/:code/retire', { schema: { tags, summary: 'Retire a model type from a date (its groups keep their history)', params, body: modelTypeRetire, response: { 200: modelType, ...errors } } }, async (request) =>
      types.retire(contextOf(request), request.params.code, request.body.date),
    );
    app.post('/:code/restore', { schema: { tags, summary: 'Bring a retired model type back', params, response: { 200: modelType, ...errors } } }, async (request) =>
      types.retire(contextOf(request), request.params.code, null),
    );
  };
}
