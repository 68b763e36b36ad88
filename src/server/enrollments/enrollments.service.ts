/**
 * Enrollment episodes of a participant: enroll, change team/phase/referral source,
 * discharge, record the funder's interviews. Each call first makes sure the actor
 * may see the participant (404 otherwise) and audits in the same transaction.
 */
import {
  dischargeDateIssues,
  enrollmentDateIssues,
  interviewDateIssues,
  interviewSchedule,
  phaseByDates,
  phaseDateIssues,
  suggestedPhase,
  type DateIssue,
  type DischargeInput,
  type Enrollment,
  type EnrollmentCreateInput,
  type EnrollmentUpdateInput,
  type InterviewInput,
} from '../../core/enrollments.ts';
import type { CustodyStatus, Role } from '../../core/enums.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { isoDateIn } from '../clock.ts';
import type { Tx } from '../db/database.ts';
import { onUniqueViolation } from '../db/unique-violation.ts';
import type { Actor } from '../http/actor.ts';
import { Conflict, NotFound, StaleVersion, ValidationError } from '../http/errors.ts';
import { requireVisibleParticipant } from '../participants/participants.service.ts';
import { getVisibleSite } from '../sites/sites.service.ts';
import {
  episodeTeamRows,
  findEnrollment,
  findOpenEnrollment,
  findTeamMember,
  insertEnrollment,
  insertInterview,
  insertPhase,
  latestEpisodeRows,
  listTeamCandidates,
  loadEnrollments,
  updateEnrollmentRow,
  type EnrollmentBundle,
  type EpisodeTeam,
} from './enrollments.repository.ts';

const alreadyEnrolled = () => new Conflict('This participant already has an open enrollment. Discharge it before enrolling again.', 'already_enrolled');
const actorId = (actor: Actor) => (actor.via === 'system' ? null : actor.userId);

/** What the phase-by-dates rule reads about the participant. */
type Who = { id: string; custodyStatus: CustodyStatus; releaseDate: string | null };

function toEnrollment(b: EnrollmentBundle, today: string, who: Who): Enrollment {
  const r = b.row;
  return {
    id: r.id,
    participantId: r.participantId,
    siteId: r.siteId,
    siteName: b.siteName,
    enrolledOn: r.enrolledOn,
    referralSource: r.referralSource,
    coach: r.coachId ? { id: r.coachId, name: b.coachName ?? '' } : null,
    caseManager: r.caseManagerId ? { id: r.caseManagerId, name: b.caseManagerName ?? '' } : null,
    phase: r.phase,
    phaseStartedOn: r.phaseStartedOn,
    phases: b.phases,
    phaseByDates: phaseByDates(r, who, today),
    dischargedOn: r.dischargedOn,
    dischargeReason: r.dischargeReason,
    dischargeNote: r.dischargeNote,
    interviews: b.interviews,
    schedule: interviewSchedule({ enrolledOn: r.enrolledOn, dischargedOn: r.dischargedOn, interviews: b.interviews }, today),
    version: r.version,
  };
}

function failIf(issues: DateIssue[]) {
  if (issues.length > 0) throw new ValidationError(issues);
}

/** The participant (locked when changing) and today's date at their site. */
async function context(tx: Tx, actor: Actor, participantId: string, now: Date, forUpdate: boolean) {
  const participant = await requireVisibleParticipant(tx, actor, participantId, { forUpdate });
  const site = await getVisibleSite(tx, actor, participant.siteId);
  return { participant, today: isoDateIn(now, site.timeZone) };
}

/** Each team member sent must be an active user in that role at the participant's site. */
async function checkTeam(tx: Tx, siteId: string, team: { coachId?: string | null | undefined; caseManagerId?: string | null | undefined }) {
  const issues: DateIssue[] = [];
  const check = async (field: 'coachId' | 'caseManagerId', role: Role, message: string) => {
    const id = team[field];
    if (id && !(await findTeamMember(tx, id, role, siteId))) issues.push({ path: field, message });
  };
  await check('coachId', 'coach', "Choose an active coach at the participant's site");
  await check('caseManagerId', 'case_manager', "Choose an active case manager at the participant's site");
  failIf(issues);
}

async function loadOne(tx: Tx, who: Who, id: string, today: string): Promise<Enrollment> {
  const [bundle] = await loadEnrollments(tx, who.id, id);
  if (!bundle) throw new NotFound('Enrollment');
  return toEnrollment(bundle, today, who);
}

