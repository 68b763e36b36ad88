/** Names of the values the reports break down by, from the messages of the features that own them. */
import type { BreakdownDimension } from '../../../core/reports.ts';
import type { I18n } from '../../i18n/I18nProvider.tsx';
import { isSuppressed, type Figure } from './charts/figures.ts';

type Tr = Pick<I18n, 't' | 'tMaybe'>;

const PREFIX: Partial<Record<BreakdownDimension, string>> = {
  race: 'race.',
  ethnicity: 'ethnicity.',
  gender: 'gender.',
  age_group: 'reports.age.',
};

/** A breakdown group's name: a race, gender… in words; a site or study arm by the name the server sent. */
export function groupLabel({ tMaybe }: Tr, dimension: BreakdownDimension, value: string, label: string): string {
  if (value === 'unknown') return tMaybe('reports.group.unknown') ?? label;
  if (value === 'two_or_more_races') return tMaybe('reports.group.two_or_more_races') ?? label;
  const prefix = PREFIX[dimension];
  return (prefix ? tMaybe(`${prefix}${value}`) : undefined) ?? label;
}

/** A value from an enum in words, through the owning feature's messages (the raw value if none). */
export function enumLabel({ tMaybe }: Tr, prefix: string, value: string): string {
  return tMaybe(`${prefix}${value}`) ?? value;
}

/**
 * A field of an answer object as a Figure: `{ suppressed: true }` when the server
 * hid it (its name in the object's `suppressed` list), else its value.
 */
export function field<T extends { suppressed: readonly string[] }>(obj: T | undefined, key: keyof T & string): Figure {
  if (!obj) return null;
  if (obj.suppressed.includes(key)) return { suppressed: true };
  const v = obj[key];
  return typeof v === 'number' || typeof v === 'string' ? v : null;
}

/** A rate as a Figure (0–1), suppressed when any of its parts was. */
export function rateFigure(rate: { rate: number | null; suppressed: readonly string[] } | undefined): Figure {
  if (!rate) return null;
  if (rate.suppressed.length > 0 && rate.rate === null) return { suppressed: true };
  return rate.rate;
}

export function anySuppressed(values: readonly Figure[]): boolean {
  return values.some(isSuppressed);
}
