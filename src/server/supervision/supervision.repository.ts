import { and, arrayContains, arrayOverlaps, asc, desc, eq, gte, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { SessionKind } from '../../core/supervision.ts';
import type { Queryable } from '../db/database.ts';
import { users, userSites } from '../users/users.table.ts';
import {
  supervisionAttendees,
  supervisionCodings,
  supervisionCodingThemes,
  supervisionFollowUps,
  supervisionParticipants,
  supervisionSessions,
  supervisionThemes,
} from './supervision.table.ts';

export type SessionRow = typeof supervisionSessions.$inferSelect;
export type ThemeRow = typeof supervisionThemes.$inferSelect;

/** Which sessions an actor may read: all, or those they attended / supervised / held at their sites. */
export type SessionScope = { all: true } | { all: false; userId: string; siteIds: readonly string[] };

function scopeCondition(scope: SessionScope): SQL | undefined {
  if (scope.all) return undefined;
  const attended = sql`exists (select 1 from ${supervisionAttendees} a where a.session_id = ${supervisionSessions.id} and a.user_id = ${scope.userId})`;
  const conditions: SQL[] = [attended, eq(supervisionSessions.supervisorId, scope.userId)];
  if (scope.siteIds.length > 0) {
    conditions.push(arrayOverlaps(supervisionSessions.siteIds, [...scope.siteIds]));
  }
  return or(...conditions);
}

export interface SessionFilter {
  ids?: readonly string[];
  kind?: SessionKind;
  from?: string;
  to?: string;
  siteId?: string;
}

export async function selectSessions(q: Queryable, scope: SessionScope, filter: SessionFilter, options: { forUpdate?: boolean } = {}) {
  if (filter.ids?.length === 0) return [];
  const query = q
    .select()
    .from(supervisionSessions)
    .where(
      and(
        scopeCondition(scope),
        filter.ids ? inArray(supervisionSessions.id, [...filter.ids]) : undefined,
        filter.kind ? eq(supervisionSessions.kind, filter.kind) : undefined,
        filter.from ? gte(supervisionSessions.heldOn, filter.from) : undefined,
        filter.to ? lte(supervisionSessions.heldOn, filter.to) : undefined,
        filter.siteId ? arrayContains(supervisionSessions.siteIds, [filter.siteId]) : undefined,
      ),
    )
    .orderBy(desc(supervisionSessions.heldOn), desc(supervisionSessions.createdAt));
  return options.forUpdate ? query.for('update') : query;
}

/** Attendees, participants, follow-ups and coding counts of these sessions. */
export async function sessionParts(q: Queryable, sessionIds: readonly string[]) {
  if (sessionIds.length === 0) return { attendees: [], participants: [], followUps: [], codings: [] };
  const ids = [...sessionIds];
  const attendees = await q
    .select({ sessionId: supervisionAttendees.sessionId, userId: supervisionAttendees.userId })
    .from(supervisionAttendees)
    .where(inArray(supervisionAttendees.sessionId, ids));
  const participants = await q
    .select({ sessionId: supervisionParticipants.sessionId, participantId: supervisionParticipants.participantId })
    .from(supervisionParticipants)
    .where(inArray(supervisionParticipants.sessionId, ids));
  const followUps = await q
    .select()
    .from(supervisionFollowUps)
    .where(inArray(supervisionFollowUps.sessionId, ids))
    .orderBy(asc(supervisionFollowUps.position));
  const codings = await q
    .select({ sessionId: supervisionCodings.sessionId, final: supervisionCodings.final })
    .from(supervisionCodings)
    .where(inArray(supervisionCodings.sessionId, ids));
  return { attendees, participants, followUps, codings };
}

export async function staffByIds(q: Queryable, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return q.select({ id: users.id, name: users.name, role: users.role, active: users.active }).from(users).where(inArray(users.id, [...ids]));
}

/** Active staff at any site (for choosing attendees and owners), with the sites they work at. */
export async function activeStaff(q: Queryable) {
  const rows = await q
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(eq(users.active, true))
    .orderBy(asc(users.name));
  const sitesOf = await siteIdsOfUsers(
    q,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, siteIds: sitesOf.get(r.id) ?? [] }));
}

export async function siteIdsOfUsers(q: Queryable, ids: readonly string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (ids.length === 0) return map;
  const rows = await q.select().from(userSites).where(inArray(userSites.userId, [...ids]));
  for (const r of rows) map.set(r.userId, [...(map.get(r.userId) ?? []), r.siteId]);
  return map;
}

