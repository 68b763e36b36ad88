import { describe, expect, it } from 'vitest';
import {
  edIndexDate,
  firstEpisodeOnOrAfter,
  linkageTime,
  moudEpisodeCreateInput,
  moudEpisodeIssues,
  moudEpisodeUpdateInput,
  retention,
  type EpisodeDates,
  type RetentionStatus,
} from './moud.ts';

const ep = (startedOn: string, endedOn: string | null = null): EpisodeDates => ({ startedOn, endedOn });
const statuses = (episodes: EpisodeDates[], today: string): RetentionStatus[] | undefined => retention(episodes, today)?.marks.map((m) => m.status);

describe('one episode’s fields', () => {
  const today = '2026-03-02';
  it('accepts an ongoing episode started today, and one ended on the day it started', () => {
    expect(moudEpisodeIssues({ startedOn: today, endedOn: null, endReason: null }, today)).toEqual([]);
    expect(moudEpisodeIssues({ startedOn: '2026-02-01', endedOn: '2026-02-01', endReason: 'other' }, today)).toEqual([]);
  });
  it('names the field of a date in the future or an end before the start', () => {
    expect(moudEpisodeIssues({ startedOn: '2026-03-03', endedOn: null, endReason: null }, today)).toEqual([{ path: 'startedOn', message: 'Cannot be in the future' }]);
    expect(moudEpisodeIssues({ startedOn: '2026-02-10', endedOn: '2026-02-09', endReason: 'other' }, today)).toEqual([
      { path: 'endedOn', message: 'Cannot be before the start date' },
    ]);
    expect(moudEpisodeIssues({ startedOn: '2026-02-10', endedOn: '2026-03-03', endReason: 'other' }, today).map((i) => i.path)).toEqual(['endedOn']);
  });
  it('wants an end date and a reason together', () => {
    expect(moudEpisodeIssues({ startedOn: '2026-02-10', endedOn: '2026-02-20', endReason: null }, today).map((i) => i.path)).toEqual(['endReason']);
    expect(moudEpisodeIssues({ startedOn: '2026-02-10', endedOn: null, endReason: 'incarcerated' }, today).map((i) => i.path)).toEqual(['endedOn']);
  });
  it('the schemas name each bad field and trim the provider', () => {
    const bad = moudEpisodeCreateInput.safeParse({ medication: 'heroin', providerName: '  ', startedOn: '2026-02-30' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['medication', 'providerName', 'startedOn']);
    const ok = moudEpisodeCreateInput.parse({ medication: 'buprenorphine', providerName: ' Erie Family Health ', startedOn: '2026-02-03', note: '' });
    expect(ok).toMatchObject({ providerName: 'Erie Family Health', note: null });
    expect(moudEpisodeUpdateInput.safeParse({ endedOn: '2026-02-03' }).error?.issues.map((i) => i.path.join('.'))).toEqual(['version']);
  });
});

describe('linkage time', () => {
  const today = '2026-03-20';
  it('counts days from release to the first dose on or after it', () => {
    expect(linkageTime({ releaseDate: '2026-03-01', edDischargeOn: null }, [ep('2026-03-04')], today)).toEqual({
      status: 'linked',
      from: 'release',
      indexDate: '2026-03-01',
      firstDoseOn: '2026-03-04',
      days: 3,
    });
    expect(linkageTime({ releaseDate: '2026-03-01', edDischargeOn: null }, [ep('2026-03-01')], today)).toMatchObject({ status: 'linked', days: 0 });
  });
  it('someone who continued medication in jail through release is linked with 0 days', () => {
    expect(linkageTime({ releaseDate: '2026-03-01', edDischargeOn: null }, [ep('2026-01-10')], today)).toEqual({
      status: 'continued',
      from: 'release',
      indexDate: '2026-03-01',
      startedOn: '2026-01-10',
      days: 0,
    });
    // …also when the jail episode ended on the day of release and the community one starts later.
    expect(linkageTime({ releaseDate: '2026-03-01', edDischargeOn: null }, [ep('2026-01-10', '2026-03-01'), ep('2026-03-02')], today).status).toBe('continued');
  });
  it('ignores an episode that ended before release', () => {
    expect(linkageTime({ releaseDate: '2026-03-01', edDischargeOn: null }, [ep('2025-06-01', '2025-07-01'), ep('2026-03-09')], today)).toMatchObject({
      status: 'linked',
      days: 8,
    });
    expect(linkageTime({ releaseDate: '2026-03-01', edDischargeOn: null }, [ep('2025-06-01', '2025-07-01')], today)).toEqual({
      status: 'not_linked',
      from: 'release',
      indexDate: '2026-03-01',
      daysSince: 19,
    });
  });
  it('counts from the ED discharge when there is no release date, and says when there is nothing to count from', () => {
    expect(linkageTime({ releaseDate: null, edDischargeOn: '2026-03-10' }, [ep('2026-03-11')], today)).toMatchObject({
      status: 'linked',
      from: 'ed_discharge',
      days: 1,
    });
    expect(linkageTime({ releaseDate: '2026-03-05', edDischargeOn: '2026-03-10' }, [ep('2026-03-11')], today)).toMatchObject({ from: 'release', days: 6 });
    expect(linkageTime({ releaseDate: null, edDischargeOn: null }, [ep('2026-03-11')], today)).toEqual({ status: 'no_index_date' });
  });
  it('the ED discharge is the latest ED visit on or before the first enrollment, else the enrollment date', () => {
    expect(edIndexDate('2026-03-10', ['2026-02-01', '2026-03-08', '2026-03-10', '2026-03-12'])).toBe('2026-03-10');
    expect(edIndexDate('2026-03-10', ['2026-02-01', '2026-03-08', '2026-03-12'])).toBe('2026-03-08');
    expect(edIndexDate('2026-03-10', ['2026-03-12'])).toBe('2026-03-10');
    expect(edIndexDate('2026-03-10', [])).toBe('2026-03-10');
  });
  it('the first episode at or after a date: ongoing then wins over a later start', () => {
    const jail = ep('2026-01-01');
    const clinic = ep('2026-02-01');
    expect(firstEpisodeOnOrAfter([clinic, jail], '2026-01-15')).toBe(jail);
    expect(firstEpisodeOnOrAfter([ep('2026-01-01', '2026-01-14'), clinic], '2026-01-15')).toBe(clinic);
    expect(firstEpisodeOnOrAfter([ep('2026-01-01', '2026-01-14')], '2026-01-15')).toBeNull();
  });
});

describe('continuous retention at 30, 90 and 180 days', () => {
  it('has nothing to say without an episode', () => {
    expect(retention([], '2026-03-01')).toBeNull();
  });

  it('an ongoing episode is retained at each mark today has reached, and "not yet" at the others', () => {
    const r = retention([ep('2026-01-01')], '2026-04-15');
    expect(r).toEqual({
      firstStartOn: '2026-01-01',
      continuousUntil: null,
      marks: [
        { days: 30, on: '2026-01-31', status: 'retained' },
        { days: 90, on: '2026-04-01', status: 'retained' },
        { days: 180, on: '2026-06-30', status: 'not_yet' },
      ],
    });
  });

  it('an as-of date before the 30-day mark says "not yet", never "not retained"', () => {
    expect(statuses([ep('2026-01-01')], '2026-01-30')).toEqual(['not_yet', 'not_yet', 'not_yet']);
    expect(statuses([ep('2026-01-01')], '2026-01-31')).toEqual(['retained', 'not_yet', 'not_yet']);
  });

  it('a gap of exactly 14 days does not break it', () => {
    // Ends Feb 10, restarts Feb 24: 14 days.
    const r = retention([ep('2026-01-01', '2026-02-10'), ep('2026-02-24', '2026-07-15')], '2026-09-01');
    expect(r?.continuousUntil).toBe('2026-07-15');
    expect(r?.marks.map((m) => m.status)).toEqual(['retained', 'retained', 'retained']);
  });

  it('a gap of 15 days breaks it: retention counts the first stretch only', () => {
    // Ends Feb 10, restarts Feb 25: 15 days.
    const r = retention([ep('2026-01-01', '2026-02-10'), ep('2026-02-25', '2026-07-15')], '2026-09-01');
    expect(r?.continuousUntil).toBe('2026-02-10');
    expect(r?.marks.map((m) => m.status)).toEqual(['retained', 'not_retained', 'not_retained']);
  });

  it('joins a chain of short gaps, in any order of input', () => {
    const r = retention([ep('2026-03-10', '2026-05-01'), ep('2026-01-01', '2026-01-20'), ep('2026-02-01', '2026-02-24'), ep('2026-05-15')], '2026-06-01');
    expect(r?.continuousUntil).toBeNull();
    expect(r?.marks.map((m) => m.status)).toEqual(['retained', 'retained', 'not_yet']);
  });

  it('overlapping episodes join, and the later end counts', () => {
    // A switch from buprenorphine to the monthly injection with a few days of overlap.
    const r = retention([ep('2026-01-01', '2026-02-10'), ep('2026-02-05', '2026-04-15'), ep('2026-01-20', '2026-01-25')], '2026-09-01');
    expect(r?.continuousUntil).toBe('2026-04-15');
    expect(r?.marks.map((m) => m.status)).toEqual(['retained', 'retained', 'not_retained']);
  });

  it('a stretch that ended before a mark is "not yet" while a restart could still join it', () => {
    const stopped = [ep('2026-01-01', '2026-03-20')];
    // The 90-day mark (Apr 1) has passed, but a restart by Apr 3 would still join.
    expect(statuses(stopped, '2026-04-02')).toEqual(['retained', 'not_yet', 'not_yet']);
    expect(statuses(stopped, '2026-04-03')).toEqual(['retained', 'not_yet', 'not_yet']);
    expect(statuses(stopped, '2026-04-04')).toEqual(['retained', 'not_retained', 'not_retained']);
  });

  it('an episode ending on the mark itself reaches it', () => {
    expect(statuses([ep('2026-01-01', '2026-01-31')], '2026-06-01')).toEqual(['retained', 'not_retained', 'not_retained']);
    expect(statuses([ep('2026-01-01', '2026-01-30')], '2026-06-01')).toEqual(['not_retained', 'not_retained', 'not_retained']);
  });
});
