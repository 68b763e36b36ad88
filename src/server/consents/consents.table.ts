import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ConsentInformation, ConsentPurpose, ConsentRecipientClass, DisclosureKind } from '../../core/consents.ts';
import { participants } from '../participants/participants.table.ts';
import { resources } from '../resources/resources.table.ts';
import { sites } from '../sites/sites.table.ts';
import { users } from '../users/users.table.ts';

/**
 * A participant's written consent to disclose (42 CFR Part 2 §2.31). Never changed
 * or removed (the migration adds triggers refusing UPDATE, DELETE and TRUNCATE): a
 * revocation is a row of its own in `consent_revocations`.
 */
export const consents = pgTable(
  'consents',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    discloser: text('discloser').notNull(),
    /** One organization of the directory, or a class of recipients: exactly one of the two. */
    recipientResourceId: uuid('recipient_resource_id').references(() => resources.id),
    recipientClass: text('recipient_class').$type<ConsentRecipientClass>(),
    /** The recipient as named on the form when signed (the directory entry may be renamed later). */
    recipientName: text('recipient_name').notNull(),
    information: text('information').array().$type<ConsentInformation[]>().notNull(),
    purposes: text('purposes').array().$type<ConsentPurpose[]>().notNull(),
    purposeOther: text('purpose_other'),
    expiresOn: date('expires_on', { mode: 'string' }),
    expiryEvent: text('expiry_event'),
    signatureKind: text('signature_kind').$type<'typed' | 'drawn'>().notNull(),
    signatureName: text('signature_name').notNull(),
    /** A drawn signature: PNG data URL, bounded by the input schema. */
    signatureImage: text('signature_image'),
    signedOn: date('signed_on', { mode: 'string' }).notNull(),
    irrevocableUntil: date('irrevocable_until', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [
    index('consents_participant_idx').on(t.participantId, t.signedOn),
    check('consents_one_recipient', sql`(${t.recipientResourceId} is null) <> (${t.recipientClass} is null)`),
    check('consents_expiry_given', sql`${t.expiresOn} is not null or ${t.expiryEvent} is not null`),
    check('consents_information_given', sql`cardinality(${t.information}) > 0`),
    check('consents_purpose_given', sql`cardinality(${t.purposes}) > 0`),
    check('consents_drawn_has_image', sql`(${t.signatureKind} = 'drawn') = (${t.signatureImage} is not null)`),
  ],
);

/** The revocation of a consent: at most one per consent; append-only like the consent. */
export const consentRevocations = pgTable('consent_revocations', {
  consentId: uuid('consent_id')
    .primaryKey()
    .references(() => consents.id),
  revokedOn: date('revoked_on', { mode: 'string' }).notNull(),
  note: text('note'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  recordedBy: uuid('recorded_by').references(() => users.id),
});

/**
 * Every disclosure of a participant's records to an outside party (the accounting
 * of disclosures): to whom, what, when, under which consent, by whom. Append-only.
 */
export const disclosures = pgTable(
  'disclosures',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    kind: text('kind').$type<DisclosureKind>().notNull(),
    disclosedAt: timestamp('disclosed_at', { withTimezone: true }).notNull(),
    recipientName: text('recipient_name').notNull(),
    recipientResourceId: uuid('recipient_resource_id').references(() => resources.id),
    information: text('information').array().$type<ConsentInformation[]>().notNull(),
    purpose: text('purpose').$type<ConsentPurpose>().notNull(),
    consentId: uuid('consent_id')
      .notNull()
      .references(() => consents.id),
    /** The referral sent, for a disclosure by referral (no FK: referrals live in their own feature). */
    referralId: uuid('referral_id'),
    disclosedBy: uuid('disclosed_by').references(() => users.id),
  },
  (t) => [index('disclosures_participant_idx').on(t.participantId, t.disclosedAt)],
);
