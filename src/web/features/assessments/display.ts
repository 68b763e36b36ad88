import { localize, type Localized } from '../../../core/assessments.ts';
import type { TFunction } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/catalogues.ts';
import { assessmentsMessagesEn } from './messages.en.ts';

/** A short name for a life domain found as a need ("Housing"); the domain itself when we have none. */
export function needLabel(domain: string, t: TFunction): string {
  const key = `assessments.need.${domain}`;
  return key in assessmentsMessagesEn ? t(key as MessageKey) : domain.replaceAll('_', ' ');
}

/** An instrument's text in the interface language when it has it, else its first language. */
export function instrumentText(text: Localized, locale: string): string {
  return localize(text, locale, Object.keys(text)[0] ?? 'en');
}
