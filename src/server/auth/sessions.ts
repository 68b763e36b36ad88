/** Browser sessions and personal API tokens: creating, resolving to an actor, revoking. */
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/database.ts';
import { preparedQuery } from '../db/prepared.ts';
import type { Actor } from '../http/actor.ts';
import { users, userSites } from '../users/users.table.ts';
import { apiTokens, sessions } from './auth.table.ts';
import { alwaysRequired, mfaEnrolledSql, mfaRoleRequiredSql } from './mfa.repository.ts';
import { API_TOKEN_PREFIX, hashSecret, newSecret } from './secrets.ts';
import { credentialsChanged, type TokenCache } from './token.cache.ts';

export interface SessionPolicy {
  sessionIdleSeconds: number;
  sessionMaxSeconds: number;
}

export interface ResolvedSession {
  actor: Actor;
  idHash: string;
  csrfToken: string;
  mustChangePassword: boolean;
  /** Password checked, second factor not yet: the session may only send its code. */
  awaitingMfa: boolean;
  /** The role must use a second factor and the user has none: the session may only enroll one. */
  mfaEnrollmentRequired: boolean;
}

/** A session waiting for its second factor lives this long. */
export const MFA_PENDING_SECONDS = 5 * 60;

/** last_seen updates are written at most this often, not on every request. */
const TOUCH_EVERY_MS = 30_000;

export async function createSession(
  q: Queryable,
  userId: string,
  now: Date,
  policy: SessionPolicy,
  clientAddress: string | null,
  options: { awaitingMfa?: boolean } = {},
) {
  const secret = newSecret();
  const csrfToken = newSecret();
  const awaitingMfa = options.awaitingMfa ?? false;
  const expiresAt = new Date(now.getTime() + (awaitingMfa ? MFA_PENDING_SECONDS : policy.sessionMaxSeconds) * 1000);
  await q.insert(sessions).values({
    idHash: hashSecret(secret),
    userId,
    csrfToken,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    clientAddress,
    awaitingMfa,
  });
  return { secret, csrfToken, expiresAt };
}

/**
 * Who a session or token acts as, read in the same statement as the session or token
 * (one round trip per request instead of three: this runs before every request).
 */
const actorColumns = {
  userId: users.id,
  name: users.name,
  role: users.role,
  active: users.active,
  mustChangePassword: users.mustChangePassword,
  // Sorted like ids everywhere (uuid order is the order of their text).
  siteIds: sql<string[]>`coalesce((select array_agg(${userSites.siteId}::text order by ${userSites.siteId}) from ${userSites} where ${userSites.userId} = ${users.id}), '{}')`,
};

function actorOf(row: { userId: string; name: string; role: Actor['role']; active: boolean; mustChangePassword: boolean; siteIds: string[] }, via: Actor['via'], tokenId: string | null, clientAddress: string | null) {
  if (!row.active) return null;
  // A copy of the sites: a kept token's row serves many requests.
  const actor: Actor = { userId: row.userId, name: row.name, role: row.role, siteIds: [...row.siteIds], via, tokenId, clientAddress };
  return { actor, mustChangePassword: row.mustChangePassword };
}

// Read before every request from a browser, with the user's second-factor state: prepared (src/server/db/prepared.ts).
const sessionByHash = preparedQuery('session_by_hash', (q) =>
  q
    .select({
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      csrfToken: sessions.csrfToken,
      awaitingMfa: sessions.awaitingMfa,
      ...actorColumns,
      mfaEnrolled: mfaEnrolledSql(users.id),
      mfaRoleRequired: mfaRoleRequiredSql(users.role),
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, sql.placeholder('hash')), isNull(sessions.revokedAt))),
);

