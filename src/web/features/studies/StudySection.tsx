/**
 * The participant page's "Study": the studies this participant is in (arm, who
 * randomized and when) and, for staff who may randomize, a button per active
 * study with a confirmation step — the arm is drawn then and can never be undone.
 */
import { useRef, useState } from 'react';
import type { ParticipantStudies } from '../../../core/studies.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { ActionSection, useSectionActions } from '../../ui/ActionSection.tsx';
import { useFocusWhen } from '../../ui/hooks.ts';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import type { ParticipantSectionProps } from '../participants/sections.tsx';
import { studiesApi } from './studiesApi.ts';
import './studies.css';

export function StudySection({ participant }: ParticipantSectionProps) {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const list = useAsync((signal) => studiesApi.ofParticipant(participant.id, signal), [participant.id]);
  const { action, flash, headingRef, open, close, done } = useSectionActions<string>(list.reload);
  const data: ParticipantStudies | null = list.data ?? null;
  const mayRandomize = can('studies:randomize') && can('participants:write');
  return (
    <ActionSection headingId="study-title" title={t('studies.section')} className="studies-section" headingRef={headingRef} flash={flash} list={list}>
      {data && data.items.length === 0 && (!mayRandomize || data.available.length === 0) ? <p className="muted">{t('studies.section.none')}</p> : null}
      {data?.items.map((a) => (
        <div key={a.id} className="card studies-assignment">
          <p className="card-title">{a.studyName}</p>
          <p>
            <strong>{t('studies.section.arm', { arm: a.arm.label })}</strong>
          </p>
          <p className="muted small">{t('studies.section.by', { name: a.assignedBy?.name ?? '—', when: formatDateTime(a.assignedAt, locale) })}</p>
        </div>
      ))}
      {mayRandomize && data && data.available.length > 0 && !data.hasOpenEnrollment ? (
        <>
          <p className="muted">{t('studies.section.needsEnrollment')}</p>
          {/* Enrolling happens in another section of this page: look again once it is done. */}
          <div className="button-row">
            <button type="button" className="btn btn-secondary" onClick={list.reload}>
              {t('studies.section.checkAgain')}
            </button>
          </div>
        </>
      ) : null}
      {mayRandomize && data?.hasOpenEnrollment
        ? data.available.map((s) =>
            action === s.id ? (
              <Confirm key={s.id} studyId={s.id} studyName={s.name} participantId={participant.id} onDone={done} onCancel={close} />
            ) : (
              <div key={s.id} className="button-row">
                <button type="button" className="btn btn-primary" disabled={action !== null} onClick={() => open(s.id)}>
                  {t('studies.section.randomize', { name: s.name })}
                </button>
              </div>
            ),
          )
        : null}
    </ActionSection>
  );
}

function Confirm({ studyId, studyName, participantId, onDone, onCancel }: { studyId: string; studyName: string; participantId: string; onDone: (m: string) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusWhen(headingRef, true);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      const a = await studiesApi.randomize(studyId, participantId);
      onDone(t('studies.randomized', { arm: a.arm.label }));
    } catch (err) {
      if (isApiError(err) && err.code === 'already_assigned') onDone(t('studies.alreadyAssigned'));
      else setError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="notice notice--warning studies-confirm" role="group" aria-labelledby={`confirm-${studyId}`}>
      <h3 id={`confirm-${studyId}`} tabIndex={-1} ref={headingRef}>
        {t('studies.confirm.title', { name: studyName })}
      </h3>
      <p>{t('studies.confirm.body')}</p>
      {error ? (
        <Notice tone="error" live="assertive">
          <p>{error}</p>
        </Notice>
      ) : null}
      <div className="button-row">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void go()}>
          {busy ? t('ui.saving') : t('studies.confirm.yes')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {t('ui.cancel')}
        </button>
      </div>
    </div>
  );
}
