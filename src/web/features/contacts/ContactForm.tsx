import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  ATTEMPT_OUTCOMES,
  CONTACT_LOCATIONS,
  CONTACT_MODES,
  CONTACT_SERVICES,
  defaultLocationFor,
  type ContactCreateInput,
  type TeamMember,
} from '../../../core/contacts.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError, type FieldIssue } from '../../api/errors.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { CheckboxGroup, RadioGroup } from '../../ui/ChoiceGroup.tsx';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { flashState } from '../shell/FlashMessage.tsx';
import { contactsApi } from './contactsApi.ts';
import { CONTACT_FIELDS, controlIdFor, errorsByField, toInput, validate, type ContactFormValues } from './formValues.ts';
import { NoteField } from './NoteField.tsx';

const FIELD_LABEL = {
  occurredAt: 'contacts.when',
  reached: 'contacts.reached',
  attemptOutcome: 'contacts.outcome',
  mode: 'contacts.mode',
  locationType: 'contacts.location',
  durationMinutes: 'contacts.duration',
  staffIds: 'contacts.who',
  services: 'contacts.services',
  note: 'contacts.note',
} as const;

/** Logging a contact on a phone: big choices, sensible defaults, the server's field errors by their fields. */
export function ContactForm({ participantId, team, me, initial }: { participantId: string; team: readonly TeamMember[]; me: string; initial: ContactFormValues }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const navigate = useNavigate();
  const [values, setValues] = useState(initial);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [focusTick, setFocusTick] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);
  const { byField, other } = errorsByField(issues);

  useEffect(() => {
    if (focusTick === 0) return;
    const first = CONTACT_FIELDS.find((f) => byField[f]);
    (first ? document.getElementById(controlIdFor(first)) : summaryRef.current)?.focus();
  }, [focusTick]);

  const set = (patch: Partial<ContactFormValues>) => setValues((v) => ({ ...v, ...patch }));
  const showIssues = (found: FieldIssue[]) => {
    setIssues(found);
    setFocusTick((n) => n + 1);
    announce(t('ui.errorSummaryTitle', { count: found.length }));
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy) return;
    setFormError(null);
    const found = validate(values, new Date());
    if (found.length) return showIssues(found);
    setIssues([]);
    setBusy(true);
    try {
      await contactsApi.log(participantId, toInput(values) as ContactCreateInput);
      void navigate(`/participants/${participantId}`, { state: flashState(t('contacts.logged')) });
    } catch (err) {
      if (isApiError(err) && err.status === 400 && err.details.length) showIssues([...err.details]);
      else setFormError(describeError(err, t));
      setBusy(false);
    }
  };

  const option = <K extends string>(prefix: 'modes' | 'locations' | 'outcomes' | 'services', value: K) => ({
    value,
    label: t(`contacts.${prefix}.${value}` as Parameters<typeof t>[0]),
  });
  const reached = values.reached === 'yes';
  const summary = [
    ...CONTACT_FIELDS.filter((f) => byField[f]).map((f) => ({ targetId: controlIdFor(f), message: `${t(FIELD_LABEL[f])}: ${byField[f] ?? ''}` })),
    ...other.map((message) => ({ message })),
  ];

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy}>
      {formError ? (
        <Notice tone="error" live="assertive">
          <p>{formError}</p>
        </Notice>
      ) : null}
      <ErrorSummary ref={summaryRef} items={summary} />
      <fieldset className="form-section">
        <legend>{t('contacts.when')}</legend>
        <p className="field-hint">{t('contacts.whenHint')}</p>
        <div className="contact-when">
          <TextField name="date" type="date" label={t('contacts.date')} value={values.date} onChange={(date) => set({ date })} error={byField.occurredAt} />
          <TextField name="time" type="time" label={t('contacts.time')} value={values.time} onChange={(time) => set({ time })} />
        </div>
      </fieldset>
      <div className="form-section">
        <RadioGroup
          name="reached"
          legend={t('contacts.reached')}
          value={values.reached}
          onChange={(v) => set({ reached: v === 'no' ? 'no' : 'yes' })}
          options={[
            { value: 'yes', label: t('contacts.reachedYes') },
            { value: 'no', label: t('contacts.reachedNo') },
          ]}
          error={byField.reached}
        />
        {!reached ? (
          <RadioGroup
            name="attemptOutcome"
            legend={t('contacts.outcome')}
            value={values.attemptOutcome}
            onChange={(v) => set({ attemptOutcome: ATTEMPT_OUTCOMES.find((o) => o === v) ?? '' })}
            options={ATTEMPT_OUTCOMES.map((o) => option('outcomes', o))}
            error={byField.attemptOutcome}
          />
        ) : null}
        <RadioGroup
          name="mode"
          legend={t('contacts.mode')}
          inline
          value={values.mode}
          onChange={(v) => {
            const mode = CONTACT_MODES.find((m) => m === v) ?? values.mode;
            set(values.locationChosen ? { mode } : { mode, locationType: defaultLocationFor(mode) });
          }}
          options={CONTACT_MODES.map((m) => option('modes', m))}
          error={byField.mode}
        />
        <SelectField
          name="locationType"
          label={t('contacts.location')}
          value={values.locationType}
          onChange={(v) => set({ locationType: CONTACT_LOCATIONS.find((l) => l === v) ?? values.locationType, locationChosen: true })}
          options={CONTACT_LOCATIONS.map((l) => option('locations', l))}
          error={byField.locationType}
        />
        <TextField
          name="durationMinutes"
          className="field--short"
          inputMode="numeric"
          label={t('contacts.duration')}
          hint={t('contacts.durationHint')}
          optional={!reached}
          value={values.duration}
          onChange={(duration) => set({ duration })}
          error={byField.durationMinutes}
        />
      </div>
      <div className="form-section">
        <CheckboxGroup
          name="staffIds"
          legend={t('contacts.who')}
          hint={t('contacts.whoHint')}
          values={values.staffIds}
          onChange={(staffIds) => set({ staffIds })}
          options={[...team.filter((m) => m.id === me), ...team.filter((m) => m.id !== me)].map((m) => ({ value: m.id, label: m.id === me ? t('contacts.me', { name: m.name }) : m.name }))}
          error={byField.staffIds}
        />
        {reached ? (
          <CheckboxGroup
            name="services"
            legend={t('contacts.services')}
            hint={t('contacts.servicesHint')}
            optional
            values={values.services}
            onChange={(services) => set({ services: CONTACT_SERVICES.filter((s) => services.includes(s)) })}
            options={CONTACT_SERVICES.map((s) => option('services', s))}
            error={byField.services}
          />
        ) : null}
        <NoteField name="note" label={t('contacts.note')} hint={t('contacts.noteHint')} optional value={values.note} onChange={(note) => set({ note })} error={byField.note} />
      </div>
      <div className="button-row form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('ui.saving') : t('contacts.save')}
        </button>
        <Link to={`/participants/${participantId}`} className="btn btn-secondary">
          {t('ui.cancel')}
        </Link>
      </div>
    </form>
  );
}
