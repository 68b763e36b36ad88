/**
 * Closed-loop referrals: a participant referred to an organization in the resource
 * directory for one need, followed until the loop closes (services delivered, or
 * closed with the reason). Vocabularies, schemas, the table of allowed
 * transitions, and the map to the FHIR Task states of the Gravity Project SDOH
 * Clinical Care guide, so a later FHIR export is one to one.
 */
import { z } from 'zod';
import type { ServiceCategory } from './resources.ts';
import { isoDate, uuid, version } from './schemas.ts';

/** The needs-screening domains: a referral addresses one of them. */
export const REFERRAL_NEEDS = [
  'housing',
  'health_insurance',
  'food',
  'income_employment',
  'transportation',
  'child_care',
  'legal',
  'identification',
  'medical_care',
  'mental_health',
  'moud_treatment',
] as const;
export type ReferralNeed = (typeof REFERRAL_NEEDS)[number];

/** The directory category to search first for each need (the coach may search wider). */
export const NEED_CATEGORY: Record<ReferralNeed, ServiceCategory> = {
  housing: 'housing',
  health_insurance: 'benefits',
  food: 'food',
  income_employment: 'employment',
  transportation: 'transportation',
  child_care: 'child_care',
  legal: 'legal',
  identification: 'benefits',
  medical_care: 'primary_care',
  mental_health: 'behavioral_health',
  moud_treatment: 'moud',
};

export function isReferralNeed(value: string): value is ReferralNeed {
  return (REFERRAL_NEEDS as readonly string[]).includes(value);
}

export const REFERRAL_URGENCIES = ['routine', 'urgent', 'emergency'] as const;
export type ReferralUrgency = (typeof REFERRAL_URGENCIES)[number];

export const REFERRAL_STATUSES = [
  'draft',
  'sent',
  'accepted',
  'declined',
  'appointment_scheduled',
  'attended',
  'no_show',
  'completed',
  'closed',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/**
 * How a referral ended. `completed` always means `engaged_in_services`; a referral
 * that is `closed` says why the loop closed without that.
 */
export const REFERRAL_OUTCOMES = ['engaged_in_services', 'not_engaged', 'participant_declined', 'provider_could_not_serve', 'other', 'participant_deceased'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];
/** The outcomes staff (and a partner's Task update) may choose when closing. */
export const CLOSE_OUTCOMES = ['not_engaged', 'participant_declined', 'provider_could_not_serve', 'other'] as const;
/**
 * Set only by Tandem: recording a death or fatal overdose closes the
 * participant's open referrals with it, so reports and exports can tell them
 * from referrals that did not work out.
 */
export const DECEASED_OUTCOME = 'participant_deceased' as const;

/**
 * The allowed moves, from each status. A reschedule is appointment_scheduled
 * again (from a no-show, or from a scheduled appointment that moved). Any open
 * referral can be closed with an outcome; `completed` comes after attendance.
 * `completed` and `closed` are final: a new need is a new referral.
 */
export const REFERRAL_TRANSITIONS: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  draft: ['sent', 'closed'],
  sent: ['accepted', 'declined', 'closed'],
  accepted: ['appointment_scheduled', 'closed'],
  declined: ['closed'],
  appointment_scheduled: ['attended', 'no_show', 'appointment_scheduled', 'closed'],
  attended: ['completed', 'appointment_scheduled', 'closed'],
  no_show: ['appointment_scheduled', 'closed'],
  completed: [],
  closed: [],
};

export function canTransition(from: ReferralStatus, to: ReferralStatus): boolean {
  return REFERRAL_TRANSITIONS[from].includes(to);
}

export function nextStatuses(from: ReferralStatus): readonly ReferralStatus[] {
  return REFERRAL_TRANSITIONS[from];
}

export const OPEN_REFERRAL_STATUSES = REFERRAL_STATUSES.filter((s) => REFERRAL_TRANSITIONS[s].length > 0);
export function isOpen(status: ReferralStatus): boolean {
  return REFERRAL_TRANSITIONS[status].length > 0;
}

/**
 * FHIR R4 Task.status (and a Task.businessStatus code where two of our steps
 * share one FHIR status) for each referral status, following the
 * SDOHCC-TaskForReferralManagement profile of the Gravity Project SDOH Clinical
 * Care guide (STU 2.3). Its referral-task value set is FHIR's task-status without
 * `ready` and `received` (the 2.0 version excluded `requested` instead; the 2.3
 * examples and later versions use `requested` for a referral awaiting the
 * performer's answer). Each Tandem status maps to one distinct (status,
 * businessStatus) pair, so an export and a re-import are one to one:
 * - draft: the referral is being written, not yet shared (Task `draft`);
 * - sent: shared with the organization, awaiting its answer (`requested`);
 * - accepted / declined: the organization's answer (`accepted` / `rejected`,
 *   with statusReason.text on a rejection as the profile asks);
 * - appointment_scheduled / attended: the work is under way (`in-progress`);
 * - no_show: paused until the appointment is rescheduled (`on-hold`);
 * - completed: services delivered (`completed`);
 * - closed: the loop closed without services (`cancelled`, the outcome as
 *   statusReason.text).
 * FHIR's `failed` and `entered-in-error` are not produced: a referral that did
 * not work out is closed with an outcome, and Tandem does not delete referrals.
 */
