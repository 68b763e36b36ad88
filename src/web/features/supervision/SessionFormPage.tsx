/**
 * Record or change a supervision session: kind, day, minutes, supervisor,
 * attendees chosen from staff at every site, participants discussed (only the
 * ones the recorder may see are listed; others on the record stay), notes and
 * follow-up actions with owner, due date and done.
 */
import { useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { SESSION_KINDS, sessionInput, sessionUpdateInput, type Session, type SupervisionStaff } from '../../../core/supervision.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError, type FieldIssue } from '../../api/errors.ts';
import { todayIso } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { CheckboxGroup, RadioGroup } from '../../ui/ChoiceGroup.tsx';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { useFocusWhen } from '../../ui/hooks.ts';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useMe, useSession } from '../auth/SessionProvider.tsx';
import { flashState } from '../shell/FlashMessage.tsx';
import { Page } from '../shell/Page.tsx';
import { useSites } from '../sites/useSites.ts';
import { ParticipantPicker } from './ParticipantPicker.tsx';
import { supervisionApi } from './supervisionApi.ts';
import './supervision.css';

interface FollowUpDraft {
  key: number;
  id?: string;
  description: string;
  ownerId: string;
  dueOn: string;
  done: boolean;
}

export function NewSessionPage() {
  return <SessionFormPage />;
}

export function EditSessionPage() {
  const { id = '' } = useParams();
  return <SessionFormPage id={id} />;
}

function SessionFormPage({ id }: { id?: string }) {
  const { t } = useI18n();
  const data = useAsync(async (signal) => {
    const [staff, session] = await Promise.all([supervisionApi.staff(signal), id ? supervisionApi.session(id, signal) : Promise.resolve(null)]);
    return { staff: staff.items, session };
  }, [id]);
  return (
    <Page title={t(id ? 'supervision.editTitle' : 'supervision.newTitle')} narrow>
      {data.status === 'loading' ? <Loading label={t('supervision.loading')} /> : null}
      {data.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(data.error, t)}</p>
        </Notice>
      ) : null}
      {data.status === 'ok' ? <SessionForm staff={data.data.staff} session={data.data.session} onReload={data.reload} /> : null}
    </Page>
  );
}

