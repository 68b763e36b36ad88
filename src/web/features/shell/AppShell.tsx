import { useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import type { Permission } from '../../../core/access.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/catalogues.ts';
import { IdleWatcher } from '../auth/IdleWatcher.tsx';
import { useMe, useSession } from '../auth/SessionProvider.tsx';
import { FlashMessage } from './FlashMessage.tsx';

interface NavItem {
  to: string;
  label: MessageKey;
  permission: Permission;
  /** Not shown to those who have this permission (they get another link to the same section). */
  unless?: Permission;
  end?: boolean;
}

const NAV: readonly NavItem[] = [
  { to: '/worklist', label: 'nav.worklist', permission: 'participants:read' },
  { to: '/participants', label: 'nav.caseload', permission: 'participants:read' },
  { to: '/resources', label: 'resources.nav', permission: 'participants:read' },
  { to: '/naloxone', label: 'naloxone.nav', permission: 'naloxone:distribute' },
  { to: '/supervision', label: 'supervision.nav', permission: 'supervision:read' },
  // Evaluators see supervision only as the de-identified analysis.
  { to: '/supervision/analysis', label: 'supervision.nav', permission: 'supervision:analyze', unless: 'supervision:read' },
  { to: '/reports', label: 'reports.nav', permission: 'reports:read' },
  { to: '/exports/analysis', label: 'exports.nav', permission: 'exports:analysis' },
  { to: '/admin/studies', label: 'studies.nav', permission: 'studies:manage' },
  { to: '/admin/sites', label: 'nav.sites', permission: 'sites:read' },
  { to: '/admin/users', label: 'nav.users', permission: 'users:read' },
  { to: '/admin/emergency-access', label: 'emergencyAccess.review.nav', permission: 'audit:read' },
];

/** Header (product, navigation, who is signed in), skip link and the main landmark. */
export function AppShell() {
  const t = useT();
  const me = useMe();
  const { can, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  const locked = me.user.mustChangePassword || me.session === 'mfa_enrollment';

  // A new page: close the menu and move focus to the top of the content, as a page load would.
  useEffect(() => {
    setMenuOpen(false);
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus({ preventScroll: false });
    window.scrollTo?.(0, 0);
  }, [location.pathname]);

  const onSignOut = async () => {
    await signOut('signedOut');
    void navigate('/sign-in', { replace: true });
  };

  const items = locked ? [] : NAV.filter((item) => can(item.permission) && !(item.unless && can(item.unless)));

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="site-header">
        <div className="site-header-bar">
          <NavLink to="/" className="brand" aria-label={t('shell.homeLink')}>
            {t('app.name')}
          </NavLink>
          <button
            type="button"
            className="btn menu-button"
            aria-expanded={menuOpen}
            aria-controls="site-menu"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span className="menu-icon" aria-hidden="true" />
            {t('shell.menu')}
          </button>
        </div>
        <div id="site-menu" className={menuOpen ? 'site-menu site-menu--open' : 'site-menu'}>
          {items.length ? (
            <nav aria-label={t('shell.mainNav')}>
              <ul className="nav-list">
                {items.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} className="nav-link" end={item.end}>
                      {t(item.label)}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <div className="user-box">
            <p className="user-name">
              <span className="visually-hidden">{t('shell.signedInAs')} </span>
              {me.user.name}
              <span className="user-role">{t(`role.${me.user.role}`)}</span>
            </p>
            {!locked ? (
              <NavLink to="/password" className="nav-link nav-link--small">
                {t('shell.changePassword')}
              </NavLink>
            ) : null}
            {!locked ? (
              <NavLink to="/account/security" className="nav-link nav-link--small">
                {t('mfa.security.nav')}
              </NavLink>
            ) : null}
            <button type="button" className="btn btn-secondary btn-small" onClick={() => void onSignOut()}>
              {t('shell.signOut')}
            </button>
          </div>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="main">
        <FlashMessage />
        <Outlet />
      </main>
      <IdleWatcher timeoutSeconds={me.idleTimeoutSeconds} />
    </div>
  );
}
