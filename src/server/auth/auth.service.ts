/** Signing in and out, first-sign-in password change, and accepting an invitation. */
import { and, eq, gt, isNull } from 'drizzle-orm';
import { permissionsFor } from '../../core/access.ts';
import type { LoginResult, Me } from '../../core/schemas.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Config } from '../config.ts';
import type { Db, Tx } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { NotFound, TooManyAttempts, Unauthenticated, ValidationError } from '../http/errors.ts';
import { findUserByEmail, findUserById, siteIdsOf } from '../users/users.repository.ts';
import { users } from '../users/users.table.ts';
import { invitations, sessions } from './auth.table.ts';
import { consumeRecoveryCode, consumeTotp, mfaStateOf } from './mfa.repository.ts';
import { hashPassword, passwordWeakness, verifyPassword } from './passwords.ts';
import { hashSecret } from './secrets.ts';
import { createSession, revokeAllCredentials } from './sessions.ts';
import { clearFailures, isLocked, recordFailure } from './throttle.ts';

type AuthPolicy = Pick<Config, 'sessionIdleSeconds' | 'sessionMaxSeconds' | 'lockoutThreshold' | 'lockoutSeconds'>;

export async function meFor(tx: Tx, userId: string, csrfToken: string | null, policy: AuthPolicy): Promise<Me> {
  const user = await findUserById(tx, userId);
  if (!user) throw new Unauthenticated();
  const mfa = await mfaStateOf(tx, user.id, user.role);
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      siteIds: (await siteIdsOf(tx, [user.id])).get(user.id) ?? [],
      mustChangePassword: user.mustChangePassword,
    },
    permissions: [...permissionsFor(user.role)],
    csrfToken,
    idleTimeoutSeconds: policy.sessionIdleSeconds,
    mfa,
    session: user.mustChangePassword ? 'password_change' : mfa.required && !mfa.enrolled ? 'mfa_enrollment' : 'active',
  };
}

const INVALID = 'E-mail or password is incorrect';

/**
 * Checks the credentials and opens a session. Every failure answers the same way
 * whether or not the e-mail exists; failures are committed even though we throw.
 * With an authenticator enrolled, the session only waits for its code (5 minutes).
 */
export async function login(
  db: Db,
  input: { email: string; password: string },
  now: Date,
  policy: AuthPolicy,
  clientAddress: string | null,
): Promise<{ secret: string; result: LoginResult }> {
  if (await isLocked(db, input.email, now)) throw new TooManyAttempts();
  const user = await findUserByEmail(db, input.email);
  const ok = await verifyPassword(user?.active ? user.passwordHash : null, input.password);
  if (!ok || !user) {
    await db.transaction((tx) => recordFailure(tx, input.email, now, policy));
    throw new Unauthenticated(INVALID, 'invalid_credentials');
  }
  return db.transaction(async (tx) => {
    const { enrolled } = await mfaStateOf(tx, user.id, user.role);
    if (enrolled) {
      // Failures are not cleared yet: wrong codes go on counting toward the same lockout.
      const { secret, csrfToken, expiresAt } = await createSession(tx, user.id, now, policy, clientAddress, { awaitingMfa: true });
      return { secret, result: { mfaRequired: true as const, csrfToken, expiresAt: expiresAt.toISOString() } };
    }
    await clearFailures(tx, input.email);
    await tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id));
    const { secret, csrfToken } = await createSession(tx, user.id, now, policy, clientAddress);
    return { secret, result: await meFor(tx, user.id, csrfToken, policy) };
  });
}

const WRONG_CODE = 'The code is not correct, or was used already';

/**
 * The sign-in's second step, on a session waiting for it: a code from the
 * authenticator app (each time step once) or an unused recovery code. Success
 * replaces the waiting session with a full one (a new cookie and CSRF token);
 * a wrong code counts toward the account's lockout like a wrong password.
 */
