import { Link, useParams, useSearchParams } from 'react-router';
import { displayName } from '../../../core/names.ts';
import type { Plan } from '../../../core/plans.ts';
import type { ParticipantDetail } from '../../../core/schemas.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { participantsApi } from '../../api/participants.ts';
import type { TFunction } from '../../i18n/I18nProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate, todayIso } from '../../i18n/format.ts';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { usePageTitle } from '../../ui/hooks.ts';
import { useAsync } from '../../ui/useAsync.ts';
import { ParticipantNotFound } from '../participants/ParticipantNotFound.tsx';
import { printLanguage, tFor } from './display.ts';
import { plansApi } from './plansApi.ts';
import './plans.css';
import './print.css';

/**
 * The participant's own copy of their plan, in English or Spanish (?lang=es)
 * whatever language the interface speaks; made for paper (see print.css).
 */
export function PlanPrintPage() {
  const { t, locale } = useI18n();
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const lang = printLanguage(search.get('lang'));
  const tp = tFor(lang);
  const participant = useAsync((signal) => participantsApi.get(id, signal), [id]);
  const plan = useAsync((signal) => plansApi.get(id, signal), [id]);
  usePageTitle(participant.status === 'ok' ? `${tp('plans.print.pageTitle')} – ${displayName(participant.data)}` : tp('plans.print.pageTitle'), t('app.name'));

  if (isApiError(participant.error) && participant.error.isNotFound) return <ParticipantNotFound />;
  const failed = participant.error ?? plan.error;
  return (
    <div className="plan-print" lang={lang}>
      <div className="plan-print-actions button-row">
        <button type="button" className="btn btn-primary" onClick={() => window.print()}>
          {tp('plans.print.print')}
        </button>
        <Link to={`/participants/${id}`} className="btn btn-secondary">
          {tp('plans.print.back')}
        </Link>
      </div>
      <h1>{tp('plans.print.heading')}</h1>
      {failed ? (
        <Notice tone="error" live="assertive">
          <p lang={locale}>{describeError(failed, t)}</p>
        </Notice>
      ) : participant.status === 'ok' && plan.status === 'ok' ? (
        <PrintedPlan participant={participant.data} plan={plan.data} tp={tp} lang={lang} />
      ) : (
        <Loading label={t('app.loading')} />
      )}
    </div>
  );
}

function PrintedPlan({ participant, plan, tp, lang }: { participant: ParticipantDetail; plan: Plan; tp: TFunction; lang: string }) {
  const date = (d: string | null) => (d ? formatDate(d, lang) : tp('plans.print.noDate'));
  return (
    <>
      <dl className="plan-print-facts">
        <div>
          <dt>{tp('plans.print.name')}</dt>
          <dd>{displayName(participant)}</dd>
        </div>
        <div>
          <dt>{tp('plans.print.date')}</dt>
          <dd>{formatDate(todayIso(), lang)}</dd>
        </div>
        {plan.version > 0 ? (
          <div>
            <dt>{tp('plans.print.version')}</dt>
            <dd>{plan.version}</dd>
          </div>
        ) : null}
      </dl>
      <p className="plan-print-intro">{tp('plans.print.intro')}</p>
      {plan.goals.length === 0 ? <p>{tp('plans.print.noGoals')}</p> : null}
      {plan.goals.map((g, i) => (
        <section key={g.id} className="plan-print-goal" aria-labelledby={`print-goal-${g.id}`}>
          <h2 id={`print-goal-${g.id}`}>
            <span className="plan-print-goal-number">{tp('plans.print.goal', { n: i + 1 })}:</span> {g.text}
          </h2>
          <dl className="plan-print-facts">
            <div>
              <dt>{tp('plans.print.area')}</dt>
              <dd>{tp(`plans.print.domain.${g.domain}`)}</dd>
            </div>
            <div>
              <dt>{tp('plans.print.targetDate')}</dt>
              <dd>{date(g.targetDate)}</dd>
            </div>
            <div>
              <dt>{tp('plans.print.status')}</dt>
              <dd>{tp(`plans.print.goalStatus.${g.status}`)}</dd>
            </div>
          </dl>
          {g.steps.length === 0 ? (
            <p>{tp('plans.print.noSteps')}</p>
          ) : (
            <table className="plan-print-steps">
              <caption>{tp('plans.print.steps')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tp('plans.print.what')}</th>
                  <th scope="col">{tp('plans.print.who')}</th>
                  <th scope="col">{tp('plans.print.when')}</th>
                  <th scope="col">{tp('plans.print.stepStatus')}</th>
                </tr>
              </thead>
              <tbody>
                {g.steps.map((s) => (
                  <tr key={s.id}>
                    <td>{s.what}</td>
                    <td>{tp(`plans.print.owner.${s.owner}`)}</td>
                    <td>{date(s.dueDate)}</td>
                    <td>{tp(`plans.print.stepStatus.${s.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
      <section className="plan-print-signatures" aria-labelledby="print-signatures">
        <h2 id="print-signatures">{tp('plans.print.signatures')}</h2>
        {(['participantSignature', 'staffSignature'] as const).map((who) => (
          <div key={who} className="plan-print-signature">
            <p className="plan-print-line">
              <span>{tp(`plans.print.${who}`)}</span>
            </p>
            <p className="plan-print-line plan-print-line--date">
              <span>{tp('plans.print.signatureDate')}</span>
            </p>
          </div>
        ))}
      </section>
    </>
  );
}
