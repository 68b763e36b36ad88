/**
 * The stock forms of a site's naloxone page (site managers and program
 * administrators): receive kits, transfer to another site, count and adjust,
 * record expired or lost kits. Each checks its input with the schema from core
 * and shows the server's field errors at their fields.
 */
import { useState } from 'react';
import { adjustInput, receiveInput, removeInput, transferInput, type LotStock } from '../../../core/naloxone.ts';
import type { Site } from '../../../core/schemas.ts';
import { todayIso } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { FormShell, fieldId, numberOrUndefined, orUndefined, useLotOptions, useNaloxoneForm, useProductOptions, type FormProps } from './formKit.tsx';
import { naloxoneApi } from './naloxoneApi.ts';

interface StockFormProps extends FormProps {
  siteId: string;
  lots: readonly LotStock[];
}

function useCommonLabels() {
  const { t } = useI18n();
  return { occurredOn: t('naloxone.occurredOn'), note: t('naloxone.note'), kits: t('naloxone.kits'), lotId: t('naloxone.lotId') };
}

function DateAndNote({ v, patch, errorOf }: { v: { occurredOn: string; note: string }; patch: (p: { occurredOn?: string; note?: string }) => void; errorOf: (p: string) => string | undefined }) {
  const { t } = useI18n();
  return (
    <>
      <TextField id={fieldId('occurredOn')} type="date" name="occurredOn" label={t('naloxone.occurredOn')} hint={t('naloxone.dateHint')} max={todayIso()}
        value={v.occurredOn} onChange={(occurredOn) => patch({ occurredOn })} error={errorOf('occurredOn')} />
      <TextField id={fieldId('note')} name="note" label={t('naloxone.note')} optional maxLength={1000} value={v.note} onChange={(note) => patch({ note })} error={errorOf('note')} />
    </>
  );
}

export function ReceiveForm({ siteId, onDone, onCancel, onReload }: StockFormProps) {
  const { t } = useI18n();
  const state = useNaloxoneForm(onDone);
  const products = useProductOptions();
  const labels = {
    ...useCommonLabels(),
    product: t('naloxone.product'),
    lotNumber: t('naloxone.lotNumber'),
    expiresOn: t('naloxone.expiresOn'),
    source: t('naloxone.source'),
  };
  const [v, setV] = useState({ product: 'nasal_4mg', lotNumber: '', expiresOn: '', kits: '', source: '', occurredOn: todayIso(), note: '' });
  const patch = (p: Partial<typeof v>) => setV((old) => ({ ...old, ...p }));
  const send = () =>
    void state.submit(
      receiveInput,
      { kind: 'received', siteId, product: v.product, lotNumber: v.lotNumber, expiresOn: orUndefined(v.expiresOn), kits: numberOrUndefined(v.kits), source: v.source, occurredOn: v.occurredOn, note: v.note },
      (input) => naloxoneApi.recordMovement(input),
      t('naloxone.received'),
    );
  return (
    <FormShell title={t('naloxone.receive')} submitLabel={t('naloxone.receive')} state={state} labels={labels} onSubmit={send} onCancel={onCancel} onReload={onReload}>
      <SelectField id={fieldId('product')} name="product" label={labels.product} value={v.product} options={products} onChange={(product) => patch({ product })} error={state.errorOf('product')} />
      <TextField id={fieldId('lotNumber')} name="lotNumber" label={labels.lotNumber} maxLength={60} autoComplete="off" value={v.lotNumber} onChange={(lotNumber) => patch({ lotNumber })} error={state.errorOf('lotNumber')} />
      <TextField id={fieldId('expiresOn')} type="date" name="expiresOn" label={labels.expiresOn} value={v.expiresOn} onChange={(expiresOn) => patch({ expiresOn })} error={state.errorOf('expiresOn')} />
      <TextField id={fieldId('kits')} type="number" inputMode="numeric" min={1} name="kits" label={labels.kits} value={v.kits} onChange={(kits) => patch({ kits })} error={state.errorOf('kits')} />
      <TextField id={fieldId('source')} name="source" label={labels.source} hint={t('naloxone.sourceHint')} maxLength={200} value={v.source} onChange={(source) => patch({ source })} error={state.errorOf('source')} />
      <DateAndNote v={v} patch={patch} errorOf={state.errorOf} />
    </FormShell>
  );
}

