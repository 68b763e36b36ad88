/** The four actions on an enrollment: enroll, change team/phase, record an interview, discharge. */
import { useState } from 'react';
import {
  DISCHARGE_REASONS,
  dischargeInput,
  ENROLLMENT_PHASES,
  enrollmentCreateInput,
  enrollmentUpdateInput,
  interviewInput,
  suggestedPhase,
  type Enrollment,
  type PhaseByDates,
} from '../../../core/enrollments.ts';
import { REFERRAL_SOURCES } from '../../../core/enums.ts';
import type { ParticipantDetail } from '../../../core/schemas.ts';
import { todayIso } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useMe } from '../auth/SessionProvider.tsx';
import { ActionFormShell, fieldId, useActionForm } from './ActionForm.tsx';
import { enrollmentsApi } from './enrollmentsApi.ts';

export interface FormProps {
  participant: ParticipantDetail;
  onDone: (message: string) => void;
  onCancel: () => void;
  onReload: () => void;
}

const orUndefined = (v: string) => (v === '' ? undefined : v);

function useOptions() {
  const { t } = useI18n();
  return {
    referral: REFERRAL_SOURCES.map((v) => ({ value: v, label: t(`referralSource.${v}`) })),
    phase: ENROLLMENT_PHASES.map((v) => ({ value: v, label: t(`enrollments.phase.${v}`) })),
    reason: DISCHARGE_REASONS.map((v) => ({ value: v, label: t(`enrollments.reason.${v}`) })),
  };
}

/** Coach and case manager pickers: the active ones at the participant's site. */
function TeamFields({ participantId, values, onChange, errorOf }: {
  participantId: string;
  values: { coachId: string; caseManagerId: string };
  onChange: (patch: Partial<{ coachId: string; caseManagerId: string }>) => void;
  errorOf: (path: string) => string | undefined;
}) {
  const { t } = useI18n();
  const team = useAsync((signal) => enrollmentsApi.teamOptions(participantId, signal), [participantId]);
  const people = (list: { id: string; name: string }[] | undefined, current: string) => {
    const options = (list ?? []).map((p) => ({ value: p.id, label: p.name }));
    return current && !options.some((o) => o.value === current) ? [...options, { value: current, label: current }] : options;
  };
  return (
    <>
      <SelectField id={fieldId('coachId')} name="coachId" label={t('enrollments.coach')} optional value={values.coachId}
        options={people(team.data?.coaches, values.coachId)} placeholder={t('enrollments.unassigned')}
        onChange={(coachId) => onChange({ coachId })} error={errorOf('coachId')} />
      <SelectField id={fieldId('caseManagerId')} name="caseManagerId" label={t('enrollments.caseManager')} optional value={values.caseManagerId}
        options={people(team.data?.caseManagers, values.caseManagerId)} placeholder={t('enrollments.unassigned')}
        onChange={(caseManagerId) => onChange({ caseManagerId })} error={errorOf('caseManagerId')} />
    </>
  );
}

export function EnrollForm({ participant, onDone, onCancel, onReload }: FormProps) {
  const { t } = useI18n();
  const me = useMe();
  const options = useOptions();
  const state = useActionForm(onDone);
  const today = todayIso();
  const [v, setV] = useState<Record<'enrolledOn' | 'referralSource' | 'coachId' | 'caseManagerId' | 'phase', string>>({
    enrolledOn: today,
    referralSource: participant.referralSource ?? '',
    coachId: me.user.role === 'coach' ? me.user.id : '',
    caseManagerId: me.user.role === 'case_manager' ? me.user.id : '',
    phase: suggestedPhase(participant, today),
  });
  const patch = (p: Partial<typeof v>) => setV((old) => ({ ...old, ...p }));
  const labels = {
    enrolledOn: t('enrollments.enrolledOn'),
    referralSource: t('enrollments.referralSource'),
    coachId: t('enrollments.coach'),
    caseManagerId: t('enrollments.caseManager'),
    phase: t('enrollments.phase'),
  };
  const send = () =>
    void state.submit(
      enrollmentCreateInput,
      { enrolledOn: v.enrolledOn, referralSource: orUndefined(v.referralSource), coachId: v.coachId || null, caseManagerId: v.caseManagerId || null, phase: orUndefined(v.phase) },
      (input) => enrollmentsApi.enroll(participant.id, input),
      t('enrollments.enrolled'),
    );
  return (
    <ActionFormShell title={t('enrollments.enroll')} submitLabel={t('enrollments.enroll')} state={state} labels={labels} onSubmit={send} onCancel={onCancel} onReload={onReload}>
      <TextField id={fieldId('enrolledOn')} type="date" name="enrolledOn" label={labels.enrolledOn} hint={t('enrollments.dateHint')} max={today}
        value={v.enrolledOn} onChange={(enrolledOn) => patch({ enrolledOn })} error={state.errorOf('enrolledOn')} />
      <SelectField id={fieldId('referralSource')} name="referralSource" label={labels.referralSource} value={v.referralSource} options={options.referral}
        placeholder={t('ui.choose')} onChange={(referralSource) => patch({ referralSource })} error={state.errorOf('referralSource')} />
      <TeamFields participantId={participant.id} values={v} onChange={patch} errorOf={state.errorOf} />
      <SelectField id={fieldId('phase')} name="phase" label={labels.phase} value={v.phase} options={options.phase}
        onChange={(phase) => patch({ phase })} error={state.errorOf('phase')} />
    </ActionFormShell>
  );
}

