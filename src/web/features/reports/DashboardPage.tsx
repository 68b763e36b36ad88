import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { Dashboard } from '../../../core/reports.ts';
import { describeError } from '../../api/describeError.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { Page } from '../shell/Page.tsx';
import { comparisonName } from './changes.ts';
import {
  BreakdownSection,
  ContactsSection,
  CriticalEventsSection,
  EnrollmentSection,
  FollowUpSection,
  LinkageSection,
  NaloxoneSection,
  ReferralsSection,
  RetentionSection,
} from './DashboardSections.tsx';
import { Headline } from './Headline.tsx';
import { periodSentence, ReportFilters, useReportFilters } from './ReportFilters.tsx';
import { apiQuery, writeFilters } from './reportQuery.ts';
import { reportsApi } from './reportsApi.ts';
import './reports.css';

/**
 * The outcome dashboard: for the chosen period, sites and comparison, the
 * headline figures with their change in words, then one section per group of
 * measures, each chart with its numbers in a table. Filters live in the URL.
 */
export function DashboardPage() {
  const { t } = useI18n();
  const filters = useReportFilters();
  const { query } = filters;
  const key = query ? apiQuery(query) : '';
  const dashboard = useAsync((signal) => (query ? reportsApi.dashboard(query, signal) : Promise.resolve(null)), [key]);
  // While new figures load, the last ones stay on screen (dimmed) so the page does not jump.
  const [last, setLast] = useState<Dashboard | null>(null);
  useEffect(() => {
    if (dashboard.status === 'ok') setLast(dashboard.data);
  }, [dashboard.status, dashboard.data]);
  const shown = dashboard.status === 'ok' ? dashboard.data : dashboard.status === 'loading' && query ? last : null;
  const stale = dashboard.status === 'loading' && shown !== null;
  const shared = writeFilters(filters.filters).toString();
  const programLink = shared ? `/reports/program?${shared}` : '/reports/program';

  return (
    <Page
      title={t('reports.title')}
      actions={
        <Link to={programLink} className="btn btn-secondary">
          {t('reports.programReportLink')}
        </Link>
      }
    >
      <ReportFilters state={filters} />
      {!query ? <p className="muted">{t('reports.filters.incomplete')}</p> : null}
      {query && dashboard.status === 'loading' ? <Loading label={t('reports.loading')} /> : null}
      {dashboard.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(dashboard.error, t)}</p>
          <p>
            <button type="button" className="btn btn-secondary btn-small" onClick={dashboard.reload}>
              {t('reports.retry')}
            </button>
          </p>
        </Notice>
      ) : null}
      {shown ? <DashboardView data={shown} filters={filters} stale={stale} /> : null}
    </Page>
  );
}

function isEmpty(d: Dashboard): boolean {
  const c = d.current;
  return (
    (c.enrollment.active ?? 0) === 0 &&
    c.enrollment.suppressed.length === 0 &&
    (c.referrals.overall.stages[0]?.referrals ?? 0) === 0 &&
    c.naloxone.kits === 0 &&
    (c.linkage.cohort ?? 0) === 0 &&
    c.linkage.suppressed.length === 0
  );
}

function DashboardView({ data, filters, stale }: { data: Dashboard; filters: ReturnType<typeof useReportFilters>; stale: boolean }) {
  const { t, locale } = useI18n();
  const compare = data.comparison?.kind;
  const than = compare ? comparisonName(t, compare) : null;
  const seriesNames = {
    current: t('reports.series.current'),
    previous: compare ? t(compare === 'previous_year' ? 'reports.series.previousYear' : 'reports.series.previousPeriod') : null,
  };
  const sectionProps = { data, seriesNames };
  return (
    <div className={stale ? 'report results--stale' : 'report'} aria-busy={stale}>
      <p className="report-scope" data-testid="report-scope">
        {periodSentence(t, locale, data.current.period.from, data.current.period.to, data.sites.map((s) => s.name), filters.filters.siteIds.length === 0)}
        {data.comparison ? ` ${t('reports.comparedWithDates', { from: formatDate(data.comparison.figures.period.from, locale), to: formatDate(data.comparison.figures.period.to, locale) })}` : ''}
      </p>
      <p className="muted small">{t('reports.generatedAt', { when: formatDateTime(data.generatedAt, locale) })}</p>
      {data.suppression.applied ? (
        <Notice tone="info">
          <p>{t('reports.suppressionApplied', { max: data.suppression.maxSuppressed + 1 })}</p>
        </Notice>
      ) : null}
      {isEmpty(data) ? (
        <div className="empty">
          <p>{t('reports.empty')}</p>
        </div>
      ) : null}
      <Headline data={data} than={than} />
      <nav className="report-contents" aria-label={t('reports.contents')}>
        <ul>
          {(['enrollment', 'contacts', 'referrals', 'linkage', 'retention', 'naloxone', 'events', 'follow-up', 'breakdowns'] as const).map((id) => (
            <li key={id}>
              <a href={`#${id}`}>{t(`reports.contents.${id}`)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <EnrollmentSection {...sectionProps} />
      <ContactsSection {...sectionProps} />
      <ReferralsSection {...sectionProps} />
      <LinkageSection {...sectionProps} />
      <RetentionSection {...sectionProps} />
      <NaloxoneSection {...sectionProps} />
      <CriticalEventsSection {...sectionProps} />
      <FollowUpSection {...sectionProps} />
      <BreakdownSection {...sectionProps} />
    </div>
  );
}
