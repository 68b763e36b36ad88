import * as Plot from '@observablehq/plot';
import { useCallback } from 'react';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { FigureCell } from './FigureCell.tsx';
import { NumbersTable } from './NumbersTable.tsx';
import { type Figure } from './figures.ts';
import { GRID, MUTED, seriesColour, seriesDash } from './palette.ts';
import { useContainerWidth } from './useContainerWidth.ts';
import { PlotFigure } from './PlotFigure.tsx';

export interface KmPoint {
  day: number;
  /** Share still retained, 0–1. */
  survival: number;
  lower?: number | null;
  upper?: number | null;
}

export interface KmGroup {
  label: string;
  /** The step function: survival from each day on (day 0 first). */
  points: readonly KmPoint[];
  /** Number still followed and retained at the start of each marked day. */
  atRisk: readonly { day: number; n: Figure }[];
}

export const AT_RISK_DAYS = [0, 30, 60, 90, 120, 150, 180] as const;
const REFERENCE_DAYS = [30, 90, 180];
const HORIZON = 180;

/**
 * Geometry shared by the curve and the number-at-risk table under it: the
 * table's first column holds the group names, then one column per 30 days
 * centred on the chart's ticks.
 */
export function kmLayout(width: number) {
  const labelWidth = width < 480 ? Math.max(104, Math.round(width * 0.38)) : Math.min(200, Math.round(width * 0.2));
  const step = (width - labelWidth) / AT_RISK_DAYS.length;
  return { labelWidth, step, marginLeft: labelWidth + step / 2, marginRight: step / 2, keys: width < 480 };
}

/** Keys that name the lines when their full names would not fit beside them. */
const KEYS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export function lineKey(i: number): string {
  return KEYS[i % KEYS.length] ?? String(i + 1);
}

/**
 * Moves labels apart so none overlaps the next: `ys` in pixels (any order),
 * at least `gap` apart, kept within [min, max]. Returns the new positions in the same order.
 */
export function spreadLabels(ys: readonly number[], gap: number, min: number, max: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1];
    const cur = order[k];
    if (prev && cur && cur.y - prev.y < gap) cur.y = prev.y + gap;
  }
  const last = order[order.length - 1];
  if (last && last.y > max) {
    last.y = max;
    for (let k = order.length - 2; k >= 0; k--) {
      const next = order[k + 1];
      const cur = order[k];
      if (next && cur && next.y - cur.y < gap) cur.y = next.y - gap;
    }
  }
  const out = new Array<number>(ys.length);
  for (const o of order) out[o.i] = Math.max(min, o.y);
  return out;
}

function at(points: readonly KmPoint[], day: number): KmPoint | undefined {
  let found: KmPoint | undefined;
  for (const p of points) if (p.day <= day) found = p;
  return found;
}

/**
 * Kaplan–Meier curves of continuous retention: one step line per group, each
 * named at its end and dashed differently, an optional confidence band, lines
 * at 30, 90 and 180 days, and the number at risk in a table row directly under
 * the curve.
 */