async function lockedEpisode(tx: Tx, participantId: string, id: string, version: number | null) {
  const row = await findEnrollment(tx, participantId, id, { forUpdate: true });
  if (!row) throw new NotFound('Enrollment');
  if (version !== null && row.version !== version) throw new StaleVersion('enrollment');
  return row;
}

export async function listEnrollments(tx: Tx, actor: Actor, participantId: string, now: Date): Promise<Enrollment[]> {
  const { participant, today } = await context(tx, actor, participantId, now, false);
  const bundles = await loadEnrollments(tx, participantId);
  await recordAudit(tx, actor, now, { action: 'enrollment.list', recordType: 'participant', recordId: participantId, participantId });
  return bundles.map((b) => toEnrollment(b, today, participant));
}

export async function enroll(tx: Tx, actor: Actor, participantId: string, input: EnrollmentCreateInput, now: Date): Promise<Enrollment> {
  // The participant's row lock makes two enrollments at once wait for each other.
  const { participant, today } = await context(tx, actor, participantId, now, true);
  failIf(enrollmentDateIssues(input.enrolledOn, today));
  await checkTeam(tx, participant.siteId, input);
  if (await findOpenEnrollment(tx, participantId)) throw alreadyEnrolled();
  const phase = input.phase ?? suggestedPhase(participant, input.enrolledOn);
  const row = await insertEnrollment(tx, {
    participantId,
    siteId: participant.siteId,
    enrolledOn: input.enrolledOn,
    referralSource: input.referralSource,
    coachId: input.coachId ?? null,
    caseManagerId: input.caseManagerId ?? null,
    phase,
    phaseStartedOn: input.enrolledOn,
    createdAt: now,
    updatedAt: now,
    createdBy: actorId(actor),
    updatedBy: actorId(actor),
  }).catch(onUniqueViolation('enrollments_one_open_per_participant', alreadyEnrolled));
  await insertPhase(tx, { enrollmentId: row.id, phase, startedOn: input.enrolledOn, recordedAt: now, recordedBy: actorId(actor) });
  await recordAudit(tx, actor, now, { action: 'enrollment.create', recordType: 'enrollment', recordId: row.id, participantId });
  return loadOne(tx, participant, row.id, today);
}

export async function updateEnrollment(
  tx: Tx,
  actor: Actor,
  participantId: string,
  id: string,
  input: EnrollmentUpdateInput,
  now: Date,
): Promise<Enrollment> {
  const { participant, today } = await context(tx, actor, participantId, now, false);
  const current = await lockedEpisode(tx, participantId, id, input.version);
  if (current.dischargedOn) throw new Conflict('This enrollment is discharged; enroll the participant again to change it.', 'enrollment_closed');
  // Only a team member who changes is checked: a phase change must not fail because someone already on the team has left the site.
  await checkTeam(tx, participant.siteId, {
    coachId: input.coachId !== current.coachId ? input.coachId : undefined,
    caseManagerId: input.caseManagerId !== current.caseManagerId ? input.caseManagerId : undefined,
  });
  const values: Parameters<typeof updateEnrollmentRow>[3] = { updatedAt: now, updatedBy: actorId(actor) };
  const changed: string[] = [];
  for (const field of ['referralSource', 'coachId', 'caseManagerId'] as const) {
    const next = input[field];
    if (next !== undefined && next !== current[field]) {
      Object.assign(values, { [field]: next });
      changed.push(field);
    }
  }
  const phaseChanges = input.phase !== undefined && input.phase !== current.phase;
  const startedOn = input.phaseStartedOn ?? today;
  if (phaseChanges && input.phase) {
    failIf(phaseDateIssues(current, startedOn, today));
    Object.assign(values, { phase: input.phase, phaseStartedOn: startedOn });
    changed.push('phase');
  }
  if (changed.length === 0) return loadOne(tx, participant, id, today);
  const row = await updateEnrollmentRow(tx, id, input.version, values);
  if (!row) throw new StaleVersion('enrollment');
  if (phaseChanges && input.phase) {
    await insertPhase(tx, { enrollmentId: id, phase: input.phase, startedOn, recordedAt: now, recordedBy: actorId(actor) });
  }
  await recordAudit(tx, actor, now, { action: 'enrollment.update', recordType: 'enrollment', recordId: id, participantId, details: { changed } });
  return loadOne(tx, participant, id, today);
}

