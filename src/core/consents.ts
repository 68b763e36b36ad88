/**
 * 42 CFR Part 2 consents to disclose, their revocation, and the accounting of
 * disclosures: vocabularies, input and output schemas, and the pure rules the
 * server and the web app share — is a consent active today, does it cover a
 * given recipient and purpose, and if not, what exactly is missing.
 *
 * A consent names (§2.31): the participant, who discloses (the program), to whom
 * (a directory organization, or a general designation such as "my treating
 * providers"), how much and what kind of information, the purpose, an expiry date
 * or event, the signature and the date signed. It is never edited; a revocation is
 * a separate record. Every date is a calendar date (YYYY-MM-DD) at the
 * participant's site.
 */
import { z } from 'zod';
import type { ServiceCategory } from './resources.ts';
import { isoDate, uuid } from './schemas.ts';

/** §2.32(a)(2): the short form of the notice that must accompany each disclosure. */
export const REDISCLOSURE_NOTICE = '42 CFR part 2 prohibits unauthorized use or disclosure of these records.';

/** The kinds of information a consent may allow to be disclosed. */
export const CONSENT_INFORMATION = [
  'enrollment_and_attendance',
  'moud_treatment',
  'assessments',
  'recovery_plan',
  'contact_notes',
  'referral_information',
] as const;
export type ConsentInformation = (typeof CONSENT_INFORMATION)[number];

