/**
 * What the enrollment forms share: checking the input with its zod schema from
 * core before sending, field errors from the server (400), someone-saved-first
 * (409) with a reload, and the focus moves that go with them.
 */
import { useRef, useState, type ReactNode } from 'react';
import type { ZodType } from 'zod';
import { describeError } from '../../api/describeError.ts';
import { isApiError, type FieldIssue } from '../../api/errors.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { useFocusWhen } from '../../ui/hooks.ts';
import { Notice } from '../../ui/Notice.tsx';

export const fieldId = (path: string) => `enr-${path}`;

export function useActionForm(onDone: (message: string) => void) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);

  const show = (found: FieldIssue[]) => {
    setIssues(found);
    setTick((n) => n + 1);
    announce(t('ui.errorSummaryTitle', { count: found.length }));
  };

  async function submit<T>(schema: ZodType<T>, raw: unknown, send: (input: T) => Promise<unknown>, success: string) {
    if (busy) return;
    setFormError(null);
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return show(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    setIssues([]);
    setBusy(true);
    try {
      await send(parsed.data);
      onDone(success);
    } catch (err) {
      if (isApiError(err) && err.status === 400 && err.details.length) show([...err.details]);
      else if (isApiError(err) && err.isConflict) {
        setConflict(err.code === 'stale_version' ? t('enrollments.conflict') : err.code === 'already_enrolled' ? t('enrollments.alreadyEnrolled') : err.message);
      } else setFormError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  }

  const errorOf = (path: string) => issues.find((i) => i.path === path)?.message;
  return { issues, formError, conflict, busy, tick, submit, errorOf };
}

interface ShellProps {
  title: string;
  submitLabel: string;
  state: ReturnType<typeof useActionForm>;
  /** Labels of the fields, for the error summary's links. */
  labels: Record<string, string>;
  onSubmit: () => void;
  onCancel: () => void;
  /** After a 409: fetch the latest episodes and close the form. */
  onReload: () => void;
  children: ReactNode;
}

export function ActionFormShell({ title, submitLabel, state, labels, onSubmit, onCancel, onReload, children }: ShellProps) {
  const { t } = useI18n();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const conflictRef = useRef<HTMLDivElement>(null);
  useFocusWhen(headingRef, true);
  useFocusWhen(summaryRef, state.tick);
  useFocusWhen(conflictRef, state.conflict);
  const items = state.issues.map((i) => ({
    targetId: labels[i.path] ? fieldId(i.path) : undefined,
    message: labels[i.path] ? `${labels[i.path] ?? ''}: ${i.message}` : i.message,
  }));
  return (
    <form
      className="enr-form"
      noValidate
      aria-busy={state.busy}
      aria-labelledby="enr-form-title"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h3 id="enr-form-title" ref={headingRef} tabIndex={-1}>
        {title}
      </h3>
      {state.conflict ? (
        <div className="notice notice--error" role="alert" ref={conflictRef} tabIndex={-1}>
          <p>{state.conflict}</p>
          <button type="button" className="btn btn-primary" onClick={onReload}>
            {t('enrollments.reload')}
          </button>
        </div>
      ) : null}
      {state.formError ? (
        <Notice tone="error" live="assertive">
          <p>{state.formError}</p>
        </Notice>
      ) : null}
      <ErrorSummary ref={summaryRef} items={items} />
      {children}
      <div className="button-row form-actions">
        <button type="submit" className="btn btn-primary" disabled={state.busy || state.conflict !== null}>
          {state.busy ? t('ui.saving') : submitLabel}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {t('ui.cancel')}
        </button>
      </div>
    </form>
  );
}
