/** Plans of what happened to each demo participant, and the dates they are told in. */
import type { ParticipantCreateInput, ParticipantUpdateInput } from '../core/schemas.ts';
import { isoDateIn } from '../server/clock.ts';
import type { Random } from './random.ts';
import type { DemoSiteKey } from './sites.ts';

export const DEMO_TIME_ZONE = 'America/Chicago';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Who does something in the story: a coach or case manager of the participant's
 * site at that moment (taking turns), or the program administrator at the hub.
 */
export type Doer = { kind: 'staff'; turn: number } | { kind: 'hub' };

export interface PlannedChange {
  at: Date;
  by: Doer;
  /** A transfer to another site. */
  site?: DemoSiteKey;
  changes: Omit<ParticipantUpdateInput, 'version' | 'siteId'>;
}

export interface PlannedParticipant {
  /** p001…: stable across runs, for tests and tie-breaking. */
  key: string;
  site: DemoSiteKey;
  createdAt: Date;
  by: Doer;
  input: Omit<ParticipantCreateInput, 'siteId'>;
  /** In the order they happened. */
  changes: PlannedChange[];
  /** Enrolled from a referral list, not met yet: no contacts so far. */
  awaitingFirstVisit?: boolean;
}

/** Dates relative to the moment the demo is seeded, in the program's time zone. */
export class Calendar {
  constructor(readonly now: Date) {}

  /** A working-hours moment (about 9 a.m. to 5 p.m. in Chicago) `days` ago; days ≥ 1. */
  daysAgo(days: number, rng: Random): Date {
    const day = isoDateIn(new Date(this.now.getTime() - Math.max(1, days) * DAY), DEMO_TIME_ZONE);
    // 15:00-22:59 UTC is 9-16 h in Chicago in winter, 10-17 h in summer.
    return new Date(Date.parse(`${day}T00:00:00Z`) + (15 + rng.int(0, 7)) * HOUR + rng.int(0, 59) * 60_000);
  }

  /** The same moment `hours` later, but never later than a day before now. */
  later(from: Date, hours: number): Date {
    return new Date(Math.min(from.getTime() + hours * HOUR, this.now.getTime() - DAY));
  }

  /** The calendar date `days` from now (negative: in the past). */
  isoFromNow(days: number): string {
    return isoDateIn(new Date(this.now.getTime() + days * DAY), DEMO_TIME_ZONE);
  }

  isoOf(moment: Date): string {
    return isoDateIn(moment, DEMO_TIME_ZONE);
  }

  /** Someone `age` years old today, born on a day the generator chooses. */
  birthDate(age: number, rng: Random): string {
    return isoDateIn(new Date(this.now.getTime() - (age * 365.25 + rng.int(1, 364)) * DAY), DEMO_TIME_ZONE);
  }

  daysBetween(a: Date, b: Date): number {
    return Math.floor((b.getTime() - a.getTime()) / DAY);
  }
}
