/** recovery plan → CarePlan, with a Goal per goal and an activity per action step. */
import type { CarePlan, CarePlanActivity, Goal } from '@medplum/fhirtypes';
import type { GoalStatus, Plan, StepStatus } from '../plans.ts';
import { tandemCoding } from './codes.ts';
import { compact, part2Meta, practitionerRef, ref } from './common.ts';

const STEP_STATUS: Record<StepStatus, NonNullable<CarePlanActivity['detail']>['status']> = {
  not_started: 'not-started',
  in_progress: 'in-progress',
  done: 'completed',
  cancelled: 'cancelled',
};

const GOAL_STATUS: Record<GoalStatus, { lifecycle: Goal['lifecycleStatus']; achievement?: string }> = {
  active: { lifecycle: 'active', achievement: 'in-progress' },
  achieved: { lifecycle: 'completed', achievement: 'achieved' },
  set_aside: { lifecycle: 'on-hold' },
};
const ACHIEVEMENT_SYSTEM = 'http://terminology.hl7.org/CodeSystem/goal-achievement';

/** Null when the participant has no plan yet. */
export function planResources(plan: Plan): (CarePlan | Goal)[] {
  if (plan.version === 0) return [];
  const pid = plan.participantId;
  const goals = plan.goals.map((g) => {
    const status = GOAL_STATUS[g.status];
    return compact<Goal>({
      resourceType: 'Goal',
      id: g.id,
      meta: part2Meta(),
      lifecycleStatus: status.lifecycle,
      achievementStatus: status.achievement ? { coding: [{ system: ACHIEVEMENT_SYSTEM, code: status.achievement }] } : undefined,
      category: [{ coding: [tandemCoding('life-domain', g.domain)], text: g.domain }],
      description: { text: g.text },
      subject: ref('Patient', pid),
      // In the participant's own words.
      expressedBy: ref('Patient', pid),
      target: g.targetDate ? [{ dueDate: g.targetDate }] : undefined,
      addresses: undefined,
    });
  });
  const activity: CarePlanActivity[] = plan.goals.flatMap((g) =>
    g.steps.map((s) => ({
      detail: compact({
        kind: 'Task' as const,
        code: { text: s.what },
        goal: [ref('Goal', g.id)],
        status: STEP_STATUS[s.status],
        scheduledPeriod: s.dueDate ? { end: s.dueDate } : undefined,
        // Who does it is a role (the participant, the coach, family…), not a record.
        performer: [{ display: s.owner.replace(/_/g, ' ') }],
        description: s.what,
      }),
    })),
  );
  const carePlan = compact<CarePlan>({
    resourceType: 'CarePlan',
    id: `plan-${pid}`,
    meta: part2Meta({ versionId: String(plan.version), lastUpdated: plan.savedAt ? new Date(plan.savedAt).toISOString() : undefined }),
    status: 'active',
    intent: 'plan',
    title: 'Recovery plan',
    subject: ref('Patient', pid),
    created: plan.savedAt ? new Date(plan.savedAt).toISOString() : undefined,
    author: practitionerRef(plan.savedBy),
    goal: goals.map((g) => ref('Goal', g.id ?? '')),
    activity,
  });
  return [carePlan, ...goals];
}