/** `suggested`: opened from "the dates say…", with that phase and its start date filled in. */
export function ChangeForm({ participant, episode, suggested, onDone, onCancel, onReload }: FormProps & { episode: Enrollment; suggested?: PhaseByDates | undefined }) {
  const { t } = useI18n();
  const options = useOptions();
  const state = useActionForm(onDone);
  const today = todayIso();
  const [v, setV] = useState<Record<'referralSource' | 'coachId' | 'caseManagerId' | 'phase' | 'phaseStartedOn', string>>({
    referralSource: episode.referralSource,
    coachId: episode.coach?.id ?? '',
    caseManagerId: episode.caseManager?.id ?? '',
    phase: suggested?.phase ?? episode.phase,
    phaseStartedOn: suggested?.since ?? today,
  });
  const patch = (p: Partial<typeof v>) => setV((old) => ({ ...old, ...p }));
  const labels = {
    referralSource: t('enrollments.referralSource'),
    coachId: t('enrollments.coach'),
    caseManagerId: t('enrollments.caseManager'),
    phase: t('enrollments.phase'),
    phaseStartedOn: t('enrollments.phaseStartedOn'),
  };
  const phaseChanged = v.phase !== episode.phase;
  const send = () =>
    void state.submit(
      enrollmentUpdateInput,
      {
        version: episode.version,
        referralSource: orUndefined(v.referralSource),
        // Only what changed: a phase change is not refused for a team member who has since left the site.
        ...((v.coachId || null) !== (episode.coach?.id ?? null) ? { coachId: v.coachId || null } : {}),
        ...((v.caseManagerId || null) !== (episode.caseManager?.id ?? null) ? { caseManagerId: v.caseManagerId || null } : {}),
        ...(phaseChanged ? { phase: v.phase, phaseStartedOn: v.phaseStartedOn } : {}),
      },
      (input) => enrollmentsApi.update(participant.id, episode.id, input),
      t('enrollments.saved'),
    );
  return (
    <ActionFormShell title={t('enrollments.change')} submitLabel={t('ui.saveChanges')} state={state} labels={labels} onSubmit={send} onCancel={onCancel} onReload={onReload}>
      <SelectField id={fieldId('referralSource')} name="referralSource" label={labels.referralSource} value={v.referralSource} options={options.referral}
        onChange={(referralSource) => patch({ referralSource })} error={state.errorOf('referralSource')} />
      <TeamFields participantId={participant.id} values={v} onChange={patch} errorOf={state.errorOf} />
      <SelectField id={fieldId('phase')} name="phase" label={labels.phase} value={v.phase} options={options.phase}
        onChange={(phase) => patch({ phase })} error={state.errorOf('phase')} />
      <TextField id={fieldId('phaseStartedOn')} type="date" name="phaseStartedOn" label={labels.phaseStartedOn} hint={t('enrollments.phaseStartedOnHint')}
        max={today} disabled={!phaseChanged} value={v.phaseStartedOn} onChange={(phaseStartedOn) => patch({ phaseStartedOn })} error={state.errorOf('phaseStartedOn')} />
    </ActionFormShell>
  );
}

