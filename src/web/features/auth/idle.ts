/**
 * Inactivity: the server ends a session after `idleTimeoutSeconds` without a
 * request. The app signs out on its own a little earlier (so a screen left open
 * on a phone stops showing participant data), warns two minutes before (WCAG
 * 2.2.1), and, while the person is actually using the page (typing a long form
 * makes no requests), pings the server so their session does not die under them.
 *
 * Timestamps are shared between tabs through localStorage, so activity in one tab
 * keeps the others signed in too.
 */

export const WARN_BEFORE_MS = 120_000;
export const KEEP_ALIVE_AFTER_MS = 60_000;
/** Sign out this much before the server would, so we never race it (the server records activity at most every 30 s). */
export const SAFETY_MARGIN_MS = 45_000;

export type IdleAction = 'none' | 'keepAlive' | 'warn' | 'signOut';

export interface IdleClock {
  now: number;
  /** Last keypress, click or touch, in any tab. */
  lastActivity: number;
  /** Last answer from the server, in any tab. */
  lastServerContact: number;
  timeoutMs: number;
}

export function signOutAt(c: Omit<IdleClock, 'now'>): number {
  return Math.min(c.lastActivity, c.lastServerContact) + c.timeoutMs - SAFETY_MARGIN_MS;
}

export function idleAction(c: IdleClock): IdleAction {
  const deadline = signOutAt(c);
  const busy = c.lastActivity > c.lastServerContact;
  // Checked first: offline in the field, pings fail, and the screen must still lock.
  if (c.now >= deadline) return 'signOut';
  if (busy && c.now - c.lastServerContact >= KEEP_ALIVE_AFTER_MS) return 'keepAlive';
  if (c.now >= deadline - Math.min(WARN_BEFORE_MS, c.timeoutMs / 2)) return 'warn';
  return 'none';
}

const STORAGE_KEYS = { activity: 'tandem.idle.activity', server: 'tandem.idle.server' } as const;
type Stamp = keyof typeof STORAGE_KEYS;

function readStored(key: Stamp): number {
  try {
    return Number(localStorage.getItem(STORAGE_KEYS[key])) || 0;
  } catch {
    return 0;
  }
}

/** Remembers the two timestamps here and in localStorage (written at most every 2 s). */
export function createStampStore(start: number) {
  const memory: Record<Stamp, number> = { activity: start, server: start };
  const written: Record<Stamp, number> = { activity: 0, server: 0 };
  return {
    stamp(key: Stamp, now: number) {
      memory[key] = now;
      if (now - written[key] < 2000) return;
      written[key] = now;
      try {
        localStorage.setItem(STORAGE_KEYS[key], String(now));
      } catch {
        // Private mode or storage full: this tab still works on its own.
      }
    },
    read(key: Stamp): number {
      return Math.max(memory[key], readStored(key));
    },
  };
}
