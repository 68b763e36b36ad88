/** How participant values read on screen, shared by the detail page, the list and the form. */
import { COMMON_LANGUAGES } from '../../../core/enums.ts';
import type { ParticipantCreateInput, ParticipantSummary } from '../../../core/schemas.ts';
import { formatDate, languageName } from '../../i18n/format.ts';
import type { TFunction } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/catalogues.ts';
import type { ParticipantField } from './formValues.ts';

export const FIELD_LABEL: Record<ParticipantField, MessageKey> = {
  siteId: 'participant.site',
  firstName: 'participant.firstName',
  lastName: 'participant.lastName',
  preferredName: 'participant.preferredName',
  dateOfBirth: 'participant.dateOfBirth',
  gender: 'participant.gender',
  race: 'participant.race',
  ethnicity: 'participant.ethnicity',
  preferredLanguage: 'participant.preferredLanguage',
  phone: 'participant.phone',
  email: 'participant.email',
  custodyStatus: 'participant.custodyStatus',
  expectedReleaseDate: 'participant.expectedReleaseDate',
  releaseDate: 'participant.releaseDate',
  referralSource: 'participant.referralSource',
};

export function languageLabel(code: string | null | undefined, t: TFunction, locale: string): string {
  if (!code) return '';
  if ((COMMON_LANGUAGES as readonly string[]).includes(code)) return t(`language.${code as (typeof COMMON_LANGUAGES)[number]}`);
  const name = languageName(code, locale);
  return name === code ? code : `${name} (${code})`;
}

/** "In custody · expected release 3 Mar 2025", "In the community · released 1 Feb 2025". */
export function custodySummary(p: Pick<ParticipantSummary, 'custodyStatus' | 'expectedReleaseDate' | 'releaseDate'>, t: TFunction, locale: string): string {
  const status = t(`custody.${p.custodyStatus}`);
  if (p.custodyStatus === 'in_custody' && p.expectedReleaseDate) {
    return t('participant.custodyExpected', { status, date: formatDate(p.expectedReleaseDate, locale) });
  }
  if (p.custodyStatus === 'community' && p.releaseDate) {
    return t('participant.custodyReleased', { status, date: formatDate(p.releaseDate, locale) });
  }
  return status;
}

/** One field of a participant (API shape) as text; '' when not recorded. */
export function fieldText(
  field: ParticipantField,
  p: Partial<ParticipantCreateInput>,
  t: TFunction,
  locale: string,
  siteName: (id: string) => string,
): string {
  switch (field) {
    case 'siteId':
      return p.siteId ? siteName(p.siteId) : '';
    case 'dateOfBirth':
    case 'expectedReleaseDate':
    case 'releaseDate':
      return formatDate(p[field], locale);
    case 'gender':
      return p.gender ? t(`gender.${p.gender}`) : '';
    case 'race':
      return (p.race ?? []).map((r) => t(`race.${r}`)).join(', ');
    case 'ethnicity':
      return p.ethnicity ? t(`ethnicity.${p.ethnicity}`) : '';
    case 'preferredLanguage':
      return languageLabel(p.preferredLanguage, t, locale);
    case 'custodyStatus':
      return p.custodyStatus ? t(`custody.${p.custodyStatus}`) : '';
    case 'referralSource':
      return p.referralSource ? t(`referralSource.${p.referralSource}`) : '';
    case 'firstName':
    case 'lastName':
    case 'preferredName':
    case 'phone':
    case 'email':
      return p[field] ?? '';
  }
}
