import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { SessionKind } from '../../core/supervision.ts';
import { participants } from '../participants/participants.table.ts';
import { users } from '../users/users.table.ts';

/** A supervision session: a supervisor with one staff member (individual) or several (group consultation). */
export const supervisionSessions = pgTable(
  'supervision_sessions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    kind: text('kind').$type<SessionKind>().notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    supervisorId: uuid('supervisor_id')
      .notNull()
      .references(() => users.id),
    notes: text('notes'),
    /**
     * The sites of the attendees when the session was recorded or last edited
     * (the union of their assignments): what "a session's sites" means for site
     * managers and the analysis by site.
     */
    siteIds: uuid('site_ids').array().notNull().default(sql`'{}'::uuid[]`),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('supervision_sessions_held_on_idx').on(t.heldOn), index('supervision_sessions_site_ids_idx').using('gin', t.siteIds)],
);

export const supervisionAttendees = pgTable(
  'supervision_attendees',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => supervisionSessions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index('supervision_attendees_user_idx').on(t.userId)],
);

/** Participants discussed, by reference only: shown to a viewer only when they may see that participant's site. */
export const supervisionParticipants = pgTable(
  'supervision_participants',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => supervisionSessions.id, { onDelete: 'cascade' }),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.participantId] }), index('supervision_participants_participant_idx').on(t.participantId)],
);

export const supervisionFollowUps = pgTable(
  'supervision_follow_ups',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => supervisionSessions.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    description: text('description').notNull(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    done: boolean('done').notNull().default(false),
  },
  (t) => [index('supervision_follow_ups_session_idx').on(t.sessionId), index('supervision_follow_ups_owner_idx').on(t.ownerId, t.done)],
);

/** The codebook of discussion themes. A retired theme is no longer offered but keeps its past codings. */
export const supervisionThemes = pgTable('supervision_themes', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  name: text('name').notNull().unique(),
  definition: text('definition').notNull(),
  examples: text('examples'),
  parentId: uuid('parent_id').references((): AnyPgColumn => supervisionThemes.id),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * One coder's coding of a session (`final` false), or the coders' reconciled
 * coding (`final` true, at most one per session), which analysis uses.
 */
export const supervisionCodings = pgTable(
  'supervision_codings',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => supervisionSessions.id, { onDelete: 'cascade' }),
    coderId: uuid('coder_id')
      .notNull()
      .references(() => users.id),
    final: boolean('final').notNull().default(false),
    version: integer('version').notNull().default(1),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('supervision_codings_coder_unique').on(t.sessionId, t.coderId).where(sql`NOT "final"`),
    uniqueIndex('supervision_codings_final_unique').on(t.sessionId).where(sql`"final"`),
  ],
);

export const supervisionCodingThemes = pgTable(
  'supervision_coding_themes',
  {
    codingId: uuid('coding_id')
      .notNull()
      .references(() => supervisionCodings.id, { onDelete: 'cascade' }),
    themeId: uuid('theme_id')
      .notNull()
      .references(() => supervisionThemes.id),
  },
  (t) => [primaryKey({ columns: [t.codingId, t.themeId] }), index('supervision_coding_themes_theme_idx').on(t.themeId)],
);
