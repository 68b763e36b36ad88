/** How a contact reads to a person: labels of the vocabularies, the result, the team. */
import type { ContactSummary } from '../../../core/contacts.ts';
import type { TFunction } from '../../i18n/I18nProvider.tsx';

type Shown = Pick<ContactSummary, 'mode' | 'locationType' | 'reached' | 'attemptOutcome' | 'services' | 'staff' | 'durationMinutes'>;

export const modeText = (c: Pick<Shown, 'mode'>, t: TFunction) => t(`contacts.modes.${c.mode}`);

export const locationText = (c: Pick<Shown, 'locationType'>, t: TFunction) => t(`contacts.locations.${c.locationType}`);

export function resultText(c: Pick<Shown, 'reached' | 'attemptOutcome'>, t: TFunction): string {
  if (c.reached || !c.attemptOutcome) return t('contacts.reachedShort');
  return t('contacts.attemptShort', { outcome: t(`contacts.outcomes.${c.attemptOutcome}`) });
}

export function servicesText(c: Pick<Shown, 'services'>, t: TFunction): string {
  return c.services.length ? c.services.map((s) => t(`contacts.services.${s}`)).join(', ') : t('contacts.noServices');
}

export const staffText = (c: Pick<Shown, 'staff'>) => c.staff.map((s) => s.name).join(', ');

export function howText(c: Shown, t: TFunction): string {
  const parts = [modeText(c, t), locationText(c, t)];
  if (c.durationMinutes !== null) parts.push(t('contacts.durationValue', { count: c.durationMinutes }));
  return parts.join(' · ');
}
