import { GOAL_STATUSES, LIFE_DOMAINS, STEP_OWNERS, STEP_STATUSES } from '../../../core/plans.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { needLabel } from '../assessments/display.ts';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { controlId, type GoalForm, type StepForm } from './planForm.ts';

interface GoalFieldsProps {
  goal: GoalForm;
  index: number;
  count: number;
  errors: Record<string, string>;
  onChange: (goal: GoalForm) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
  onAddStep: () => void;
  /** Where focus goes after a button that moved or removed itself. */
  requestFocus: (id: string) => void;
}

/** One goal of the editor: its words, domain, target date and status, then its steps. */
export function GoalFields({ goal, index, count, errors, onChange, onMove, onRemove, onAddStep, requestFocus }: GoalFieldsProps) {
  const t = useT();
  const n = index + 1;
  const path = (field: string) => `goals.${index}.${field}`;
  const field = (name: string) => ({ id: controlId(path(name)), name: controlId(path(name)), error: errors[path(name)] });
  const setStep = (j: number, step: StepForm) => onChange({ ...goal, steps: goal.steps.map((s, k) => (k === j ? step : s)) });
  const moveStep = (from: number, to: number) => {
    if (to < 0 || to >= goal.steps.length) return;
    const steps = [...goal.steps];
    const [s] = steps.splice(from, 1);
    if (s) steps.splice(to, 0, s);
    onChange({ ...goal, steps });
    if (s) requestFocus(`plan-step-${s.key}-${to < from ? (to === 0 ? 'down' : 'up') : to === steps.length - 1 ? 'up' : 'down'}`);
  };
  const stepButton = (key: string, which: string) => `plan-step-${key}-${which}`;

  return (
    <fieldset className="card plan-goal-editor" aria-labelledby={`plan-goal-${goal.key}-title`}>
      <h2 id={`plan-goal-${goal.key}-title`} className="plan-goal-editor-title">
        {t('plans.goalHeading', { n })}
      </h2>
      <TextField {...field('text')} label={t('plans.goalText')} hint={t('plans.goalTextHint')} value={goal.text} onChange={(text) => onChange({ ...goal, text })} maxLength={500} />
      <div className="plan-field-row">
        <SelectField
          {...field('domain')}
          label={t('plans.domain')}
          value={goal.domain}
          placeholder={t('ui.choose')}
          options={LIFE_DOMAINS.map((d) => ({ value: d, label: t(`plans.domain.${d}`) }))}
          onChange={(domain) => onChange({ ...goal, domain })}
        />
        <SelectField
          {...field('status')}
          label={t('plans.goalStatus')}
          value={goal.status}
          options={GOAL_STATUSES.map((s) => ({ value: s, label: t(`plans.goalStatus.${s}`) }))}
          onChange={(status) => onChange({ ...goal, status: status as GoalForm['status'] })}
        />
        <TextField {...field('targetDate')} type="date" optional label={t('plans.targetDate')} value={goal.targetDate} onChange={(targetDate) => onChange({ ...goal, targetDate })} />
      </div>
      {goal.source ? <p className="muted small">{t('plans.fromNeed', { need: needLabel(goal.source.domain, t) })}</p> : null}

      <ol className="plan-step-editors">
        {goal.steps.map((step, j) => {
          const sp = (name: string) => `goals.${index}.steps.${j}.${name}`;
          const sf = (name: string) => ({ id: controlId(sp(name)), name: controlId(sp(name)), error: errors[sp(name)] });
          const m = j + 1;
          return (
            <li key={step.key} className="plan-step-editor">
              <fieldset aria-labelledby={`plan-step-${step.key}-title`}>
                <h3 id={`plan-step-${step.key}-title`} className="plan-step-editor-title">
                  {t('plans.stepHeading', { n: m, goal: n })}
                </h3>
                <TextField {...sf('what')} label={t('plans.stepWhat')} value={step.what} onChange={(what) => setStep(j, { ...step, what })} maxLength={500} />
                <div className="plan-field-row">
                  <SelectField
                    {...sf('owner')}
                    label={t('plans.stepOwner')}
                    value={step.owner}
                    placeholder={t('ui.choose')}
                    options={STEP_OWNERS.map((o) => ({ value: o, label: t(`plans.owner.${o}`) }))}
                    onChange={(owner) => setStep(j, { ...step, owner })}
                  />
                  <TextField {...sf('dueDate')} type="date" optional label={t('plans.stepDue')} value={step.dueDate} onChange={(dueDate) => setStep(j, { ...step, dueDate })} />
                  <SelectField
                    {...sf('status')}
                    label={t('plans.stepStatus')}
                    value={step.status}
                    options={STEP_STATUSES.map((s) => ({ value: s, label: t(`plans.stepStatus.${s}`) }))}
                    onChange={(status) => setStep(j, { ...step, status: status as StepForm['status'] })}
                  />
                </div>
                <div className="button-row plan-item-actions">
                  <button type="button" id={stepButton(step.key, 'up')} className="btn btn-secondary btn-small" disabled={j === 0} onClick={() => moveStep(j, j - 1)}>
                    {t('plans.moveStepUp', { n: m })}
                  </button>
                  <button type="button" id={stepButton(step.key, 'down')} className="btn btn-secondary btn-small" disabled={j === goal.steps.length - 1} onClick={() => moveStep(j, j + 1)}>
                    {t('plans.moveStepDown', { n: m })}
                  </button>
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => {
                      onChange({ ...goal, steps: goal.steps.filter((_, k) => k !== j) });
                      requestFocus(`plan-goal-${goal.key}-add-step`);
                    }}
                  >
                    {t('plans.removeStep', { n: m })}
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="button-row plan-item-actions">
        <button type="button" id={`plan-goal-${goal.key}-add-step`} className="btn btn-secondary" onClick={onAddStep}>
          {t('plans.addStep')}
        </button>
        <button type="button" id={`plan-goal-${goal.key}-up`} className="btn btn-secondary btn-small" disabled={index === 0} onClick={() => onMove(index - 1)}>
          {t('plans.moveGoalUp', { n })}
        </button>
        <button type="button" id={`plan-goal-${goal.key}-down`} className="btn btn-secondary btn-small" disabled={index === count - 1} onClick={() => onMove(index + 1)}>
          {t('plans.moveGoalDown', { n })}
        </button>
        <button type="button" className="btn btn-secondary btn-small" onClick={onRemove}>
          {t('plans.removeGoal', { n })}
        </button>
      </div>
    </fieldset>
  );
}
