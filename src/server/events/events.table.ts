import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { CriticalEventKind, EventSource } from '../../core/events.ts';
import { enrollments } from '../enrollments/enrollments.table.ts';
import { participants } from '../participants/participants.table.ts';
import { sites } from '../sites/sites.table.ts';
import { users } from '../users/users.table.ts';

/**
 * A critical event in a participant's life, as learned from its source. The days
 * since release are fixed when it is recorded (from the release date on record
 * then), so a later release does not move an old event out of or into the
 * post-release window.
 */
export const criticalEvents = pgTable(
  'critical_events',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id),
    /** The participant's site when recorded (for reports by site). */
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    kind: text('kind').$type<CriticalEventKind>().notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    source: text('source').$type<EventSource>().notNull(),
    cause: text('cause'),
    notes: text('notes'),
    daysSinceRelease: integer('days_since_release'),
    closedEnrollmentId: uuid('closed_enrollment_id').references(() => enrollments.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [index('critical_events_participant_idx').on(t.participantId, t.occurredOn), index('critical_events_site_idx').on(t.siteId, t.occurredOn)],
);
