import * as Plot from '@observablehq/plot';
import { useCallback } from 'react';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { NumbersTable } from './NumbersTable.tsx';
import { formatNumber, isSuppressed, plottable, type Figure, type NumberFormat } from './figures.ts';
import { GRID, INK, seriesColour } from './palette.ts';
import { PlotFigure } from './PlotFigure.tsx';

export interface BarSeries {
  /** The series' name (e.g. "This quarter", "Last quarter"). */
  label: string;
  values: readonly Figure[];
}

/**
 * Horizontal bars, one per category, grouped by series when there are several
 * (this period beside the comparison period). Every bar carries its number; a
 * grouped bar also carries its series' name, so colour is never the only key.
 */
export function BarChart({
  title,
  categories,
  series,
  categoryHeader,
  format = 'count',
  testId,
}: {
  title: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  categoryHeader: string;
  format?: NumberFormat;
  testId?: string;
}) {
  const { t, locale } = useI18n();
  const build = useCallback(
    (w: number) => {
      const narrow = w < 480;
      const rows = categories.flatMap((category, ci) =>
        series.map((s, si) => {
          const v = s.values[ci];
          const n = plottable(v);
          const valueText = isSuppressed(v) ? t('reports.suppressed') : n === null ? '—' : formatNumber(n, format, locale);
          return { category, series: s.label, si, n: n ?? 0, text: series.length > 1 ? `${valueText} · ${s.label}` : valueText };
        }),
      );
      const max = Math.max(format === 'share' ? 0.01 : 1, ...rows.map((r) => r.n));
      const barH = series.length > 1 ? 22 : 26;
      return {
        height: 24 + categories.length * (series.length * barH + (narrow ? 26 : 12)),
        marginLeft: narrow ? 8 : 170,
        marginRight: 8,
        marginTop: narrow ? 20 : 4,
        x: { axis: null, domain: [0, max * (narrow ? 1.9 : 1.6)] },
        y: { axis: null, domain: series.map((s) => s.label) },
        fy: { domain: [...categories], axis: narrow ? null : ('left' as const), label: null, tickSize: 0, padding: narrow ? 0.3 : 0.15 },
        marks: [
          Plot.barX(rows, { x: 'n', y: 'series', fy: 'category', fill: (d: (typeof rows)[number]) => seriesColour(d.si), inset: 2 }),
          Plot.text(rows, { x: 'n', y: 'series', fy: 'category', text: 'text', textAnchor: 'start', dx: 6, fill: INK }),
          ...(narrow ? [Plot.text(categories, { fy: (d: string) => d, frameAnchor: 'top-left', text: (d: string) => d, dy: -14, fontWeight: 600, fill: INK })] : []),
          Plot.ruleX([0], { stroke: GRID }),
        ],
      } satisfies Plot.PlotOptions;
    },
    [categories, series, format, t, locale],
  );
  return (
    <figure className="chart bar-chart">
      <figcaption className="chart-title">{title}</figcaption>
      <PlotFigure label={t('reports.bar.chartLabel', { title })} build={build} testId={testId} />
      <NumbersTable
        caption={title}
        rowHeader={categoryHeader}
        columns={series.map((s) => s.label)}
        rows={categories.map((c, ci) => ({ label: c, cells: series.map((s) => s.values[ci] ?? null) }))}
        format={format}
      />
    </figure>
  );
}
