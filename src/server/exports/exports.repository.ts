/**
 * Read-only, keyset-paged queries for the analysis export: each returns at most
 * `limit` rows after the last id seen, so a table of any size is read a page at a
 * time with bounded memory. Every query is scoped to the participants of the
 * given sites (null: all) through the participant's current site, and selects
 * only columns that may leave Tandem after de-identification: no names, contact
 * details, notes or free text are ever read here.
 *
 * These read other features' tables directly (instead of through their services,
 * as features otherwise do): a streaming export of millions of rows cannot go
 * through per-participant service calls. See decision 0015.
 */
import { and, asc, desc, eq, gt, inArray, isNotNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Answers } from '../../core/assessments.ts';
import { assessments, instrumentVersions, instruments } from '../assessments/assessments.table.ts';
import { contacts } from '../contacts/contacts.table.ts';
import { selectRows, type Queryable } from '../db/database.ts';
import { enrollmentInterviews, enrollmentPhases, enrollments } from '../enrollments/enrollments.table.ts';
import { criticalEvents } from '../events/events.table.ts';
import { moudEpisodes } from '../moud/moud.table.ts';
import { naloxoneDistributions, naloxoneReversals } from '../naloxone/naloxone.table.ts';
import { participants } from '../participants/participants.table.ts';
import { recoveryPlans, recoveryPlanVersions } from '../plans/plans.table.ts';
import { referralEvents, referrals } from '../referrals/referrals.table.ts';
import { sites } from '../sites/sites.table.ts';
import { studies, studyAssignments } from '../studies/studies.table.ts';
import { users } from '../users/users.table.ts';
import { analysisExports, analysisSecret } from './exports.table.ts';

export type Scope = readonly string[] | null;

const NO_SITE = '00000000-0000-0000-0000-000000000000';
/** For queries that join participants: only those of the scope's sites. */
const inScope = (scope: Scope): SQL | undefined => (scope === null ? undefined : inArray(participants.siteId, scope.length > 0 ? [...scope] : [NO_SITE]));
/**
 * For queries that do not join participants: the row's participant is one of the
 * scope's sites'. With no scope (the whole program) there is nothing to join or
 * filter, which keeps the large tables' pages a plain index scan.
 */
const ofScope = (participantId: SQLWrapper, scope: Scope): SQL | undefined =>
  scope === null
    ? undefined
    : sql`${participantId} in (select ${participants.id} from ${participants} where ${inArray(participants.siteId, scope.length > 0 ? [...scope] : [NO_SITE])})`;

/** An instant as a calendar day where it happened (the participant's site's time zone). */
const dayOf = (col: SQLWrapper) => sql<string | null>`to_char((${col} at time zone ${sites.timeZone}), 'YYYY-MM-DD')`;

export async function readSecret(q: Queryable): Promise<string> {
  const [row] = await q.select({ secret: analysisSecret.secret }).from(analysisSecret).where(eq(analysisSecret.id, 1));
  if (!row) throw new Error('The analysis secret is missing: the migration creates it');
  return row.secret;
}

export async function participantPage(q: Queryable, scope: Scope, after: string | null, limit: number) {
  return q
    .select({
      id: participants.id,
      dateOfBirth: participants.dateOfBirth,
      gender: participants.gender,
      race: participants.race,
      ethnicity: participants.ethnicity,
      preferredLanguage: participants.preferredLanguage,
      custodyStatus: participants.custodyStatus,
      releaseDate: participants.releaseDate,
      referralSource: participants.referralSource,
      siteId: participants.siteId,
      siteType: sites.type,
      arms: sql<string | null>`(select string_agg(${studyAssignments.studyId}::text || ':' || ${studyAssignments.arm}, ';' order by ${studyAssignments.studyId}) from ${studyAssignments} where ${studyAssignments.participantId} = ${participants.id})`,
    })
    .from(participants)
    .innerJoin(sites, eq(sites.id, participants.siteId))
    .where(and(inScope(scope), after === null ? undefined : gt(participants.id, after)))
    .orderBy(asc(participants.id))
    .limit(limit);
}

