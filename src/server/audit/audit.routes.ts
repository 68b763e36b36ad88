import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditEventOutput, auditQuery } from '../../core/schemas.ts';
import { requireActor } from '../http/authenticate.ts';
import { ValidationError } from '../http/errors.ts';
import { errorResponses } from '../http/openapi.ts';
import { inTransaction } from '../http/transaction.ts';
import { listParticipantAudit, recordAudit } from './audit.service.ts';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/audit',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: "Who read or changed a participant's record, when and from where (newest first)",
        querystring: auditQuery,
        response: { 200: z.object({ items: z.array(auditEventOutput), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) => {
      const { participantId, limit, cursor } = request.query;
      // Digits only, and no larger than a bigint (the database would refuse with a 500).
      if (cursor !== undefined && (!/^\d{1,19}$/.test(cursor) || BigInt(cursor) > 9_223_372_036_854_775_807n)) {
        throw new ValidationError([{ path: 'cursor', message: 'Not a cursor from a previous page' }]);
      }
      return inTransaction(app, async (tx) => {
        const page = await listParticipantAudit(tx, participantId, limit, cursor === undefined ? null : BigInt(cursor));
        // Reading the trail is itself an access to the record.
        await recordAudit(tx, requireActor(request), app.deps.clock.now(), {
          action: 'audit.read',
          recordType: 'participant',
          recordId: participantId,
          participantId,
        });
        return page;
      });
    },
  );
};
