/**
 * A small form that opens in place (record an interview, end a medication
 * episode…): checks its input with the zod schema from core before sending,
 * shows the server's field errors at their fields (400), says when someone else
 * saved first (409) with a way to reload, and moves focus with each of these.
 */
import { useRef, useState, type ReactNode } from 'react';
import type { ZodType } from 'zod';
import { describeError } from '../api/describeError.ts';
import { isApiError, type ApiError, type FieldIssue } from '../api/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useAnnounce } from './Announcer.tsx';
import { ErrorSummary } from './ErrorSummary.tsx';
import { useFocusWhen } from './hooks.ts';
import { Notice } from './Notice.tsx';

/** `conflictMessage` turns a 409 into the words the form shows above its fields. */
export function useInlineActionForm(onDone: (message: string) => void, conflictMessage: (err: ApiError) => string) {
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
      else if (isApiError(err) && err.isConflict) setConflict(conflictMessage(err));
      else setFormError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  }

  const errorOf = (path: string) => issues.find((i) => i.path === path)?.message;
  return { issues, formError, conflict, busy, tick, submit, errorOf };
}

export interface InlineActionFormProps {
  title: string;
  submitLabel: string;
  state: ReturnType<typeof useInlineActionForm>;
  /** Labels of the fields, for the error summary's links. */
  labels: Record<string, string>;
  onSubmit: () => void;
  onCancel: () => void;
  /** After a 409: fetch the latest and close the form. */
  onReload: () => void;
  children: ReactNode;
}

interface Frame {
  /** The form's class and the id of its heading. */
  className: string;
  titleId: string;
  /** The id of a field's control, so the error summary can link to it. */
  fieldId: (path: string) => string;
  reloadLabel: string;
}

export function InlineActionForm({ title, submitLabel, state, labels, onSubmit, onCancel, onReload, children, className, titleId, fieldId, reloadLabel }: InlineActionFormProps & Frame) {
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
      className={className}
      noValidate
      aria-busy={state.busy}
      aria-labelledby={titleId}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h3 id={titleId} ref={headingRef} tabIndex={-1}>
        {title}
      </h3>
      {state.conflict ? (
        <div className="notice notice--error" role="alert" ref={conflictRef} tabIndex={-1}>
          <p>{state.conflict}</p>
          <button type="button" className="btn btn-primary" onClick={onReload}>
            {reloadLabel}
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
