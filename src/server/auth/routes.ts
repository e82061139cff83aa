import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loginRequest, session, passwordChange, totpSetup, totpSetupRequest, totpEnable, totpDisable, preferences } from '../../shared/auth.js';
import { errorBody } from '../../shared/errors.js';
import type { AuthService } from './service.js';
import { SESSION_COOKIE } from './sessions.js';
import { contextOf, sessionOf } from '../http/request.js';

const tags = ['auth'];
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 409: errorBody, 429: errorBody };

export function authRoutes(auth: AuthService, secureCookies: boolean): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/login', {
      schema: {
        tags,
        summary: 'Log in; sets the session cookie',
        body: loginRequest,
        response: { 200: session, ...errors },
      },
    }, async (request, reply) => {
      const { token, session: s } = await auth.login(contextOf(request), request.body, request.headers['user-agent'] ?? null);
      void reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookies,
      });
      return s;
    });

    app.post('/logout', { schema: { tags, summary: 'Log out', response: { 204: z.null(), ...errors } } }, async (request, reply) => {
      if (request.authState) await auth.logout(contextOf(request), request.authState);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    });

    app.get('/me', { schema: { tags, summary: 'The logged-in user and the anti-forgery token', response: { 200: session, 401: errorBody } } }, async (request) =>
      auth.me(sessionOf(request)),
    );

    app.post('/password', { schema: { tags, summary: 'Change own password', body: passwordChange, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
      await auth.changePassword(contextOf(request), sessionOf(request), request.body.currentPassword, request.body.newPassword);
      return reply.status(204).send(null);
    });

    app.put('/preferences', { schema: { tags, summary: 'Set own language', body: preferences, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
      await auth.setPreferences(contextOf(request), sessionOf(request), request.body.language);
      return reply.status(204).send(null);
    });

    app.post('/totp/setup', {
      schema: { tags, summary: 'Start TOTP enrolment: a new secret and its QR code (password needed when TOTP is already on)', body: totpSetupRequest, response: { 200: totpSetup, ...errors } },
    }, async (request) => auth.totpSetup(sessionOf(request), request.body.password));

    app.post('/totp/enable', { schema: { tags, summary: 'Confirm TOTP enrolment with a code', body: totpEnable, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
      await auth.totpEnable(contextOf(request), sessionOf(request), request.body.code);
      return reply.status(204).send(null);
    });

    app.post('/totp/disable', { schema: { tags, summary: 'Turn TOTP off (password needed)', body: totpDisable, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
      await auth.totpDisable(contextOf(request), sessionOf(request), request.body.password);
      return reply.status(204).send(null);
    });
  };
}
