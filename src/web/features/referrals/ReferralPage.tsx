/**
 * One referral: where it stands, what was shared under which consent (with the
 * §2.32 notice), its timeline (each step, who, when), and the next allowed steps
 * as buttons. Steps that need facts (an appointment's date, time and place; an
 * outcome to close) open a small form; the rest happen at once. A send refused
 * for want of consent says what is missing and links to the consent form.
 * Printing the packet for an outside organization is a Part 2 disclosure: the
 * staff member names the organization and purpose, the server checks the consent
 * and records it in the accounting, and the printout carries the §2.32 notice.
 */
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { CONSENT_PURPOSES, printoutInput, REFERRAL_DISCLOSES, type ConsentPurpose, type Disclosure } from '../../../core/consents.ts';
import { displayName } from '../../../core/names.ts';
import { CLOSE_OUTCOMES, referralTransitionInput, type Referral, type ReferralStatus } from '../../../core/referrals.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { participantsApi } from '../../api/participants.ts';
import { formatDate, formatDateTime, todayIso } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { useFocusWhen } from '../../ui/hooks.ts';
import { InlineActionForm, useInlineActionForm } from '../../ui/InlineActionForm.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { Page } from '../shell/Page.tsx';
import { DirectoryPicker, type ChosenResource } from '../consents/DirectoryPicker.tsx';
import { consentsApi } from '../consents/consentsApi.ts';
import { statusTone } from './display.ts';
import { referralsApi } from './referralsApi.ts';
import '../consents/consents.css';

interface LocationState {
  flash?: string;
  consentMessage?: string;
  error?: string;
}

export function ReferralPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const location = useLocation();
  const referral = useAsync((signal) => referralsApi.get(id, signal), [id]);
  const initial = (location.state ?? {}) as LocationState;

  if (referral.status === 'error') {
    return (
      <Page title={t('referrals.title')}>
        <Notice tone="error" live="assertive">
          <p>{describeError(referral.error, t)}</p>
        </Notice>
      </Page>
    );
  }
  if (referral.status !== 'ok') return <Loading label={t('referrals.loading')} />;
  return <ReferralView referral={referral.data} initial={initial} onChanged={referral.setData} onReload={referral.reload} />;
}

type Form = { kind: 'appointment' } | { kind: 'close' } | null;

/** A recorded printout: the disclosure and whose packet it is. */
interface Printed {
  disclosure: Disclosure;
  participantName: string;
}

