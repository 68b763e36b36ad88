import { forwardRef } from 'react';
import { useT } from '../i18n/I18nProvider.tsx';

export interface SummaryItem {
  /** id of the control to move to; absent for problems not tied to one field. */
  targetId?: string;
  message: string;
}

/** The list of problems at the top of a form, each a link to its field. */
export const ErrorSummary = forwardRef<HTMLDivElement, { items: readonly SummaryItem[]; title?: string }>(function ErrorSummary(
  { items, title },
  ref,
) {
  const t = useT();
  if (items.length === 0) return null;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} aria-labelledby="error-summary-title">
      <h2 className="error-summary-title" id="error-summary-title">
        {title ?? t('ui.errorSummaryTitle', { count: items.length })}
      </h2>
      <ul>
        {items.map((item, i) => (
          <li key={`${item.targetId ?? ''}-${i}`}>
            {item.targetId ? (
              <a
                href={`#${item.targetId}`}
                onClick={(e) => {
                  e.preventDefault();
                  const el = item.targetId ? document.getElementById(item.targetId) : null;
                  el?.focus();
                  el?.scrollIntoView?.({ block: 'center' });
                }}
              >
                {item.message}
              </a>
            ) : (
              item.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
});
