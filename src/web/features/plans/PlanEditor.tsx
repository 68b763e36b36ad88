import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { lifeDomainForNeed, type Plan } from '../../../core/plans.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError, type FieldIssue } from '../../api/errors.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { flashState } from '../shell/FlashMessage.tsx';
import { GoalFields } from './GoalFields.tsx';
import { controlId, emptyGoal, emptyStep, formFromPlan, move, toSaveInput, validatePlan, type GoalForm } from './planForm.ts';
import { fieldLabel } from './display.ts';
import { plansApi } from './plansApi.ts';

/** Add, edit, reorder and remove goals and steps; saving makes a new version, or a 409 that keeps what was typed. */
export function PlanEditor({ participantId, plan, fromNeed }: { participantId: string; plan: Plan; fromNeed?: string | null }) {
  const t = useT();
  const announce = useAnnounce();
  const navigate = useNavigate();
  const [loaded, setLoaded] = useState(plan);
  // Arriving from a need found in a screening: a new goal in its domain, waiting for the participant's own words.
  const needDomain = fromNeed ? lifeDomainForNeed(fromNeed) : null;
  const [goals, setGoals] = useState<GoalForm[]>(() => {
    const existing = plan.goals.length ? formFromPlan(plan) : [];
    if (fromNeed && needDomain) return [...existing, { ...emptyGoal(), domain: needDomain, source: { kind: 'need', domain: fromNeed } }];
    return existing.length ? existing : [emptyGoal()];
  });
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [focus, setFocus] = useState<{ id: string; tick: number } | null>(() =>
    needDomain ? { id: controlId(`goals.${String(plan.goals.length)}.text`), tick: 0 } : null,
  );
  const summaryRef = useRef<HTMLDivElement>(null);
  const conflictRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!focus) return;
    const el = document.getElementById(focus.id);
    if (el instanceof HTMLButtonElement && el.disabled) return;
    el?.focus();
  }, [focus]);
  useEffect(() => {
    if (conflict) conflictRef.current?.focus();
  }, [conflict]);

  const requestFocus = (id: string) => setFocus((f) => ({ id, tick: (f?.tick ?? 0) + 1 }));
  const errors = Object.fromEntries(issues.map((i) => [i.path, i.message]));

  const showIssues = (found: FieldIssue[]) => {
    setIssues(found);
    announce(t('ui.errorSummaryTitle', { count: found.length }));
    const first = found.find((i) => document.getElementById(controlId(i.path)));
    if (first) requestFocus(controlId(first.path));
    else summaryRef.current?.focus();
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy || conflict) return;
    setFormError(null);
    const found = validatePlan(goals, t('validation.required'));
    if (found.length) return showIssues(found);
    setIssues([]);
    setBusy(true);
    try {
      const saved = await plansApi.save(participantId, toSaveInput(goals, loaded.version));
      const message = saved.version === loaded.version ? t('plans.noChanges') : t('plans.saved');
      void navigate(`/participants/${participantId}`, { state: flashState(message) });
    } catch (err) {
      if (isApiError(err) && err.status === 400 && err.details.length) showIssues([...err.details]);
      else if (isApiError(err) && err.isConflict) setConflict(true);
      else setFormError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  const reloadLatest = async () => {
    setBusy(true);
    try {
      const latest = await plansApi.get(participantId);
      setLoaded(latest);
      setGoals(latest.goals.length ? formFromPlan(latest) : [emptyGoal()]);
      setIssues([]);
      setConflict(false);
      announce(t('conflict.reloaded'));
    } catch (err) {
      setFormError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  const summaryItems = issues.map((i) => ({ targetId: document.getElementById(controlId(i.path)) ? controlId(i.path) : undefined, message: `${fieldLabel(i.path, t)}: ${i.message}` }));

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy} className="plan-editor">
      {conflict ? (
        <div className="notice notice--error" role="alert" ref={conflictRef} tabIndex={-1}>
          <p className="notice-title">{t('plans.conflict')}</p>
          <p>{t('plans.conflictKeep')}</p>
          <button type="button" className="btn btn-primary" onClick={() => void reloadLatest()} disabled={busy}>
            {t('plans.conflictReload')}
          </button>
        </div>
      ) : null}
      {formError ? (
        <Notice tone="error" live="assertive">
          <p>{formError}</p>
        </Notice>
      ) : null}
      <ErrorSummary ref={summaryRef} items={summaryItems} />
      <p>{t('plans.editIntro')}</p>
      {goals.map((goal, i) => (
        <GoalFields
          key={goal.key}
          goal={goal}
          index={i}
          count={goals.length}
          errors={errors}
          requestFocus={requestFocus}
          onChange={(next) => setGoals((all) => all.map((g, k) => (k === i ? next : g)))}
          onMove={(to) => {
            setGoals((all) => move(all, i, to));
            requestFocus(`plan-goal-${goal.key}-${to < i ? (to === 0 ? 'down' : 'up') : to === goals.length - 1 ? 'up' : 'down'}`);
            announce(t('plans.moved'));
          }}
          onRemove={() => {
            setGoals((all) => all.filter((_, k) => k !== i));
            requestFocus('plan-add-goal');
            announce(t('plans.removed'));
          }}
          onAddStep={() => {
            const step = emptyStep();
            setGoals((all) => all.map((g, k) => (k === i ? { ...g, steps: [...g.steps, step] } : g)));
            requestFocus(controlId(`goals.${i}.steps.${goal.steps.length}.what`));
            announce(t('plans.stepAdded'));
          }}
        />
      ))}
      <div className="button-row form-actions">
        <button
          type="button"
          id="plan-add-goal"
          className="btn btn-secondary"
          onClick={() => {
            setGoals((all) => [...all, emptyGoal()]);
            requestFocus(controlId(`goals.${goals.length}.text`));
            announce(t('plans.goalAdded', { n: goals.length + 1 }));
          }}
        >
          {t('plans.addGoal')}
        </button>
      </div>
      <div className="button-row form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || conflict}>
          {busy ? t('ui.saving') : t('plans.save')}
        </button>
        <Link to={`/participants/${participantId}`} className="btn btn-secondary">
          {t('ui.cancel')}
        </Link>
      </div>
    </form>
  );
}
