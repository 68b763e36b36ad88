import { TextField } from '../../ui/Field.tsx';

/** Six digits from an authenticator app: the phone's number pad, and the code offered by the platform's autofill. */
export function CodeField({ name, label, hint, value, onChange, error }: { name: string; label: string; hint?: string; value: string; onChange: (v: string) => void; error?: string }) {
  return (
    <TextField
      name={name}
      label={label}
      hint={hint}
      value={value}
      onChange={(v) => onChange(v.replace(/[^\d]/g, '').slice(0, 6))}
      error={error}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]*"
      maxLength={6}
      spellCheck={false}
      className="field--code"
    />
  );
}

/** What the server expects: the digits only. */
export const isSixDigits = (code: string) => /^\d{6}$/.test(code);
