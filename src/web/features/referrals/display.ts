import type { ReferralStatus } from '../../../core/referrals.ts';

/** The badge a status wears: done is green, trouble is amber, the rest plain. */
export function statusTone(status: ReferralStatus): string {
  switch (status) {
    case 'completed':
    case 'attended':
      return 'badge badge--ok';
    case 'declined':
    case 'no_show':
    case 'closed':
      return 'badge badge--warn';
    case 'draft':
    case 'sent':
    case 'accepted':
    case 'appointment_scheduled':
      return 'badge';
  }
}
