import { Link } from 'react-router';
import type { ReferralSummary } from '../../../core/referrals.ts';
import { describeError } from '../../api/describeError.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import type { ParticipantSectionProps } from '../participants/sections.tsx';
import { statusTone } from './display.ts';
import { referralsApi } from './referralsApi.ts';
import '../consents/consents.css';

/** The participant page's referrals: newest first, each with its status and appointment; "New referral". */
export function ReferralsSection({ participant }: ParticipantSectionProps) {
  const { t } = useI18n();
  const { can } = useSession();
  const list = useAsync((signal) => referralsApi.list(participant.id, signal), [participant.id]);

  return (
    <section aria-labelledby="referrals-title" className="panel referrals-section" id="referrals">
      <h2 id="referrals-title">{t('referrals.title')}</h2>
      {list.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {list.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(list.error, t)}</p>
        </Notice>
      ) : null}
      {list.status === 'ok' && list.data.items.length === 0 ? <p className="muted">{t('referrals.none')}</p> : null}
      {can('participants:write') ? (
        <div className="button-row">
          <Link className="btn btn-primary" to={`/participants/${participant.id}/referrals/new`}>
            {t('referrals.new')}
          </Link>
        </div>
      ) : null}
      {list.status === 'ok' && list.data.items.length > 0 ? (
        <ul className="card-list">
          {list.data.items.map((r) => (
            <ReferralCard key={r.id} referral={r} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function ReferralCard({ referral: r }: { referral: ReferralSummary }) {
  const { t, locale } = useI18n();
  return (
    <li className="card referral-card" data-testid="referral-card">
      <div className="card-head">
        <Link className="card-title" to={`/referrals/${r.id}`} aria-label={t('referrals.open', { name: r.resource.name })}>
          {r.resource.name}
        </Link>
        <span className={statusTone(r.status)}>{t(`referrals.status.${r.status}`)}</span>
      </div>
      <p className="muted small">
        {t(`referrals.need.${r.need}`)} · {t(`referrals.urgency.${r.urgency}`)}
        {r.appointment && (r.status === 'appointment_scheduled' || r.status === 'attended')
          ? ` · ${t('referrals.appointment')}: ${formatDate(r.appointment.on, locale)}${r.appointment.time ? ` ${r.appointment.time}` : ''}`
          : ''}
        {r.outcome ? ` · ${t(`referrals.outcome.${r.outcome}`)}` : ''}
      </p>
    </li>
  );
}
