import { useRef, useState } from 'react';
import { answeredCount, localize, mergeAnswers, type Answers, type AssessmentDetail, type InstrumentItem } from '../../../core/assessments.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { languageName } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { RadioGroup } from '../../ui/ChoiceGroup.tsx';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary.tsx';
import { TextField } from '../../ui/Field.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useFocusWhen } from '../../ui/hooks.ts';
import { assessmentsApi } from './assessmentsApi.ts';

const fieldName = (item: InstrumentItem) => `item-${item.id}`;
const targetId = (item: InstrumentItem) => (item.type === 'single_choice' ? `field-${fieldName(item)}-0` : `field-${fieldName(item)}`);

/** The answers that differ from the saved ones: a value sets, null clears. */
function changes(saved: Answers, current: Answers): Record<string, string | number | null> {
  const ids = new Set([...Object.keys(saved), ...Object.keys(current)]);
  const out: Record<string, string | number | null> = {};
  for (const id of ids) if (saved[id] !== current[id]) out[id] = current[id] ?? null;
  return out;
}

/**
 * Any instrument, drawn from its definition: one group of radio buttons per
 * choice item (fieldset and legend), a progress line, "Save and continue later"
 * and "Complete". The server checks and scores; this form only shows what it says.
 */
export function InstrumentForm({ assessment, language, initiallySaved, onSaved, onCompleted, onReload }: {
  assessment: AssessmentDetail;
  language: string;
  /** Just saved: the form was drawn again from the saved answers; say so. */
  initiallySaved: boolean;
  onSaved: (a: AssessmentDetail) => void;
  onCompleted: (a: AssessmentDetail) => void;
  onReload: () => void;
}) {
  const { t, locale } = useI18n();
  const { definition } = assessment;
  const [answers, setAnswers] = useState<Answers>(assessment.answers);
  const [busy, setBusy] = useState<'save' | 'complete' | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<{ message: string; reload: boolean } | null>(null);
  const [saved, setSaved] = useState(initiallySaved);
  const summaryRef = useRef<HTMLDivElement>(null);
  const [errorGeneration, setErrorGeneration] = useState(0);
  useFocusWhen(summaryRef, errorGeneration || null);

  const text = (l: Parameters<typeof localize>[0]) => localize(l, language, definition.languages[0] ?? 'en');
  const answered = answeredCount(definition, answers);
  const total = definition.items.length;
  const number = (id: string) => definition.items.findIndex((i) => i.id === id) + 1;

  const set = (id: string, value: string | number | null) => {
    setSaved(false);
    setAnswers((prev) => mergeAnswers(prev, { [id]: value }));
  };

  const submit = async (complete: boolean) => {
    setBusy(complete ? 'complete' : 'save');
    setProblem(null);
    setSaved(false);
    try {
      const result = await assessmentsApi.update(assessment.participantId, assessment.id, {
        answers: changes(assessment.answers, answers),
        complete,
        version: assessment.version,
      });
      setIssues({});
      if (complete) onCompleted(result);
      else {
        setSaved(true);
        onSaved(result);
      }
    } catch (err) {
      if (isApiError(err) && err.status === 400 && err.details.some((d) => d.path.startsWith('answers.'))) {
        const next: Record<string, string> = {};
        for (const d of err.details) {
          const id = d.path.replace(/^answers\./, '');
          next[id] = answers[id] === undefined ? t('assessments.itemMissing') : d.message;
        }
        setIssues(next);
        setErrorGeneration((g) => g + 1);
      } else if (isApiError(err) && err.status === 409) {
        setProblem({ message: err.code === 'assessment_completed' ? t('assessments.alreadyCompleted') : t('assessments.stale'), reload: true });
      } else {
        setProblem({ message: describeError(err, t), reload: false });
      }
    } finally {
      setBusy(null);
    }
  };

  const summary: SummaryItem[] = definition.items
    .filter((i) => issues[i.id])
    .map((i) => ({ targetId: targetId(i), message: t('assessments.itemIssue', { n: number(i.id), message: issues[i.id] ?? '' }) }));

  return (
    <form noValidate onSubmit={(e) => e.preventDefault()} lang={language === locale ? undefined : language}>
      <ErrorSummary ref={summaryRef} items={summary} />
      {problem ? (
        <Notice tone="error" live="assertive">
          <p>{problem.message}</p>
          {problem.reload ? (
            <button type="button" className="btn btn-secondary" onClick={onReload}>
              {t('assessments.reload')}
            </button>
          ) : null}
        </Notice>
      ) : null}
      {definition.description ? <p>{text(definition.description)}</p> : null}
      <p className="assessment-progress" aria-live="polite">
        {t('assessments.progress', { answered, total })}
        <progress max={total} value={answered} aria-hidden="true" />
      </p>
      {definition.items.map((item, i) => {
        const legend = `${String(i + 1)}. ${text(item.prompt)}`;
        const optional = !item.required;
        const error = issues[item.id];
        switch (item.type) {
          case 'single_choice':
            return (
              <RadioGroup
                key={item.id}
                name={fieldName(item)}
                legend={legend}
                optional={optional}
                {...(error ? { error } : {})}
                options={item.options.map((o) => ({ value: o.value, label: text(o.label) }))}
                value={typeof answers[item.id] === 'string' ? String(answers[item.id]) : ''}
                onChange={(v) => set(item.id, v)}
              />
            );
          case 'number':
            return (
              <TextField
                key={item.id}
                name={fieldName(item)}
                label={legend}
                optional={optional}
                {...(error ? { error } : {})}
                type="number"
                inputMode="numeric"
                value={answers[item.id] === undefined ? '' : String(answers[item.id])}
                onChange={(v) => set(item.id, v === '' || Number.isNaN(Number(v)) ? null : Number(v))}
              />
            );
          case 'text':
            return (
              <TextField
                key={item.id}
                name={fieldName(item)}
                label={legend}
                optional={optional}
                {...(error ? { error } : {})}
                value={typeof answers[item.id] === 'string' ? String(answers[item.id]) : ''}
                onChange={(v) => set(item.id, v)}
              />
            );
        }
      })}
      {saved ? (
        <Notice tone="success" live="polite">
          <p>{t('assessments.saved')}</p>
        </Notice>
      ) : null}
      <div className="assessment-buttons">
        <button type="button" className="btn btn-primary" disabled={busy !== null} onClick={() => void submit(true)}>
          {busy === 'complete' ? t('assessments.completing') : t('assessments.complete')}
        </button>
        <button type="button" className="btn btn-secondary" disabled={busy !== null} onClick={() => void submit(false)}>
          {busy === 'save' ? t('assessments.saving') : t('assessments.save')}
        </button>
      </div>
      <p className="muted small">{t('assessments.languageNote', { language: languageName(language, locale) })}</p>
    </form>
  );
}
