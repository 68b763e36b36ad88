import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { DEFAULT_LOCALE, catalogues, pickLocale, type MessageKey } from './catalogues.ts';
import { en } from './en.ts';
import { translate, type Params } from './translate.ts';

export type TFunction = (key: MessageKey, params?: Params) => string;

export interface I18n {
  locale: string;
  t: TFunction;
  /** For keys built from data (e.g. an audit action): undefined when the catalogue has no such key. */
  tMaybe: (key: string, params?: Params) => string | undefined;
}

function makeI18n(locale: string): I18n {
  const chain = locale === DEFAULT_LOCALE ? [en] : [catalogues[locale] ?? {}, en];
  const t: TFunction = (key, params) => translate(chain, locale, key, params);
  const tMaybe = (key: string, params?: Params) => {
    const text = translate(chain, locale, key, params);
    return text === key ? undefined : text;
  };
  return { locale, t, tMaybe };
}

const I18nContext = createContext<I18n>(makeI18n(DEFAULT_LOCALE));

export function I18nProvider({ locale, children }: { locale?: string; children: ReactNode }) {
  const chosen = locale ?? pickLocale(typeof navigator === 'undefined' ? [] : navigator.languages);
  const value = useMemo(() => makeI18n(chosen), [chosen]);
  useEffect(() => {
    document.documentElement.lang = chosen;
  }, [chosen]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

export function useT(): TFunction {
  return useContext(I18nContext).t;
}
