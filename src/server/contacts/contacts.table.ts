import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { AttemptOutcome, ContactLocation, ContactMode, ContactService } from '../../core/contacts.ts';
import { participants } from '../participants/participants.table.ts';
import { sites } from '../sites/sites.table.ts';
import { users } from '../users/users.table.ts';

/**
 * Every encounter with a participant, successful or not. Append-only: a trigger
 * (migration "contacts") refuses UPDATE and DELETE, so a note is corrected only
 * by an addendum and the original stays exactly as written.
 */
export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id),
    /** The participant's site when the contact was logged (reports by site). */
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    durationMinutes: integer('duration_minutes'),
    mode: text('mode').$type<ContactMode>().notNull(),
    locationType: text('location_type').$type<ContactLocation>().notNull(),
    reached: boolean('reached').notNull(),
    attemptOutcome: text('attempt_outcome').$type<AttemptOutcome>(),
    services: text('services').array().$type<ContactService[]>().notNull().default(sql`'{}'::text[]`),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [
    index('contacts_participant_occurred_idx').on(t.participantId, t.occurredAt.desc(), t.id.desc()),
    // The last successful contact of each participant (worklist), without reading the attempts.
    index('contacts_participant_reached_idx').on(t.participantId, t.occurredAt.desc()).where(sql`${t.reached}`),
    // INCLUDE (participant_id, reached) in drizzle/0027: the reports' monthly counts read the index alone.
    index('contacts_site_occurred_idx').on(t.siteId, t.occurredAt),
    check('contacts_duration_range', sql`${t.durationMinutes} IS NULL OR ${t.durationMinutes} BETWEEN 0 AND 720`),
    check('contacts_outcome_when_unreached', sql`(${t.reached} AND ${t.attemptOutcome} IS NULL) OR (NOT ${t.reached} AND ${t.attemptOutcome} IS NOT NULL)`),
    check('contacts_services_when_reached', sql`${t.reached} OR cardinality(${t.services}) = 0`),
  ],
);

/**
 * Contacts counted per site, calendar month and participant, for the reports: the
 * month is the site's own (its time zone when the contact was logged, rebuilt for
 * the site when its zone changes). Kept by triggers on `contacts` (each insert
 * statement adds its counts; contacts are never updated or deleted) and on `sites`
 * (drizzle/0028), never by the application. Derived from `contacts`, so no foreign
 * keys: a restore copies both as they were.
 */
export const contactMonths = pgTable(
  'contact_months',
  {
    siteId: uuid('site_id').notNull(),
    /** The first day of the month, in the site's time zone. */
    month: date('month').notNull(),
    participantId: uuid('participant_id').notNull(),
    reached: integer('reached').notNull(),
    attempts: integer('attempts').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.month, t.participantId] })],
);

/**
 * Each participant's latest successful contact, for the worklist: its "no successful
 * contact in N days" rule reads it for every person a supervisor oversees (16,000 at a
 * state's size), which from `contacts` meant reading half a million index entries per
 * request. Kept by a trigger on `contacts` (drizzle/0029: each insert statement moves
 * it forward; contacts are never updated or deleted), never by the application.
 * Derived, so no foreign key, like `contact_months`.
 */
export const participantLastReached = pgTable('participant_last_reached', {
  participantId: uuid('participant_id').primaryKey(),
  reachedAt: timestamp('reached_at', { withTimezone: true }).notNull(),
});

/** Who from the team took part in a contact. */
export const contactStaff = pgTable(
  'contact_staff',
  {
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.userId] }), index('contact_staff_user_idx').on(t.userId)],
);

/** A correction of a contact's note: added after it, never replacing it. Append-only too. */
export const contactAddenda = pgTable(
  'contact_addenda',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    text: text('text').notNull(),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [index('contact_addenda_contact_idx').on(t.contactId, t.createdAt)],
);
