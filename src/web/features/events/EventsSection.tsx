/**
 * The participant page's "Critical events": what happened (overdoses, ED
 * visits, arrests, death…), each flagged when within the first 30 days after
 * release, and a form to record one. Recording a death while the participant is
 * enrolled or has open referrals asks first: it closes the enrollment as
 * deceased and the referrals as "participant died".
 */
import { useState } from 'react';
import { z } from 'zod';
import { CRITICAL_EVENT_KINDS, criticalEventInput, EVENT_SOURCES, isFatal, type CriticalEvent, type CriticalEventKind } from '../../../core/events.ts';
import { isOpen } from '../../../core/referrals.ts';
import { formatDate, todayIso } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Checkbox } from '../../ui/ChoiceGroup.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { InlineActionForm, useInlineActionForm } from '../../ui/InlineActionForm.tsx';
import { ActionSection, useSectionActions } from '../../ui/ActionSection.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { enrollmentsApi } from '../enrollments/enrollmentsApi.ts';
import { referralsApi } from '../referrals/referralsApi.ts';
import type { ParticipantSectionProps } from '../participants/sections.tsx';
import { eventsApi } from './eventsApi.ts';
import './events.css';

const fieldId = (path: string) => `events-${path}`;

export function EventsSection({ participant }: ParticipantSectionProps) {
  const { t } = useI18n();
  const { can } = useSession();
  const list = useAsync((signal) => eventsApi.list(participant.id, signal), [participant.id]);
  const { action, flash, headingRef, open: openForm, close, done, reload } = useSectionActions<'record'>(list.reload);
  const open = action === 'record';
  const items = list.data?.items ?? [];
  return (
    <ActionSection headingId="events-title" title={t('events.title')} className="events-section" headingRef={headingRef} flash={flash} list={list}>
      {list.status === 'ok' && items.length === 0 ? <p className="muted">{t('events.none')}</p> : null}
      {can('participants:write') && list.status === 'ok' && !open ? (
        <div className="button-row">
          <button type="button" className="btn btn-primary" onClick={() => openForm('record')}>
            {t('events.record')}
          </button>
        </div>
      ) : null}
      {open ? <EventForm participantId={participant.id} onDone={done} onCancel={close} onReload={reload} /> : null}
      {items.length > 0 ? (
        <ol className="card-list events-list" aria-label={t('events.title')}>
          {items.map((e) => (
            <EventCard key={e.id} event={e} />
          ))}
        </ol>
      ) : null}
    </ActionSection>
  );
}

function EventCard({ event: e }: { event: CriticalEvent }) {
  const { t, locale } = useI18n();
  return (
    <li className="card events-card">
      <p className="card-title">
        {t(`events.kind.${e.kind}`)} · {formatDate(e.occurredOn, locale)}
      </p>
      {e.withinPostReleaseWindow && e.daysSinceRelease !== null ? (
        <p>
          <span className="badge badge--warn">{t('events.postRelease', { days: e.daysSinceRelease })}</span>
        </p>
      ) : e.daysSinceRelease !== null ? (
        <p className="muted small">{t('events.daysAfterRelease', { count: e.daysSinceRelease })}</p>
      ) : null}
      <p className="muted small">{t('events.sourceLine', { source: t(`events.source.${e.source}`) })}</p>
      {e.cause ? (
        <p>
          {t('events.cause')}: {e.cause}
        </p>
      ) : null}
      {e.notes ? <p className="events-notes">{e.notes}</p> : null}
      {e.closedEnrollmentId ? <p className="muted small">{t('events.closedEnrollment')}</p> : null}
    </li>
  );
}

