/** Second factors: the sign-in's code step, enrolling and managing an authenticator, the per-role policy, an administrator's reset. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorOutput,
  meOutput,
  mfaCodeInput,
  mfaDisableInput,
  mfaEnrollmentOutput,
  mfaPolicyInput,
  mfaPolicyOutput,
  mfaRecoveryCodesOutput,
  mfaStatusOutput,
  mfaVerifyInput,
  uuid,
} from '../../core/schemas.ts';
import { requireActor } from '../http/authenticate.ts';
import { errorResponses } from '../http/openapi.ts';
import { inTransaction } from '../http/transaction.ts';
import { verifySecondFactor } from './auth.service.ts';
import { setSessionCookie } from './cookie.ts';
import {
  beginEnrollment,
  confirmEnrollment,
  disableMfa,
  getMfaPolicy,
  mfaStatus,
  regenerateRecoveryCodes,
  resetMfa,
  setMfaPolicy,
} from './mfa.service.ts';

export const mfaRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config, clock } = app.deps;

  app.post(
    '/api/auth/mfa/verify',
    {
      // Public because the session waiting for its code signs nobody in; this step reads that session only.
      config: { access: 'public', rateLimit: { max: config.loginRatePerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'The sign-in’s second step: a code from the authenticator app or a recovery code; replaces the session cookie',
        body: mfaVerifyInput,
        response: { 200: meOutput, 400: errorOutput, 401: errorOutput, 403: errorOutput, 429: errorOutput },
      },
    },
    async (request, reply) => {
      const pending = request.sessionInfo?.awaitingMfa ? request.sessionInfo.idHash : undefined;
      const { secret, me } = await verifySecondFactor(app.deps.database.db, pending, request.body, clock.now(), config, request.ip);
      setSessionCookie(reply, secret, config.sessionMaxSeconds);
      return me;
    },
  );

  const duringEnrollment = { access: 'authenticated', allowDuringMfaEnrollment: true } as const;

  app.get(
    '/api/auth/mfa',
    {
      config: duringEnrollment,
      schema: { tags: ['auth'], summary: 'Your second factor: set up or not, required or not, recovery codes left', response: { 200: mfaStatusOutput, ...errorResponses } },
    },
    async (request) => inTransaction(app, (tx) => mfaStatus(tx, requireActor(request).userId)),
  );

  app.post(
    '/api/auth/mfa/enroll',
    {
      config: { ...duringEnrollment, secretAnswer: true },
      schema: {
        tags: ['auth'],
        summary: 'Start setting up an authenticator app: a new secret, its otpauth address and QR code',
        response: { 200: mfaEnrollmentOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => beginEnrollment(tx, requireActor(request), clock.now())),
  );

  app.post(
    '/api/auth/mfa/confirm',
    {
      config: { ...duringEnrollment, secretAnswer: true },
      schema: {
        tags: ['auth'],
        summary: 'Finish setting up with the app’s first code; answers the ten recovery codes, once',
        body: mfaCodeInput,
        response: { 200: mfaRecoveryCodesOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => confirmEnrollment(tx, requireActor(request), request.body.code, clock.now())),
  );

  app.post(
    '/api/auth/mfa/recovery-codes',
    {
      config: { access: 'authenticated', secretAnswer: true },
      schema: {
        tags: ['auth'],
        summary: 'New recovery codes (the old ones stop working); needs a current code',
        body: mfaCodeInput,
        response: { 200: mfaRecoveryCodesOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => regenerateRecoveryCodes(tx, requireActor(request), request.body.code, clock.now())),
  );

  app.delete(
    '/api/auth/mfa',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Turn the second factor off (password and a current code; refused when your role requires it)',
        body: mfaDisableInput,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await inTransaction(app, (tx) => disableMfa(tx, requireActor(request), request.body, clock.now()));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/settings/mfa',
    {
      config: { access: 'users:manage' },
      schema: { tags: ['auth'], summary: 'Which roles must sign in with a second factor', response: { 200: mfaPolicyOutput, ...errorResponses } },
    },
    async () => inTransaction(app, (tx) => getMfaPolicy(tx)),
  );

  app.put(
    '/api/settings/mfa',
    {
      config: { access: 'users:manage' },
      schema: {
        tags: ['auth'],
        summary: 'Choose the roles that must sign in with a second factor (program administrators always must)',
        body: mfaPolicyInput,
        response: { 200: mfaPolicyOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => setMfaPolicy(tx, requireActor(request), request.body, clock.now())),
  );

  app.get(
    '/api/users/:id/mfa',
    {
      config: { access: 'users:manage' },
      schema: { tags: ['users'], summary: 'A user’s second factor (set up or not)', params: z.object({ id: uuid }), response: { 200: mfaStatusOutput, ...errorResponses } },
    },
    async (request) => inTransaction(app, (tx) => mfaStatus(tx, request.params.id)),
  );

  app.delete(
    '/api/users/:id/mfa',
    {
      config: { access: 'users:manage' },
      schema: {
        tags: ['users'],
        summary: 'Reset a user’s authenticator (a lost phone): ends their sessions; audited',
        params: z.object({ id: uuid }),
        response: { 200: mfaStatusOutput, ...errorResponses },
      },
    },
    async (request) => inTransaction(app, (tx) => resetMfa(tx, requireActor(request), request.params.id, clock.now())),
  );
};
