import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { ParticipantDetail, ParticipantSummary, Site } from '../../../core/schemas.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError, type FieldIssue } from '../../api/errors.ts';
import { participantsApi } from '../../api/participants.ts';
import { todayIso } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { useFocusWhen } from '../../ui/hooks.ts';
import { Notice } from '../../ui/Notice.tsx';
import { flashState } from '../shell/FlashMessage.tsx';
import { ConflictPanel, type UnsavedChange } from './ConflictPanel.tsx';
import { FIELD_LABEL, fieldText } from './display.ts';
import { DuplicatePanel } from './DuplicatePanel.tsx';
import { FIELD_ORDER, changedFields, emptyValues, errorsByField, toCreateInput, toUpdateInput, validateValues, valuesFromParticipant, type ParticipantFormValues } from './formValues.ts';
import { ParticipantFields, controlIdFor } from './ParticipantFields.tsx';

export type EditorProps =
  | { mode: 'create'; sites: readonly Site[]; initial: ParticipantFormValues }
  | { mode: 'edit'; sites: readonly Site[]; participant: ParticipantDetail };

const duplicateKey = (v: ParticipantFormValues) => `${v.firstName.trim().toLowerCase()}|${v.lastName.trim().toLowerCase()}|${v.dateOfBirth}`;

/** Create or edit a participant: validation, duplicate check before creating, 409 on a stale edit. */
export function ParticipantEditor(props: EditorProps) {
  const { t, locale } = useI18n();
  const announce = useAnnounce();
  const navigate = useNavigate();
  const [loaded, setLoaded] = useState(props.mode === 'edit' ? props.participant : null);
  const base = loaded ? valuesFromParticipant(loaded) : props.mode === 'create' ? props.initial : null;
  const [values, setValues] = useState<ParticipantFormValues>(() => base ?? emptyValues());
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [duplicates, setDuplicates] = useState<{ key: string; items: ParticipantSummary[] } | null>(null);
  const [conflict, setConflict] = useState<UnsavedChange[] | null>(null);
  const [reloading, setReloading] = useState(false);
  const [focusTick, setFocusTick] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);
  const duplicatesRef = useRef<HTMLHeadingElement>(null);
  const conflictRef = useRef<HTMLDivElement>(null);
  useFocusWhen(duplicatesRef, duplicates);
  useFocusWhen(conflictRef, conflict);

  const { byField, other } = errorsByField(issues);
  const siteName = (id: string) => props.sites.find((s) => s.id === id)?.name ?? loaded?.siteName ?? id;

  // After a failed submit: focus the first invalid field (or the summary if no field is named).
  useEffect(() => {
    if (focusTick === 0) return;
    const first = FIELD_ORDER.find((f) => byField[f]);
    const target = first ? document.getElementById(controlIdFor(first, values)) : summaryRef.current;
    target?.focus();
  }, [focusTick]);

  const showIssues = (found: FieldIssue[]) => {
    setIssues(found);
    setFocusTick((n) => n + 1);
    announce(t('ui.errorSummaryTitle', { count: found.length }));
  };

  const onChange = (patch: Partial<ParticipantFormValues>) => setValues((v) => ({ ...v, ...patch }));

  const handleError = (err: unknown) => {
    if (isApiError(err) && err.status === 400 && err.details.length) return showIssues([...err.details]);
    if (isApiError(err) && err.isConflict && base) {
      const changes = changedFields(base, values).map((f) => ({
        label: t(FIELD_LABEL[f]),
        value: fieldText(f, toCreateInput(values), t, locale, siteName),
      }));
      setConflict(changes);
      return;
    }
    setFormError(isApiError(err) && err.isNotFound ? t('participant.notFoundOnSave') : describeError(err, t));
  };

  const create = async () => {
    setBusy(true);
    try {
      const created = await participantsApi.create(toCreateInput(values));
      void navigate(`/participants/${created.id}`, { state: flashState(t('participant.created')) });
    } catch (err) {
      handleError(err);
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    if (!loaded || !base) return;
    const input = toUpdateInput(base, values, loaded.version);
    if (Object.keys(input).length === 1) {
      void navigate(`/participants/${loaded.id}`, { state: flashState(t('participant.noChanges')) });
      return;
    }
    setBusy(true);
    try {
      const saved = await participantsApi.update(loaded.id, input);
      void navigate(`/participants/${saved.id}`, { state: flashState(t('participant.saved')) });
    } catch (err) {
      handleError(err);
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy || conflict) return;
    setFormError(null);
    const found = validateValues(values, todayIso(), t('validation.required'));
    if (found.length) return showIssues(found);
    setIssues([]);
    if (props.mode === 'edit') return save();

    const key = duplicateKey(values);
    if (duplicates?.key === key) {
      // The panel is showing: creating needs its explicit button, never just Enter in a field.
      duplicatesRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const { items } = await participantsApi.duplicates({ firstName: values.firstName.trim(), lastName: values.lastName.trim(), dateOfBirth: values.dateOfBirth });
      if (items.length) {
        setDuplicates({ key, items });
        announce(t('duplicates.body', { count: items.length }));
        setBusy(false);
        return;
      }
    } catch (err) {
      setBusy(false);
      return handleError(err);
    }
    await create();
  };

  const reloadLatest = async () => {
    if (!loaded) return;
    setReloading(true);
    try {
      const latest = await participantsApi.get(loaded.id);
      setLoaded(latest);
      setValues(valuesFromParticipant(latest));
      setIssues([]);
      setConflict(null);
      announce(t('conflict.reloaded'));
    } catch (err) {
      setFormError(describeError(err, t));
    } finally {
      setReloading(false);
    }
  };

  const summaryItems = [
    ...FIELD_ORDER.filter((f) => byField[f]).map((f) => ({ targetId: controlIdFor(f, values), message: `${t(FIELD_LABEL[f])}: ${byField[f]}` })),
    ...other.map((message) => ({ message })),
  ];
  const showDuplicates = props.mode === 'create' && duplicates && duplicates.key === duplicateKey(values);
  const cancelTo = loaded ? `/participants/${loaded.id}` : '/participants';

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy} className="participant-form">
      {conflict ? <ConflictPanel ref={conflictRef} message={t('conflict.participant')} changes={conflict} onReload={() => void reloadLatest()} reloading={reloading} /> : null}
      {formError ? (
        <Notice tone="error" live="assertive">
          <p>{formError}</p>
        </Notice>
      ) : null}
      <ErrorSummary ref={summaryRef} items={summaryItems} />
      <ParticipantFields values={values} onChange={onChange} errors={byField} sites={props.sites} />
      {showDuplicates ? (
        <DuplicatePanel ref={duplicatesRef} candidates={duplicates.items} busy={busy} onConfirm={() => void create()} onCancel={() => setDuplicates(null)} />
      ) : (
        <div className="button-row form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || conflict !== null}>
            {busy ? t('ui.saving') : props.mode === 'create' ? t('participant.create') : t('participant.save')}
          </button>
          <Link to={cancelTo} className="btn btn-secondary">
            {t('ui.cancel')}
          </Link>
        </div>
      )}
    </form>
  );
}
