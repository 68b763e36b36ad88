import { and, asc, desc, eq, gte, inArray, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Role } from '../../core/enums.ts';
import type { Queryable } from '../db/database.ts';
import { participants } from '../participants/participants.table.ts';
import { sites } from '../sites/sites.table.ts';
import { userSites, users } from '../users/users.table.ts';
import { enrollmentInterviews, enrollmentPhases, enrollments } from './enrollments.table.ts';
import { inIds, notInIds } from '../db/id-list.ts';

export type EnrollmentRow = typeof enrollments.$inferSelect;
export type EnrollmentValues = Omit<typeof enrollments.$inferInsert, 'id'>;

const coach = alias(users, 'coach');
const caseManager = alias(users, 'case_manager');

export interface EnrollmentBundle {
  row: EnrollmentRow;
  siteName: string;
  coachName: string | null;
  caseManagerName: string | null;
  phases: { phase: EnrollmentRow['phase']; startedOn: string }[];
  interviews: { kind: (typeof enrollmentInterviews.$inferSelect)['kind']; conductedOn: string }[];
}

/** A participant's episodes, newest first, with names, phase history and interviews. */
export async function loadEnrollments(q: Queryable, participantId: string, onlyId?: string): Promise<EnrollmentBundle[]> {
  const rows = await q
    .select({ row: enrollments, siteName: sites.name, coachName: coach.name, caseManagerName: caseManager.name })
    .from(enrollments)
    .innerJoin(sites, eq(sites.id, enrollments.siteId))
    .leftJoin(coach, eq(coach.id, enrollments.coachId))
    .leftJoin(caseManager, eq(caseManager.id, enrollments.caseManagerId))
    .where(and(eq(enrollments.participantId, participantId), onlyId ? eq(enrollments.id, onlyId) : undefined))
    .orderBy(desc(enrollments.enrolledOn), desc(enrollments.createdAt));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.row.id);
  const phases = await q
    .select({ enrollmentId: enrollmentPhases.enrollmentId, phase: enrollmentPhases.phase, startedOn: enrollmentPhases.startedOn })
    .from(enrollmentPhases)
    .where(inIds(enrollmentPhases.enrollmentId, ids))
    .orderBy(asc(enrollmentPhases.startedOn), asc(enrollmentPhases.recordedAt));
  const interviews = await q
    .select({ enrollmentId: enrollmentInterviews.enrollmentId, kind: enrollmentInterviews.kind, conductedOn: enrollmentInterviews.conductedOn })
    .from(enrollmentInterviews)
    .where(inIds(enrollmentInterviews.enrollmentId, ids))
    .orderBy(asc(enrollmentInterviews.conductedOn));
  return rows.map((r) => ({
    ...r,
    phases: phases.filter((p) => p.enrollmentId === r.row.id).map(({ phase, startedOn }) => ({ phase, startedOn })),
    interviews: interviews.filter((i) => i.enrollmentId === r.row.id).map(({ kind, conductedOn }) => ({ kind, conductedOn })),
  }));
}

export async function findEnrollment(q: Queryable, participantId: string, id: string, options: { forUpdate?: boolean } = {}) {
  const query = q.select().from(enrollments).where(and(eq(enrollments.id, id), eq(enrollments.participantId, participantId)));
  const [row] = await (options.forUpdate ? query.for('update') : query);
  return row;
}

export async function findOpenEnrollment(q: Queryable, participantId: string) {
  const [row] = await q
    .select({ id: enrollments.id })
    .from(enrollments)
    .where(and(eq(enrollments.participantId, participantId), isNull(enrollments.dischargedOn)));
  return row;
}

/** The open episode's row, locked: a transfer releases its team. */
export async function openEpisodeRow(q: Queryable, participantId: string) {
  const [row] = await q
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.participantId, participantId), isNull(enrollments.dischargedOn)))
    .for('update');
  return row;
}

