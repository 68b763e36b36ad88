/**
 * referral → ServiceRequest (what is asked, of whom) with a Task (where it stands:
 * the Gravity SDOH Clinical Care referral-management Task, its status from
 * FHIR_TASK_STATUS in core/referrals.ts). Also the reverse: what status a Task
 * coming back from the provider asks the referral to take.
 */
import type { Coding, ServiceRequest, Task, TaskOutput } from '@medplum/fhirtypes';
import {
  CLOSE_OUTCOMES,
  DECEASED_OUTCOME,
  FHIR_TASK_STATUS,
  REFERRAL_STATUSES,
  type ReferralNeed,
  type ReferralStatus,
  type ReferralSummary,
  type ReferralUrgency,
} from '../referrals.ts';
import { REFERRAL_TASK_IDENTIFIER, SYSTEM, tandemCoding, tandemSystem } from './codes.ts';
import { compact, part2Meta, practitionerRef, ref, uuidIdentifier } from './common.ts';

/** Gravity SDOH categories (SDOHCC temporary code system) for the needs that have one. */
const SDOH_CATEGORY: Partial<Record<ReferralNeed, { code: string; display: string }>> = {
  housing: { code: 'housing-instability', display: 'Housing Instability' },
  food: { code: 'food-insecurity', display: 'Food Insecurity' },
  transportation: { code: 'transportation-insecurity', display: 'Transportation Insecurity' },
  health_insurance: { code: 'health-insurance-coverage-status', display: 'Health Insurance Coverage Status' },
  income_employment: { code: 'employment-status', display: 'Employment Status' },
};

const PRIORITY: Record<ReferralUrgency, ServiceRequest['priority']> = { routine: 'routine', urgent: 'urgent', emergency: 'stat' };

const REQUEST_STATUS: Record<ReferralStatus, ServiceRequest['status']> = {
  draft: 'draft',
  sent: 'active',
  accepted: 'active',
  declined: 'active',
  appointment_scheduled: 'active',
  attended: 'active',
  no_show: 'active',
  completed: 'completed',
  closed: 'revoked',
};

export const BUSINESS_STATUS_SYSTEM = tandemSystem('referral-business-status');
export const OUTCOME_SYSTEM = tandemSystem('referral-outcome');
export const TASK_OUTPUT_SYSTEM = tandemSystem('referral-task-output');

export function toServiceRequest(r: ReferralSummary): ServiceRequest {
  const sdoh = SDOH_CATEGORY[r.need];
  return compact<ServiceRequest>({
    resourceType: 'ServiceRequest',
    id: r.id,
    meta: part2Meta({ versionId: String(r.version) }),
    identifier: [uuidIdentifier(r.id)],
    status: REQUEST_STATUS[r.status],
    intent: 'order',
    category: sdoh ? [{ coding: [{ system: SYSTEM.sdohcc, ...sdoh }] }] : undefined,
    priority: PRIORITY[r.urgency],
    code: { coding: [tandemCoding('referral-need', r.need)], text: r.need.replace(/_/g, ' ') },
    subject: ref('Patient', r.participantId),
    authoredOn: new Date(r.sentAt ?? r.createdAt).toISOString(),
    requester: practitionerRef(r.createdBy),
    // The organization, and the directory service when the referral names one (the HealthcareService of the same id).
    performer: [
      ref('Organization', r.resource.id, r.resource.name),
      ...(r.service?.id ? [ref('HealthcareService', r.service.id, r.service.name)] : []),
    ],
    locationReference: r.location?.id ? [ref('Location', r.location.id, r.location.name)] : undefined,
    supportingInfo: r.consentId ? [ref('Consent', r.consentId)] : undefined,
    // Written for the receiving organization: it goes with the referral.
    note: r.notes ? [{ text: r.notes }] : undefined,
  });
}

function output(code: string, value: Partial<TaskOutput>): TaskOutput {
  return { type: { coding: [{ system: TASK_OUTPUT_SYSTEM, code }] }, ...value };
}

export function toTask(r: ReferralSummary): Task {
  const mapped = FHIR_TASK_STATUS[r.status];
  const outputs: TaskOutput[] = [];
  if (r.appointment) {
    outputs.push(output('appointment-date', { valueDate: r.appointment.on }));
    if (r.appointment.time) outputs.push(output('appointment-time', { valueTime: `${r.appointment.time}:00` }));
    if (r.appointment.place) outputs.push(output('appointment-place', { valueString: r.appointment.place }));
  }
  const reason = r.outcome && (r.status === 'closed' || r.status === 'declined') ? r.outcome : null;
  return compact<Task>({
    resourceType: 'Task',
    id: r.id,
    meta: part2Meta({
      versionId: String(r.version),
      lastUpdated: new Date(r.movedAt).toISOString(),
      profile: ['http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-TaskForReferralManagement'],
    }),
    identifier: [{ system: REFERRAL_TASK_IDENTIFIER, value: r.id }],
    status: mapped.status,
    businessStatus: mapped.businessStatus
      ? { coding: [{ system: BUSINESS_STATUS_SYSTEM, code: mapped.businessStatus }], text: mapped.businessStatus.replace(/-/g, ' ') }
      : undefined,
    statusReason: reason ? { coding: [{ system: OUTCOME_SYSTEM, code: reason }], text: reason.replace(/_/g, ' ') } : undefined,
    intent: 'order',
    priority: PRIORITY[r.urgency],
    code: { coding: [{ system: SYSTEM.taskCode, code: 'fulfill', display: 'Fulfill the focal request' }] },
    focus: ref('ServiceRequest', r.id),
    for: ref('Patient', r.participantId),
    authoredOn: new Date(r.createdAt).toISOString(),
    lastModified: new Date(r.movedAt).toISOString(),
    requester: practitionerRef(r.createdBy),
    owner: ref('Organization', r.resource.id, r.resource.name),
    output: outputs,
  });
}

