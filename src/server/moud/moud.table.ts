import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { MoudEndReason, MoudMedication } from '../../core/moud.ts';
import { participants } from '../participants/participants.table.ts';
import { referrals } from '../referrals/referrals.table.ts';
import { resources } from '../resources/resources.table.ts';
import { sites } from '../sites/sites.table.ts';
import { users } from '../users/users.table.ts';

/**
 * One MOUD episode: a medication taken from a provider, from the first dose to its
 * end (null while ongoing). Corrections change the row in place under optimistic
 * concurrency (`version`); the audit trail names each changed field.
 */
export const moudEpisodes = pgTable(
  'moud_episodes',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id),
    /** The participant's site when the episode was recorded (for reports by site). */
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    medication: text('medication').$type<MoudMedication>().notNull(),
    /** The provider as typed; kept even once a directory entry is linked, as it read at the time. */
    providerName: text('provider_name').notNull(),
    /** The provider's resource-directory entry (directory entries are archived, never deleted). */
    providerResourceId: uuid('provider_resource_id').references(() => resources.id),
    /** The referral that led to this episode, if any. */
    referralId: uuid('referral_id').references(() => referrals.id),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    endedOn: date('ended_on', { mode: 'string' }),
    endReason: text('end_reason').$type<MoudEndReason>(),
    note: text('note'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    updatedBy: uuid('updated_by').references(() => users.id),
  },
  (t) => [
    index('moud_episodes_participant_idx').on(t.participantId, t.startedOn),
    check('moud_episodes_end_after_start', sql`${t.endedOn} is null or ${t.endedOn} >= ${t.startedOn}`),
    check('moud_episodes_end_complete', sql`(${t.endedOn} is null) = (${t.endReason} is null)`),
  ],
);