export async function insertEnrollment(q: Queryable, values: EnrollmentValues): Promise<EnrollmentRow> {
  const [row] = await q.insert(enrollments).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Changes the episode only if it is still at `version`; undefined when someone saved first. */
export async function updateEnrollmentRow(q: Queryable, id: string, version: number, values: Partial<EnrollmentValues>) {
  const [row] = await q
    .update(enrollments)
    .set({ ...values, version: version + 1 })
    .where(and(eq(enrollments.id, id), eq(enrollments.version, version)))
    .returning();
  return row;
}

export async function insertPhase(q: Queryable, values: typeof enrollmentPhases.$inferInsert): Promise<void> {
  await q.insert(enrollmentPhases).values(values);
}

export async function insertInterview(q: Queryable, values: typeof enrollmentInterviews.$inferInsert): Promise<void> {
  await q.insert(enrollmentInterviews).values(values);
}

/** The user if active, in that role and assigned to the site. */
export async function findTeamMember(q: Queryable, userId: string, role: Role, siteId: string) {
  const [row] = await q
    .select({ id: users.id })
    .from(users)
    .innerJoin(userSites, and(eq(userSites.userId, users.id), eq(userSites.siteId, siteId)))
    .where(and(eq(users.id, userId), eq(users.role, role), eq(users.active, true)));
  return row;
}

/** Active coaches and case managers assigned to a site, by name. */
export async function listTeamCandidates(q: Queryable, siteId: string) {
  return q
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .innerJoin(userSites, and(eq(userSites.userId, users.id), eq(userSites.siteId, siteId)))
    .where(and(eq(users.active, true), inArray(users.role, ['coach', 'case_manager'])))
    .orderBy(asc(users.name));
}

/**
 * Each participant's latest episode at these sites (null: every site), open or
 * discharged on or after `dischargedSince`, with what the worklist rules read,
 * and their earlier episodes discharged since then (the follow-up interview is
 * owed per enrollment). Scoped by the participant's current site, as every
 * participant query is. `assignedTo` filters on the latest episode's team, so a
 * former coach does not see someone through an old episode.
 */
export async function latestEpisodeRows(q: Queryable, siteIds: readonly string[] | null, options: { assignedTo?: string | undefined; dischargedSince: string }) {
  if (siteIds?.length === 0) return [];
  const inLookback = or(isNull(enrollments.dischargedOn), gte(enrollments.dischargedOn, options.dischargedSince));
  // A caseload: only people who have had an episode with this person can have their latest one with
  // them, so the latest episodes are looked for among those few, not across every person of the sites.
  const assigned = alias(enrollments, 'assigned');
  const ofCaseload = options.assignedTo
    ? inArray(
        enrollments.participantId,
        q
          .select({ participantId: assigned.participantId })
          .from(assigned)
          .where(or(eq(assigned.coachId, options.assignedTo), eq(assigned.caseManagerId, options.assignedTo))),
      )
    : undefined;
  const latest = q.$with('latest').as(
    q
      .selectDistinctOn([enrollments.participantId], { latestId: sql<string>`${enrollments.id}`.as('latest_id') })
      .from(enrollments)
      .innerJoin(participants, eq(participants.id, enrollments.participantId))
      .where(and(siteIds ? inArray(participants.siteId, [...siteIds]) : undefined, inLookback, ofCaseload))
      .orderBy(enrollments.participantId, desc(enrollments.enrolledOn), desc(enrollments.createdAt)),
  );
  const rows = await q
    .with(latest)
    .select({
      id: enrollments.id,
      participantId: enrollments.participantId,
      enrolledOn: enrollments.enrolledOn,
      dischargedOn: enrollments.dischargedOn,
      dischargeReason: enrollments.dischargeReason,
      phase: enrollments.phase,
      phaseStartedOn: enrollments.phaseStartedOn,
      coachId: enrollments.coachId,
      coachName: coach.name,
      caseManagerId: enrollments.caseManagerId,
      caseManagerName: caseManager.name,
      firstName: participants.firstName,
      lastName: participants.lastName,
      preferredName: participants.preferredName,
      custodyStatus: participants.custodyStatus,
      releaseDate: participants.releaseDate,
      expectedReleaseDate: participants.expectedReleaseDate,
      siteId: participants.siteId,
      siteName: sites.name,
      timeZone: sites.timeZone,
    })
    .from(enrollments)
    .innerJoin(latest, eq(latest.latestId, enrollments.id))
    .innerJoin(participants, eq(participants.id, enrollments.participantId))
    .innerJoin(sites, eq(sites.id, participants.siteId))
    .leftJoin(coach, eq(coach.id, enrollments.coachId))
    .leftJoin(caseManager, eq(caseManager.id, enrollments.caseManagerId))
    .where(options.assignedTo ? or(eq(enrollments.coachId, options.assignedTo), eq(enrollments.caseManagerId, options.assignedTo)) : undefined);
  if (rows.length === 0) return [];
  const latestIds = rows.map((r) => r.id);
  const earlier = await q
    .select({ id: enrollments.id, participantId: enrollments.participantId, enrolledOn: enrollments.enrolledOn, dischargedOn: enrollments.dischargedOn, dischargeReason: enrollments.dischargeReason })
    .from(enrollments)
    .where(
      and(
        inIds(enrollments.participantId, rows.map((r) => r.participantId)),
        notInIds(enrollments.id, latestIds),
        gte(enrollments.dischargedOn, options.dischargedSince),
      ),
    )
    .orderBy(desc(enrollments.enrolledOn));
  const interviews = await q
    .select({ enrollmentId: enrollmentInterviews.enrollmentId, kind: enrollmentInterviews.kind, conductedOn: enrollmentInterviews.conductedOn })
    .from(enrollmentInterviews)
    .where(inIds(enrollmentInterviews.enrollmentId, [...latestIds, ...earlier.map((e) => e.id)]));
  // Appended in place: a supervisor's worklist groups tens of thousands of rows here.
  const byEnrollment = new Map<string, { kind: (typeof interviews)[number]['kind']; conductedOn: string }[]>();
  for (const i of interviews) {
    const list = byEnrollment.get(i.enrollmentId);
    if (list) list.push({ kind: i.kind, conductedOn: i.conductedOn });
    else byEnrollment.set(i.enrollmentId, [{ kind: i.kind, conductedOn: i.conductedOn }]);
  }
  const earlierBy = new Map<string, { enrolledOn: string; dischargedOn: string | null; dischargeReason: EnrollmentRow['dischargeReason']; interviews: { kind: (typeof interviews)[number]['kind']; conductedOn: string }[] }[]>();
  for (const e of earlier) {
    const episode = { enrolledOn: e.enrolledOn, dischargedOn: e.dischargedOn, dischargeReason: e.dischargeReason, interviews: byEnrollment.get(e.id) ?? [] };
    const list = earlierBy.get(e.participantId);
    if (list) list.push(episode);
    else earlierBy.set(e.participantId, [episode]);
  }
  return rows.map((r) => ({ ...r, interviews: byEnrollment.get(r.id) ?? [], earlierEpisodes: earlierBy.get(r.participantId) ?? [] }));
}
