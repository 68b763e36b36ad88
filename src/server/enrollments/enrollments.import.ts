/**
 * A participant's whole enrollment history in a few statements, for the demo seed
 * (and later a data import): every episode is held to the same rules as the HTTP
 * API — dates not in the future, discharge not before enrollment, phases in
 * order, interviews in range, one open episode, a team from the site — and each
 * step is audited as the API would have audited it.
 */
import {
  dischargeDateIssues,
  enrollmentDateIssues,
  interviewDateIssues,
  phaseDateIssues,
  type DischargeReason,
  type EnrollmentPhase,
  type InterviewKind,
} from '../../core/enrollments.ts';
import type { ReferralSource } from '../../core/enums.ts';
import { recordAudit, type AuditEntry } from '../audit/audit.service.ts';
import { isoDateIn } from '../clock.ts';
import type { Tx } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { ValidationError } from '../http/errors.ts';
import { requireVisibleParticipant } from '../participants/participants.service.ts';
import { getVisibleSite } from '../sites/sites.service.ts';
import { findOpenEnrollment, findTeamMember } from './enrollments.repository.ts';
import { enrollmentInterviews, enrollmentPhases, enrollments } from './enrollments.table.ts';

export interface EpisodeHistory {
  enrolledOn: string;
  referralSource: ReferralSource;
  coachId: string | null;
  caseManagerId: string | null;
  /** In order; the first starts on the enrollment date. */
  phases: { phase: EnrollmentPhase; startedOn: string }[];
  interviews: { kind: InterviewKind; conductedOn: string }[];
  discharge: { on: string; reason: DischargeReason; note: string | null } | null;
}

const moment = (date: string, now: Date) => new Date(Math.min(Date.parse(`${date}T18:00:00Z`), now.getTime()));

export async function importEpisodes(tx: Tx, actor: Actor, participantId: string, history: readonly EpisodeHistory[], now: Date): Promise<number> {
  if (history.length === 0) return 0;
  const participant = await requireVisibleParticipant(tx, actor, participantId, { forUpdate: true });
  const site = await getVisibleSite(tx, actor, participant.siteId);
  const today = isoDateIn(now, site.timeZone);
  const fail = (issues: { path: string; message: string }[]) => {
    if (issues.length) throw new ValidationError(issues);
  };
  const team = new Map<string, boolean>();
  const onTeam = async (id: string | null, role: 'coach' | 'case_manager') => {
    if (!id) return true;
    const key = `${id}/${role}`;
    if (!team.has(key)) team.set(key, (await findTeamMember(tx, id, role, participant.siteId)) !== undefined);
    return team.get(key) === true;
  };
  const open = history.filter((e) => !e.discharge).length + ((await findOpenEnrollment(tx, participantId)) ? 1 : 0);
  if (open > 1) throw new ValidationError([{ path: 'discharge', message: 'At most one open episode' }]);

  const who = actor.via === 'system' ? null : actor.userId;
  const rows = [];
  for (const e of history) {
    fail(enrollmentDateIssues(e.enrolledOn, today));
    if (!(await onTeam(e.coachId, 'coach'))) fail([{ path: 'coachId', message: 'Not a coach at the site' }]);
    if (!(await onTeam(e.caseManagerId, 'case_manager'))) fail([{ path: 'caseManagerId', message: 'Not a case manager at the site' }]);
    const first = e.phases[0];
    if (!first || first.startedOn !== e.enrolledOn) fail([{ path: 'phases', message: 'The first phase starts on the enrollment date' }]);
    e.phases.slice(1).forEach((p, i) => fail(phaseDateIssues({ enrolledOn: e.enrolledOn, phaseStartedOn: e.phases[i]?.startedOn ?? e.enrolledOn }, p.startedOn, e.discharge?.on ?? today)));
    if (e.discharge) fail(dischargeDateIssues(e, e.discharge.on, today));
    const dates = { enrolledOn: e.enrolledOn, dischargedOn: e.discharge?.on ?? null, interviews: e.interviews };
    for (const i of e.interviews) fail(interviewDateIssues(dates, i, today));
    const last = e.phases.at(-1) ?? { phase: 'try_out' as const, startedOn: e.enrolledOn };
    rows.push({
      participantId,
      siteId: participant.siteId,
      enrolledOn: e.enrolledOn,
      referralSource: e.referralSource,
      coachId: e.coachId,
      caseManagerId: e.caseManagerId,
      phase: last.phase,
      phaseStartedOn: last.startedOn,
      dischargedOn: e.discharge?.on ?? null,
      dischargeReason: e.discharge?.reason ?? null,
      dischargeNote: e.discharge?.note ?? null,
      version: e.phases.length + (e.discharge ? 1 : 0),
      createdAt: moment(e.enrolledOn, now),
      updatedAt: moment(e.discharge?.on ?? last.startedOn, now),
      createdBy: who,
      updatedBy: who,
    });
  }
  const inserted = await tx.insert(enrollments).values(rows).returning({ id: enrollments.id });
  const phases = history.flatMap((e, i) => e.phases.map((p) => ({ enrollmentId: inserted[i]?.id ?? '', ...p, recordedAt: moment(p.startedOn, now), recordedBy: who })));
  const interviews = history.flatMap((e, i) => e.interviews.map((x) => ({ enrollmentId: inserted[i]?.id ?? '', ...x, recordedAt: moment(x.conductedOn, now), recordedBy: who })));
  await tx.insert(enrollmentPhases).values(phases);
  if (interviews.length) await tx.insert(enrollmentInterviews).values(interviews);

  const audit = (at: string, action: string, recordId: string, details?: Record<string, unknown>): { at: Date; entry: AuditEntry } => ({
    at: moment(at, now),
    entry: { action, recordType: 'enrollment', recordId, participantId, ...(details ? { details } : {}) },
  });
  const entries = history.flatMap((e, i) => {
    const id = inserted[i]?.id ?? '';
    return [
      audit(e.enrolledOn, 'enrollment.create', id),
      ...e.phases.slice(1).map((p) => audit(p.startedOn, 'enrollment.update', id, { changed: ['phase'] })),
      ...e.interviews.map((x) => audit(x.conductedOn, 'enrollment.interview', id, { fields: ['kind', 'conductedOn'] })),
      ...(e.discharge ? [audit(e.discharge.on, 'enrollment.discharge', id, { fields: ['dischargedOn', 'reason'] })] : []),
    ];
  });
  for (const { at, entry } of entries) await recordAudit(tx, actor, at, entry);
  return inserted.length;
}