export async function resolveSession(
  q: Queryable,
  secret: string,
  now: Date,
  policy: SessionPolicy,
  clientAddress: string | null,
): Promise<ResolvedSession | 'expired' | null> {
  const idHash = hashSecret(secret);
  const [session] = await sessionByHash(q, { hash: idHash });
  if (!session) return null;
  const idleFor = now.getTime() - session.lastSeenAt.getTime();
  if (idleFor > policy.sessionIdleSeconds * 1000 || session.expiresAt <= now) {
    await q.update(sessions).set({ revokedAt: now }).where(eq(sessions.idHash, idHash));
    return 'expired';
  }
  const found = actorOf(session, 'session', null, clientAddress);
  if (!found) return null;
  if (idleFor > TOUCH_EVERY_MS) await q.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  // Read on every request, like the role: a policy change or a reset applies at once.
  const mfaRequired = alwaysRequired(found.actor.role) || session.mfaRoleRequired;
  return {
    ...found,
    idHash,
    csrfToken: session.csrfToken,
    awaitingMfa: session.awaitingMfa,
    mfaEnrollmentRequired: !session.awaitingMfa && mfaRequired && !session.mfaEnrolled,
  };
}

export async function endSession(q: Queryable, secret: string, now: Date): Promise<void> {
  await q.update(sessions).set({ revokedAt: now }).where(eq(sessions.idHash, hashSecret(secret)));
}

/** How long a token lives unless its maker asks otherwise, and the longest it may live. */
export const API_TOKEN_DEFAULT_DAYS = 90;
export const API_TOKEN_MAX_DAYS = 365;

export async function createApiToken(q: Queryable, userId: string, label: string, now: Date, days: number = API_TOKEN_DEFAULT_DAYS) {
  const token = newSecret(API_TOKEN_PREFIX);
  const expiresAt = new Date(now.getTime() + days * 86_400_000);
  const [row] = await q
    .insert(apiTokens)
    .values({ userId, label, tokenHash: hashSecret(token), prefix: token.slice(0, 12), createdAt: now, expiresAt })
    .returning({ id: apiTokens.id });
  if (!row) throw new Error('insert returned no row');
  return { id: row.id, token, expiresAt };
}

// Read before every request sent with a token: prepared (src/server/db/prepared.ts).
const tokenByHash = preparedQuery('api_token_by_hash', (q) =>
  q
    .select({ id: apiTokens.id, expiresAt: apiTokens.expiresAt, lastUsedAt: apiTokens.lastUsedAt, ...actorColumns })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder('hash')), isNull(apiTokens.revokedAt))),
);

type TokenRow = Awaited<ReturnType<typeof tokenByHash>>[number];

/** What a server keeps of the tokens it was sent (token.cache.ts). */
export type TokenRows = TokenCache<TokenRow>;

const touchDue = (row: TokenRow, now: Date) => !row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS;

export async function resolveApiToken(q: Queryable, token: string, now: Date, clientAddress: string | null, kept?: TokenRows) {
  const hash = hashSecret(token);
  const known = kept?.find(hash);
  // A kept row serves while its last use needs no touch: at most 30 seconds, then it is read again.
  if (known && !touchDue(known, now) && known.expiresAt > now) return actorOf(known, 'token', known.id, clientAddress);
  const readIn = kept?.generation;
  const [row] = await tokenByHash(q, { hash });
  if (!row) return null;
  if (row.expiresAt <= now) return 'expired' as const;
  const found = actorOf(row, 'token', row.id, clientAddress);
  if (!found) return null;
  if (touchDue(row, now)) {
    await q.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
    row.lastUsedAt = now;
  }
  if (readIn !== undefined) kept?.keep(hash, row, readIn);
  return found;
}

export async function listApiTokens(q: Queryable, userId: string) {
  return q
    .select({
      id: apiTokens.id,
      label: apiTokens.label,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      expiresAt: apiTokens.expiresAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(apiTokens.createdAt);
}

export async function revokeApiToken(tx: Tx, userId: string, tokenId: string, now: Date): Promise<boolean> {
  credentialsChanged(tx);
  const rows = await tx
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

/** Ends every session and token of a user (deactivation, password reset). */
export async function revokeAllCredentials(tx: Tx, userId: string, now: Date, keepSessionHash?: string): Promise<void> {
  credentialsChanged(tx);
  await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        keepSessionHash === undefined ? undefined : ne(sessions.idHash, keepSessionHash),
      ),
    );
  if (keepSessionHash === undefined) {
    await tx.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
  }
}
