import { describe, expect, it } from 'vitest';
import { LIFE_DOMAINS, isStepOverdue, lifeDomainForNeed, overdueStepsOf, planIdIssues, planSaveInput, summarizePlanChanges, hasChanges, type PlanContent, type PlanStep } from './plans.ts';

const G1 = '11111111-1111-4111-8111-111111111111';
const G2 = '22222222-2222-4222-8222-222222222222';
const S1 = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const S2 = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const S3 = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';

const step = (id: string, over: Partial<PlanStep> = {}): PlanStep => ({ id, what: 'Call the DMV', owner: 'participant', dueDate: '2026-03-01', status: 'not_started', ...over });

const plan: PlanContent = {
  goals: [
    { id: G1, text: 'I want to get my driver’s license back', domain: 'purpose', targetDate: null, status: 'active', source: null, steps: [step(S1), step(S2, { status: 'done' })] },
    { id: G2, text: 'Stay on my Suboxone', domain: 'health', targetDate: '2026-06-01', status: 'set_aside', source: null, steps: [step(S3)] },
  ],
};

describe('overdue steps', () => {
  it('are still to do, of an active goal, with a due date before today', () => {
    expect(isStepOverdue(step(S1), 'active', '2026-03-02')).toBe(true);
    expect(isStepOverdue(step(S1, { status: 'in_progress' }), 'active', '2026-03-02')).toBe(true);
  });

  it('are not overdue on the due date itself, only from the day after', () => {
    expect(isStepOverdue(step(S1), 'active', '2026-03-01')).toBe(false);
    expect(isStepOverdue(step(S1), 'active', '2026-02-28')).toBe(false);
  });

  it('never include done or cancelled steps, steps without a due date, or steps of a goal achieved or set aside', () => {
    expect(isStepOverdue(step(S1, { status: 'done' }), 'active', '2026-04-01')).toBe(false);
    expect(isStepOverdue(step(S1, { status: 'cancelled' }), 'active', '2026-04-01')).toBe(false);
    expect(isStepOverdue(step(S1, { dueDate: null }), 'active', '2026-04-01')).toBe(false);
    expect(isStepOverdue(step(S1), 'achieved', '2026-04-01')).toBe(false);
    expect(isStepOverdue(step(S1), 'set_aside', '2026-04-01')).toBe(false);
  });

  it('compares calendar dates across a month and a year boundary', () => {
    expect(isStepOverdue(step(S1, { dueDate: '2025-12-31' }), 'active', '2026-01-01')).toBe(true);
    expect(isStepOverdue(step(S1, { dueDate: '2026-01-31' }), 'active', '2026-02-01')).toBe(true);
  });

  it('lists a plan’s overdue steps with their goal', () => {
    expect(overdueStepsOf(plan, '2026-03-02')).toEqual([{ goalId: G1, stepId: S1, what: 'Call the DMV', owner: 'participant', dueDate: '2026-03-01' }]);
  });
});

describe('the save input', () => {
  it('names the path of a bad domain or owner', () => {
    const res = planSaveInput.safeParse({
      version: 0,
      goals: [{ text: 'Home', domain: 'home', steps: [{ what: 'a', owner: 'coach' }, { what: 'b', owner: 'uncle' }] }, { text: 'x', domain: 'money' }],
    });
    expect(res.success).toBe(false);
    expect(res.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['goals.0.steps.1.owner', 'goals.1.domain']);
  });

  it('fills defaults: active goal, not started step, no dates, no source', () => {
    const parsed = planSaveInput.parse({ version: 0, goals: [{ text: ' Find a place where my kids can visit ', domain: 'home', steps: [{ what: 'Apply', owner: 'case_manager' }] }] });
    expect(parsed.goals[0]).toEqual({ text: 'Find a place where my kids can visit', domain: 'home', targetDate: null, status: 'active', source: null, steps: [{ what: 'Apply', owner: 'case_manager', dueDate: null, status: 'not_started' }] });
  });
});

describe('ids sent back', () => {
  it('must be ids of the current version, each once', () => {
    expect(planIdIssues([{ id: G1, steps: [{ id: S1 }, {}] }], plan)).toEqual([]);
    expect(planIdIssues([{ id: G1, steps: [{ id: G2 }] }, { id: G1, steps: [{ id: S1 }, { id: S1 }] }], plan).map((i) => i.path)).toEqual([
      'goals.0.steps.0.id',
      'goals.1.id',
      'goals.1.steps.1.id',
    ]);
  });
});

describe('what changed between versions', () => {
  it('counts goals and steps added to an empty plan', () => {
    expect(summarizePlanChanges({ goals: [] }, plan)).toMatchObject({ goalsAdded: 2, stepsAdded: 3, stepsDone: 1, reordered: false });
  });

  it('counts a step marked done, a goal reworded, a step removed and a reorder', () => {
    const [g1, g2] = plan.goals;
    if (!g1 || !g2) throw new Error('fixture');
    const after: PlanContent = {
      goals: [
        { ...g2, steps: [] },
        { ...g1, text: 'Get my license back', steps: [step(S1, { status: 'done' }), g1.steps[1] ?? step(S2)] },
      ],
    };
    const s = summarizePlanChanges(plan, after);
    expect(s).toEqual({ goalsAdded: 0, goalsRemoved: 0, goalsChanged: 1, stepsAdded: 0, stepsRemoved: 1, stepsChanged: 1, stepsDone: 1, reordered: true });
    expect(hasChanges(s)).toBe(true);
    expect(hasChanges(summarizePlanChanges(plan, plan))).toBe(false);
  });
});

describe('the life domain of a goal made from a screening need', () => {
  it('places every need the built-in screening can find, and nothing else', () => {
    const needs = ['housing', 'health_insurance', 'food', 'income_employment', 'transportation', 'child_care', 'legal', 'identification', 'medical_care', 'mental_health', 'moud_treatment'];
    for (const need of needs) expect(LIFE_DOMAINS).toContain(lifeDomainForNeed(need));
    expect(lifeDomainForNeed('housing')).toBe('home');
    expect(lifeDomainForNeed('income_employment')).toBe('purpose');
    expect(lifeDomainForNeed('moud_treatment')).toBe('health');
    expect(lifeDomainForNeed('legal')).toBe('community');
    expect(lifeDomainForNeed('astrology')).toBeNull();
    expect(lifeDomainForNeed('toString')).toBeNull();
  });
});
