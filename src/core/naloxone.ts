/**
 * Naloxone: kits in stock at a site by product, lot and expiry; the movements
 * that change it (append-only); distributions to participants, the people
 * around them and community members; reported reversals and refill requests.
 * Vocabularies, input and output schemas, and the pure rules: expiry alerts and
 * which lots a distribution draws from. Every date is a calendar date
 * (YYYY-MM-DD) in the site's time zone; the caller says what "today" is.
 */
import { z } from 'zod';
import { addDays } from './enrollments.ts';
import { isoDate, uuid } from './schemas.ts';

export const NALOXONE_PRODUCTS = ['nasal_4mg', 'nasal_8mg', 'intramuscular', 'other'] as const;
export type NaloxoneProduct = (typeof NALOXONE_PRODUCTS)[number];

/**
 * What a movement records. Received, transferred in and a positive adjustment add
 * kits; the others take them away. A transfer is always a pair (out at one site,
 * in at the other) sharing one transfer id.
 */
export const MOVEMENT_KINDS = ['received', 'transfer_out', 'transfer_in', 'distributed', 'expired_destroyed', 'lost', 'adjustment'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const RECIPIENT_TYPES = ['participant', 'support_person', 'community'] as const;
export type RecipientType = (typeof RECIPIENT_TYPES)[number];

/** Someone in a participant's support system. */
export const SUPPORT_RELATIONSHIPS = ['family_member', 'partner', 'friend'] as const;
export type SupportRelationship = (typeof SUPPORT_RELATIONSHIPS)[number];

/** Who a community member at an event is, without naming them. */
export const COMMUNITY_RECIPIENTS = ['person_who_uses_drugs', 'family_or_friend', 'service_provider', 'community_member', 'other'] as const;
export type CommunityRecipient = (typeof COMMUNITY_RECIPIENTS)[number];

export const ADMINISTERED_BY = ['participant', 'family', 'friend', 'bystander', 'staff', 'ems', 'other'] as const;
export type AdministeredBy = (typeof ADMINISTERED_BY)[number];

export const SURVIVED = ['yes', 'no', 'unknown'] as const;
export type Survived = (typeof SURVIVED)[number];

export const REFILL_REASONS = ['used', 'lost', 'stolen', 'confiscated', 'expired'] as const;
export type RefillReason = (typeof REFILL_REASONS)[number];

/** Lots expiring within this many days (today included) are flagged. */
export const EXPIRY_ALERT_DAYS = 60;
/** The most kits one movement or distribution may carry (a case is 24; a pallet is counted as several receipts). */
export const MAX_KITS = 10_000;

/* ---------- rules ---------- */

export type ExpiryStatus = 'ok' | 'expiring' | 'expired';

/**
 * A kit is usable through its expiry date. `expired` once that date has passed;
 * `expiring` from 60 days before it (today + 60 is expiring, today + 61 is not);
 * `ok` otherwise.
 */
export function expiryStatus(expiresOn: string, today: string): ExpiryStatus {
  if (expiresOn < today) return 'expired';
  if (expiresOn <= addDays(today, EXPIRY_ALERT_DAYS)) return 'expiring';
  return 'ok';
}

export interface LotOnHand {
  id: string;
  lotNumber: string;
  expiresOn: string;
  onHand: number;
}

export interface LotAllocation {
  lotId: string;
  kits: number;
}

/** Earliest expiry first; the same expiry by lot number, then id, so the choice is the same every time. */
export function byExpiry(a: LotOnHand, b: LotOnHand): number {
  if (a.expiresOn !== b.expiresOn) return a.expiresOn < b.expiresOn ? -1 : 1;
  if (a.lotNumber !== b.lotNumber) return a.lotNumber < b.lotNumber ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Which lots `kits` kits come from when staff do not choose one: first expiry,
 * first out. Expired lots and empty lots are skipped; a lot with fewer kits than
 * asked gives all it has and the next-expiring lot the rest. Null when the
 * unexpired stock is not enough (nothing is taken then).
 */
export function pickLots(lots: readonly LotOnHand[], kits: number, today: string): LotAllocation[] | null {
  if (!Number.isInteger(kits) || kits < 1) return null;
  const usable = lots.filter((l) => l.onHand > 0 && expiryStatus(l.expiresOn, today) !== 'expired').sort(byExpiry);
  const out: LotAllocation[] = [];
  let left = kits;
  for (const lot of usable) {
    if (left === 0) break;
    const take = Math.min(left, lot.onHand);
    out.push({ lotId: lot.id, kits: take });
    left -= take;
  }
  return left === 0 ? out : null;
}

/** The signed change a movement of this kind makes, from the number of kits it moves. */
export function signedKits(kind: Exclude<MovementKind, 'adjustment'>, kits: number): number {
  switch (kind) {
    case 'received':
    case 'transfer_in':
      return kits;
    case 'transfer_out':
    case 'distributed':
    case 'expired_destroyed':
    case 'lost':
      return -kits;
  }
}

/* ---------- inputs ---------- */

const kits = z.number({ error: 'Required: a number of kits' }).int('A whole number of kits').min(1, 'At least 1 kit').max(MAX_KITS, `At most ${MAX_KITS} kits`);
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();
const required = (max: number) => z.string({ error: 'Required' }).trim().min(1, 'Required').max(max, `At most ${max} characters`);
export const zip = z.string().trim().regex(/^\d{5}$/, 'Use a 5-digit ZIP code');

const movementBase = { siteId: uuid, occurredOn: isoDate, note: text(1000) };

/** A case or box of kits arriving at a site: a new lot, or more of one already there (same expiry). */
export const receiveInput = z.object({
  kind: z.literal('received'),
  ...movementBase,
  product: z.enum(NALOXONE_PRODUCTS),
  lotNumber: required(60),
  expiresOn: isoDate,
  kits,
  /** Who sent them: the state health department, a distributor, a harm-reduction program… */
  source: required(200),
});

/** Kits of one lot sent to another site of the program: recorded as a pair (out here, in there). */
export const transferInput = z.object({ kind: z.literal('transfer_out'), ...movementBase, lotId: uuid, toSiteId: uuid, kits });

/** Kits of one lot taken out of stock because they expired or were destroyed, or found missing. */
export const removeInput = z.object({ kind: z.enum(['expired_destroyed', 'lost']), ...movementBase, lotId: uuid, kits });

/** After a physical count: the number of kits of the lot actually on the shelf, and why it differs. */
export const adjustInput = z.object({
  kind: z.literal('adjustment'),
  ...movementBase,
  lotId: uuid,
  countedKits: z.number({ error: 'Required: the number of kits counted' }).int('A whole number of kits').min(0, 'Cannot be negative').max(MAX_KITS),
  reason: required(500),
});

export const movementInput = z.discriminatedUnion('kind', [receiveInput, transferInput, removeInput, adjustInput]);
export type MovementInput = z.infer<typeof movementInput>;
export type ReceiveInput = z.infer<typeof receiveInput>;
export type TransferInput = z.infer<typeof transferInput>;
export type RemoveInput = z.infer<typeof removeInput>;
export type AdjustInput = z.infer<typeof adjustInput>;

export const movementsQuery = z.object({
  siteId: uuid,
  lotId: uuid.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type MovementsQuery = z.infer<typeof movementsQuery>;

/**
 * Kits handed out. To a participant or someone in their support system (both
 * name the participant: it is their record), or to community members at an
 * event (no identity: how many people, their ZIP and what kind of recipient).
 * Kits come from the earliest-expiring lots of the product unless a lot is chosen.
 */
export const distributionInput = z
  .object({
    siteId: uuid,
    recipientType: z.enum(RECIPIENT_TYPES),
    participantId: uuid.nullable().optional(),
    relationship: z.enum(SUPPORT_RELATIONSHIPS).nullable().optional(),
    /** The support person's name or how they are known ("his mother"), if they wish to give it. */
    recipientName: text(120),
    communityRecipient: z.enum(COMMUNITY_RECIPIENTS).nullable().optional(),
    /** How many people received kits in this community record. */
    peopleCount: z.number().int().min(1, 'At least 1').max(10_000).nullable().optional(),
    zip: zip.nullable().optional(),
    product: z.enum(NALOXONE_PRODUCTS),
    lotId: uuid.nullable().optional(),
    kits,
    distributedOn: isoDate,
    trainingGiven: z.boolean({ error: 'Say whether overdose-response training was given' }),
    /** The staff member who trained; the person recording when not given. */
    trainedById: uuid.nullable().optional(),
    /** Where: a release desk, an outreach van, a health fair. */
    location: text(200),
    eventName: text(200),
    note: text(1000),
  })
  .superRefine((d, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (d.recipientType === 'community') {
      if (d.participantId) issue('participantId', 'A community distribution names no participant');
      if (d.recipientName) issue('recipientName', 'A community distribution names no one');
      if (!d.communityRecipient) issue('communityRecipient', 'Required for a community distribution');
      if (!d.zip) issue('zip', 'Required for a community distribution');
    } else {
      if (!d.participantId) issue('participantId', 'Required: whose record this is');
      if (d.communityRecipient) issue('communityRecipient', 'Only for a community distribution');
      if (d.peopleCount) issue('peopleCount', 'Only for a community distribution');
    }
    if (d.recipientType === 'support_person' && !d.relationship) issue('relationship', 'Required: who they are to the participant');
    if (d.recipientType !== 'support_person' && d.relationship) issue('relationship', 'Only for someone in the participant’s support system');
  });
export type DistributionInput = z.infer<typeof distributionInput>;

export const distributionsQuery = z
  .object({
    siteId: uuid.optional(),
    participantId: uuid.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((q) => Boolean(q.siteId) !== Boolean(q.participantId), { path: ['siteId'], message: 'Give a site or a participant (one of them)' });
export type DistributionsQuery = z.infer<typeof distributionsQuery>;

/** A reported use of a kit. */
export const reversalInput = z.object({
  siteId: uuid,
  /** The distribution the kit came from, when known. */
  distributionId: uuid.nullable().optional(),
  /** Whose record it belongs to when no distribution is linked (a participant reporting they used a kit from elsewhere). */
  participantId: uuid.nullable().optional(),
  occurredOn: isoDate,
  zip: zip.nullable().optional(),
  administeredBy: z.enum(ADMINISTERED_BY),
  dosesUsed: z.number({ error: 'Required: how many doses' }).int().min(1, 'At least 1').max(20, 'At most 20'),
  survived: z.enum(SURVIVED),
  /** null: not known. */
  emsCalled: z.boolean().nullable(),
  rescueBreathing: z.boolean().nullable(),
  note: text(1000),
});
export type ReversalInput = z.infer<typeof reversalInput>;

export const refillInput = z.object({
  siteId: uuid,
  reason: z.enum(REFILL_REASONS),
  distributionId: uuid.nullable().optional(),
  participantId: uuid.nullable().optional(),
  reversalId: uuid.nullable().optional(),
  requestedOn: isoDate,
  note: text(1000),
});
export type RefillInput = z.infer<typeof refillInput>;

export const siteOrParticipantQuery = distributionsQuery;

/* ---------- outputs ---------- */

const person = z.object({ id: z.string(), name: z.string() }).nullable();

export const lotStockOutput = z.object({
  lotId: z.string(),
  product: z.enum(NALOXONE_PRODUCTS),
  lotNumber: z.string(),
  expiresOn: z.string(),
  expiry: z.enum(['ok', 'expiring', 'expired']),
  onHand: z.number().int(),
  /** Kits by kind of movement, each as a positive number (adjustments signed). */
  received: z.number().int(),
  transferredIn: z.number().int(),
  transferredOut: z.number().int(),
  distributed: z.number().int(),
  expiredDestroyed: z.number().int(),
  lost: z.number().int(),
  adjustments: z.number().int(),
});
export type LotStock = z.infer<typeof lotStockOutput>;

export const stockOutput = z.object({
  site: z.object({ id: z.string(), name: z.string() }),
  today: z.string(),
  lots: z.array(lotStockOutput),
  totals: z.array(z.object({ product: z.enum(NALOXONE_PRODUCTS), onHand: z.number().int(), usable: z.number().int() })),
  /** Lots with kits on hand that expire within 60 days or have expired. */
  alerts: z.array(lotStockOutput),
});
export type Stock = z.infer<typeof stockOutput>;

export const movementOutput = z.object({
  id: z.string(),
  siteId: z.string(),
  lotId: z.string(),
  product: z.enum(NALOXONE_PRODUCTS),
  lotNumber: z.string(),
  expiresOn: z.string(),
  kind: z.enum(MOVEMENT_KINDS),
  kits: z.number().int(),
  occurredOn: z.string(),
  source: z.string().nullable(),
  counterpartSite: z.object({ id: z.string(), name: z.string() }).nullable(),
  transferId: z.string().nullable(),
  distributionId: z.string().nullable(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: person,
});
export type Movement = z.infer<typeof movementOutput>;
export const movementListOutput = z.object({ items: z.array(movementOutput) });
export const movementCreateOutput = z.object({ items: z.array(movementOutput) });

export const distributionOutput = z.object({
  id: z.string(),
  siteId: z.string(),
  siteName: z.string(),
  recipientType: z.enum(RECIPIENT_TYPES),
  participantId: z.string().nullable(),
  relationship: z.enum(SUPPORT_RELATIONSHIPS).nullable(),
  recipientName: z.string().nullable(),
  communityRecipient: z.enum(COMMUNITY_RECIPIENTS).nullable(),
  peopleCount: z.number().int().nullable(),
  zip: z.string().nullable(),
  product: z.enum(NALOXONE_PRODUCTS),
  kits: z.number().int(),
  lots: z.array(z.object({ lotId: z.string(), lotNumber: z.string(), expiresOn: z.string(), kits: z.number().int() })),
  distributedOn: z.string(),
  trainingGiven: z.boolean(),
  trainedBy: person,
  location: z.string().nullable(),
  eventName: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: person,
});
export type Distribution = z.infer<typeof distributionOutput>;
export const distributionListOutput = z.object({ items: z.array(distributionOutput) });

export const reversalOutput = z.object({
  id: z.string(),
  siteId: z.string(),
  distributionId: z.string().nullable(),
  participantId: z.string().nullable(),
  occurredOn: z.string(),
  zip: z.string().nullable(),
  administeredBy: z.enum(ADMINISTERED_BY),
  dosesUsed: z.number().int(),
  survived: z.enum(SURVIVED),
  emsCalled: z.boolean().nullable(),
  rescueBreathing: z.boolean().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: person,
});
export type Reversal = z.infer<typeof reversalOutput>;
export const reversalListOutput = z.object({ items: z.array(reversalOutput) });

export const refillOutput = z.object({
  id: z.string(),
  siteId: z.string(),
  reason: z.enum(REFILL_REASONS),
  distributionId: z.string().nullable(),
  participantId: z.string().nullable(),
  reversalId: z.string().nullable(),
  requestedOn: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: person,
});
export type Refill = z.infer<typeof refillOutput>;
export const refillListOutput = z.object({ items: z.array(refillOutput) });

/** Who may be named as having given the overdose-response training at a site. */
export const trainerListOutput = z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) });
export type Trainer = z.infer<typeof trainerListOutput>['items'][number];
