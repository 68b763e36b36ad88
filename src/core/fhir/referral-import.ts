/**
 * A FHIR ServiceRequest with its Task(s) coming in, for a referral Tandem does not
 * have yet → the referral to create (the reverse of toServiceRequest and toTask in
 * referrals.ts) and the lifecycle steps that bring it from draft to where the Task
 * says it stands, each one a legal transition (core/referrals.ts). What Tandem
 * cannot read, or a status it cannot reach, is named by its FHIR path.
 */
import type { Coding, Reference, ServiceRequest, Task } from '@medplum/fhirtypes';
import {
  CLOSE_OUTCOMES,
  REFERRAL_NEEDS,
  REFERRAL_TRANSITIONS,
  type ReferralNeed,
  type ReferralStatus,
  type ReferralUrgency,
} from '../referrals.ts';
import { SYSTEM, tandemSystem } from './codes.ts';
import { calendarDate, instantOf, parseReference, tandemIdOf, type ImportIssue } from './import-references.ts';
import { OUTCOME_SYSTEM, TASK_OUTPUT_SYSTEM, statusFromTask } from './referrals.ts';

/** Gravity SDOH categories back to Tandem needs (the export's SDOH_CATEGORY, inverted; import.test.ts checks they agree). */
const NEED_OF_SDOH: Record<string, ReferralNeed> = {
  'housing-instability': 'housing',
  homelessness: 'housing',
  'inadequate-housing': 'housing',
  'food-insecurity': 'food',
  'transportation-insecurity': 'transportation',
  'health-insurance-coverage-status': 'health_insurance',
  'employment-status': 'income_employment',
};

const URGENCY: Record<NonNullable<ServiceRequest['priority']>, ReferralUrgency> = { routine: 'routine', urgent: 'urgent', asap: 'urgent', stat: 'emergency' };

type CloseOutcome = (typeof CLOSE_OUTCOMES)[number];

export interface ReferralRead {
  /** The Tandem id the ServiceRequest was exported with (its identifier), if any. */
  tandemId: string | null;
  patient: Reference;
  /** The organization referred to: ServiceRequest.performer, else the Task's owner. */
  performer: Reference;
  need: ReferralNeed;
  urgency: ReferralUrgency;
  notes: string | null;
  /** Where the referral stands, by its Task (or the ServiceRequest's own status without one). */
  target: ReferralStatus;
  /** The statuses after draft, in order, each a legal step from the one before. */
  steps: ReferralStatus[];
  appointment: { on: string; time: string | null; place: string | null } | null;
  outcome: CloseOutcome | null;
  /** The Task's reason or note, for the last step. */
  note: string | null;
  createdAt: Date | null;
  sentAt: Date | null;
  movedAt: Date | null;
  /** The Task that said where it stands (`Task/<id>` keys are the caller's). */
  task: Task | null;
}

/** Where a field of a referral or a step lives in the ServiceRequest and Task, to name a rejected field by its FHIR path. */
export const REFERRAL_PATHS: Record<string, string> = {
  need: 'ServiceRequest.code',
  resourceId: 'ServiceRequest.performer',
  urgency: 'ServiceRequest.priority',
  notes: 'ServiceRequest.note',
  appointmentOn: 'Task.output',
  appointmentTime: 'Task.output',
  appointmentPlace: 'Task.output',
  outcome: 'Task.statusReason',
  note: 'Task.statusReason',
};

const codeIn = (codings: readonly Coding[] | undefined, system: string) => codings?.find((c) => c.system === system)?.code;

/** Shortest legal way from one status to another (no repeated steps), or null when there is none. */
export function shortestSteps(from: ReferralStatus, to: ReferralStatus): ReferralStatus[] | null {
  if (from === to) return [];
  const previous = new Map<ReferralStatus, ReferralStatus>();
  const queue: ReferralStatus[] = [from];
  while (queue.length > 0) {
    const at = queue.shift() as ReferralStatus;
    for (const next of REFERRAL_TRANSITIONS[at]) {
      if (next === at || next === from || previous.has(next)) continue;
      previous.set(next, at);
      if (next === to) {
        const path: ReferralStatus[] = [to];
        let back = at;
        while (back !== from) {
          path.unshift(back);
          back = previous.get(back) as ReferralStatus;
        }
        return path;
      }
      queue.push(next);
    }
  }
  return null;
}

/** The steps from draft to `target`, through `sent` when the referral was sent (it carried a consent). */
export function lifecycleSteps(target: ReferralStatus, wasSent: boolean): ReferralStatus[] | null {
  if (!wasSent || target === 'draft' || target === 'sent') return shortestSteps('draft', target);
  const rest = shortestSteps('sent', target);
  return rest ? ['sent', ...rest] : null;
}

