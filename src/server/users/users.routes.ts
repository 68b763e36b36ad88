import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { userCreateInput, userCreateOutput, userOutput, userUpdateInput, uuid } from '../../core/schemas.ts';
import { requireActor } from '../http/authenticate.ts';
import { errorResponses } from '../http/openapi.ts';
import { inTransaction } from '../http/transaction.ts';
import { createUser, listUsers, reissueInvitation, updateUser, type UserContext } from './users.service.ts';

/** Where the person being invited will reach Tandem: the configured public address, or this request's. */
export function baseUrlOf(request: FastifyRequest, configured: string | undefined): string {
  return configured ?? `${request.protocol}://${request.host}`;
}

export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  const context = (request: FastifyRequest): UserContext => ({
    now: app.deps.clock.now(),
    invitationDays: app.deps.config.invitationDays,
    baseUrl: baseUrlOf(request, app.deps.config.publicUrl),
  });

  app.get(
    '/api/users',
    {
      config: { access: 'users:read' },
      schema: {
        tags: ['users'],
        summary: 'Staff accounts (a site manager or supervisor sees the staff of their sites)',
        response: { 200: z.object({ items: z.array(userOutput) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await inTransaction(app, (tx) => listUsers(tx, requireActor(request), app.deps.clock.now())) }),
  );

  app.post(
    '/api/users',
    {
      config: { access: 'users:manage', secretAnswer: true },
      schema: {
        tags: ['users'],
        summary: 'Create a staff account, with an invitation link (shown once) or an initial password',
        body: userCreateInput,
        response: { 201: userCreateOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await inTransaction(app, (tx) => createUser(tx, requireActor(request), request.body, context(request)));
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: { access: 'users:manage' },
      schema: {
        tags: ['users'],
        summary: 'Change a staff account (send the version you read)',
        params: z.object({ id: uuid }),
        body: userUpdateInput,
        response: { 200: userOutput, ...errorResponses },
      },
    },
    async (request) =>
      inTransaction(app, (tx) => updateUser(tx, requireActor(request), request.params.id, request.body, app.deps.clock.now())),
  );

  app.post(
    '/api/users/:id/invitation',
    {
      config: { access: 'users:manage', secretAnswer: true },
      schema: {
        tags: ['users'],
        summary: 'Issue a new invitation link (replaces any unused one)',
        params: z.object({ id: uuid }),
        response: { 200: z.object({ invitationUrl: z.string(), invitationExpiresAt: z.string() }), ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => reissueInvitation(tx, requireActor(request), request.params.id, context(request))),
  );
};
