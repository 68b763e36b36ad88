import * as Plot from '@observablehq/plot';
import { useCallback } from 'react';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { NumbersTable } from './NumbersTable.tsx';
import { formatNumber, isSuppressed, plottable, type Figure } from './figures.ts';
import { GRID, INK, seriesColour } from './palette.ts';
import { PlotFigure } from './PlotFigure.tsx';

export interface FunnelStageDatum {
  label: string;
  count: Figure;
}

/** Share of the previous stage that reached this one (null for the first stage or when either count is unknown). */
export function shareOfPrevious(stages: readonly FunnelStageDatum[], i: number): number | null {
  if (i === 0) return null;
  const here = plottable(stages[i]?.count);
  const before = plottable(stages[i - 1]?.count);
  if (here === null || before === null || before === 0) return null;
  return here / before;
}

/**
 * The referral funnel: one horizontal bar per stage, in order, each labelled
 * with its count and the share of the previous stage that reached it.
 */
export function FunnelChart({ title, stages, stageHeader }: { title: string; stages: readonly FunnelStageDatum[]; stageHeader: string }) {
  const { t, locale } = useI18n();
  const build = useCallback(
    (w: number) => {
      const rows = stages.map((s, i) => {
        const n = plottable(s.count);
        const share = shareOfPrevious(stages, i);
        const countText = isSuppressed(s.count) ? t('reports.suppressed') : n === null ? '—' : formatNumber(n, 'count', locale);
        const text = share === null ? countText : t('reports.funnel.barLabel', { count: countText, share: formatNumber(share, 'share', locale) });
        return { stage: s.label, n: n ?? 0, text };
      });
      const max = Math.max(1, ...rows.map((r) => r.n));
      const narrow = w < 480;
      return {
        height: 40 + rows.length * (narrow ? 52 : 40),
        marginLeft: narrow ? 8 : 130,
        marginRight: 8,
        marginTop: narrow ? 18 : 8,
        x: { axis: null, domain: [0, max * (narrow ? 1 : 1.45)] },
        y: { domain: rows.map((r) => r.stage), axis: narrow ? null : ('left' as const), label: null, tickSize: 0 },
        marks: [
          Plot.barX(rows, { x: 'n', y: 'stage', fill: seriesColour(0), insetTop: narrow ? 18 : 4, insetBottom: 4 }),
          narrow
            ? Plot.text(rows, { x: 0, y: 'stage', text: (d: (typeof rows)[number]) => `${d.stage}: ${d.text}`, textAnchor: 'start', dy: -14, fill: INK, fontWeight: 600 })
            : Plot.text(rows, { x: 'n', y: 'stage', text: 'text', textAnchor: 'start', dx: 6, fill: INK }),
          Plot.ruleX([0], { stroke: GRID }),
        ],
      } satisfies Plot.PlotOptions;
    },
    [stages, t, locale],
  );
  return (
    <figure className="chart funnel-chart">
      <figcaption className="chart-title">{title}</figcaption>
      <PlotFigure label={t('reports.funnel.chartLabel', { title })} build={build} testId="funnel-chart" />
      <p className="muted small">{t('reports.funnel.shareNote')}</p>
      <NumbersTable
        caption={title}
        rowHeader={stageHeader}
        columns={[t('reports.funnel.referrals'), t('reports.funnel.shareOfPrevious')]}
        rows={stages.map((s, i) => ({ label: s.label, cells: [s.count, shareOfPrevious(stages, i)] }))}
        format={['count', 'share']}
        testId="funnel-table"
      />
    </figure>
  );
}
