import { useRef, useState, type SubmitEvent } from 'react';
import { addendumInput, type ContactDetail } from '../../../core/contacts.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError, type FieldIssue } from '../../api/errors.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { TextField } from '../../ui/Field.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { contactsApi } from './contactsApi.ts';
import { NoteField } from './NoteField.tsx';

/** "Add a correction": an addendum under the note, which itself never changes. */
export function AddendumForm({ participantId, contactId, onAdded }: { participantId: string; contactId: string; onAdded: (c: ContactDetail) => void }) {
  const t = useT();
  const announce = useAnnounce();
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const errorOf = (field: 'text' | 'reason') => issues.find((i) => i.path.split('.')[0] === field)?.message;

  const show = (found: FieldIssue[]) => {
    setIssues(found);
    announce(t('ui.errorSummaryTitle', { count: found.length }));
    const first = found[0]?.path.split('.')[0];
    // After React has drawn the errors, move to the first field that has one.
    setTimeout(() => document.getElementById(first === 'reason' ? 'field-reason' : first === 'text' ? 'field-text' : '')?.focus() ?? summaryRef.current?.focus(), 0);
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy) return;
    setFormError(null);
    setDone(false);
    const parsed = addendumInput.safeParse({ text, reason });
    if (!parsed.success) return show(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    setIssues([]);
    setBusy(true);
    try {
      const updated = await contactsApi.addAddendum(participantId, contactId, parsed.data);
      setText('');
      setReason('');
      setDone(true);
      onAdded(updated);
    } catch (err) {
      if (isApiError(err) && err.status === 400 && err.details.length) show([...err.details]);
      else setFormError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  const summary = (['text', 'reason'] as const)
    .filter((f) => errorOf(f))
    .map((f) => ({ targetId: `field-${f}`, message: `${t(f === 'text' ? 'contacts.correctionText' : 'contacts.correctionReasonLabel')}: ${errorOf(f) ?? ''}` }));

  return (
    <section aria-labelledby="add-correction-title" className="panel">
      <h2 id="add-correction-title">{t('contacts.addCorrection')}</h2>
      <p className="field-hint">{t('contacts.addCorrectionHint')}</p>
      {done ? (
        <Notice tone="success" live="polite">
          <p>{t('contacts.correctionAdded')}</p>
        </Notice>
      ) : null}
      {formError ? (
        <Notice tone="error" live="assertive">
          <p>{formError}</p>
        </Notice>
      ) : null}
      <form onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy}>
        <ErrorSummary ref={summaryRef} items={summary} />
        <NoteField name="text" label={t('contacts.correctionText')} value={text} onChange={setText} error={errorOf('text')} />
        <TextField name="reason" label={t('contacts.correctionReasonLabel')} value={reason} onChange={setReason} error={errorOf('reason')} autoComplete="off" />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('ui.saving') : t('contacts.saveCorrection')}
        </button>
      </form>
    </section>
  );
}
