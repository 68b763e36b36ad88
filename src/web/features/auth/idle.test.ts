import { describe, expect, it } from 'vitest';
import { idleAction, KEEP_ALIVE_AFTER_MS, SAFETY_MARGIN_MS } from './idle.ts';
import { safeNextPath, signInPath } from './nextPath.ts';

const MIN = 60_000;
const timeoutMs = 30 * MIN;

describe('idleAction', () => {
  it('does nothing while recently active and recently seen by the server', () => {
    expect(idleAction({ now: 5 * MIN, lastActivity: 4 * MIN, lastServerContact: 4 * MIN, timeoutMs })).toBe('none');
  });

  it('keeps the server session alive while the person types without saving', () => {
    expect(idleAction({ now: 10 * MIN, lastActivity: 10 * MIN - 1000, lastServerContact: 10 * MIN - KEEP_ALIVE_AFTER_MS, timeoutMs })).toBe('keepAlive');
  });

  it('warns two minutes before signing out, then signs out before the server would', () => {
    const deadline = timeoutMs - SAFETY_MARGIN_MS;
    expect(idleAction({ now: deadline - 2 * MIN + 1, lastActivity: 0, lastServerContact: 0, timeoutMs })).toBe('warn');
    expect(idleAction({ now: deadline, lastActivity: 0, lastServerContact: 0, timeoutMs })).toBe('signOut');
  });

  it('signs out even when keep-alive pings cannot get through (offline phone)', () => {
    expect(idleAction({ now: 40 * MIN, lastActivity: 39 * MIN, lastServerContact: 0, timeoutMs })).toBe('signOut');
  });
});

describe('safeNextPath', () => {
  it('accepts paths inside the app only', () => {
    expect(safeNextPath('/participants/1?x=2')).toBe('/participants/1?x=2');
    expect(safeNextPath('https://evil.example')).toBe('/');
    expect(safeNextPath('//evil.example')).toBe('/');
    expect(safeNextPath('/sign-in')).toBe('/');
    expect(signInPath('/admin/users')).toBe('/sign-in?next=%2Fadmin%2Fusers');
  });
});
