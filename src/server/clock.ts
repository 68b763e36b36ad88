/** Time is injected so that tests can move it (idle sign-out, lockout, invitation expiry). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class FakeClock implements Clock {
  constructor(private current: Date = new Date('2026-03-02T15:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(date: Date): void {
    this.current = new Date(date);
  }
}

/** Today's calendar date in a time zone, as YYYY-MM-DD (the rule lives in core, shared with the worklist). */
export { isoDateIn } from '../core/calendar.ts';
