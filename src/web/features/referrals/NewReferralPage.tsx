/**
 * A new referral: the need (preselected from a screening's "Refer"), the
 * organization found in the directory (searched by the need's category first),
 * urgency and notes for the receiving organization. "Save as draft" keeps it in
 * Tandem; "Save and send" also sends it, which needs the participant's consent:
 * without one the referral page opens saying what consent is missing.
 */
import { useRef, useState, type SubmitEvent } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { displayName } from '../../../core/names.ts';
import { isReferralNeed, NEED_CATEGORY, REFERRAL_NEEDS, REFERRAL_URGENCIES, referralCreateInput, type ReferralNeed } from '../../../core/referrals.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError, type FieldIssue } from '../../api/errors.ts';
import { participantsApi } from '../../api/participants.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { RadioGroup } from '../../ui/ChoiceGroup.tsx';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { useFocusWhen } from '../../ui/hooks.ts';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { DirectoryPicker, type ChosenResource } from '../consents/DirectoryPicker.tsx';
import { NoteField } from '../contacts/NoteField.tsx';
import { ParticipantNotFound } from '../participants/ParticipantNotFound.tsx';
import { Page } from '../shell/Page.tsx';
import { referralsApi } from './referralsApi.ts';

const FIELD_TARGET: Record<string, string> = {
  need: 'field-need',
  resourceId: 'field-referral-resource-q',
  urgency: 'field-urgency-0',
  notes: 'field-notes',
};

export function NewReferralPage() {
  const { t } = useI18n();
  const announce = useAnnounce();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const participant = useAsync((signal) => participantsApi.get(id, signal), [id]);
  const preset = search.get('need') ?? '';
  const [need, setNeed] = useState<ReferralNeed | ''>(isReferralNeed(preset) ? preset : '');
  const [resource, setResource] = useState<ChosenResource | null>(null);
  const [urgency, setUrgency] = useState<string>('routine');
  const [notes, setNotes] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);
  useFocusWhen(summaryRef, tick);

  if (participant.status === 'error' && isApiError(participant.error) && participant.error.isNotFound) return <ParticipantNotFound />;
  if (participant.status !== 'ok') return <Loading label={t('app.loading')} />;
  const name = displayName(participant.data);

  const labels: Record<string, string> = { need: t('referrals.need'), resourceId: t('referrals.organization'), urgency: t('referrals.urgency'), notes: t('referrals.notes') };
  const errorOf = (path: string) => issues.find((i) => i.path === path)?.message;
  const show = (found: FieldIssue[]) => {
    setIssues(found);
    setTick((n) => n + 1);
    announce(t('ui.errorSummaryTitle', { count: found.length }));
  };

  const save = async (send: boolean) => {
    if (busy) return;
    setFailure(null);
    const parsed = referralCreateInput.safeParse({ need, resourceId: resource?.id ?? '', serviceId: resource?.service?.id ?? null, locationId: resource?.location?.id ?? null, urgency, notes });
    if (!parsed.success) return show(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: need === '' && i.path[0] === 'need' ? t('referrals.chooseNeed') : i.path[0] === 'resourceId' ? t('referrals.chooseResource') : i.message })));
    setIssues([]);
    setBusy(true);
    try {
      const created = await referralsApi.create(id, parsed.data);
      if (!send) {
        void navigate(`/referrals/${created.id}`, { state: { flash: t('referrals.savedDraft') } });
        return;
      }
      try {
        await referralsApi.transition(created.id, { to: 'sent', version: created.version });
        void navigate(`/referrals/${created.id}`, { state: { flash: t('referrals.sentDone') } });
      } catch (err) {
        if (isApiError(err) && err.code === 'consent_required') void navigate(`/referrals/${created.id}`, { state: { consentMessage: err.message } });
        else void navigate(`/referrals/${created.id}`, { state: { error: describeError(err, t) } });
      }
    } catch (err) {
      if (isApiError(err) && err.status === 400 && err.details.length) show([...err.details]);
      else setFailure(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    void save(false);
  };

  return (
    <Page title={t('referrals.newFor', { name })} narrow>
      <form className="referral-form" noValidate aria-busy={busy} aria-label={t('referrals.newFor', { name })} onSubmit={onSubmit}>
        {failure ? (
          <Notice tone="error" live="assertive">
            <p>{failure}</p>
          </Notice>
        ) : null}
        <ErrorSummary ref={summaryRef} items={issues.map((i) => ({ targetId: FIELD_TARGET[i.path], message: labels[i.path] ? `${labels[i.path] ?? ''}: ${i.message}` : i.message }))} />
        <SelectField
          name="need"
          label={t('referrals.need')}
          value={need}
          onChange={(v) => {
            setNeed(isReferralNeed(v) ? v : '');
            setResource(null);
          }}
          placeholder=""
          options={REFERRAL_NEEDS.map((v) => ({ value: v, label: t(`referrals.need.${v}`) }))}
          error={errorOf('need')}
        />
        <DirectoryPicker
          key={need}
          idPrefix="referral-resource"
          legend={t('referrals.chooseOrganization')}
          chosen={resource}
          onChoose={setResource}
          category={need ? NEED_CATEGORY[need] : ''}
          error={errorOf('resourceId')}
        />
        <RadioGroup
          name="urgency"
          legend={t('referrals.urgency')}
          value={urgency}
          onChange={setUrgency}
          options={REFERRAL_URGENCIES.map((v) => ({ value: v, label: t(`referrals.urgency.${v}`) }))}
          error={errorOf('urgency')}
          inline
        />
        <NoteField name="notes" label={t('referrals.notes')} hint={t('referrals.notesHint')} optional value={notes} onChange={setNotes} error={errorOf('notes')} />
        <div className="button-row form-actions">
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void save(true)}>
            {busy ? t('ui.saving') : t('referrals.saveAndSend')}
          </button>
          <button type="submit" className="btn btn-secondary" disabled={busy}>
            {t('referrals.saveDraft')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => void navigate(`/participants/${id}#referrals`)}>
            {t('referrals.cancel')}
          </button>
        </div>
      </form>
    </Page>
  );
}
