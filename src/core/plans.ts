/**
 * Recovery plans: goals in the participant's own words, by life domain, each with
 * action steps (what, who, when, status). Every save makes a new immutable version;
 * these are the schemas for the save, the stored content and the answers, and the
 * pure rules (overdue steps, what changed between two versions).
 */
import { z } from 'zod';
import { isoDate, uuid } from './schemas.ts';

/** The four dimensions of recovery capital. */
export const LIFE_DOMAINS = ['health', 'home', 'purpose', 'community'] as const;
export type LifeDomain = (typeof LIFE_DOMAINS)[number];

export const GOAL_STATUSES = ['active', 'achieved', 'set_aside'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export const STEP_OWNERS = ['participant', 'coach', 'case_manager', 'family', 'provider'] as const;
export type StepOwner = (typeof STEP_OWNERS)[number];

export const STEP_STATUSES = ['not_started', 'in_progress', 'done', 'cancelled'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const MAX_GOALS = 20;
export const MAX_STEPS_PER_GOAL = 30;

const text = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);
const optionalDate = isoDate.nullable().optional().transform((v) => v ?? null);

/** Where a goal came from: a need found in the needs screening ("add as a goal" in one step). */
export const goalSource = z.object({
  kind: z.literal('need'),
  domain: z.string().trim().min(1, 'Required').max(60, 'At most 60 characters'),
});
export type GoalSource = z.infer<typeof goalSource>;

/** A step as sent: a new one has no id, an existing one keeps the id it was given. */
export const planStepInput = z.object({
  id: uuid.optional(),
  what: text(500),
  owner: z.enum(STEP_OWNERS),
  dueDate: optionalDate,
  status: z.enum(STEP_STATUSES).default('not_started'),
});

export const planGoalInput = z.object({
  id: uuid.optional(),
  /** In the participant's own words. */
  text: text(500),
  domain: z.enum(LIFE_DOMAINS),
  targetDate: optionalDate,
  status: z.enum(GOAL_STATUSES).default('active'),
  source: goalSource.nullable().optional().transform((v) => v ?? null),
  steps: z.array(planStepInput).max(MAX_STEPS_PER_GOAL, `At most ${MAX_STEPS_PER_GOAL} steps per goal`).default([]),
});

/** The whole plan, with the version read (0 when there was no plan yet). */
export const planSaveInput = z.object({
  goals: z.array(planGoalInput).max(MAX_GOALS, `At most ${MAX_GOALS} goals`),
  version: z.number({ error: 'Required: the version you read' }).int().min(0),
});
export type PlanSaveInput = z.input<typeof planSaveInput>;
export type PlanSaveParsed = z.output<typeof planSaveInput>;

/** A stored step and goal: every one has its id (stable across versions). */
export const planStep = z.object({
  id: uuid,
  what: z.string(),
  owner: z.enum(STEP_OWNERS),
  dueDate: isoDate.nullable(),
  status: z.enum(STEP_STATUSES),
});
export type PlanStep = z.infer<typeof planStep>;

export const planGoal = z.object({
  id: uuid,
  text: z.string(),
  domain: z.enum(LIFE_DOMAINS),
  targetDate: isoDate.nullable(),
  status: z.enum(GOAL_STATUSES),
  source: goalSource.nullable(),
  steps: z.array(planStep),
});
export type PlanGoal = z.infer<typeof planGoal>;

/** What a version holds, as stored (JSON) and read back. */
export const planContent = z.object({ goals: z.array(planGoal) });
export type PlanContent = z.infer<typeof planContent>;

/** What changed from one version to the next: counts only, so the list can say it in any language. */
export const planChangeSummary = z.object({
  goalsAdded: z.number().int(),
  goalsRemoved: z.number().int(),
  goalsChanged: z.number().int(),
  stepsAdded: z.number().int(),
  stepsRemoved: z.number().int(),
  stepsChanged: z.number().int(),
  stepsDone: z.number().int(),
  reordered: z.boolean(),
});
export type PlanChangeSummary = z.infer<typeof planChangeSummary>;

const savedBy = z.object({ id: uuid, name: z.string() }).nullable();

export const planOutput = z.object({
  participantId: uuid,
  /** 0 when the participant has no plan yet. */
  version: z.number().int(),
  savedAt: z.string().nullable(),
  savedBy,
  goals: z.array(planGoal),
});
export type Plan = z.infer<typeof planOutput>;

export const planVersionSummaryOutput = z.object({
  number: z.number().int(),
  savedAt: z.string(),
  savedBy,
  changes: planChangeSummary,
});
export type PlanVersionSummary = z.infer<typeof planVersionSummaryOutput>;

export const planVersionOutput = planOutput.extend({ number: z.number().int(), current: z.boolean(), changes: planChangeSummary });
export type PlanVersion = z.infer<typeof planVersionOutput>;

/* ---------- rules ---------- */

/** A step is overdue when it is still to do, its goal is still being worked on, and its due date has passed. */
export function isStepOverdue(step: Pick<PlanStep, 'status' | 'dueDate'>, goalStatus: GoalStatus, today: string): boolean {
  if (goalStatus !== 'active') return false;
  if (step.status === 'done' || step.status === 'cancelled') return false;
  return step.dueDate !== null && step.dueDate < today;
}

export interface OverdueStep {
  goalId: string;
  stepId: string;
  what: string;
  owner: StepOwner;
  dueDate: string;
}

export function overdueStepsOf(content: PlanContent, today: string): OverdueStep[] {
  return content.goals.flatMap((g) =>
    g.steps
      .filter((s) => isStepOverdue(s, g.status, today))
      .map((s) => ({ goalId: g.id, stepId: s.id, what: s.what, owner: s.owner, dueDate: s.dueDate ?? '' })),
  );
}

/**
 * Ids sent back must be ids of the current version (ids are kept, never invented by
 * a client) and each used once. Returns the issues, with the path of each field.
 */
export function planIdIssues(goals: readonly { id?: string | undefined; steps: readonly { id?: string | undefined }[] }[], current: PlanContent): { path: string; message: string }[] {
  const goalIds = new Set(current.goals.map((g) => g.id));
  const stepIds = new Set(current.goals.flatMap((g) => g.steps.map((s) => s.id)));
  const seen = new Set<string>();
  const issues: { path: string; message: string }[] = [];
  const check = (id: string | undefined, known: Set<string>, path: string, what: string) => {
    if (id === undefined) return;
    if (!known.has(id)) issues.push({ path, message: `Not a ${what} of this plan; leave the id out for a new ${what}` });
    else if (seen.has(id)) issues.push({ path, message: `This ${what} appears twice` });
    seen.add(id);
  };
  goals.forEach((g, i) => {
    check(g.id, goalIds, `goals.${i}.id`, 'goal');
    g.steps.forEach((s, j) => check(s.id, stepIds, `goals.${i}.steps.${j}.id`, 'step'));
  });
  return issues;
}

const sameGoalFields = (a: PlanGoal, b: PlanGoal) =>
  a.text === b.text && a.domain === b.domain && a.targetDate === b.targetDate && a.status === b.status && JSON.stringify(a.source) === JSON.stringify(b.source);
const sameStep = (a: PlanStep, b: PlanStep) => a.what === b.what && a.owner === b.owner && a.dueDate === b.dueDate && a.status === b.status;

/** What changed from `before` to `after` (an empty plan before the first version). */
export function summarizePlanChanges(before: PlanContent, after: PlanContent): PlanChangeSummary {
  const oldGoals = new Map(before.goals.map((g) => [g.id, g]));
  const newGoalIds = new Set(after.goals.map((g) => g.id));
  const oldSteps = new Map(before.goals.flatMap((g) => g.steps.map((s) => [s.id, { step: s, goalId: g.id }] as const)));
  const newSteps = after.goals.flatMap((g) => g.steps.map((s) => ({ step: s, goalId: g.id })));
  const newStepIds = new Set(newSteps.map((s) => s.step.id));
  const summary: PlanChangeSummary = { goalsAdded: 0, goalsRemoved: 0, goalsChanged: 0, stepsAdded: 0, stepsRemoved: 0, stepsChanged: 0, stepsDone: 0, reordered: false };
  for (const g of after.goals) {
    const old = oldGoals.get(g.id);
    if (!old) summary.goalsAdded++;
    else if (!sameGoalFields(old, g)) summary.goalsChanged++;
  }
  summary.goalsRemoved = before.goals.filter((g) => !newGoalIds.has(g.id)).length;
  for (const { step, goalId } of newSteps) {
    const old = oldSteps.get(step.id);
    if (!old) {
      summary.stepsAdded++;
      if (step.status === 'done') summary.stepsDone++;
    } else if (!sameStep(old.step, step) || old.goalId !== goalId) {
      summary.stepsChanged++;
      if (step.status === 'done' && old.step.status !== 'done') summary.stepsDone++;
    }
  }
  summary.stepsRemoved = [...oldSteps.keys()].filter((id) => !newStepIds.has(id)).length;
  const order = (c: PlanContent, keep: (id: string) => boolean) => c.goals.flatMap((g) => [g.id, ...g.steps.map((s) => s.id)]).filter(keep);
  const kept = (id: string) => (oldGoals.has(id) || oldSteps.has(id)) && (newGoalIds.has(id) || newStepIds.has(id));
  summary.reordered = order(before, kept).join() !== order(after, kept).join();
  return summary;
}

export function hasChanges(s: PlanChangeSummary): boolean {
  return s.reordered || s.goalsAdded + s.goalsRemoved + s.goalsChanged + s.stepsAdded + s.stepsRemoved + s.stepsChanged > 0;
}

/**
 * The recovery-capital domain a goal made from a screening need belongs in
 * (housing, food and child care are home; work is purpose; the rest of the
 * practical needs are community; care and treatment are health).
 */
const NEED_DOMAIN: Record<string, LifeDomain> = {
  housing: 'home',
  food: 'home',
  child_care: 'home',
  income_employment: 'purpose',
  transportation: 'community',
  legal: 'community',
  identification: 'community',
  health_insurance: 'health',
  medical_care: 'health',
  mental_health: 'health',
  moud_treatment: 'health',
};

export function lifeDomainForNeed(need: string): LifeDomain | null {
  return Object.hasOwn(NEED_DOMAIN, need) ? (NEED_DOMAIN[need] ?? null) : null;
}
