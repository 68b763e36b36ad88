/**
 * The period, sites and comparison of an outcome page, as they live in the URL
 * (so a view can be shared and the back button works): `?period=last_quarter`
 * for a preset (read against today, so a shared "last quarter" stays last
 * quarter), `?period=custom&from=…&to=…` for chosen dates, `siteId` repeated for
 * sites (none = all of one's sites) and `compare`.
 */
import type { CompareKind } from '../../../core/reports.ts';

export const PERIOD_PRESETS = ['this_month', 'last_month', 'this_quarter', 'last_quarter', 'this_year', 'last_year'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];
export type PeriodChoice = PeriodPreset | 'custom';

export const DEFAULT_PERIOD: PeriodPreset = 'this_quarter';
export const DEFAULT_COMPARE: CompareKind = 'previous_period';

export interface ReportFilters {
  period: PeriodChoice;
  /** Used when period is 'custom'. */
  from: string;
  to: string;
  siteIds: string[];
  compare: CompareKind | 'none';
}

export interface ResolvedQuery {
  from: string;
  to: string;
  siteIds: string[];
  compare: CompareKind | undefined;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => {
  // m is 1-based and may over- or underflow: let Date carry it.
  const date = new Date(Date.UTC(y, m - 1, d));
  return `${String(date.getUTCFullYear())}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
};
const lastDayOf = (y: number, m: number) => iso(y, m + 1, 0);

/**
 * The first and last day of a preset period around `today` (YYYY-MM-DD).
 * "This …" periods end today: the rest has not happened yet.
 */
export function presetRange(preset: PeriodPreset, today: string): { from: string; to: string } {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const q = Math.floor((m - 1) / 3); // 0..3
  switch (preset) {
    case 'this_month':
      return { from: iso(y, m, 1), to: today };
    case 'last_month':
      return { from: iso(y, m - 1, 1), to: lastDayOf(y, m - 1) };
    case 'this_quarter':
      return { from: iso(y, q * 3 + 1, 1), to: today };
    case 'last_quarter':
      return { from: iso(y, q * 3 - 2, 1), to: lastDayOf(y, q * 3 - 2 + 2) };
    case 'this_year':
      return { from: iso(y, 1, 1), to: today };
    case 'last_year':
      return { from: iso(y - 1, 1, 1), to: iso(y - 1, 12, 31) };
  }
}

function isPreset(v: string | null): v is PeriodPreset {
  return v !== null && (PERIOD_PRESETS as readonly string[]).includes(v);
}

/** Reads the filters from the URL; anything missing or unreadable takes its default. */
export function readFilters(params: URLSearchParams): ReportFilters {
  const period = params.get('period');
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const compare = params.get('compare');
  const siteIds = params.getAll('siteId').flatMap((s) => s.split(',')).filter(Boolean);
  return {
    period: period === 'custom' ? 'custom' : isPreset(period) ? period : DEFAULT_PERIOD,
    from: ISO.test(from) ? from : '',
    to: ISO.test(to) ? to : '',
    siteIds: [...new Set(siteIds)],
    compare: compare === 'none' ? 'none' : compare === 'previous_year' ? 'previous_year' : DEFAULT_COMPARE,
  };
}

/** The URL query for filters: defaults are left out so links stay short. */
export function writeFilters(f: ReportFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (f.period !== DEFAULT_PERIOD) params.set('period', f.period);
  if (f.period === 'custom') {
    if (f.from) params.set('from', f.from);
    if (f.to) params.set('to', f.to);
  }
  for (const id of f.siteIds) params.append('siteId', id);
  if (f.compare !== DEFAULT_COMPARE) params.set('compare', f.compare);
  return params;
}

/** The dates to ask the server for, or null while a custom period is incomplete or backwards. */
export function resolveFilters(f: ReportFilters, today: string): ResolvedQuery | null {
  const range = f.period === 'custom' ? { from: f.from, to: f.to } : presetRange(f.period, today);
  if (!ISO.test(range.from) || !ISO.test(range.to) || range.to < range.from) return null;
  return { ...range, siteIds: f.siteIds, compare: f.compare === 'none' ? undefined : f.compare };
}

/** The API query string for a resolved query (sites as one comma-separated `siteId`). */
export function apiQuery(q: ResolvedQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ from: q.from, to: q.to });
  if (q.siteIds.length) params.set('siteId', q.siteIds.join(','));
  if (q.compare) params.set('compare', q.compare);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}