/**
 * The interviews that can be recorded on an episode: those not done, the discharge
 * interview once discharged. After a discharge the discharge interview and a
 * 6-month follow-up are still owed (the funder asks for both), unless the person died.
 */
export function owedInterviews(episode: Enrollment): Enrollment['schedule'] {
  return episode.schedule.filter((s) => {
    if (s.status === 'done') return false;
    if (s.kind === 'discharge') return episode.dischargedOn !== null;
    if (episode.dischargedOn === null) return true;
    return s.kind === 'follow_up_6m' ? episode.dischargeReason !== 'deceased' && s.status !== 'missed' : s.status !== 'missed';
  });
}

export function InterviewForm({ participant, episode, onDone, onCancel, onReload }: FormProps & { episode: Enrollment }) {
  const { t } = useI18n();
  const state = useActionForm(onDone);
  const today = todayIso();
  const open = owedInterviews(episode);
  const [v, setV] = useState({ kind: open[0]?.kind ?? '', conductedOn: today });
  const labels = { kind: t('enrollments.interviewKind'), conductedOn: t('enrollments.conductedOn') };
  const send = () =>
    void state.submit(interviewInput, { kind: orUndefined(v.kind), conductedOn: v.conductedOn }, (input) => enrollmentsApi.recordInterview(participant.id, episode.id, input), t('enrollments.interviewRecorded'));
  return (
    <ActionFormShell title={t('enrollments.recordInterview')} submitLabel={t('enrollments.recordInterview')} state={state} labels={labels} onSubmit={send} onCancel={onCancel} onReload={onReload}>
      {open.length === 0 ? <p>{t('enrollments.noInterviewLeft')}</p> : null}
      <SelectField id={fieldId('kind')} name="kind" label={labels.kind} value={v.kind} options={open.map((s) => ({ value: s.kind, label: t(`enrollments.kind.${s.kind}`) }))}
        onChange={(kind) => setV((o) => ({ ...o, kind }))} error={state.errorOf('kind')} />
      <TextField id={fieldId('conductedOn')} type="date" name="conductedOn" label={labels.conductedOn} hint={t('enrollments.dateHint')} max={today}
        value={v.conductedOn} onChange={(conductedOn) => setV((o) => ({ ...o, conductedOn }))} error={state.errorOf('conductedOn')} />
    </ActionFormShell>
  );
}

export function DischargeForm({ participant, episode, onDone, onCancel, onReload }: FormProps & { episode: Enrollment }) {
  const { t } = useI18n();
  const options = useOptions();
  const state = useActionForm(onDone);
  const today = todayIso();
  const [v, setV] = useState({ dischargedOn: today, reason: '', note: '' });
  const patch = (p: Partial<typeof v>) => setV((old) => ({ ...old, ...p }));
  const labels = { dischargedOn: t('enrollments.dischargedOn'), reason: t('enrollments.reason'), note: t('enrollments.note') };
  const send = () =>
    void state.submit(
      dischargeInput,
      { version: episode.version, dischargedOn: v.dischargedOn, reason: orUndefined(v.reason), note: v.note },
      (input) => enrollmentsApi.discharge(participant.id, episode.id, input),
      t('enrollments.discharged'),
    );
  return (
    <ActionFormShell title={t('enrollments.discharge')} submitLabel={t('enrollments.discharge')} state={state} labels={labels} onSubmit={send} onCancel={onCancel} onReload={onReload}>
      <TextField id={fieldId('dischargedOn')} type="date" name="dischargedOn" label={labels.dischargedOn} hint={t('enrollments.dateHint')} max={today}
        value={v.dischargedOn} onChange={(dischargedOn) => patch({ dischargedOn })} error={state.errorOf('dischargedOn')} />
      <SelectField id={fieldId('reason')} name="reason" label={labels.reason} value={v.reason} options={options.reason} placeholder={t('ui.choose')}
        onChange={(reason) => patch({ reason })} error={state.errorOf('reason')} />
      <TextField id={fieldId('note')} name="note" label={labels.note} optional maxLength={1000} value={v.note} onChange={(note) => patch({ note })} error={state.errorOf('note')} />
    </ActionFormShell>
  );
}
