import { useParams } from 'react-router';
import { describeError } from '../../api/describeError.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { Page } from '../shell/Page.tsx';
import { NotFoundPage } from '../shell/StatusPages.tsx';
import { useSites } from '../sites/useSites.ts';
import { MfaResetPanel } from '../auth/MfaResetPanel.tsx';
import { NewInvitationButton } from './NewInvitationButton.tsx';
import { UserForm } from './UserForm.tsx';
import { useUsers } from './useUsers.ts';

export function NewUserPage() {
  const t = useT();
  const sites = useSites();
  return (
    <Page title={t('users.newTitle')} narrow>
      {sites.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {sites.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(sites.error, t)}</p>
        </Notice>
      ) : null}
      {sites.status === 'ok' ? <UserForm sites={sites.data} /> : null}
    </Page>
  );
}

/** There is no GET /api/users/:id: the user comes from the list. */
export function EditUserPage() {
  const t = useT();
  const { id = '' } = useParams();
  const users = useUsers();
  const sites = useSites();
  const user = users.status === 'ok' ? users.data.find((u) => u.id === id) : undefined;

  if (users.status === 'ok' && !user) return <NotFoundPage />;
  const error = users.status === 'error' ? users.error : sites.status === 'error' ? sites.error : null;
  return (
    <Page title={user ? t('users.editTitle', { name: user.name }) : t('users.editTitleLoading')} narrow>
      {error ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(error, t)}</p>
        </Notice>
      ) : null}
      {!error && (!user || sites.status !== 'ok') ? <Loading label={t('app.loading')} /> : null}
      {user && sites.status === 'ok' ? (
        <>
          <UserForm key={`${user.id}-${user.version}`} user={user} sites={sites.data} onReload={users.reload} />
          <NewInvitationButton user={user} />
          <MfaResetPanel user={user} />
        </>
      ) : null}
    </Page>
  );
}
