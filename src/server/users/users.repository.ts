import { and, eq, inArray, sql } from 'drizzle-orm';
import type { User } from '../../core/schemas.ts';
import type { Queryable, Tx } from '../db/database.ts';
import { credentialsChanged } from '../auth/token.cache.ts';
import { sites } from '../sites/sites.table.ts';
import { userSites, users } from './users.table.ts';

export type UserRow = typeof users.$inferSelect;

export async function siteIdsOf(q: Queryable, userIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return map;
  const rows = await q.select().from(userSites).where(inArray(userSites.userId, userIds));
  for (const r of rows) map.get(r.userId)?.push(r.siteId);
  for (const list of map.values()) list.sort();
  return map;
}

export async function findUserById(q: Queryable, id: string): Promise<UserRow | undefined> {
  const [row] = await q.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByEmail(q: Queryable, email: string): Promise<UserRow | undefined> {
  const [row] = await q.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return row;
}

/** All users, or those assigned to at least one of the given sites. */
export async function listUserRows(q: Queryable, siteFilter: string[] | null): Promise<UserRow[]> {
  if (siteFilter === null) return q.select().from(users).orderBy(users.name, users.id);
  if (siteFilter.length === 0) return [];
  return q
    .selectDistinct({ u: users })
    .from(users)
    .innerJoin(userSites, eq(userSites.userId, users.id))
    .where(inArray(userSites.siteId, siteFilter))
    .orderBy(users.name, users.id)
    .then((rows) => rows.map((r) => r.u));
}

export async function replaceUserSites(q: Tx, userId: string, siteIds: string[]): Promise<void> {
  credentialsChanged(q);
  await q.delete(userSites).where(eq(userSites.userId, userId));
  if (siteIds.length > 0) await q.insert(userSites).values(siteIds.map((siteId) => ({ userId, siteId })));
}

/** The ids among these that are not sites, for a clear error naming each. */
export async function unknownSiteIds(q: Queryable, siteIds: string[]): Promise<string[]> {
  if (siteIds.length === 0) return [];
  const found = await q.select({ id: sites.id }).from(sites).where(inArray(sites.id, siteIds));
  const known = new Set(found.map((r) => r.id));
  return siteIds.filter((id) => !known.has(id));
}

export async function countActiveAdmins(q: Queryable, exceptUserId: string): Promise<number> {
  const [row] = await q
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.role, 'program_admin'), eq(users.active, true), sql`${users.id} <> ${exceptUserId}`));
  return row?.n ?? 0;
}

export function toUserOutput(row: UserRow, siteIds: string[], lockedUntil: Date | null): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    siteIds,
    active: row.active,
    mustChangePassword: row.mustChangePassword,
    lockedUntil: lockedUntil ? lockedUntil.toISOString() : null,
    lastSignInAt: row.lastSignInAt ? row.lastSignInAt.toISOString() : null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}
