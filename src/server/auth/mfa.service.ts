/**
 * Managing second factors: enrolling an authenticator app, recovery codes,
 * turning it off, an administrator's reset, and which roles must use one.
 * Signing in with a code lives in auth.service (verifySecondFactor).
 */
import { eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import { ROLES, type Role } from '../../core/enums.ts';
import { MFA_ALWAYS_REQUIRED, type MfaEnrollment, type MfaPolicy, type MfaStatus } from '../../core/schemas.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Tx } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { Conflict, Forbidden, NotFound, Unauthenticated, ValidationError } from '../http/errors.ts';
import { findUserById } from '../users/users.repository.ts';
import { mfaRequiredRoles, userMfa } from './mfa.table.ts';
import {
  alwaysRequired,
  consumeTotp,
  mfaRowOf,
  mfaStateOf,
  recoveryCodesLeft,
  removeMfa,
  replaceRecoveryCodes,
  seal,
  sealingKey,
  storedRequiredRoles,
  unseal,
} from './mfa.repository.ts';
import { verifyPassword } from './passwords.ts';
import { revokeAllCredentials } from './sessions.ts';
import { matchTotp, newTotpSecret, otpauthUri } from './totp.ts';

/** A QR code shown but never confirmed is forgotten after this long. */
const PENDING_ENROLLMENT_MS = 60 * 60 * 1000;

async function userOf(tx: Tx, userId: string) {
  const user = await findUserById(tx, userId);
  if (!user?.active) throw new Unauthenticated();
  return user;
}

export async function mfaStatus(tx: Tx, userId: string): Promise<MfaStatus> {
  const user = await findUserById(tx, userId);
  if (!user) throw new NotFound('User');
  const row = await mfaRowOf(tx, userId);
  const { enrolled, required } = await mfaStateOf(tx, userId, user.role);
  return {
    enrolled,
    required,
    enabledAt: row?.enabledAt?.toISOString() ?? null,
    recoveryCodesLeft: enrolled ? await recoveryCodesLeft(tx, userId) : 0,
  };
}

/**
 * Starts an enrollment: a new secret, waiting for its first code. `secret` is
 * given only by the demo seed and the test harness, which enroll known personas.
 */
export async function beginEnrollment(tx: Tx, actor: Actor, now: Date, secret: string = newTotpSecret()): Promise<MfaEnrollment> {
  const user = await userOf(tx, actor.userId);
  const row = await mfaRowOf(tx, user.id);
  if (row?.enabledAt) {
    throw new Conflict('An authenticator app is already set up; turn it off first, or ask a program administrator to reset it', 'mfa_already_enrolled');
  }
  const sealed = seal(await sealingKey(tx, now), secret, user.id);
  await tx
    .insert(userMfa)
    .values({ userId: user.id, pendingSecretSealed: sealed, pendingCreatedAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: userMfa.userId, set: { pendingSecretSealed: sealed, pendingCreatedAt: now, updatedAt: now } });
  const uri = otpauthUri(secret, user.email);
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, otpauthUri: uri, qrSvg };
}

/** The first code from the app proves it holds the secret: the factor is on, and ten recovery codes are shown once. */
export async function confirmEnrollment(tx: Tx, actor: Actor, code: string, now: Date): Promise<{ recoveryCodes: string[] }> {
  const user = await userOf(tx, actor.userId);
  const row = await mfaRowOf(tx, user.id);
  if (row?.enabledAt) throw new Conflict('An authenticator app is already set up', 'mfa_already_enrolled');
  if (!row?.pendingSecretSealed || !row.pendingCreatedAt || now.getTime() - row.pendingCreatedAt.getTime() > PENDING_ENROLLMENT_MS) {
    throw new Conflict('Start again: scan a new QR code', 'mfa_enrollment_not_started');
  }
  const secret = unseal(await sealingKey(tx, now), row.pendingSecretSealed, user.id);
  const step = matchTotp(secret, code, now, null);
  if (step === null) throw new ValidationError([{ path: 'code', message: 'The code is not correct; check the time on your phone and try the next code' }]);
  await tx
    .update(userMfa)
    .set({ secretSealed: row.pendingSecretSealed, enabledAt: now, pendingSecretSealed: null, pendingCreatedAt: null, lastUsedStep: step, updatedAt: now })
    .where(eq(userMfa.userId, user.id));
  const recoveryCodes = await replaceRecoveryCodes(tx, user.id, now);
  await recordAudit(tx, actor, now, { action: 'user.mfa_enable', recordType: 'user', recordId: user.id });
  return { recoveryCodes };
}

