/**
 * buildApp({ database, clock, config }) → a Fastify instance with every feature
 * registered. Nothing here listens or opens the database: main.ts and the tests do.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assessmentsRoutes } from './assessments/assessments.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { consentsRoutes } from './consents/consents.routes.ts';
import { contactsRoutes } from './contacts/contacts.routes.ts';
import { emergencyAccessRoutes, registerEmergencyAccess } from './emergency-access/emergency-access.routes.ts';
import { enrollmentsRoutes } from './enrollments/enrollments.routes.ts';
import { eventsRoutes } from './events/events.routes.ts';
import { fhirRoutes } from './fhir/fhir.routes.ts';
import { exportsRoutes } from './exports/exports.routes.ts';
import type { AppDeps } from './http/context.ts';
import { registerAuthentication } from './http/authenticate.ts';
import { registerErrorHandler } from './http/error-handler.ts';
import { frameworkErrors, registerInputGuards } from './http/input-guards.ts';
import { accessDocs } from './http/openapi.ts';
import { withExamples } from './http/openapi-examples/index.ts';
import { registerIdempotency } from './idempotency/idempotency.ts';
import { moudRoutes } from './moud/moud.routes.ts';
import { naloxoneRoutes } from './naloxone/naloxone.routes.ts';
import { participantsRoutes } from './participants/participants.routes.ts';
import { plansRoutes } from './plans/plans.routes.ts';
import { referralsRoutes } from './referrals/referrals.routes.ts';
import { FiguresCache } from './reports/figures-cache.ts';
import { reportsRoutes } from './reports/reports.routes.ts';
import { resourcesRoutes } from './resources/resources.routes.ts';
import { sitesRoutes } from './sites/sites.routes.ts';
import { studiesRoutes } from './studies/studies.routes.ts';
import { supervisionRoutes } from './supervision/supervision.routes.ts';
import { usersRoutes } from './users/users.routes.ts';
import { worklistRoutes } from './worklist/worklist.routes.ts';
import { VERSION } from './version.ts';

export const WEB_DIST = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export interface BuildOptions extends AppDeps {
  /** Serve the built web app from dist/web (production); tests of the API leave it off. */
  serveWeb?: boolean;
  /** Where the built web app is (default dist/web); the route walk serves a small stand-in. */
  webRoot?: string;
  logger?: FastifyServerOptions['logger'];
  /** Called for every route as it is registered (the route-walk test collects them with it). */
  onRoute?: (route: RouteOptions) => void;
}

/** An invitation link's path is its secret (API and web page alike; the web app's routes ignore case). */
const INVITATION_SECRET = /^(\/+api\/+auth\/+invitations\/+|\/+invitation\/+)[^/]+/i;

/** Request logs carry the path only: a query string may hold a name or a date of birth. */
export const logSerializers = {
  req: (req: { method: string; url: string; id: string }) => ({
    id: req.id,
    method: req.method,
    path: (req.url.split('?')[0] ?? '').replace(INVITATION_SECRET, '$1:token'),
  }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
};

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { database, clock, config } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    frameworkErrors,
    // Bodies are never logged; query strings are cut by the serializer above.
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('deps', { database, clock, config } satisfies AppDeps);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tandem API',
        version: VERSION,
        description:
          'Case management for peer recovery support programs. Authenticate with the session cookie (send x-csrf-token on changes) or `Authorization: Bearer <token>`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'tandem_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const schema = withExamples(out.schema as Record<string, unknown>, { url: input.url, method: input.route.method, zod: input.schema as Record<string, unknown> });
      return { ...out, schema: { ...schema, ...accessDocs(input.route.config?.access, schema.description) } };
    },
  });
  await app.register(cookie);
  // Security headers on every answer, 404s included. helmet's middleware is built once here:
  // @fastify/helmet built it again for every request, parsing the policy each time.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: false,
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, () => done()));
  await app.register(rateLimit, { global: false });
  registerErrorHandler(app);
  registerAuthentication(app);
  registerInputGuards(app);
  registerIdempotency(app);
  registerEmergencyAccess(app);

  // Report figures stay in memory while the tables they come from are unchanged (figures-cache.ts).
  const figures = new FiguresCache();

  // Participant data must never sit in a shared or browser cache.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
    // Over https (directly or through a trusted proxy) browsers must never fall back to plain http.
    if (request.protocol === 'https') void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    return payload;
  });

  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Liveness and which database is in use',
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgresql']), version: z.string() }) },
      },
    },
    async () => {
      await database.db.execute('select 1');
      return { status: 'ok' as const, database: database.kind, version: VERSION };
    },
  );

  app.get(
    '/api/openapi.json',
    { config: { access: 'public' }, schema: { hide: true } },
    async () => app.swagger(),
  );

  // The interactive reference of the same description, public like it.
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    await docs.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true }, staticCSP: false });
  });

  await app.register(authRoutes);
  await app.register(sitesRoutes);
  await app.register(usersRoutes);
  await app.register(participantsRoutes);
  await app.register(auditRoutes);
  await app.register(contactsRoutes);
  await app.register(enrollmentsRoutes);
  await app.register(plansRoutes);
  await app.register(assessmentsRoutes);
  await app.register(resourcesRoutes);
  await app.register(moudRoutes);
  await app.register(consentsRoutes);
  await app.register(referralsRoutes);
  await app.register(worklistRoutes);
  await app.register(naloxoneRoutes);
  await app.register(eventsRoutes);
  await app.register(supervisionRoutes);
  await app.register(fhirRoutes);
  await app.register(studiesRoutes);
  await app.register(reportsRoutes, { figures });
  await app.register(exportsRoutes);
  await app.register(emergencyAccessRoutes);

  const webRoot = options.webRoot ?? WEB_DIST;
  if (options.serveWeb && existsSync(webRoot)) {
    await app.register(async (web) => {
      // The web app's files are public by nature; they say so explicitly, like every other route.
      web.addHook('onRoute', (route) => {
        route.config = { ...route.config, access: 'public' };
      });
      await web.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: false });
      // The single-page app answers every non-API path with its index.
      web.get('/*', { schema: { hide: true } }, async (request, reply) => {
        if (request.url.startsWith('/api/')) {
          return reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } });
        }
        // cacheControl: false, or sendFile replaces our no-cache with "public, max-age=0".
        return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
      });
    });
  }
  return app;
}
