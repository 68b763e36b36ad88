import type { ReactNode } from 'react';
import type { Enrollment } from '../../../core/enrollments.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { ActionSection, useSectionActions } from '../../ui/ActionSection.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import type { ParticipantSectionProps } from '../participants/sections.tsx';
import { STATUS_TONE, scheduleWhen } from './display.ts';
import { enrollmentsApi } from './enrollmentsApi.ts';
import { ChangeForm, DischargeForm, EnrollForm, InterviewForm, owedInterviews } from './EnrollmentForms.tsx';
import './enrollments.css';

/** `interview:<id>`: recording an interview still owed on a past (discharged) episode. */
type Action = 'enroll' | 'change' | 'phase' | 'interview' | 'discharge' | `interview:${string}`;

/** The participant page's "Enrollment": the open episode, its phase and interview schedule, past episodes, and the actions. */
export function EnrollmentSection({ participant }: ParticipantSectionProps) {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const list = useAsync((signal) => enrollmentsApi.list(participant.id, signal), [participant.id]);
  const { action, flash, headingRef, open, close, done, reload } = useSectionActions<Action>(list.reload);

  const episodes = list.data?.items ?? [];
  const current = episodes.find((e) => e.dischargedOn === null) ?? null;
  const past = episodes.filter((e) => e !== current);
  const writer = can('participants:write');

  const formProps = { participant, onDone: done, onCancel: close, onReload: reload };

  return (
    <ActionSection headingId="enrollment-title" title={t('enrollments.title')} className="enr-section" headingRef={headingRef} flash={flash} list={list}>
      {list.status === 'ok' && !current ? <p className="muted">{t('enrollments.none')}</p> : null}
      {current ? <CurrentEpisode episode={current} /> : null}
      {current?.phaseByDates ? (
        <Notice tone="warning">
          <p>
            {t('enrollments.phaseByDates', {
              phase: t(`enrollments.phase.${current.phaseByDates.phase}`),
              date: formatDate(current.phaseByDates.since, locale),
              recorded: t(`enrollments.phase.${current.phase}`),
            })}
          </p>
          {writer && list.status === 'ok' && action === null ? (
            <button type="button" className="btn btn-secondary" onClick={() => open('phase')}>
              {t('enrollments.phaseByDatesAction', { phase: t(`enrollments.phase.${current.phaseByDates.phase}`) })}
            </button>
          ) : null}
        </Notice>
      ) : null}

      {writer && list.status === 'ok' && action === null ? (
        <div className="button-row enr-actions">
          {current ? (
            <>
              <button type="button" className="btn btn-primary" onClick={() => open('interview')}>
                {t('enrollments.recordInterview')}
              </button>
              <button type="button" className="btn btn-secondary" onClick={() => open('change')}>
                {t('enrollments.change')}
              </button>
              <button type="button" className="btn btn-secondary" onClick={() => open('discharge')}>
                {t('enrollments.discharge')}
              </button>
            </>
          ) : (
            <button type="button" className="btn btn-primary" onClick={() => open('enroll')}>
              {past.length ? t('enrollments.enrollAgain') : t('enrollments.enroll')}
            </button>
          )}
        </div>
      ) : null}
      {action === 'enroll' ? <EnrollForm {...formProps} /> : null}
      {action === 'change' && current ? <ChangeForm {...formProps} episode={current} /> : null}
      {action === 'phase' && current ? <ChangeForm {...formProps} episode={current} suggested={current.phaseByDates ?? undefined} /> : null}
      {action === 'interview' && current ? <InterviewForm {...formProps} episode={current} /> : null}
      {action === 'discharge' && current ? <DischargeForm {...formProps} episode={current} /> : null}

      {past.length ? (
        <>
          <h3>{t('enrollments.past')}</h3>
          <ol className="card-list">
            {past.map((e) => (
              <PastEpisode key={e.id} episode={e}>
                {action === `interview:${e.id}` ? (
                  <InterviewForm {...formProps} episode={e} />
                ) : writer && list.status === 'ok' && action === null && owedInterviews(e).length > 0 ? (
                  <div className="button-row enr-actions">
                    <button type="button" className="btn btn-secondary" onClick={() => open(`interview:${e.id}`)}
                      aria-label={t('enrollments.recordInterviewFor', { period: periodOf(e, t, locale) })}>
                      {t('enrollments.recordInterview')}
                    </button>
                  </div>
                ) : null}
              </PastEpisode>
            ))}
          </ol>
        </>
      ) : null}
      {episodes.length ? <p className="muted small">{t('enrollments.siteHistoryNote')}</p> : null}
    </ActionSection>
  );
}

function CurrentEpisode({ episode: e }: { episode: Enrollment }) {
  const { t, locale } = useI18n();
  const rows: [string, string][] = [
    [t('enrollments.site'), e.siteName],
    [t('enrollments.enrolledOn'), formatDate(e.enrolledOn, locale)],
    [t('enrollments.referralSource'), t(`referralSource.${e.referralSource}`)],
    [t('enrollments.coach'), e.coach?.name ?? t('enrollments.unassigned')],
    [t('enrollments.caseManager'), e.caseManager?.name ?? t('enrollments.unassigned')],
    [t('enrollments.phase'), t('enrollments.phaseSince', { phase: t(`enrollments.phase.${e.phase}`), date: formatDate(e.phaseStartedOn, locale) })],
  ];
  return (
    <>
      <h3>{t('enrollments.current')}</h3>
      <dl className="details">
        {rows.map(([label, value]) => (
          <div key={label} className="details-row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {e.phases.length > 1 ? (
        <>
          <h4>{t('enrollments.phaseHistory')}</h4>
          <ol className="timeline">
            {e.phases.map((p) => (
              <li key={`${p.phase}-${p.startedOn}`}>
                <strong>{t(`enrollments.phase.${p.phase}`)}</strong> {formatDate(p.startedOn, locale)}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <Schedule episode={e} />
    </>
  );
}

function Schedule({ episode: e }: { episode: Enrollment }) {
  const { t, locale } = useI18n();
  return (
    <>
      <h4>{t('enrollments.schedule')}</h4>
      <ul className="enr-schedule" aria-label={t('enrollments.schedule')}>
        {e.schedule.map((s) => (
          <li key={s.kind} className="enr-schedule-item" data-status={s.status}>
            <span className="enr-schedule-kind">{t(`enrollments.kind.${s.kind}`)}</span>
            <span className={STATUS_TONE[s.status]}>{t(`enrollments.status.${s.status}`)}</span>
            <span className="enr-schedule-when">{scheduleWhen(s, t, locale)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

const periodOf = (e: Enrollment, t: ReturnType<typeof useI18n>['t'], locale: string) =>
  `${e.siteName} · ${t('enrollments.period', { from: formatDate(e.enrolledOn, locale), to: formatDate(e.dischargedOn, locale) })}`;

function PastEpisode({ episode: e, children }: { episode: Enrollment; children?: ReactNode }) {
  const { t, locale } = useI18n();
  return (
    <li className="card enr-past">
      <p className="card-title">{periodOf(e, t, locale)}</p>
      <p>
        {t('enrollments.dischargeSummary', {
          date: formatDate(e.dischargedOn, locale),
          reason: e.dischargeReason ? t(`enrollments.reason.${e.dischargeReason}`) : '',
        })}
      </p>
      <Schedule episode={e} />
      {children}
    </li>
  );
}
