import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  duplicateQuery,
  participantCreateInput,
  participantDetailOutput,
  participantListQuery,
  participantSummaryOutput,
  participantUpdateInput,
  uuid,
} from '../../core/schemas.ts';
import { requireActor } from '../http/authenticate.ts';
import { errorResponses } from '../http/openapi.ts';
import { inReadSession, inReadTransaction, inTransaction } from '../http/transaction.ts';
import { createParticipant, findDuplicates, getParticipant, listParticipants, updateParticipant } from './participants.service.ts';

export const participantsRoutes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.deps.clock.now();

  app.post(
    '/api/participants',
    {
      config: { access: 'participants:write' },
      schema: {
        tags: ['participants'],
        summary: 'Create a participant at one of your sites',
        body: participantCreateInput,
        response: { 201: participantDetailOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await inTransaction(app, (tx) => createParticipant(tx, requireActor(request), request.body, now()));
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/participants',
    {
      config: { access: 'participants:read' },
      schema: {
        tags: ['participants'],
        summary: 'List or search participants of your sites (name, preferred name, date of birth, phone)',
        querystring: participantListQuery,
        response: { 200: z.object({ items: z.array(participantSummaryOutput), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) => inReadTransaction(app, (tx) => listParticipants(tx, requireActor(request), request.query, now())),
  );

  app.get(
    '/api/participants/duplicates',
    {
      config: { access: 'participants:write' },
      schema: {
        tags: ['participants'],
        summary: 'Likely duplicates (same date of birth, similar name) before creating a participant',
        querystring: duplicateQuery,
        response: { 200: z.object({ items: z.array(participantSummaryOutput) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await inTransaction(app, (tx) => findDuplicates(tx, requireActor(request), request.query, now())) }),
  );

  app.get(
    '/api/participants/:id',
    {
      config: { access: 'participants:read' },
      schema: {
        tags: ['participants'],
        summary: 'One participant, with their site history',
        params: z.object({ id: uuid }),
        response: { 200: participantDetailOutput, ...errorResponses },
      },
    },
    async (request) => inReadSession(app, (tx) => getParticipant(tx, requireActor(request), request.params.id, now())),
  );

  app.patch(
    '/api/participants/:id',
    {
      config: { access: 'participants:write' },
      schema: {
        tags: ['participants'],
        summary: 'Change a participant (send the version you read; a stale one answers 409 and changes nothing)',
        params: z.object({ id: uuid }),
        body: participantUpdateInput,
        response: { 200: participantDetailOutput, ...errorResponses },
      },
    },
    async (request) =>
      inTransaction(app, (tx) => updateParticipant(tx, requireActor(request), request.params.id, request.body, now())),
  );
};
