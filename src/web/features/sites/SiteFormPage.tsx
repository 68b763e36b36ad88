import { useParams } from 'react-router';
import { describeError } from '../../api/describeError.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { NotFoundPage } from '../shell/StatusPages.tsx';
import { Page } from '../shell/Page.tsx';
import { SiteForm } from './SiteForm.tsx';
import { useSites } from './useSites.ts';

export function NewSitePage() {
  const t = useT();
  return (
    <Page title={t('sites.newTitle')} narrow>
      <SiteForm />
    </Page>
  );
}

/** There is no GET /api/sites/:id: the site comes from the list the person can see. */
export function EditSitePage() {
  const t = useT();
  const { id = '' } = useParams();
  const sites = useSites();
  const site = sites.status === 'ok' ? sites.data.find((s) => s.id === id) : undefined;

  if (sites.status === 'ok' && !site) return <NotFoundPage />;
  return (
    <Page title={site ? t('sites.editTitle', { name: site.name }) : t('sites.editTitleLoading')} narrow>
      {sites.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {sites.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(sites.error, t)}</p>
        </Notice>
      ) : null}
      {site ? <SiteForm key={`${site.id}-${site.version}`} site={site} onReload={sites.reload} /> : null}
    </Page>
  );
}
