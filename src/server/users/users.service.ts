/** Staff accounts: who they are, their role and the sites they work at. */
import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Role } from '../../core/enums.ts';
import type { User, UserCreateInput, UserUpdateInput } from '../../core/schemas.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { invitations, loginThrottle } from '../auth/auth.table.ts';
import { hashPassword, passwordWeakness } from '../auth/passwords.ts';
import { revokeAllCredentials } from '../auth/sessions.ts';
import { credentialsChanged } from '../auth/token.cache.ts';
import { emailKey } from '../auth/throttle.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import type { Tx } from '../db/database.ts';
import { onUniqueViolation } from '../db/unique-violation.ts';
import type { Actor } from '../http/actor.ts';
import { visibleSiteIds } from '../http/actor.ts';
import { Conflict, NotFound, StaleVersion, ValidationError, type FieldIssue } from '../http/errors.ts';
import {
  countActiveAdmins,
  findUserByEmail,
  findUserById,
  listUserRows,
  replaceUserSites,
  siteIdsOf,
  toUserOutput,
  unknownSiteIds,
  type UserRow,
} from './users.repository.ts';
import { users } from './users.table.ts';

export interface UserContext {
  now: Date;
  invitationDays: number;
  /** Where people reach Tandem, for invitation links (no trailing slash). */
  baseUrl: string;
}

const emailTaken = () =>
  new Conflict('A user with this e-mail already exists', 'email_taken', [{ path: 'email', message: 'A user with this e-mail already exists' }]);

const SITE_BOUND_ROLES: readonly Role[] = ['site_manager', 'supervisor', 'coach', 'case_manager'];

