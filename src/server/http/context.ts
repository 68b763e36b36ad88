/** What every route handler can reach: the database, the clock, the configuration. */
import type { Permission } from '../../core/access.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Actor } from './actor.ts';

export interface AppDeps {
  database: Database;
  clock: Clock;
  config: Config;
}

/** Every route says who may call it: a permission, any signed-in user, or anyone. */
export type RouteAccess = Permission | 'authenticated' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** Ignores any session cookie (sign-in, invitations): the route starts a session of its own. */
    sessionless?: boolean;
    /** Reachable while the user must still replace an initial password. */
    allowDuringPasswordChange?: boolean;
    /** Reachable while the user's role requires a second factor they have not enrolled yet. */
    allowDuringMfaEnrollment?: boolean;
    /** The answer holds a secret shown once (recovery codes, an invitation link): an Idempotency-Key is ignored, so it is never stored for replay. */
    secretAnswer?: boolean;
  }
  interface FastifyInstance {
    deps: AppDeps;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** Set when the request came with a session cookie (not a bearer token). */
    sessionInfo: {
      idHash: string;
      csrfToken: string;
      mustChangePassword: boolean;
      /** Password checked, code not yet: no actor is set, only the code step (a public route) reads this. */
      awaitingMfa: boolean;
      mfaEnrollmentRequired: boolean;
    } | null;
  }
}

export const SESSION_COOKIE = 'tandem_session';
export const CSRF_HEADER = 'x-csrf-token';
