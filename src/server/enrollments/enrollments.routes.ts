import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dischargeInput, enrollmentCreateInput, enrollmentOutput, enrollmentUpdateInput, interviewInput } from '../../core/enrollments.ts';
import { uuid } from '../../core/schemas.ts';
import { requireActor } from '../http/authenticate.ts';
import { errorResponses } from '../http/openapi.ts';
import { inReadSession, inTransaction } from '../http/transaction.ts';
import { dischargeEnrollment, enroll, listEnrollments, recordInterview, teamOptions, updateEnrollment } from './enrollments.service.ts';

const participantParams = z.object({ id: uuid });
const episodeParams = z.object({ id: uuid, enrollmentId: uuid });

export const enrollmentsRoutes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.deps.clock.now();
  const tags = ['enrollments'];

  app.get(
    '/api/participants/:id/enrollments',
    {
      config: { access: 'participants:read' },
      schema: {
        tags,
        summary: "A participant's enrollment episodes, newest first, each with its phase history and interview schedule",
        params: participantParams,
        response: { 200: z.object({ items: z.array(enrollmentOutput) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await inReadSession(app, (tx) => listEnrollments(tx, requireActor(request), request.params.id, now())),
    }),
  );

  const people = z.array(z.object({ id: z.string(), name: z.string() }));
  app.get(
    '/api/participants/:id/enrollments/team-options',
    {
      config: { access: 'participants:write' },
      schema: {
        tags,
        summary: "Who may be on the participant's team: active coaches and case managers at their site",
        params: participantParams,
        response: { 200: z.object({ coaches: people, caseManagers: people }), ...errorResponses },
      },
    },
    async (request) => inReadSession(app, (tx) => teamOptions(tx, requireActor(request), request.params.id, now())),
  );

  app.post(
    '/api/participants/:id/enrollments',
    {
      config: { access: 'participants:write' },
      schema: {
        tags,
        summary: 'Enroll a participant (409 while an episode is open)',
        params: participantParams,
        body: enrollmentCreateInput,
        response: { 201: enrollmentOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await inTransaction(app, (tx) => enroll(tx, requireActor(request), request.params.id, request.body, now()));
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/api/participants/:id/enrollments/:enrollmentId',
    {
      config: { access: 'participants:write' },
      schema: {
        tags,
        summary: 'Change the team, phase or referral source of an open episode (send the version you read)',
        params: episodeParams,
        body: enrollmentUpdateInput,
        response: { 200: enrollmentOutput, ...errorResponses },
      },
    },
    async (request) =>
      inTransaction(app, (tx) =>
        updateEnrollment(tx, requireActor(request), request.params.id, request.params.enrollmentId, request.body, now()),
      ),
  );

  app.post(
    '/api/participants/:id/enrollments/:enrollmentId/discharge',
    {
      config: { access: 'participants:write' },
      schema: {
        tags,
        summary: 'Discharge an open episode with a date and reason (send the version you read)',
        params: episodeParams,
        body: dischargeInput,
        response: { 200: enrollmentOutput, ...errorResponses },
      },
    },
    async (request) =>
      inTransaction(app, (tx) =>
        dischargeEnrollment(tx, requireActor(request), request.params.id, request.params.enrollmentId, request.body, now()),
      ),
  );

  app.post(
    '/api/participants/:id/enrollments/:enrollmentId/interviews',
    {
      config: { access: 'participants:write' },
      schema: {
        tags,
        summary: "Record one of the funder's interviews as done on a date (409 if already recorded)",
        params: episodeParams,
        body: interviewInput,
        response: { 201: enrollmentOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const saved = await inTransaction(app, (tx) =>
        recordInterview(tx, requireActor(request), request.params.id, request.params.enrollmentId, request.body, now()),
      );
      return reply.status(201).send(saved);
    },
  );
};
