/**
 * The three actions on MOUD episodes: record a start, end an ongoing episode,
 * correct one. Each checks its input with the zod schema from core before
 * sending, shows the server's field errors at their fields (400), and on a 409
 * says someone else saved first and offers a reload.
 */
import { useState } from 'react';
import {
  MOUD_END_REASONS,
  MOUD_MEDICATIONS,
  moudEpisodeCreateInput,
  moudEpisodeEndInput,
  moudEpisodeUpdateInput,
  type MoudEpisode,
  type MoudEpisodeUpdateInput,
} from '../../../core/moud.ts';
import type { ReferralSummary } from '../../../core/referrals.ts';
import { formatDate, todayIso } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { InlineActionForm, useInlineActionForm, type InlineActionFormProps } from '../../ui/InlineActionForm.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { referralsApi } from '../referrals/referralsApi.ts';
import { resourcesApi } from '../resources/resourcesApi.ts';
import { moudApi } from './moudApi.ts';

export const fieldId = (path: string) => `moud-${path}`;

export interface FormProps {
  participantId: string;
  onDone: (message: string) => void;
  onCancel: () => void;
  /** After a 409: fetch the latest episodes and close the form. */
  onReload: () => void;
}

function useMoudForm(onDone: (message: string) => void) {
  const { t } = useI18n();
  return useInlineActionForm(onDone, (err) => (err.code === 'stale_version' ? t('moud.conflict') : err.message));
}

function FormShell(props: InlineActionFormProps) {
  const { t } = useI18n();
  return <InlineActionForm {...props} className="moud-form" titleId="moud-form-title" fieldId={fieldId} reloadLabel={t('moud.reload')} />;
}

function useOptions() {
  const { t } = useI18n();
  return {
    medication: MOUD_MEDICATIONS.map((v) => ({ value: v, label: t(`moud.med.${v}`) })),
    reason: MOUD_END_REASONS.map((v) => ({ value: v, label: t(`moud.reason.${v}`) })),
  };
}

function useLabels() {
  const { t } = useI18n();
  return {
    medication: t('moud.medication'),
    providerName: t('moud.provider'),
    startedOn: t('moud.startedOn'),
    endedOn: t('moud.endedOn'),
    endReason: t('moud.endReason'),
    note: t('moud.note'),
  };
}

const orUndefined = (v: string) => (v === '' ? undefined : v);

type Values = Record<'medication' | 'providerName' | 'startedOn' | 'endedOn' | 'endReason' | 'note', string>;

/** The fields of an episode; the end fields only when asked for. */
function EpisodeFields({ v, patch, errorOf, show, providerSuggestions = [] }: {
  v: Values;
  patch: (p: Partial<Values>) => void;
  errorOf: (path: string) => string | undefined;
  show: { start: boolean; end: boolean };
  /** Directory providers offered as the provider field's suggestions. */
  providerSuggestions?: readonly string[];
}) {
  const { t } = useI18n();
  const options = useOptions();
  const labels = useLabels();
  const today = todayIso();
  return (
    <>
      {show.start ? (
        <>
          <SelectField id={fieldId('medication')} name="medication" label={labels.medication} value={v.medication} options={options.medication}
            placeholder={t('ui.choose')} onChange={(medication) => patch({ medication })} error={errorOf('medication')} />
          <TextField id={fieldId('providerName')} name="providerName" label={labels.providerName} hint={t('moud.providerHint')} maxLength={200}
            autoComplete="off" value={v.providerName} onChange={(providerName) => patch({ providerName })} error={errorOf('providerName')}
            list={providerSuggestions.length > 0 ? fieldId('provider-suggestions') : undefined} />
          {providerSuggestions.length > 0 ? (
            <datalist id={fieldId('provider-suggestions')}>
              {providerSuggestions.map((name) => <option key={name} value={name} />)}
            </datalist>
          ) : null}
          <TextField id={fieldId('startedOn')} type="date" name="startedOn" label={labels.startedOn} hint={t('moud.dateHint')} max={today}
            value={v.startedOn} onChange={(startedOn) => patch({ startedOn })} error={errorOf('startedOn')} />
        </>
      ) : null}
      {show.end ? (
        <>
          <TextField id={fieldId('endedOn')} type="date" name="endedOn" label={labels.endedOn} hint={t('moud.endedOnHint')} max={today}
            value={v.endedOn} onChange={(endedOn) => patch({ endedOn })} error={errorOf('endedOn')} />
          <SelectField id={fieldId('endReason')} name="endReason" label={labels.endReason} value={v.endReason} options={options.reason}
            placeholder={t('ui.choose')} onChange={(endReason) => patch({ endReason })} error={errorOf('endReason')} />
        </>
      ) : null}
      {show.start ? (
        <TextField id={fieldId('note')} name="note" label={labels.note} optional maxLength={1000} value={v.note} onChange={(note) => patch({ note })} error={errorOf('note')} />
      ) : null}
    </>
  );
}

