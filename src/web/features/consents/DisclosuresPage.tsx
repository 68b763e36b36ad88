/**
 * A participant's accounting of disclosures for the last three years, made to be
 * printed and handed to them (see consents.css @media print), carrying the §2.32
 * notice that redisclosure is prohibited. Each row names the consent it was made
 * under (signed when, to whom).
 */
import { Link, useParams } from 'react-router';
import { displayName } from '../../../core/names.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { participantsApi } from '../../api/participants.ts';
import { formatDate, formatDateTime, todayIso } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { usePageTitle } from '../../ui/hooks.ts';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { ParticipantNotFound } from '../participants/ParticipantNotFound.tsx';
import { consentsApi } from './consentsApi.ts';
import './consents.css';

export function DisclosuresPage() {
  const { t, locale } = useI18n();
  const { id = '' } = useParams();
  const participant = useAsync((signal) => participantsApi.get(id, signal), [id]);
  const list = useAsync((signal) => consentsApi.disclosures(id, signal), [id]);
  const name = participant.status === 'ok' ? displayName(participant.data) : '';
  usePageTitle(t('consents.disclosuresFor', { name }), t('app.name'));

  if (isApiError(participant.error) && participant.error.isNotFound) return <ParticipantNotFound />;
  const failed = participant.error ?? list.error;
  return (
    <div className="disclosures-print">
      <div className="disclosures-actions button-row">
        <button type="button" className="btn btn-primary" onClick={() => window.print()}>
          {t('consents.print')}
        </button>
        <Link to={`/participants/${id}#consents`} className="btn btn-secondary">
          {t('consents.back', { name })}
        </Link>
      </div>
      <h1>{t('consents.disclosuresFor', { name })}</h1>
      {failed ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(failed, t)}</p>
        </Notice>
      ) : participant.status === 'ok' && list.status === 'ok' ? (
        <>
          <p>
            {t('consents.disclosuresPeriod', { from: formatDate(list.data.from, locale), to: formatDate(list.data.to, locale) })}.{' '}
            {t('consents.printedOn', { date: formatDate(todayIso(), locale) })}
          </p>
          {list.data.items.length === 0 ? (
            <p>{t('consents.disclosuresNone')}</p>
          ) : (
            <TableWrap label={t('consents.disclosures')}>
              <table className="table disclosures-table">
                <thead>
                  <tr>
                    <th scope="col">{t('consents.disclosedAt')}</th>
                    <th scope="col">{t('consents.disclosedTo')}</th>
                    <th scope="col">{t('consents.disclosedWhat')}</th>
                    <th scope="col">{t('consents.disclosedWhy')}</th>
                    <th scope="col">{t('consents.disclosedUnder')}</th>
                    <th scope="col">{t('consents.disclosedBy')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((d) => (
                    <tr key={d.id}>
                      <td>{formatDateTime(d.disclosedAt, locale)}</td>
                      <td>
                        {d.recipientName}
                        <br />
                        <span className="muted small">{t(`consents.kind.${d.kind}`)}</span>
                      </td>
                      <td>{d.information.map((i) => t(`consents.info.${i}`)).join(', ')}</td>
                      <td>{t(`consents.purpose.${d.purpose}`)}</td>
                      <td data-testid="disclosure-consent">{t('consents.underConsent', { date: formatDate(d.consent.signedOn, locale), name: d.consent.recipientName })}</td>
                      <td>{d.disclosedBy?.name ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          <section className="redisclosure-notice" aria-labelledby="redisclosure-title">
            <h2 id="redisclosure-title">{t('consents.noticeTitle')}</h2>
            <p data-testid="redisclosure-notice">{list.data.notice}</p>
          </section>
        </>
      ) : (
        <Loading label={t('app.loading')} />
      )}
    </div>
  );
}