export async function verifySecondFactor(
  db: Db,
  pendingHash: string | undefined,
  input: { code?: string | undefined; recoveryCode?: string | undefined },
  now: Date,
  policy: AuthPolicy,
  clientAddress: string | null,
): Promise<{ secret: string; me: Me }> {
  const [pending] = pendingHash
    ? await db
        .select()
        .from(sessions)
        .where(and(eq(sessions.idHash, pendingHash), eq(sessions.awaitingMfa, true), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    : [];
  if (!pending) throw new Unauthenticated('Sign in with your password first (the code step lasts 5 minutes)', 'mfa_sign_in_expired');
  const user = await findUserById(db, pending.userId);
  if (!user?.active) throw new Unauthenticated();
  if (await isLocked(db, user.email, now)) throw new TooManyAttempts();
  const outcome = await db.transaction(async (tx) => {
    const ok =
      input.code !== undefined
        ? await consumeTotp(tx, user.id, input.code, now)
        : input.recoveryCode !== undefined && (await consumeRecoveryCode(tx, user.id, input.recoveryCode, now));
    if (!ok) return null;
    await tx.update(sessions).set({ revokedAt: now }).where(eq(sessions.idHash, pending.idHash));
    await clearFailures(tx, user.email);
    await tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id));
    const { secret, csrfToken } = await createSession(tx, user.id, now, policy, clientAddress);
    if (input.recoveryCode !== undefined) {
      const actor: Actor = { userId: user.id, name: user.name, role: user.role, siteIds: [], via: 'session', tokenId: null, clientAddress };
      await recordAudit(tx, actor, now, { action: 'user.mfa_recovery_code_used', recordType: 'user', recordId: user.id });
    }
    return { secret, me: await meFor(tx, user.id, csrfToken, policy) };
  });
  if (!outcome) {
    await db.transaction((tx) => recordFailure(tx, user.email, now, policy));
    throw new Unauthenticated(WRONG_CODE, 'invalid_mfa_code');
  }
  return outcome;
}

export async function changePassword(
  tx: Tx,
  actor: Actor,
  sessionHash: string | undefined,
  input: { currentPassword: string; newPassword: string },
  now: Date,
): Promise<void> {
  const user = await findUserById(tx, actor.userId);
  if (!user) throw new Unauthenticated();
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new ValidationError([{ path: 'currentPassword', message: 'The current password is not correct' }]);
  }
  const weakness = passwordWeakness(input.newPassword, { email: user.email, name: user.name });
  if (weakness) throw new ValidationError([{ path: 'newPassword', message: weakness }]);
  if (input.newPassword === input.currentPassword) {
    throw new ValidationError([{ path: 'newPassword', message: 'Choose a password different from the current one' }]);
  }
  await tx
    .update(users)
    .set({ passwordHash: await hashPassword(input.newPassword), mustChangePassword: false, passwordChangedAt: now, updatedAt: now })
    .where(eq(users.id, user.id));
  // Other browsers signed in as this user are signed out; this one stays.
  await revokeAllCredentials(tx, user.id, now, sessionHash ?? '');
  await recordAudit(tx, actor, now, { action: 'user.password_change', recordType: 'user', recordId: user.id });
}

async function openInvitation(tx: Tx, token: string, now: Date) {
  const [row] = await tx
    .select({ inv: invitations, user: users })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .where(and(eq(invitations.tokenHash, hashSecret(token)), isNull(invitations.usedAt), gt(invitations.expiresAt, now)));
  if (!row?.user.active) throw new NotFound('Invitation (it may have expired or been used already)');
  return row;
}

export async function describeInvitation(tx: Tx, token: string, now: Date) {
  const { inv, user } = await openInvitation(tx, token, now);
  return { email: user.email, name: user.name, expiresAt: inv.expiresAt.toISOString() };
}

export async function acceptInvitation(
  tx: Tx,
  token: string,
  password: string,
  now: Date,
  policy: AuthPolicy,
  clientAddress: string | null,
): Promise<{ secret: string; me: Me }> {
  const { inv, user } = await openInvitation(tx, token, now);
  const weakness = passwordWeakness(password, { email: user.email, name: user.name });
  if (weakness) throw new ValidationError([{ path: 'password', message: weakness }]);
  await tx.update(invitations).set({ usedAt: now }).where(eq(invitations.id, inv.id));
  await tx
    .update(users)
    .set({ passwordHash: await hashPassword(password), mustChangePassword: false, passwordChangedAt: now, lastSignInAt: now, updatedAt: now })
    .where(eq(users.id, user.id));
  const { secret, csrfToken } = await createSession(tx, user.id, now, policy, clientAddress);
  const actor: Actor = { userId: user.id, name: user.name, role: user.role, siteIds: [], via: 'session', tokenId: null, clientAddress };
  await recordAudit(tx, actor, now, { action: 'user.invitation_accept', recordType: 'user', recordId: user.id });
  return { secret, me: await meFor(tx, user.id, csrfToken, policy) };
}
