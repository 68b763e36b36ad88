import { and, asc, desc, eq, gt, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Role } from '../../core/enums.ts';
import { auditEvents } from '../audit/audit.table.ts';
import type { Queryable } from '../db/database.ts';
import { participants } from '../participants/participants.table.ts';
import { sites } from '../sites/sites.table.ts';
import { users } from '../users/users.table.ts';
import { EMERGENCY_ACCESS_USED } from './emergency-access.grants.ts';
import { emergencyAccesses } from './emergency-access.table.ts';

export type EmergencyAccessRow = typeof emergencyAccesses.$inferSelect;

export async function insertAccess(q: Queryable, values: Omit<typeof emergencyAccesses.$inferInsert, 'id'>): Promise<EmergencyAccessRow> {
  const [row] = await q.insert(emergencyAccesses).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Two requests of one user for one participant at once open a single access, not two. */
export async function lockUserParticipant(q: Queryable, userId: string, participantId: string): Promise<void> {
  await q.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`emergency_access:${userId}:${participantId}`}))`);
}

/** Opened, not yet expired, not closed early (the same test as the choke points': emergency-access.grants.ts). */
const runningAt = (at: Date): SQL =>
  and(
    lte(emergencyAccesses.openedAt, at),
    gt(emergencyAccesses.expiresAt, at),
    or(isNull(emergencyAccesses.endedAt), gt(emergencyAccesses.endedAt, at)),
  ) as SQL;

/** With the participant's name and the name of the site it was opened for. */
const withNames = {
  id: emergencyAccesses.id,
  userId: emergencyAccesses.userId,
  participantId: emergencyAccesses.participantId,
  firstName: participants.firstName,
  lastName: participants.lastName,
  preferredName: participants.preferredName,
  siteName: sites.name,
  reason: emergencyAccesses.reason,
  openedAt: emergencyAccesses.openedAt,
  expiresAt: emergencyAccesses.expiresAt,
  endedAt: emergencyAccesses.endedAt,
};

/** A user's accesses running at `at` (of one participant, or all of them), latest expiry first. */
export async function listRunning(q: Queryable, userId: string, at: Date, participantId?: string) {
  return q
    .select(withNames)
    .from(emergencyAccesses)
    .innerJoin(participants, eq(participants.id, emergencyAccesses.participantId))
    .innerJoin(sites, eq(sites.id, emergencyAccesses.siteId))
    .where(
      and(
        eq(emergencyAccesses.userId, userId),
        runningAt(at),
        participantId === undefined ? undefined : eq(emergencyAccesses.participantId, participantId),
      ),
    )
    .orderBy(desc(emergencyAccesses.expiresAt), asc(emergencyAccesses.id));
}

export async function findAccess(q: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<EmergencyAccessRow | undefined> {
  const query = q.select().from(emergencyAccesses).where(eq(emergencyAccesses.id, id));
  const [row] = await (options.forUpdate ? query.for('update') : query);
  return row;
}

export async function markEnded(q: Queryable, id: string, at: Date): Promise<void> {
  await q.update(emergencyAccesses).set({ endedAt: at }).where(eq(emergencyAccesses.id, id));
}

export async function markReviewed(q: Queryable, id: string, at: Date, by: string, note: string | null): Promise<void> {
  await q.update(emergencyAccesses).set({ reviewedAt: at, reviewedBy: by, reviewNote: note }).where(eq(emergencyAccesses.id, id));
}

const reviewer = alias(users, 'reviewer');

export interface ReviewRow {
  id: string;
  userId: string;
  userName: string;
  userRole: Role;
  participantId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  siteName: string;
  reason: string;
  openedAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  reviewedAt: Date | null;
  reviewedBy: string | null;
  reviewerName: string | null;
  reviewNote: string | null;
  requests: number;
  auditRows: number;
}

/**
 * Accesses for review, newest first, with what was done under each: the requests
 * flagged with its id, and every audit row the user wrote for the participant
 * while it ran (both found through the audit trail's participant index).
 */
export async function listForReview(q: Queryable, options: { unreviewedOnly: boolean; limit: number; id?: string }): Promise<ReviewRow[]> {
  const requests = sql<number>`(SELECT count(*)::int FROM ${auditEvents} a
    WHERE a.participant_id = ${emergencyAccesses.participantId}
      AND a.action = ${EMERGENCY_ACCESS_USED}
      AND a.details->>'breakTheGlass' = ${emergencyAccesses.id}::text)`;
  const auditRows = sql<number>`(SELECT count(*)::int FROM ${auditEvents} a
    WHERE a.participant_id = ${emergencyAccesses.participantId}
      AND a.actor_user_id = ${emergencyAccesses.userId}
      AND a.at >= ${emergencyAccesses.openedAt} AND a.at < coalesce(${emergencyAccesses.endedAt}, ${emergencyAccesses.expiresAt}))`;
  return q
    .select({
      ...withNames,
      userName: users.name,
      userRole: users.role,
      reviewedAt: emergencyAccesses.reviewedAt,
      reviewedBy: emergencyAccesses.reviewedBy,
      reviewerName: reviewer.name,
      reviewNote: emergencyAccesses.reviewNote,
      requests,
      auditRows,
    })
    .from(emergencyAccesses)
    .innerJoin(users, eq(users.id, emergencyAccesses.userId))
    .innerJoin(participants, eq(participants.id, emergencyAccesses.participantId))
    .innerJoin(sites, eq(sites.id, emergencyAccesses.siteId))
    .leftJoin(reviewer, eq(reviewer.id, emergencyAccesses.reviewedBy))
    .where(
      and(
        options.unreviewedOnly ? isNull(emergencyAccesses.reviewedAt) : undefined,
        options.id === undefined ? undefined : eq(emergencyAccesses.id, options.id),
      ),
    )
    .orderBy(desc(emergencyAccesses.openedAt), asc(emergencyAccesses.id))
    .limit(options.limit);
}
