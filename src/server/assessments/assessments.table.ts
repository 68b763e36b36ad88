import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Answers, AssessmentStatus, InstrumentDefinition } from '../../core/assessments.ts';
import { participants } from '../participants/participants.table.ts';
import { users } from '../users/users.table.ts';

/** An instrument a program uses (BARC-10, the needs screening, its own). */
export const instruments = pgTable('instruments', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  key: text('key').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** Each version of an instrument's definition, kept forever: answers point at the one they used. */
export const instrumentVersions = pgTable(
  'instrument_versions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    instrumentId: uuid('instrument_id')
      .notNull()
      .references(() => instruments.id),
    version: integer('version').notNull(),
    /** The whole definition (core instrumentDefinition), validated before it is stored. */
    definition: jsonb('definition').$type<InstrumentDefinition>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('instrument_versions_instrument_version_idx').on(t.instrumentId, t.version)],
);

/** One administration of an instrument to a participant: saved partially, completed once. */
export const assessments = pgTable(
  'assessments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id),
    instrumentVersionId: uuid('instrument_version_id')
      .notNull()
      .references(() => instrumentVersions.id),
    status: text('status').$type<AssessmentStatus>().notNull(),
    answers: jsonb('answers').$type<Answers>().notNull(),
    /** Computed by the server on completion, never sent by a client. */
    score: integer('score'),
    flags: text('flags').array().notNull().default(sql`'{}'::text[]`),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    startedBy: uuid('started_by').references(() => users.id),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    completedBy: uuid('completed_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('assessments_participant_started_idx').on(t.participantId, t.startedAt.desc(), t.id),
    check('assessments_status', sql`${t.status} IN ('in_progress', 'completed')`),
    check('assessments_completed_at', sql`(${t.status} = 'completed') = (${t.completedAt} IS NOT NULL)`),
  ],
);
