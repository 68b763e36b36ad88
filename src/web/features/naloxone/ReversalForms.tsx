/**
 * A reported use of a kit (a reversal) and a refill request. From the
 * participant page they belong to the participant (linked to one of their
 * distributions when known); from the naloxone page they stand alone (a
 * community member's report), linked when known to one of the site's community
 * distributions. A refill may name the reversal that used the kits.
 */
import { useState } from 'react';
import { ADMINISTERED_BY, REFILL_REASONS, refillInput, reversalInput, SURVIVED, type Distribution, type Reversal } from '../../../core/naloxone.ts';
import { formatDate, todayIso } from '../../i18n/format.ts';
import { useI18n, type TFunction } from '../../i18n/I18nProvider.tsx';
import { RadioGroup } from '../../ui/ChoiceGroup.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { FormShell, fieldId, numberOrUndefined, orUndefined, useNaloxoneForm, type FormProps } from './formKit.tsx';
import { naloxoneApi } from './naloxoneApi.ts';

interface LinkProps extends FormProps {
  siteId: string;
  participantId?: string;
  /** The distributions the kit may have come from (the participant's, or the site's community ones). */
  distributions?: readonly Distribution[];
  /** For a refill: the reversals that may have used the kits. */
  reversals?: readonly Reversal[];
}

/** "Yes" / "No" / "Not known" as true / false / null. */
const tri = (v: string) => (v === 'yes' ? true : v === 'no' ? false : null);

export function whom(d: Distribution, t: TFunction): string {
  if (d.recipientType === 'participant') return t('naloxone.toParticipant');
  if (d.recipientType === 'support_person' && d.relationship) {
    const relationship = t(`naloxone.relationship.${d.relationship}`);
    return d.recipientName ? t('naloxone.toSupport', { relationship, name: d.recipientName }) : t('naloxone.toSupportUnnamed', { relationship });
  }
  if (!d.communityRecipient) return '';
  const people = t(`naloxone.community.${d.communityRecipient}`);
  return d.zip ? t('naloxone.toCommunity', { people, count: d.peopleCount ?? 1, zip: d.zip }) : people;
}

/** The distribution as one line: its date, kits and who received them. */
export function distributionLine(d: Distribution, t: TFunction, locale: string): string {
  return t('naloxone.distributionOption', { date: formatDate(d.distributedOn, locale), kits: d.kits, whom: whom(d, t) });
}

const yesNoWord = (v: boolean | null, t: TFunction) => t(v === null ? 'naloxone.unknown' : v ? 'naloxone.yes' : 'naloxone.no');

