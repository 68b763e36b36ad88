import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { GoalStatus, PlanChangeSummary, PlanContent, StepOwner, StepStatus } from '../../core/plans.ts';
import { participants } from '../participants/participants.table.ts';
import { users } from '../users/users.table.ts';

/** One row per participant with a plan: which version is current (`version`, also the optimistic-concurrency check). */
export const recoveryPlans = pgTable('recovery_plans', {
  participantId: uuid('participant_id')
    .primaryKey()
    .references(() => participants.id),
  version: integer('version').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
});

/** Every saved version, never changed afterwards: the whole plan as JSON (validated by core/plans.ts on the way in and out). */
export const recoveryPlanVersions = pgTable(
  'recovery_plan_versions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id),
    number: integer('number').notNull(),
    content: jsonb('content').$type<PlanContent>().notNull(),
    changes: jsonb('changes').$type<PlanChangeSummary>().notNull(),
    savedAt: timestamp('saved_at', { withTimezone: true }).notNull(),
    savedBy: uuid('saved_by').references(() => users.id),
  },
  (t) => [unique('recovery_plan_versions_participant_number_key').on(t.participantId, t.number)],
);

/**
 * The steps of each current plan, one row each, rewritten at every save: lets the
 * worklist find overdue steps across many participants with an index instead of
 * reading every plan's JSON.
 */
export const recoveryPlanSteps = pgTable(
  'recovery_plan_steps',
  {
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id),
    stepId: uuid('step_id').notNull(),
    goalId: uuid('goal_id').notNull(),
    goalStatus: text('goal_status').$type<GoalStatus>().notNull(),
    what: text('what').notNull(),
    owner: text('owner').$type<StepOwner>().notNull(),
    dueDate: date('due_date', { mode: 'string' }),
    status: text('status').$type<StepStatus>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.participantId, t.stepId] }),
    index('recovery_plan_steps_open_due_idx')
      .on(t.participantId, t.dueDate)
      .where(sql`${t.status} IN ('not_started', 'in_progress') AND ${t.goalStatus} = 'active' AND ${t.dueDate} IS NOT NULL`),
  ],
);
