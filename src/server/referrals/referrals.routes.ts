import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { referralCreateInput, referralListOutput, referralListQuery, referralOutput, referralTransitionInput } from '../../core/referrals.ts';
import { uuid } from '../../core/schemas.ts';
import { requireActor } from '../http/authenticate.ts';
import { errorResponses } from '../http/openapi.ts';
import { inReadSession, inTransaction } from '../http/transaction.ts';
import { createReferral, getReferral, listReferrals, transitionReferral } from './referrals.service.ts';

const idParams = z.object({ id: uuid });

export const referralsRoutes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.deps.clock.now();
  const tags = ['referrals'];

  app.get(
    '/api/participants/:id/referrals',
    {
      config: { access: 'participants:read' },
      schema: {
        tags,
        summary: "A participant's referrals, newest first (optionally only some statuses: ?status=sent,accepted)",
        params: idParams,
        querystring: referralListQuery,
        response: { 200: referralListOutput, ...errorResponses },
      },
    },
    async (request) => inReadSession(app, (tx) => listReferrals(tx, requireActor(request), request.params.id, request.query, now())),
  );

  app.post(
    '/api/participants/:id/referrals',
    {
      config: { access: 'participants:write' },
      schema: {
        tags,
        summary: 'Make a referral to an organization in the resource directory for one need (a draft: nothing is shared until it is sent)',
        params: idParams,
        body: referralCreateInput,
        response: { 201: referralOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await inTransaction(app, (tx) => createReferral(tx, requireActor(request), request.params.id, request.body, now()));
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/referrals/:id',
    {
      config: { access: 'participants:read' },
      schema: { tags, summary: 'One referral with its timeline', params: idParams, response: { 200: referralOutput, ...errorResponses } },
    },
    async (request) => inReadSession(app, (tx) => getReferral(tx, requireActor(request), request.params.id, now())),
  );

  app.post(
    '/api/referrals/:id/transitions',
    {
      config: { access: 'participants:write' },
      schema: {
        tags,
        summary:
          'Move a referral one step (send the version you read): sent, accepted, declined, appointment_scheduled (date, time, place; again to reschedule), attended, no_show, completed, closed (with an outcome). 409 illegal_transition, stale_version, or consent_required (sending needs an active Part 2 consent covering the organization and purpose; the message says what is missing). A send is recorded in the accounting of disclosures.',
        params: idParams,
        body: referralTransitionInput,
        response: { 200: referralOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => transitionReferral(tx, requireActor(request), request.params.id, request.body, now())),
  );
};
