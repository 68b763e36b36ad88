import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { moudEpisodeCreateInput, moudEpisodeOutput, moudEpisodeUpdateInput, moudListOutput } from '../../core/moud.ts';
import { uuid } from '../../core/schemas.ts';
import { requireActor } from '../http/authenticate.ts';
import { errorResponses } from '../http/openapi.ts';
import { inReadSession, inTransaction } from '../http/transaction.ts';
import { getMoudEpisode, listMoudEpisodes, recordMoudEpisode, updateMoudEpisode } from './moud.service.ts';

const participantParams = z.object({ id: uuid });
const episodeParams = z.object({ id: uuid, episodeId: uuid });

export const moudRoutes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.deps.clock.now();
  const tags = ['moud'];

  app.get(
    '/api/participants/:id/moud-episodes',
    {
      config: { access: 'participants:read' },
      schema: {
        tags,
        summary: "A participant's MOUD episodes (earliest first), with the days from release or ED discharge to the first dose and continuous retention at 30/90/180 days",
        params: participantParams,
        response: { 200: moudListOutput, ...errorResponses },
      },
    },
    async (request) => inReadSession(app, (tx) => listMoudEpisodes(tx, requireActor(request), request.params.id, now())),
  );

  app.post(
    '/api/participants/:id/moud-episodes',
    {
      config: { access: 'participants:write' },
      schema: {
        tags,
        summary: 'Record a MOUD start (or a whole past episode, with its end date and reason)',
        params: participantParams,
        body: moudEpisodeCreateInput,
        response: { 201: moudEpisodeOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await inTransaction(app, (tx) => recordMoudEpisode(tx, requireActor(request), request.params.id, request.body, now()));
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/participants/:id/moud-episodes/:episodeId',
    {
      config: { access: 'participants:read' },
      schema: {
        tags,
        summary: 'One MOUD episode',
        params: episodeParams,
        response: { 200: moudEpisodeOutput, ...errorResponses },
      },
    },
    async (request) =>
      inReadSession(app, (tx) => getMoudEpisode(tx, requireActor(request), request.params.id, request.params.episodeId, now())),
  );

  app.patch(
    '/api/participants/:id/moud-episodes/:episodeId',
    {
      config: { access: 'participants:write' },
      schema: {
        tags,
        summary: 'Correct a MOUD episode or end it (endedOn + endReason); send the version you read (409 if someone saved first)',
        params: episodeParams,
        body: moudEpisodeUpdateInput,
        response: { 200: moudEpisodeOutput, ...errorResponses },
      },
    },
    async (request) =>
      inTransaction(app, (tx) =>
        updateMoudEpisode(tx, requireActor(request), request.params.id, request.params.episodeId, request.body, now()),
      ),
  );
};
