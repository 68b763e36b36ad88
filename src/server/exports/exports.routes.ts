import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { analysisExportListOutput, analysisExportQuery } from '../../core/exports.ts';
import { requireActor } from '../http/authenticate.ts';
import { errorResponses, limitedErrorResponses } from '../http/openapi.ts';
import { perPersonLimit } from '../http/rate-limits.ts';
import { inTransaction } from '../http/transaction.ts';
import { beginAnalysisExport, listAnalysisExports, streamAnalysisExport } from './exports.service.ts';

export const exportsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['exports'];

  app.get(
    '/api/exports/analysis',
    {
      // No automatic HEAD twin: it would start (and record) an export whose body nobody reads.
      exposeHeadRoute: false,
      config: { access: 'exports:analysis', rateLimit: perPersonLimit(app.deps.config.exportRatePerHour, '1 hour') },
      schema: {
        tags,
        summary:
          'The de-identified analysis export, streamed as a zip (attachment) of CSV files — participants, enrollments, contacts, assessments and their answers, plan goals, referrals and their steps, MOUD episodes, naloxone distributions, critical events, study assignments — with data_dictionary.csv and README.txt. Pseudonymous ids; dates shifted per participant (dates=shifted, the default) or cut to year and month (dates=month). Every export is recorded.',
        querystring: analysisExportQuery,
        produces: ['application/zip'],
        response: { 200: z.any().describe('application/zip'), ...limitedErrorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const now = app.deps.clock.now();
      const { dates } = request.query;
      const exportId = await inTransaction(app, (tx) => beginAnalysisExport(tx, actor, dates, now));
      const today = now.toISOString().slice(0, 10);
      const stream = streamAnalysisExport(app.deps.database, app.deps.clock, actor, exportId, { dates, today });
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="tandem-analysis-${today}-${dates}.zip"`)
        .send(stream);
    },
  );

  app.get(
    '/api/exports/analysis/history',
    {
      config: { access: 'audit:read' },
      schema: {
        tags,
        summary: 'Every analysis export, newest first: who made it, when, with which dates option, and its row counts once complete',
        response: { 200: analysisExportListOutput, ...errorResponses },
      },
    },
    async () => inTransaction(app, (tx) => listAnalysisExports(tx)),
  );
};
