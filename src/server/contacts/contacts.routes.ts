import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addendumInput,
  contactCreateInput,
  contactDetailOutput,
  contactListQuery,
  contactPageOutput,
  teamMemberOutput,
} from '../../core/contacts.ts';
import { uuid } from '../../core/schemas.ts';
import { requireActor } from '../http/authenticate.ts';
import { errorResponses } from '../http/openapi.ts';
import { inReadSession, inTransaction, inWriteStatement } from '../http/transaction.ts';
import { addAddendum, contactTeam, getContact, listContacts, logContact } from './contacts.service.ts';

const participantParams = z.object({ id: uuid });
const contactParams = z.object({ id: uuid, contactId: uuid });

export const contactsRoutes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.deps.clock.now();

  app.get(
    '/api/participants/:id/contacts',
    {
      config: { access: 'participants:read' },
      schema: {
        tags: ['contacts'],
        summary: 'A participant’s contacts and outreach attempts, newest first (keyset paging with nextCursor)',
        params: participantParams,
        querystring: contactListQuery,
        response: { 200: contactPageOutput, ...errorResponses },
      },
    },
    async (request) => inReadSession(app, (tx) => listContacts(tx, requireActor(request), request.params.id, request.query, now())),
  );

  app.post(
    '/api/participants/:id/contacts',
    {
      config: { access: 'participants:write' },
      schema: {
        tags: ['contacts'],
        summary: 'Log a contact or an unsuccessful outreach attempt (reached: false with an attemptOutcome)',
        params: participantParams,
        body: contactCreateInput,
        response: { 201: contactDetailOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await inWriteStatement(app, (tx) => logContact(tx, requireActor(request), request.params.id, request.body, now()));
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/participants/:id/contacts/team',
    {
      config: { access: 'participants:write' },
      schema: {
        tags: ['contacts'],
        summary: 'Staff who may be named as taking part in a contact with this participant (their site’s team)',
        params: participantParams,
        response: { 200: z.object({ items: z.array(teamMemberOutput) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await inReadSession(app, (tx) => contactTeam(tx, requireActor(request), request.params.id, now())) }),
  );

  app.get(
    '/api/participants/:id/contacts/:contactId',
    {
      config: { access: 'participants:read' },
      schema: {
        tags: ['contacts'],
        summary: 'One contact: the original note and every addendum, with author and time',
        params: contactParams,
        response: { 200: contactDetailOutput, ...errorResponses },
      },
    },
    async (request) =>
      inReadSession(app, (tx) => getContact(tx, requireActor(request), request.params.id, request.params.contactId, now())),
  );

  app.post(
    '/api/participants/:id/contacts/:contactId/addenda',
    {
      config: { access: 'participants:write' },
      schema: {
        tags: ['contacts'],
        summary: 'Correct a contact’s note by an addendum; the original note is kept unchanged',
        params: contactParams,
        body: addendumInput,
        response: { 201: contactDetailOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id, contactId } = request.params;
      const updated = await inTransaction(app, (tx) => addAddendum(tx, requireActor(request), id, contactId, request.body, now()));
      return reply.status(201).send(updated);
    },
  );
};
