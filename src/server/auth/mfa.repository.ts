/**
 * Stored second factors: the sealing key, sealed TOTP secrets, recovery codes and
 * the per-role policy. Sign-in (auth.service), sessions and the MFA service read
 * through here.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomInt } from 'node:crypto';
import { and, eq, isNull, lt, or, sql, type SQLWrapper } from 'drizzle-orm';
import { MFA_ALWAYS_REQUIRED } from '../../core/schemas.ts';
import { ROLES, type Role } from '../../core/enums.ts';
import type { Queryable } from '../db/database.ts';
import { hashSecret } from './secrets.ts';
import { matchTotp } from './totp.ts';
import { mfaKey, mfaRecoveryCodes, mfaRequiredRoles, userMfa } from './mfa.table.ts';

/* ---------- sealing secrets (AES-256-GCM) ---------- */

/**
 * The program's sealing key: 256 random bits made by the first server that needs
 * it (another server racing it keeps the winner's row), shared by every app server.
 */
export async function sealingKey(q: Queryable, now: Date): Promise<Buffer> {
  const read = async () => (await q.select({ key: mfaKey.key }).from(mfaKey).where(eq(mfaKey.id, 1)))[0]?.key;
  let key = await read();
  if (key === undefined) {
    await q.insert(mfaKey).values({ id: 1, key: randomBytes(32).toString('base64'), createdAt: now }).onConflictDoNothing();
    key = await read();
  }
  if (key === undefined) throw new Error('the MFA key could not be created');
  return Buffer.from(key, 'base64');
}

/** "v1." + base64url(12-byte nonce | 16-byte tag | ciphertext); the user id is bound in as associated data. */
export function seal(key: Buffer, plaintext: string, userId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(userId));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

export function unseal(key: Buffer, sealed: string, userId: string): string {
  if (!sealed.startsWith('v1.')) throw new Error('unknown sealed-secret format');
  const raw = Buffer.from(sealed.slice(3), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(userId));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/* ---------- policy ---------- */

export async function storedRequiredRoles(q: Queryable): Promise<Role[]> {
  const rows = await q.select({ role: mfaRequiredRoles.role }).from(mfaRequiredRoles);
  const stored = new Set(rows.map((r) => r.role));
  return ROLES.filter((r) => stored.has(r));
}

export function alwaysRequired(role: Role): boolean {
  return (MFA_ALWAYS_REQUIRED as readonly Role[]).includes(role);
}

/* ---------- a user's factor ---------- */

export type MfaRow = typeof userMfa.$inferSelect;

export async function mfaRowOf(q: Queryable, userId: string): Promise<MfaRow | undefined> {
  return (await q.select().from(userMfa).where(eq(userMfa.userId, userId)))[0];
}

/** Whether the user (a column or a value) has an authenticator in use. */
export function mfaEnrolledSql(userId: SQLWrapper | string) {
  return sql<boolean>`exists (select 1 from ${userMfa} where ${userMfa.userId} = ${userId} and ${userMfa.enabledAt} is not null)`;
}

/** Whether the stored policy makes the role (a column or a value) use a second factor; alwaysRequired() is the rest. */
export function mfaRoleRequiredSql(role: SQLWrapper | Role) {
  return sql<boolean>`exists (select 1 from ${mfaRequiredRoles} where ${mfaRequiredRoles.role} = ${role})`;
}

/** Whether the user has an authenticator and whether their role must use one: one query. */
export async function mfaStateOf(q: Queryable, userId: string, role: Role): Promise<{ enrolled: boolean; required: boolean }> {
  const [row] = await q
    .select({ enrolled: mfaEnrolledSql(userId), required: mfaRoleRequiredSql(role) })
    .from(sql`(select 1) as one`);
  return { enrolled: row?.enrolled === true, required: alwaysRequired(role) || row?.required === true };
}

/**
 * Checks a code against the user's active secret and, if it matches a step newer
 * than the last one used, records that step. The update is conditional, so two
 * requests racing with the same code cannot both succeed.
 */
export async function consumeTotp(q: Queryable, userId: string, code: string, now: Date): Promise<boolean> {
  const row = await mfaRowOf(q, userId);
  if (!row?.secretSealed || !row.enabledAt) return false;
  const secret = unseal(await sealingKey(q, now), row.secretSealed, userId);
  const step = matchTotp(secret, code, now, row.lastUsedStep);
  if (step === null) return false;
  const updated = await q
    .update(userMfa)
    .set({ lastUsedStep: step, updatedAt: now })
    .where(and(eq(userMfa.userId, userId), or(isNull(userMfa.lastUsedStep), lt(userMfa.lastUsedStep, step))))
    .returning({ userId: userMfa.userId });
  return updated.length === 1;
}

/* ---------- recovery codes ---------- */

export const RECOVERY_CODE_COUNT = 10;
/** No 0/o, 1/l/i: codes are read off paper. 12 characters of 32 give 60 bits. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function newRecoveryCode(): string {
  const chars = Array.from({ length: 12 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** The form a recovery code is hashed in: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

function hashRecoveryCode(code: string): string {
  return hashSecret(`mfa-recovery:${normalizeRecoveryCode(code)}`);
}

/** Replaces every recovery code of the user; the new ones are returned once and stored hashed. */
export async function replaceRecoveryCodes(q: Queryable, userId: string, now: Date): Promise<string[]> {
  await q.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await q.insert(mfaRecoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c), createdAt: now })));
  return codes;
}

/** Uses up one recovery code; false when it is unknown or was used already. */
export async function consumeRecoveryCode(q: Queryable, userId: string, code: string, now: Date): Promise<boolean> {
  const used = await q
    .update(mfaRecoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(mfaRecoveryCodes.userId, userId), eq(mfaRecoveryCodes.codeHash, hashRecoveryCode(code)), isNull(mfaRecoveryCodes.usedAt)))
    .returning({ id: mfaRecoveryCodes.id });
  return used.length === 1;
}

export async function recoveryCodesLeft(q: Queryable, userId: string): Promise<number> {
  const [row] = await q
    .select({ n: sql<number>`count(*)::int` })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
  return row?.n ?? 0;
}

/** Removes the user's factor and recovery codes (turned off, or reset by an administrator). */
export async function removeMfa(q: Queryable, userId: string): Promise<boolean> {
  await q.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
  const removed = await q.delete(userMfa).where(eq(userMfa.userId, userId)).returning({ userId: userMfa.userId });
  return removed.length > 0;
}
