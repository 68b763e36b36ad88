/**
 * The languages Tandem has messages in. A language's `es.ts`-style file exports a
 * `Partial<Catalogue>` (missing keys fall back to English) and is added below; no
 * component changes. Documents printed for a participant (the recovery plan) use
 * any catalogue here; the interface itself switches to a language only once it is
 * listed in INTERFACE_LOCALES, i.e. fully translated — a half-English page marked
 * lang="es" would mislead screen readers.
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

/** Spanish covers the printed plan so far, not yet the whole interface. */
export const INTERFACE_LOCALES: readonly string[] = ['en'];

/** The first of the browser's preferred languages the interface speaks. */
export function pickLocale(preferred: readonly string[], available: readonly string[] = INTERFACE_LOCALES): string {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (available.includes(lower)) return lower;
    const base = lower.split('-')[0];
    if (base && available.includes(base)) return base;
  }
  return DEFAULT_LOCALE;
}