export async function enrollmentPage(q: Queryable, scope: Scope, after: string | null, limit: number) {
  return q
    .select({
      id: enrollments.id,
      participantId: enrollments.participantId,
      siteId: enrollments.siteId,
      siteType: sites.type,
      enrolledOn: enrollments.enrolledOn,
      referralSource: enrollments.referralSource,
      coachId: enrollments.coachId,
      caseManagerId: enrollments.caseManagerId,
      phase: enrollments.phase,
      dischargedOn: enrollments.dischargedOn,
      dischargeReason: enrollments.dischargeReason,
    })
    .from(enrollments)
    .innerJoin(sites, eq(sites.id, enrollments.siteId))
    .where(and(ofScope(enrollments.participantId, scope), after === null ? undefined : gt(enrollments.id, after)))
    .orderBy(asc(enrollments.id))
    .limit(limit);
}

/** The funder's interviews (intake, 6-month follow-up, discharge) of each episode. */
export async function interviewPage(q: Queryable, scope: Scope, after: string | null, limit: number) {
  return q
    .select({
      id: enrollmentInterviews.id,
      enrollmentId: enrollmentInterviews.enrollmentId,
      participantId: enrollments.participantId,
      kind: enrollmentInterviews.kind,
      conductedOn: enrollmentInterviews.conductedOn,
      recordedBy: enrollmentInterviews.recordedBy,
    })
    .from(enrollmentInterviews)
    .innerJoin(enrollments, eq(enrollments.id, enrollmentInterviews.enrollmentId))
    .where(and(ofScope(enrollments.participantId, scope), after === null ? undefined : gt(enrollmentInterviews.id, after)))
    .orderBy(asc(enrollmentInterviews.id))
    .limit(limit);
}

/** Every critical-time phase each episode has been in. */
export async function phasePage(q: Queryable, scope: Scope, after: string | null, limit: number) {
  return q
    .select({
      id: enrollmentPhases.id,
      enrollmentId: enrollmentPhases.enrollmentId,
      participantId: enrollments.participantId,
      phase: enrollmentPhases.phase,
      startedOn: enrollmentPhases.startedOn,
    })
    .from(enrollmentPhases)
    .innerJoin(enrollments, eq(enrollments.id, enrollmentPhases.enrollmentId))
    .where(and(ofScope(enrollments.participantId, scope), after === null ? undefined : gt(enrollmentPhases.id, after)))
    .orderBy(asc(enrollmentPhases.id))
    .limit(limit);
}

/*
 * The largest tables (two million contacts, a million referral steps, the assessments
 * and referrals at a state's size) are read as plain rows named in the SQL, without
 * drizzle's per-row mapping (a tenth of the export's time in a CPU profile).
 */
const keysetWhere = (...conditions: (SQL | undefined)[]): SQL => and(...conditions) ?? sql`true`;

export interface ContactPageRow {
  id: string;
  participantId: string;
  siteId: string;
  occurredOn: string | null;
  durationMinutes: number | null;
  mode: (typeof contacts.$inferSelect)['mode'];
  locationType: (typeof contacts.$inferSelect)['locationType'];
  reached: boolean;
  attemptOutcome: (typeof contacts.$inferSelect)['attemptOutcome'];
  /** The services, joined with ';' by the database (no array parsed per contact). */
  services: string;
  createdBy: string | null;
}

export function contactPage(q: Queryable, scope: Scope, after: string | null, limit: number): Promise<ContactPageRow[]> {
  return selectRows<ContactPageRow>(
    q,
    sql`select ${contacts.id} as "id", ${contacts.participantId} as "participantId", ${contacts.siteId} as "siteId",
      ${dayOf(contacts.occurredAt)} as "occurredOn", ${contacts.durationMinutes} as "durationMinutes", ${contacts.mode} as "mode",
      ${contacts.locationType} as "locationType", ${contacts.reached} as "reached", ${contacts.attemptOutcome} as "attemptOutcome",
      array_to_string(${contacts.services}, ';') as "services", ${contacts.createdBy} as "createdBy"
    from ${contacts} inner join ${sites} on ${sites.id} = ${contacts.siteId}
    where ${keysetWhere(ofScope(contacts.participantId, scope), after === null ? undefined : gt(contacts.id, after))}
    order by ${contacts.id} limit ${limit}`,
  );
}

