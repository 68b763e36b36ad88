import { describe, expect, it } from 'vitest';
import { apiQuery, presetRange, readFilters, resolveFilters, writeFilters } from './reportQuery.ts';
import { describeChange } from './changes.ts';
import { en } from '../../i18n/en.ts';
import { translate } from '../../i18n/translate.ts';
import type { TFunction } from '../../i18n/I18nProvider.tsx';

const t: TFunction = (key, params) => translate([en], 'en', key, params);

describe('period presets', () => {
  it('reads quarters, months and years around a day, "this" periods ending today', () => {
    expect(presetRange('last_quarter', '2026-12-02')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(presetRange('this_quarter', '2026-12-02')).toEqual({ from: '2026-10-01', to: '2026-12-02' });
    expect(presetRange('last_quarter', '2027-02-10')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(presetRange('last_month', '2027-01-15')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(presetRange('last_month', '2028-03-31')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(presetRange('this_month', '2026-12-02')).toEqual({ from: '2026-12-01', to: '2026-12-02' });
    expect(presetRange('this_year', '2026-12-02')).toEqual({ from: '2026-01-01', to: '2026-12-02' });
    expect(presetRange('last_year', '2026-12-02')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });
});

describe('filters in the URL', () => {
  it('round-trips, leaving the defaults out, and ignores what it cannot read', () => {
    const f = readFilters(new URLSearchParams('period=custom&from=2026-01-01&to=2026-03-31&siteId=a&siteId=b&compare=previous_year'));
    expect(f).toEqual({ period: 'custom', from: '2026-01-01', to: '2026-03-31', siteIds: ['a', 'b'], compare: 'previous_year' });
    expect(writeFilters(f).toString()).toBe('period=custom&from=2026-01-01&to=2026-03-31&siteId=a&siteId=b&compare=previous_year');
    expect(writeFilters(readFilters(new URLSearchParams('period=nonsense&from=yesterday'))).toString()).toBe('');
    expect(readFilters(new URLSearchParams('compare=none')).compare).toBe('none');
  });

  it('asks nothing of the server while custom dates are missing or backwards', () => {
    const base = readFilters(new URLSearchParams('period=custom&from=2026-03-01'));
    expect(resolveFilters(base, '2026-12-02')).toBeNull();
    expect(resolveFilters({ ...base, to: '2026-02-01' }, '2026-12-02')).toBeNull();
    const q = resolveFilters({ ...base, to: '2026-03-31', siteIds: ['a', 'b'] }, '2026-12-02');
    expect(q && apiQuery(q)).toBe('from=2026-03-01&to=2026-03-31&siteId=a%2Cb&compare=previous_period');
  });
});

describe('change in words', () => {
  const row = (current: number | null, previous: number | null) => ({ measure: 'active' as const, current, previous, difference: null, percentChange: null });
  it('says counts in percent, rates in points and medians in days; nothing when a side is hidden', () => {
    expect(describeChange(t, row(120, 100), 'count', 'the quarter before', 'en')).toBe('up 20% from the quarter before');
    expect(describeChange(t, row(90, 100), 'count', 'the quarter before', 'en')).toBe('down 10% from the quarter before');
    expect(describeChange(t, row(5, 0), 'count', 'the quarter before', 'en')).toBe('none in the quarter before');
    expect(describeChange(t, row(0.7, 0.65), 'rate', 'the quarter before', 'en')).toBe('up 5 points from the quarter before');
    expect(describeChange(t, row(0.64, 0.65), 'rate', 'x', 'en')).toBe('down 1 point from x');
    expect(describeChange(t, row(6, 8), 'days', 'x', 'en')).toBe('down 2 days from x');
    expect(describeChange(t, row(100, 100), 'count', 'x', 'en')).toBe('no change from x');
    expect(describeChange(t, row(null, 100), 'count', 'x', 'en')).toBeNull();
  });
});
