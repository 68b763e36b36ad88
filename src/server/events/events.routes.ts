import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { criticalEventInput, criticalEventListOutput, criticalEventOutput } from '../../core/events.ts';
import { uuid } from '../../core/schemas.ts';
import { requireActor } from '../http/authenticate.ts';
import { errorResponses } from '../http/openapi.ts';
import { inReadSession, inTransaction } from '../http/transaction.ts';
import { listCriticalEvents, recordCriticalEvent } from './events.service.ts';

const params = z.object({ id: uuid });

export const eventsRoutes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.deps.clock.now();
  const tags = ['critical events'];

  app.get(
    '/api/participants/:id/events',
    {
      config: { access: 'participants:read' },
      schema: {
        tags,
        summary: "A participant's critical events (latest first), each flagged when within the first 30 days after release",
        params,
        response: { 200: criticalEventListOutput, ...errorResponses },
      },
    },
    async (request) => inReadSession(app, (tx) => listCriticalEvents(tx, requireActor(request), request.params.id, now())),
  );

  app.post(
    '/api/participants/:id/events',
    {
      config: { access: 'participants:write' },
      schema: {
        tags,
        summary:
          'Record a critical event (overdose, ED visit, hospitalization, arrest, re-incarceration, death). A death or fatal overdose closes the open enrollment as deceased and the open referrals as participant_deceased: when either is open, send confirmCloseEnrollment: true (409 confirmation_required otherwise)',
        params,
        body: criticalEventInput,
        response: { 201: criticalEventOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await inTransaction(app, (tx) => recordCriticalEvent(tx, requireActor(request), request.params.id, request.body, now()));
      return reply.status(201).send(created);
    },
  );
};
