import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { ParticipantDetail } from '../../../core/schemas.ts';
import { describeError } from '../../api/describeError.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useMe, useSession } from '../auth/SessionProvider.tsx';
import { emergencyAccessApi } from './emergencyAccessApi.ts';
import { formatTime } from './time.ts';

/**
 * On a participant's page opened under emergency access: until when, the reason
 * given, and a way to close the record once done. Asks the server only when the
 * participant is at none of the viewer's sites (the only way they can be seeing
 * this page through one).
 */
export function EmergencyAccessBanner({ participant }: { participant: Pick<ParticipantDetail, 'id' | 'siteId'> }) {
  const me = useMe();
  const { can } = useSession();
  const needed = can('participants:emergency_access') && me.user.role !== 'program_admin' && !me.user.siteIds.includes(participant.siteId);
  if (!needed) return null;
  return <Banner participantId={participant.id} />;
}

function Banner({ participantId }: { participantId: string }) {
  const { t, locale } = useI18n();
  const announce = useAnnounce();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mine = useAsync((signal) => emergencyAccessApi.mine(signal), [participantId]);
  const access = mine.data?.items.find((a) => a.participantId === participantId);
  if (!access) return null;
  const time = formatTime(access.expiresAt, locale);

  const end = async () => {
    setBusy(true);
    setError(null);
    try {
      await emergencyAccessApi.end(access.id);
      announce(t('emergencyAccess.ended'));
      void navigate('/participants/emergency-access');
    } catch (err) {
      setError(describeError(err, t));
      setBusy(false);
    }
  };

  return (
    <Notice tone="warning" title={t('emergencyAccess.bannerTitle')} id="emergency-access-banner">
      <p className="ea-banner-text">{t('emergencyAccess.banner', { time, reason: access.reason })}</p>
      <p className="small">{t('emergencyAccess.bannerHint', { time })}</p>
      {error ? <p className="field-error">{error}</p> : null}
      <button type="button" className="btn btn-secondary btn-small" onClick={() => void end()} disabled={busy}>
        {busy ? t('emergencyAccess.ending') : t('emergencyAccess.end')}
      </button>
    </Notice>
  );
}
