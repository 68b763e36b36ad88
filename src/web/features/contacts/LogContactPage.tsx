import { useParams } from 'react-router';
import { displayName } from '../../../core/names.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { participantsApi } from '../../api/participants.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { ParticipantNotFound } from '../participants/ParticipantNotFound.tsx';
import { Page } from '../shell/Page.tsx';
import { ContactForm } from './ContactForm.tsx';
import { contactsApi } from './contactsApi.ts';
import { defaultValues } from './formValues.ts';
import './contacts.css';

/** /participants/:id/contacts/new */
export function LogContactPage() {
  const t = useT();
  const { me } = useSession();
  const { id = '' } = useParams();
  const loaded = useAsync(
    async (signal) => {
      const participant = await participantsApi.get(id, signal);
      const team = await contactsApi.team(id, signal);
      return { participant, team: team.items };
    },
    [id],
  );

  if (loaded.status === 'error' && isApiError(loaded.error) && loaded.error.isNotFound) return <ParticipantNotFound />;
  const title = loaded.status === 'ok' ? t('contacts.logTitleFor', { name: displayName(loaded.data.participant) }) : t('contacts.logTitle');
  const myId = me?.user.id ?? '';
  return (
    <Page title={title} narrow>
      {loaded.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {loaded.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(loaded.error, t)}</p>
        </Notice>
      ) : null}
      {loaded.status === 'ok' ? (
        <ContactForm
          participantId={id}
          team={loaded.data.team}
          me={myId}
          initial={defaultValues(new Date(), myId, loaded.data.participant.custodyStatus === 'in_custody')}
        />
      ) : null}
    </Page>
  );
}
