/**
 * Record a participant's written Part 2 consent: who discloses, to whom (a class
 * such as "my treating providers", or one organization found in the directory),
 * what information, the purpose, expiry date or event, the signature (typed, or
 * drawn on the screen) and date; irrevocable until a date for a criminal justice
 * referral. `?resourceId=&resourceName=` starts with that organization chosen and
 * `?return=` says where to go after saving (the referral waiting to be sent).
 */
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { CONSENT_INFORMATION, CONSENT_PURPOSES, consentCreateInput, type ConsentCreateInput } from '../../../core/consents.ts';
import { displayName } from '../../../core/names.ts';
import { isApiError } from '../../api/errors.ts';
import { participantsApi } from '../../api/participants.ts';
import { todayIso } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { CheckboxGroup, RadioGroup } from '../../ui/ChoiceGroup.tsx';
import { TextField } from '../../ui/Field.tsx';
import { InlineActionForm, useInlineActionForm } from '../../ui/InlineActionForm.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { ParticipantNotFound } from '../participants/ParticipantNotFound.tsx';
import { flashState } from '../shell/FlashMessage.tsx';
import { Page } from '../shell/Page.tsx';
import { consentsApi } from './consentsApi.ts';
import { DirectoryPicker, type ChosenResource } from './DirectoryPicker.tsx';
import { SignaturePad } from './SignaturePad.tsx';
import './consents.css';

const fieldId = (path: string) => `consent-${path.replace(/\./g, '-')}`;

/** Only paths under the app's own pages may be returned to. */
function safeReturn(path: string | null, fallback: string): string {
  return path && path.startsWith('/') && !path.startsWith('//') ? path : fallback;
}

