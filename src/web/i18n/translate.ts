/**
 * A deliberately small message formatter: `{name}` placeholders and plural
 * forms chosen with Intl.PluralRules. Messages are plain data, so a new
 * language is one more catalogue file.
 */

export interface PluralMessage {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}
export type Message = string | PluralMessage;
export type Params = Record<string, string | number>;

const PLACEHOLDER = /\{(\w+)\}/g;

export function interpolate(template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

function choosePlural(message: PluralMessage, locale: string, count: number): string {
  if (count === 0 && message.zero !== undefined) return message.zero;
  const category: keyof PluralMessage = new Intl.PluralRules(locale).select(count);
  return message[category] ?? message.other;
}

/**
 * Looks `key` up in the catalogues in order (the user's language, then English).
 * A missing key returns the key itself so a gap is visible, never a crash.
 */
export function translate(
  catalogues: readonly Partial<Record<string, Message>>[],
  locale: string,
  key: string,
  params?: Params,
): string {
  for (const catalogue of catalogues) {
    const message = catalogue[key];
    if (message === undefined) continue;
    if (typeof message === 'string') return interpolate(message, params);
    const count = typeof params?.count === 'number' ? params.count : Number(params?.count ?? 0);
    return interpolate(choosePlural(message, locale, count), params);
  }
  return key;
}
