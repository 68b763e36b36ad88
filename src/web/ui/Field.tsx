import type { InputHTMLAttributes, ReactNode, Ref, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { useT } from '../i18n/I18nProvider.tsx';

/** ids of the hint and error that describe a control, for aria-describedby. */
export function describedBy(id: string, hint?: ReactNode, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function FieldHint({ id, children }: { id: string; children?: ReactNode }) {
  if (!children) return null;
  return (
    <p className="field-hint" id={`${id}-hint`}>
      {children}
    </p>
  );
}

export function FieldError({ id, message }: { id: string; message?: string }) {
  const t = useT();
  if (!message) return null;
  return (
    <p className="field-error" id={`${id}-error`}>
      <span className="visually-hidden">{t('ui.errorPrefix')} </span>
      {message}
    </p>
  );
}

export function FieldLabel({ htmlFor, label, optional }: { htmlFor: string; label: string; optional?: boolean }) {
  const t = useT();
  return (
    <label className="field-label" htmlFor={htmlFor}>
      {label}
      {optional ? <span className="field-optional"> {t('ui.optional')}</span> : null}
    </label>
  );
}

interface CommonProps {
  label: string;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
}

/** The frame every field shares: label, hint and error above the control, marked invalid when in error. */
function FieldFrame({ id, label, hint, error, optional, className, children }: CommonProps & { id: string; className?: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <FieldLabel htmlFor={id} label={label} optional={optional} />
      <FieldHint id={id}>{hint}</FieldHint>
      <FieldError id={id} message={error} />
      {children}
    </div>
  );
}

export interface TextFieldProps extends CommonProps, Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  name: string;
  value: string;
  onChange: (value: string) => void;
}

export function TextField({ label, hint, error, optional, name, id, value, onChange, className, ...rest }: TextFieldProps) {
  const fieldId = id ?? `field-${name}`;
  return (
    <FieldFrame id={fieldId} label={label} hint={hint} error={error} optional={optional} className={className}>
      <input
        {...rest}
        id={fieldId}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error)}
        className="input"
      />
    </FieldFrame>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectFieldProps extends CommonProps, Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> {
  name: string;
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
  /** Text of an empty first option ("Choose…", "All sites"); omitted when undefined. */
  placeholder?: string;
}

export function SelectField({ label, hint, error, optional, name, id, value, options, onChange, placeholder, className, ...rest }: SelectFieldProps) {
  const fieldId = id ?? `field-${name}`;
  return (
    <FieldFrame id={fieldId} label={label} hint={hint} error={error} optional={optional} className={className}>
      <select
        {...rest}
        id={fieldId}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error)}
        className="input select"
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export interface TextAreaFieldProps extends CommonProps, Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value'> {
  name: string;
  value: string;
  onChange: (value: string) => void;
  ref?: Ref<HTMLTextAreaElement>;
}

export function TextAreaField({ label, hint, error, optional, name, id, value, onChange, className, ref, ...rest }: TextAreaFieldProps) {
  const fieldId = id ?? `field-${name}`;
  return (
    <FieldFrame id={fieldId} label={label} hint={hint} error={error} optional={optional} className={className}>
      <textarea
        {...rest}
        ref={ref}
        id={fieldId}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error)}
        className="input"
      />
    </FieldFrame>
  );
}
