import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type {
  AdministeredBy,
  CommunityRecipient,
  MovementKind,
  NaloxoneProduct,
  RecipientType,
  RefillReason,
  SupportRelationship,
  Survived,
} from '../../core/naloxone.ts';
import { participants } from '../participants/participants.table.ts';
import { sites } from '../sites/sites.table.ts';
import { users } from '../users/users.table.ts';

/**
 * A lot of one product held at one site. The row itself never changes: it names
 * the lot and is what a movement locks (SELECT … FOR UPDATE) so that two staff
 * taking the last kits cannot both succeed. How many kits are on hand is never
 * stored: it is the sum of the lot's movements.
 */
export const naloxoneLots = pgTable(
  'naloxone_lots',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    product: text('product').$type<NaloxoneProduct>().notNull(),
    lotNumber: text('lot_number').notNull(),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('naloxone_lots_site_product_lot').on(t.siteId, t.product, t.lotNumber), index('naloxone_lots_site_idx').on(t.siteId, t.expiresOn)],
);

/** A distribution: kits handed to a participant, someone in their support system, or community members. */
export const naloxoneDistributions = pgTable(
  'naloxone_distributions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    recipientType: text('recipient_type').$type<RecipientType>().notNull(),
    participantId: uuid('participant_id').references(() => participants.id),
    relationship: text('relationship').$type<SupportRelationship>(),
    recipientName: text('recipient_name'),
    communityRecipient: text('community_recipient').$type<CommunityRecipient>(),
    peopleCount: integer('people_count'),
    zip: text('zip'),
    product: text('product').$type<NaloxoneProduct>().notNull(),
    kits: integer('kits').notNull(),
    distributedOn: date('distributed_on', { mode: 'string' }).notNull(),
    trainingGiven: boolean('training_given').notNull(),
    trainedBy: uuid('trained_by').references(() => users.id),
    location: text('location'),
    eventName: text('event_name'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [
    index('naloxone_distributions_site_idx').on(t.siteId, t.distributedOn),
    index('naloxone_distributions_participant_idx').on(t.participantId, t.distributedOn),
    check('naloxone_distributions_kits_positive', sql`${t.kits} > 0`),
    check(
      'naloxone_distributions_recipient',
      sql`(${t.recipientType} = 'community') = (${t.participantId} is null) and (${t.recipientType} = 'support_person') = (${t.relationship} is not null)`,
    ),
  ],
);

/**
 * One change to a lot's stock: the signed number of kits. Append-only (a
 * trigger refuses UPDATE and DELETE): a mistake is corrected by a count and an
 * adjustment, never by rewriting history. A transfer is two rows (out here, in
 * at the other site) sharing `transfer_id`.
 */
export const naloxoneMovements = pgTable(
  'naloxone_movements',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    lotId: uuid('lot_id')
      .notNull()
      .references(() => naloxoneLots.id),
    kind: text('kind').$type<MovementKind>().notNull(),
    /** Signed: positive adds kits to the lot, negative takes them away. */
    kits: integer('kits').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    /** Who sent a receipt. */
    source: text('source'),
    /** The other site of a transfer. */
    counterpartSiteId: uuid('counterpart_site_id').references(() => sites.id),
    transferId: uuid('transfer_id'),
    distributionId: uuid('distribution_id').references(() => naloxoneDistributions.id),
    /** Why an adjustment was needed. */
    reason: text('reason'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [
    index('naloxone_movements_lot_idx').on(t.lotId),
    index('naloxone_movements_site_idx').on(t.siteId, t.createdAt),
    check('naloxone_movements_kits_nonzero', sql`${t.kits} <> 0`),
    check(
      'naloxone_movements_sign',
      sql`case ${t.kind} when 'received' then ${t.kits} > 0 when 'transfer_in' then ${t.kits} > 0 when 'adjustment' then true else ${t.kits} < 0 end`,
    ),
    check('naloxone_movements_received_source', sql`${t.kind} <> 'received' or ${t.source} is not null`),
    check('naloxone_movements_transfer', sql`(${t.kind} in ('transfer_in', 'transfer_out')) = (${t.transferId} is not null and ${t.counterpartSiteId} is not null)`),
    check('naloxone_movements_distribution', sql`(${t.kind} = 'distributed') = (${t.distributionId} is not null)`),
    check('naloxone_movements_adjustment_reason', sql`${t.kind} <> 'adjustment' or ${t.reason} is not null`),
  ],
);

/** A reported use of a kit (an overdose reversal attempt). */
export const naloxoneReversals = pgTable(
  'naloxone_reversals',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    distributionId: uuid('distribution_id').references(() => naloxoneDistributions.id),
    participantId: uuid('participant_id').references(() => participants.id),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    zip: text('zip'),
    administeredBy: text('administered_by').$type<AdministeredBy>().notNull(),
    dosesUsed: integer('doses_used').notNull(),
    survived: text('survived').$type<Survived>().notNull(),
    emsCalled: boolean('ems_called'),
    rescueBreathing: boolean('rescue_breathing'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [
    index('naloxone_reversals_site_idx').on(t.siteId, t.occurredOn),
    index('naloxone_reversals_participant_idx').on(t.participantId),
    check('naloxone_reversals_doses', sql`${t.dosesUsed} > 0`),
  ],
);

/** A request for new kits, with why the old ones are gone. */
export const naloxoneRefills = pgTable(
  'naloxone_refills',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    reason: text('reason').$type<RefillReason>().notNull(),
    distributionId: uuid('distribution_id').references(() => naloxoneDistributions.id),
    participantId: uuid('participant_id').references(() => participants.id),
    reversalId: uuid('reversal_id').references(() => naloxoneReversals.id),
    requestedOn: date('requested_on', { mode: 'string' }).notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [index('naloxone_refills_site_idx').on(t.siteId, t.requestedOn), index('naloxone_refills_participant_idx').on(t.participantId)],
);
