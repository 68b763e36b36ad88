import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { siteCreateInput, siteOutput, siteUpdateInput, uuid } from '../../core/schemas.ts';
import { requireActor } from '../http/authenticate.ts';
import { errorResponses } from '../http/openapi.ts';
import { inTransaction } from '../http/transaction.ts';
import { createSite, listSites, updateSite } from './sites.service.ts';

export const sitesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/sites',
    {
      config: { access: 'sites:read' },
      schema: {
        tags: ['sites'],
        summary: 'Sites the caller works at (all of them for a program administrator)',
        response: { 200: z.object({ items: z.array(siteOutput) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await inTransaction(app, (tx) => listSites(tx, requireActor(request))) }),
  );

  app.post(
    '/api/sites',
    {
      config: { access: 'sites:manage' },
      schema: { tags: ['sites'], summary: 'Create a site', body: siteCreateInput, response: { 201: siteOutput, ...errorResponses } },
    },
    async (request, reply) => {
      const site = await inTransaction(app, (tx) => createSite(tx, requireActor(request), request.body, app.deps.clock.now()));
      return reply.status(201).send(site);
    },
  );

  app.patch(
    '/api/sites/:id',
    {
      config: { access: 'sites:manage' },
      schema: {
        tags: ['sites'],
        summary: 'Change a site (send the version you read)',
        params: z.object({ id: uuid }),
        body: siteUpdateInput,
        response: { 200: siteOutput, ...errorResponses },
      },
    },
    async (request) =>
      inTransaction(app, (tx) => updateSite(tx, requireActor(request), request.params.id, request.body, app.deps.clock.now())),
  );
};