function SessionForm({ staff, session, onReload }: { staff: SupervisionStaff[]; session: Session | null; onReload: () => void }) {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const sites = useSites();
  const siteName = (sid: string) => sites.data?.find((s) => s.id === sid)?.name;
  const [kind, setKind] = useState<string>(session?.kind ?? 'individual');
  const [heldOn, setHeldOn] = useState(session?.heldOn ?? todayIso());
  const [minutes, setMinutes] = useState(session ? String(session.durationMinutes) : '60');
  const [supervisorId, setSupervisorId] = useState(session?.supervisor.id ?? me.user.id);
  const [attendeeIds, setAttendeeIds] = useState<string[]>(session?.attendees.map((a) => a.id) ?? []);
  const [participantIds, setParticipantIds] = useState<string[]>(session?.participants.map((p) => p.id) ?? []);
  const [knownParticipants, setKnownParticipants] = useState<{ id: string; name: string }[]>(session?.participants.map((p) => ({ id: p.id, name: p.name })) ?? []);
  const { can } = useSession();
  const [notes, setNotes] = useState(session?.notes ?? '');
  const nextKey = useRef(0);
  const [followUps, setFollowUps] = useState<FollowUpDraft[]>(() =>
    (session?.followUps ?? []).map((f) => ({ key: nextKey.current++, id: f.id, description: f.description, ownerId: f.owner.id, dueOn: f.dueOn, done: f.done })),
  );
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [tick, setTick] = useState(0);
  const [conflict, setConflict] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const conflictRef = useRef<HTMLDivElement>(null);
  useFocusWhen(summaryRef, tick);
  useFocusWhen(conflictRef, conflict);

  const supervisors = staff.filter((s) => s.role === 'supervisor' || s.role === 'program_admin');
  const staffLabel = (s: SupervisionStaff) => {
    const where = s.siteIds.map((sid) => siteName(sid)).filter(Boolean).join(', ');
    return `${s.name} (${t(`role.${s.role}` as 'role.coach')}${where ? `, ${where}` : ''})`;
  };
  const errorOf = (path: string) => issues.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message;
  const labels: Record<string, string> = {
    kind: t('supervision.kind'),
    heldOn: t('supervision.heldOn'),
    durationMinutes: t('supervision.duration'),
    supervisorId: t('supervision.supervisor'),
    attendeeIds: t('supervision.attendees'),
    participantIds: t('supervision.participants'),
    notes: t('supervision.notes'),
  };
  const fieldTarget = (path: string): string | undefined => {
    const top = path.split('.')[0] ?? '';
    if (top === 'followUps') {
      const [, index, field] = path.split('.');
      return `field-followUps-${index ?? '0'}-${field ?? 'description'}`;
    }
    if (top === 'attendeeIds') return 'field-attendeeIds-0';
    if (top === 'participantIds') return 'participant-search';
    return labels[top] ? `field-${top}` : undefined;
  };
  const summary = issues.map((i) => {
    const top = i.path.split('.')[0] ?? '';
    const label = top === 'followUps' ? t('supervision.followUps') : labels[top];
    return { targetId: fieldTarget(i.path), message: label ? `${label}: ${i.message}` : i.message };
  });

  const submit = async () => {
    if (busy) return;
    setFormError(null);
    const raw = {
      kind,
      heldOn,
      durationMinutes: minutes.trim() === '' ? undefined : Number(minutes),
      supervisorId,
      attendeeIds,
      participantIds,
      notes,
      followUps: followUps.map((f) => ({ id: f.id, description: f.description, ownerId: f.ownerId, dueOn: f.dueOn, done: f.done })),
      ...(session ? { version: session.version } : {}),
    };
    const parsed = (session ? sessionUpdateInput : sessionInput).safeParse(raw);
    if (!parsed.success) {
      setIssues(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      setTick((n) => n + 1);
      announce(t('ui.errorSummaryTitle', { count: parsed.error.issues.length }));
      return;
    }
    setIssues([]);
    setBusy(true);
    try {
      const saved = session
        ? await supervisionApi.update(session.id, { ...parsed.data, version: session.version })
        : await supervisionApi.create(parsed.data);
      void navigate(`/supervision/sessions/${saved.id}`, { state: flashState(t('supervision.saved')) });
    } catch (err) {
      if (isApiError(err) && err.status === 400 && err.details.length) {
        setIssues([...err.details]);
        setTick((n) => n + 1);
      } else if (isApiError(err) && err.isConflict) setConflict(true);
      else setFormError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  const updateFollowUp = (key: number, change: Partial<FollowUpDraft>) => setFollowUps((list) => list.map((f) => (f.key === key ? { ...f, ...change } : f)));

  return (
    <form
      className="supervision-form"
      noValidate
      aria-busy={busy}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {conflict ? (
        <div className="notice notice--error" role="alert" ref={conflictRef} tabIndex={-1}>
          <p>{t('supervision.conflict')}</p>
          <button type="button" className="btn btn-primary" onClick={onReload}>
            {t('supervision.reload')}
          </button>
        </div>
      ) : null}
      {formError ? (
        <Notice tone="error" live="assertive">
          <p>{formError}</p>
        </Notice>
      ) : null}
      <ErrorSummary ref={summaryRef} items={summary} />
      <RadioGroup
        name="kind"
        legend={t('supervision.kind')}
        inline
        value={kind}
        options={SESSION_KINDS.map((k) => ({ value: k, label: t(`supervision.kind.${k}`) }))}
        onChange={setKind}
        error={errorOf('kind')}
      />
      <TextField name="heldOn" type="date" label={t('supervision.heldOn')} value={heldOn} onChange={setHeldOn} error={errorOf('heldOn')} />
      <TextField
        name="durationMinutes"
        type="number"
        inputMode="numeric"
        min={5}
        max={600}
        label={t('supervision.duration')}
        value={minutes}
        onChange={setMinutes}
        error={errorOf('durationMinutes')}
      />
      <SelectField
        name="supervisorId"
        label={t('supervision.supervisor')}
        value={supervisorId}
        options={supervisors.map((s) => ({ value: s.id, label: s.name }))}
        onChange={setSupervisorId}
        error={errorOf('supervisorId')}
      />
      <CheckboxGroup
        name="attendeeIds"
        legend={t('supervision.attendees')}
        hint={t(kind === 'individual' ? 'supervision.attendeesHintIndividual' : 'supervision.attendeesHintGroup')}
        values={attendeeIds}
        options={staff.filter((s) => s.id !== supervisorId).map((s) => ({ value: s.id, label: staffLabel(s) }))}
        onChange={setAttendeeIds}
        error={errorOf('attendeeIds')}
      />
      {can('participants:read') || participantIds.length > 0 ? (
        <ParticipantPicker
          chosen={participantIds}
          known={knownParticipants}
          onChange={(ids, added) => {
            setParticipantIds(ids);
            if (added) setKnownParticipants((k) => (k.some((x) => x.id === added.id) ? k : [...k, added]));
          }}
          error={errorOf('participantIds')}
        />
      ) : null}
      <div className={`field${errorOf('notes') ? ' field--invalid' : ''}`}>
        <label className="field-label" htmlFor="field-notes">
          {t('supervision.notes')} <span className="field-optional">{t('ui.optional')}</span>
        </label>
        <p className="field-hint" id="field-notes-hint">
          {t('supervision.notesHint')}
        </p>
        <textarea id="field-notes" name="notes" className="input textarea" rows={5} value={notes} aria-describedby="field-notes-hint" onChange={(e) => setNotes(e.target.value)} />
      </div>
      <fieldset className="field supervision-followups">
        <legend className="field-label">
          {t('supervision.followUps')} <span className="field-optional">{t('ui.optional')}</span>
        </legend>
        {followUps.map((f, i) => (
          <div className="supervision-followup" key={f.key} role="group" aria-label={t('supervision.followUpN', { n: i + 1 })}>
            <TextField
              name={`followUps-${String(i)}-description`}
              label={t('supervision.followUpDescription')}
              value={f.description}
              onChange={(v) => updateFollowUp(f.key, { description: v })}
              error={errorOf(`followUps.${String(i)}.description`)}
            />
            <SelectField
              name={`followUps-${String(i)}-ownerId`}
              label={t('supervision.followUpOwner')}
              value={f.ownerId}
              placeholder={t('supervision.choose')}
              options={staff.map((s) => ({ value: s.id, label: s.name }))}
              onChange={(v) => updateFollowUp(f.key, { ownerId: v })}
              error={errorOf(`followUps.${String(i)}.ownerId`)}
            />
            <TextField
              name={`followUps-${String(i)}-dueOn`}
              type="date"
              label={t('supervision.followUpDue')}
              value={f.dueOn}
              onChange={(v) => updateFollowUp(f.key, { dueOn: v })}
              error={errorOf(`followUps.${String(i)}.dueOn`)}
            />
            <div className="choice">
              <input type="checkbox" id={`field-followUps-${String(i)}-done`} checked={f.done} onChange={(e) => updateFollowUp(f.key, { done: e.target.checked })} />
              <label htmlFor={`field-followUps-${String(i)}-done`}>{t('supervision.followUpDone')}</label>
            </div>
            <button type="button" className="btn btn-secondary btn-small" onClick={() => setFollowUps((list) => list.filter((x) => x.key !== f.key))}>
              {t('supervision.followUpRemove', { n: i + 1 })}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => setFollowUps((list) => [...list, { key: nextKey.current++, description: '', ownerId: '', dueOn: '', done: false }])}
        >
          {t('supervision.followUpAdd')}
        </button>
      </fieldset>
      <div className="button-row form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('ui.saving') : t('supervision.save')}
        </button>
        <Link to={session ? `/supervision/sessions/${session.id}` : '/supervision'} className="btn btn-secondary">
          {t('ui.cancel')}
        </Link>
      </div>
    </form>
  );
}
