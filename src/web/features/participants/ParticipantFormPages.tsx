import { useParams } from 'react-router';
import { displayName } from '../../../core/names.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { participantsApi } from '../../api/participants.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { Page } from '../shell/Page.tsx';
import { useSites } from '../sites/useSites.ts';
import { emptyValues } from './formValues.ts';
import { ParticipantEditor } from './ParticipantEditor.tsx';
import { ParticipantNotFound } from './ParticipantNotFound.tsx';

export function NewParticipantPage() {
  const t = useT();
  const sites = useSites();
  return (
    <Page title={t('participant.newTitle')}>
      {sites.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {sites.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(sites.error, t)}</p>
        </Notice>
      ) : null}
      {sites.status === 'ok' ? <NewParticipantForm sites={sites.data.filter((s) => s.active)} /> : null}
    </Page>
  );
}

function NewParticipantForm({ sites }: { sites: Parameters<typeof ParticipantEditor>[0]['sites'] }) {
  const t = useT();
  if (sites.length === 0) {
    return (
      <Notice tone="warning">
        <p>{t('participant.noSites')}</p>
      </Notice>
    );
  }
  // One site: choose it for them.
  const initial = emptyValues(sites.length === 1 ? (sites[0]?.id ?? '') : '');
  return <ParticipantEditor mode="create" sites={sites} initial={initial} />;
}

export function EditParticipantPage() {
  const t = useT();
  const { id = '' } = useParams();
  const participant = useAsync((signal) => participantsApi.get(id, signal), [id]);
  const sites = useSites();

  if (participant.status === 'error' && isApiError(participant.error) && participant.error.isNotFound) return <ParticipantNotFound />;
  const error = participant.status === 'error' ? participant.error : sites.status === 'error' ? sites.error : null;
  const ready = participant.status === 'ok' && sites.status === 'ok';
  const title = participant.status === 'ok' ? t('participant.editTitle', { name: displayName(participant.data) }) : t('participant.editTitleLoading');

  return (
    <Page title={title}>
      {error ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(error, t)}</p>
        </Notice>
      ) : !ready ? (
        <Loading label={t('app.loading')} />
      ) : (
        <ParticipantEditor
          key={participant.data.id}
          mode="edit"
          participant={participant.data}
          // Active sites, plus the current one even if it has since been closed.
          sites={sites.data.filter((s) => s.active || s.id === participant.data.siteId)}
        />
      )}
    </Page>
  );
}
