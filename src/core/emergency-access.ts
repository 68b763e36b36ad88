/**
 * Emergency access ("break the glass"): a user who does casework at their own
 * sites opens a participant of another site by giving a reason. The access lasts
 * an hour, every request made under it is flagged in the audit trail, and a
 * program administrator reviews it afterwards. Schemas shared by the server, the
 * web forms and the OpenAPI description.
 */
import { z } from 'zod';
import { ROLES } from './enums.ts';
import { isoDate, uuid } from './schemas.ts';

/** How long one emergency access lasts. */
export const EMERGENCY_ACCESS_MINUTES = 60;
/** The most matches a lookup answers: it finds one person, it is not a search of other sites. */
export const EMERGENCY_LOOKUP_MAX = 5;
export const REASON_MIN = 20;
export const REASON_MAX = 1000;

export const emergencyLookupQuery = z.object({
  lastName: z.string().trim().min(1, 'Required').max(80, 'At most 80 characters'),
  dateOfBirth: isoDate,
});
export type EmergencyLookupQuery = z.infer<typeof emergencyLookupQuery>;

/** A match of the lookup: enough to tell the right person, nothing of their record. */
export const emergencyLookupMatch = z.object({
  id: uuid,
  name: z.string(),
  birthYear: z.number().int(),
  siteName: z.string(),
  /** At one of the caller's own sites: they open the record as usual, no emergency access. */
  atYourSite: z.boolean(),
});
export type EmergencyLookupMatch = z.infer<typeof emergencyLookupMatch>;

export const emergencyLookupOutput = z.object({
  items: z.array(emergencyLookupMatch),
  /** More people matched than are shown: the caller must check the spelling with whoever asked. */
  truncated: z.boolean(),
});

export const emergencyAccessInput = z.object({
  reason: z
    .string()
    .trim()
    .min(REASON_MIN, `At least ${REASON_MIN} characters: say why you need this record now`)
    .max(REASON_MAX, `At most ${REASON_MAX} characters`),
});
export type EmergencyAccessInput = z.infer<typeof emergencyAccessInput>;

/** One of the caller's own emergency accesses. */
export const myEmergencyAccessOutput = z.object({
  id: uuid,
  participantId: uuid,
  participantName: z.string(),
  siteName: z.string(),
  reason: z.string(),
  openedAt: z.string(),
  expiresAt: z.string(),
});
export type MyEmergencyAccess = z.infer<typeof myEmergencyAccessOutput>;

export const EMERGENCY_REVIEW_STATUSES = ['unreviewed', 'all'] as const;

export const emergencyAccessListQuery = z.object({
  status: z.enum(EMERGENCY_REVIEW_STATUSES).default('unreviewed'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type EmergencyAccessListQuery = z.infer<typeof emergencyAccessListQuery>;

/** One emergency access as a program administrator reviews it. */
export const emergencyAccessReviewItem = z.object({
  id: uuid,
  user: z.object({ id: uuid, name: z.string(), role: z.enum(ROLES) }),
  participant: z.object({ id: uuid, name: z.string(), siteName: z.string() }),
  reason: z.string(),
  openedAt: z.string(),
  expiresAt: z.string(),
  /** When the user closed it before it expired, or null. */
  endedAt: z.string().nullable(),
  active: z.boolean(),
  /** Requests the user made under it (each flagged in the audit trail). */
  requests: z.number().int(),
  /** Every audit row the user wrote for this participant while it lasted (reads, contacts logged…). */
  auditRows: z.number().int(),
  review: z.object({ at: z.string(), by: z.object({ id: uuid, name: z.string() }), note: z.string().nullable() }).nullable(),
});
export type EmergencyAccessReviewItem = z.infer<typeof emergencyAccessReviewItem>;

export const emergencyReviewInput = z.object({
  note: z
    .string()
    .trim()
    .max(REASON_MAX, `At most ${REASON_MAX} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional(),
});
export type EmergencyReviewInput = z.infer<typeof emergencyReviewInput>;
