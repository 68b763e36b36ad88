/**
 * Studies (program administrators): the list with each study's status and how
 * many are assigned, and a form to define a new one (arms with ratios, strata,
 * block sizes). Each study opens on its own page (design, counts, activate/close).
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { STRATUM_FACTORS } from '../../../core/randomization.ts';
import { studyCreateInput, type Study } from '../../../core/studies.ts';
import { describeError } from '../../api/describeError.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { CheckboxGroup } from '../../ui/ChoiceGroup.tsx';
import { TextField } from '../../ui/Field.tsx';
import { InlineActionForm, useInlineActionForm } from '../../ui/InlineActionForm.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { useSectionActions } from '../../ui/ActionSection.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { Page } from '../shell/Page.tsx';
import { studiesApi } from './studiesApi.ts';
import './studies.css';

export function StatusBadge({ status }: { status: Study['status'] }) {
  const { t } = useI18n();
  const tone = status === 'active' ? 'badge badge--ok' : 'badge';
  return <span className={tone}>{t(`studies.status.${status}`)}</span>;
}

export function StudiesPage() {
  const { t } = useI18n();
  const list = useAsync((signal) => studiesApi.list(signal), []);
  const { action, flash, open, close, done, reload } = useSectionActions<'create'>(list.reload);
  const items = list.data?.items ?? [];
  return (
    <Page
      title={t('studies.title')}
      actions={
        action === null ? (
          <button type="button" className="btn btn-primary" onClick={() => open('create')}>
            {t('studies.new')}
          </button>
        ) : null
      }
    >
      <p className="muted">{t('studies.intro')}</p>
      {flash ? (
        <Notice tone="success">
          <p>{flash}</p>
        </Notice>
      ) : null}
      {action === 'create' ? <StudyForm onDone={done} onCancel={close} onReload={reload} /> : null}
      {list.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {list.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(list.error, t)}</p>
        </Notice>
      ) : null}
      {list.status === 'ok' && items.length === 0 ? <p className="empty">{t('studies.empty')}</p> : null}
      {items.length > 0 ? (
        <TableWrap label={t('studies.title')}>
          <table className="table table--stack">
            <caption className="visually-hidden">{t('studies.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('studies.name')}</th>
                <th scope="col">{t('studies.arms')}</th>
                <th scope="col">{t('studies.status')}</th>
                <th scope="col">{t('studies.assigned')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id}>
                  <th scope="row" data-label={t('studies.name')}>
                    <Link to={`/admin/studies/${s.id}`}>{s.name}</Link>
                  </th>
                  <td data-label={t('studies.arms')}>{s.arms.map((a) => `${a.label} (${String(a.ratio)})`).join(' · ')}</td>
                  <td data-label={t('studies.status')}>
                    <StatusBadge status={s.status} />
                  </td>
                  <td data-label={t('studies.assigned')}>{s.assignedCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </Page>
  );
}

interface ArmDraft {
  key: string;
  label: string;
  ratio: string;
}

const fieldId = (path: string) => `study-${path.replace(/\./g, '-')}`;

function StudyForm({ onDone, onCancel, onReload }: { onDone: (m: string) => void; onCancel: () => void; onReload: () => void }) {
  const { t } = useI18n();
  const state = useInlineActionForm(onDone, (err) => err.message);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [arms, setArms] = useState<ArmDraft[]>([
    { key: '', label: '', ratio: '1' },
    { key: '', label: '', ratio: '1' },
  ]);
  const [strata, setStrata] = useState<string[]>([]);
  const [blockSizes, setBlockSizes] = useState('2, 4, 6');
  const setArm = (i: number, patch: Partial<ArmDraft>) => setArms((old) => old.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  const labels: Record<string, string> = {
    name: t('studies.name'),
    description: t('studies.description'),
    arms: t('studies.arms'),
    strataFactors: t('studies.strata'),
    blockSizes: t('studies.blockSizes'),
  };
  arms.forEach((_, i) => {
    const n = t('studies.arm', { n: i + 1 });
    labels[`arms.${String(i)}.key`] = `${n}: ${t('studies.armKey')}`;
    labels[`arms.${String(i)}.label`] = `${n}: ${t('studies.armLabel')}`;
    labels[`arms.${String(i)}.ratio`] = `${n}: ${t('studies.armRatio')}`;
  });
  const sizes = blockSizes
    .split(/[,\s]+/)
    .filter((s) => s !== '')
    .map(Number);
  const sizeError = state.issues.find((i) => i.path === 'blockSizes' || i.path.startsWith('blockSizes.'))?.message;
  const send = () =>
    void state.submit(
      studyCreateInput,
      { name, description, arms: arms.map((a) => ({ key: a.key, label: a.label, ratio: Number(a.ratio) })), strataFactors: strata, blockSizes: sizes },
      (input) => studiesApi.create(input),
      t('studies.created'),
    );
  return (
    <InlineActionForm title={t('studies.new')} submitLabel={t('studies.create')} state={state} labels={labels} onSubmit={send} onCancel={onCancel} onReload={onReload}
      className="panel studies-form" titleId="study-form-title" fieldId={fieldId} reloadLabel={t('studies.reload')}>
      <TextField id={fieldId('name')} name="name" label={labels.name ?? ''} value={name} maxLength={120} onChange={setName} error={state.errorOf('name')} />
      <TextField id={fieldId('description')} name="description" label={labels.description ?? ''} optional value={description} maxLength={2000} onChange={setDescription}
        error={state.errorOf('description')} />
      <fieldset className="studies-arms" id={fieldId('arms')} tabIndex={-1}>
        <legend>{t('studies.arms')}</legend>
        {state.errorOf('arms') ? <p className="field-error">{state.errorOf('arms')}</p> : null}
        {arms.map((a, i) => {
          const p = `arms.${String(i)}`;
          return (
            <div key={i} className="studies-arm">
              <p className="studies-arm-title">{t('studies.arm', { n: i + 1 })}</p>
              <TextField id={fieldId(`${p}.label`)} name={`${p}.label`} label={t('studies.armLabel')} value={a.label} maxLength={80}
                onChange={(label) => setArm(i, { label })} error={state.errorOf(`${p}.label`)} />
              <TextField id={fieldId(`${p}.key`)} name={`${p}.key`} label={t('studies.armKey')} hint={t('studies.armKeyHint')} value={a.key} maxLength={40}
                onChange={(key) => setArm(i, { key })} error={state.errorOf(`${p}.key`)} />
              <TextField id={fieldId(`${p}.ratio`)} name={`${p}.ratio`} type="number" inputMode="numeric" min={1} max={10} label={t('studies.armRatio')} value={a.ratio}
                onChange={(ratio) => setArm(i, { ratio })} error={state.errorOf(`${p}.ratio`)} />
              {arms.length > 2 ? (
                <button type="button" className="btn btn-secondary" onClick={() => setArms((old) => old.filter((_, j) => j !== i))}>
                  {t('studies.removeArm', { n: i + 1 })}
                </button>
              ) : null}
            </div>
          );
        })}
        {arms.length < 6 ? (
          <button type="button" className="btn btn-secondary" onClick={() => setArms((old) => [...old, { key: '', label: '', ratio: '1' }])}>
            {t('studies.addArm')}
          </button>
        ) : null}
      </fieldset>
      <CheckboxGroup name="strataFactors" legend={t('studies.strata')} hint={t('studies.strataHint')} optional values={strata} onChange={setStrata}
        options={STRATUM_FACTORS.map((f) => ({ value: f, label: t(`studies.factor.${f}`) }))} error={state.errorOf('strataFactors')} />
      <TextField id={fieldId('blockSizes')} name="blockSizes" label={labels.blockSizes ?? ''} hint={t('studies.blockSizesHint')} value={blockSizes} onChange={setBlockSizes}
        error={sizeError} />
    </InlineActionForm>
  );
}
