import type { ReactNode } from 'react';
import { useT } from '../../i18n/I18nProvider.tsx';
import { usePageTitle } from '../../ui/hooks.ts';

/** A page: its <h1>, the browser tab title, and optional actions beside the heading. */
export function Page({ title, actions, children, narrow }: { title: string; actions?: ReactNode; children?: ReactNode; narrow?: boolean }) {
  const t = useT();
  usePageTitle(title, t('app.name'));
  return (
    <div className={narrow ? 'page page--narrow' : 'page'}>
      <div className="page-header">
        <h1>{title}</h1>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
      {children}
    </div>
  );
}
