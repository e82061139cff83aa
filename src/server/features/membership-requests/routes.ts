import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { uuid } from '../../../shared/common.js';
import { errorBody } from '../../../shared/errors.js';
import { incomingMembershipRequest, membershipRequestCreate, membershipRequestDecline, sentMembershipRequest } from '../../../shared/membership-requests.js';
import { contextOf } from '../../http/request.js';
import type { createMembershipRequestsService } from './service.js';

const tags = ['membership-requests'];
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const params = z.object({ id: uuid });

export function membershipRequestsRoutes(requests: ReturnType<typeof createMembershipRequestsService>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/sent', { schema: { tags, summary: 'Membership requests sent for groups in the caller’s scope (the citizen ID number masked), newest first', response: { 200: z.array(sentMembershipRequest), ...errors } } }, async (request) =>
      requests.sent(contextOf(request)),
    );
    app.get('/incoming', { schema: { tags, summary: 'Pending membership requests naming people registered in the caller’s scope, oldest first', response: { 200: z.array(incomingMembershipRequest), ...errors } } }, async (request) =>
      requests.incoming(contextOf(request)),
    );
    app.post('/', {
      schema: { tags, summary: 'Ask that a person registered elsewhere, by citizen ID number, join a group in the caller’s scope (the same answer whoever holds the number; a retry with the same id is not stored twice; audited)', body: membershipRequestCreate, response: { 201: sentMembershipRequest, ...errors } },
    }, async (request, reply) => reply.status(201).send(await requests.create(contextOf(request), request.body)));
    app.post('/:id/approve', { schema: { tags, summary: 'Approve a request naming a person registered in the caller’s scope: the membership is written (audited)', params, response: { 200: incomingMembershipRequest, ...errors } } }, async (request) =>
      requests.approve(contextOf(request), request.params.id),
    );
    app.post('/:id/decline', { schema: { tags, summary: 'Decline a request, with a reason the requester sees (audited)', params, body: membershipRequestDecline, response: { 200: incomingMembershipRequest, ...errors } } }, async (request) =>
      requests.decline(contextOf(request), request.params.id, request.body.reason),
    );
    app.post('/:id/withdraw', { schema: { tags, summary: 'Withdraw a pending request of the caller’s area (audited)', params, response: { 200: sentMembershipRequest, ...errors } } }, async (request) =>
      requests.withdraw(contextOf(request), request.params.id),
    );
  };
}
