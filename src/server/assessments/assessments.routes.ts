import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  assessmentDetailOutput,
  assessmentStartInput,
  assessmentSummaryOutput,
  assessmentUpdateInput,
  instrumentDefinition,
  instrumentQuery,
  instrumentSummaryOutput,
} from '../../core/assessments.ts';
import { uuid } from '../../core/schemas.ts';
import { requireActor } from '../http/authenticate.ts';
import { errorResponses } from '../http/openapi.ts';
import { inReadSession, inTransaction } from '../http/transaction.ts';
import { getAssessment, getInstrument, listAssessments, listInstruments, startAssessment, updateAssessment } from './assessments.service.ts';

const tags = ['assessments'];
const participantParams = z.object({ id: uuid });
const assessmentParams = z.object({ id: uuid, assessmentId: uuid });

export const assessmentsRoutes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.deps.clock.now();

  app.get(
    '/api/instruments',
    {
      config: { access: 'participants:read' },
      schema: { tags, summary: 'Instruments in use, each at its latest version', response: { 200: z.object({ items: z.array(instrumentSummaryOutput) }), ...errorResponses } },
    },
    async () => ({ items: await inReadSession(app, (tx) => listInstruments(tx)) }),
  );

  app.get(
    '/api/instruments/:key',
    {
      config: { access: 'participants:read' },
      schema: {
        tags,
        summary: "An instrument's definition: its latest version, or ?version=n",
        params: z.object({ key: z.string().max(40) }),
        querystring: instrumentQuery,
        response: { 200: instrumentDefinition, ...errorResponses },
      },
    },
    async (request) => inReadSession(app, (tx) => getInstrument(tx, request.params.key, request.query.version)),
  );

  app.get(
    '/api/participants/:id/assessments',
    {
      config: { access: 'participants:read' },
      schema: {
        tags,
        summary: "A participant's assessments, most recent first, with their scores",
        params: participantParams,
        response: { 200: z.object({ items: z.array(assessmentSummaryOutput) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await inReadSession(app, (tx) => listAssessments(tx, requireActor(request), request.params.id, now())),
    }),
  );

  app.post(
    '/api/participants/:id/assessments',
    {
      config: { access: 'participants:write' },
      schema: {
        tags,
        summary: 'Start an assessment with the latest version of an instrument (optionally with answers, or complete at once)',
        params: participantParams,
        body: assessmentStartInput,
        response: { 201: assessmentDetailOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await inTransaction(app, (tx) => startAssessment(tx, requireActor(request), request.params.id, request.body, now()));
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/participants/:id/assessments/:assessmentId',
    {
      config: { access: 'participants:read' },
      schema: {
        tags,
        summary: 'One assessment with its answers and the definition of the instrument version it uses',
        params: assessmentParams,
        response: { 200: assessmentDetailOutput, ...errorResponses },
      },
    },
    async (request) =>
      inReadSession(app, (tx) => getAssessment(tx, requireActor(request), request.params.id, request.params.assessmentId, now())),
  );

  app.patch(
    '/api/participants/:id/assessments/:assessmentId',
    {
      config: { access: 'participants:write' },
      schema: {
        tags,
        summary: 'Save answers (null clears one) and optionally complete; a completed assessment answers 409, a stale version 409',
        params: assessmentParams,
        body: assessmentUpdateInput,
        response: { 200: assessmentDetailOutput, ...errorResponses },
      },
    },
    async (request) =>
      inTransaction(app, (tx) =>
        updateAssessment(tx, requireActor(request), request.params.id, request.params.assessmentId, request.body, now()),
      ),
  );
};
