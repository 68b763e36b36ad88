import type { WorklistReason } from '../../../core/worklist.ts';
import type { TFunction } from '../../i18n/I18nProvider.tsx';
import { formatDate } from '../../i18n/format.ts';

/** One reason as a sentence a coach can act on. */
export function reasonText(r: WorklistReason, t: TFunction, locale: string): string {
  const date = (iso: string) => formatDate(iso, locale);
  switch (r.code) {
    case 'recent_overdose':
      return t('worklist.reason.recent_overdose', { count: r.daysAgo, date: date(r.occurredOn) });
    case 'released_without_moud':
      return t('worklist.reason.released_without_moud', { count: r.daysSinceRelease, date: date(r.releasedOn) });
    case 'release_date_passed':
      return t('worklist.reason.release_date_passed', { count: r.daysPast, date: date(r.expectedOn) });
    case 'release_soon_without_contact':
      return t('worklist.reason.release_soon_without_contact', { count: r.daysUntil, date: date(r.expectedOn) });
    case 'no_recent_contact':
      return r.since === 'contact' && r.lastReachedOn
        ? t('worklist.reason.no_recent_contact.contact', { count: r.days, date: date(r.lastReachedOn) })
        : t('worklist.reason.no_recent_contact.enrollment', { count: r.days });
    case 'follow_up_closing':
      return r.earlierEnrolledOn
        ? `${t('worklist.reason.follow_up_closing', { count: r.daysLeft, date: date(r.closesOn) })} ${t('worklist.reason.earlierEnrollment', { date: date(r.earlierEnrolledOn) })}`
        : t('worklist.reason.follow_up_closing', { count: r.daysLeft, date: date(r.closesOn) });
    case 'plan_steps_overdue':
      return t('worklist.reason.plan_steps_overdue', { count: r.count, date: date(r.oldestDueOn) });
    case 'referral_stalled':
      return t(r.urgency === 'emergency' ? 'worklist.reason.referral_stalled.emergency' : 'worklist.reason.referral_stalled', {
        count: r.daysSinceMovement,
        name: r.resourceName,
        status: t(`referrals.status.${r.status}`),
      });
  }
}

/** How urgent a reason reads on screen: the first three are about staying alive. */
export function reasonTone(r: WorklistReason): 'urgent' | 'attention' {
  return r.code === 'recent_overdose' ||
    r.code === 'released_without_moud' ||
    r.code === 'release_date_passed' ||
    r.code === 'release_soon_without_contact' ||
    (r.code === 'referral_stalled' && r.urgency === 'emergency')
    ? 'urgent'
    : 'attention';
}
