import { Link, useParams } from 'react-router';
import { displayName } from '../../../core/names.ts';
import type { ParticipantDetail } from '../../../core/schemas.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { participantsApi } from '../../api/participants.ts';
import { formatDateTime, formatDay } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { EmergencyAccessBanner } from '../emergency-access/EmergencyAccessBanner.tsx';
import { Page } from '../shell/Page.tsx';
import { AccessHistory } from './AccessHistory.tsx';
import { custodySummary, FIELD_LABEL, fieldText } from './display.ts';
import { FIELD_ORDER } from './formValues.ts';
import { ParticipantNotFound } from './ParticipantNotFound.tsx';
import { participantSections } from './sections.tsx';

export function ParticipantPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const participant = useAsync((signal) => participantsApi.get(id, signal), [id]);

  if (participant.status === 'error' && isApiError(participant.error) && participant.error.isNotFound) return <ParticipantNotFound />;
  if (participant.status !== 'ok') {
    return (
      <Page title={t('participant.title')}>
        {participant.status === 'loading' ? (
          <Loading label={t('app.loading')} />
        ) : (
          <Notice tone="error" live="assertive">
            <p>{describeError(participant.error, t)}</p>
          </Notice>
        )}
      </Page>
    );
  }
  return <ParticipantView participant={participant.data} />;
}

function ParticipantView({ participant: p }: { participant: ParticipantDetail }) {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const siteName = (id: string) => (id === p.siteId ? p.siteName : id);

  return (
    <Page
      title={displayName(p)}
      actions={
        can('participants:write') ? (
          <Link to={`/participants/${p.id}/edit`} className="btn btn-primary">
            {t('participant.edit')}
          </Link>
        ) : null
      }
    >
      <EmergencyAccessBanner participant={p} />
      {/* What a coach needs at a glance on a phone, then straight to the casework. */}
      <p className="participant-facts">
        {p.siteName} · {custodySummary(p, t, locale)}
        {p.phone ? (
          <>
            {' · '}
            <a href={`tel:${p.phone.replace(/[^\d+]/g, '')}`}>{p.phone}</a>
          </>
        ) : null}
      </p>
      <nav aria-label={t('participant.onThisPage')} className="page-nav">
        <ul>
          {participantSections.flatMap(({ key, nav }) =>
            nav ? [
              <li key={key}>
                <a href={`#${nav.target}`}>{t(nav.label)}</a>
              </li>,
            ] : [],
          )}
          <li>
            <a href="#details-title">{t('participant.detailsTitle')}</a>
          </li>
        </ul>
      </nav>

      {participantSections.map(({ key, Section }) => (
        <Section key={key} participant={p} />
      ))}

      <section aria-labelledby="details-title" className="panel">
        <h2 id="details-title">{t('participant.detailsTitle')}</h2>
        <dl className="details">
          {FIELD_ORDER.map((field) => {
            const text = fieldText(field, p, t, locale, siteName);
            return (
              <div key={field} className="details-row">
                <dt>{t(FIELD_LABEL[field])}</dt>
                <dd className={text ? undefined : 'muted'}>{text || t('ui.notRecorded')}</dd>
              </div>
            );
          })}
        </dl>
        <p className="muted small">
          {t('participant.lastUpdated', { date: formatDateTime(p.updatedAt, locale) })}
        </p>
      </section>

      <section aria-labelledby="history-title" className="panel">
        <h2 id="history-title">{t('participant.siteHistory')}</h2>
        {p.siteHistory.length === 0 ? (
          <p className="muted">{t('participant.siteHistoryEmpty')}</p>
        ) : (
          <ol className="timeline">
            {p.siteHistory.map((h) => (
              <li key={`${h.siteId}-${h.startedAt}`}>
                <strong>{h.siteName}</strong>{' '}
                {h.endedAt
                  ? t('participant.siteHistoryPeriod', { from: formatDay(h.startedAt, locale), to: formatDay(h.endedAt, locale) })
                  : t('participant.siteHistorySince', { from: formatDay(h.startedAt, locale) })}
              </li>
            ))}
          </ol>
        )}
      </section>

      {can('audit:read') ? <AccessHistory participantId={p.id} /> : null}
    </Page>
  );
}
