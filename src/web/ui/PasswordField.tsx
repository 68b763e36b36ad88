import { useState } from 'react';
import { TextField, type TextFieldProps } from './Field.tsx';

/** A password input with a Show/Hide button: typing blind on a phone keyboard is error-prone. */
export function PasswordField({ showLabel, hideLabel, ...props }: Omit<TextFieldProps, 'type'> & { showLabel: string; hideLabel: string }) {
  const [visible, setVisible] = useState(false);
  return (
    <div className="password-field">
      <TextField {...props} type={visible ? 'text' : 'password'} spellCheck={false} autoCapitalize="none" autoCorrect="off" />
      <button
        type="button"
        className="btn btn-link password-toggle"
        aria-pressed={visible}
        aria-controls={props.id ?? `field-${props.name}`}
        onClick={() => setVisible((v) => !v)}
      >
        {visible ? hideLabel : showLabel}
      </button>
    </div>
  );
}
