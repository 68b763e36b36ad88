import { localize, type AssessmentDetail, type InstrumentItem } from '../../../core/assessments.ts';
import { Link } from 'react-router';
import { lifeDomainForNeed } from '../../../core/plans.ts';
import { isReferralNeed } from '../../../core/referrals.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useSession } from '../auth/SessionProvider.tsx';
import { needLabel } from './display.ts';

/** A completed assessment, read-only: its score or the needs found, then every answer. */
export function CompletedAssessment({ assessment: a, language }: { assessment: AssessmentDetail; language: string }) {
  const { t, locale } = useI18n();
  const canPlan = useSession().can('participants:write');
  const { definition } = a;
  const text = (l: Parameters<typeof localize>[0]) => localize(l, language, definition.languages[0] ?? 'en');
  const flags = definition.scoring.type === 'sum' ? definition.scoring.flags.filter((f) => a.flags.includes(f.key)) : [];
  const answerText = (item: InstrumentItem) => {
    const value = a.answers[item.id];
    if (value === undefined) return t('assessments.notAnswered');
    if (item.type === 'single_choice') {
      const option = item.options.find((o) => o.value === value);
      return option ? text(option.label) : String(value);
    }
    return String(value);
  };
  const hasNeeds = definition.items.some((i) => i.domain !== undefined);

  return (
    <>
      <section aria-labelledby="result-title" className="panel">
        <h2 id="result-title">{t('assessments.resultTitle')}</h2>
        {a.completedAt ? (
          <p className="muted small">
            {a.completedBy
              ? t('assessments.completedOn', { date: formatDateTime(a.completedAt, locale), name: a.completedBy.name })
              : t('assessments.completedOnPlain', { date: formatDateTime(a.completedAt, locale) })}
          </p>
        ) : null}
        {a.score !== null && a.scoreMax !== null ? (
          <p className="assessment-total">
            <strong>{t('assessments.total', { score: a.score, max: a.scoreMax })}</strong>
          </p>
        ) : hasNeeds ? null : (
          <p className="muted">{t('assessments.noScore')}</p>
        )}
        {flags.map((f) => (
          <p key={f.key}>
            <span className="assessment-flag">{text(f.label)}</span> <span className="muted small">{t('assessments.flagCaution')}</span>
          </p>
        ))}
        {hasNeeds ? (
          <>
            <h3>{t('assessments.needsTitle')}</h3>
            {a.needsFound.length === 0 ? (
              <p>{t('assessments.needsNone')}</p>
            ) : (
              <ul className="needs-list">
                {a.needsFound.map((need) => (
                  <li key={need}>
                    {needLabel(need, t)}
                    {canPlan && lifeDomainForNeed(need) ? (
                      <>
                        {' '}
                        <Link to={`/participants/${a.participantId}/plan/edit?fromNeed=${encodeURIComponent(need)}`} aria-label={t('assessments.addNeedToPlanFor', { need: needLabel(need, t) })}>
                          {t('assessments.addNeedToPlan')}
                        </Link>
                      </>
                    ) : null}
                    {canPlan && isReferralNeed(need) ? (
                      <>
                        {' '}
                        <Link to={`/participants/${a.participantId}/referrals/new?need=${encodeURIComponent(need)}`} aria-label={t('referrals.referFor', { need: needLabel(need, t) })}>
                          {t('referrals.refer')}
                        </Link>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : null}
        <p className="muted small">{t('assessments.readOnly')}</p>
      </section>
      <section aria-labelledby="answers-title" className="panel">
        <h2 id="answers-title">{t('assessments.answersTitle')}</h2>
        <dl className="details assessment-answers">
          {definition.items.map((item, i) => (
            <div key={item.id} className="details-row">
              <dt>{`${String(i + 1)}. ${text(item.prompt)}`}</dt>
              <dd>{answerText(item)}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}
