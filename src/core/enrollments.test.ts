import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  dischargeDateIssues,
  enrollmentDateIssues,
  interviewDateIssues,
  interviewSchedule,
  phaseByDates,
  phaseDateIssues,
  suggestedPhase,
  type EpisodeDates,
  type InterviewKind,
} from './enrollments.ts';

/** The calendar date at an instant in a time zone (what the server's clock gives the rules as "today"). */
const isoDateIn = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
const episode = (enrolledOn: string, more: Partial<EpisodeDates> = {}): EpisodeDates => ({ enrolledOn, dischargedOn: null, interviews: [], ...more });
const statusOf = (e: EpisodeDates, today: string, kind: InterviewKind) => interviewSchedule(e, today).find((i) => i.kind === kind);

describe('calendar arithmetic', () => {
  it('adds months keeping the day, or the last day of a shorter month', () => {
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-03-15', 5)).toBe('2026-08-15');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });
  it('adds days across month and year ends and a DST change', () => {
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2026-03-06', 7)).toBe('2026-03-13');
  });
});

describe('intake interview: due within 7 days of enrollment', () => {
  const e = episode('2026-03-02');
  it('is due on the enrollment day and on the 7th day after, missed on the 8th', () => {
    expect(statusOf(e, '2026-03-02', 'intake')).toMatchObject({ status: 'due', opensOn: '2026-03-02', closesOn: '2026-03-09' });
    expect(statusOf(e, '2026-03-09', 'intake')?.status).toBe('due');
    expect(statusOf(e, '2026-03-10', 'intake')?.status).toBe('missed');
  });
  it('is done with its date once recorded, even late', () => {
    const done = episode('2026-03-02', { interviews: [{ kind: 'intake', conductedOn: '2026-03-12' }] });
    expect(statusOf(done, '2026-04-01', 'intake')).toMatchObject({ status: 'done', conductedOn: '2026-03-12' });
  });
});

describe('6-month follow-up: window 5 to 8 months after the intake', () => {
  const e = episode('2025-08-25', { interviews: [{ kind: 'intake', conductedOn: '2025-08-31' }] });
  it('opens 5 months after the intake, month ends clamped', () => {
    expect(statusOf(e, '2026-01-30', 'follow_up_6m')).toMatchObject({ status: 'not_yet', opensOn: '2026-01-31', closesOn: '2026-04-30' });
    expect(statusOf(e, '2026-01-31', 'follow_up_6m')?.status).toBe('open');
  });
  it('is closing soon within the last 14 days, missed the day after it closes', () => {
    expect(statusOf(e, '2026-04-15', 'follow_up_6m')?.status).toBe('open');
    expect(statusOf(e, '2026-04-16', 'follow_up_6m')?.status).toBe('closing_soon');
    expect(statusOf(e, '2026-04-30', 'follow_up_6m')?.status).toBe('closing_soon');
    expect(statusOf(e, '2026-05-01', 'follow_up_6m')?.status).toBe('missed');
  });
  it('counts from enrollment while no intake is recorded', () => {
    expect(statusOf(episode('2025-08-31'), '2026-01-31', 'follow_up_6m')).toMatchObject({ opensOn: '2026-01-31', status: 'open' });
  });
  it('is still owed after a discharge, and done once recorded', () => {
    const discharged = { ...e, dischargedOn: '2025-10-01' };
    expect(statusOf(discharged, '2026-02-10', 'follow_up_6m')?.status).toBe('open');
    const done = { ...e, interviews: [...e.interviews, { kind: 'follow_up_6m' as const, conductedOn: '2026-02-20' }] };
    expect(statusOf(done, '2026-06-01', 'follow_up_6m')).toMatchObject({ status: 'done', conductedOn: '2026-02-20' });
  });
});

describe('discharge interview', () => {
  it('is not yet while the episode is open, due for 14 days after discharge, then missed', () => {
    expect(statusOf(episode('2026-01-05'), '2026-03-01', 'discharge')).toMatchObject({ status: 'not_yet', opensOn: null, closesOn: null });
    const d = episode('2026-01-05', { dischargedOn: '2026-02-20' });
    expect(statusOf(d, '2026-03-06', 'discharge')).toMatchObject({ status: 'due', closesOn: '2026-03-06' });
    expect(statusOf(d, '2026-03-07', 'discharge')?.status).toBe('missed');
  });
});

describe('dates in the site time zone', () => {
  it('an evening in Chicago is still the earlier day: the intake is not yet missed', () => {
    // 2026-03-10 03:30 UTC is 2026-03-09 21:30 in Chicago, the last day of the intake window.
    const now = new Date('2026-03-10T03:30:00Z');
    const today = isoDateIn(now, 'America/Chicago');
    expect(today).toBe('2026-03-09');
    expect(statusOf(episode('2026-03-02'), today, 'intake')?.status).toBe('due');
    expect(statusOf(episode('2026-03-02'), isoDateIn(now, 'UTC'), 'intake')?.status).toBe('missed');
  });
  it('an enrollment dated tomorrow in the site time zone is rejected, today accepted', () => {
    const today = isoDateIn(new Date('2026-03-10T03:30:00Z'), 'America/Chicago');
    expect(enrollmentDateIssues('2026-03-10', today)).toEqual([{ path: 'enrolledOn', message: 'Cannot be in the future' }]);
    expect(enrollmentDateIssues('2026-03-09', today)).toEqual([]);
  });
});

describe('date rules', () => {
  it('discharge: not in the future, not before enrollment; the same day is fine', () => {
    const e = { enrolledOn: '2026-02-01' };
    expect(dischargeDateIssues(e, '2026-02-01', '2026-03-01')).toEqual([]);
    expect(dischargeDateIssues(e, '2026-01-31', '2026-03-01')[0]?.path).toBe('dischargedOn');
    expect(dischargeDateIssues(e, '2026-03-02', '2026-03-01')[0]?.message).toMatch(/future/);
  });
  it('phase change: not before the current phase began, not in the future', () => {
    const e = { enrolledOn: '2026-01-01', phaseStartedOn: '2026-02-01' };
    expect(phaseDateIssues(e, '2026-02-01', '2026-03-01')).toEqual([]);
    expect(phaseDateIssues(e, '2026-01-31', '2026-03-01')[0]?.path).toBe('phaseStartedOn');
    expect(phaseDateIssues(e, '2026-03-02', '2026-03-01')[0]?.path).toBe('phaseStartedOn');
  });
  it('interviews: within the episode, follow-up after intake, discharge only after discharge', () => {
    const e = episode('2026-01-10', { interviews: [{ kind: 'intake', conductedOn: '2026-01-12' }] });
    expect(interviewDateIssues(e, { kind: 'intake', conductedOn: '2026-01-09' }, '2026-03-01')[0]?.message).toMatch(/enrollment/);
    expect(interviewDateIssues(e, { kind: 'intake', conductedOn: '2026-03-02' }, '2026-03-01')[0]?.message).toMatch(/future/);
    expect(interviewDateIssues(e, { kind: 'follow_up_6m', conductedOn: '2026-01-11' }, '2026-03-01')[0]?.message).toMatch(/intake/);
    expect(interviewDateIssues(e, { kind: 'discharge', conductedOn: '2026-02-01' }, '2026-03-01')[0]?.path).toBe('kind');
    const d = { ...e, dischargedOn: '2026-02-15' };
    expect(interviewDateIssues(d, { kind: 'discharge', conductedOn: '2026-02-14' }, '2026-03-01')[0]?.message).toMatch(/discharge/);
    expect(interviewDateIssues(d, { kind: 'discharge', conductedOn: '2026-02-15' }, '2026-03-01')).toEqual([]);
  });
});

describe('suggested phase', () => {
  it('follows custody status and the release date (transition = first 30 days)', () => {
    expect(suggestedPhase({ custodyStatus: 'in_custody', releaseDate: null }, '2026-03-01')).toBe('pre_release');
    expect(suggestedPhase({ custodyStatus: 'community', releaseDate: '2026-01-31' }, '2026-03-01')).toBe('transition');
    expect(suggestedPhase({ custodyStatus: 'community', releaseDate: '2026-01-30' }, '2026-03-01')).toBe('try_out');
    expect(suggestedPhase({ custodyStatus: 'community', releaseDate: null }, '2026-03-01')).toBe('try_out');
  });
});

describe('the phase the dates say (phaseByDates)', () => {
  const open = (phase: 'pre_release' | 'transition' | 'try_out' | 'transfer_of_care', phaseStartedOn: string) => ({ phase, phaseStartedOn, dischargedOn: null });
  const out = (releaseDate: string | null) => ({ custodyStatus: 'community' as const, releaseDate });

  it('moves a pre-release episode to transition on the release day, and to try-out on day 30', () => {
    expect(phaseByDates(open('pre_release', '2026-01-10'), out('2026-03-01'), '2026-03-01')).toEqual({ phase: 'transition', since: '2026-03-01' });
    expect(phaseByDates(open('pre_release', '2026-01-10'), out('2026-03-01'), '2026-03-30')).toEqual({ phase: 'transition', since: '2026-03-01' });
    expect(phaseByDates(open('pre_release', '2026-01-10'), out('2026-03-01'), '2026-03-31')).toEqual({ phase: 'try_out', since: '2026-03-31' });
  });

  it('leaves pre-release alone while in custody, with no release date, or a release date in the future', () => {
    expect(phaseByDates(open('pre_release', '2026-01-10'), { custodyStatus: 'in_custody', releaseDate: '2026-03-01' }, '2026-03-05')).toBeNull();
    expect(phaseByDates(open('pre_release', '2026-01-10'), out(null), '2026-03-05')).toBeNull();
    expect(phaseByDates(open('pre_release', '2026-01-10'), out('2026-03-06'), '2026-03-05')).toBeNull();
  });

  it('ends a transition 30 days after it began, not on day 29', () => {
    expect(phaseByDates(open('transition', '2026-03-01'), out('2026-02-20'), '2026-03-30')).toBeNull();
    expect(phaseByDates(open('transition', '2026-03-01'), out('2026-02-20'), '2026-03-31')).toEqual({ phase: 'try_out', since: '2026-03-31' });
    // Across the end of February (2028 is a leap year).
    expect(phaseByDates(open('transition', '2028-02-10'), out(null), '2028-03-11')).toEqual({ phase: 'try_out', since: '2028-03-11' });
    expect(phaseByDates(open('transition', '2028-02-10'), out(null), '2028-03-10')).toBeNull();
  });

  it('never starts before the recorded phase, and never moves try-out, transfer of care or a discharged episode', () => {
    // Recorded pre-release on 2026-03-05 though released on 2026-03-01: the transition begins when the record says pre-release did.
    expect(phaseByDates(open('pre_release', '2026-03-05'), out('2026-03-01'), '2026-03-06')).toEqual({ phase: 'transition', since: '2026-03-05' });
    expect(phaseByDates(open('try_out', '2025-01-01'), out('2024-12-01'), '2026-03-06')).toBeNull();
    expect(phaseByDates(open('transfer_of_care', '2025-01-01'), out('2024-12-01'), '2026-03-06')).toBeNull();
    expect(phaseByDates({ ...open('pre_release', '2026-01-10'), dischargedOn: '2026-02-01' }, out('2026-01-20'), '2026-03-06')).toBeNull();
  });
});