/** What else was reported about a reversal: EMS, rescue breathing, ZIP, and the kits it came from when linked (and known here). */
export function reversalFacts(r: Reversal, distributions: readonly Distribution[], t: TFunction, locale: string): string {
  const from = r.distributionId ? distributions.find((d) => d.id === r.distributionId) : undefined;
  return [
    t('naloxone.emsCalledFact', { answer: yesNoWord(r.emsCalled, t) }),
    t('naloxone.rescueBreathingFact', { answer: yesNoWord(r.rescueBreathing, t) }),
    r.zip ? t('naloxone.zipFact', { zip: r.zip }) : null,
    r.distributionId ? t('naloxone.kitFrom', { distribution: from ? distributionLine(from, t, locale) : t('naloxone.kitFromUnlisted') }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The reversal as one line, for a choice of it. */
export function reversalLine(r: Reversal, t: TFunction, locale: string): string {
  return t('naloxone.reversalSummary', { date: formatDate(r.occurredOn, locale), who: t(`naloxone.administered.${r.administeredBy}`), doses: r.dosesUsed, survived: t(`naloxone.${r.survived}`) });
}

function useDistributionOptions(distributions: readonly Distribution[]) {
  const { t, locale } = useI18n();
  return distributions.map((d) => ({ value: d.id, label: distributionLine(d, t, locale) }));
}

export function ReversalForm({ siteId, participantId, distributions = [], onDone, onCancel, onReload }: LinkProps) {
  const { t } = useI18n();
  const state = useNaloxoneForm(onDone);
  const distributionOptions = useDistributionOptions(distributions);
  const [v, setV] = useState({ distributionId: '', occurredOn: todayIso(), zip: '', administeredBy: '', dosesUsed: '1', survived: 'unknown', emsCalled: 'unknown', rescueBreathing: 'unknown', note: '' });
  const patch = (p: Partial<typeof v>) => setV((old) => ({ ...old, ...p }));
  const labels = {
    distributionId: t('naloxone.distributionId'),
    occurredOn: t('naloxone.occurredOn'),
    zip: t('naloxone.zip'),
    administeredBy: t('naloxone.administeredBy'),
    dosesUsed: t('naloxone.dosesUsed'),
    survived: t('naloxone.survived'),
    emsCalled: t('naloxone.emsCalled'),
    rescueBreathing: t('naloxone.rescueBreathing'),
    note: t('naloxone.note'),
  };
  const yesNo = SURVIVED.map((s) => ({ value: s, label: t(`naloxone.${s}`) }));
  const send = () =>
    void state.submit(
      reversalInput,
      {
        siteId,
        participantId,
        distributionId: orUndefined(v.distributionId),
        occurredOn: v.occurredOn,
        zip: orUndefined(v.zip.trim()),
        administeredBy: orUndefined(v.administeredBy),
        dosesUsed: numberOrUndefined(v.dosesUsed),
        survived: v.survived,
        emsCalled: tri(v.emsCalled),
        rescueBreathing: tri(v.rescueBreathing),
        note: v.note,
      },
      (input) => naloxoneApi.recordReversal(input),
      t('naloxone.reversalRecorded'),
    );
  return (
    <FormShell title={t('naloxone.reversal')} submitLabel={t('naloxone.reversal')} state={state} labels={labels} onSubmit={send} onCancel={onCancel} onReload={onReload}>
      {distributionOptions.length > 0 ? (
        <SelectField id={fieldId('distributionId')} name="distributionId" label={labels.distributionId} value={v.distributionId} options={distributionOptions}
          placeholder={t('naloxone.distributionUnknown')} onChange={(distributionId) => patch({ distributionId })} error={state.errorOf('distributionId')} />
      ) : null}
      <TextField id={fieldId('occurredOn')} type="date" name="occurredOn" label={labels.occurredOn} hint={t('naloxone.dateHint')} max={todayIso()} value={v.occurredOn}
        onChange={(occurredOn) => patch({ occurredOn })} error={state.errorOf('occurredOn')} />
      <TextField id={fieldId('zip')} name="zip" label={labels.zip} optional inputMode="numeric" maxLength={5} autoComplete="off" value={v.zip} onChange={(zip) => patch({ zip })}
        error={state.errorOf('zip')} />
      <SelectField id={fieldId('administeredBy')} name="administeredBy" label={labels.administeredBy} value={v.administeredBy} placeholder={t('ui.choose')}
        options={ADMINISTERED_BY.map((a) => ({ value: a, label: t(`naloxone.administered.${a}`) }))} onChange={(administeredBy) => patch({ administeredBy })}
        error={state.errorOf('administeredBy')} />
      <TextField id={fieldId('dosesUsed')} type="number" inputMode="numeric" min={1} max={20} name="dosesUsed" label={labels.dosesUsed} value={v.dosesUsed}
        onChange={(dosesUsed) => patch({ dosesUsed })} error={state.errorOf('dosesUsed')} />
      <RadioGroup name="survived" legend={labels.survived} options={yesNo} value={v.survived} onChange={(survived) => patch({ survived })} error={state.errorOf('survived')} inline />
      <RadioGroup name="emsCalled" legend={labels.emsCalled} options={yesNo} value={v.emsCalled} onChange={(emsCalled) => patch({ emsCalled })} inline />
      <RadioGroup name="rescueBreathing" legend={labels.rescueBreathing} options={yesNo} value={v.rescueBreathing} onChange={(rescueBreathing) => patch({ rescueBreathing })} inline />
      <TextField id={fieldId('note')} name="note" label={labels.note} optional maxLength={1000} value={v.note} onChange={(note) => patch({ note })} error={state.errorOf('note')} />
    </FormShell>
  );
}

export function RefillForm({ siteId, participantId, distributions = [], reversals = [], onDone, onCancel, onReload }: LinkProps) {
  const { t, locale } = useI18n();
  const state = useNaloxoneForm(onDone);
  const distributionOptions = useDistributionOptions(distributions);
  const reversalOptions = reversals.map((r) => ({ value: r.id, label: reversalLine(r, t, locale) }));
  const [v, setV] = useState({ reason: '', distributionId: '', reversalId: '', requestedOn: todayIso(), note: '' });
  const patch = (p: Partial<typeof v>) => setV((old) => ({ ...old, ...p }));
  const labels = {
    reason: t('naloxone.refillReason'),
    distributionId: t('naloxone.distributionId'),
    reversalId: t('naloxone.reversalId'),
    requestedOn: t('naloxone.requestedOn'),
    note: t('naloxone.note'),
  };
  // Only kits that were used come from a reversal.
  const used = v.reason === 'used';
  const send = () =>
    void state.submit(
      refillInput,
      {
        siteId,
        participantId,
        reason: orUndefined(v.reason),
        distributionId: orUndefined(v.distributionId),
        reversalId: used ? orUndefined(v.reversalId) : undefined,
        requestedOn: v.requestedOn,
        note: v.note,
      },
      (input) => naloxoneApi.requestRefill(input),
      t('naloxone.refillRecorded'),
    );
  return (
    <FormShell title={t('naloxone.refill')} submitLabel={t('naloxone.refill')} state={state} labels={labels} onSubmit={send} onCancel={onCancel} onReload={onReload}>
      <SelectField id={fieldId('reason')} name="reason" label={labels.reason} value={v.reason} placeholder={t('ui.choose')}
        options={REFILL_REASONS.map((r) => ({ value: r, label: t(`naloxone.refillReason.${r}`) }))} onChange={(reason) => patch({ reason })} error={state.errorOf('reason')} />
      {distributionOptions.length > 0 ? (
        <SelectField id={fieldId('distributionId')} name="distributionId" label={labels.distributionId} value={v.distributionId} options={distributionOptions}
          placeholder={t('naloxone.distributionUnknown')} onChange={(distributionId) => patch({ distributionId })} error={state.errorOf('distributionId')} />
      ) : null}
      {used && reversalOptions.length > 0 ? (
        <SelectField id={fieldId('reversalId')} name="reversalId" label={labels.reversalId} value={v.reversalId} options={reversalOptions}
          placeholder={t('naloxone.reversalNotRecorded')} onChange={(reversalId) => patch({ reversalId })} error={state.errorOf('reversalId')} />
      ) : null}
      <TextField id={fieldId('requestedOn')} type="date" name="requestedOn" label={labels.requestedOn} max={todayIso()} value={v.requestedOn}
        onChange={(requestedOn) => patch({ requestedOn })} error={state.errorOf('requestedOn')} />
      <TextField id={fieldId('note')} name="note" label={labels.note} optional maxLength={1000} value={v.note} onChange={(note) => patch({ note })} error={state.errorOf('note')} />
    </FormShell>
  );
}