export function ConsentFormPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const participant = useAsync((signal) => participantsApi.get(id, signal), [id]);
  const back = safeReturn(search.get('return'), `/participants/${id}#consents`);
  const preset = search.get('resourceId');

  const [discloser, setDiscloser] = useState<string | null>(null);
  const [recipientKind, setRecipientKind] = useState<'class' | 'resource'>(preset ? 'resource' : 'class');
  const [resource, setResource] = useState<ChosenResource | null>(preset ? { id: preset, name: search.get('resourceName') ?? '' } : null);
  const [information, setInformation] = useState<string[]>(['referral_information']);
  const [purposes, setPurposes] = useState<string[]>(['treatment_referral', 'care_coordination']);
  const [purposeOther, setPurposeOther] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [expiryEvent, setExpiryEvent] = useState('');
  const [signatureKind, setSignatureKind] = useState<'typed' | 'drawn'>('typed');
  const [typedName, setTypedName] = useState('');
  const [image, setImage] = useState('');
  const [signedOn, setSignedOn] = useState(todayIso());
  const [irrevocableUntil, setIrrevocableUntil] = useState('');

  const state = useInlineActionForm(
    // Back on the participant page the consents section says it where the consent is; anywhere else the page's own confirmation does.
    (message) => void navigate(back, { state: back.startsWith(`/participants/${id}#consents`) ? { consentFlash: message } : flashState(message) }),
    (err) => err.message,
  );

  if (participant.status === 'error' && isApiError(participant.error) && participant.error.isNotFound) return <ParticipantNotFound />;
  if (participant.status !== 'ok') return <Loading label={t('app.loading')} />;
  const p = participant.data;
  const discloserValue = discloser ?? `${p.siteName} peer recovery program`;

  const labels: Record<string, string> = {
    discloser: t('consents.discloser'),
    'recipient.resourceId': t('consents.organizationId'),
    recipient: t('consents.recipient'),
    information: t('consents.information'),
    purposes: t('consents.purposes'),
    purposeOther: t('consents.purposeOther'),
    expiresOn: t('consents.expiresOn'),
    expiryEvent: t('consents.expiryEvent'),
    'signature.typedName': t('consents.typedName'),
    'signature.image': t('consents.signatureKind.drawn'),
    signedOn: t('consents.signedOn'),
    irrevocableUntil: t('consents.irrevocableUntil'),
  };

  const raw: ConsentCreateInput | Record<string, unknown> = {
    discloser: discloserValue,
    recipient: recipientKind === 'class' ? { kind: 'class', recipientClass: 'treating_providers' } : { kind: 'resource', resourceId: resource?.id ?? '' },
    information,
    purposes,
    purposeOther,
    expiresOn: expiresOn || null,
    expiryEvent,
    signature: signatureKind === 'typed' ? { kind: 'typed', typedName } : { kind: 'drawn', typedName, image },
    signedOn,
    irrevocableUntil: irrevocableUntil || null,
  };
  const court = purposes.includes('court_or_probation_reporting');

  return (
    <Page title={t('consents.newFor', { name: displayName(p) })} narrow>
      <InlineActionForm
        title={t('consents.record')}
        submitLabel={t('consents.save')}
        state={state}
        labels={labels}
        onSubmit={() => void state.submit(consentCreateInput, raw, (input) => consentsApi.record(id, input), t('consents.saved'))}
        onCancel={() => void navigate(back)}
        onReload={() => void navigate(back)}
        className="consent-form"
        titleId="consent-form-title"
        fieldId={fieldId}
        reloadLabel={t('consents.reload')}
      >
        <TextField name="discloser" id={fieldId('discloser')} label={t('consents.discloser')} hint={t('consents.discloserHint')} value={discloserValue} onChange={setDiscloser} error={state.errorOf('discloser')} />
        <RadioGroup
          name="recipientKind"
          legend={t('consents.recipient')}
          value={recipientKind}
          onChange={(v) => setRecipientKind(v === 'resource' ? 'resource' : 'class')}
          options={[
            { value: 'class', label: t('consents.recipientClass.treating_providers') },
            { value: 'resource', label: t('consents.recipientKind.resource') },
          ]}
        />
        {recipientKind === 'resource' ? (
          <DirectoryPicker idPrefix={fieldId('recipient.resourceId')} legend={t('consents.organizationId')} chosen={resource} onChoose={setResource} error={state.errorOf('recipient.resourceId')} />
        ) : null}
        <CheckboxGroup
          name="information"
          legend={t('consents.information')}
          values={information}
          onChange={setInformation}
          options={CONSENT_INFORMATION.map((v) => ({ value: v, label: t(`consents.info.${v}`) }))}
          error={state.errorOf('information')}
        />
        <CheckboxGroup
          name="purposes"
          legend={t('consents.purposes')}
          values={purposes}
          onChange={setPurposes}
          options={CONSENT_PURPOSES.map((v) => ({ value: v, label: t(`consents.purpose.${v}`) }))}
          error={state.errorOf('purposes')}
        />
        {purposes.includes('other') ? (
          <TextField name="purposeOther" id={fieldId('purposeOther')} label={t('consents.purposeOther')} value={purposeOther} onChange={setPurposeOther} error={state.errorOf('purposeOther')} />
        ) : null}
        <TextField name="expiresOn" id={fieldId('expiresOn')} type="date" label={t('consents.expiresOn')} hint={t('consents.expiryHint')} value={expiresOn} onChange={setExpiresOn} error={state.errorOf('expiresOn')} />
        <TextField name="expiryEvent" id={fieldId('expiryEvent')} label={t('consents.expiryEvent')} optional value={expiryEvent} onChange={setExpiryEvent} error={state.errorOf('expiryEvent')} />
        <RadioGroup
          name="signatureKind"
          legend={t('consents.signature')}
          value={signatureKind}
          onChange={(v) => setSignatureKind(v === 'drawn' ? 'drawn' : 'typed')}
          options={[
            { value: 'typed', label: t('consents.signatureKind.typed') },
            { value: 'drawn', label: t('consents.signatureKind.drawn') },
          ]}
          inline
        />
        <TextField name="typedName" id={fieldId('signature.typedName')} label={t('consents.typedName')} value={typedName} onChange={setTypedName} autoComplete="off" error={state.errorOf('signature.typedName')} />
        {signatureKind === 'drawn' ? <SignaturePad id={fieldId('signature.image')} onChange={setImage} error={state.errorOf('signature.image')} /> : null}
        <TextField name="signedOn" id={fieldId('signedOn')} type="date" label={t('consents.signedOn')} value={signedOn} onChange={setSignedOn} error={state.errorOf('signedOn')} />
        {court ? (
          <TextField
            name="irrevocableUntil"
            id={fieldId('irrevocableUntil')}
            type="date"
            label={t('consents.irrevocableUntil')}
            hint={t('consents.irrevocableHint')}
            optional
            value={irrevocableUntil}
            onChange={setIrrevocableUntil}
            error={state.errorOf('irrevocableUntil')}
          />
        ) : null}
      </InlineActionForm>
    </Page>
  );
}
