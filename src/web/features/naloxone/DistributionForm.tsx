/**
 * Give kits: to the participant or someone in their support system (opened
 * from the participant page), or to community members at an event (opened from
 * the naloxone page: no names, only how many people, their ZIP and who they
 * are). Kits come from the earliest-expiring lot unless one is chosen. The
 * trainer is the person recording unless another of the site's staff is named.
 */
import { useState } from 'react';
import { COMMUNITY_RECIPIENTS, distributionInput, expiryStatus, SUPPORT_RELATIONSHIPS } from '../../../core/naloxone.ts';
import type { Site } from '../../../core/schemas.ts';
import { todayIso } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Checkbox, RadioGroup } from '../../ui/ChoiceGroup.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useMe } from '../auth/SessionProvider.tsx';
import { FormShell, fieldId, numberOrUndefined, orUndefined, useLotOptions, useNaloxoneForm, useProductOptions, type FormProps } from './formKit.tsx';
import { naloxoneApi } from './naloxoneApi.ts';

export function DistributionForm({ sites, siteId: initialSite, participantId, onDone, onCancel, onReload }: FormProps & { sites: readonly Site[]; siteId: string; participantId?: string }) {
  const { t } = useI18n();
  const state = useNaloxoneForm(onDone);
  const products = useProductOptions();
  const me = useMe();
  const [v, setV] = useState({
    siteId: initialSite,
    recipientType: participantId ? 'participant' : 'community',
    relationship: '',
    recipientName: '',
    communityRecipient: '',
    peopleCount: '1',
    zip: '',
    product: 'nasal_4mg',
    lotId: '',
    kits: '',
    distributedOn: todayIso(),
    trainingGiven: true,
    trainedById: me.user.id,
    location: '',
    eventName: '',
    note: '',
  });
  const patch = (p: Partial<typeof v>) => setV((old) => ({ ...old, ...p }));
  const stock = useAsync((signal) => naloxoneApi.stock(v.siteId, signal), [v.siteId]);
  const trainers = useAsync((signal) => naloxoneApi.trainers(v.siteId, signal), [v.siteId]);
  const trainerOptions = (trainers.data?.items ?? []).map((p) => ({ value: p.id, label: p.id === me.user.id ? t('naloxone.trainerMe', { name: p.name }) : p.name }));
  const today = todayIso();
  const lotOptions = useLotOptions((stock.data?.lots ?? []).filter((l) => l.product === v.product && expiryStatus(l.expiresOn, today) !== 'expired'));
  const community = v.recipientType === 'community';
  const labels = {
    siteId: t('naloxone.site'),
    recipientType: t('naloxone.recipientType'),
    relationship: t('naloxone.relationship'),
    recipientName: t('naloxone.recipientName'),
    communityRecipient: t('naloxone.communityRecipient'),
    peopleCount: t('naloxone.peopleCount'),
    zip: t('naloxone.zip'),
    product: t('naloxone.product'),
    lotId: t('naloxone.lotChoice'),
    kits: t('naloxone.kits'),
    distributedOn: t('naloxone.distributedOn'),
    trainingGiven: t('naloxone.trainingGiven'),
    trainedById: t('naloxone.trainedById'),
    location: t('naloxone.location'),
    eventName: t('naloxone.eventName'),
    note: t('naloxone.note'),
  };
  const send = () =>
    void state.submit(
      distributionInput,
      {
        siteId: v.siteId,
        recipientType: v.recipientType,
        participantId: community ? undefined : participantId,
        relationship: v.recipientType === 'support_person' ? orUndefined(v.relationship) : undefined,
        recipientName: v.recipientType === 'support_person' ? v.recipientName : undefined,
        communityRecipient: community ? orUndefined(v.communityRecipient) : undefined,
        peopleCount: community ? numberOrUndefined(v.peopleCount) : undefined,
        zip: orUndefined(v.zip.trim()),
        product: v.product,
        lotId: orUndefined(v.lotId),
        kits: numberOrUndefined(v.kits),
        distributedOn: v.distributedOn,
        trainingGiven: v.trainingGiven,
        // Left out until the list has loaded: the server then names the person recording.
        trainedById: v.trainingGiven && trainerOptions.some((o) => o.value === v.trainedById) ? v.trainedById : undefined,
        location: v.location,
        eventName: community ? v.eventName : undefined,
        note: v.note,
      },
      (input) => naloxoneApi.distribute(input),
      t('naloxone.distributed'),
    );
  const recipientTypes = (participantId ? (['participant', 'support_person'] as const) : (['community'] as const)).map((r) => ({ value: r, label: t(`naloxone.recipient.${r}`) }));
  return (
    <FormShell title={community ? t('naloxone.distributeCommunity') : t('naloxone.distributeTitle')} submitLabel={t('naloxone.distribute')} state={state} labels={labels}
      onSubmit={send} onCancel={onCancel} onReload={onReload}>
      {sites.length > 1 ? (
        <SelectField id={fieldId('siteId')} name="siteId" label={labels.siteId} value={v.siteId} options={sites.map((s) => ({ value: s.id, label: s.name }))}
          onChange={(siteId) => patch({ siteId, lotId: '', trainedById: me.user.id })} error={state.errorOf('siteId')} />
      ) : null}
      {participantId ? (
        <RadioGroup name="recipientType" legend={labels.recipientType} options={recipientTypes} value={v.recipientType} onChange={(recipientType) => patch({ recipientType })}
          error={state.errorOf('recipientType')} />
      ) : null}
      {v.recipientType === 'support_person' ? (
        <>
          <SelectField id={fieldId('relationship')} name="relationship" label={labels.relationship} value={v.relationship} placeholder={t('ui.choose')}
            options={SUPPORT_RELATIONSHIPS.map((r) => ({ value: r, label: t(`naloxone.relationship.${r}`) }))} onChange={(relationship) => patch({ relationship })} error={state.errorOf('relationship')} />
          <TextField id={fieldId('recipientName')} name="recipientName" label={labels.recipientName} hint={t('naloxone.recipientNameHint')} optional maxLength={120} autoComplete="off"
            value={v.recipientName} onChange={(recipientName) => patch({ recipientName })} error={state.errorOf('recipientName')} />
        </>
      ) : null}
      {community ? (
        <>
          <SelectField id={fieldId('communityRecipient')} name="communityRecipient" label={labels.communityRecipient} value={v.communityRecipient} placeholder={t('ui.choose')}
            options={COMMUNITY_RECIPIENTS.map((r) => ({ value: r, label: t(`naloxone.community.${r}`) }))} onChange={(communityRecipient) => patch({ communityRecipient })}
            error={state.errorOf('communityRecipient')} />
          <TextField id={fieldId('peopleCount')} type="number" inputMode="numeric" min={1} name="peopleCount" label={labels.peopleCount} value={v.peopleCount}
            onChange={(peopleCount) => patch({ peopleCount })} error={state.errorOf('peopleCount')} />
          <TextField id={fieldId('eventName')} name="eventName" label={labels.eventName} optional maxLength={200} value={v.eventName} onChange={(eventName) => patch({ eventName })}
            error={state.errorOf('eventName')} />
        </>
      ) : null}
      <TextField id={fieldId('zip')} name="zip" label={labels.zip} hint={t('naloxone.zipHint')} optional={!community} inputMode="numeric" maxLength={5} autoComplete="off"
        value={v.zip} onChange={(zip) => patch({ zip })} error={state.errorOf('zip')} />
      <SelectField id={fieldId('product')} name="product" label={labels.product} value={v.product} options={products} onChange={(product) => patch({ product, lotId: '' })}
        error={state.errorOf('product')} />
      <SelectField id={fieldId('lotId')} name="lotId" label={labels.lotId} value={v.lotId} options={lotOptions} placeholder={t('naloxone.lotAuto')}
        onChange={(lotId) => patch({ lotId })} error={state.errorOf('lotId')} />
      <TextField id={fieldId('kits')} type="number" inputMode="numeric" min={1} name="kits" label={labels.kits} value={v.kits} onChange={(kits) => patch({ kits })} error={state.errorOf('kits')} />
      <TextField id={fieldId('distributedOn')} type="date" name="distributedOn" label={labels.distributedOn} hint={t('naloxone.dateHint')} max={today} value={v.distributedOn}
        onChange={(distributedOn) => patch({ distributedOn })} error={state.errorOf('distributedOn')} />
      <Checkbox name="trainingGiven" label={labels.trainingGiven} checked={v.trainingGiven} onChange={(trainingGiven) => patch({ trainingGiven })} />
      {v.trainingGiven && trainerOptions.length > 0 ? (
        <SelectField id={fieldId('trainedById')} name="trainedById" label={labels.trainedById} value={v.trainedById} options={trainerOptions}
          onChange={(trainedById) => patch({ trainedById })} error={state.errorOf('trainedById')} />
      ) : null}
      <TextField id={fieldId('location')} name="location" label={labels.location} hint={t('naloxone.locationHint')} optional maxLength={200} value={v.location}
        onChange={(location) => patch({ location })} error={state.errorOf('location')} />
      <TextField id={fieldId('note')} name="note" label={labels.note} optional maxLength={1000} value={v.note} onChange={(note) => patch({ note })} error={state.errorOf('note')} />
    </FormShell>
  );
}
