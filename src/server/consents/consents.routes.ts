import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { consentCreateInput, consentListOutput, consentOutput, consentRevokeInput, disclosureListOutput, disclosureOutput, printoutInput } from '../../core/consents.ts';
import { uuid } from '../../core/schemas.ts';
import { requireActor } from '../http/authenticate.ts';
import { errorResponses } from '../http/openapi.ts';
import { inReadSession, inTransaction } from '../http/transaction.ts';
import { getConsent, listConsents, recordConsent, revokeConsent } from './consents.service.ts';
import { listDisclosures, recordPrintout } from './disclosures.service.ts';

const participantParams = z.object({ id: uuid });
const consentParams = z.object({ id: uuid, consentId: uuid });

export const consentsRoutes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.deps.clock.now();
  const tags = ['consents'];

  app.get(
    '/api/participants/:id/consents',
    {
      config: { access: 'participants:read' },
      schema: {
        tags,
        summary: "A participant's 42 CFR Part 2 consents to disclose, newest signed first, each active, revoked or expired as of today",
        params: participantParams,
        response: { 200: consentListOutput, ...errorResponses },
      },
    },
    async (request) => inReadSession(app, (tx) => listConsents(tx, requireActor(request), request.params.id, now())),
  );

  app.post(
    '/api/participants/:id/consents',
    {
      config: { access: 'participants:write' },
      schema: {
        tags,
        summary:
          'Record a signed consent to disclose: who discloses, to whom (a directory organization or "my treating providers"), what information, purpose, expiry date or event, signature (typed, or drawn as a PNG data URL) and date; optionally irrevocable until a date (§2.35). Never edited afterwards.',
        params: participantParams,
        body: consentCreateInput,
        response: { 201: consentOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await inTransaction(app, (tx) => recordConsent(tx, requireActor(request), request.params.id, request.body, now()));
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/participants/:id/consents/:consentId',
    {
      config: { access: 'participants:read' },
      schema: { tags, summary: 'One consent, with its revocation if any', params: consentParams, response: { 200: consentOutput, ...errorResponses } },
    },
    async (request) => inReadSession(app, (tx) => getConsent(tx, requireActor(request), request.params.id, request.params.consentId, now())),
  );

  app.post(
    '/api/participants/:id/consents/:consentId/revoke',
    {
      config: { access: 'participants:write' },
      schema: {
        tags,
        summary:
          'Record that the participant revoked the consent (on a date, today or earlier). 409 consent_irrevocable before the date a §2.35 consent is irrevocable until; 409 already_revoked the second time.',
        params: consentParams,
        body: consentRevokeInput,
        response: { 200: consentOutput, ...errorResponses },
      },
    },
    async (request) =>
      inTransaction(app, (tx) => revokeConsent(tx, requireActor(request), request.params.id, request.params.consentId, request.body, now())),
  );

  app.get(
    '/api/participants/:id/disclosures',
    {
      config: { access: 'participants:read' },
      schema: {
        tags,
        summary:
          "The participant's accounting of disclosures for the last three years: to whom, what, when, under which consent, by whom; with the §2.32 redisclosure notice",
        params: participantParams,
        response: { 200: disclosureListOutput, ...errorResponses },
      },
    },
    async (request) => inReadSession(app, (tx) => listDisclosures(tx, requireActor(request), request.params.id, now())),
  );

  app.post(
    '/api/participants/:id/disclosures/printouts',
    {
      config: { access: 'participants:write' },
      schema: {
        tags,
        summary:
          "Record that the participant's record (or part of it, such as a referral packet) is printed for an outside organization, for a purpose. Needs an active consent covering that organization, the information and the purpose (409 consent_required says what consent is missing). The answer is the disclosure, with the §2.32 notice to print on it.",
        params: participantParams,
        body: printoutInput,
        response: { 201: disclosureOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await inTransaction(app, (tx) => recordPrintout(tx, requireActor(request), request.params.id, request.body, now()));
      return reply.status(201).send(created);
    },
  );
};
