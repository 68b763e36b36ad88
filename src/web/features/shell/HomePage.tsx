import { Link, Navigate, useLocation } from 'react-router';
import { useT } from '../../i18n/I18nProvider.tsx';
import { useMe, useSession } from '../auth/SessionProvider.tsx';
import { Page } from './Page.tsx';

/** "/" is the worklist (who needs attention now) for those with a caseload; others (e.g. evaluators) get a short welcome. */
export function HomePage() {
  const t = useT();
  const me = useMe();
  const { can } = useSession();
  const location = useLocation();
  // Keep the navigation state: it may carry a confirmation for the next page ("Password changed").
  if (can('participants:read')) return <Navigate to="/worklist" replace state={location.state as unknown} />;
  return (
    <Page title={t('home.title', { name: me.user.name })}>
      <p>{t('home.noCaseload')}</p>
      {can('reports:read') ? (
        <p>
          <Link to="/reports">{t('reports.nav')}</Link>
        </p>
      ) : null}
      {can('sites:read') ? (
        <p>
          <Link to="/admin/sites">{t('nav.sites')}</Link>
        </p>
      ) : null}
    </Page>
  );
}
