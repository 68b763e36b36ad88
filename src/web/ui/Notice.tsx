import type { ReactNode } from 'react';

type Tone = 'info' | 'success' | 'warning' | 'error';

/**
 * A message box. `live` makes it announce itself when it appears:
 * 'assertive' (role=alert) for failures the person must act on, 'polite' (role=status) otherwise.
 */
export function Notice({ tone = 'info', title, children, live, id }: { tone?: Tone; title?: string; children?: ReactNode; live?: 'polite' | 'assertive'; id?: string }) {
  const role = live === 'assertive' ? 'alert' : live === 'polite' ? 'status' : undefined;
  return (
    <div className={`notice notice--${tone}`} role={role} id={id}>
      {title ? <p className="notice-title">{title}</p> : null}
      {children}
    </div>
  );
}
