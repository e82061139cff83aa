import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from './context.js';
import type { DatabaseHandle } from './db/connection.js';
import { systemClock, type Clock } from './lib/clock.js';
import { uuidv7 } from './lib/ids.js';
import { createIdentityCipher } from './lib/identity-cipher.js';
import { errorMessage } from './lib/errors.js';
import { pickLanguage } from './lib/language.js';
import { errorBody } from '../shared/errors.js';
import { registerErrorHandler } from './http/error-handler.js';
import { registerAuthHook } from './http/auth-hook.js';
import { registerTextGuard } from './http/text-guard.js';
import { registerNoStore } from './http/no-store.js';
import { registerDelivery } from './http/delivery.js';
import { registerDerivedRefresh } from './derived/refresh.js';
import { redactingLogger } from './http/log-redact.js';
import { createAuthService } from './auth/service.js';
import { authRoutes } from './auth/routes.js';
import { createAuditService } from './audit/service.js';
import { auditRoutes } from './audit/routes.js';
import { createUsersService } from './features/users/service.js';
import { usersRoutes } from './features/users/routes.js';
import { createUnitsService } from './features/units/service.js';
import { unitsRoutes } from './features/units/routes.js';
import { createUnitReferenceService } from './features/units/reference-service.js';
import { createPlacementsService } from './features/units/placements.js';
import { createImportJobsService } from './features/units/import-jobs.js';
import { createVillageImportService } from './features/units/villages-import.js';
import { createRolesService } from './features/roles/service.js';
import { rolesRoutes } from './features/roles/routes.js';
import { createModelTypesService } from './features/model-types/service.js';
import { modelTypesRoutes } from './features/model-types/routes.js';
import { createGroupsService } from './features/groups/service.js';
import { groupsRoutes } from './features/groups/routes.js';
import { createMembersService } from './features/groups/members.js';
import { createGroupLinksService } from './features/groups/links.js';
import { createGroupSheetImport } from './features/groups/sheet-import.js';
import { createPeopleService } from './features/people/service.js';
import { peopleRoutes } from './features/people/routes.js';
import { createMembershipRequestsService } from './features/membership-requests/service.js';
import { membershipRequestsRoutes } from './features/membership-requests/routes.js';
import { createCensusService } from './features/census/service.js';
import { censusRoutes } from './features/census/routes.js';
import { createDashboardService } from './features/dashboard/service.js';
import { dashboardRoutes } from './features/dashboard/routes.js';

export interface AppOptions {
  database: DatabaseHandle;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  trustProxy?: boolean;
  secureCookies?: boolean;
  /** The built web app (index.html and assets); served when it exists. */
  webDir?: string;
  /** The key that seals identity numbers; the server passes its own (tests get a random one). */
  dataKey?: Buffer;
}

/** Builds the whole application without listening, so that tests can call `inject()`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const deps: Deps = {
    db: options.database.db,
    engine: options.database.engine,
    clock: options.clock ?? systemClock,
    isolate: options.database.isolate,
    identity: createIdentityCipher(options.dataKey ?? randomBytes(32)),
  };
  const app = Fastify({
    // Citizen ID numbers are masked in whatever is logged (http/log-redact.ts).
    logger: redactingLogger(options.logger ?? false),
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    genReqId: () => uuidv7(),
    requestIdHeader: false,
    // What the router refuses before any hook runs (a path parameter over 100 characters, a
    // broken %-escape) is answered in the API's one error shape too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const code = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'NOT_FOUND' : 'VALIDATION_FAILED';
      void reply.status(code === 'NOT_FOUND' ? 404 : 400).send({ error: { code, message: errorMessage(code, pickLanguage(request.headers['accept-language'], undefined)) } });
    },
  }).withTypeProvider<ZodTypeProvider>();
  // Bodies are JSON, or the file itself where a sheet is imported: Fastify's own text/plain
  // reader would hand a string to a route that takes any JSON document (the units import).
  app.removeContentTypeParser('text/plain');

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
      },
    },
  });
  const hasWeb = await registerDelivery(app, options.webDir);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Tự Quản API',
        description:
          'API of Tự Quản. Log in with POST /api/auth/login; send the session cookie and, on every POST/PUT/PATCH/DELETE, the header X-CSRF-Token with the csrfToken from the login or /api/auth/me answer. Errors: { "error": { "code", "message", "details" } }, message in the language of Accept-Language (vi default, en).',
        version: '0.1.0',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'tq_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const auth = createAuthService(deps);
  registerAuthHook(app, auth);
  registerTextGuard(app);
  registerNoStore(app);
  registerDerivedRefresh(app, deps);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/api/health', {
    schema: { tags: ['system'], summary: 'Liveness and the database engine', response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']) }), 500: errorBody } },
  }, async () => {
    await deps.db.selectFrom('role_settings').select('role').limit(1).execute();
    return { status: 'ok' as const, database: deps.engine };
  });

  await app.register(authRoutes(auth, options.secureCookies ?? false), { prefix: '/api/auth' });
  await app.register(usersRoutes(createUsersService(deps)), { prefix: '/api/users' });
  await app.register(
    unitsRoutes({
      units: createUnitsService(deps),
      reference: createUnitReferenceService(deps),
      placements: createPlacementsService(deps),
      imports: createImportJobsService(deps),
      villages: createVillageImportService(deps),
    }),
    { prefix: '/api/units' },
  );
  await app.register(modelTypesRoutes(createModelTypesService(deps)), { prefix: '/api/model-types' });
  await app.register(groupsRoutes(createGroupsService(deps), createMembersService(deps), createGroupLinksService(deps), createGroupSheetImport(deps)), { prefix: '/api/groups' });
  await app.register(peopleRoutes(createPeopleService(deps)), { prefix: '/api/people' });
  await app.register(membershipRequestsRoutes(createMembershipRequestsService(deps)), { prefix: '/api/membership-requests' });
  const census = createCensusService(deps);
  await app.register(censusRoutes(census), { prefix: '/api/census' });
  await app.register(dashboardRoutes(createDashboardService(deps, census)), { prefix: '/api/dashboard' });
  await app.register(auditRoutes(createAuditService(deps)), { prefix: '/api/audit' });
  await app.register(rolesRoutes(createRolesService(deps)), { prefix: '/api/roles' });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !hasWeb) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: errorMessage('NOT_FOUND', request.lang ?? 'vi') } });
    }
    // The web app routes on the client: any other page is its index.
    return reply.type('text/html').sendFile('index.html');
  });

  return app;
}
