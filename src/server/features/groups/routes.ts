import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoDate, uuid } from '../../../shared/common.js';
import { errorBody } from '../../../shared/errors.js';
import { groupSheetResult, groupLink, groupLinkCreate, areaChange, group, groupCreate, groupListQuery, groupPage, groupTimeline, groupUpdate, statusChange } from '../../../shared/groups.js';
import { contextOf } from '../../http/request.js';
import type { createGroupsService } from './service.js';
import type { createMembersService } from './members.js';
import type { createGroupLinksService } from './links.js';
import type { createGroupSheetImport } from './sheet-import.js';
import { fail } from '../../lib/errors.js';
import { groupSheetOptions } from '../../../shared/group-import.js';
import { membership, membershipCreate, membershipEnd, membersQuery } from '../../../shared/people.js';

const tags = ['groups'];
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const params = z.object({ id: uuid });

/** The import's options: URL-encoded JSON in the query string (the body is the file). */
const sheetOptionsParam = z
  .string()
  .max(20_000)
  .optional()
  .transform((text, ctx) => {
    if (text === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'options: not JSON' });
      return z.NEVER;
    }
    const parsed = groupSheetOptions.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: ['options', ...issue.path.map(String)] });
      return z.NEVER;
    }
    return parsed.data;
  });

export function groupsRoutes(
  groups: ReturnType<typeof createGroupsService>,
  members: ReturnType<typeof createMembersService>,
  links: ReturnType<typeof createGroupLinksService>,
  sheets: ReturnType<typeof createGroupSheetImport>,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.addContentTypeParser(
      ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 },
      (_request, body, done) => done(null, body),
    );
    app.get('/import/template', {
      schema: { tags, summary: 'The .xlsx template for importing groups and members (headers, guide, allowed values, the caller’s areas)', response: { 200: z.any(), ...errors } },
    }, async (request, reply) =>
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="mau-nhap-to-doi-thanh-vien.xlsx"')
        .send(await sheets.template(contextOf(request))),
    );
    app.post('/import', {
      bodyLimit: 10 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Groups and members from an .xlsx or .csv sheet (the file as the body): commit=false previews, commit=true writes all or nothing',
        querystring: z.object({ commit: z.enum(['true', 'false']).default('false'), options: sheetOptionsParam }),
        response: { 200: groupSheetResult, ...errors },
      },
    }, async (request) => {
      if (!Buffer.isBuffer(request.body)) return fail('UNSUPPORTED_MEDIA_TYPE');
      const ctx = contextOf(request);
      const options = request.query.options ?? {};
      return request.query.commit === 'true' ? sheets.commit(ctx, request.body, request.lang, options) : sheets.preview(ctx, request.body, request.lang, options);
    });
    app.post('/import/errors', {
      bodyLimit: 10 * 1024 * 1024,
      schema: {
        tags,
        summary: 'The sheet sent back as .xlsx with a column of its errors and the refused cells filled, read with the same options as the preview',
        querystring: z.object({ options: sheetOptionsParam }),
        response: { 200: z.any(), ...errors },
      },
    }, async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) return fail('UNSUPPORTED_MEDIA_TYPE');
      const file = await sheets.errorSheet(contextOf(request), request.body, request.lang, request.query.options ?? {});
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="loi-nhap-to-doi.xlsx"')
        .send(file);
    });
    app.get('/:id/links', { schema: { tags, summary: 'Groups this one works with, replicated, or was replicated by', params, response: { 200: z.array(groupLink), ...errors } } }, async (request) =>
      links.list(contextOf(request), request.params.id),
    );
    app.post('/:id/links', { schema: { tags, summary: 'Link to another group (linked, or replicated_from)', params, body: groupLinkCreate, response: { 201: z.object({ id: z.string() }), ...errors } } }, async (request, reply) =>
      reply.status(201).send(await links.add(contextOf(request), request.params.id, request.body)),
    );
    app.delete('/:id/links/:linkId', { schema: { tags, summary: 'Remove a link made by mistake', params: z.object({ id: uuid, linkId: uuid }), response: { 204: z.null(), ...errors } } }, async (request, reply) => {
      await links.remove(contextOf(request), request.params.id, request.params.linkId);
      return reply.status(204).send(null);
    });
    app.get('/:id/members', {
      schema: { tags, summary: 'Members on a date (default today), or all memberships ever (all=true)', params, querystring: membersQuery, response: { 200: z.array(membership), ...errors } },
    }, async (request) => members.list(contextOf(request), request.params.id, request.query.date, request.query.all === 'true'));
    app.post('/:id/members', {
      schema: { tags, summary: 'Add a person to a group with a role from a date', params, body: membershipCreate, response: { 201: membership, ...errors } },
    }, async (request, reply) => reply.status(201).send(await members.add(contextOf(request), request.params.id, request.body)));
    app.post('/:id/members/:membershipId/end', {
      schema: { tags, summary: 'End a membership on a date (the history stays)', params: z.object({ id: uuid, membershipId: uuid }), body: membershipEnd, response: { 200: membership, ...errors } },
    }, async (request) => members.end(contextOf(request), request.params.id, request.params.membershipId, request.body.date, request.body.confirmPastChange));
    app.get('/', {
      schema: { tags, summary: 'Groups as of a date (default today) in an area and below, by type and status', querystring: groupListQuery, response: { 200: groupPage, ...errors } },
    }, async (request) => groups.list(contextOf(request), request.query));
    app.get('/export', {
      schema: { tags, summary: 'The list with the same filters, every page, as .xlsx (text that looks like a formula is neutralised)', querystring: groupListQuery, response: { 200: z.any(), ...errors } },
    }, async (request, reply) => {
      const { file, name } = await groups.exportXlsx(contextOf(request), request.query);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(file);
    });
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
