import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { acceptInvitationInput, changePasswordInput, errorOutput, loginInput, loginOutput, meOutput, uuid } from '../../core/schemas.ts';
import { requireActor } from '../http/authenticate.ts';
import { SESSION_COOKIE } from '../http/context.ts';
import { NotFound } from '../http/errors.ts';
import { errorResponses } from '../http/openapi.ts';
import { inTransaction } from '../http/transaction.ts';
import { acceptInvitation, changePassword, describeInvitation, login, meFor } from './auth.service.ts';
import { setSessionCookie as writeSessionCookie } from './cookie.ts';
import { mfaRoutes } from './mfa.routes.ts';
import { endSession, listApiTokens, revokeApiToken } from './sessions.ts';

const tokenOutput = z.object({
  id: uuid,
  label: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  expiresAt: z.string(),
});

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config, clock } = app.deps;
  const loginLimit = { max: config.loginRatePerMinute, timeWindow: '1 minute' };

  const setSessionCookie = (reply: Parameters<typeof writeSessionCookie>[0], secret: string) =>
    writeSessionCookie(reply, secret, config.sessionMaxSeconds);

  await app.register(mfaRoutes);

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public', sessionless: true, rateLimit: loginLimit },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets the session cookie (or, with an authenticator set up, asks for its code)',
        body: loginInput,
        response: { 200: loginOutput, 400: errorOutput, 401: errorOutput, 429: errorOutput },
      },
    },
    async (request, reply) => {
      const { secret, result } = await login(app.deps.database.db, request.body, clock.now(), config, request.ip);
      setSessionCookie(reply, secret);
      return result;
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Sign out (ends the session)', response: { 204: z.null() } },
    },
    async (request, reply) => {
      const secret = request.cookies[SESSION_COOKIE];
      if (secret && request.sessionInfo) await endSession(app.deps.database.db, secret, clock.now());
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: 'authenticated', allowDuringPasswordChange: true, allowDuringMfaEnrollment: true },
      schema: { tags: ['auth'], summary: 'The signed-in user, their permissions and CSRF token', response: { 200: meOutput, 401: errorOutput } },
    },
    async (request) =>
      inTransaction(app, (tx) => meFor(tx, requireActor(request).userId, request.sessionInfo?.csrfToken ?? null, config)),
  );

  app.post(
    '/api/auth/password',
    {
      config: { access: 'authenticated', allowDuringPasswordChange: true },
      schema: { tags: ['auth'], summary: 'Change your password', body: changePasswordInput, response: { 204: z.null(), ...errorResponses } },
    },
    async (request, reply) => {
      await inTransaction(app, (tx) =>
        changePassword(tx, requireActor(request), request.sessionInfo?.idHash, request.body, clock.now()),
      );
      return reply.status(204).send(null);
    },
  );

  const invitationParams = z.object({ token: z.string().min(20).max(100) });

  app.get(
    '/api/auth/invitations/:token',
    {
      config: { access: 'public', sessionless: true, rateLimit: loginLimit },
      schema: {
        tags: ['auth'],
        summary: 'Who an invitation link is for',
        params: invitationParams,
        response: { 200: z.object({ email: z.string(), name: z.string(), expiresAt: z.string() }), 404: errorOutput },
      },
    },
    async (request) => inTransaction(app, (tx) => describeInvitation(tx, request.params.token, clock.now())),
  );

  app.post(
    '/api/auth/invitations/:token/accept',
    {
      config: { access: 'public', sessionless: true, rateLimit: loginLimit },
      schema: {
        tags: ['auth'],
        summary: 'Choose a password from an invitation link; signs in',
        params: invitationParams,
        body: acceptInvitationInput,
        response: { 200: meOutput, 400: errorOutput, 404: errorOutput, 429: errorOutput },
      },
    },
    async (request, reply) => {
      const { secret, me } = await inTransaction(app, (tx) =>
        acceptInvitation(tx, request.params.token, request.body.password, clock.now(), config, request.ip),
      );
      setSessionCookie(reply, secret);
      return me;
    },
  );

  app.get(
    '/api/auth/tokens',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Your personal API tokens (never the secrets)', response: { 200: z.object({ items: z.array(tokenOutput) }), ...errorResponses } },
    },
    async (request) => {
      const rows = await listApiTokens(app.deps.database.db, requireActor(request).userId);
      return {
        items: rows.map((r) => ({
          ...r,
          createdAt: r.createdAt.toISOString(),
          lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
          revokedAt: r.revokedAt?.toISOString() ?? null,
          expiresAt: r.expiresAt.toISOString(),
        })),
      };
    },
  );

  app.delete(
    '/api/auth/tokens/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Revoke one of your API tokens', params: z.object({ id: uuid }), response: { 204: z.null(), ...errorResponses } },
    },
    async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
      // In a transaction: a server keeping the token's row forgets it once this commits, before the answer.
      const revoked = await inTransaction(app, (tx) => revokeApiToken(tx, requireActor(request).userId, request.params.id, clock.now()));
      if (!revoked) throw new NotFound('Token');
      return reply.status(204).send(null);
    },
  );
};