async function checkAssignment(tx: Tx, role: Role, siteIds: string[]): Promise<void> {
  const issues: FieldIssue[] = [];
  const unknown = new Set(await unknownSiteIds(tx, siteIds));
  siteIds.forEach((id, i) => {
    if (unknown.has(id)) issues.push({ path: `siteIds.${i}`, message: 'No such site' });
  });
  if (new Set(siteIds).size !== siteIds.length) issues.push({ path: 'siteIds', message: 'A site is listed twice' });
  if (SITE_BOUND_ROLES.includes(role) && siteIds.length === 0) {
    issues.push({ path: 'siteIds', message: 'Assign at least one site: this role works only with the participants of its sites' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

async function lockedUntilByEmail(tx: Tx, rows: UserRow[], now: Date): Promise<Map<string, Date>> {
  const keys = rows.map((r) => emailKey(r.email));
  if (keys.length === 0) return new Map();
  const locks = await tx
    .select()
    .from(loginThrottle)
    .where(and(inArray(loginThrottle.emailHash, keys), gt(loginThrottle.lockedUntil, now)));
  const byKey = new Map(locks.map((l) => [l.emailHash, l.lockedUntil]));
  const result = new Map<string, Date>();
  for (const r of rows) {
    const until = byKey.get(emailKey(r.email));
    if (until) result.set(r.id, until);
  }
  return result;
}

async function present(tx: Tx, rows: UserRow[], now: Date): Promise<User[]> {
  const siteMap = await siteIdsOf(tx, rows.map((r) => r.id));
  const locks = await lockedUntilByEmail(tx, rows, now);
  return rows.map((r) => toUserOutput(r, siteMap.get(r.id) ?? [], locks.get(r.id) ?? null));
}

export async function listUsers(tx: Tx, actor: Actor, now: Date): Promise<User[]> {
  return present(tx, await listUserRows(tx, visibleSiteIds(actor)), now);
}

async function issueInvitationFor(tx: Tx, actor: Actor, userId: string, ctx: UserContext) {
  // A new link replaces any earlier one that was not used yet.
  await tx
    .update(invitations)
    .set({ expiresAt: ctx.now })
    .where(and(eq(invitations.userId, userId), isNull(invitations.usedAt), gt(invitations.expiresAt, ctx.now)));
  const token = newSecret();
  const expiresAt = new Date(ctx.now.getTime() + ctx.invitationDays * 86_400_000);
  await tx.insert(invitations).values({
    userId,
    tokenHash: hashSecret(token),
    createdAt: ctx.now,
    expiresAt,
    createdBy: actor.via === 'system' ? null : actor.userId,
  });
  return { invitationUrl: `${ctx.baseUrl}/invitation/${token}`, invitationExpiresAt: expiresAt.toISOString() };
}

export async function createUser(
  tx: Tx,
  actor: Actor,
  input: UserCreateInput,
  ctx: UserContext,
  /** `id` fixes the new user's id (the demo's personas have well-known ids); never taken from HTTP input. */
  options: { mustChangePassword?: boolean; id?: string } = {},
): Promise<{ user: User; invitationUrl: string | null; invitationExpiresAt: string | null }> {
  await checkAssignment(tx, input.role, input.siteIds);
  if (await findUserByEmail(tx, input.email)) {
    throw emailTaken();
  }
  let passwordHash: string | null = null;
  if (input.setup.method === 'password') {
    const weakness = passwordWeakness(input.setup.password, { email: input.email, name: input.name });
    if (weakness) throw new ValidationError([{ path: 'setup.password', message: weakness }]);
    passwordHash = await hashPassword(input.setup.password);
  }
  const [row] = await tx
    .insert(users)
    .values({
      ...(options.id ? { id: options.id } : {}),
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash,
      // An initial password set by someone else must be replaced at first sign-in.
      mustChangePassword: input.setup.method === 'password' ? (options.mustChangePassword ?? true) : false,
      passwordChangedAt: passwordHash ? ctx.now : null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning()
    .catch(onUniqueViolation('users_email_unique', emailTaken));
  if (!row) throw new Error('insert returned no row');
  await replaceUserSites(tx, row.id, input.siteIds);
  const invitation = input.setup.method === 'invitation' ? await issueInvitationFor(tx, actor, row.id, ctx) : null;
  await recordAudit(tx, actor, ctx.now, {
    action: 'user.create',
    recordType: 'user',
    recordId: row.id,
    details: { role: input.role, siteIds: input.siteIds, setup: input.setup.method },
  });
  const [user] = await present(tx, [row], ctx.now);
  if (!user) throw new Error('unreachable');
  return {
    user,
    invitationUrl: invitation?.invitationUrl ?? null,
    invitationExpiresAt: invitation?.invitationExpiresAt ?? null,
  };
}

export async function updateUser(tx: Tx, actor: Actor, id: string, input: UserUpdateInput, now: Date): Promise<User> {
  const current = await findUserById(tx, id);
  if (!current) throw new NotFound('User');
  if (current.version !== input.version) throw new StaleVersion('user');
  const role = input.role ?? current.role;
  const currentSites = (await siteIdsOf(tx, [id])).get(id) ?? [];
  const siteIds = input.siteIds ?? currentSites;
  if (input.role !== undefined || input.siteIds !== undefined) await checkAssignment(tx, role, siteIds);
  const active = input.active ?? current.active;
  const losesAdmin = current.role === 'program_admin' && current.active && (role !== 'program_admin' || !active);
  if (losesAdmin && (await countActiveAdmins(tx, id)) === 0) {
    throw new Conflict('Tandem must keep at least one active program administrator', 'last_admin', [
      { path: input.role !== undefined ? 'role' : 'active', message: 'This is the last active program administrator' },
    ]);
  }
  if (input.email && input.email !== current.email) {
    const other = await findUserByEmail(tx, input.email);
    if (other) {
      throw emailTaken();
    }
  }
  const [row] = await tx
    .update(users)
    .set({
      name: input.name ?? current.name,
      email: input.email ?? current.email,
      role,
      active,
      version: current.version + 1,
      updatedAt: now,
    })
    .where(and(eq(users.id, id), eq(users.version, input.version)))
    .returning()
    .catch(onUniqueViolation('users_email_unique', emailTaken));
  if (!row) throw new StaleVersion('user');
  // A kept token's caller carries the name, role and sites: forgotten once this commits.
  credentialsChanged(tx);
  if (input.siteIds !== undefined) await replaceUserSites(tx, id, siteIds);
  // Role and sites are read afresh on every request; only a deactivation needs its sign-ins ended.
  if (!active && current.active) await revokeAllCredentials(tx, id, now);
  const changed = Object.keys(input).filter((k) => k !== 'version');
  await recordAudit(tx, actor, now, { action: 'user.update', recordType: 'user', recordId: id, details: { changed } });
  const [user] = await present(tx, [row], now);
  if (!user) throw new Error('unreachable');
  return user;
}

export async function reissueInvitation(tx: Tx, actor: Actor, userId: string, ctx: UserContext) {
  const user = await findUserById(tx, userId);
  if (!user) throw new NotFound('User');
  if (!user.active) throw new Conflict('This account is deactivated; activate it before inviting', 'inactive_user');
  const invitation = await issueInvitationFor(tx, actor, userId, ctx);
  await recordAudit(tx, actor, ctx.now, { action: 'user.invite', recordType: 'user', recordId: userId });
  return invitation;
}