export const CONSENT_PURPOSES = ['treatment_referral', 'care_coordination', 'payment', 'court_or_probation_reporting', 'other'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/**
 * General designations of recipients (§2.31(a)(4)(ii)): a consent may name a class
 * of recipients with a treating provider relationship instead of one organization.
 */
export const CONSENT_RECIPIENT_CLASSES = ['treating_providers'] as const;
export type ConsentRecipientClass = (typeof CONSENT_RECIPIENT_CLASSES)[number];

/**
 * Which directory organizations a class covers, by the categories of their
 * services. "My treating providers" are those who treat: MOUD, primary care,
 * behavioral health, and HIV/hepatitis care (medical treatment too). Housing,
 * food, legal aid, employment and the like are not treating providers: they need a
 * consent naming them.
 */
export const RECIPIENT_CLASS_CATEGORIES: Record<ConsentRecipientClass, readonly ServiceCategory[]> = {
  treating_providers: ['moud', 'primary_care', 'behavioral_health', 'hiv_hepatitis_care'],
};

/** What a referral discloses, and the purposes under which a referral may be sent. */
export const REFERRAL_DISCLOSES: readonly ConsentInformation[] = ['referral_information'];
export const REFERRAL_PURPOSES: readonly ConsentPurpose[] = ['treatment_referral', 'care_coordination'];

export const SIGNATURE_KINDS = ['typed', 'drawn'] as const;
/** A drawn signature is kept as a PNG data URL of at most this many characters (~150 KB of image). */
export const SIGNATURE_IMAGE_MAX_CHARS = 200_000;

/* ---------- inputs ---------- */

const trimmed = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${String(max)} characters`);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${String(max)} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional()
    .transform((v) => v ?? null);

const uniqueNonEmpty = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z
    .array(z.enum(values))
    .min(1, `Choose at least one ${what}`)
    .transform((list) => [...new Set(list)]);

export const consentRecipientInput = z.discriminatedUnion('kind', [
  /** One organization from the resource directory. */
  z.object({ kind: z.literal('resource'), resourceId: uuid }),
  /** A general designation ("my treating providers"). */
  z.object({ kind: z.literal('class'), recipientClass: z.enum(CONSENT_RECIPIENT_CLASSES) }),
]);
export type ConsentRecipientInput = z.infer<typeof consentRecipientInput>;

export const signatureInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('typed'), typedName: trimmed(200) }),
  z.object({
    kind: z.literal('drawn'),
    /** The drawing as a PNG data URL. */
    image: z
      .string()
      .max(SIGNATURE_IMAGE_MAX_CHARS, 'The drawn signature is too large: clear it and sign again')
      .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, 'Must be a PNG image (data:image/png;base64,…)'),
    /** The name of the person who signed, printed beside the drawing. */
    typedName: trimmed(200),
  }),
]);
export type SignatureInput = z.infer<typeof signatureInput>;

export const consentCreateInput = z
  .object({
    /** Who discloses: the program (and site) holding the records. */
    discloser: trimmed(200),
    recipient: consentRecipientInput,
    information: uniqueNonEmpty(CONSENT_INFORMATION, 'kind of information'),
    purposes: uniqueNonEmpty(CONSENT_PURPOSES, 'purpose'),
    /** Required when the purposes include `other`. */
    purposeOther: optionalText(500),
    /** The consent ends on this date, or at this event, whichever comes first; at least one. */
    expiresOn: isoDate.nullable().optional().transform((v) => v ?? null),
    expiryEvent: optionalText(300),
    signature: signatureInput,
    signedOn: isoDate,
    /**
     * §2.35: a consent for disclosures to the criminal justice system (a court,
     * probation, parole) that referred the participant may be irrevocable until this
     * date (or a final disposition). Only with the purpose `court_or_probation_reporting`.
     */
    irrevocableUntil: isoDate.nullable().optional().transform((v) => v ?? null),
  })
  .superRefine((c, ctx) => {
    if (c.purposes.includes('other') && !c.purposeOther) ctx.addIssue({ code: 'custom', path: ['purposeOther'], message: 'Say what the other purpose is' });
    if (!c.expiresOn && !c.expiryEvent) {
      ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: 'Give an expiry date or an expiry event (a consent cannot last forever)' });
    }
    if (c.expiresOn && c.expiresOn < c.signedOn) ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: 'Cannot be before the date signed' });
    if (c.irrevocableUntil) {
      if (!c.purposes.includes('court_or_probation_reporting')) {
        ctx.addIssue({
          code: 'custom',
          path: ['irrevocableUntil'],
          message: 'Only a consent for court or probation reporting (a criminal justice referral, §2.35) can be irrevocable',
        });
      } else if (c.irrevocableUntil < c.signedOn) {
        ctx.addIssue({ code: 'custom', path: ['irrevocableUntil'], message: 'Cannot be before the date signed' });
      }
    }
  });
export type ConsentCreateInput = z.input<typeof consentCreateInput>;
export type ConsentCreate = z.output<typeof consentCreateInput>;

export const consentRevokeInput = z.object({
  /** The day the participant revoked it (orally or in writing). */
  revokedOn: isoDate,
  note: optionalText(1000),
});
export type ConsentRevokeInput = z.input<typeof consentRevokeInput>;
export type ConsentRevoke = z.output<typeof consentRevokeInput>;

/** The rules that need today's date (the schema cannot know it). */
export function consentDateIssues(c: { signedOn: string }, today: string): { path: string; message: string }[] {
  return c.signedOn > today ? [{ path: 'signedOn', message: 'Cannot be in the future' }] : [];
}

/* ---------- output ---------- */

const person = z.object({ id: z.string(), name: z.string() }).nullable();

export const CONSENT_STATUSES = ['active', 'revoked', 'expired'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const consentOutput = z.object({
  id: z.string(),
  participantId: z.string(),
  siteId: z.string(),
  discloser: z.string(),
  recipient: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('resource'), resourceId: z.string(), name: z.string() }),
    z.object({ kind: z.literal('class'), recipientClass: z.enum(CONSENT_RECIPIENT_CLASSES), name: z.string() }),
  ]),
  information: z.array(z.enum(CONSENT_INFORMATION)),
  purposes: z.array(z.enum(CONSENT_PURPOSES)),
  purposeOther: z.string().nullable(),
  expiresOn: z.string().nullable(),
  expiryEvent: z.string().nullable(),
  signature: z.object({ kind: z.enum(SIGNATURE_KINDS), typedName: z.string(), image: z.string().nullable() }),
  signedOn: z.string(),
  irrevocableUntil: z.string().nullable(),
  revocation: z.object({ revokedOn: z.string(), note: z.string().nullable(), recordedAt: z.string(), recordedBy: person }).nullable(),
  /** As of today at the participant's site. */
  status: z.enum(CONSENT_STATUSES),
  createdAt: z.string(),
  createdBy: person,
});
export type Consent = z.infer<typeof consentOutput>;

export const consentListOutput = z.object({ items: z.array(consentOutput) });

/* ---------- rules ---------- */

export interface ConsentFacts {
  id: string;
  recipient: { kind: 'resource'; resourceId: string; name: string } | { kind: 'class'; recipientClass: ConsentRecipientClass; name: string };
  information: readonly ConsentInformation[];
  purposes: readonly ConsentPurpose[];
  expiresOn: string | null;
  signedOn: string;
  revocation: { revokedOn: string } | null;
}

/**
 * Active on `today`: signed on or before it, not revoked on or before it, not past
 * its expiry date. An expiry *event* cannot be known by Tandem: staff revoke or
 * let the date lapse when it happens (the form asks for a date where there is one).
 */
export function consentStatus(c: Pick<ConsentFacts, 'expiresOn' | 'revocation'>, today: string): ConsentStatus {
  if (c.revocation && c.revocation.revokedOn <= today) return 'revoked';
  if (c.expiresOn !== null && c.expiresOn < today) return 'expired';
  return 'active';
}

/** The directory organization a disclosure goes to, with the categories of its services. */
export interface DisclosureRecipient {
  resourceId: string;
  name: string;
  categories: readonly ServiceCategory[];
}

/** Does a consent's recipient cover this organization: named by id, or in a class that takes in its kind of services. */
export function recipientCovers(recipient: ConsentFacts['recipient'], to: DisclosureRecipient): boolean {
  if (recipient.kind === 'resource') return recipient.resourceId === to.resourceId;
  const classCategories = RECIPIENT_CLASS_CATEGORIES[recipient.recipientClass];
  return to.categories.some((c) => classCategories.includes(c));
}

export interface DisclosureNeed {
  to: DisclosureRecipient;
  /** Every kind listed must be allowed. */
  information: readonly ConsentInformation[];
  /** Any one of these purposes will do. */
  purposes: readonly ConsentPurpose[];
}

export type ConsentCheck =
  | { ok: true; consent: ConsentFacts }
  | {
      ok: false;
      /** A sentence for the person sending: what consent is needed. */
      message: string;
      /** Consents that would have covered this had they not been revoked or expired. */
      lapsed: { id: string; status: Exclude<ConsentStatus, 'active'> }[];
    };

export const INFORMATION_LABELS: Record<ConsentInformation, string> = {
  enrollment_and_attendance: 'enrollment and attendance',
  moud_treatment: 'MOUD treatment',
  assessments: 'assessments',
  recovery_plan: 'recovery plan',
  contact_notes: 'contact notes',
  referral_information: 'referral information',
};
export const PURPOSE_LABELS: Record<ConsentPurpose, string> = {
  treatment_referral: 'treatment referral',
  care_coordination: 'care coordination',
  payment: 'payment',
  court_or_probation_reporting: 'court or probation reporting',
  other: 'other',
};
export const RECIPIENT_CLASS_LABELS: Record<ConsentRecipientClass, string> = { treating_providers: 'my treating providers' };

const orList = (items: readonly string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`);

