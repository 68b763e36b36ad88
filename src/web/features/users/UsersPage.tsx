import { Link } from 'react-router';
import type { Site, User } from '../../../core/schemas.ts';
import { describeError } from '../../api/describeError.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { MfaPolicyPanel } from '../auth/MfaPolicyPanel.tsx';
import { useSession } from '../auth/SessionProvider.tsx';
import { Page } from '../shell/Page.tsx';
import { useSites } from '../sites/useSites.ts';
import { useUsers } from './useUsers.ts';
import { TableWrap } from '../../ui/TableWrap.tsx';

export function isLocked(user: User, now = Date.now()): boolean {
  return user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > now;
}

/** Staff accounts: who they are, their role, their sites, and whether they can sign in. */
export function UsersPage() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const users = useUsers();
  const sites = useSites();
  const manage = can('users:manage');
  const siteNames = (user: User, all: readonly Site[]) =>
    user.role === 'program_admin' ? t('users.allSites') : user.siteIds.map((id) => all.find((s) => s.id === id)?.name ?? t('users.unknownSite')).join(', ');

  return (
    <Page
      title={t('users.title')}
      actions={
        manage ? (
          <Link to="/admin/users/new" className="btn btn-primary">
            {t('users.new')}
          </Link>
        ) : null
      }
    >
      {users.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {users.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(users.error, t)}</p>
        </Notice>
      ) : null}
      {users.status === 'ok' ? (
        <TableWrap label={t('users.title')}>
          <table className="table table--stack">
            <caption className="visually-hidden">{t('users.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.name')}</th>
                <th scope="col">{t('users.email')}</th>
                <th scope="col">{t('users.role')}</th>
                <th scope="col">{t('users.sites')}</th>
                <th scope="col">{t('users.status')}</th>
                {manage ? (
                  <th scope="col">
                    <span className="visually-hidden">{t('ui.actions')}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id}>
                  <th scope="row" data-label={t('users.name')}>
                    {user.name}
                  </th>
                  <td data-label={t('users.email')} className="break">
                    {user.email}
                  </td>
                  <td data-label={t('users.role')}>{t(`role.${user.role}`)}</td>
                  <td data-label={t('users.sites')}>{siteNames(user, sites.data ?? [])}</td>
                  <td data-label={t('users.status')}>
                    <span className={user.active ? 'badge badge--ok' : 'badge'}>{user.active ? t('ui.active') : t('ui.inactive')}</span>{' '}
                    {isLocked(user) ? <span className="badge badge--warn">{t('users.lockedUntil', { time: formatDateTime(user.lockedUntil, locale) })}</span> : null}{' '}
                    {user.mustChangePassword ? <span className="badge">{t('users.mustChange')}</span> : null}
                  </td>
                  {manage ? (
                    <td>
                      <Link to={`/admin/users/${user.id}/edit`} aria-label={t('users.editNamed', { name: user.name })}>
                        {t('ui.edit')}
                      </Link>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {manage ? <MfaPolicyPanel /> : null}
    </Page>
  );
}
