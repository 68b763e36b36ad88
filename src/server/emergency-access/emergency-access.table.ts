import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { participants } from '../participants/participants.table.ts';
import { sites } from '../sites/sites.table.ts';
import { users } from '../users/users.table.ts';

/**
 * One emergency access ("break the glass"): a user opened a participant of a site
 * they are not assigned to, with a reason, until expires_at. The site is the
 * participant's when it was opened. A program administrator reviews it later.
 */
export const emergencyAccesses = pgTable(
  'emergency_accesses',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    reason: text('reason').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** When the user closed it before it expired (they were done); null if it ran its hour. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewNote: text('review_note'),
  },
  (t) => [
    // The choke points ask "has this user an access to this participant now?" on every miss.
    index('emergency_accesses_user_participant_idx').on(t.userId, t.participantId, t.expiresAt),
    // The review list: the unreviewed ones, newest first.
    index('emergency_accesses_unreviewed_idx').on(t.openedAt).where(sql`${t.reviewedAt} IS NULL`),
    index('emergency_accesses_opened_idx').on(t.openedAt),
    check('emergency_accesses_expiry_after_opening', sql`${t.expiresAt} > ${t.openedAt}`),
    check('emergency_accesses_ended_within', sql`${t.endedAt} IS NULL OR (${t.endedAt} >= ${t.openedAt} AND ${t.endedAt} <= ${t.expiresAt})`),
    check('emergency_accesses_review_complete', sql`(${t.reviewedAt} IS NULL) = (${t.reviewedBy} IS NULL)`),
  ],
);