export const FHIR_TASK_STATUS = {
  draft: { status: 'draft', businessStatus: null },
  sent: { status: 'requested', businessStatus: null },
  accepted: { status: 'accepted', businessStatus: null },
  declined: { status: 'rejected', businessStatus: null },
  appointment_scheduled: { status: 'in-progress', businessStatus: 'appointment-scheduled' },
  attended: { status: 'in-progress', businessStatus: 'attended' },
  no_show: { status: 'on-hold', businessStatus: 'no-show' },
  completed: { status: 'completed', businessStatus: null },
  closed: { status: 'cancelled', businessStatus: null },
} as const satisfies Record<ReferralStatus, { status: string; businessStatus: string | null }>;

/** FHIR task-status codes a referral export produces. */
export const FHIR_TASK_STATUSES_USED: readonly string[] = [...new Set(Object.values(FHIR_TASK_STATUS).map((m) => m.status))];

/** Days without movement after which an open referral appears on the worklist. */
export const REFERRAL_STALLED_DAYS = 7;

/* ---------- inputs ---------- */

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${String(max)} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional()
    .transform((v) => v ?? null);

export const referralCreateInput = z.object({
  need: z.enum(REFERRAL_NEEDS),
  /** The organization in the resource directory. */
  resourceId: uuid,
  /** Optionally, which of its services and at which of its locations (as chosen from a search hit). */
  serviceId: uuid.nullable().optional().transform((v) => v ?? null),
  locationId: uuid.nullable().optional().transform((v) => v ?? null),
  urgency: z.enum(REFERRAL_URGENCIES).default('routine'),
  /** For the receiving organization: what the participant needs, when they can come, how to reach the coach. */
  notes: optionalText(2000),
});
export type ReferralCreateInput = z.input<typeof referralCreateInput>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour time such as 09:30');
const note = optionalText(1000);

export const referralTransitionInput = z.discriminatedUnion('to', [
  z.object({ to: z.literal('sent'), version, note }),
  z.object({ to: z.literal('accepted'), version, note }),
  z.object({ to: z.literal('declined'), version, note }),
  z.object({
    to: z.literal('appointment_scheduled'),
    version,
    appointmentOn: isoDate,
    appointmentTime: hhmm.nullable().optional().transform((v) => v ?? null),
    appointmentPlace: optionalText(300),
    note,
  }),
  z.object({ to: z.literal('attended'), version, note }),
  z.object({ to: z.literal('no_show'), version, note }),
  z.object({ to: z.literal('completed'), version, note }),
  z.object({ to: z.literal('closed'), version, outcome: z.enum(CLOSE_OUTCOMES), note }),
]);
export type ReferralTransitionInput = z.input<typeof referralTransitionInput>;
export type ReferralTransition = z.output<typeof referralTransitionInput>;
/** A step as the service applies it: a transition from the API, or the close Tandem makes when the participant dies. */
export type ReferralStep = ReferralTransition | { to: 'closed'; version: number; outcome: typeof DECEASED_OUTCOME; note: string };

/** Cross-field rules of a transition on the referral as it stands. */
export function transitionIssues(t: ReferralStep): { path: string; message: string }[] {
  if (t.to === 'closed' && t.outcome === 'other' && !t.note) return [{ path: 'note', message: 'Say why the referral was closed' }];
  return [];
}

export const referralListQuery = z.object({
  status: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(REFERRAL_STATUSES)))
    .optional(),
});

/* ---------- output ---------- */

const person = z.object({ id: z.string(), name: z.string() }).nullable();

export const referralEventOutput = z.object({
  id: z.string(),
  from: z.enum(REFERRAL_STATUSES).nullable(),
  to: z.enum(REFERRAL_STATUSES),
  at: z.string(),
  by: person,
  appointmentOn: z.string().nullable(),
  appointmentTime: z.string().nullable(),
  appointmentPlace: z.string().nullable(),
  outcome: z.enum(REFERRAL_OUTCOMES).nullable(),
  note: z.string().nullable(),
});
export type ReferralEvent = z.infer<typeof referralEventOutput>;

export const referralOutput = z.object({
  id: z.string(),
  participantId: z.string(),
  siteId: z.string(),
  need: z.enum(REFERRAL_NEEDS),
  urgency: z.enum(REFERRAL_URGENCIES),
  resource: z.object({ id: z.string(), name: z.string() }),
  /** The service and location it is for, when named (id null once the directory dropped it). */
  service: z.object({ id: z.string().nullable(), name: z.string() }).nullable(),
  location: z.object({ id: z.string().nullable(), name: z.string() }).nullable(),
  notes: z.string().nullable(),
  status: z.enum(REFERRAL_STATUSES),
  /** What may happen next, for buttons. */
  next: z.array(z.enum(REFERRAL_STATUSES)),
  appointment: z.object({ on: z.string(), time: z.string().nullable(), place: z.string().nullable() }).nullable(),
  outcome: z.enum(REFERRAL_OUTCOMES).nullable(),
  /** The consent the referral was sent under (null until sent). */
  consentId: z.string().nullable(),
  sentAt: z.string().nullable(),
  /** The last step's time: a referral without movement for 7 days is on the worklist. */
  movedAt: z.string(),
  fhirTaskStatus: z.string(),
  /** Set once the referral has been disclosed: the §2.32 notice went with it. */
  notice: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  createdBy: person,
  events: z.array(referralEventOutput),
});
export type Referral = z.infer<typeof referralOutput>;

export const referralListOutput = z.object({ items: z.array(referralOutput.omit({ events: true })) });
export type ReferralSummary = z.infer<typeof referralListOutput>['items'][number];
