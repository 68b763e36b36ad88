import { Link } from 'react-router';
import type { ProgramReport, ReportTable } from '../../../core/reports.ts';
import { describeError } from '../../api/describeError.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { Page } from '../shell/Page.tsx';
import { FigureCell } from './charts/FigureCell.tsx';
import type { Figure } from './charts/figures.ts';
import { ReportFilters, useReportFilters } from './ReportFilters.tsx';
import { apiQuery, writeFilters } from './reportQuery.ts';
import { reportsApi } from './reportsApi.ts';
import './reports.css';

/**
 * The program report: the period's figures as tables, laid out for reading on
 * screen and for paper (see the print rules in reports.css), with the same
 * figures to download as CSV or as an XLSX workbook (one sheet per table).
 */
export function ProgramReportPage() {
  const { t } = useI18n();
  const filters = useReportFilters();
  const { query } = filters;
  const key = query ? apiQuery(query) : '';
  const report = useAsync((signal) => (query ? reportsApi.program(query, signal) : Promise.resolve(null)), [key]);
  const shared = writeFilters(filters.filters).toString();

  return (
    <Page title={t('reports.program.title')}>
      <div className="no-print">
        <p>
          <Link to={shared ? `/reports?${shared}` : '/reports'}>{t('reports.program.back')}</Link>
        </p>
        <ReportFilters state={filters} />
        {query ? (
          <div className="button-row report-actions">
            <a className="btn btn-secondary" href={reportsApi.programFileUrl(query, 'csv')} download>
              {t('reports.program.downloadCsv')}
            </a>
            <a className="btn btn-secondary" href={reportsApi.programFileUrl(query, 'xlsx')} download>
              {t('reports.program.downloadXlsx')}
            </a>
            <button type="button" className="btn btn-primary" onClick={() => window.print()} disabled={report.status !== 'ok'}>
              {t('reports.program.print')}
            </button>
          </div>
        ) : (
          <p className="muted">{t('reports.filters.incomplete')}</p>
        )}
      </div>
      {query && report.status === 'loading' ? <Loading label={t('reports.loading')} /> : null}
      {report.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(report.error, t)}</p>
        </Notice>
      ) : null}
      {report.status === 'ok' && report.data ? <ReportBody report={report.data} /> : null}
    </Page>
  );
}

function ReportBody({ report }: { report: ProgramReport }) {
  const { t, locale } = useI18n();
  // The first table says what the report covers (period, sites, when it was made): it heads the page.
  const about = report.find((table) => table.id === 'report');
  const tables = report.filter((table) => table !== about);
  return (
    <article className="program-report" aria-label={t('reports.program.heading')}>
      <header className="program-report-header">
        {about ? (
          <dl className="program-report-about" data-testid="report-about" aria-label={about.title}>
            {about.rows.map((row, i) => {
              const [label, ...values] = about.columns.map((c) => row[c.key]);
              return (
                <div key={i}>
                  <dt>{cellText(label)}</dt>
                  <dd>{values.map((v) => readable(v, locale)).join(' ')}</dd>
                </div>
              );
            })}
          </dl>
        ) : null}
      </header>
      {tables.length === 0 ? <p className="muted">{t('reports.empty')}</p> : null}
      {tables.map((table) => (
        <ReportTableView key={table.id} table={table} />
      ))}
    </article>
  );
}

function ReportTableView({ table }: { table: ReportTable }) {
  const [first, ...rest] = table.columns;
  const hidden = new Set(table.suppressed.map((s) => `${String(s.row)}:${s.column}`));
  const cell = (i: number, key: string): Figure => (hidden.has(`${String(i)}:${key}`) ? { suppressed: true } : (table.rows[i]?.[key] ?? null));
  return (
    <section className="program-table" aria-labelledby={`table-${table.id}`}>
      <h2 id={`table-${table.id}`}>{table.title}</h2>
      <TableWrap label={table.title}>
        <table className="table report-table" data-testid={`report-table-${table.id}`}>
          <caption className="visually-hidden">{table.title}</caption>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th scope="col" key={c.key} className={c === first ? undefined : 'num'}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => (
              <tr key={i}>
                {first ? <th scope="row">{cellText(row[first.key])}</th> : null}
                {rest.map((c) => {
                  const v = cell(i, c.key);
                  return (
                    <td key={c.key} className="num">
                      <FigureCell value={v} format={typeof v === 'number' && !Number.isInteger(v) ? 'decimal' : 'count'} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {table.suppressed.length > 0 ? <SuppressedNote /> : null}
    </section>
  );
}

function SuppressedNote() {
  const { t } = useI18n();
  return <p className="muted small">{t('reports.suppressedNote')}</p>;
}

/** A value of the report's header for reading: dates and instants in words. */
function readable(v: string | number | null | undefined, locale: string): string {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return formatDateTime(v, locale);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v, locale);
  return cellText(v);
}

function cellText(v: string | number | null | undefined): string {
  return v === null || v === undefined ? '' : String(v);
}
