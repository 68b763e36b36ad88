import { isStepOverdue, type PlanGoal } from '../../../core/plans.ts';
import { formatDate, todayIso } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { needLabel } from '../assessments/display.ts';
import { goalsByDomain } from './display.ts';

/** The goals of a plan grouped by life domain, each with its steps; overdue steps say so in words. */
export function PlanGoals({ goals, headingLevel = 3, idPrefix }: { goals: readonly PlanGoal[]; headingLevel?: 2 | 3; idPrefix: string }) {
  const { t, locale } = useI18n();
  const today = todayIso();
  const DomainHeading = headingLevel === 2 ? 'h2' : 'h3';
  const GoalHeading = headingLevel === 2 ? 'h3' : 'h4';
  return (
    <div className="plan-goals">
      {goalsByDomain(goals).map(({ domain, goals: inDomain }) => (
        <section key={domain} aria-labelledby={`${idPrefix}-${domain}`} className="plan-domain">
          <DomainHeading id={`${idPrefix}-${domain}`} className="plan-domain-title">
            {t(`plans.domain.${domain}`)}
          </DomainHeading>
          <ul className="plan-goal-list">
            {inDomain.map((g) => (
              <li key={g.id} className="card plan-goal">
                <GoalHeading className="plan-goal-text">{g.text}</GoalHeading>
                <p className="plan-goal-meta">
                  <span className={`badge${g.status === 'achieved' ? ' badge--ok' : ''}`}>{t(`plans.goalStatus.${g.status}`)}</span>
                  {g.targetDate ? <span> {t('plans.target', { date: formatDate(g.targetDate, locale) })}</span> : null}
                </p>
                {g.source ? <p className="muted small">{t('plans.fromNeed', { need: needLabel(g.source.domain, t) })}</p> : null}
                {g.steps.length === 0 ? (
                  <p className="muted">{t('plans.noSteps')}</p>
                ) : (
                  <ol className="plan-step-list" aria-label={t('plans.stepsOf')}>
                    {g.steps.map((s) => {
                      const overdue = isStepOverdue(s, g.status, today);
                      return (
                        <li key={s.id} className={`plan-step${overdue ? ' plan-step--overdue' : ''}${s.status === 'done' || s.status === 'cancelled' ? ' plan-step--closed' : ''}`}>
                          <span className="plan-step-what">{s.what}</span>
                          <span className="plan-step-meta">
                            <span>{t(`plans.stepStatus.${s.status}`)}</span>
                            <span>
                              {t('plans.owner')}: {t(`plans.owner.${s.owner}`)}
                            </span>
                            <span>
                              {t('plans.due')}: {s.dueDate ? formatDate(s.dueDate, locale) : t('plans.noDueDate')}
                            </span>
                            {overdue ? <strong className="badge badge--warn">{t('plans.overdue')}</strong> : null}
                          </span>
                        </li>
                      );
                    })}
                  </ol>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
