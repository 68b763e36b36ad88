import type { ReactNode } from 'react';
import { describedBy, FieldError, FieldHint, type SelectOption } from './Field.tsx';
import { useT } from '../i18n/I18nProvider.tsx';

interface GroupProps {
  name: string;
  legend: string;
  options: readonly SelectOption[];
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
  /** Lay the choices out side by side when there is room. */
  inline?: boolean;
}

function GroupShell({ name, legend, hint, error, optional, inline, children }: Omit<GroupProps, 'options'> & { children: ReactNode }) {
  const t = useT();
  const id = `field-${name}`;
  return (
    <fieldset className={`field choice-group${error ? ' field--invalid' : ''}`} aria-describedby={describedBy(id, hint, error)}>
      <legend className="field-label">
        {legend}
        {optional ? <span className="field-optional"> {t('ui.optional')}</span> : null}
      </legend>
      <FieldHint id={id}>{hint}</FieldHint>
      <FieldError id={id} message={error} />
      <div className={inline ? 'choices choices--inline' : 'choices'}>{children}</div>
    </fieldset>
  );
}

export function CheckboxGroup(props: GroupProps & { values: readonly string[]; onChange: (values: string[]) => void }) {
  const { name, options, values, onChange, error } = props;
  const toggle = (value: string, checked: boolean) => {
    const next = checked ? [...values, value] : values.filter((v) => v !== value);
    // Keep the order of the options, whatever order they were ticked in.
    onChange(options.map((o) => o.value).filter((v) => next.includes(v)));
  };
  return (
    <GroupShell {...props}>
      {options.map((o, i) => {
        const id = `field-${name}-${i}`;
        return (
          <div className="choice" key={o.value}>
            <input
              type="checkbox"
              id={id}
              name={name}
              value={o.value}
              checked={values.includes(o.value)}
              onChange={(e) => toggle(o.value, e.target.checked)}
              aria-invalid={error ? true : undefined}
            />
            <label htmlFor={id}>{o.label}</label>
          </div>
        );
      })}
    </GroupShell>
  );
}

export function RadioGroup(props: GroupProps & { value: string; onChange: (value: string) => void }) {
  const { name, options, value, onChange, error } = props;
  return (
    <GroupShell {...props}>
      {options.map((o, i) => {
        const id = `field-${name}-${i}`;
        return (
          <div className="choice" key={o.value}>
            <input
              type="radio"
              id={id}
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              aria-invalid={error ? true : undefined}
            />
            <label htmlFor={id}>{o.label}</label>
          </div>
        );
      })}
    </GroupShell>
  );
}

export function Checkbox({ name, label, checked, onChange, hint }: { name: string; label: string; checked: boolean; onChange: (checked: boolean) => void; hint?: ReactNode }) {
  const id = `field-${name}`;
  return (
    <div className="field">
      <div className="choice">
        <input type="checkbox" id={id} name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
        <label htmlFor={id}>{label}</label>
      </div>
      <FieldHint id={id}>{hint}</FieldHint>
    </div>
  );
}
