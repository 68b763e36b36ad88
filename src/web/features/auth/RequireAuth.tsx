import { Navigate, Outlet, useLocation } from 'react-router';
import { useT } from '../../i18n/I18nProvider.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { signInPath } from './nextPath.ts';
import { useSession } from './SessionProvider.tsx';

/** Children only for a signed-in person; others go to sign-in and come back afterwards. */
export function RequireAuth() {
  const t = useT();
  const { status } = useSession();
  const location = useLocation();
  if (status === 'loading') return <Loading label={t('app.loading')} />;
  if (status === 'signedOut') return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  return <Outlet />;
}

export const MFA_SETUP_PATH = '/account/mfa/setup';

/**
 * While the password must be changed, every page but /password leads there; then,
 * while the role requires an authenticator app that is not set up, to its setup.
 */
export function RequirePasswordChanged() {
  const { me } = useSession();
  const { pathname } = useLocation();
  if (me?.user.mustChangePassword) return <Navigate to="/password" replace />;
  if (me?.session === 'mfa_enrollment' && pathname !== MFA_SETUP_PATH) return <Navigate to={MFA_SETUP_PATH} replace />;
  return <Outlet />;
}