export function TransferForm({ siteId, lots, sites, onDone, onCancel, onReload }: StockFormProps & { sites: readonly Site[] }) {
  const { t } = useI18n();
  const state = useNaloxoneForm(onDone);
  const lotOptions = useLotOptions(lots);
  const labels = { ...useCommonLabels(), toSiteId: t('naloxone.toSiteId') };
  const [v, setV] = useState({ lotId: '', toSiteId: '', kits: '', occurredOn: todayIso(), note: '' });
  const patch = (p: Partial<typeof v>) => setV((old) => ({ ...old, ...p }));
  const send = () =>
    void state.submit(
      transferInput,
      { kind: 'transfer_out', siteId, lotId: orUndefined(v.lotId), toSiteId: orUndefined(v.toSiteId), kits: numberOrUndefined(v.kits), occurredOn: v.occurredOn, note: v.note },
      (input) => naloxoneApi.recordMovement(input),
      t('naloxone.transferred'),
    );
  const siteOptions = sites.filter((s) => s.id !== siteId && s.active).map((s) => ({ value: s.id, label: s.name }));
  return (
    <FormShell title={t('naloxone.transfer')} submitLabel={t('naloxone.transfer')} state={state} labels={labels} onSubmit={send} onCancel={onCancel} onReload={onReload}>
      <SelectField id={fieldId('lotId')} name="lotId" label={labels.lotId} value={v.lotId} options={lotOptions} placeholder={t('ui.choose')} onChange={(lotId) => patch({ lotId })} error={state.errorOf('lotId')} />
      <SelectField id={fieldId('toSiteId')} name="toSiteId" label={labels.toSiteId} value={v.toSiteId} options={siteOptions} placeholder={t('ui.choose')} onChange={(toSiteId) => patch({ toSiteId })} error={state.errorOf('toSiteId')} />
      <TextField id={fieldId('kits')} type="number" inputMode="numeric" min={1} name="kits" label={labels.kits} value={v.kits} onChange={(kits) => patch({ kits })} error={state.errorOf('kits')} />
      <DateAndNote v={v} patch={patch} errorOf={state.errorOf} />
    </FormShell>
  );
}

export function AdjustForm({ siteId, lots, onDone, onCancel, onReload }: StockFormProps) {
  const { t } = useI18n();
  const state = useNaloxoneForm(onDone);
  const lotOptions = useLotOptions(lots, { includeEmpty: true });
  const labels = { ...useCommonLabels(), countedKits: t('naloxone.countedKits'), reason: t('naloxone.reason') };
  const [v, setV] = useState({ lotId: '', countedKits: '', reason: '', occurredOn: todayIso(), note: '' });
  const patch = (p: Partial<typeof v>) => setV((old) => ({ ...old, ...p }));
  const send = () =>
    void state.submit(
      adjustInput,
      { kind: 'adjustment', siteId, lotId: orUndefined(v.lotId), countedKits: numberOrUndefined(v.countedKits), reason: v.reason, occurredOn: v.occurredOn, note: v.note },
      (input) => naloxoneApi.recordMovement(input),
      t('naloxone.adjusted'),
    );
  return (
    <FormShell title={t('naloxone.adjust')} submitLabel={t('naloxone.adjust')} state={state} labels={labels} onSubmit={send} onCancel={onCancel} onReload={onReload}>
      <SelectField id={fieldId('lotId')} name="lotId" label={labels.lotId} value={v.lotId} options={lotOptions} placeholder={t('ui.choose')} onChange={(lotId) => patch({ lotId })} error={state.errorOf('lotId')} />
      <TextField id={fieldId('countedKits')} type="number" inputMode="numeric" min={0} name="countedKits" label={labels.countedKits} hint={t('naloxone.countedHint')} value={v.countedKits}
        onChange={(countedKits) => patch({ countedKits })} error={state.errorOf('countedKits')} />
      <TextField id={fieldId('reason')} name="reason" label={labels.reason} maxLength={500} value={v.reason} onChange={(reason) => patch({ reason })} error={state.errorOf('reason')} />
      <DateAndNote v={v} patch={patch} errorOf={state.errorOf} />
    </FormShell>
  );
}

export function RemoveForm({ siteId, lots, onDone, onCancel, onReload }: StockFormProps) {
  const { t } = useI18n();
  const state = useNaloxoneForm(onDone);
  const lotOptions = useLotOptions(lots);
  const labels = { ...useCommonLabels(), kind: t('naloxone.removeKind') };
  const [v, setV] = useState({ kind: 'expired_destroyed', lotId: '', kits: '', occurredOn: todayIso(), note: '' });
  const patch = (p: Partial<typeof v>) => setV((old) => ({ ...old, ...p }));
  const send = () =>
    void state.submit(
      removeInput,
      { kind: v.kind, siteId, lotId: orUndefined(v.lotId), kits: numberOrUndefined(v.kits), occurredOn: v.occurredOn, note: v.note },
      (input) => naloxoneApi.recordMovement(input),
      t('naloxone.removed'),
    );
  const kinds = (['expired_destroyed', 'lost'] as const).map((k) => ({ value: k, label: t(`naloxone.kind.${k}`) }));
  return (
    <FormShell title={t('naloxone.remove')} submitLabel={t('naloxone.remove')} state={state} labels={labels} onSubmit={send} onCancel={onCancel} onReload={onReload}>
      <SelectField id={fieldId('kind')} name="kind" label={labels.kind} value={v.kind} options={kinds} onChange={(kind) => patch({ kind })} error={state.errorOf('kind')} />
      <SelectField id={fieldId('lotId')} name="lotId" label={labels.lotId} value={v.lotId} options={lotOptions} placeholder={t('ui.choose')} onChange={(lotId) => patch({ lotId })} error={state.errorOf('lotId')} />
      <TextField id={fieldId('kits')} type="number" inputMode="numeric" min={1} name="kits" label={labels.kits} value={v.kits} onChange={(kits) => patch({ kits })} error={state.errorOf('kits')} />
      <DateAndNote v={v} patch={patch} errorOf={state.errorOf} />
    </FormShell>
  );
}
