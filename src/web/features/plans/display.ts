/** Words for plans: labels of the vocabularies, the summary of a version's changes, a `t` in a chosen language. */
import { LIFE_DOMAINS, type PlanChangeSummary, type PlanGoal } from '../../../core/plans.ts';
import { catalogues, DEFAULT_LOCALE, type MessageKey } from '../../i18n/catalogues.ts';
import { en } from '../../i18n/en.ts';
import type { TFunction } from '../../i18n/I18nProvider.tsx';
import { translate } from '../../i18n/translate.ts';

/** A `t` for one language whatever the interface speaks (the participant's printed copy). */
export function tFor(locale: string): TFunction {
  const chain = locale === DEFAULT_LOCALE ? [en] : [catalogues[locale] ?? {}, en];
  return (key, params) => translate(chain, locale, key, params);
}

/** The languages a participant copy prints in. */
export const PRINT_LANGUAGES = ['en', 'es'] as const;
export type PrintLanguage = (typeof PRINT_LANGUAGES)[number];
export const printLanguage = (value: string | null): PrintLanguage => (value === 'es' ? 'es' : 'en');

/** Goals grouped by life domain, in the order of the domains, keeping their order within each. */
export function goalsByDomain<G extends Pick<PlanGoal, 'domain'>>(goals: readonly G[]) {
  return LIFE_DOMAINS.map((domain) => ({ domain, goals: goals.filter((g) => g.domain === domain) })).filter((g) => g.goals.length > 0);
}

const COUNTED = ['goalsAdded', 'goalsRemoved', 'goalsChanged', 'stepsAdded', 'stepsRemoved', 'stepsChanged', 'stepsDone'] as const;

export function changesText(c: PlanChangeSummary, t: TFunction): string {
  const parts = COUNTED.filter((k) => c[k] > 0).map((k) => t(`plans.change.${k}` as MessageKey, { count: c[k] }));
  if (c.reordered) parts.push(t('plans.change.reordered'));
  return parts.length ? parts.join(', ') : t('plans.change.none');
}

const GOAL_FIELDS: Record<string, MessageKey> = { text: 'plans.goalText', domain: 'plans.domain', targetDate: 'plans.targetDate', status: 'plans.goalStatus' };
const STEP_FIELDS: Record<string, MessageKey> = { what: 'plans.stepWhat', owner: 'plans.stepOwner', dueDate: 'plans.stepDue', status: 'plans.stepStatus' };

/** "Goal 1, Step 2 of goal 1: Who is responsible" for the path goals.0.steps.1.owner, for the error summary. */
export function fieldLabel(path: string, t: TFunction): string {
  const [root, g, sub, s, field] = path.split('.');
  if (root !== 'goals' || g === undefined) return path;
  const goal = Number(g) + 1;
  if (sub === 'steps' && s !== undefined) {
    const label = field ? STEP_FIELDS[field] : undefined;
    const step = t('plans.stepHeading', { n: Number(s) + 1, goal });
    return label ? `${step}, ${t(label)}` : step;
  }
  const label = sub ? GOAL_FIELDS[sub] : undefined;
  const heading = t('plans.goalHeading', { n: goal });
  return label ? `${heading}, ${t(label)}` : heading;
}
