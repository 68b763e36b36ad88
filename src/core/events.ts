/**
 * Critical events in a participant's life that a program must know and report:
 * overdoses, emergency-department visits, hospital stays, arrests,
 * re-incarceration, death. Vocabularies, schemas and the pure rule that flags an
 * event within the first 30 days after release, when overdose risk is highest.
 */
import { z } from 'zod';
import { daysBetween } from './enrollments.ts';
import { isoDate } from './schemas.ts';

export const CRITICAL_EVENT_KINDS = [
  'non_fatal_overdose',
  'fatal_overdose',
  'ed_visit',
  'hospitalization',
  'arrest',
  'reincarceration',
  'death',
] as const;
export type CriticalEventKind = (typeof CRITICAL_EVENT_KINDS)[number];

export const EVENT_SOURCES = ['self_report', 'family', 'hospital', 'jail_roster', 'medical_examiner', 'other'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** Events that end a participant's life: recording one closes the open enrollment (reason `deceased`) and referrals (`participant_deceased`), after confirmation. */
export const FATAL_KINDS: readonly CriticalEventKind[] = ['fatal_overdose', 'death'];
export const isFatal = (kind: CriticalEventKind) => FATAL_KINDS.includes(kind);

/** The first days after release: the release day is day 0, day 29 the last one flagged. */
export const POST_RELEASE_DAYS = 30;

/**
 * Whole days from the release to the event, or null when there is no release
 * date or the event happened before it (in custody, or before an earlier release).
 */
export function daysSinceRelease(releaseDate: string | null, occurredOn: string): number | null {
  if (!releaseDate) return null;
  const days = daysBetween(releaseDate, occurredOn);
  return days < 0 ? null : days;
}

/** Within the first 30 days after release: on the release day (0) through day 29. */
export function withinPostReleaseWindow(daysSince: number | null): boolean {
  return daysSince !== null && daysSince < POST_RELEASE_DAYS;
}

export const criticalEventInput = z
  .object({
    kind: z.enum(CRITICAL_EVENT_KINDS),
    occurredOn: isoDate,
    source: z.enum(EVENT_SOURCES),
    /** For a death or fatal overdose, where known (e.g. "fentanyl toxicity"). */
    cause: z
      .string()
      .trim()
      .max(300, 'At most 300 characters')
      .transform((v) => (v === '' ? null : v))
      .nullable()
      .optional(),
    notes: z
      .string()
      .trim()
      .max(2000, 'At most 2000 characters')
      .transform((v) => (v === '' ? null : v))
      .nullable()
      .optional(),
    /** Required (true) to record a death while the participant has an open enrollment or referral: it closes the enrollment as `deceased` and the referrals as `participant_deceased`. */
    confirmCloseEnrollment: z.boolean().optional(),
  })
  .superRefine((d, ctx) => {
    if (d.cause && !isFatal(d.kind)) ctx.addIssue({ code: 'custom', path: ['cause'], message: 'Only for a death or fatal overdose' });
  });
export type CriticalEventInput = z.infer<typeof criticalEventInput>;

export const criticalEventOutput = z.object({
  id: z.string(),
  participantId: z.string(),
  siteId: z.string(),
  kind: z.enum(CRITICAL_EVENT_KINDS),
  occurredOn: z.string(),
  source: z.enum(EVENT_SOURCES),
  cause: z.string().nullable(),
  notes: z.string().nullable(),
  /** Days from the release on record when it was recorded (null: none, or before it). */
  daysSinceRelease: z.number().int().nullable(),
  withinPostReleaseWindow: z.boolean(),
  /** The enrollment this event closed, if it did. */
  closedEnrollmentId: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type CriticalEvent = z.infer<typeof criticalEventOutput>;
export const criticalEventListOutput = z.object({ items: z.array(criticalEventOutput) });
