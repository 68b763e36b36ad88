import { Link } from 'react-router';
import { displayName } from '../../../core/names.ts';
import type { ParticipantSummary } from '../../../core/schemas.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useMediaQuery } from '../../ui/hooks.ts';
import { custodySummary } from './display.ts';
import { TableWrap } from '../../ui/TableWrap.tsx';

/** A table on wide screens; on a phone, one card per participant. */
export function ParticipantList({ items }: { items: readonly ParticipantSummary[] }) {
  const { t, locale } = useI18n();
  const wide = useMediaQuery('(min-width: 48em)');

  if (!wide) {
    return (
      <ul className="card-list" aria-label={t('caseload.results')}>
        {items.map((p) => (
          <li key={p.id} className="card participant-card">
            <Link to={`/participants/${p.id}`} className="card-title">
              {displayName(p)}
            </Link>
            <dl className="card-details">
              <div>
                <dt>{t('participant.dateOfBirth')}</dt>
                <dd>{formatDate(p.dateOfBirth, locale)}</dd>
              </div>
              <div>
                <dt>{t('participant.site')}</dt>
                <dd>{p.siteName}</dd>
              </div>
              <div>
                <dt>{t('participant.custodyStatus')}</dt>
                <dd>{custodySummary(p, t, locale)}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <TableWrap label={t('caseload.results')}>
      <table className="table">
        <caption className="visually-hidden">{t('caseload.results')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('caseload.name')}</th>
            <th scope="col">{t('participant.dateOfBirth')}</th>
            <th scope="col">{t('participant.site')}</th>
            <th scope="col">{t('participant.custodyStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                <Link to={`/participants/${p.id}`}>{displayName(p)}</Link>
              </th>
              <td>{formatDate(p.dateOfBirth, locale)}</td>
              <td>{p.siteName}</td>
              <td>{custodySummary(p, t, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
