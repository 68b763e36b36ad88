import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { uuid } from '../../core/schemas.ts';
import {
  participantStudiesOutput,
  randomizeInput,
  studyAssignmentOutput,
  studyCreateInput,
  studyDetailOutput,
  studyListOutput,
  studyUpdateInput,
} from '../../core/studies.ts';
import { requireActor } from '../http/authenticate.ts';
import { errorResponses } from '../http/openapi.ts';
import { inReadSession, inTransaction } from '../http/transaction.ts';
import { createStudy, getStudy, listParticipantStudies, listStudies, randomize, updateStudy } from './studies.service.ts';

export const studiesRoutes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.deps.clock.now();
  const tags = ['studies'];
  const params = z.object({ id: uuid });

  app.get(
    '/api/studies',
    {
      config: { access: 'studies:manage' },
      schema: { tags, summary: 'Every study, with its design, status and how many participants are assigned', response: { 200: studyListOutput, ...errorResponses } },
    },
    async () => inTransaction(app, (tx) => listStudies(tx)),
  );

  app.post(
    '/api/studies',
    {
      config: { access: 'studies:manage' },
      schema: {
        tags,
        summary:
          'Define a study (as a draft): arms with keys, labels and integer ratios; strata factors (site, referral_source, gender, custody_status); block sizes, each a multiple of the ratio total',
        body: studyCreateInput,
        response: { 201: studyDetailOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await inTransaction(app, (tx) => createStudy(tx, requireActor(request), request.body, now()));
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/studies/:id',
    {
      config: { access: 'studies:manage' },
      schema: {
        tags,
        summary: 'A study with its allocation counts by arm and by stratum (counts only: no participant, no upcoming allocation)',
        params,
        response: { 200: studyDetailOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => getStudy(tx, requireActor(request), request.params.id)),
  );

  app.patch(
    '/api/studies/:id',
    {
      config: { access: 'studies:manage' },
      schema: {
        tags,
        summary:
          'Change a study (with the version read): status draft → active → closed, name, description; arms, strata and block sizes only until the first participant is assigned (409 design_frozen)',
        params,
        body: studyUpdateInput,
        response: { 200: studyDetailOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => updateStudy(tx, requireActor(request), request.params.id, request.body, now())),
  );

  app.post(
    '/api/studies/:id/randomize',
    {
      config: { access: 'studies:randomize' },
      schema: {
        tags,
        summary:
          "Randomize a participant of your sites with an open enrollment into an active study: answers the arm, once. 409 already_assigned (nothing new), not_enrolled, study_not_active; 404 for a participant you cannot see",
        params,
        body: randomizeInput,
        response: { 201: studyAssignmentOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await inTransaction(app, (tx) => randomize(tx, requireActor(request), request.params.id, request.body, now()));
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/participants/:id/studies',
    {
      config: { access: 'participants:read' },
      schema: {
        tags,
        summary: "A participant's study assignments (arm, who and when) and the active studies they are not yet in",
        params,
        response: { 200: participantStudiesOutput, ...errorResponses },
      },
    },
    async (request) => inReadSession(app, (tx) => listParticipantStudies(tx, requireActor(request), request.params.id, now())),
  );
};