/**
 * The consent that allows this disclosure today, or what is missing. A consent
 * covers it when it is active, its recipient covers the organization, it allows
 * every kind of information disclosed, and it names one of the purposes.
 */
export function findCoveringConsent(consents: readonly ConsentFacts[], need: DisclosureNeed, today: string): ConsentCheck {
  const matches = (c: ConsentFacts) =>
    recipientCovers(c.recipient, need.to) && need.information.every((i) => c.information.includes(i)) && c.purposes.some((p) => need.purposes.includes(p));
  const covering = consents.filter(matches);
  // The most recently signed active one, so the disclosure cites the newest authority.
  const active = covering.filter((c) => consentStatus(c, today) === 'active').sort((a, b) => (a.signedOn < b.signedOn ? 1 : -1));
  if (active[0]) return { ok: true, consent: active[0] };

  const classes = CONSENT_RECIPIENT_CLASSES.filter((k) => recipientCovers({ kind: 'class', recipientClass: k, name: '' }, need.to));
  const whom = [need.to.name, ...classes.map((k) => `“${RECIPIENT_CLASS_LABELS[k]}”`)];
  const lapsed = covering.map((c) => ({ id: c.id, status: consentStatus(c, today) })).filter((l): l is { id: string; status: 'revoked' | 'expired' } => l.status !== 'active');
  const because =
    lapsed.length === 0
      ? ''
      : ` The consent that covered this ${lapsed.some((l) => l.status === 'revoked') ? 'was revoked' : 'has expired'}.`;
  const message =
    `No active consent allows sharing ${need.information.map((i) => INFORMATION_LABELS[i]).join(' and ')} with ${need.to.name}. ` +
    `Record the participant's written consent to disclose ${need.information.map((i) => INFORMATION_LABELS[i]).join(' and ')} ` +
    `to ${orList(whom)}, for ${orList(need.purposes.map((p) => PURPOSE_LABELS[p]))}.${because}`;
  return { ok: false, message, lapsed };
}