export function KaplanMeierChart({ title, groups, showBand = true }: { title: string; groups: readonly KmGroup[]; showBand?: boolean }) {
  const { t, locale } = useI18n();
  const { ref, width } = useContainerWidth<HTMLDivElement>();
  const layout = kmLayout(width);

  const build = useCallback(
    (w: number) => {
      const { marginLeft, marginRight } = kmLayout(w);
      const rows = groups.flatMap((g, i) => {
        const pts = [...g.points].filter((p) => p.day <= HORIZON).sort((a, b) => a.day - b.day);
        const last = pts[pts.length - 1];
        const lastAtRisk = [...g.atRisk].reverse().find((a) => typeof a.n === 'number' && a.n > 0);
        // Carry the last step on to the last day anyone was followed, so the curve does not stop short.
        if (last && lastAtRisk && lastAtRisk.day > last.day) pts.push({ ...last, day: Math.min(lastAtRisk.day, HORIZON) });
        return pts.map((p) => ({ ...p, group: g.label, index: i }));
      });
      const ends = groups
        .map((g, i) => {
          const pts = rows.filter((r) => r.index === i);
          return pts[pts.length - 1];
        })
        .filter((p) => p !== undefined);
      const marks: Plot.Markish[] = [
        Plot.ruleY([0], { stroke: MUTED }),
        Plot.ruleX(REFERENCE_DAYS, { stroke: MUTED, strokeDasharray: '3 3', strokeOpacity: 0.8 }),
        Plot.text(REFERENCE_DAYS, { x: (d: number) => d, y: 1, text: (d: number) => t('reports.km.dayMark', { days: d }), dy: -8, fill: MUTED, fontSize: 11 }),
      ];
      const height = w < 480 ? 240 : 300;
      const marginTop = 24;
      const marginBottom = 40;
      const plotH = height - marginTop - marginBottom;
      const useKeys = w < 480 || groups.length > 3;
      // Labels sit just above each line's end, moved apart where they would overlap (pixels from the top of the plot area).
      const labelYs = spreadLabels(
        ends.map((e) => (1 - e.survival) * plotH - 8),
        15,
        -marginTop + 12,
        plotH - 4,
      );
      const labels = ends.map((e, k) => ({ ...e, labelY: 1 - ((labelYs[k] ?? 0) + 0) / plotH, name: useKeys ? lineKey(e.index) : e.group }));
      if (showBand && groups.length === 1) {
        groups.forEach((_, i) => {
          marks.push(
            Plot.areaY(
              rows.filter((r) => r.index === i && r.lower != null && r.upper != null),
              { x: 'day', y1: 'lower', y2: 'upper', curve: 'step-after', fill: seriesColour(i), fillOpacity: 0.12 },
            ),
          );
        });
      }
      groups.forEach((_, i) => {
        marks.push(
          Plot.lineY(
            rows.filter((r) => r.index === i),
            { x: 'day', y: 'survival', curve: 'step-after', stroke: seriesColour(i), strokeWidth: 2.5, strokeDasharray: seriesDash(i) },
          ),
        );
      });
      marks.push(
        Plot.text(labels, {
          x: 'day',
          y: 'labelY',
          text: 'name',
          textAnchor: 'end',
          dx: useKeys ? -2 : 0,
          fill: (d: { index: number }) => seriesColour(d.index),
          stroke: 'white',
          strokeWidth: 4,
          paintOrder: 'stroke',
          fontWeight: 600,
          lineWidth: Math.max(6, Math.floor((w - marginLeft - marginRight) / 8)),
        }),
      );
      return {
        height,
        marginLeft,
        marginRight,
        marginTop,
        marginBottom,
        x: { domain: [0, HORIZON], ticks: [...AT_RISK_DAYS], label: t('reports.km.xLabel'), labelAnchor: 'center' as const, labelOffset: 32 },
        y: { domain: [0, 1], grid: true, tickFormat: (v: number) => new Intl.NumberFormat(locale, { style: 'percent' }).format(v), label: t('reports.km.yLabel') },
        marks: [Plot.gridY({ stroke: GRID, strokeOpacity: 1 }), ...marks],
      } satisfies Plot.PlotOptions;
    },
    [groups, showBand, t, locale],
  );

  const columns = AT_RISK_DAYS.map((d) => t('reports.km.dayColumn', { days: d }));
  return (
    <figure className="chart km-chart">
      <figcaption className="chart-title">{title}</figcaption>
      <div ref={ref}>
        <PlotFigure label={t('reports.km.chartLabel', { title })} build={build} testId="km-chart" />
        <table className="at-risk" style={{ width: `${String(layout.labelWidth + layout.step * AT_RISK_DAYS.length)}px` }} data-testid="at-risk">
          <caption className="at-risk-caption">{t('reports.km.atRisk')}</caption>
          <colgroup>
            <col style={{ width: `${String(layout.labelWidth)}px` }} />
            {AT_RISK_DAYS.map((d) => (
              <col key={d} style={{ width: `${String(layout.step)}px` }} />
            ))}
          </colgroup>
          <thead className="visually-hidden-head">
            <tr>
              <th scope="col">{t('reports.km.group')}</th>
              {columns.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {groups.map((g, i) => (
              <tr key={g.label}>
                <th scope="row" style={{ color: seriesColour(i) }}>
                  {layout.keys || groups.length > 3 ? (
                    <span className="km-key" aria-hidden="true">
                      {lineKey(i)}{' '}
                    </span>
                  ) : null}
                  {g.label}
                </th>
                {AT_RISK_DAYS.map((d) => (
                  <td key={d}>
                    <FigureCell value={g.atRisk.find((a) => a.day === d)?.n ?? null} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <NumbersTable
        caption={t('reports.km.tableCaption', { title })}
        rowHeader={t('reports.km.group')}
        columns={AT_RISK_DAYS.map((d) => t('reports.km.retainedAt', { days: d }))}
        rows={groups.map((g) => ({ label: g.label, cells: AT_RISK_DAYS.map((d) => at(g.points, d)?.survival ?? null) }))}
        format="share"
      />
    </figure>
  );
}
