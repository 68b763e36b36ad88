import { forwardRef } from 'react';
import { useT } from '../../i18n/I18nProvider.tsx';

export interface UnsavedChange {
  label: string;
  value: string;
}

/**
 * Someone else saved first (409). Nothing of ours was saved; we show what the
 * person had typed so they can enter it again on the latest version.
 */
export const ConflictPanel = forwardRef<HTMLDivElement, { message: string; changes: readonly UnsavedChange[]; onReload: () => void; reloading: boolean }>(
  function ConflictPanel({ message, changes, onReload, reloading }, ref) {
    const t = useT();
    return (
      <div className="notice notice--error" role="alert" ref={ref} tabIndex={-1}>
        <p className="notice-title">{message}</p>
        {changes.length ? (
          <>
            <p>{t('conflict.yourChanges')}</p>
            <ul>
              {changes.map((c) => (
                <li key={c.label}>
                  {c.label}: {c.value || t('ui.notRecorded')}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <button type="button" className="btn btn-primary" onClick={onReload} disabled={reloading}>
          {reloading ? t('app.loading') : t('conflict.reload')}
        </button>
      </div>
    );
  },
);
