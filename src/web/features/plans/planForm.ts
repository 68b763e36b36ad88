/** The plan editor's state (every value a string) and its conversions to and from the API's shapes. */
import { planSaveInput, type GoalSource, type GoalStatus, type Plan, type PlanSaveInput, type StepStatus } from '../../../core/plans.ts';
import type { FieldIssue } from '../../api/errors.ts';

export interface StepForm {
  key: string;
  id?: string;
  what: string;
  owner: string;
  dueDate: string;
  status: StepStatus;
}

export interface GoalForm {
  key: string;
  id?: string;
  text: string;
  domain: string;
  targetDate: string;
  status: GoalStatus;
  source: GoalSource | null;
  steps: StepForm[];
}

let counter = 0;
export const newKey = () => `new-${++counter}`;

export const emptyStep = (): StepForm => ({ key: newKey(), what: '', owner: '', dueDate: '', status: 'not_started' });
export const emptyGoal = (): GoalForm => ({ key: newKey(), text: '', domain: '', targetDate: '', status: 'active', source: null, steps: [emptyStep()] });

export function formFromPlan(plan: Pick<Plan, 'goals'>): GoalForm[] {
  return plan.goals.map((g) => ({
    key: g.id,
    id: g.id,
    text: g.text,
    domain: g.domain,
    targetDate: g.targetDate ?? '',
    status: g.status,
    source: g.source,
    steps: g.steps.map((s) => ({ key: s.id, id: s.id, what: s.what, owner: s.owner, dueDate: s.dueDate ?? '', status: s.status })),
  }));
}

export function toSaveInput(goals: readonly GoalForm[], version: number): PlanSaveInput {
  return {
    version,
    goals: goals.map((g) => ({
      ...(g.id ? { id: g.id } : {}),
      text: g.text,
      // An empty choice goes as sent: the schema names it "Required" at its path.
      domain: g.domain as PlanSaveInput['goals'][number]['domain'],
      targetDate: g.targetDate || null,
      status: g.status,
      source: g.source,
      steps: g.steps.map((s) => ({
        ...(s.id ? { id: s.id } : {}),
        what: s.what,
        owner: s.owner as NonNullable<PlanSaveInput['goals'][number]['steps']>[number]['owner'],
        dueDate: s.dueDate || null,
        status: s.status,
      })),
    })),
  };
}

/** The same checks as the server, before sending; each issue at the path the server would name. */
export function validatePlan(goals: readonly GoalForm[], requiredMessage: string): FieldIssue[] {
  const input = toSaveInput(goals, 0);
  const result = planSaveInput.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const path = issue.path.join('.');
    const value = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k as string | number] : undefined), input);
    return { path, message: value === '' || value === undefined ? requiredMessage : issue.message };
  });
}

/** The id of the control for a field path such as goals.0.steps.1.owner. */
export const controlId = (path: string) => `plan-${path.replace(/\./g, '-')}`;

export function move<T>(items: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}
