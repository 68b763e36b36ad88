/**
 * The theme codebook as a tree: name, definition, examples, active or retired.
 * Supervisors and program administrators add themes and change, move or retire
 * them (a retired theme is no longer offered for coding; past codings keep it).
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { themeInput, themeTree, themeUpdateInput, type Theme } from '../../../core/supervision.ts';
import { describeError } from '../../api/describeError.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { Checkbox } from '../../ui/ChoiceGroup.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { InlineActionForm, useInlineActionForm } from '../../ui/InlineActionForm.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { Page } from '../shell/Page.tsx';
import { supervisionApi } from './supervisionApi.ts';
import './supervision.css';

const fieldId = (path: string) => `field-theme-${path}`;

export function CodebookPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const announce = useAnnounce();
  const codebook = useAsync((signal) => supervisionApi.codebook(signal).then((r) => r.items), []);
  const [editing, setEditing] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const editor = can('supervision:record');
  const done = (message: string) => {
    setFlash(message);
    announce(message);
    setEditing(null);
    codebook.reload();
  };

  return (
    <Page title={t('supervision.codebookTitle')}>
      <p>
        <Link to={can('supervision:read') ? '/supervision' : '/supervision/analysis'}>{t('supervision.back')}</Link>
      </p>
      <p className="muted">{t('supervision.codebookIntro')}</p>
      {flash ? (
        <Notice tone="success">
          <p>{flash}</p>
        </Notice>
      ) : null}
      {codebook.status === 'loading' ? <Loading label={t('supervision.loading')} /> : null}
      {codebook.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(codebook.error, t)}</p>
        </Notice>
      ) : null}
      {codebook.status === 'ok' ? (
        <>
          {editor ? (
            <section className="panel" aria-labelledby="theme-add-title-h">
              <h2 id="theme-add-title-h">{t('supervision.addTheme')}</h2>
              {editing === 'new' ? (
                <ThemeEditForm themes={codebook.data} onDone={done} onCancel={() => setEditing(null)} onReload={() => done(t('supervision.reloaded'))} />
              ) : (
                <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
                  {t('supervision.addTheme')}
                </button>
              )}
            </section>
          ) : null}
          <ul className="theme-list">
            {themeTree(codebook.data).map(({ theme, depth }) => (
              <li key={theme.id} className="theme-item" style={{ marginInlineStart: `${String(depth * 1.5)}rem` }}>
                <h2 className="theme-name">
                  {theme.name} {theme.active ? null : <span className="badge">{t('supervision.retired')}</span>}
                </h2>
                <p>{theme.definition}</p>
                {theme.examples ? (
                  <p className="muted">
                    {t('supervision.examples')}: {theme.examples}
                  </p>
                ) : null}
                {editor && editing !== theme.id ? (
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing(theme.id)} aria-label={t('supervision.editThemeNamed', { name: theme.name })}>
                    {t('supervision.editTheme')}
                  </button>
                ) : null}
                {editing === theme.id ? (
                  <ThemeEditForm theme={theme} themes={codebook.data} onDone={done} onCancel={() => setEditing(null)} onReload={() => done(t('supervision.reloaded'))} />
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Page>
  );
}

function ThemeEditForm({ theme, themes, onDone, onCancel, onReload }: { theme?: Theme; themes: Theme[]; onDone: (m: string) => void; onCancel: () => void; onReload: () => void }) {
  const { t } = useI18n();
  const state = useInlineActionForm(onDone, () => t('supervision.conflict'));
  const [name, setName] = useState(theme?.name ?? '');
  const [definition, setDefinition] = useState(theme?.definition ?? '');
  const [examples, setExamples] = useState(theme?.examples ?? '');
  const [parentId, setParentId] = useState(theme?.parentId ?? '');
  const [active, setActive] = useState(theme?.active ?? true);
  const labels = { name: t('supervision.themeName'), definition: t('supervision.definition'), examples: t('supervision.examples'), parentId: t('supervision.parent') };
  const submit = () => {
    const raw = { name, definition, examples, parentId: parentId === '' ? null : parentId };
    if (theme) {
      void state.submit(themeUpdateInput, { ...raw, active, version: theme.version }, (input) => supervisionApi.updateTheme(theme.id, input), t('supervision.themeSaved'));
    } else {
      void state.submit(themeInput, raw, (input) => supervisionApi.createTheme(input), t('supervision.themeAdded'));
    }
  };
  return (
    <InlineActionForm
      title={theme ? t('supervision.editThemeNamed', { name: theme.name }) : t('supervision.newTheme')}
      submitLabel={t('supervision.saveTheme')}
      state={state}
      labels={labels}
      onSubmit={submit}
      onCancel={onCancel}
      onReload={onReload}
      className="theme-form"
      titleId={`theme-form-title-${theme?.id ?? 'new'}`}
      fieldId={fieldId}
      reloadLabel={t('supervision.reload')}
    >
      <TextField id={fieldId('name')} name="name" label={labels.name} value={name} onChange={setName} error={state.errorOf('name')} />
      <TextField id={fieldId('definition')} name="definition" label={labels.definition} value={definition} onChange={setDefinition} error={state.errorOf('definition')} />
      <TextField id={fieldId('examples')} name="examples" label={labels.examples} optional value={examples} onChange={setExamples} error={state.errorOf('examples')} />
      <SelectField
        id={fieldId('parentId')}
        name="parentId"
        label={labels.parentId}
        placeholder={t('supervision.noParent')}
        value={parentId}
        options={themes.filter((x) => x.id !== theme?.id).map((x) => ({ value: x.id, label: x.name }))}
        onChange={setParentId}
        error={state.errorOf('parentId')}
      />
      {theme ? <Checkbox name={`theme-active-${theme.id}`} label={t('supervision.activeTheme')} hint={t('supervision.activeHint')} checked={active} onChange={setActive} /> : null}
    </InlineActionForm>
  );
}