/** Every instrument version (a handful): its key, number and which items are free text. */
export async function instrumentVersionList(q: Queryable) {
  return q
    .select({ id: instrumentVersions.id, key: instruments.key, version: instrumentVersions.version, definition: instrumentVersions.definition })
    .from(instrumentVersions)
    .innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId));
}

export interface AssessmentPageRow {
  id: string;
  participantId: string;
  instrumentVersionId: string;
  status: (typeof assessments.$inferSelect)['status'];
  startedOn: string | null;
  completedOn: string | null;
  score: number | null;
  flags: string[];
}

/** Assessments without their answers (read again, on their own, for the answers file). */
export function assessmentPage(q: Queryable, scope: Scope, after: string | null, limit: number): Promise<AssessmentPageRow[]> {
  return selectRows<AssessmentPageRow>(
    q,
    sql`select ${assessments.id} as "id", ${assessments.participantId} as "participantId", ${assessments.instrumentVersionId} as "instrumentVersionId",
      ${assessments.status} as "status", ${dayOf(assessments.startedAt)} as "startedOn", ${dayOf(assessments.completedAt)} as "completedOn",
      ${assessments.score} as "score", ${assessments.flags} as "flags"
    from ${assessments}
      inner join ${participants} on ${participants.id} = ${assessments.participantId}
      inner join ${sites} on ${sites.id} = ${participants.siteId}
    where ${keysetWhere(inScope(scope), after === null ? undefined : gt(assessments.id, after))}
    order by ${assessments.id} limit ${limit}`,
  );
}

export interface AssessmentAnswersPageRow {
  id: string;
  participantId: string;
  instrumentVersionId: string;
  answers: Answers;
}

export function assessmentAnswersPage(q: Queryable, scope: Scope, after: string | null, limit: number): Promise<AssessmentAnswersPageRow[]> {
  return selectRows<AssessmentAnswersPageRow>(
    q,
    sql`select ${assessments.id} as "id", ${assessments.participantId} as "participantId", ${assessments.instrumentVersionId} as "instrumentVersionId",
      ${assessments.answers} as "answers"
    from ${assessments}
    where ${keysetWhere(ofScope(assessments.participantId, scope), after === null ? undefined : gt(assessments.id, after))}
    order by ${assessments.id} limit ${limit}`,
  );
}

/** The current version of each participant's plan (keyed by participant id). */
export async function currentPlanPage(q: Queryable, scope: Scope, after: string | null, limit: number) {
  return q
    .select({ id: recoveryPlans.participantId, number: recoveryPlanVersions.number, content: recoveryPlanVersions.content })
    .from(recoveryPlans)
    .innerJoin(recoveryPlanVersions, and(eq(recoveryPlanVersions.participantId, recoveryPlans.participantId), eq(recoveryPlanVersions.number, recoveryPlans.version)))
    .where(and(ofScope(recoveryPlans.participantId, scope), after === null ? undefined : gt(recoveryPlans.participantId, after)))
    .orderBy(asc(recoveryPlans.participantId))
    .limit(limit);
}

export interface ReferralPageRow {
  id: string;
  participantId: string;
  siteId: string;
  need: (typeof referrals.$inferSelect)['need'];
  urgency: (typeof referrals.$inferSelect)['urgency'];
  organization: string;
  status: (typeof referrals.$inferSelect)['status'];
  outcome: (typeof referrals.$inferSelect)['outcome'];
  createdOn: string | null;
  sentOn: string | null;
  appointmentOn: string | null;
}

