import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { planOutput, planSaveInput, planVersionOutput, planVersionSummaryOutput } from '../../core/plans.ts';
import { uuid } from '../../core/schemas.ts';
import { requireActor } from '../http/authenticate.ts';
import { errorResponses } from '../http/openapi.ts';
import { inReadSession, inTransaction } from '../http/transaction.ts';
import { getPlan, getPlanVersion, listPlanVersions, savePlan } from './plans.service.ts';

const params = z.object({ id: uuid });

export const plansRoutes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.deps.clock.now();

  app.get(
    '/api/participants/:id/plan',
    {
      config: { access: 'participants:read' },
      schema: {
        tags: ['plans'],
        summary: 'The current recovery plan (version 0 with no goals when none was saved yet)',
        params,
        response: { 200: planOutput, ...errorResponses },
      },
    },
    async (request) => inReadSession(app, (tx) => getPlan(tx, requireActor(request), request.params.id, now())),
  );

  app.put(
    '/api/participants/:id/plan',
    {
      config: { access: 'participants:write' },
      schema: {
        tags: ['plans'],
        summary: 'Save the whole plan as a new version (send the version you read: 0 for a first plan; a stale one answers 409 and changes nothing)',
        params,
        body: planSaveInput,
        response: { 200: planOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => savePlan(tx, requireActor(request), request.params.id, request.body, now())),
  );

  app.get(
    '/api/participants/:id/plan/versions',
    {
      config: { access: 'participants:read' },
      schema: {
        tags: ['plans'],
        summary: 'Every saved version of the plan, newest first: number, who saved it, when, and what changed',
        params,
        response: { 200: z.object({ items: z.array(planVersionSummaryOutput) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await inReadSession(app, (tx) => listPlanVersions(tx, requireActor(request), request.params.id, now())) }),
  );

  app.get(
    '/api/participants/:id/plan/versions/:n',
    {
      config: { access: 'participants:read' },
      schema: {
        tags: ['plans'],
        summary: 'One saved version of the plan, as it was (read-only)',
        params: z.object({ id: uuid, n: z.coerce.number().int().min(1) }),
        response: { 200: planVersionOutput, ...errorResponses },
      },
    },
    async (request) => inReadSession(app, (tx) => getPlanVersion(tx, requireActor(request), request.params.id, request.params.n, now())),
  );
};
