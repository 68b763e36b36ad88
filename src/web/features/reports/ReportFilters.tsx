import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Site } from '../../../core/schemas.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate, todayIso } from '../../i18n/format.ts';
import { CheckboxGroup } from '../../ui/ChoiceGroup.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { useSites } from '../sites/useSites.ts';
import { PERIOD_PRESETS, presetRange, readFilters, resolveFilters, writeFilters, type ReportFilters as Filters } from './reportQuery.ts';

/** The filters of an outcome page, read from and written to the URL. */
export function useReportFilters(today: string = todayIso()) {
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const query = resolveFilters(filters, today);
  const update = (patch: Partial<Filters>, options: { replace?: boolean } = {}) => {
    const next = { ...filters, ...patch };
    // Choosing "custom" starts from the dates shown so far.
    if (patch.period === 'custom' && filters.period !== 'custom') Object.assign(next, presetRange(filters.period, today));
    setParams(writeFilters(next), { replace: options.replace ?? false });
  };
  return { filters, query, update, today };
}

export type ReportFiltersState = ReturnType<typeof useReportFilters>;

/** Period presets or custom dates, the sites (any of one's own; none ticked = all), and the comparison. */
export function ReportFilters({ state, showCompare = true }: { state: ReportFiltersState; showCompare?: boolean }) {
  const { t } = useI18n();
  const { filters, update } = state;
  const sites = useSites();
  // Open from the start when the link chose sites; then as the person leaves it.
  const [sitesOpen, setSitesOpen] = useState(filters.siteIds.length > 0);
  const mySites: Site[] = sites.data ?? [];
  const badRange = filters.period === 'custom' && filters.from !== '' && filters.to !== '' && filters.to < filters.from;
  const chosen = mySites.filter((s) => filters.siteIds.includes(s.id));
  const siteSummary =
    chosen.length === 0 ? t('reports.filters.allSites') : chosen.length === 1 ? (chosen[0]?.name ?? '') : t('reports.filters.sitesChosen', { count: chosen.length });

  return (
    <form className="report-filters" aria-label={t('reports.filters.label')} onSubmit={(e) => e.preventDefault()}>
      <div className="report-filters-row">
        <SelectField
          name="period"
          label={t('reports.filters.period')}
          value={filters.period}
          options={[...PERIOD_PRESETS.map((p) => ({ value: p, label: t(`reports.period.${p}`) })), { value: 'custom', label: t('reports.period.custom') }]}
          onChange={(v) => update({ period: v as Filters['period'] })}
        />
        {filters.period === 'custom' ? (
          <>
            <TextField name="from" type="date" label={t('reports.filters.from')} value={filters.from} onChange={(v) => update({ from: v }, { replace: true })} />
            <TextField
              name="to"
              type="date"
              label={t('reports.filters.to')}
              value={filters.to}
              error={badRange ? t('reports.filters.toBeforeFrom') : undefined}
              onChange={(v) => update({ to: v }, { replace: true })}
            />
          </>
        ) : null}
        {showCompare ? (
          <SelectField
            name="compare"
            label={t('reports.filters.compare')}
            value={filters.compare}
            options={[
              { value: 'previous_period', label: t('reports.compare.previous_period') },
              { value: 'previous_year', label: t('reports.compare.previous_year') },
              { value: 'none', label: t('reports.compare.none') },
            ]}
            onChange={(v) => update({ compare: v as Filters['compare'] })}
          />
        ) : null}
      </div>
      <details className="site-filter" open={sitesOpen} onToggle={(e) => setSitesOpen(e.currentTarget.open)}>
        <summary>
          {t('reports.filters.sites')}: <strong>{siteSummary}</strong>
        </summary>
        {mySites.length > 0 ? (
          <CheckboxGroup
            name="siteId"
            legend={t('reports.filters.sitesLegend')}
            hint={t('reports.filters.sitesHint')}
            options={mySites.map((s) => ({ value: s.id, label: s.name }))}
            values={filters.siteIds}
            onChange={(ids) => update({ siteIds: ids })}
          />
        ) : (
          <p className="muted">{t('reports.filters.noSites')}</p>
        )}
        {filters.siteIds.length > 0 ? (
          <button type="button" className="btn btn-secondary btn-small" onClick={() => update({ siteIds: [] })}>
            {t('reports.filters.clearSites')}
          </button>
        ) : null}
      </details>
    </form>
  );
}

/** "1 Jul 2026 to 30 Sep 2026, all your sites": what a page shows, in one line. */
export function periodSentence(t: ReturnType<typeof useI18n>['t'], locale: string, from: string, to: string, siteNames: readonly string[], allSites: boolean): string {
  const sites = allSites ? t('reports.filters.allSitesLower') : siteNames.join(', ');
  return t('reports.periodSentence', { from: formatDate(from, locale), to: formatDate(to, locale), sites });
}