export function referralPage(q: Queryable, scope: Scope, after: string | null, limit: number): Promise<ReferralPageRow[]> {
  return selectRows<ReferralPageRow>(
    q,
    sql`select ${referrals.id} as "id", ${referrals.participantId} as "participantId", ${referrals.siteId} as "siteId",
      ${referrals.need} as "need", ${referrals.urgency} as "urgency", ${referrals.resourceName} as "organization",
      ${referrals.status} as "status", ${referrals.outcome} as "outcome", ${dayOf(referrals.createdAt)} as "createdOn",
      ${dayOf(referrals.sentAt)} as "sentOn", ${referrals.appointmentOn}::text as "appointmentOn"
    from ${referrals} inner join ${sites} on ${sites.id} = ${referrals.siteId}
    where ${keysetWhere(ofScope(referrals.participantId, scope), after === null ? undefined : gt(referrals.id, after))}
    order by ${referrals.id} limit ${limit}`,
  );
}

export interface ReferralEventPageRow {
  id: string;
  referralId: string;
  participantId: string;
  step: number;
  fromStatus: (typeof referralEvents.$inferSelect)['fromStatus'];
  toStatus: (typeof referralEvents.$inferSelect)['toStatus'];
  on: string | null;
  by: string | null;
  appointmentOn: string | null;
  outcome: (typeof referralEvents.$inferSelect)['outcome'];
}

/**
 * Referral events in referral order, each referral's steps together: the export then
 * makes each referral's pseudonym once without remembering 200,000 of them. The
 * keyset is "referralId/version" (the index referral_events_referral_version_idx).
 */
export function referralEventPage(q: Queryable, scope: Scope, after: string | null, limit: number): Promise<ReferralEventPageRow[]> {
  const [afterReferral, afterVersion] = after === null ? [] : after.split('/');
  return selectRows<ReferralEventPageRow>(
    q,
    sql`select ${referralEvents.referralId}::text || '/' || ${referralEvents.version} as "id", ${referralEvents.referralId} as "referralId",
      ${referrals.participantId} as "participantId",
      ${referralEvents.version} as "step", ${referralEvents.fromStatus} as "fromStatus", ${referralEvents.toStatus} as "toStatus",
      ${dayOf(referralEvents.at)} as "on", ${referralEvents.by} as "by", ${referralEvents.appointmentOn}::text as "appointmentOn",
      ${referralEvents.outcome} as "outcome"
    from ${referralEvents}
      inner join ${referrals} on ${referrals.id} = ${referralEvents.referralId}
      inner join ${sites} on ${sites.id} = ${referrals.siteId}
    where ${keysetWhere(
      ofScope(referrals.participantId, scope),
      after === null ? undefined : sql`(${referralEvents.referralId}, ${referralEvents.version}) > (${afterReferral}::uuid, ${Number(afterVersion)}::int)`,
      // The same bound on the referrals joined, or each page's merge join reads them from the first.
      after === null ? undefined : sql`${referrals.id} >= ${afterReferral}::uuid`,
    )}
    order by ${referralEvents.referralId}, ${referralEvents.version} limit ${limit}`,
  );
}

export async function moudPage(q: Queryable, scope: Scope, after: string | null, limit: number) {
  return q
    .select({
      id: moudEpisodes.id,
      participantId: moudEpisodes.participantId,
      siteId: moudEpisodes.siteId,
      medication: moudEpisodes.medication,
      fromReferral: sql<boolean>`${moudEpisodes.referralId} is not null`,
      startedOn: moudEpisodes.startedOn,
      endedOn: moudEpisodes.endedOn,
      endReason: moudEpisodes.endReason,
    })
    .from(moudEpisodes)
    .where(and(ofScope(moudEpisodes.participantId, scope), after === null ? undefined : gt(moudEpisodes.id, after)))
    .orderBy(asc(moudEpisodes.id))
    .limit(limit);
}

