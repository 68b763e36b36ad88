/** Period-over-period change in words: "up 12% from the previous quarter". */
import type { ChangeRow, CompareKind } from '../../../core/reports.ts';
import type { TFunction } from '../../i18n/I18nProvider.tsx';

export type ChangeKind = 'count' | 'rate' | 'days';

/**
 * What the comparison period is called in "up 12% from …". The server compares
 * with the period of equal length just before (or the same dates a year earlier),
 * which is not always a calendar quarter or month: the words say no more than that,
 * and the page gives the exact dates.
 */
export function comparisonName(t: TFunction, compare: CompareKind): string {
  return compare === 'previous_year' ? t('reports.compare.name.previousYear') : t('reports.compare.name.period');
}

/** The change of one headline measure in words, or null when it cannot be said (a value hidden or missing). */
export function describeChange(t: TFunction, row: ChangeRow | undefined, kind: ChangeKind, than: string, locale: string): string | null {
  if (!row || row.current === null || row.previous === null) return null;
  const diff = row.current - row.previous;
  if (kind === 'rate') {
    const points = Math.round(diff * 100);
    if (points === 0) return t('reports.change.same', { than });
    return t(points > 0 ? 'reports.change.upPoints' : 'reports.change.downPoints', { count: Math.abs(points), than });
  }
  if (kind === 'days') {
    const days = Math.round(diff * 10) / 10;
    if (days === 0) return t('reports.change.same', { than });
    const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(Math.abs(days));
    return t(days > 0 ? 'reports.change.upDays' : 'reports.change.downDays', { count: Math.abs(days), n, than });
  }
  if (diff === 0) return t('reports.change.same', { than });
  if (row.previous === 0) return t('reports.change.fromNone', { than });
  const pct = Math.round((Math.abs(diff) / Math.abs(row.previous)) * 100);
  return t(diff > 0 ? 'reports.change.upPercent' : 'reports.change.downPercent', { pct, than });
}
