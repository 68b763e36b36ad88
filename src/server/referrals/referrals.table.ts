import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ReferralNeed, ReferralOutcome, ReferralStatus, ReferralUrgency } from '../../core/referrals.ts';
import { consents } from '../consents/consents.table.ts';
import { participants } from '../participants/participants.table.ts';
import { resourceLocations, resources, resourceServices } from '../resources/resources.table.ts';
import { sites } from '../sites/sites.table.ts';
import { users } from '../users/users.table.ts';

/**
 * A closed-loop referral: the participant, the organization, the need; its
 * current status and appointment; every step in `referral_events`. Changed only by
 * transitions, under optimistic concurrency (`version`).
 */
export const referrals = pgTable(
  'referrals',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id),
    /** The organization's name when the referral was made. */
    resourceName: text('resource_name').notNull(),
    /**
     * The service and the location of that organization the referral is for, when
     * chosen (names as they read when the referral was made; the link is cleared if
     * the directory later drops that service or location).
     */
    serviceId: uuid('service_id').references(() => resourceServices.id, { onDelete: 'set null' }),
    serviceName: text('service_name'),
    locationId: uuid('location_id').references(() => resourceLocations.id, { onDelete: 'set null' }),
    locationName: text('location_name'),
    need: text('need').$type<ReferralNeed>().notNull(),
    urgency: text('urgency').$type<ReferralUrgency>().notNull(),
    notes: text('notes'),
    status: text('status').$type<ReferralStatus>().notNull(),
    appointmentOn: date('appointment_on', { mode: 'string' }),
    appointmentTime: text('appointment_time'),
    appointmentPlace: text('appointment_place'),
    outcome: text('outcome').$type<ReferralOutcome>(),
    consentId: uuid('consent_id').references(() => consents.id),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** The time of the last step (the worklist's "no movement for 7 days"). */
    movedAt: timestamp('moved_at', { withTimezone: true }).notNull(),
    /**
     * Whether any step of the referral reached each stage of the funnel, so the
     * reports read one row per referral instead of its steps. Set by a trigger on
     * `referral_events` (drizzle/0027), never by the application.
     */
    reachedAccepted: boolean('reached_accepted').notNull().default(false),
    reachedAppointment: boolean('reached_appointment').notNull().default(false),
    reachedAttended: boolean('reached_attended').notNull().default(false),
    reachedCompleted: boolean('reached_completed').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [
    index('referrals_participant_idx').on(t.participantId, t.createdAt),
    // The reports' referrals sent in a period, at some sites; drizzle/0031 adds the funnels' columns (INCLUDE).
    index('referrals_site_sent_idx').on(t.siteId, t.sentAt),
    // Open referrals by last movement: the worklist's stalled-referral query.
    index('referrals_open_moved_idx')
      .on(t.participantId, t.movedAt)
      .where(sql`${t.status} not in ('completed', 'closed')`),
  ],
);

/** Each step of a referral, with who took it and when. Append-only (triggers in the migration). */
export const referralEvents = pgTable(
  'referral_events',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id),
    fromStatus: text('from_status').$type<ReferralStatus>(),
    toStatus: text('to_status').$type<ReferralStatus>().notNull(),
    /** The referral's version after this step: orders the steps (several may share an instant). */
    version: integer('version').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    by: uuid('by').references(() => users.id),
    appointmentOn: date('appointment_on', { mode: 'string' }),
    appointmentTime: text('appointment_time'),
    appointmentPlace: text('appointment_place'),
    outcome: text('outcome').$type<ReferralOutcome>(),
    note: text('note'),
  },
  (t) => [uniqueIndex('referral_events_referral_version_idx').on(t.referralId, t.version)],
);
