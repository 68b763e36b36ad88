/**
 * One zod schema per input. The same schema validates the HTTP body, the web
 * form and the CLI flags, and feeds the OpenAPI description.
 */
import { z } from 'zod';
import {
  CUSTODY_STATUSES,
  ETHNICITIES,
  GENDERS,
  RACES,
  REFERRAL_SOURCES,
  ROLES,
  SITE_TYPES,
} from './enums.ts';
import { PERMISSIONS } from './access.ts';

// A missing field says "Required" rather than zod's "expected string, received undefined".
z.config({ customError: (issue) => (issue.input === undefined ? 'Required' : undefined) });

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

const trimmed = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

/** A calendar date without time of day (YYYY-MM-DD) that really exists. */
export const isoDate = z
  .string()
  // abort: a value in the wrong format gets one message, not also "Not a real date".
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Use the format YYYY-MM-DD', abort: true })
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'Not a real date');

const optionalDate = isoDate.nullable().optional();
export const uuid = z.uuid('Must be an id (UUID)');
export const version = z.number({ error: 'Required: the version you read' }).int().min(1);

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email('Not a valid e-mail address'));

export const password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `At most ${PASSWORD_MAX_LENGTH} characters`);

/* ---------- auth ---------- */

export const loginInput = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Required').max(254),
  password: z.string().min(1, 'Required').max(PASSWORD_MAX_LENGTH),
});
export type LoginInput = z.infer<typeof loginInput>;

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, 'Required').max(PASSWORD_MAX_LENGTH),
  newPassword: password,
});

export const acceptInvitationInput = z.object({ password });

export const meOutput = z.object({
  user: z.object({
    id: uuid,
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    siteIds: z.array(uuid),
    mustChangePassword: z.boolean(),
  }),
  permissions: z.array(z.enum(PERMISSIONS)),
  csrfToken: z.string().nullable(),
  idleTimeoutSeconds: z.number().int(),
  /** Whether the person has an authenticator, and whether their role must use one. */
  mfa: z.object({ enrolled: z.boolean(), required: z.boolean() }),
  /** What the session may do: everything, or only replace the password / enroll an authenticator first. */
  session: z.enum(['active', 'password_change', 'mfa_enrollment']),
});
export type Me = z.infer<typeof meOutput>;

/* ---------- multi-factor sign-in ---------- */

const totpCode = z.string().trim().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app');
/** Recovery codes are typed with or without their dashes and spaces. */
const recoveryCode = z.string().trim().min(10, 'Not a recovery code').max(40, 'Not a recovery code');

/** The sign-in's second step: a code from the app, or one recovery code. */
export const mfaVerifyInput = z
  .object({ code: totpCode.optional(), recoveryCode: recoveryCode.optional() })
  .superRefine((v, ctx) => {
    if ((v.code === undefined) === (v.recoveryCode === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['code'], message: 'Enter a code from your authenticator app or one recovery code' });
    }
  });
export const mfaCodeInput = z.object({ code: totpCode });
export const mfaDisableInput = z.object({ password: z.string().min(1, 'Required').max(PASSWORD_MAX_LENGTH), code: totpCode });

/** The login's answer when a code is still needed: the pending session may only send it. */
export const mfaChallengeOutput = z.object({ mfaRequired: z.literal(true), csrfToken: z.string(), expiresAt: z.string() });
export type MfaChallenge = z.infer<typeof mfaChallengeOutput>;
export const loginOutput = z.union([meOutput, mfaChallengeOutput]);
export type LoginResult = z.infer<typeof loginOutput>;

