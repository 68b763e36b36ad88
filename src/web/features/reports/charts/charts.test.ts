import { describe, expect, it } from 'vitest';
import { shareOfPrevious } from './FunnelChart.tsx';
import { formatNumber, isSuppressed, plottable } from './figures.ts';
import { kmLayout, spreadLabels } from './KaplanMeierChart.tsx';
import { seriesColour, seriesDash } from './palette.ts';

describe('chart arithmetic', () => {
  it('moves line labels apart, keeping their order and the plot’s bounds', () => {
    expect(spreadLabels([100, 105, 200], 15, 0, 300)).toEqual([100, 115, 200]);
    expect(spreadLabels([290, 295, 10], 15, 0, 300)).toEqual([285, 300, 10]);
  });

  it('puts the number-at-risk columns under the ticks: 0 to 180 days in seven equal columns after the names', () => {
    const { labelWidth, step, marginLeft, marginRight } = kmLayout(700);
    expect(labelWidth + 7 * step).toBeCloseTo(700);
    expect(marginLeft).toBeCloseTo(labelWidth + step / 2);
    expect(marginRight).toBeCloseTo(step / 2);
  });

  it('gives each of many lines its own colour and dash', () => {
    const styles = new Set(Array.from({ length: 12 }, (_, i) => `${seriesColour(i)}|${seriesDash(i)}`));
    expect(styles.size).toBe(12);
  });

  it('never draws a hidden count as zero, and shares each funnel stage of the one before', () => {
    expect(plottable({ suppressed: true })).toBeNull();
    expect(isSuppressed({ suppressed: true })).toBe(true);
    expect(isSuppressed(0)).toBe(false);
    const stages = [
      { label: 'Sent', count: 80 },
      { label: 'Accepted', count: 60 },
      { label: 'Attended', count: { suppressed: true as const } },
      { label: 'Engaged', count: 5 },
    ];
    expect(shareOfPrevious(stages, 0)).toBeNull();
    expect(shareOfPrevious(stages, 1)).toBe(0.75);
    expect(shareOfPrevious(stages, 2)).toBeNull();
    expect(shareOfPrevious(stages, 3)).toBeNull();
    expect(formatNumber(0.755, 'share', 'en')).toBe('76%');
  });
});
