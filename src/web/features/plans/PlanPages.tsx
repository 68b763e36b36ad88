/** The plan's own pages: the editor, the list of versions and one earlier version. */
import type { ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { displayName } from '../../../core/names.ts';
import type { ParticipantDetail } from '../../../core/schemas.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { participantsApi } from '../../api/participants.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { useAsync, type AsyncState } from '../../ui/useAsync.ts';
import { ParticipantNotFound } from '../participants/ParticipantNotFound.tsx';
import { Page } from '../shell/Page.tsx';
import { changesText } from './display.ts';
import { PlanEditor } from './PlanEditor.tsx';
import { PlanGoals } from './PlanGoals.tsx';
import { plansApi } from './plansApi.ts';
import './plans.css';

/** Loads the participant and one more thing; shows "not found", loading or the error, else the page. */
function WithParticipant<T>({ title, load, deps, children }: { title: (name: string | null) => string; load: (id: string, signal: AbortSignal) => Promise<T>; deps: readonly unknown[]; children: (p: ParticipantDetail, data: T) => ReactNode }) {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const participant = useAsync((signal) => participantsApi.get(id, signal), [id]);
  const data: AsyncState<T> = useAsync((signal) => load(id, signal), [id, ...deps]);
  const failed = participant.status === 'error' ? participant.error : data.status === 'error' ? data.error : null;
  if (isApiError(participant.error) && participant.error.isNotFound) return <ParticipantNotFound />;
  return (
    <Page title={title(participant.status === 'ok' ? displayName(participant.data) : null)}>
      {participant.status === 'ok' ? (
        <p>
          <Link to={`/participants/${participant.data.id}`}>{t('plans.backToParticipant', { name: displayName(participant.data) })}</Link>
        </p>
      ) : null}
      {failed ? (
        <Notice tone="error" live="assertive">
          <p>{isApiError(failed) && failed.isNotFound ? t('plans.versionNotFound') : describeError(failed, t)}</p>
        </Notice>
      ) : participant.status === 'ok' && data.status === 'ok' ? (
        children(participant.data, data.data)
      ) : (
        <Loading label={t('app.loading')} />
      )}
    </Page>
  );
}

export function PlanEditPage() {
  const { t } = useI18n();
  const [search] = useSearchParams();
  return (
    <WithParticipant title={(name) => t('plans.editTitle', { name: name ?? '…' })} load={(id, signal) => plansApi.get(id, signal)} deps={[]}>
      {(p, plan) => <PlanEditor participantId={p.id} plan={plan} fromNeed={search.get('fromNeed')} />}
    </WithParticipant>
  );
}

export function PlanVersionsPage() {
  const { t, locale } = useI18n();
  return (
    <WithParticipant title={(name) => t('plans.versionsTitle', { name: name ?? '…' })} load={(id, signal) => plansApi.versions(id, signal)} deps={[]}>
      {(p, { items }) =>
        items.length === 0 ? (
          <p className="muted">{t('plans.versionsEmpty')}</p>
        ) : (
          <TableWrap label={t('plans.versions')}>
            <table className="table table--stack">
              <caption className="visually-hidden">{t('plans.versions')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('plans.versionNumber')}</th>
                  <th scope="col">{t('plans.versionSavedAt')}</th>
                  <th scope="col">{t('plans.versionSavedBy')}</th>
                  <th scope="col">{t('plans.versionChanges')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((v, i) => (
                  <tr key={v.number}>
                    <th scope="row">
                      <Link to={`/participants/${p.id}/plan/versions/${v.number}`}>{t('plans.versionOpen', { n: v.number })}</Link>
                      {i === 0 ? ` ${t('plans.versionCurrent')}` : ''}
                    </th>
                    <td data-label={t('plans.versionSavedAt')}>{formatDateTime(v.savedAt, locale)}</td>
                    <td data-label={t('plans.versionSavedBy')}>{v.savedBy?.name ?? ''}</td>
                    <td data-label={t('plans.versionChanges')}>{changesText(v.changes, t)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )
      }
    </WithParticipant>
  );
}

export function PlanVersionPage() {
  const { t, locale } = useI18n();
  const { n = '' } = useParams();
  const number = Number(n);
  return (
    <WithParticipant title={(name) => t('plans.versionTitle', { name: name ?? '…', n })} load={(id, signal) => plansApi.version(id, number, signal)} deps={[number]}>
      {(p, v) => (
        <>
          <Notice tone={v.current ? 'info' : 'warning'}>
            <p>{v.current ? t('plans.versionIsCurrent') : t('plans.versionReadOnly')}</p>
            <p>
              {v.savedBy
                ? t('plans.savedBy', { version: v.number, date: formatDateTime(v.savedAt, locale), name: v.savedBy.name })
                : t('plans.savedAt', { version: v.number, date: formatDateTime(v.savedAt, locale) })}
            </p>
            <p>{changesText(v.changes, t)}</p>
          </Notice>
          {v.goals.length ? <PlanGoals goals={v.goals} headingLevel={2} idPrefix="version-domain" /> : <p className="muted">{t('plans.print.noGoals')}</p>}
          <p>
            <Link to={`/participants/${p.id}/plan/versions`}>{t('plans.allVersions')}</Link>
          </p>
        </>
      )}
    </WithParticipant>
  );
}