export const mfaEnrollmentOutput = z.object({
  /** Base32, for typing into an app by hand. */
  secret: z.string(),
  otpauthUri: z.string(),
  /** The otpauth address as a QR code, an SVG drawn on the server. */
  qrSvg: z.string(),
});
export type MfaEnrollment = z.infer<typeof mfaEnrollmentOutput>;
export const mfaRecoveryCodesOutput = z.object({ recoveryCodes: z.array(z.string()) });
export const mfaStatusOutput = z.object({
  enrolled: z.boolean(),
  required: z.boolean(),
  enabledAt: z.string().nullable(),
  recoveryCodesLeft: z.number().int(),
});
export type MfaStatus = z.infer<typeof mfaStatusOutput>;

/** Roles that must sign in with a second factor; program administrators always must. */
export const MFA_ALWAYS_REQUIRED = ['program_admin'] as const satisfies readonly (typeof ROLES)[number][];
export const mfaPolicyInput = z.object({
  requiredRoles: z.array(z.enum(ROLES)).max(ROLES.length),
});
export const mfaPolicyOutput = z.object({
  alwaysRequired: z.array(z.enum(ROLES)),
  requiredRoles: z.array(z.enum(ROLES)),
});
export type MfaPolicy = z.infer<typeof mfaPolicyOutput>;

/* ---------- sites ---------- */

const timeZone = z
  .string()
  .trim()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Not a known IANA time zone (for example America/Chicago)');

export const siteCreateInput = z.object({
  name: trimmed(120),
  type: z.enum(SITE_TYPES),
  county: optionalText(80),
  timeZone,
});
export type SiteCreateInput = z.infer<typeof siteCreateInput>;

export const siteUpdateInput = z.object({
  name: trimmed(120).optional(),
  type: z.enum(SITE_TYPES).optional(),
  county: optionalText(80),
  timeZone: timeZone.optional(),
  active: z.boolean().optional(),
  version,
});
export type SiteUpdateInput = z.infer<typeof siteUpdateInput>;

