import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { seesAllSites } from '../../core/access.ts';
import {
  emergencyAccessInput,
  emergencyAccessListQuery,
  emergencyAccessReviewItem,
  emergencyLookupOutput,
  emergencyLookupQuery,
  emergencyReviewInput,
  myEmergencyAccessOutput,
} from '../../core/emergency-access.ts';
import { uuid } from '../../core/schemas.ts';
import { actorCan } from '../http/actor.ts';
import { requireActor } from '../http/authenticate.ts';
import { errorResponses, limitedErrorResponses } from '../http/openapi.ts';
import { perPersonLimit } from '../http/rate-limits.ts';
import { inTransaction } from '../http/transaction.ts';
import { endAccess, listForReviewers, listMine, lookup, openAccess, review } from './emergency-access.service.ts';

/**
 * Gives each request of a user who may break the glass its emergency-access scope
 * (the request's time and route): the participant choke points use it to let an
 * access the user opened through, and flag the audit trail when they do. Runs
 * after authentication, for every route.
 */
export function registerEmergencyAccess(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    const actor = request.actor;
    if (!actor || seesAllSites(actor.role) || !actorCan(actor, 'participants:emergency_access')) return;
    actor.emergencyAccess = { at: app.deps.clock.now(), route: `${request.method} ${request.routeOptions.url ?? ''}`, siteIds: new Set() };
  });
}

export const emergencyAccessRoutes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.deps.clock.now();

  app.get(
    '/api/emergency-accesses/lookup',
    {
      // A search across every site: a few a minute is plenty for a real need, and slows anyone probing.
      config: { access: 'participants:emergency_access', rateLimit: perPersonLimit(app.deps.config.lookupRatePerMinute, '1 minute') },
      schema: {
        tags: ['emergency access'],
        summary:
          'Find a person at any site for emergency access: exact last name and date of birth; at most 5 matches with only name, birth year and site (audited)',
        querystring: emergencyLookupQuery,
        response: { 200: emergencyLookupOutput, ...limitedErrorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => lookup(tx, requireActor(request), request.query, now())),
  );

  app.post(
    '/api/participants/:id/emergency-access',
    {
      config: { access: 'participants:emergency_access' },
      schema: {
        tags: ['emergency access'],
        summary:
          'Break the glass: open a participant of a site you are not assigned to for one hour, giving a reason (201); while one is running it is answered as it is (200)',
        params: z.object({ id: uuid }),
        body: emergencyAccessInput,
        response: { 200: myEmergencyAccessOutput, 201: myEmergencyAccessOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { access, created } = await inTransaction(app, (tx) => openAccess(tx, requireActor(request), request.params.id, request.body, now()));
      return reply.status(created ? 201 : 200).send(access);
    },
  );

  app.get(
    '/api/emergency-accesses/mine',
    {
      config: { access: 'participants:emergency_access' },
      schema: {
        tags: ['emergency access'],
        summary: 'Your emergency accesses running now',
        response: { 200: z.object({ items: z.array(myEmergencyAccessOutput) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await inTransaction(app, (tx) => listMine(tx, requireActor(request), now())) }),
  );

  app.post(
    '/api/emergency-accesses/:id/end',
    {
      config: { access: 'participants:emergency_access' },
      schema: {
        tags: ['emergency access'],
        summary: 'Close one of your running emergency accesses before its hour is up',
        params: z.object({ id: uuid }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await inTransaction(app, (tx) => endAccess(tx, requireActor(request), request.params.id, now()));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/emergency-accesses',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['emergency access'],
        summary: 'Emergency accesses to review (status=unreviewed, the default) or all of them, newest first, with the requests and audit rows under each',
        querystring: emergencyAccessListQuery,
        response: { 200: z.object({ items: z.array(emergencyAccessReviewItem) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await inTransaction(app, (tx) => listForReviewers(tx, requireActor(request), request.query, now())) }),
  );

  app.post(
    '/api/emergency-accesses/:id/review',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['emergency access'],
        summary: 'Mark an emergency access that has ended as reviewed, with an optional note',
        params: z.object({ id: uuid }),
        body: emergencyReviewInput,
        response: { 200: emergencyAccessReviewItem, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => review(tx, requireActor(request), request.params.id, request.body, now())),
  );
};