function EventForm({ participantId, onDone, onCancel, onReload }: { participantId: string; onDone: (m: string) => void; onCancel: () => void; onReload: () => void }) {
  const { t } = useI18n();
  const state = useInlineActionForm(onDone, (err) => err.message);
  const enrollments = useAsync((signal) => enrollmentsApi.list(participantId, signal), [participantId]);
  const referrals = useAsync((signal) => referralsApi.list(participantId, signal), [participantId]);
  const hasOpenEnrollment = (enrollments.data?.items ?? []).some((e) => e.dischargedOn === null);
  const openReferrals = (referrals.data?.items ?? []).filter((r) => isOpen(r.status));
  const [v, setV] = useState({ kind: '', occurredOn: todayIso(), source: '', cause: '', notes: '', confirm: false });
  const patch = (p: Partial<typeof v>) => setV((old) => ({ ...old, ...p }));
  const fatal = v.kind !== '' && isFatal(v.kind as CriticalEventKind);
  // A death closes whatever is open, so the box is asked for either (the server asks too).
  const needsConfirm = fatal && (hasOpenEnrollment || openReferrals.length > 0);
  const referralWords = { count: openReferrals.length, names: openReferrals.map((r) => r.resource.name).join(', ') };
  const confirmLabel = !hasOpenEnrollment
    ? t('events.confirmCloseReferrals', referralWords)
    : openReferrals.length > 0
      ? t('events.confirmCloseBoth', referralWords)
      : t('events.confirmClose');
  const labels = {
    kind: t('events.kind'),
    occurredOn: t('events.occurredOn'),
    source: t('events.source'),
    cause: t('events.cause'),
    notes: t('events.notes'),
    confirmCloseEnrollment: confirmLabel,
  };
  // The web asks before a death closes the enrollment: the box must be ticked.
  const schema = needsConfirm
    ? criticalEventInput.and(z.object({ confirmCloseEnrollment: z.literal(true, { error: confirmLabel }) }))
    : criticalEventInput;
  const send = () =>
    void state.submit(
      schema,
      {
        kind: v.kind === '' ? undefined : v.kind,
        occurredOn: v.occurredOn,
        source: v.source === '' ? undefined : v.source,
        cause: fatal ? v.cause : undefined,
        notes: v.notes,
        ...(needsConfirm ? { confirmCloseEnrollment: v.confirm } : {}),
      },
      (input) => eventsApi.record(participantId, input),
      !needsConfirm ? t('events.recorded') : hasOpenEnrollment ? t('events.recordedClosed') : t('events.recordedClosedReferrals'),
    );
  return (
    <InlineActionForm title={t('events.record')} submitLabel={t('events.record')} state={state} labels={labels} onSubmit={send} onCancel={onCancel} onReload={onReload}
      className="events-form" titleId="events-form-title" fieldId={fieldId} reloadLabel={t('events.reload')}>
      <SelectField id={fieldId('kind')} name="kind" label={labels.kind} value={v.kind} placeholder={t('ui.choose')}
        options={CRITICAL_EVENT_KINDS.map((k) => ({ value: k, label: t(`events.kind.${k}`) }))} onChange={(kind) => patch({ kind })} error={state.errorOf('kind')} />
      <TextField id={fieldId('occurredOn')} type="date" name="occurredOn" label={labels.occurredOn} hint={t('events.dateHint')} max={todayIso()} value={v.occurredOn}
        onChange={(occurredOn) => patch({ occurredOn })} error={state.errorOf('occurredOn')} />
      <SelectField id={fieldId('source')} name="source" label={labels.source} value={v.source} placeholder={t('ui.choose')}
        options={EVENT_SOURCES.map((s) => ({ value: s, label: t(`events.source.${s}`) }))} onChange={(source) => patch({ source })} error={state.errorOf('source')} />
      {fatal ? (
        <TextField id={fieldId('cause')} name="cause" label={labels.cause} hint={t('events.causeHint')} optional maxLength={300} value={v.cause} onChange={(cause) => patch({ cause })}
          error={state.errorOf('cause')} />
      ) : null}
      <TextField id={fieldId('notes')} name="notes" label={labels.notes} optional maxLength={2000} value={v.notes} onChange={(notes) => patch({ notes })} error={state.errorOf('notes')} />
      {needsConfirm ? (
        <div className="notice notice--warning events-confirm" id={fieldId('confirmCloseEnrollment')} tabIndex={-1}>
          <p>
            <strong>{t('events.confirmTitle')}</strong>
          </p>
          <Checkbox name="confirmCloseEnrollment" label={labels.confirmCloseEnrollment} hint={t('events.confirmHint')} checked={v.confirm} onChange={(confirm) => patch({ confirm })} />
        </div>
      ) : null}
    </InlineActionForm>
  );
}
