import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TANDEM_CANONICAL } from '../../core/fhir/codes.ts';
import { fhirBundleOutput, fhirExportQuery, fhirImportInput, fhirImportOutput, fhirImportQuery } from '../../core/fhir/schemas.ts';
import { uuid } from '../../core/schemas.ts';
import { requireActor } from '../http/authenticate.ts';
import { limitedErrorResponses } from '../http/openapi.ts';
import { perPersonLimit } from '../http/rate-limits.ts';
import { inTransaction } from '../http/transaction.ts';
import { importBundle } from './fhir.import.ts';
import { exportParticipant } from './fhir.service.ts';

export const fhirRoutes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.deps.clock.now();
  const tags = ['fhir'];
  const rateLimit = perPersonLimit(app.deps.config.reportRatePerMinute, '1 minute');
  const base = app.deps.config.publicUrl ? `${app.deps.config.publicUrl}/fhir` : TANDEM_CANONICAL;

  app.get(
    '/api/participants/:id/fhir',
    {
      config: { access: 'participants:read', rateLimit },
      schema: {
        tags,
        summary:
          "A participant's record as a FHIR R4 Bundle (type collection), every resource and the Bundle labelled 42 CFR Part 2 with the redisclosure notice. Without a recipient: the program's own copy of everything the caller may see. With recipientResourceId and purpose: a disclosure to that directory organization (needs participants:write), limited to the information named, refused with 409 consent_required unless an active consent covers it, and recorded in the accounting of disclosures. Contact notes are never included.",
        params: z.object({ id: uuid }),
        querystring: fhirExportQuery,
        response: { 200: fhirBundleOutput, ...limitedErrorResponses },
      },
    },
    async (request, reply) => {
      const bundle = await inTransaction(app, (tx) => exportParticipant(tx, requireActor(request), request.params.id, request.query, now(), { base }));
      // The Bundle is FHIR (checked against the R4 schema in the tests); the zod answer only passes it through.
      return reply.type('application/fhir+json; charset=utf-8').send(bundle as unknown as z.infer<typeof fhirBundleOutput>);
    },
  );

  app.post(
    '/api/fhir/import',
    {
      config: { access: 'participants:write', rateLimit },
      schema: {
        tags,
        summary:
          "Apply a FHIR Bundle (references resolve whatever the entries' order): each Patient becomes a participant of siteId (or of its managingOrganization when that is one of your sites) unless it carries the Tandem identifier of a participant you may see (matched) or looks like someone already in Tandem; each 42 CFR Part 2 Consent becomes a consent of its participant (its recipient Organization matched in the resource directory by Tandem identifier or name and address, or added to it when you may manage the directory; the same consent again is matched, not duplicated); each ServiceRequest Tandem does not have becomes a referral moved through the legal steps to where its Task stands; each Task of a referral Tandem has (Task.identifier or Task.focus naming it) moves it one step. A resource that fails (an illegal step, a stale meta.versionId, a referral you may not see, a missing consent…) is reported by its id and FHIR path and nothing of it is applied; the others apply. Other resources are reported as not applied.",
        querystring: fhirImportQuery,
        body: fhirImportInput,
        response: { 200: fhirImportOutput, ...limitedErrorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => importBundle(tx, requireActor(request), request.body, now(), request.query)),
  );
};
