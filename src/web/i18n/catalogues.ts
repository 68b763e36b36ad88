/**
 * The languages the interface speaks. To add Spanish: write `es.ts` exporting
 * `es: Partial<Catalogue>` (missing keys fall back to English) and add it below.
 * No component changes.
 */
import { en } from './en.ts';
import { es } from './es.ts';
import type { Message } from './translate.ts';

export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, Message>;

export const DEFAULT_LOCALE = 'en';

export const catalogues: Record<string, Partial<Catalogue>> = {
  en,
  es,
};

/** The first of the browser's preferred languages we have a catalogue for. */
export function pickLocale(preferred: readonly string[], available: readonly string[] = Object.keys(catalogues)): string {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (available.includes(lower)) return lower;
    const base = lower.split('-')[0];
    if (base && available.includes(base)) return base;
  }
  return DEFAULT_LOCALE;
}