/* ---------- coming back: a Task update ---------- */

export interface TaskIssue {
  path: string;
  message: string;
}

/** What a Task update asks of a Tandem referral: which one, which status, and the details a step needs. */
export interface TaskUpdate {
  referralId: string;
  to: ReferralStatus;
  /** meta.versionId when the sender gave one: the referral version their Task was based on. */
  basedOnVersion: number | null;
  appointment: { on: string; time: string | null; place: string | null } | null;
  outcome: (typeof CLOSE_OUTCOMES)[number] | null;
  note: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The referral a Task is about: its Tandem identifier, or its focus ServiceRequest (by reference or identifier). */
export function referralIdOfTask(task: Task): { id: string } | TaskIssue {
  const own = task.identifier?.find((i) => i.system === REFERRAL_TASK_IDENTIFIER)?.value;
  if (own && UUID.test(own)) return { id: own.toLowerCase() };
  const focus = task.focus;
  const byRef = focus?.reference?.match(/(?:^|\/)ServiceRequest\/([^/]+)$/)?.[1];
  if (byRef && UUID.test(byRef)) return { id: byRef.toLowerCase() };
  const byIdentifier = focus?.identifier?.system === SYSTEM.uri ? focus.identifier.value?.replace(/^urn:uuid:/, '') : undefined;
  if (byIdentifier && UUID.test(byIdentifier)) return { id: byIdentifier.toLowerCase() };
  if (!focus) return { path: 'Task.focus', message: 'Name the ServiceRequest this Task fulfils (Task.focus)' };
  return { path: 'Task.focus', message: `${focus.reference ?? 'The focus'} is not a Tandem referral` };
}

const codeIn = (codings: Coding[] | undefined, system: string) => codings?.find((c) => c.system === system)?.code;

/** The Tandem status a (status, businessStatus) pair stands for: the inverse of FHIR_TASK_STATUS. */
export function statusFromTask(task: Task): { to: ReferralStatus } | TaskIssue {
  const business = codeIn(task.businessStatus?.coding, BUSINESS_STATUS_SYSTEM) ?? null;
  const candidates = REFERRAL_STATUSES.filter((s) => FHIR_TASK_STATUS[s].status === task.status);
  if (candidates.length === 0) return { path: 'Task.status', message: `Tandem has no referral step for the Task status "${task.status}"` };
  const exact = candidates.find((s) => FHIR_TASK_STATUS[s].businessStatus === business);
  if (exact) return { to: exact };
  if (candidates.length === 1 && candidates[0] && business === null) return { to: candidates[0] };
  const expected = candidates.map((s) => FHIR_TASK_STATUS[s].businessStatus).filter(Boolean).join(' or ');
  return { path: 'Task.businessStatus', message: `A Task that is "${task.status}" needs a business status: ${expected}` };
}

/** Reads a Task update; every problem is reported with its path. */
export function readTaskUpdate(task: Task): TaskUpdate | TaskIssue[] {
  const issues: TaskIssue[] = [];
  const which = referralIdOfTask(task);
  if ('path' in which) issues.push(which);
  const status = statusFromTask(task);
  if ('path' in status) issues.push(status);
  const version = task.meta?.versionId;
  if (version !== undefined && !/^\d+$/.test(version)) issues.push({ path: 'Task.meta.versionId', message: 'Must be the referral version (a whole number)' });
  const out = (code: string) => task.output?.find((o) => codeIn(o.type.coding, TASK_OUTPUT_SYSTEM) === code);
  let appointment: TaskUpdate['appointment'] = null;
  const outcome = codeIn(task.statusReason?.coding, OUTCOME_SYSTEM) ?? null;
  if ('to' in status && status.to === 'appointment_scheduled') {
    const on = out('appointment-date')?.valueDate;
    if (!on || !/^\d{4}-\d{2}-\d{2}$/.test(on)) issues.push({ path: 'Task.output', message: 'An appointment needs its date (output appointment-date, YYYY-MM-DD)' });
    else appointment = { on, time: out('appointment-time')?.valueTime?.slice(0, 5) ?? null, place: out('appointment-place')?.valueString ?? null };
  }
  if (outcome === DECEASED_OUTCOME) {
    issues.push({ path: 'Task.statusReason', message: 'Only Tandem closes a referral because the participant died, when the death is recorded' });
  } else if (outcome !== null && !(CLOSE_OUTCOMES as readonly string[]).includes(outcome)) {
    issues.push({ path: 'Task.statusReason', message: `Unknown outcome "${outcome}" (${CLOSE_OUTCOMES.join(', ')})` });
  }
  if (issues.length || 'path' in which || 'path' in status) return issues;
  return {
    referralId: which.id,
    to: status.to,
    basedOnVersion: version === undefined ? null : Number(version),
    appointment,
    outcome: status.to === 'closed' ? ((outcome as TaskUpdate['outcome']) ?? 'other') : null,
    note: task.statusReason?.text ?? task.note?.[0]?.text ?? null,
  };
}
