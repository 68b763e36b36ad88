import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { worklistOutput, worklistQuery } from '../../core/worklist.ts';
import { requireActor } from '../http/authenticate.ts';
import { errorResponses } from '../http/openapi.ts';
import { inReadSession } from '../http/transaction.ts';
import { Turns } from '../http/turns.ts';
import { getWorklist } from './worklist.service.ts';

/**
 * How long a whole site's worklist waits for its turn before it is answered busy: long,
 * because a waiting request holds nothing, and its place in line is lost if it retries.
 */
const WAIT_FOR_TURN_MS = 30_000;

export const worklistRoutes: FastifyPluginAsyncZod = async (app) => {
  // Whole sites' worklists (thousands of episodes each) take turns; one person's caseload never waits.
  const siteTurns = new Turns(app.deps.config.worklistsAtOnce, WAIT_FOR_TURN_MS);
  app.get(
    '/api/worklist',
    {
      config: { access: 'participants:read' },
      schema: {
        tags: ['worklist'],
        summary: 'Who needs attention now at your sites, highest risk first, each with the reasons (critical-time rules)',
        description:
          'Each participant’s latest enrollment at your sites (or at `siteId`), optionally only one team member’s caseload (`assignedTo`: a user id or `me`). ' +
          'Reasons: released in the last 14 days with no MOUD recorded; expected release passed while still in custody; expected release within 7 days with no contact in this enrollment; ' +
          'no successful contact in `noContactDays` (the program setting when absent); the 6-month follow-up window closing within 14 days; overdue plan steps. ' +
          'Dates are worked out at each participant’s site. Every participant listed is recorded in the audit trail.',
        querystring: worklistQuery,
        response: { 200: worklistOutput, ...errorResponses },
      },
    },
    async (request) => {
      const run = () =>
        inReadSession(app, (tx) => getWorklist(tx, requireActor(request), request.query, app.deps.clock.now(), app.deps.config.worklistNoContactDays));
      return request.query.assignedTo === undefined ? siteTurns.run(run) : run();
    },
  );
};
