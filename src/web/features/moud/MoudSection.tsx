import { Link } from 'react-router';
import type { Linkage, MoudEpisode, Retention } from '../../../core/moud.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n, type TFunction } from '../../i18n/I18nProvider.tsx';
import { ActionSection, useSectionActions } from '../../ui/ActionSection.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import type { ParticipantSectionProps } from '../participants/sections.tsx';
import { CorrectForm, EndForm, RecordStartForm } from './MoudForms.tsx';
import { moudApi } from './moudApi.ts';
import './moud.css';

type Action = { kind: 'record' } | { kind: 'end' | 'correct'; episodeId: string };

/** "First dose 3 days after release", "Already on medication at release", "No medication yet: released 5 days ago". */
export function linkageText(l: Linkage, t: TFunction, locale: string): string {
  switch (l.status) {
    case 'linked':
      return t(`moud.linked.${l.from}`, { count: l.days });
    case 'continued':
      return t(`moud.continued.${l.from}`, { date: formatDate(l.startedOn, locale) });
    case 'not_linked':
      return t(`moud.notLinked.${l.from}`, { count: l.daysSince });
    case 'no_index_date':
      return t('moud.noIndex');
  }
}

const MARK_TONE: Record<Retention['marks'][number]['status'], string> = {
  retained: 'badge badge--ok',
  not_retained: 'badge badge--warn',
  not_yet: 'badge',
};

/** The participant page's "Medication treatment": linkage time, retention, the episodes and their actions. */
export function MoudSection({ participant }: ParticipantSectionProps) {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const list = useAsync((signal) => moudApi.list(participant.id, signal), [participant.id]);
  const { action, flash, headingRef, open, close, done, reload } = useSectionActions<Action>(list.reload);
  const writer = can('participants:write');

  const episodes = list.data?.items ?? [];
  // Newest first on the page; the server sends them earliest first.
  const shown = [...episodes].reverse();
  const target = action && action.kind !== 'record' ? episodes.find((e) => e.id === action.episodeId) : undefined;

  const formProps = { participantId: participant.id, onDone: done, onCancel: close, onReload: reload };

  return (
    <ActionSection headingId="moud-title" title={t('moud.title')} className="moud-section" headingRef={headingRef} flash={flash} list={list}>
      {list.status === 'ok' ? (
        <>
          <dl className="details moud-measures">
            <div className="details-row">
              <dt>{t('moud.linkage')}</dt>
              <dd data-testid="moud-linkage">{linkageText(list.data.linkage, t, locale)}</dd>
            </div>
          </dl>
          {list.data.retention ? <RetentionMarks retention={list.data.retention} /> : null}
          {episodes.length === 0 ? <p className="muted">{t('moud.none')}</p> : null}
        </>
      ) : null}

      {writer && list.status === 'ok' && action === null ? (
        <div className="button-row moud-actions">
          <button type="button" className="btn btn-primary" onClick={() => open({ kind: 'record' })}>
            {t('moud.recordStart')}
          </button>
        </div>
      ) : null}
      {action?.kind === 'record' ? <RecordStartForm {...formProps} /> : null}
      {action?.kind === 'end' && target ? <EndForm {...formProps} episode={target} /> : null}
      {action?.kind === 'correct' && target ? <CorrectForm {...formProps} episode={target} /> : null}

      {shown.length > 0 ? (
        <>
          <h3>{t('moud.episodes')}</h3>
          <ol className="card-list">
            {shown.map((e) => (
              <EpisodeCard
                key={e.id}
                episode={e}
                actions={writer && action === null}
                onEnd={() => open({ kind: 'end', episodeId: e.id })}
                onCorrect={() => open({ kind: 'correct', episodeId: e.id })}
              />
            ))}
          </ol>
        </>
      ) : null}
    </ActionSection>
  );
}

function RetentionMarks({ retention: r }: { retention: Retention }) {
  const { t, locale } = useI18n();
  return (
    <>
      <h3>{t('moud.retention')}</h3>
      <ul className="moud-marks" aria-label={t('moud.retention')}>
        {r.marks.map((m) => (
          <li key={m.days} className="moud-mark" data-status={m.status}>
            <span className="moud-mark-days">{t('moud.mark', { days: m.days })}</span>
            <span className={MARK_TONE[m.status]}>{t(`moud.markStatus.${m.status}`)}</span>
            <span className="moud-mark-when">{t('moud.markWhen', { date: formatDate(m.on, locale) })}</span>
          </li>
        ))}
      </ul>
      <p className="muted small">{t('moud.retentionNote', { date: formatDate(r.firstStartOn, locale) })}</p>
    </>
  );
}

function EpisodeCard({ episode: e, actions, onEnd, onCorrect }: { episode: MoudEpisode; actions: boolean; onEnd: () => void; onCorrect: () => void }) {
  const { t, locale } = useI18n();
  const medication = t(`moud.med.${e.medication}`);
  const which = t('moud.forEpisode', { medication, date: formatDate(e.startedOn, locale) });
  return (
    <li className="card moud-episode">
      <p className="card-title">{medication}</p>
      <dl className="card-details">
        <div>
          <dt>{t('moud.provider')}</dt>
          <dd>
            {e.providerName}
            {e.referralId ? (
              <>
                {' '}
                <Link to={`/referrals/${e.referralId}`} className="small">{t('moud.fromReferral')}<span className="visually-hidden"> ({which})</span></Link>
              </>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t('moud.startedOn')}</dt>
          <dd>{e.endedOn ? t('moud.period', { from: formatDate(e.startedOn, locale), to: formatDate(e.endedOn, locale) }) : t('moud.since', { date: formatDate(e.startedOn, locale) })}</dd>
        </div>
      </dl>
      <p>
        <span className={e.status === 'ongoing' ? 'badge badge--ok' : 'badge'}>
          {e.status === 'ongoing' ? t('moud.status.ongoing') : t('moud.status.ended', { reason: e.endReason ? t(`moud.reason.${e.endReason}`) : '' })}
        </span>
      </p>
      {e.note ? <p className="moud-note">{e.note}</p> : null}
      {actions ? (
        <div className="button-row">
          {e.status === 'ongoing' ? (
            <button type="button" className="btn btn-secondary" onClick={onEnd}>
              {t('moud.end')}
              <span className="visually-hidden"> {which}</span>
            </button>
          ) : null}
          <button type="button" className="btn btn-secondary" onClick={onCorrect}>
            {t('moud.correct')}
            <span className="visually-hidden"> {which}</span>
          </button>
        </div>
      ) : null}
    </li>
  );
}
