import { forwardRef } from 'react';
import { Link } from 'react-router';
import { displayName } from '../../../core/names.ts';
import type { ParticipantSummary } from '../../../core/schemas.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate } from '../../i18n/format.ts';

/** "Possible duplicates": people already recorded with a similar name and the same date of birth. */
export const DuplicatePanel = forwardRef<HTMLHeadingElement, { candidates: readonly ParticipantSummary[]; onConfirm: () => void; onCancel: () => void; busy: boolean }>(
  function DuplicatePanel({ candidates, onConfirm, onCancel, busy }, headingRef) {
    const { t, locale } = useI18n();
    return (
      <section className="notice notice--warning duplicate-panel" aria-labelledby="duplicates-title">
        <h2 id="duplicates-title" ref={headingRef} tabIndex={-1}>
          {t('duplicates.title')}
        </h2>
        <p>{t('duplicates.body', { count: candidates.length })}</p>
        <ul className="duplicate-list">
          {candidates.map((c) => (
            <li key={c.id}>
              <span>
                <strong>{displayName(c)}</strong> · {t('duplicates.born', { date: formatDate(c.dateOfBirth, locale) })} · {c.siteName}
              </span>
              <Link to={`/participants/${c.id}`} aria-label={t('duplicates.openNamed', { name: displayName(c) })}>
                {t('duplicates.open')}
              </Link>
            </li>
          ))}
        </ul>
        <div className="button-row">
          <button type="button" className="btn btn-primary" onClick={onConfirm} disabled={busy}>
            {t('duplicates.confirm')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            {t('duplicates.cancel')}
          </button>
        </div>
      </section>
    );
  },
);
