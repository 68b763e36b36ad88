import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { uuid } from '../../core/schemas.ts';
import {
  analysisOutput,
  analysisQuery,
  codebookOutput,
  codingInput,
  codingsOutput,
  finalCodingInput,
  sessionInput,
  sessionListOutput,
  sessionListQuery,
  sessionOutput,
  sessionUpdateInput,
  staffListOutput,
  themeInput,
  themeOutput,
  themeUpdateInput,
} from '../../core/supervision.ts';
import { requireActor } from '../http/authenticate.ts';
import { errorResponses } from '../http/openapi.ts';
import { inReadSession, inTransaction } from '../http/transaction.ts';
import {
  analyse,
  createSession,
  createTheme,
  getCodings,
  getSession,
  kindByThemeCsv,
  listCodebook,
  listSessions,
  listSupervisionStaff,
  reconcileCoding,
  submitCoding,
  updateSession,
  updateTheme,
} from './supervision.service.ts';

const params = z.object({ id: uuid });

export const supervisionRoutes: FastifyPluginAsyncZod = async (app) => {
  const now = () => app.deps.clock.now();
  const tags = ['supervision'];

  app.get(
    '/api/supervision/sessions',
    {
      config: { access: 'supervision:read' },
      schema: {
        tags,
        summary:
          'Supervision sessions, latest first: all for supervisors and program administrators, those with staff of their sites for site managers, those attended for coaches and case managers. Filter by kind, month (YYYY-MM) and site',
        querystring: sessionListQuery,
        response: { 200: sessionListOutput, ...errorResponses },
      },
    },
    async (request) => inReadSession(app, (tx) => listSessions(tx, requireActor(request), request.query, now())),
  );

  app.post(
    '/api/supervision/sessions',
    {
      config: { access: 'supervision:record' },
      schema: {
        tags,
        summary: 'Record a supervision session (individual: one attendee; group consultation: two or more, from any sites)',
        body: sessionInput,
        response: { 201: sessionOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await inTransaction(app, (tx) => createSession(tx, requireActor(request), request.body, now()));
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/supervision/sessions/:id',
    {
      config: { access: 'supervision:read' },
      schema: { tags, summary: 'One supervision session (participants discussed only where the viewer may see them)', params, response: { 200: sessionOutput, ...errorResponses } },
    },
    async (request) => inReadSession(app, (tx) => getSession(tx, requireActor(request), request.params.id, now())),
  );

  app.put(
    '/api/supervision/sessions/:id',
    {
      config: { access: 'supervision:record' },
      schema: {
        tags,
        summary: 'Change a supervision session (send the version you read; 409 if someone saved first). Participants you cannot see stay as they were',
        params,
        body: sessionUpdateInput,
        response: { 200: sessionOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => updateSession(tx, requireActor(request), request.params.id, request.body, now())),
  );

  app.get(
    '/api/supervision/staff',
    {
      config: { access: 'supervision:record' },
      schema: { tags, summary: 'Active staff at every site, to choose attendees and follow-up owners', response: { 200: staffListOutput, ...errorResponses } },
    },
    async (request) => inReadSession(app, (tx) => listSupervisionStaff(tx, requireActor(request), now())),
  );

  app.get(
    '/api/supervision/codebook',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'The theme codebook (active and retired themes, with their parents)',
        response: { 200: codebookOutput, ...errorResponses },
      },
    },
    async () => inReadSession(app, (tx) => listCodebook(tx)),
  );

  app.post(
    '/api/supervision/codebook',
    {
      config: { access: 'supervision:record' },
      schema: { tags, summary: 'Add a theme to the codebook', body: themeInput, response: { 201: themeOutput, ...errorResponses } },
    },
    async (request, reply) => {
      const created = await inTransaction(app, (tx) => createTheme(tx, requireActor(request), request.body, now()));
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/api/supervision/codebook/:id',
    {
      config: { access: 'supervision:record' },
      schema: {
        tags,
        summary: 'Change or retire a theme (send the version you read). A parent that would make a cycle is refused (400 naming parentId); retiring keeps past codings',
        params,
        body: themeUpdateInput,
        response: { 200: themeOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => updateTheme(tx, requireActor(request), request.params.id, request.body, now())),
  );

  app.get(
    '/api/supervision/sessions/:id/codings',
    {
      config: { access: 'supervision:record' },
      schema: {
        tags,
        summary: "A session's codings: your own, the final one, and the other coders' only once you have submitted yours (independent coding)",
        params,
        response: { 200: codingsOutput, ...errorResponses },
      },
    },
    async (request) => inReadSession(app, (tx) => getCodings(tx, requireActor(request), request.params.id, now())),
  );

  app.post(
    '/api/supervision/sessions/:id/codings',
    {
      config: { access: 'supervision:record' },
      schema: {
        tags,
        summary: 'Submit your coding of a session (one per coder; 409 already_coded for a second)',
        params,
        body: codingInput,
        response: { 201: codingsOutput, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await inTransaction(app, (tx) => submitCoding(tx, requireActor(request), request.params.id, request.body, now()));
      return reply.status(201).send(result);
    },
  );

  app.put(
    '/api/supervision/sessions/:id/codings/final',
    {
      config: { access: 'supervision:record' },
      schema: {
        tags,
        summary: "Reconcile a double-coded session into its final coding (only someone who has coded it, a program administrator included); send the final coding's version to change it",
        params,
        body: finalCodingInput,
        response: { 200: codingsOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => reconcileCoding(tx, requireActor(request), request.params.id, request.body, now())),
  );

  app.get(
    '/api/supervision/analysis',
    {
      config: { access: 'supervision:analyze' },
      schema: {
        tags,
        summary:
          'Theme frequencies by month, quarter, site and kind; sessions per staff member per month; agreement and Cohen\'s kappa per theme. Default: the last twelve months. De-identified for evaluators (no notes, participants or staff names)',
        querystring: analysisQuery,
        response: { 200: analysisOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => analyse(tx, requireActor(request), request.query, now())),
  );

  app.get(
    '/api/supervision/analysis/kind-by-theme.csv',
    {
      config: { access: 'supervision:analyze' },
      schema: {
        tags,
        summary: 'The "sessions by kind × theme" table as CSV (text/csv, a header row)',
        querystring: analysisQuery,
        produces: ['text/csv'],
        response: { 200: z.string().describe('CSV text'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const csv = await inTransaction(app, (tx) => kindByThemeCsv(tx, requireActor(request), request.query, now()));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="supervision-sessions-by-kind-and-theme.csv"')
        .send(csv);
    },
  );
};
