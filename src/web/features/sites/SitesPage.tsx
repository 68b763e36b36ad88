import { Link } from 'react-router';
import { describeError } from '../../api/describeError.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useSession } from '../auth/SessionProvider.tsx';
import { Page } from '../shell/Page.tsx';
import { useSites } from './useSites.ts';
import { TableWrap } from '../../ui/TableWrap.tsx';

/** Sites list (sites:read); creating and editing need sites:manage. */
export function SitesPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const sites = useSites();
  const manage = can('sites:manage');

  return (
    <Page
      title={t('sites.title')}
      actions={
        manage ? (
          <Link to="/admin/sites/new" className="btn btn-primary">
            {t('sites.new')}
          </Link>
        ) : null
      }
    >
      {sites.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {sites.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(sites.error, t)}</p>
        </Notice>
      ) : null}
      {sites.status === 'ok' && sites.data.length === 0 ? <p className="empty">{t('sites.empty')}</p> : null}
      {sites.status === 'ok' && sites.data.length > 0 ? (
        <TableWrap label={t('sites.title')}>
          <table className="table table--stack">
            <caption className="visually-hidden">{t('sites.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sites.name')}</th>
                <th scope="col">{t('sites.type')}</th>
                <th scope="col">{t('sites.county')}</th>
                <th scope="col">{t('sites.timeZone')}</th>
                <th scope="col">{t('sites.status')}</th>
                {manage ? (
                  <th scope="col">
                    <span className="visually-hidden">{t('ui.actions')}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {sites.data.map((site) => (
                <tr key={site.id}>
                  <th scope="row" data-label={t('sites.name')}>
                    {site.name}
                  </th>
                  <td data-label={t('sites.type')}>{t(`siteType.${site.type}`)}</td>
                  <td data-label={t('sites.county')}>{site.county ?? ''}</td>
                  <td data-label={t('sites.timeZone')}>{site.timeZone.replace(/_/g, ' ')}</td>
                  <td data-label={t('sites.status')}>
                    <span className={site.active ? 'badge badge--ok' : 'badge'}>{site.active ? t('ui.active') : t('ui.inactive')}</span>
                  </td>
                  {manage ? (
                    <td>
                      <Link to={`/admin/sites/${site.id}/edit`} aria-label={t('sites.editNamed', { name: site.name })}>
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
    </Page>
  );
}
