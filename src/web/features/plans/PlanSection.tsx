import { Link } from 'react-router';
import { overdueStepsOf } from '../../../core/plans.ts';
import { describeError } from '../../api/describeError.ts';
import { formatDateTime, todayIso } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import type { ParticipantSectionProps } from '../participants/sections.tsx';
import { PlanGoals } from './PlanGoals.tsx';
import { plansApi } from './plansApi.ts';
import './plans.css';

/** The participant page's "Recovery plan": goals by domain with their steps, and the ways to edit, look back and print. */
export function PlanSection({ participant }: ParticipantSectionProps) {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const plan = useAsync((signal) => plansApi.get(participant.id, signal), [participant.id]);
  const base = `/participants/${participant.id}/plan`;
  const hasPlan = plan.status === 'ok' && plan.data.version > 0;
  const overdue = plan.status === 'ok' ? overdueStepsOf(plan.data, todayIso()).length : 0;

  return (
    <section aria-labelledby="plan-title" className="panel plan-section">
      <div className="plan-section-header">
        <h2 id="plan-title">{t('plans.title')}</h2>
        {can('participants:write') && plan.status === 'ok' ? (
          <Link to={`${base}/edit`} className="btn btn-primary">
            {hasPlan ? t('plans.edit') : t('plans.start')}
          </Link>
        ) : null}
      </div>
      {plan.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {plan.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(plan.error, t)}</p>
        </Notice>
      ) : null}
      {plan.status === 'ok' && !hasPlan ? (
        <p className="muted">
          {t('plans.empty')} {can('participants:write') ? t('plans.emptyWrite') : null}
        </p>
      ) : null}
      {plan.status === 'ok' && hasPlan ? (
        <>
          <p className="muted small">
            {plan.data.savedBy
              ? t('plans.savedBy', { version: plan.data.version, date: formatDateTime(plan.data.savedAt, locale), name: plan.data.savedBy.name })
              : t('plans.savedAt', { version: plan.data.version, date: formatDateTime(plan.data.savedAt, locale) })}
          </p>
          {overdue > 0 ? (
            <Notice tone="warning">
              <p>{t('plans.overdueCount', { count: overdue })}</p>
            </Notice>
          ) : null}
          <PlanGoals goals={plan.data.goals} idPrefix="plan-domain" />
          <div className="button-row plan-links">
            <Link to={`${base}/versions`} className="btn btn-secondary">
              {t('plans.versions')}
            </Link>
            <Link to={`${base}/print?lang=en`} className="btn btn-secondary">
              {t('plans.printEnglish')}
            </Link>
            <Link to={`${base}/print?lang=es`} className="btn btn-secondary" lang="es">
              {t('plans.printSpanish')}
            </Link>
          </div>
        </>
      ) : null}
    </section>
  );
}
