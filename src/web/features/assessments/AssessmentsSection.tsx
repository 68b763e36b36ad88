import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { AssessmentSummary, InstrumentSummary } from '../../../core/assessments.ts';
import { describeError } from '../../api/describeError.ts';
import { formatDay } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import type { ParticipantSectionProps } from '../participants/sections.tsx';
import { assessmentsApi, BARC10, BARC10_FLAG, NEEDS_SCREENING } from './assessmentsApi.ts';
import { BarcTrend } from './BarcTrend.tsx';
import { instrumentText } from './display.ts';
import './assessments.css';

/** The participant page's "Assessments": the BARC-10 trend, every assessment with its score, and a start button per instrument. */
export function AssessmentsSection({ participant }: ParticipantSectionProps) {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const list = useAsync((signal) => assessmentsApi.list(participant.id, signal), [participant.id]);
  const [starting, setStarting] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const start = async (instrumentKey: string) => {
    setStarting(instrumentKey);
    setError(null);
    try {
      const created = await assessmentsApi.start(participant.id, { instrumentKey });
      await navigate(`/participants/${participant.id}/assessments/${created.id}`);
    } catch (err) {
      setError(describeError(err, t));
      setStarting(null);
    }
  };

  // Every instrument the program has, built in or added as data; the two built-ins first.
  const instruments = useAsync((signal) => assessmentsApi.instruments(signal), []);
  const offered = instruments.status === 'ok' ? startOrder(instruments.data.items) : [];
  const startLabel = (i: InstrumentSummary) =>
    i.key === BARC10 ? t('assessments.startBarc') : i.key === NEEDS_SCREENING ? t('assessments.startNeeds') : t('assessments.startNamed', { title: instrumentText(i.title, locale) });

  const items = list.status === 'ok' ? list.data.items : [];
  const barcDone = items.filter((a) => a.instrumentKey === BARC10 && a.status === 'completed');

  return (
    <section aria-labelledby="assessments-title" className="panel">
      <div className="assessments-header">
        <h2 id="assessments-title">{t('assessments.title')}</h2>
        {can('participants:write') ? (
          <div className="assessments-actions">
            {offered.map((i, n) => (
              <button key={i.key} type="button" className={n === 0 ? 'btn btn-primary' : 'btn btn-secondary'} disabled={starting !== null} onClick={() => void start(i.key)}>
                {starting === i.key ? t('assessments.starting') : startLabel(i)}
              </button>
            ))}
          </div>
        ) : null}
      </div>
      {can('participants:write') && instruments.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(instruments.error, t)}</p>
        </Notice>
      ) : null}
      {error ? (
        <Notice tone="error" live="assertive">
          <p>{error}</p>
        </Notice>
      ) : null}
      {list.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {list.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(list.error, t)}</p>
        </Notice>
      ) : null}
      {list.status === 'ok' ? (
        <>
          <h3>{t('assessments.trendTitle')}</h3>
          <BarcTrend completed={barcDone} />
          {items.length === 0 ? (
            <p className="muted">{t('assessments.empty')}</p>
          ) : (
            <ol className="card-list">
              {items.map((a) => (
                <AssessmentCard key={a.id} assessment={a} />
              ))}
            </ol>
          )}
        </>
      ) : null}
    </section>
  );
}

const BUILT_IN_FIRST = [BARC10, NEEDS_SCREENING];
/** The built-ins first (BARC-10 is the one started most), then the program's own by key. */
function startOrder(list: readonly InstrumentSummary[]): InstrumentSummary[] {
  const rank = (key: string) => (BUILT_IN_FIRST.includes(key) ? BUILT_IN_FIRST.indexOf(key) : BUILT_IN_FIRST.length);
  return [...list].sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
}

function AssessmentCard({ assessment: a }: { assessment: AssessmentSummary }) {
  const { t, locale } = useI18n();
  const title = instrumentText(a.title, locale);
  const done = a.status === 'completed';
  const day = formatDay(done ? a.completedAt : a.startedAt, locale);
  return (
    <li className="card assessment-card">
      <Link
        to={`/participants/${a.participantId}/assessments/${a.id}`}
        className="card-title"
        aria-label={t('assessments.openNamed', { title, date: day })}
      >
        {title}
      </Link>
      <dl className="card-details">
        <div>
          <dt>{t('assessments.status')}</dt>
          <dd>
            {done
              ? a.completedBy
                ? t('assessments.completedOn', { date: day, name: a.completedBy.name })
                : t('assessments.completedOnPlain', { date: day })
              : `${t('assessments.inProgress')} · ${t('assessments.answered', { answered: a.answeredCount, total: a.itemCount })}`}
          </dd>
        </div>
        {done && a.score !== null && a.scoreMax !== null ? (
          <div>
            <dt>{t('assessments.score')}</dt>
            <dd>
              <strong>{t('assessments.scoreOf', { score: a.score, max: a.scoreMax })}</strong>
              {a.flags.includes(BARC10_FLAG) ? <span className="assessment-flag">{t('assessments.flag47')}</span> : null}
            </dd>
          </div>
        ) : null}
        {done && a.instrumentKey === NEEDS_SCREENING ? (
          <div>
            <dt>{t('assessments.needsTitle')}</dt>
            <dd>{t('assessments.needsFoundShort', { count: a.needsFound.length })}</dd>
          </div>
        ) : null}
      </dl>
    </li>
  );
}
