/**
 * One supervision session: what was recorded, and for recorders its coding —
 * your own (a checkbox tree of the active themes), the other coders' only once
 * yours is in, the per-theme agreement of the first two coders, and the
 * reconciled final coding.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { themeTree, type Codings, type Session, type Theme } from '../../../core/supervision.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useMe, useSession } from '../auth/SessionProvider.tsx';
import { Page } from '../shell/Page.tsx';
import { useSites } from '../sites/useSites.ts';
import { supervisionApi } from './supervisionApi.ts';
import './supervision.css';

export function SessionPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const { can } = useSession();
  const sites = useSites();
  const session = useAsync((signal) => supervisionApi.session(id, signal), [id]);
  if (session.status === 'loading') return <Loading label={t('supervision.loading')} />;
  if (session.status === 'error') {
    return (
      <Page title={t('supervision.sessionTitle')}>
        <Notice tone="error" live="assertive">
          <p>{describeError(session.error, t)}</p>
        </Notice>
      </Page>
    );
  }
  const s = session.data;
  const siteName = (sid: string) => sites.data?.find((x) => x.id === sid)?.name ?? t('supervision.otherSite');
  return (
    <Page
      title={t('supervision.sessionHeading', { kind: t(`supervision.kind.${s.kind}`), date: formatDate(s.heldOn, locale) })}
      actions={
        can('supervision:record') ? (
          <Link to={`/supervision/sessions/${s.id}/edit`} className="btn btn-secondary">
            {t('supervision.edit')}
          </Link>
        ) : null
      }
    >
      <p>
        <Link to="/supervision">{t('supervision.back')}</Link>
      </p>
      <dl className="details supervision-facts">
        <div>
          <dt>{t('supervision.duration')}</dt>
          <dd>{t('supervision.minutes', { count: s.durationMinutes })}</dd>
        </div>
        <div>
          <dt>{t('supervision.supervisor')}</dt>
          <dd>{s.supervisor.name}</dd>
        </div>
        <div>
          <dt>{t('supervision.attendees')}</dt>
          <dd>{s.attendees.map((a) => a.name).join(', ')}</dd>
        </div>
        <div>
          <dt>{t('supervision.sites')}</dt>
          <dd>{s.siteIds.map(siteName).join(', ') || '—'}</dd>
        </div>
        {s.participants.length > 0 ? (
          <div>
            <dt>{t('supervision.participants')}</dt>
            <dd>
              {s.participants.map((p, i) => (
                <span key={p.id}>
                  {i > 0 ? ', ' : ''}
                  <Link to={`/participants/${p.id}`}>{p.name}</Link>
                </span>
              ))}
            </dd>
          </div>
        ) : null}
      </dl>
      <section aria-labelledby="supervision-notes-title">
        <h2 id="supervision-notes-title">{t('supervision.notes')}</h2>
        {s.notes ? <p className="supervision-notes">{s.notes}</p> : <p className="muted">{t('supervision.noNotes')}</p>}
      </section>
      <section aria-labelledby="supervision-followups-title">
        <h2 id="supervision-followups-title">{t('supervision.followUps')}</h2>
        {s.followUps.length === 0 ? (
          <p className="muted">{t('supervision.noFollowUps')}</p>
        ) : (
          <TableWrap label={t('supervision.followUps')}>
            <table className="table">
              <caption className="visually-hidden">{t('supervision.followUps')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('supervision.followUpDescription')}</th>
                  <th scope="col">{t('supervision.followUpOwner')}</th>
                  <th scope="col">{t('supervision.followUpDue')}</th>
                  <th scope="col">{t('supervision.followUpStatus')}</th>
                </tr>
              </thead>
              <tbody>
                {s.followUps.map((f) => (
                  <tr key={f.id}>
                    <td>{f.description}</td>
                    <td>{f.owner.name}</td>
                    <td>{formatDate(f.dueOn, locale)}</td>
                    <td>{f.done ? t('supervision.followUpDone') : t('supervision.followUpOpen')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      {can('supervision:record') ? <CodingSection session={s} /> : null}
    </Page>
  );
}

function CodingSection({ session }: { session: Session }) {
  const { t } = useI18n();
  const data = useAsync(async (signal) => {
    const [codings, codebook] = await Promise.all([supervisionApi.codings(session.id, signal), supervisionApi.codebook(signal)]);
    return { codings, themes: codebook.items };
  }, [session.id]);
  return (
    <section aria-labelledby="supervision-coding-title" className="panel supervision-coding">
      <h2 id="supervision-coding-title">{t('supervision.coding')}</h2>
      {data.status === 'loading' ? <Loading label={t('supervision.loading')} /> : null}
      {data.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(data.error, t)}</p>
        </Notice>
      ) : null}
      {data.status === 'ok' ? <Coding sessionId={session.id} codings={data.data.codings} themes={data.data.themes} onChange={data.setData} /> : null}
    </section>
  );
}

function Coding({
  sessionId,
  codings,
  themes,
  onChange,
}: {
  sessionId: string;
  codings: Codings;
  themes: Theme[];
  onChange: (next: { codings: Codings; themes: Theme[] }) => void;
}) {
  const { t, locale } = useI18n();
  const me = useMe();
  const name = (id: string) => themes.find((x) => x.id === id)?.name ?? id;
  const names = (ids: readonly string[]) =>
    themeTree(themes.filter((x) => ids.includes(x.id)))
      .map((n) => n.theme.name)
      .join(', ');
  const coders = [codings.mine, ...codings.others].filter((c) => c !== null).sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  // As the API: only someone who has coded the session (and so sees both codings) reconciles it.
  const mayReconcile = codings.mine !== null && coders.length >= 2;

  return (
    <>
      {codings.mine === null ? (
        <>
          {codings.otherCount > 0 ? (
            <Notice tone="info">
              <p>{t('supervision.blindNotice', { count: codings.otherCount })}</p>
            </Notice>
          ) : null}
          <ThemeForm
            idPrefix="mine"
            title={t('supervision.yourCoding')}
            submitLabel={t('supervision.submitCoding')}
            themes={themes}
            initial={[]}
            send={(themeIds) => supervisionApi.code(sessionId, { themeIds })}
            onSaved={(c) => onChange({ codings: c, themes })}
            success={t('supervision.codingSaved')}
          />
        </>
      ) : (
        <>
          <h3>{t('supervision.codingsTitle')}</h3>
          <ul className="supervision-codings">
            {coders.map((c) => (
              <li key={c.id}>
                <strong>{c.coder.id === me.user.id ? t('supervision.you') : c.coder.name}</strong> ({formatDateTime(c.submittedAt, locale)}): {names(c.themeIds)}
              </li>
            ))}
          </ul>
          {codings.agreement ? (
            <TableWrap label={t('supervision.sessionAgreement')}>
              <table className="table">
                <caption>{t('supervision.sessionAgreement')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('supervision.theme')}</th>
                    <th scope="col">{t('supervision.coderA', { name: coders[0]?.coder.name ?? '' })}</th>
                    <th scope="col">{t('supervision.coderB', { name: coders[1]?.coder.name ?? '' })}</th>
                    <th scope="col">{t('supervision.agree')}</th>
                  </tr>
                </thead>
                <tbody>
                  {codings.agreement.map((a) => (
                    <tr key={a.themeId}>
                      <th scope="row">{name(a.themeId)}</th>
                      <td>{a.coderA ? t('supervision.present') : t('supervision.absent')}</td>
                      <td>{a.coderB ? t('supervision.present') : t('supervision.absent')}</td>
                      <td>{a.agree ? t('supervision.agreeYes') : t('supervision.agreeNo')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : (
            <p className="muted">{t('supervision.waitingSecond')}</p>
          )}
        </>
      )}
      {codings.final ? (
        <p className="supervision-final">
          <strong>{t('supervision.finalCoding')}</strong> {names(codings.final.themeIds)}{' '}
          <span className="muted">({t('supervision.finalBy', { name: codings.final.coder.name })})</span>
        </p>
      ) : null}
      {mayReconcile ? (
        <ReconcileForm sessionId={sessionId} codings={codings} themes={themes} onSaved={(c) => onChange({ codings: c, themes })} />
      ) : null}
    </>
  );
}

function ReconcileForm({ sessionId, codings, themes, onSaved }: { sessionId: string; codings: Codings; themes: Theme[]; onSaved: (c: Codings) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const used = new Set([...(codings.mine?.themeIds ?? []), ...codings.others.flatMap((c) => c.themeIds)]);
  const agreed = codings.agreement?.filter((a) => a.agree).map((a) => a.themeId) ?? [];
  if (!open) {
    return (
      <button type="button" className="btn btn-secondary" onClick={() => setOpen(true)}>
        {codings.final ? t('supervision.changeFinal') : t('supervision.reconcile')}
      </button>
    );
  }
  return (
    <ThemeForm
      idPrefix="final"
      title={t('supervision.reconcileTitle')}
      hint={t('supervision.reconcileHint')}
      submitLabel={t('supervision.saveFinal')}
      themes={themes.filter((x) => x.active || used.has(x.id))}
      initial={codings.final?.themeIds ?? agreed}
      send={(themeIds) => supervisionApi.reconcile(sessionId, { themeIds, version: codings.final?.version })}
      onSaved={(c) => {
        setOpen(false);
        onSaved(c);
      }}
      success={t('supervision.finalSaved')}
      onCancel={() => setOpen(false)}
    />
  );
}

/** A checkbox tree of themes (children indented under their parent) and a submit button. */
function ThemeForm({
  idPrefix,
  title,
  hint,
  submitLabel,
  themes,
  initial,
  send,
  onSaved,
  success,
  onCancel,
}: {
  idPrefix: string;
  title: string;
  hint?: string;
  submitLabel: string;
  themes: Theme[];
  initial: string[];
  send: (themeIds: string[]) => Promise<Codings>;
  onSaved: (c: Codings) => void;
  success: string;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [chosen, setChosen] = useState<string[]>(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const offered = themeTree(idPrefix === 'final' ? themes : themes.filter((x) => x.active));
  const submit = async () => {
    if (chosen.length === 0) {
      setError(t('supervision.chooseTheme'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await send(chosen);
      announce(success);
      onSaved(result);
    } catch (err) {
      setError(isApiError(err) && err.code === 'stale_version' ? t('supervision.conflict') : describeError(err, t));
    } finally {
      setBusy(false);
    }
  };
  const errorId = `${idPrefix}-themes-error`;
  return (
    <form
      noValidate
      aria-busy={busy}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset className={`field theme-tree${error ? ' field--invalid' : ''}`} aria-describedby={error ? errorId : undefined}>
        <legend className="field-label">{title}</legend>
        {hint ? <p className="field-hint">{hint}</p> : null}
        {error ? (
          <p className="field-error" id={errorId} role="alert">
            {error}
          </p>
        ) : null}
        {offered.map(({ theme, depth }) => {
          const id = `${idPrefix}-theme-${theme.id}`;
          return (
            <div className="choice" key={theme.id} style={{ marginInlineStart: `${String(depth * 1.5)}rem` }}>
              <input
                type="checkbox"
                id={id}
                checked={chosen.includes(theme.id)}
                onChange={(e) => setChosen((c) => (e.target.checked ? [...c, theme.id] : c.filter((x) => x !== theme.id)))}
                aria-describedby={`${id}-def`}
              />
              <label htmlFor={id}>
                {theme.name}
                {theme.active ? '' : ` (${t('supervision.retired')})`}
              </label>
              <span className="visually-hidden" id={`${id}-def`}>
                {theme.definition}
              </span>
            </div>
          );
        })}
      </fieldset>
      <div className="button-row">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('ui.saving') : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            {t('ui.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
