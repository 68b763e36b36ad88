/**
 * Resolves who is calling (session cookie or bearer token), then enforces the
 * access the route declared. Denied by default: a route that declares nothing
 * answers 500 here and fails the route-walk test.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveApiToken, resolveSession, type TokenRows } from '../auth/sessions.ts';
import { CREDENTIALS_CHANNEL, TokenCache } from '../auth/token.cache.ts';
import { API_TOKEN_PREFIX } from '../auth/secrets.ts';
import { actorCan, type Actor } from './actor.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './context.ts';
import { AppError, Forbidden, Unauthenticated } from './errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new Unauthenticated();
  return request.actor;
}

export function registerAuthentication(app: FastifyInstance): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionInfo', null);
  // Tokens' rows kept between requests while the database's notices can reach this server (token.cache.ts).
  const tokens: TokenRows = new TokenCache();
  const stopListening = app.deps.database.listen?.(CREDENTIALS_CHANNEL, tokens);
  app.addHook('onClose', async () => {
    tokens.close();
    await stopListening?.();
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.is404) return;
    const access = request.routeOptions.config.access;
    if (access === undefined) {
      throw new AppError(500, 'route_without_access', 'This route declares no access rule');
    }
    const { database, clock, config } = app.deps;
    const now = clock.now();
    const clientAddress = request.ip;

    const authHeader = request.headers.authorization;
    // Only the Bearer scheme is ours: Basic credentials added by a reverse proxy in front of
    // Tandem must not stand in for (and lock out) the session cookie.
    if (authHeader && /^Bearer\s/i.test(authHeader)) {
      const match = /^Bearer\s+(\S+)$/i.exec(authHeader);
      const token = match?.[1];
      const found = token?.startsWith(API_TOKEN_PREFIX) ? await resolveApiToken(database.db, token, now, clientAddress, tokens) : null;
      if (found === 'expired') throw new Unauthenticated('The API token has expired. Create a new one.', 'token_expired');
      if (!found) throw new Unauthenticated('The API token is not valid or was revoked', 'invalid_token');
      request.actor = found.actor;
    } else {
      const secret = request.cookies[SESSION_COOKIE];
      // Sign-in and invitations start a new session: a leftover cookie must neither block them nor count.
      if (secret && !request.routeOptions.config.sessionless) {
        const found = await resolveSession(database.db, secret, now, config, clientAddress);
        if (found === 'expired' || found === null) {
          void reply.clearCookie(SESSION_COOKIE, { path: '/' });
          if (access !== 'public') {
            throw found === 'expired'
              ? new Unauthenticated('You were signed out after 30 minutes without activity. Sign in again.', 'session_expired')
              : new Unauthenticated();
          }
        } else {
          // A session still waiting for its second factor signs nobody in: only the code step reads it.
          if (!found.awaitingMfa) request.actor = found.actor;
          request.sessionInfo = {
            idHash: found.idHash,
            csrfToken: found.csrfToken,
            mustChangePassword: found.mustChangePassword,
            awaitingMfa: found.awaitingMfa,
            mfaEnrollmentRequired: found.mfaEnrollmentRequired,
          };
          if (!SAFE_METHODS.has(request.method)) {
            const sent = request.headers[CSRF_HEADER];
            if (typeof sent !== 'string' || !sameSecret(sent, found.csrfToken)) {
              throw new Forbidden('The request is missing its CSRF token; reload the page and try again', 'csrf_failed');
            }
          }
        }
      }
    }

    if (access === 'public') return;
    const actor = requireActor(request);
    if (request.sessionInfo?.mustChangePassword && !request.routeOptions.config.allowDuringPasswordChange) {
      throw new Forbidden('Choose a new password before you continue', 'password_change_required');
    }
    if (
      request.sessionInfo?.mfaEnrollmentRequired &&
      !request.sessionInfo.mustChangePassword &&
      !request.routeOptions.config.allowDuringMfaEnrollment
    ) {
      throw new Forbidden('Set up your authenticator app before you continue', 'mfa_enrollment_required');
    }
    if (access !== 'authenticated' && !actorCan(actor, access)) throw new Forbidden();
  });
}
