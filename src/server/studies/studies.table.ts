import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { StratumFactor } from '../../core/randomization.ts';
import type { StudyArm, StudyStatus } from '../../core/studies.ts';
import { participants } from '../participants/participants.table.ts';
import { users } from '../users/users.table.ts';

/** A study: its arms (key, label, ratio), the factors it stratifies by and the block sizes it draws from. */
export const studies = pgTable('studies', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  name: text('name').notNull().unique(),
  description: text('description'),
  arms: jsonb('arms').$type<StudyArm[]>().notNull(),
  strataFactors: text('strata_factors').array().$type<StratumFactor[]>().notNull(),
  blockSizes: integer('block_sizes').array().notNull(),
  status: text('status').$type<StudyStatus>().notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
});

/**
 * Each stratum's current block: the slots not yet used, in order. Server-side
 * only: no endpoint returns it, so an allocation is revealed only when it is
 * made. The row is locked (SELECT … FOR UPDATE) by each randomization, so two
 * people of one stratum at once never take the same slot.
 */
export const studyAllocationState = pgTable(
  'study_allocation_state',
  {
    studyId: uuid('study_id')
      .notNull()
      .references(() => studies.id),
    stratumKey: text('stratum_key').notNull(),
    remaining: text('remaining').array().notNull(),
    blockNumber: integer('block_number').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.studyId, t.stratumKey] })],
);

/** Who was randomized to which arm, by whom and when. Append-only (triggers in the migration); one per study and person. */
export const studyAssignments = pgTable(
  'study_assignments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    studyId: uuid('study_id')
      .notNull()
      .references(() => studies.id),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id),
    arm: text('arm').notNull(),
    stratumKey: text('stratum_key').notNull(),
    blockNumber: integer('block_number').notNull(),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(),
    assignedBy: uuid('assigned_by').references(() => users.id),
  },
  (t) => [unique('study_assignments_study_participant_key').on(t.studyId, t.participantId), index('study_assignments_participant_idx').on(t.participantId)],
);
