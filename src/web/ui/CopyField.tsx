import { useRef, useState } from 'react';

/** A read-only value with a Copy button, for links that are shown once. */
export function CopyField({ id, label, value, copyLabel, copiedLabel, copyFailedLabel }: { id: string; label: string; value: string; copyLabel: string; copiedLabel: string; copyFailedLabel: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('copied');
    } catch {
      // No clipboard access (older browser, no permission): select the text so it can be copied by hand.
      input.current?.focus();
      input.current?.select();
      setStatus('failed');
    }
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
        {status === 'copied' ? copiedLabel : status === 'failed' ? copyFailedLabel : ''}
      </p>
    </div>
  );
}