export async function dischargeEnrollment(
  tx: Tx,
  actor: Actor,
  participantId: string,
  id: string,
  input: DischargeInput,
  now: Date,
): Promise<Enrollment> {
  const { participant, today } = await context(tx, actor, participantId, now, false);
  const current = await lockedEpisode(tx, participantId, id, input.version);
  if (current.dischargedOn) throw new Conflict('This enrollment is already discharged.', 'already_discharged');
  failIf(dischargeDateIssues(current, input.dischargedOn, today));
  const row = await updateEnrollmentRow(tx, id, input.version, {
    dischargedOn: input.dischargedOn,
    dischargeReason: input.reason,
    dischargeNote: input.note ?? null,
    updatedAt: now,
    updatedBy: actorId(actor),
  });
  if (!row) throw new StaleVersion('enrollment');
  await recordAudit(tx, actor, now, {
    action: 'enrollment.discharge',
    recordType: 'enrollment',
    recordId: id,
    participantId,
    details: { fields: ['dischargedOn', 'reason', ...(input.note ? ['note'] : [])] },
  });
  return loadOne(tx, participant, id, today);
}

export async function recordInterview(
  tx: Tx,
  actor: Actor,
  participantId: string,
  id: string,
  input: InterviewInput,
  now: Date,
): Promise<Enrollment> {
  const { participant, today } = await context(tx, actor, participantId, now, false);
  await lockedEpisode(tx, participantId, id, null);
  const [bundle] = await loadEnrollments(tx, participantId, id);
  if (!bundle) throw new NotFound('Enrollment');
  const recorded = () => new Conflict('This interview is already recorded for this enrollment.', 'interview_recorded');
  if (bundle.interviews.some((i) => i.kind === input.kind)) throw recorded();
  failIf(interviewDateIssues({ enrolledOn: bundle.row.enrolledOn, dischargedOn: bundle.row.dischargedOn, interviews: bundle.interviews }, input, today));
  await insertInterview(tx, { enrollmentId: id, kind: input.kind, conductedOn: input.conductedOn, recordedAt: now, recordedBy: actorId(actor) }).catch(
    onUniqueViolation('enrollment_interviews_once_per_kind', recorded),
  );
  await recordAudit(tx, actor, now, {
    action: 'enrollment.interview',
    recordType: 'enrollment',
    recordId: id,
    participantId,
    details: { fields: ['kind', 'conductedOn'] },
  });
  return loadOne(tx, participant, id, today);
}

/**
 * Who may be on the participant's team: active coaches and case managers at their site.
 * Only staff names, but asking says the participant exists and where: audited like every read about them.
 */
export async function teamOptions(tx: Tx, actor: Actor, participantId: string, now: Date) {
  const participant = await requireVisibleParticipant(tx, actor, participantId);
  const people = await listTeamCandidates(tx, participant.siteId);
  await recordAudit(tx, actor, now, { action: 'enrollment.team', recordType: 'participant', recordId: participantId, participantId });
  return {
    coaches: people.filter((p) => p.role === 'coach').map(({ id, name }) => ({ id, name })),
    caseManagers: people.filter((p) => p.role === 'case_manager').map(({ id, name }) => ({ id, name })),
  };
}

/* ---------- for other features (the critical-time worklist) ---------- */

export type WorklistEpisode = Awaited<ReturnType<typeof latestEpisodeRows>>[number];

/**
 * Each participant's latest episode at these sites (null: all), open or
 * discharged on or after `dischargedSince`, optionally only those whose latest
 * episode has that team member, with the earlier episodes discharged since then.
 * The caller has already limited the sites to its actor's and audits what it shows.
 */
export async function worklistEpisodes(
  tx: Tx,
  siteIds: readonly string[] | null,
  options: { assignedTo?: string | undefined; dischargedSince: string },
): Promise<WorklistEpisode[]> {
  return latestEpisodeRows(tx, siteIds, options);
}

/** The team and the last successful contact of the episodes a worklist shows (ids from worklistEpisodes). */
export async function episodeTeams(tx: Tx, enrollmentIds: readonly string[]): Promise<Map<string, EpisodeTeam>> {
  return episodeTeamRows(tx, enrollmentIds);
}