function ReferralView({ referral: r, initial, onChanged, onReload }: { referral: Referral; initial: LocationState; onChanged: (r: Referral) => void; onReload: () => void }) {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const announce = useAnnounce();
  const [flash, setFlash] = useState<string | null>(initial.flash ?? null);
  const [consentMessage, setConsentMessage] = useState<string | null>(initial.consentMessage ?? null);
  // The organization a missing consent is for: the referral's, or the one a printout was for.
  const [consentFor, setConsentFor] = useState<ChosenResource>(r.resource);
  const [printing, setPrinting] = useState(false);
  const [printed, setPrinted] = useState<Printed | null>(null);
  const [failure, setFailure] = useState<string | null>(initial.error ?? null);
  const [form, setForm] = useState<Form>(null);
  const [busy, setBusy] = useState(false);
  const consentRef = useRef<HTMLDivElement>(null);
  const stepsRef = useRef<HTMLHeadingElement>(null);
  useFocusWhen(consentRef, consentMessage);
  const writer = can('participants:write');
  useEffect(() => {
    // The page is laid out for paper once the disclosure is recorded (see consents.css).
    if (printed) window.print();
  }, [printed]);

  const moved = (next: Referral) => {
    onChanged(next);
    setForm(null);
    setConsentMessage(null);
    setFailure(null);
    const message = t('referrals.moved', { status: t(`referrals.status.${next.status}`) });
    setFlash(message);
    announce(message);
    stepsRef.current?.focus();
  };

  const go = async (to: Exclude<ReferralStatus, 'draft' | 'appointment_scheduled' | 'closed'>) => {
    if (busy) return;
    setBusy(true);
    setFlash(null);
    try {
      moved(await referralsApi.transition(r.id, { to, version: r.version }));
    } catch (err) {
      if (isApiError(err) && err.code === 'consent_required') {
        setConsentFor(r.resource);
        setConsentMessage(err.message);
      } else if (isApiError(err) && err.code === 'stale_version') {
        setFailure(t('referrals.stale'));
        onReload();
      } else setFailure(isApiError(err) && err.isConflict ? err.message : describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  const consentLink = `/participants/${r.participantId}/consents/new?${new URLSearchParams({ resourceId: consentFor.id, resourceName: consentFor.name, return: `/referrals/${r.id}` }).toString()}`;
  const rescheduling = r.status === 'appointment_scheduled' || r.status === 'no_show' || r.status === 'attended';

  return (
    <Page title={t('referrals.page', { name: r.resource.name })}>
      <p className="referral-back">
        <Link to={`/participants/${r.participantId}#referrals`}>{t('referrals.backToParticipant')}</Link>
      </p>
      {flash ? (
        <Notice tone="success">
          <p>{flash}</p>
        </Notice>
      ) : null}
      {failure ? (
        <Notice tone="error" live="assertive">
          <p>{failure}</p>
        </Notice>
      ) : null}
      {consentMessage ? (
        <div className="notice notice--error" role="alert" ref={consentRef} tabIndex={-1} data-testid="consent-required">
          <h2 className="notice-title">{t('referrals.consentRequired')}</h2>
          <p>{consentMessage}</p>
          <Link className="btn btn-primary" to={consentLink}>
            {t('referrals.recordConsent')}
          </Link>
        </div>
      ) : null}

      {printed ? (
        <section className="referral-printout" aria-labelledby="printout-title" data-testid="referral-printout">
          <h2 id="printout-title">{t('referrals.printout.title', { name: printed.participantName })}</h2>
          <p>
            {t('referrals.printout.for', {
              name: printed.disclosure.recipientName,
              purpose: t(`consents.purpose.${printed.disclosure.purpose}`),
              date: formatDate(printed.disclosure.consent.signedOn, locale),
            })}{' '}
            {t('consents.printedOn', { date: formatDateTime(printed.disclosure.disclosedAt, locale) })}
          </p>
          <p className="redisclosure-notice" data-testid="printout-notice">
            {printed.disclosure.notice}
          </p>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="referral-facts">
        <h2 id="referral-facts" className="referral-status-heading">
          <span className={statusTone(r.status)} data-testid="referral-status">
            {t(`referrals.status.${r.status}`)}
          </span>
        </h2>
        <dl className="details">
          <div className="details-row">
            <dt>{t('referrals.need')}</dt>
            <dd>{t(`referrals.need.${r.need}`)}</dd>
          </div>
          <div className="details-row">
            <dt>{t('referrals.urgency')}</dt>
            <dd>{t(`referrals.urgency.${r.urgency}`)}</dd>
          </div>
          <div className="details-row">
            <dt>{t('referrals.organization')}</dt>
            <dd>{r.resource.name}</dd>
          </div>
          {r.service ? (
            <div className="details-row">
              <dt>{t('referrals.service')}</dt>
              <dd data-testid="referral-service">{r.service.name}</dd>
            </div>
          ) : null}
          {r.location ? (
            <div className="details-row">
              <dt>{t('referrals.location')}</dt>
              <dd data-testid="referral-location">{r.location.name}</dd>
            </div>
          ) : null}
          {r.notes ? (
            <div className="details-row">
              <dt>{t('referrals.notes')}</dt>
              <dd className="pre-wrap">{r.notes}</dd>
            </div>
          ) : null}
          {r.appointment ? (
            <div className="details-row">
              <dt>{t('referrals.appointment')}</dt>
              <dd data-testid="referral-appointment">{[formatDate(r.appointment.on, locale), r.appointment.time, r.appointment.place].filter(Boolean).join(' · ')}</dd>
            </div>
          ) : null}
          {r.outcome ? (
            <div className="details-row">
              <dt>{t('referrals.outcome')}</dt>
              <dd>{t(`referrals.outcome.${r.outcome}`)}</dd>
            </div>
          ) : null}
          {r.sentAt ? (
            <div className="details-row">
              <dt>{t('referrals.status.sent')}</dt>
              <dd>{formatDateTime(r.sentAt, locale)}</dd>
            </div>
          ) : null}
          <div className="details-row">
            <dt>{t('referrals.fhirLabel')}</dt>
            <dd>
              <code>{r.fhirTaskStatus}</code>
            </dd>
          </div>
        </dl>
        {r.notice ? <p className="redisclosure-notice" data-testid="referral-notice">{t('referrals.notice', { notice: r.notice })}</p> : null}
      </section>

      {writer && r.next.length > 0 ? (
        <section className="panel referral-next-panel" aria-labelledby="referral-next">
          <h2 id="referral-next" ref={stepsRef} tabIndex={-1}>
            {t('referrals.nextSteps')}
          </h2>
          {form === null ? (
            <div className="button-row">
              {r.next.map((to) => {
                if (to === 'appointment_scheduled') {
                  return (
                    <button key={to} type="button" className="btn btn-primary" onClick={() => setForm({ kind: 'appointment' })}>
                      {t(rescheduling ? 'referrals.action.reschedule' : 'referrals.action.appointment_scheduled')}
                    </button>
                  );
                }
                if (to === 'closed') {
                  return (
                    <button key={to} type="button" className="btn btn-secondary" onClick={() => setForm({ kind: 'close' })}>
                      {t('referrals.action.closed')}
                    </button>
                  );
                }
                if (to === 'draft') return null;
                return (
                  <button key={to} type="button" className={to === 'declined' || to === 'no_show' ? 'btn btn-secondary' : 'btn btn-primary'} disabled={busy} onClick={() => void go(to)}>
                    {t(`referrals.action.${to}`)}
                  </button>
                );
              })}
            </div>
          ) : null}
          {form?.kind === 'appointment' ? <AppointmentForm referral={r} onDone={moved} onCancel={() => setForm(null)} onReload={onReload} /> : null}
          {form?.kind === 'close' ? <CloseForm referral={r} onDone={moved} onCancel={() => setForm(null)} onReload={onReload} /> : null}
        </section>
      ) : null}

      {writer ? (
        <section className="panel referral-print-panel" aria-labelledby="referral-print">
          <h2 id="referral-print">{t('referrals.printout.heading')}</h2>
          {printing ? (
            <PrintoutForm
              referral={r}
              onPrinted={(p) => {
                setPrinting(false);
                setConsentMessage(null);
                setPrinted(p);
                announce(t('referrals.printout.recorded', { name: p.disclosure.recipientName }));
              }}
              onConsentMissing={(message, resource) => {
                setConsentFor(resource);
                setConsentMessage(message);
              }}
              onCancel={() => setPrinting(false)}
              onReload={onReload}
            />
          ) : (
            <>
              <p className="muted small">{t('referrals.printout.hint')}</p>
              <div className="button-row">
                <button type="button" className="btn btn-secondary" onClick={() => setPrinting(true)}>
                  {t('referrals.printout.open')}
                </button>
                {printed ? (
                  <button type="button" className="btn btn-secondary" onClick={() => window.print()}>
                    {t('referrals.printout.again')}
                  </button>
                ) : null}
              </div>
            </>
          )}
        </section>
      ) : null}

      <section className="panel" aria-labelledby="referral-timeline">
        <h2 id="referral-timeline">{t('referrals.timeline')}</h2>
        <ol className="referral-timeline" data-testid="referral-timeline">
          {r.events.map((e) => (
            <li key={e.id}>
              <strong>{t(`referrals.status.${e.to}`)}</strong> · {formatDateTime(e.at, locale)}
              {e.by ? ` · ${t('referrals.by', { name: e.by.name })}` : ''}
              {e.appointmentOn ? ` · ${[formatDate(e.appointmentOn, locale), e.appointmentTime, e.appointmentPlace].filter(Boolean).join(' · ')}` : ''}
              {e.outcome ? ` · ${t(`referrals.outcome.${e.outcome}`)}` : ''}
              {e.note ? <p className="muted small pre-wrap">{e.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </Page>
  );
}

interface StepFormProps {
  referral: Referral;
  onDone: (r: Referral) => void;
  onCancel: () => void;
  onReload: () => void;
}

const fieldId = (path: string) => `referral-${path}`;

function useStepForm(onDone: (r: Referral) => void) {
  const { t } = useI18n();
  const result = useRef<Referral | null>(null);
  const state = useInlineActionForm(
    () => {
      if (result.current) onDone(result.current);
    },
    (err) => (err.code === 'stale_version' ? t('referrals.stale') : err.message),
  );
  return { state, result };
}

function AppointmentForm({ referral: r, onDone, onCancel, onReload }: StepFormProps) {
  const { t } = useI18n();
  const { state, result } = useStepForm(onDone);
  const [on, setOn] = useState(r.appointment?.on ?? todayIso());
  const [time, setTime] = useState(r.appointment?.time ?? '');
  const [place, setPlace] = useState(r.appointment?.place ?? '');
  const [note, setNote] = useState('');
  const labels = { appointmentOn: t('referrals.appointmentOn'), appointmentTime: t('referrals.appointmentTime'), appointmentPlace: t('referrals.appointmentPlace'), note: t('referrals.note') };
  return (
    <InlineActionForm
      title={t(r.status === 'accepted' ? 'referrals.action.appointment_scheduled' : 'referrals.action.reschedule')}
      submitLabel={t('referrals.action.confirm')}
      state={state}
      labels={labels}
      onSubmit={() =>
        void state.submit(
          referralTransitionInput,
          { to: 'appointment_scheduled', version: r.version, appointmentOn: on, appointmentTime: time || null, appointmentPlace: place, note },
          async (input) => (result.current = await referralsApi.transition(r.id, input)),
          '',
        )
      }
      onCancel={onCancel}
      onReload={onReload}
      className="referral-step-form"
      titleId="referral-step-title"
      fieldId={fieldId}
      reloadLabel={t('consents.reload')}
    >
      <TextField name="appointmentOn" id={fieldId('appointmentOn')} type="date" label={labels.appointmentOn} value={on} onChange={setOn} error={state.errorOf('appointmentOn')} />
      <TextField name="appointmentTime" id={fieldId('appointmentTime')} type="time" label={labels.appointmentTime} optional value={time} onChange={setTime} error={state.errorOf('appointmentTime')} />
      <TextField name="appointmentPlace" id={fieldId('appointmentPlace')} label={labels.appointmentPlace} optional value={place} onChange={setPlace} error={state.errorOf('appointmentPlace')} />
      <TextField name="note" id={fieldId('note')} label={labels.note} optional value={note} onChange={setNote} error={state.errorOf('note')} />
    </InlineActionForm>
  );
}

/**
 * Whom the packet is printed for and why. The server checks the consent: when
 * none covers it, the page says what is missing (with a link to record one) and
 * the form stays open.
 */
function PrintoutForm({
  referral: r,
  onPrinted,
  onConsentMissing,
  onCancel,
  onReload,
}: {
  referral: Referral;
  onPrinted: (p: Printed) => void;
  onConsentMissing: (message: string, resource: ChosenResource) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const { t } = useI18n();
  const result = useRef<Printed | null>(null);
  const state = useInlineActionForm(
    () => {
      if (result.current) onPrinted(result.current);
    },
    (err) => err.message,
  );
  const [recipient, setRecipient] = useState<ChosenResource>(r.resource);
  const [purpose, setPurpose] = useState<ConsentPurpose>('treatment_referral');
  const labels = { recipientResourceId: t('referrals.printout.recipient'), purpose: t('referrals.printout.purpose') };
  const fieldIdOf = (path: string) => (path === 'recipientResourceId' ? 'field-printout-recipient-q' : `printout-${path}`);
  return (
    <InlineActionForm
      title={t('referrals.printout.open')}
      submitLabel={t('referrals.printout.submit')}
      state={state}
      labels={labels}
      onSubmit={() =>
        void state.submit(
          printoutInput,
          { recipientResourceId: recipient.id, purpose, information: [...REFERRAL_DISCLOSES], referralId: r.id },
          async (input) => {
            result.current = null;
            try {
              const disclosure = await consentsApi.printout(r.participantId, input);
              const participant = await participantsApi.get(r.participantId);
              result.current = { disclosure, participantName: displayName(participant) };
            } catch (err) {
              if (isApiError(err) && err.code === 'consent_required') onConsentMissing(err.message, recipient);
              else throw err;
            }
          },
          '',
        )
      }
      onCancel={onCancel}
      onReload={onReload}
      className="referral-step-form"
      titleId="printout-form-title"
      fieldId={fieldIdOf}
      reloadLabel={t('consents.reload')}
    >
      <DirectoryPicker idPrefix="printout-recipient" legend={labels.recipientResourceId} chosen={recipient} onChoose={setRecipient} error={state.errorOf('recipientResourceId')} />
      <SelectField
        name="purpose"
        id={fieldIdOf('purpose')}
        label={labels.purpose}
        value={purpose}
        onChange={(v) => setPurpose(v as ConsentPurpose)}
        options={CONSENT_PURPOSES.map((v) => ({ value: v, label: t(`consents.purpose.${v}`) }))}
        error={state.errorOf('purpose')}
      />
    </InlineActionForm>
  );
}

function CloseForm({ referral: r, onDone, onCancel, onReload }: StepFormProps) {
  const { t } = useI18n();
  const { state, result } = useStepForm(onDone);
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const labels = { outcome: t('referrals.outcome'), note: t('referrals.note') };
  return (
    <InlineActionForm
      title={t('referrals.action.closed')}
      submitLabel={t('referrals.action.confirm')}
      state={state}
      labels={labels}
      onSubmit={() =>
        void state.submit(referralTransitionInput, { to: 'closed', version: r.version, outcome, note }, async (input) => (result.current = await referralsApi.transition(r.id, input)), '')
      }
      onCancel={onCancel}
      onReload={onReload}
      className="referral-step-form"
      titleId="referral-step-title"
      fieldId={fieldId}
      reloadLabel={t('consents.reload')}
    >
      <SelectField
        name="outcome"
        id={fieldId('outcome')}
        label={labels.outcome}
        value={outcome}
        onChange={setOutcome}
        placeholder=""
        options={CLOSE_OUTCOMES.map((v) => ({ value: v, label: t(`referrals.outcome.${v}`) }))}
        error={state.errorOf('outcome')}
      />
      <TextField name="note" id={fieldId('note')} label={labels.note} optional value={note} onChange={setNote} error={state.errorOf('note')} />
    </InlineActionForm>
  );
}