export async function distributionPage(q: Queryable, scope: Scope, after: string | null, limit: number) {
  return q
    .select({
      id: naloxoneDistributions.id,
      participantId: sql<string>`${naloxoneDistributions.participantId}`,
      siteId: naloxoneDistributions.siteId,
      recipientType: naloxoneDistributions.recipientType,
      relationship: naloxoneDistributions.relationship,
      product: naloxoneDistributions.product,
      kits: naloxoneDistributions.kits,
      distributedOn: naloxoneDistributions.distributedOn,
      trainingGiven: naloxoneDistributions.trainingGiven,
      trainedBy: naloxoneDistributions.trainedBy,
      zip: naloxoneDistributions.zip,
    })
    .from(naloxoneDistributions)
    .where(and(isNotNull(naloxoneDistributions.participantId), ofScope(naloxoneDistributions.participantId, scope), after === null ? undefined : gt(naloxoneDistributions.id, after)))
    .orderBy(asc(naloxoneDistributions.id))
    .limit(limit);
}

/** Reversals reported about a participant (the note is never read). */
export async function reversalPage(q: Queryable, scope: Scope, after: string | null, limit: number) {
  return q
    .select({
      id: naloxoneReversals.id,
      participantId: sql<string>`${naloxoneReversals.participantId}`,
      siteId: naloxoneReversals.siteId,
      distributionId: naloxoneReversals.distributionId,
      occurredOn: naloxoneReversals.occurredOn,
      zip: naloxoneReversals.zip,
      administeredBy: naloxoneReversals.administeredBy,
      dosesUsed: naloxoneReversals.dosesUsed,
      survived: naloxoneReversals.survived,
      emsCalled: naloxoneReversals.emsCalled,
      rescueBreathing: naloxoneReversals.rescueBreathing,
    })
    .from(naloxoneReversals)
    .where(and(isNotNull(naloxoneReversals.participantId), ofScope(naloxoneReversals.participantId, scope), after === null ? undefined : gt(naloxoneReversals.id, after)))
    .orderBy(asc(naloxoneReversals.id))
    .limit(limit);
}

export async function criticalEventPage(q: Queryable, scope: Scope, after: string | null, limit: number) {
  return q
    .select({
      id: criticalEvents.id,
      participantId: criticalEvents.participantId,
      siteId: criticalEvents.siteId,
      kind: criticalEvents.kind,
      occurredOn: criticalEvents.occurredOn,
      source: criticalEvents.source,
      daysSinceRelease: criticalEvents.daysSinceRelease,
    })
    .from(criticalEvents)
    .where(and(ofScope(criticalEvents.participantId, scope), after === null ? undefined : gt(criticalEvents.id, after)))
    .orderBy(asc(criticalEvents.id))
    .limit(limit);
}

export async function assignmentPage(q: Queryable, scope: Scope, after: string | null, limit: number) {
  return q
    .select({
      id: studyAssignments.id,
      studyId: studyAssignments.studyId,
      studyName: studies.name,
      participantId: studyAssignments.participantId,
      arm: studyAssignments.arm,
      stratumKey: studyAssignments.stratumKey,
      blockNumber: studyAssignments.blockNumber,
      assignedOn: dayOf(studyAssignments.assignedAt),
      assignedBy: studyAssignments.assignedBy,
    })
    .from(studyAssignments)
    .innerJoin(studies, eq(studies.id, studyAssignments.studyId))
    .innerJoin(participants, eq(participants.id, studyAssignments.participantId))
    .innerJoin(sites, eq(sites.id, participants.siteId))
    .where(and(inScope(scope), after === null ? undefined : gt(studyAssignments.id, after)))
    .orderBy(asc(studyAssignments.id))
    .limit(limit);
}

/* ---------- the record of exports ---------- */

export async function insertExportRecord(q: Queryable, values: typeof analysisExports.$inferInsert) {
  const [row] = await q.insert(analysisExports).values(values).returning({ id: analysisExports.id });
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function finishExportRecord(q: Queryable, id: string, values: Partial<typeof analysisExports.$inferInsert>) {
  await q.update(analysisExports).set(values).where(eq(analysisExports.id, id));
}

export async function exportRecords(q: Queryable, limit: number) {
  return q
    .select({ e: analysisExports, name: users.name })
    .from(analysisExports)
    .leftJoin(users, eq(users.id, analysisExports.requestedBy))
    .orderBy(desc(analysisExports.requestedAt), desc(analysisExports.id))
    .limit(limit);
}