export const siteOutput = z.object({
  id: uuid,
  name: z.string(),
  type: z.enum(SITE_TYPES),
  county: z.string().nullable(),
  timeZone: z.string(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Site = z.infer<typeof siteOutput>;

/* ---------- users ---------- */

export const userSetup = z.discriminatedUnion('method', [
  z.object({ method: z.literal('invitation') }),
  z.object({ method: z.literal('password'), password }),
]);

export const userCreateInput = z.object({
  email,
  name: trimmed(120),
  role: z.enum(ROLES),
  siteIds: z.array(uuid).max(100).default([]),
  setup: userSetup.default({ method: 'invitation' }),
});
export type UserCreateInput = z.infer<typeof userCreateInput>;

export const userUpdateInput = z.object({
  name: trimmed(120).optional(),
  email: email.optional(),
  role: z.enum(ROLES).optional(),
  siteIds: z.array(uuid).max(100).optional(),
  active: z.boolean().optional(),
  version,
});
export type UserUpdateInput = z.infer<typeof userUpdateInput>;

export const userOutput = z.object({
  id: uuid,
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  siteIds: z.array(uuid),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastSignInAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type User = z.infer<typeof userOutput>;

export const userCreateOutput = z.object({
  user: userOutput,
  /** Shown once: the link the new user follows to choose a password. */
  invitationUrl: z.string().nullable(),
  invitationExpiresAt: z.string().nullable(),
});

/* ---------- participants ---------- */

const phone = z
  .string()
  .trim()
  .max(40)
  .refine((v) => v === '' || v.replace(/\D/g, '').length >= 7, 'A phone number needs at least 7 digits')
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional();

const optionalEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .refine((v) => v === '' || z.email().safeParse(v).success, 'Not a valid e-mail address')
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional();

const language = z
  .string()
  .trim()
  .regex(/^([a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*)?$/, 'Use a language code such as en, es or pt-BR')
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional();

const participantFields = {
  siteId: uuid,
  firstName: trimmed(80),
  lastName: trimmed(80),
  preferredName: optionalText(80),
  dateOfBirth: isoDate,
  gender: z.enum(GENDERS).nullable().optional(),
  race: z
    .array(z.enum(RACES))
    .max(RACES.length)
    .refine((a) => new Set(a).size === a.length, 'Each race at most once')
    .optional(),
  ethnicity: z.enum(ETHNICITIES).nullable().optional(),
  preferredLanguage: language,
  phone,
  email: optionalEmail,
  custodyStatus: z.enum(CUSTODY_STATUSES),
  expectedReleaseDate: optionalDate,
  releaseDate: optionalDate,
  referralSource: z.enum(REFERRAL_SOURCES).nullable().optional(),
};

/** Rules across fields, shared by create and update (update checks them on the merged record). */
export function participantCrossFieldIssues(p: {
  dateOfBirth?: string | null;
  custodyStatus?: string | null;
  releaseDate?: string | null;
  expectedReleaseDate?: string | null;
}, today: string): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (p.dateOfBirth) {
    if (p.dateOfBirth > today) issues.push({ path: 'dateOfBirth', message: 'Date of birth is in the future' });
    else if (p.dateOfBirth < '1900-01-01') issues.push({ path: 'dateOfBirth', message: 'Date of birth is before 1900' });
  }
  if (p.releaseDate && p.releaseDate > today) {
    issues.push({ path: 'releaseDate', message: 'A release date cannot be in the future; use the expected release date' });
  }
  if (p.dateOfBirth && p.releaseDate && p.releaseDate < p.dateOfBirth) {
    issues.push({ path: 'releaseDate', message: 'Release date is before the date of birth' });
  }
  return issues;
}

export const participantCreateInput = z.object(participantFields);
export type ParticipantCreateInput = z.infer<typeof participantCreateInput>;

export const participantUpdateInput = z
  .object(participantFields)
  .partial()
  .extend({ version });
export type ParticipantUpdateInput = z.infer<typeof participantUpdateInput>;

export const participantOutput = z.object({
  id: uuid,
  siteId: uuid,
  siteName: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  preferredName: z.string().nullable(),
  dateOfBirth: z.string(),
  gender: z.enum(GENDERS).nullable(),
  race: z.array(z.enum(RACES)),
  ethnicity: z.enum(ETHNICITIES).nullable(),
  preferredLanguage: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  custodyStatus: z.enum(CUSTODY_STATUSES),
  expectedReleaseDate: z.string().nullable(),
  releaseDate: z.string().nullable(),
  referralSource: z.enum(REFERRAL_SOURCES).nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Participant = z.infer<typeof participantOutput>;

export const participantDetailOutput = participantOutput.extend({
  siteHistory: z.array(
    z.object({ siteId: uuid, siteName: z.string(), startedAt: z.string(), endedAt: z.string().nullable() }),
  ),
});
export type ParticipantDetail = z.infer<typeof participantDetailOutput>;

export const participantSummaryOutput = participantOutput.pick({
  id: true,
  siteId: true,
  siteName: true,
  firstName: true,
  lastName: true,
  preferredName: true,
  dateOfBirth: true,
  phone: true,
  custodyStatus: true,
  expectedReleaseDate: true,
  releaseDate: true,
});
export type ParticipantSummary = z.infer<typeof participantSummaryOutput>;

export const participantListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  siteId: uuid.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
});
export type ParticipantListQuery = z.infer<typeof participantListQuery>;

export const duplicateQuery = z.object({
  firstName: trimmed(80),
  lastName: trimmed(80),
  dateOfBirth: isoDate,
  excludeId: uuid.optional(),
});

/* ---------- audit ---------- */

export const auditQuery = z.object({
  participantId: uuid,
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(100).optional(),
});

export const auditEventOutput = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ id: uuid, name: z.string(), role: z.enum(ROLES) }).nullable(),
  via: z.enum(['session', 'token', 'system']),
  action: z.string(),
  recordType: z.string(),
  recordId: z.string().nullable(),
  clientAddress: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEvent = z.infer<typeof auditEventOutput>;

/* ---------- errors ---------- */

export const errorOutput = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorOutput>;
