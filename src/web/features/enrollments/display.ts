import type { ScheduleItem } from '../../../core/enrollments.ts';
import { formatDate } from '../../i18n/format.ts';
import type { TFunction } from '../../i18n/I18nProvider.tsx';

/** The badge's look; its words always say the status too, so colour is never the only signal. */
export const STATUS_TONE: Record<ScheduleItem['status'], string> = {
  done: 'badge badge--ok',
  due: 'badge enr-badge--due',
  open: 'badge enr-badge--due',
  closing_soon: 'badge badge--warn',
  missed: 'badge enr-badge--missed',
  not_yet: 'badge',
};

/** "on 2 Mar 2026", "by 9 Mar 2026", "window closes …": the date that matters for this status. */
export function scheduleWhen(item: ScheduleItem, t: TFunction, locale: string): string {
  const date = (d: string | null) => formatDate(d, locale);
  switch (item.status) {
    case 'done':
      return t('enrollments.when.done', { date: date(item.conductedOn) });
    case 'not_yet':
      return item.opensOn ? t('enrollments.when.not_yet', { date: date(item.opensOn) }) : t('enrollments.when.atDischarge');
    case 'due':
    case 'open':
    case 'closing_soon':
    case 'missed':
      return t(`enrollments.when.${item.status}`, { date: date(item.closesOn) });
  }
}
