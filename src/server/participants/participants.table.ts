import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { CustodyStatus, Ethnicity, Gender, Race, ReferralSource } from '../../core/enums.ts';
import { sites } from '../sites/sites.table.ts';
import { users } from '../users/users.table.ts';

export const participants = pgTable(
  'participants',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    preferredName: text('preferred_name'),
    dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
    gender: text('gender').$type<Gender>(),
    race: text('race').array().$type<Race[]>().notNull().default(sql`'{}'::text[]`),
    ethnicity: text('ethnicity').$type<Ethnicity>(),
    preferredLanguage: text('preferred_language'),
    phone: text('phone'),
    email: text('email'),
    custodyStatus: text('custody_status').$type<CustodyStatus>().notNull(),
    expectedReleaseDate: date('expected_release_date', { mode: 'string' }),
    releaseDate: date('release_date', { mode: 'string' }),
    referralSource: text('referral_source').$type<ReferralSource>(),
    /** Lower-case, accent-free "first preferred last", kept by the repository for trigram search. */
    searchName: text('search_name').notNull(),
    /** Soundex codes of every name word (see core/names.ts), so "Jonh Smiht" finds John Smith. */
    nameSounds: text('name_sounds').notNull(),
    /** The phone's digits only, for search by any part of the number. */
    phoneDigits: text('phone_digits'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    updatedBy: uuid('updated_by').references(() => users.id),
  },
  (t) => [
    index('participants_search_name_trgm_idx').using('gin', sql`${t.searchName} gin_trgm_ops`),
    index('participants_name_sounds_trgm_idx').using('gin', sql`${t.nameSounds} gin_trgm_ops`),
    index('participants_phone_digits_trgm_idx').using('gin', sql`${t.phoneDigits} gin_trgm_ops`),
    index('participants_dob_idx').on(t.dateOfBirth),
    index('participants_site_name_idx').on(t.siteId, sql`lower(${t.lastName})`, sql`lower(${t.firstName})`, t.id),
    index('participants_name_idx').on(sql`lower(${t.lastName})`, sql`lower(${t.firstName})`, t.id),
  ],
);

/** Which site a participant belonged to, when: a transfer closes one row and opens the next. */
export const participantSiteHistory = pgTable(
  'participant_site_history',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    changedBy: uuid('changed_by').references(() => users.id),
  },
  (t) => [index('participant_site_history_participant_idx').on(t.participantId, t.startedAt)],
);