export async function insertSession(q: Queryable, values: typeof supervisionSessions.$inferInsert) {
  const [row] = await q.insert(supervisionSessions).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateSessionRow(q: Queryable, id: string, expectedVersion: number, values: Partial<typeof supervisionSessions.$inferInsert>) {
  const [row] = await q
    .update(supervisionSessions)
    .set({ ...values, version: expectedVersion + 1 })
    .where(and(eq(supervisionSessions.id, id), eq(supervisionSessions.version, expectedVersion)))
    .returning();
  return row;
}

export async function replaceSessionLinks(
  q: Queryable,
  sessionId: string,
  attendeeIds: readonly string[],
  participantIds: readonly string[],
  followUps: readonly { id?: string; description: string; ownerId: string; dueOn: string; done: boolean }[],
) {
  await q.delete(supervisionAttendees).where(eq(supervisionAttendees.sessionId, sessionId));
  if (attendeeIds.length > 0) await q.insert(supervisionAttendees).values(attendeeIds.map((userId) => ({ sessionId, userId })));
  await q.delete(supervisionParticipants).where(eq(supervisionParticipants.sessionId, sessionId));
  if (participantIds.length > 0) await q.insert(supervisionParticipants).values(participantIds.map((participantId) => ({ sessionId, participantId })));
  await q.delete(supervisionFollowUps).where(eq(supervisionFollowUps.sessionId, sessionId));
  if (followUps.length > 0) {
    await q.insert(supervisionFollowUps).values(
      followUps.map((f, position) => ({
        ...(f.id ? { id: f.id } : {}),
        sessionId,
        position,
        description: f.description,
        ownerId: f.ownerId,
        dueOn: f.dueOn,
        done: f.done,
      })),
    );
  }
}

/* ---------- codebook ---------- */

export async function allThemes(q: Queryable): Promise<ThemeRow[]> {
  return q.select().from(supervisionThemes).orderBy(asc(supervisionThemes.name));
}

export async function insertTheme(q: Queryable, values: typeof supervisionThemes.$inferInsert) {
  const [row] = await q.insert(supervisionThemes).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateThemeRow(q: Queryable, id: string, expectedVersion: number, values: Partial<typeof supervisionThemes.$inferInsert>) {
  const [row] = await q
    .update(supervisionThemes)
    .set({ ...values, version: expectedVersion + 1 })
    .where(and(eq(supervisionThemes.id, id), eq(supervisionThemes.version, expectedVersion)))
    .returning();
  return row;
}

/* ---------- codings ---------- */

/** Codings of these sessions with their themes and coders, earliest first. */
export async function codingsOf(q: Queryable, sessionIds: readonly string[]) {
  if (sessionIds.length === 0) return [];
  const rows = await q
    .select({ c: supervisionCodings, coderName: users.name, coderRole: users.role })
    .from(supervisionCodings)
    .innerJoin(users, eq(users.id, supervisionCodings.coderId))
    .where(inArray(supervisionCodings.sessionId, [...sessionIds]))
    .orderBy(asc(supervisionCodings.submittedAt), asc(supervisionCodings.id));
  const themes = rows.length
    ? await q
        .select()
        .from(supervisionCodingThemes)
        .where(
          inArray(
            supervisionCodingThemes.codingId,
            rows.map((r) => r.c.id),
          ),
        )
    : [];
  const byCoding = new Map<string, string[]>();
  for (const t of themes) byCoding.set(t.codingId, [...(byCoding.get(t.codingId) ?? []), t.themeId]);
  return rows.map((r) => ({ ...r.c, coderName: r.coderName, coderRole: r.coderRole, themeIds: (byCoding.get(r.c.id) ?? []).sort() }));
}
export type CodingBundle = Awaited<ReturnType<typeof codingsOf>>[number];

export async function insertCoding(q: Queryable, values: typeof supervisionCodings.$inferInsert, themeIds: readonly string[]) {
  const [row] = await q.insert(supervisionCodings).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  await q.insert(supervisionCodingThemes).values(themeIds.map((themeId) => ({ codingId: row.id, themeId })));
  return row;
}

export async function replaceFinalCoding(q: Queryable, codingId: string, expectedVersion: number, values: { coderId: string; submittedAt: Date }, themeIds: readonly string[]) {
  const [row] = await q
    .update(supervisionCodings)
    .set({ ...values, version: expectedVersion + 1 })
    .where(and(eq(supervisionCodings.id, codingId), eq(supervisionCodings.version, expectedVersion)))
    .returning();
  if (!row) return undefined;
  await q.delete(supervisionCodingThemes).where(eq(supervisionCodingThemes.codingId, codingId));
  await q.insert(supervisionCodingThemes).values(themeIds.map((themeId) => ({ codingId, themeId })));
  return row;
}

/* ---------- bulk import (demo, migrations from another system) ---------- */

const BATCH = 500;

async function insertBatched<T>(rows: readonly T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

export interface SessionBundleRows {
  session: typeof supervisionSessions.$inferInsert & { id: string };
  attendeeIds: readonly string[];
  followUps: readonly (typeof supervisionFollowUps.$inferInsert)[];
  codings: readonly { row: typeof supervisionCodings.$inferInsert & { id: string }; themeIds: readonly string[] }[];
}

export async function insertSessionBundles(q: Queryable, bundles: readonly SessionBundleRows[]) {
  await insertBatched(
    bundles.map((b) => b.session),
    (batch) => q.insert(supervisionSessions).values(batch),
  );
  await insertBatched(
    bundles.flatMap((b) => b.attendeeIds.map((userId) => ({ sessionId: b.session.id, userId }))),
    (batch) => q.insert(supervisionAttendees).values(batch),
  );
  await insertBatched(
    bundles.flatMap((b) => b.followUps),
    (batch) => q.insert(supervisionFollowUps).values(batch),
  );
  const codings = bundles.flatMap((b) => b.codings);
  await insertBatched(
    codings.map((c) => c.row),
    (batch) => q.insert(supervisionCodings).values(batch),
  );
  await insertBatched(
    codings.flatMap((c) => c.themeIds.map((themeId) => ({ codingId: c.row.id, themeId }))),
    (batch) => q.insert(supervisionCodingThemes).values(batch),
  );
}
