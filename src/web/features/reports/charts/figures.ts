/**
 * A number as the outcome pages show it. A count of fewer than 11 people is
 * suppressed in anything an evaluator sees: it arrives as `{ suppressed: true }`
 * and is shown as "hidden", never as 0 or a blank (a larger count hidden so that a small one cannot be worked out by subtraction arrives the same way).
 */
export interface Suppressed {
  suppressed: true;
}

export type Figure = number | string | null | Suppressed;

export function isSuppressed(value: unknown): value is Suppressed {
  return typeof value === 'object' && value !== null && (value as { suppressed?: unknown }).suppressed === true;
}

/** The number a chart can draw, or null for a suppressed or missing value (drawn as a gap, never as 0). */
export function plottable(value: Figure | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export type NumberFormat = 'count' | 'percent' | 'share' | 'days' | 'decimal';

/** Formats a plain number: counts as integers, shares (0–1) as percentages, days with one decimal. */
export function formatNumber(value: number, format: NumberFormat, locale: string): string {
  switch (format) {
    case 'count':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
    case 'share':
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value);
    case 'percent':
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);
    case 'days':
    case 'decimal':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
  }
}
