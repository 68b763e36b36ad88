import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dashboardOutput, dashboardQuery, type Dashboard, followUpsDueOutput, followUpsDueQuery, programReportOutput, programReportQuery } from '../../core/reports.ts';
import { requireActor } from '../http/authenticate.ts';
import { acceptsGzip } from '../http/gzip-pieces.ts';
import { limitedErrorResponses } from '../http/openapi.ts';
import { perPersonLimit } from '../http/rate-limits.ts';
import { inTransaction } from '../http/transaction.ts';
import { dashboardGzip, dashboardJson } from './dashboard-json.ts';
import type { FiguresCache } from './figures-cache.ts';
import { extraConnectionsOf } from './query-lanes.ts';
import { getDashboard, getFollowUpsDue, type FiguresSource } from './reports.service.ts';
import { getProgramReport, toReportCsv } from './reports.tables.ts';
import { toXlsx } from './xlsx.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The figures cache is the app's, shared by the dashboard and the program report. */
export const reportsRoutes: FastifyPluginAsyncZod<{ figures: FiguresCache }> = async (app, { figures }) => {
  const now = () => app.deps.clock.now();
  const tags = ['reports'];
  const rateLimit = perPersonLimit(app.deps.config.reportRatePerMinute, '1 minute');
  const source: FiguresSource = { cache: figures, connections: extraConnectionsOf(app.deps.database, app.deps.config.reportConnections) };

  app.get(
    '/api/reports/dashboard',
    {
      config: { access: 'reports:read', rateLimit },
      schema: {
        tags,
        summary:
          'Outcome dashboard for a period and the caller\'s sites (or some of them): enrollment, contacts, referral funnel, linkage to MOUD, Kaplan-Meier retention, naloxone, critical events, follow-up rate, breakdowns, and optionally the change from the previous period or year. Aggregates only; counts of 1 to 10 people suppressed for evaluators',
        querystring: dashboardQuery,
        response: { 200: dashboardOutput, ...limitedErrorResponses },
      },
    },
    async (request, reply) => {
      const dashboard = await inTransaction(app, (tx) => getDashboard(tx, requireActor(request), request.query, now(), source));
      // JSON text, sent as it is, or gzip: the kept figures are checked, serialized and compressed once (dashboard-json.ts).
      void reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
      if (acceptsGzip(request.headers['accept-encoding'])) {
        return reply.header('content-encoding', 'gzip').send((await dashboardGzip(dashboard)) as unknown as Dashboard);
      }
      return reply.send(dashboardJson(dashboard) as unknown as Dashboard);
    },
  );

  app.get(
    '/api/reports/follow-ups-due',
    {
      config: { access: 'reports:read', rateLimit },
      schema: {
        tags,
        summary:
          'Who owes a 6-month follow-up interview today (window open, not done, not deceased), named, with the site and the day the window closes, closing first. Needs participants:read too (not evaluators); each participant listed is audited',
        querystring: followUpsDueQuery,
        response: { 200: followUpsDueOutput, ...limitedErrorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => getFollowUpsDue(tx, requireActor(request), request.query, now())),
  );

  app.get(
    '/api/reports/program',
    {
      config: { access: 'reports:read', rateLimit },
      schema: {
        tags,
        summary:
          'The program report for a period as tables: JSON (ReportTable[]), one CSV file (each table under its title row), or an XLSX workbook (one sheet per table), as an attachment named for the period',
        querystring: programReportQuery,
        produces: ['application/json', 'text/csv', XLSX_TYPE],
        response: { 200: programReportOutput.or(z.string().describe('CSV text or XLSX bytes')), ...limitedErrorResponses },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const { tables, filename } = await inTransaction(app, (tx) => getProgramReport(tx, requireActor(request), query, now(), source));
      switch (query.format) {
        case 'json':
          return tables;
        case 'csv':
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${filename}"`)
            .send(toReportCsv(tables));
        case 'xlsx':
          // Bytes are sent as they are (Fastify serializes no Buffer); the schema's string stands for them in OpenAPI.
          return reply
            .type(XLSX_TYPE)
            .header('content-disposition', `attachment; filename="${filename}"`)
            .send(Buffer.from(toXlsx(tables)) as unknown as string);
      }
    },
  );
};
