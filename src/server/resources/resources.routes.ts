import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  hsdsImportReport,
  ianaTimeZone,
  resourceCreateInput,
  resourceOutput,
  resourceSearchOutput,
  resourceSearchQuery,
  resourceUpdateInput,
} from '../../core/resources.ts';
import { uuid } from '../../core/schemas.ts';
import { requireActor } from '../http/authenticate.ts';
import { errorResponses } from '../http/openapi.ts';
import { inTransaction } from '../http/transaction.ts';
import { exportHsds, importHsds } from './resources.import.ts';
import { archiveResource, createResource, getResource, searchResources, updateResource } from './resources.service.ts';

/** An HSDS file of a whole program's directory is larger than a form's body. */
const IMPORT_BODY_LIMIT = 25 * 1024 * 1024;

export const resourcesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/resources',
    {
      config: { access: 'participants:read' },
      schema: {
        tags: ['resources'],
        summary: 'Search the resource directory',
        description:
          'Places (locations) with at least one service matching every filter, nearest first when searching near coordinates (lat, lng) or a US ZIP code (its Census ZCTA centroid). Lists (category, medication, insurance) match any of the values given, comma-separated. openNow uses each location’s hours in its own time zone.',
        querystring: resourceSearchQuery,
        response: { 200: resourceSearchOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => searchResources(tx, request.query, app.deps.clock.now())),
  );

  app.get(
    '/api/resources/export/hsds',
    {
      config: { access: 'resources:manage' },
      schema: {
        tags: ['resources'],
        summary: 'The whole directory as Open Referral HSDS 3.0 (a page of full organizations)',
        querystring: z.object({ includeArchived: z.enum(['true', 'false']).optional() }),
        response: { 200: z.record(z.string(), z.unknown()), ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = await inTransaction(app, (tx) => exportHsds(tx, { includeArchived: request.query.includeArchived === 'true' }));
      return reply.header('content-disposition', 'attachment; filename="tandem-directory.hsds.json"').send(body);
    },
  );

  app.post(
    '/api/resources/import/hsds',
    {
      config: { access: 'resources:manage' },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['resources'],
        summary: 'Import Open Referral HSDS 3.0 JSON (organizations, services or service_at_locations, full or listed)',
        description:
          'Every record is checked against its HSDS schema; invalid ones are reported by id and field and the valid ones imported. Records are matched by HSDS id, so importing the same file again updates rather than duplicates. Locations and services the file does not mention are kept.',
        querystring: z.object({ timeZone: ianaTimeZone.optional() }),
        body: z.unknown(),
        response: { 200: hsdsImportReport, ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const fallbackTimeZone = request.query.timeZone ?? 'America/Chicago';
      return inTransaction(app, (tx) => importHsds(tx, actor, request.body, app.deps.clock.now(), { fallbackTimeZone }));
    },
  );

  app.get(
    '/api/resources/:id',
    {
      config: { access: 'participants:read' },
      schema: {
        tags: ['resources'],
        summary: 'One resource: the organization, its locations and services (archived ones too, for the referrals that name them)',
        params: z.object({ id: uuid }),
        response: { 200: resourceOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => getResource(tx, request.params.id)),
  );

  app.post(
    '/api/resources',
    {
      config: { access: 'resources:manage' },
      schema: { tags: ['resources'], summary: 'Add a resource to the directory', body: resourceCreateInput, response: { 201: resourceOutput, ...errorResponses } },
    },
    async (request, reply) => {
      const created = await inTransaction(app, (tx) => createResource(tx, requireActor(request), request.body, app.deps.clock.now()));
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/api/resources/:id',
    {
      config: { access: 'resources:manage' },
      schema: {
        tags: ['resources'],
        summary: 'Save a resource whole (send the version you read; locations and services keep their ids when sent with them)',
        params: z.object({ id: uuid }),
        body: resourceUpdateInput,
        response: { 200: resourceOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => updateResource(tx, requireActor(request), request.params.id, request.body, app.deps.clock.now())),
  );

  app.delete(
    '/api/resources/:id',
    {
      config: { access: 'resources:manage' },
      schema: {
        tags: ['resources'],
        summary: 'Take a resource out of the directory (archived: referrals that name it keep it)',
        params: z.object({ id: uuid }),
        querystring: z.object({ version: z.string().regex(/^\d+$/, 'Required: the version you read').transform(Number) }),
        response: { 200: resourceOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => archiveResource(tx, requireActor(request), request.params.id, request.query.version, app.deps.clock.now())),
  );
};