/* ---------- disclosures ---------- */

export const DISCLOSURE_KINDS = ['referral_sent', 'printout', 'export'] as const;
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];
/** The accounting covers this many years before today (§2.24 / the HIPAA accounting period). */
export const ACCOUNTING_YEARS = 3;

export const disclosureOutput = z.object({
  id: z.string(),
  participantId: z.string(),
  kind: z.enum(DISCLOSURE_KINDS),
  disclosedAt: z.string(),
  recipientName: z.string(),
  recipientResourceId: z.string().nullable(),
  information: z.array(z.enum(CONSENT_INFORMATION)),
  purpose: z.enum(CONSENT_PURPOSES),
  consentId: z.string(),
  /** The consent it was made under, as the accounting prints it: signed when, to whom. */
  consent: z.object({ id: z.string(), signedOn: z.string(), recipientName: z.string() }),
  referralId: z.string().nullable(),
  disclosedBy: person,
  /** Always the §2.32 redisclosure notice: it went with the information. */
  notice: z.string(),
});
export type Disclosure = z.infer<typeof disclosureOutput>;

export const disclosureListOutput = z.object({
  /** The first day covered (three years before today at the participant's site). */
  from: z.string(),
  to: z.string(),
  items: z.array(disclosureOutput),
  notice: z.literal(REDISCLOSURE_NOTICE),
});
export type DisclosureList = z.infer<typeof disclosureListOutput>;

/**
 * Printing a participant's record (or part of it, such as a referral packet) to
 * hand to an outside organization is a disclosure like any other: the staff member
 * names the organization and the purpose, an active consent must cover them, and
 * the printout carries the §2.32 notice.
 */
export const printoutInput = z.object({
  recipientResourceId: uuid,
  purpose: z.enum(CONSENT_PURPOSES),
  information: uniqueNonEmpty(CONSENT_INFORMATION, 'kind of information'),
  /** The referral whose packet is printed, when it is one. */
  referralId: uuid.nullable().optional().transform((v) => v ?? null),
});
export type PrintoutInput = z.input<typeof printoutInput>;
export type Printout = z.output<typeof printoutInput>;
