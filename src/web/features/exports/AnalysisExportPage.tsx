/**
 * The analysis export (evaluators and program administrators): choose shifted
 * dates or year-month, see what the zip contains and how it is de-identified,
 * download it. Program administrators also see every export made.
 */
import { useState } from 'react';
import { ANALYSIS_TABLES, type AnalysisDates } from '../../../core/exports.ts';
import { describeError } from '../../api/describeError.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { RadioGroup } from '../../ui/ChoiceGroup.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { Page } from '../shell/Page.tsx';
import { exportsApi } from './exportsApi.ts';
import './exports.css';

export function AnalysisExportPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const [dates, setDates] = useState<AnalysisDates>('shifted');
  return (
    <Page title={t('exports.title')}>
      <p>{t('exports.intro')}</p>
      <section className="panel" aria-labelledby="exports-download">
        <h2 id="exports-download" className="visually-hidden">
          {t('exports.download')}
        </h2>
        <div className="exports-choice">
          <RadioGroup
            name="dates"
            legend={t('exports.dates')}
            value={dates}
            onChange={(v) => setDates(v === 'month' ? 'month' : 'shifted')}
            options={[
              { value: 'shifted', label: t('exports.dates.shifted') },
              { value: 'month', label: t('exports.dates.month') },
            ]}
            hint={dates === 'shifted' ? t('exports.dates.shiftedHint') : t('exports.dates.monthHint')}
          />
        </div>
        <p>
          <a className="btn btn-primary" href={exportsApi.analysisUrl(dates)} download>
            {t('exports.download')}
          </a>
        </p>
        <p className="muted small">{t('exports.downloadHint')}</p>
      </section>
      <section className="panel" aria-labelledby="exports-method">
        <h2 id="exports-method">{t('exports.method')}</h2>
        <ul>
          <li>{t('exports.method.ids')}</li>
          <li>{dates === 'shifted' ? t('exports.dates.shiftedHint') : t('exports.dates.monthHint')}</li>
          <li>{t('exports.method.ages')}</li>
          <li>{t('exports.method.zip')}</li>
          <li>{t('exports.method.text')}</li>
        </ul>
      </section>
      <section className="panel" aria-labelledby="exports-contents">
        <h2 id="exports-contents">{t('exports.contents')}</h2>
        <dl className="exports-tables">
          {ANALYSIS_TABLES.map((table) => (
            <div key={table.table}>
              <dt>{table.table}.csv</dt>
              <dd>{table.meaning}</dd>
              <dd className="muted small">{t('exports.columns', { columns: table.columns.map((c) => c.column).join(', ') })}</dd>
            </div>
          ))}
          <div>
            <dt>data_dictionary.csv, README.txt</dt>
          </div>
        </dl>
      </section>
      {can('audit:read') ? <History /> : null}
    </Page>
  );
}

function History() {
  const { t, locale } = useI18n();
  const list = useAsync((signal) => exportsApi.history(signal), []);
  const items = list.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="exports-history">
      <h2 id="exports-history">{t('exports.history')}</h2>
      {list.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {list.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(list.error, t)}</p>
        </Notice>
      ) : null}
      {list.status === 'ok' && items.length === 0 ? <p className="empty">{t('exports.history.none')}</p> : null}
      {items.length > 0 ? (
        <TableWrap label={t('exports.history')}>
          <table className="table table--stack">
            <caption className="visually-hidden">{t('exports.history')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('exports.history.when')}</th>
                <th scope="col">{t('exports.history.who')}</th>
                <th scope="col">{t('exports.history.dates')}</th>
                <th scope="col">{t('exports.history.status')}</th>
                <th scope="col">{t('exports.history.rows')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <th scope="row" data-label={t('exports.history.when')}>
                    {formatDateTime(e.requestedAt, locale)}
                  </th>
                  <td data-label={t('exports.history.who')}>{e.requestedBy?.name ?? '—'}</td>
                  <td data-label={t('exports.history.dates')}>{t(`exports.dates.${e.dates}`)}</td>
                  <td data-label={t('exports.history.status')}>{t(`exports.status.${e.status}`)}</td>
                  <td data-label={t('exports.history.rows')}>
                    {e.rowCounts ? t('exports.rowsLine', { participants: e.rowCounts.participants ?? 0, contacts: e.rowCounts.contacts ?? 0 }) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </section>
  );
}