async function requireCurrentCode(tx: Tx, userId: string, code: string, now: Date): Promise<void> {
  const row = await mfaRowOf(tx, userId);
  if (!row?.enabledAt) throw new Conflict('No authenticator app is set up', 'mfa_not_enrolled');
  if (!(await consumeTotp(tx, userId, code, now))) {
    throw new ValidationError([{ path: 'code', message: 'The code is not correct, or was used already' }]);
  }
}

/** New recovery codes (the old ones stop working); needs a current code from the app. */
export async function regenerateRecoveryCodes(tx: Tx, actor: Actor, code: string, now: Date): Promise<{ recoveryCodes: string[] }> {
  const user = await userOf(tx, actor.userId);
  await requireCurrentCode(tx, user.id, code, now);
  const recoveryCodes = await replaceRecoveryCodes(tx, user.id, now);
  await recordAudit(tx, actor, now, { action: 'user.mfa_recovery_codes_regenerate', recordType: 'user', recordId: user.id });
  return { recoveryCodes };
}

/** Turns the second factor off: needs the password and a current code, and a role that does not require it. */
export async function disableMfa(tx: Tx, actor: Actor, input: { password: string; code: string }, now: Date): Promise<void> {
  const user = await userOf(tx, actor.userId);
  const { required } = await mfaStateOf(tx, user.id, user.role);
  if (required) throw new Forbidden('Your role must sign in with an authenticator app; it cannot be turned off', 'mfa_required');
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    throw new ValidationError([{ path: 'password', message: 'The password is not correct' }]);
  }
  await requireCurrentCode(tx, user.id, input.code, now);
  await removeMfa(tx, user.id);
  await recordAudit(tx, actor, now, { action: 'user.mfa_disable', recordType: 'user', recordId: user.id });
}

/**
 * A program administrator removes someone's authenticator (a lost phone): their
 * sessions end at once, and if their role requires a second factor their next
 * sign-in may only enroll a new one. Their API tokens are left alone.
 */
export async function resetMfa(tx: Tx, actor: Actor, userId: string, now: Date): Promise<MfaStatus> {
  const user = await findUserById(tx, userId);
  if (!user) throw new NotFound('User');
  if (user.id === actor.userId) {
    throw new Conflict('Ask another program administrator to reset your own authenticator, or use a recovery code', 'mfa_reset_self');
  }
  const removed = await removeMfa(tx, user.id);
  // '' matches no session, so every session of the user ends and the API tokens stay.
  await revokeAllCredentials(tx, user.id, now, '');
  await recordAudit(tx, actor, now, { action: 'user.mfa_reset', recordType: 'user', recordId: user.id, details: { hadFactor: removed } });
  return mfaStatus(tx, user.id);
}

export async function getMfaPolicy(tx: Tx): Promise<MfaPolicy> {
  const stored = new Set<Role>(await storedRequiredRoles(tx));
  return {
    alwaysRequired: [...MFA_ALWAYS_REQUIRED],
    requiredRoles: ROLES.filter((r) => alwaysRequired(r) || stored.has(r)),
  };
}

/** Sets the roles that must use a second factor (program administrators always must). */
export async function setMfaPolicy(tx: Tx, actor: Actor, input: { requiredRoles: Role[] }, now: Date): Promise<MfaPolicy> {
  const before = await getMfaPolicy(tx);
  const wanted = [...new Set(input.requiredRoles)].filter((r) => !alwaysRequired(r));
  await tx.delete(mfaRequiredRoles);
  if (wanted.length > 0) await tx.insert(mfaRequiredRoles).values(wanted.map((role) => ({ role, setBy: actor.via === 'system' ? null : actor.userId, setAt: now })));
  const after = await getMfaPolicy(tx);
  await recordAudit(tx, actor, now, {
    action: 'settings.mfa_policy',
    recordType: 'settings',
    details: { before: before.requiredRoles, after: after.requiredRoles },
  });
  return after;
}
