/**
 * Contacts: every encounter with a participant, successful or not. Vocabularies,
 * the input schemas (HTTP body and web form alike) and the rules across fields.
 */
import { z } from 'zod';
import { ROLES } from './enums.ts';
import { uuid } from './schemas.ts';

export const CONTACT_MODES = ['in_person', 'in_custody', 'phone', 'video', 'text'] as const;
export type ContactMode = (typeof CONTACT_MODES)[number];

/** Where the encounter happened (for a remote contact: phone_or_virtual). */
export const CONTACT_LOCATIONS = [
  'jail',
  'prison',
  'emergency_department',
  'clinic',
  'participant_home',
  'community',
  'office',
  'phone_or_virtual',
  'other',
] as const;
export type ContactLocation = (typeof CONTACT_LOCATIONS)[number];

/** Why an outreach attempt did not reach the participant. */
export const ATTEMPT_OUTCOMES = ['no_answer', 'left_message', 'wrong_number', 'not_at_location', 'refused'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export const CONTACT_SERVICES = [
  'recovery_coaching',
  'case_management',
  'transportation',
  'benefits_insurance_help',
  'housing_help',
  'employment_help',
  'naloxone_training',
  'harm_reduction_supplies',
  'accompaniment_to_appointment',
  'family_support',
  'crisis_support',
] as const;
export type ContactService = (typeof CONTACT_SERVICES)[number];

export const REMOTE_MODES: readonly ContactMode[] = ['phone', 'video', 'text'];
export const CUSTODY_LOCATIONS: readonly ContactLocation[] = ['jail', 'prison'];

export const NOTE_MAX = 10_000;
export const DURATION_MAX = 720;
/** A contact may be logged this far "in the future": clocks of phones and servers differ. */
export const CLOCK_SKEW_MS = 5 * 60_000;
export const EARLIEST_CONTACT = '2000-01-01T00:00:00Z';

/** The location a form suggests for a mode. */
export function defaultLocationFor(mode: ContactMode): ContactLocation {
  if (mode === 'in_custody') return 'jail';
  if (REMOTE_MODES.includes(mode)) return 'phone_or_virtual';
  return 'community';
}

interface Issue {
  path: string;
  message: string;
}

/** Rules across fields of a contact being logged (all but time, see contactTimeIssues). */
export function contactCrossFieldIssues(c: {
  mode?: ContactMode | undefined;
  locationType?: ContactLocation | undefined;
  reached?: boolean | undefined;
  attemptOutcome?: AttemptOutcome | null | undefined;
  services?: readonly ContactService[] | undefined;
  durationMinutes?: number | null | undefined;
}): Issue[] {
  const issues: Issue[] = [];
  if (c.reached === true) {
    if (c.attemptOutcome) issues.push({ path: 'attemptOutcome', message: 'Only for an attempt that did not reach the participant' });
    if (c.durationMinutes === null || c.durationMinutes === undefined) issues.push({ path: 'durationMinutes', message: 'Required when the participant was reached' });
  } else if (c.reached === false) {
    if (!c.attemptOutcome) issues.push({ path: 'attemptOutcome', message: 'Required: what happened when the participant was not reached' });
    if (c.services && c.services.length > 0) issues.push({ path: 'services', message: 'Services can only be recorded when the participant was reached' });
  }
  if (c.mode && c.locationType) {
    if (c.mode === 'in_custody' && !CUSTODY_LOCATIONS.includes(c.locationType)) {
      issues.push({ path: 'locationType', message: 'A visit in custody takes place at a jail or prison' });
    } else if (REMOTE_MODES.includes(c.mode) && c.locationType !== 'phone_or_virtual') {
      issues.push({ path: 'locationType', message: 'A phone, video or text contact is “phone or virtual”' });
    } else if (!REMOTE_MODES.includes(c.mode) && c.locationType === 'phone_or_virtual') {
      issues.push({ path: 'locationType', message: 'Choose where you met' });
    }
  }
  return issues;
}

/** When a contact took place: not in the future (beyond clock skew), not before the year 2000. */
export function contactTimeIssues(occurredAt: string, now: Date): Issue[] {
  const at = Date.parse(occurredAt);
  if (Number.isNaN(at)) return [{ path: 'occurredAt', message: 'Not a real date and time' }];
  if (at > now.getTime() + CLOCK_SKEW_MS) return [{ path: 'occurredAt', message: 'A contact cannot be in the future' }];
  if (at < Date.parse(EARLIEST_CONTACT)) return [{ path: 'occurredAt', message: 'A contact cannot be before 2000' }];
  return [];
}

const unique = (a: readonly unknown[]) => new Set(a).size === a.length;

export const contactCreateInput = z
  .object({
    occurredAt: z.iso.datetime({ offset: true, message: 'Use a date and time such as 2026-03-02T09:30:00-06:00' }),
    durationMinutes: z
      .number({ error: 'A whole number of minutes' })
      .int('A whole number of minutes')
      .min(0, 'At least 0 minutes')
      .max(DURATION_MAX, `At most ${DURATION_MAX} minutes (12 hours)`)
      .nullable()
      .optional(),
    mode: z.enum(CONTACT_MODES),
    locationType: z.enum(CONTACT_LOCATIONS),
    /** The staff who took part; the person logging it when omitted. */
    staffIds: z.array(uuid).min(1, 'At least one person').max(10).refine(unique, 'Each person at most once').optional(),
    reached: z.boolean({ error: 'Required: was the participant reached?' }),
    attemptOutcome: z.enum(ATTEMPT_OUTCOMES).nullable().optional(),
    services: z.array(z.enum(CONTACT_SERVICES)).max(CONTACT_SERVICES.length).refine(unique, 'Each service at most once').default([]),
    note: z
      .string()
      .max(NOTE_MAX, `At most ${NOTE_MAX} characters`)
      // Kept exactly as written; a note of only spaces is no note.
      .transform((v) => (v.trim() === '' ? null : v))
      .nullable()
      .optional(),
  })
  .superRefine((c, ctx) => {
    for (const issue of contactCrossFieldIssues(c)) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
  });
export type ContactCreateInput = z.infer<typeof contactCreateInput>;

export const addendumInput = z.object({
  text: z.string().trim().min(1, 'Required').max(NOTE_MAX, `At most ${NOTE_MAX} characters`),
  reason: z.string().trim().min(1, 'Required: why the note needs correcting').max(300, 'At most 300 characters'),
});
export type AddendumInput = z.infer<typeof addendumInput>;

export const contactListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: uuid.optional(),
});
export type ContactListQuery = z.infer<typeof contactListQuery>;

