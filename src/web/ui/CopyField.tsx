import { useRef, useState } from 'react';

/** A read-only value with a Copy button, for links that are shown once. */
export function CopyField({ id, label, value, copyLabel, copiedLabel }: { id: string; label: string; value: string; copyLabel: string; copiedLabel: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Older browsers or no permission: select the text so the person can copy it by hand.
      input.current?.select();
      document.execCommand?.('copy');
    }
    setCopied(true);
  };

  return (
    <div className="field copy-field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="copy-field-row">
        <input ref={input} id={id} className="input" readOnly value={value} onFocus={(e) => e.target.select()} />
        <button type="button" className="btn btn-secondary" onClick={() => void copy()}>
          {copyLabel}
        </button>
      </div>
      <p className="field-hint" role="status">
        {copied ? copiedLabel : ''}
      </p>
    </div>
  );
}