/** The Task that says where the referral stands: the last one modified (the later in the Bundle on a tie). */
export function latestTask(tasks: readonly Task[]): Task | null {
  let latest: Task | null = null;
  for (const t of tasks) {
    const at = t.lastModified ?? t.authoredOn ?? '';
    if (!latest || at >= (latest.lastModified ?? latest.authoredOn ?? '')) latest = t;
  }
  return latest;
}

function needOf(sr: ServiceRequest): ReferralNeed | null {
  const own = codeIn(sr.code?.coding, tandemSystem('referral-need'));
  if (own && (REFERRAL_NEEDS as readonly string[]).includes(own)) return own as ReferralNeed;
  for (const c of sr.category ?? []) {
    const sdoh = codeIn(c.coding, SYSTEM.sdohcc);
    if (sdoh && NEED_OF_SDOH[sdoh]) return NEED_OF_SDOH[sdoh];
  }
  return null;
}

/** Reads a ServiceRequest and the Tasks whose focus it is. */
export function readReferral(sr: ServiceRequest, tasks: readonly Task[]): ReferralRead | ImportIssue[] {
  const issues: ImportIssue[] = [];
  if (!sr.subject) issues.push({ path: 'ServiceRequest.subject', message: 'Name the participant referred (ServiceRequest.subject)' });
  else if (parseReference(sr.subject.reference)?.type !== 'Patient' && !sr.subject.identifier) {
    issues.push({ path: 'ServiceRequest.subject', message: 'The subject must be a Patient' });
  }
  const need = needOf(sr);
  if (!need) {
    issues.push({ path: 'ServiceRequest.code', message: `Say what the referral is for (${tandemSystem('referral-need')}, or a Gravity SDOH category Tandem has a need for)` });
  }
  const task = latestTask(tasks);
  const performer = sr.performer?.[0] ?? task?.owner;
  if (!performer || (!performer.reference && !performer.identifier)) {
    issues.push({ path: 'ServiceRequest.performer', message: 'Name the organization referred to (ServiceRequest.performer or the Task’s owner)' });
  }

  let target: ReferralStatus | null = null;
  if (task) {
    const read = statusFromTask(task);
    if ('path' in read) issues.push(read);
    else target = read.to;
  } else if (sr.status === 'draft') target = 'draft';
  else if (sr.status === 'active') target = 'sent';
  else issues.push({ path: 'ServiceRequest.status', message: `A ServiceRequest that is "${sr.status}" needs its Task to say where the referral stands` });

  const out = (code: string) => task?.output?.find((o) => codeIn(o.type.coding, TASK_OUTPUT_SYSTEM) === code);
  const on = calendarDate(out('appointment-date')?.valueDate);
  const appointment = on ? { on, time: out('appointment-time')?.valueTime?.slice(0, 5) ?? null, place: out('appointment-place')?.valueString ?? null } : null;
  const outcomeCode = codeIn(task?.statusReason?.coding, OUTCOME_SYSTEM);
  if (outcomeCode !== undefined && !(CLOSE_OUTCOMES as readonly string[]).includes(outcomeCode)) {
    issues.push({ path: 'Task.statusReason', message: `Unknown outcome "${outcomeCode}" (${CLOSE_OUTCOMES.join(', ')})` });
  }
  const wasSent = (sr.supportingInfo ?? []).some((r) => parseReference(r.reference)?.type === 'Consent');
  const steps = target ? lifecycleSteps(target, wasSent) : null;
  if (target && !steps) issues.push({ path: 'Task.status', message: `A new referral cannot reach "${target}" through the referral steps` });
  if (steps?.includes('appointment_scheduled') && !appointment) {
    issues.push({
      path: 'Task.output',
      message: `Reaching "${target ?? ''}" goes through an appointment: the Task needs its date (output appointment-date, YYYY-MM-DD)`,
    });
  }
  if (issues.length || !need || !performer || !target || !steps || !sr.subject) return issues;
  return {
    tandemId: tandemIdOf(sr.identifier),
    patient: sr.subject,
    performer,
    need,
    urgency: URGENCY[sr.priority ?? 'routine'],
    notes: sr.note?.[0]?.text ?? null,
    target,
    steps,
    appointment,
    outcome: target === 'closed' ? ((outcomeCode as CloseOutcome | undefined) ?? 'other') : null,
    note: task?.statusReason?.text ?? task?.note?.[0]?.text ?? null,
    createdAt: instantOf(task?.authoredOn) ?? instantOf(sr.authoredOn),
    sentAt: instantOf(sr.authoredOn),
    movedAt: instantOf(task?.lastModified) ?? instantOf(task?.meta?.lastUpdated),
    task,
  };
}