/** MOUD referrals that went out (a draft or a declined one led nowhere), newest first as listed. */
const leadingReferrals = (items: readonly ReferralSummary[]) =>
  items.filter((r) => r.need === 'moud_treatment' && r.status !== 'draft' && r.status !== 'declined');

/** The directory's medication names: an injection is offered wherever its medication is. */
const DIRECTORY_MEDICATION: Record<string, 'methadone' | 'buprenorphine' | 'naltrexone' | undefined> = {
  methadone: 'methadone',
  buprenorphine: 'buprenorphine',
  extended_release_buprenorphine: 'buprenorphine',
  naltrexone: 'naltrexone',
  extended_release_naltrexone: 'naltrexone',
};

/**
 * Providers of the chosen medication in the resource directory, offered as the
 * provider field's suggestions: picking one links the episode to the directory,
 * so reports can tell which providers keep people in treatment.
 */
function useDirectoryProviders(medication: string) {
  const directoryMedication = DIRECTORY_MEDICATION[medication];
  const found = useAsync(
    (signal) => resourcesApi.search({ category: 'moud', ...(directoryMedication ? { medication: directoryMedication } : {}), limit: '100' }, signal),
    [directoryMedication],
  );
  const byName = new Map<string, string>();
  if (found.status === 'ok') for (const hit of found.data.items) byName.set(hit.resourceName, hit.resourceId);
  return byName;
}

export function RecordStartForm({ participantId, onDone, onCancel, onReload }: FormProps) {
  const { t, locale } = useI18n();
  const state = useMoudForm(onDone);
  const labels = useLabels();
  const [v, setV] = useState<Values>({ medication: '', providerName: '', startedOn: todayIso(), endedOn: '', endReason: '', note: '' });
  const [referralId, setReferralId] = useState('');
  const patch = (p: Partial<Values>) => setV((old) => ({ ...old, ...p }));
  const referrals = useAsync((signal) => referralsApi.list(participantId, signal), [participantId]);
  const candidates = referrals.status === 'ok' ? leadingReferrals(referrals.data.items) : [];
  const providers = useDirectoryProviders(v.medication);
  const chooseReferral = (id: string) => {
    setReferralId(id);
    const referral = candidates.find((r) => r.id === id);
    if (referral) patch({ providerName: referral.resource.name });
  };
  const referral = candidates.find((r) => r.id === referralId);
  // A referral brings its organization; otherwise a name picked from the suggestions links the directory entry.
  const providerResourceId = referral ? undefined : providers.get(v.providerName.trim());
  const send = () =>
    void state.submit(
      moudEpisodeCreateInput,
      {
        medication: orUndefined(v.medication),
        providerName: v.providerName,
        startedOn: v.startedOn,
        note: v.note,
        referralId: orUndefined(referralId),
        ...(providerResourceId === undefined ? {} : { providerResourceId }),
      },
      (input) => moudApi.record(participantId, input),
      t('moud.recorded'),
    );
  return (
    <FormShell title={t('moud.recordStart')} submitLabel={t('moud.recordStart')} state={state} labels={{ ...labels, referralId: t('moud.referral') }}
      onSubmit={send} onCancel={onCancel} onReload={onReload}>
      {candidates.length > 0 ? (
        <SelectField id={fieldId('referralId')} name="referralId" label={t('moud.referral')} hint={t('moud.referralHint')} optional value={referralId}
          placeholder={t('moud.noReferral')} onChange={chooseReferral} error={state.errorOf('referralId')}
          options={candidates.map((r) => ({
            value: r.id,
            label: t('moud.referralOption', { organization: r.resource.name, date: formatDate((r.sentAt ?? r.createdAt).slice(0, 10), locale), status: t(`referrals.status.${r.status}`) }),
          }))} />
      ) : null}
      <EpisodeFields v={v} patch={patch} errorOf={state.errorOf} show={{ start: true, end: false }} providerSuggestions={[...providers.keys()]} />
    </FormShell>
  );
}

