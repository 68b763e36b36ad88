/**
 * Break the glass, for staff who work at their own sites: find a person of
 * another site by last name and date of birth, give a reason, and open their
 * record for one hour. The server checks and records everything; this page only
 * asks for what it needs.
 */
import { useRef, useState, type SubmitEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  emergencyAccessInput,
  emergencyLookupQuery,
  type EmergencyLookupMatch,
} from '../../../core/emergency-access.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError, type FieldIssue } from '../../api/errors.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { TextAreaField, TextField } from '../../ui/Field.tsx';
import { useFocusWhen } from '../../ui/hooks.ts';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { Page } from '../shell/Page.tsx';
import { emergencyAccessApi } from './emergencyAccessApi.ts';
import { formatTime } from './time.ts';
import './emergency-access.css';

/** The server names query fields `querystring.lastName`; the form's fields are `lastName`. */
const fieldOf = (path: string) => path.replace(/^(querystring|body)\./, '');

export function EmergencyAccessPage() {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [lastName, setLastName] = useState('');
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [tick, setTick] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ items: EmergencyLookupMatch[]; truncated: boolean } | null>(null);
  const [chosen, setChosen] = useState<EmergencyLookupMatch | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  useFocusWhen(summary, issues.length > 0 ? tick : null);

  const show = (found: FieldIssue[]) => {
    setIssues(found.map((i) => ({ ...i, path: fieldOf(i.path) })));
    setTick((n) => n + 1);
  };
  const errorOf = (path: string) => issues.find((i) => i.path === path)?.message;

  const onFind = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setChosen(null);
    const parsed = emergencyLookupQuery.safeParse({ lastName, dateOfBirth });
    if (!parsed.success) return show(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    setIssues([]);
    setBusy(true);
    try {
      const found = await emergencyAccessApi.lookup(parsed.data);
      setResult(found);
      announce(found.items.length === 0 ? t('emergencyAccess.noMatch') : t('emergencyAccess.found', { count: found.items.length }));
    } catch (err) {
      if (isApiError(err) && err.status === 400 && err.details.length) show([...err.details]);
      else setError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  const labels: Record<string, string> = { lastName: t('emergencyAccess.lastName'), dateOfBirth: t('emergencyAccess.dateOfBirth') };

  return (
    <Page title={t('emergencyAccess.title')} narrow>
      <p>{t('emergencyAccess.intro')}</p>
      <RunningAccesses />
      <section className="panel" aria-labelledby="ea-find-title">
        <h2 id="ea-find-title">{t('emergencyAccess.find')}</h2>
        <form noValidate onSubmit={(e) => void onFind(e)}>
          <ErrorSummary ref={summary} items={issues.map((i) => ({ targetId: `field-${i.path}`, message: `${labels[i.path] ?? i.path}: ${i.message}` }))} />
          <TextField
            name="lastName"
            label={labels.lastName ?? ''}
            hint={t('emergencyAccess.lastNameHint')}
            value={lastName}
            onChange={setLastName}
            error={errorOf('lastName')}
            autoComplete="off"
            spellCheck={false}
          />
          <TextField name="dateOfBirth" type="date" label={labels.dateOfBirth ?? ''} value={dateOfBirth} onChange={setDateOfBirth} error={errorOf('dateOfBirth')} />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('emergencyAccess.searching') : t('emergencyAccess.search')}
          </button>
        </form>
      </section>
      {error ? (
        <Notice tone="error" live="assertive">
          <p>{error}</p>
        </Notice>
      ) : null}
      {result ? <Matches result={result} chosen={chosen} onChoose={setChosen} /> : null}
    </Page>
  );
}

function Matches({
  result,
  chosen,
  onChoose,
}: {
  result: { items: EmergencyLookupMatch[]; truncated: boolean };
  chosen: EmergencyLookupMatch | null;
  onChoose: (m: EmergencyLookupMatch) => void;
}) {
  const { t } = useI18n();
  return (
    <section className="panel" aria-labelledby="ea-matches-title">
      <h2 id="ea-matches-title">{t('emergencyAccess.matches')}</h2>
      {result.items.length === 0 ? <p className="empty">{t('emergencyAccess.noMatch')}</p> : null}
      {result.truncated ? (
        <Notice tone="warning">
          <p>{t('emergencyAccess.truncated')}</p>
        </Notice>
      ) : null}
      <ul className="ea-matches">
        {result.items.map((m) => (
          <li key={m.id} className="ea-match">
            <p className="ea-match-name">
              <strong>{m.name}</strong>
            </p>
            <p className="muted">
              {t('emergencyAccess.born', { year: m.birthYear })} · {m.atYourSite ? t('emergencyAccess.yourSite') : t('emergencyAccess.atSite', { site: m.siteName })}
            </p>
            {m.atYourSite ? (
              <Link to={`/participants/${m.id}`}>{t('emergencyAccess.openUsual')}</Link>
            ) : chosen?.id === m.id ? (
              <ReasonForm match={m} />
            ) : (
              <button type="button" className="btn btn-secondary" onClick={() => onChoose(m)}>
                {t('emergencyAccess.choose', { name: m.name })}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReasonForm({ match }: { match: EmergencyLookupMatch }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const [tick, setTick] = useState(0);
  useFocusWhen(heading, match.id);
  useFocusWhen(input, tick > 0 ? tick : null);
  const id = 'field-reason';

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const parsed = emergencyAccessInput.safeParse({ reason });
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]?.message);
      setTick((n) => n + 1);
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    try {
      await emergencyAccessApi.open(match.id, parsed.data);
      void navigate(`/participants/${match.id}`);
    } catch (err) {
      const detail = isApiError(err) && err.status === 400 ? err.details.find((d) => fieldOf(d.path) === 'reason') : undefined;
      if (detail) {
        setFieldError(detail.message);
        setTick((n) => n + 1);
      } else setError(describeError(err, t));
      setBusy(false);
    }
  };

  return (
    <form noValidate className="ea-reason" aria-labelledby="ea-reason-title" onSubmit={(e) => void onSubmit(e)}>
      <h3 id="ea-reason-title" ref={heading} tabIndex={-1}>
        {t('emergencyAccess.reasonTitle', { name: match.name })}
      </h3>
      {error ? (
        <Notice tone="error" live="assertive">
          <p>{error}</p>
        </Notice>
      ) : null}
      <TextAreaField
        ref={input}
        id={id}
        name="reason"
        label={t('emergencyAccess.reason')}
        hint={t('emergencyAccess.reasonHint')}
        error={fieldError}
        rows={4}
        maxLength={1000}
        value={reason}
        onChange={setReason}
      />
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? t('emergencyAccess.opening') : t('emergencyAccess.open')}
      </button>
    </form>
  );
}

/** The caller's accesses running now, each a way back to the record. */
function RunningAccesses() {
  const { t, locale } = useI18n();
  const mine = useAsync((signal) => emergencyAccessApi.mine(signal), []);
  const items = mine.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="ea-running-title">
      <h2 id="ea-running-title">{t('emergencyAccess.running')}</h2>
      <ul>
        {items.map((a) => (
          <li key={a.id}>
            <Link to={`/participants/${a.participantId}`}>
              {t('emergencyAccess.runningItem', { name: a.participantName, site: a.siteName, time: formatTime(a.expiresAt, locale) })}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