const person = z.object({ id: uuid, name: z.string() });

const contactBase = z.object({
  id: uuid,
  participantId: uuid,
  siteId: uuid,
  occurredAt: z.string(),
  durationMinutes: z.number().int().nullable(),
  mode: z.enum(CONTACT_MODES),
  locationType: z.enum(CONTACT_LOCATIONS),
  reached: z.boolean(),
  attemptOutcome: z.enum(ATTEMPT_OUTCOMES).nullable(),
  services: z.array(z.enum(CONTACT_SERVICES)),
  staff: z.array(person),
  createdAt: z.string(),
  createdBy: person.nullable(),
});

export const NOTE_EXCERPT_LENGTH = 160;

export const contactSummaryOutput = contactBase.extend({
  /** The first characters of the note, for lists. */
  noteExcerpt: z.string().nullable(),
  noteTruncated: z.boolean(),
  addendumCount: z.number().int(),
});
export type ContactSummary = z.infer<typeof contactSummaryOutput>;

export const addendumOutput = z.object({
  id: uuid,
  contactId: uuid,
  text: z.string(),
  reason: z.string(),
  createdAt: z.string(),
  createdBy: person.nullable(),
});
export type Addendum = z.infer<typeof addendumOutput>;

export const contactDetailOutput = contactBase.extend({
  note: z.string().nullable(),
  /** Corrections, oldest first; the original note above is never changed. */
  addenda: z.array(addendumOutput),
});
export type ContactDetail = z.infer<typeof contactDetailOutput>;

export const contactPageOutput = z.object({ items: z.array(contactSummaryOutput), nextCursor: z.string().nullable() });

export const teamMemberOutput = person.extend({ role: z.enum(ROLES) });
export type TeamMember = z.infer<typeof teamMemberOutput>;

/** An excerpt for lists, cut at a word boundary when one is near. */
export function noteExcerpt(note: string | null, max = NOTE_EXCERPT_LENGTH): { text: string | null; truncated: boolean } {
  if (note === null) return { text: null, truncated: false };
  const flat = note.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return { text: flat, truncated: false };
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return { text: (space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd(), truncated: true };
}
