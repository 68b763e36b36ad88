import type { ReactNode } from 'react';
import { useT } from '../../i18n/I18nProvider.tsx';

/** The frame for pages seen before signing in: product name and one centred card. */
export function PublicLayout({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <div className="public-layout">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="public-header">
        <p className="brand">{t('app.name')}</p>
        <p className="brand-tagline">{t('app.tagline')}</p>
      </header>
      <main id="main" tabIndex={-1} className="public-main">
        <div className="card">{children}</div>
      </main>
    </div>
  );
}