export function EndForm({ participantId, episode, onDone, onCancel, onReload }: FormProps & { episode: MoudEpisode }) {
  const { t } = useI18n();
  const state = useMoudForm(onDone);
  const labels = useLabels();
  const [v, setV] = useState<Values>({ medication: '', providerName: '', startedOn: '', endedOn: todayIso(), endReason: '', note: '' });
  const patch = (p: Partial<Values>) => setV((old) => ({ ...old, ...p }));
  const send = () =>
    void state.submit(
      moudEpisodeEndInput,
      { version: episode.version, endedOn: orUndefined(v.endedOn), endReason: orUndefined(v.endReason) },
      (input) => moudApi.update(participantId, episode.id, input),
      t('moud.ended'),
    );
  return (
    <FormShell title={t('moud.endTitle', { medication: t(`moud.med.${episode.medication}`) })} submitLabel={t('moud.end')} state={state} labels={labels}
      onSubmit={send} onCancel={onCancel} onReload={onReload}>
      <EpisodeFields v={v} patch={patch} errorOf={state.errorOf} show={{ start: false, end: true }} />
    </FormShell>
  );
}

export function CorrectForm({ participantId, episode, onDone, onCancel, onReload }: FormProps & { episode: MoudEpisode }) {
  const { t } = useI18n();
  const state = useMoudForm(onDone);
  const labels = useLabels();
  const initial: Values = {
    medication: episode.medication,
    providerName: episode.providerName,
    startedOn: episode.startedOn,
    endedOn: episode.endedOn ?? '',
    endReason: episode.endReason ?? '',
    note: episode.note ?? '',
  };
  const [v, setV] = useState<Values>(initial);
  const patch = (p: Partial<Values>) => setV((old) => ({ ...old, ...p }));
  const ended = episode.endedOn !== null;
  const send = () => {
    // Only what changed goes, with the version read.
    const changes: Record<string, unknown> = { version: episode.version };
    for (const key of Object.keys(initial) as (keyof Values)[]) {
      if (v[key] !== initial[key]) changes[key] = key === 'note' ? v[key] : v[key] === '' ? null : v[key];
    }
    if (Object.keys(changes).length === 1) {
      onDone(t('moud.nothingChanged'));
      return;
    }
    void state.submit<MoudEpisodeUpdateInput>(moudEpisodeUpdateInput, changes, (input) => moudApi.update(participantId, episode.id, input), t('moud.saved'));
  };
  return (
    <FormShell title={t('moud.correctTitle', { medication: t(`moud.med.${episode.medication}`) })} submitLabel={t('ui.saveChanges')} state={state} labels={labels}
      onSubmit={send} onCancel={onCancel} onReload={onReload}>
      <EpisodeFields v={v} patch={patch} errorOf={state.errorOf} show={{ start: true, end: ended }} />
    </FormShell>
  );
}
