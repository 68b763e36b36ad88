import { describe, expect, it } from 'vitest';
import { isoDateIn } from './calendar.ts';
import { compareWorklistItems, riskScore, worklistQuery, worklistReasons, type WorklistCase, type WorklistReason } from './worklist.ts';

const CHICAGO = 'America/Chicago';
const settings = { noContactDays: 7 };

/** Someone enrolled a while ago, out in the community, reached yesterday, nothing owed. */
function aCase(over: Partial<WorklistCase> = {}, episode: Partial<WorklistCase['episode']> = {}): WorklistCase {
  return {
    today: '2026-03-15',
    timeZone: CHICAGO,
    custodyStatus: 'community',
    releaseDate: '2026-01-02',
    expectedReleaseDate: null,
    episode: { enrolledOn: '2026-01-05', dischargedOn: null, dischargeReason: null, phase: 'try_out', interviews: [{ kind: 'intake', conductedOn: '2026-01-06' }], ...episode },
    lastReachedAt: new Date('2026-03-14T16:00:00Z'),
    moudOn: '2026-01-04',
    moudAppointmentOn: null,
    overdueSteps: { count: 0, oldestDueOn: null },
    ...over,
  };
}
const codes = (c: WorklistCase, s = settings) => worklistReasons(c, s).map((r) => r.code);
const reason = <K extends WorklistReason['code']>(c: WorklistCase, code: K) =>
  worklistReasons(c, settings).find((r): r is Extract<WorklistReason, { code: K }> => r.code === code);

describe('calendar dates at a site', () => {
  it('turns an instant into the date people there live it', () => {
    expect(isoDateIn(new Date('2026-03-05T05:30:00Z'), CHICAGO)).toBe('2026-03-04');
    expect(isoDateIn(new Date('2026-03-05T05:30:00Z'), 'UTC')).toBe('2026-03-05');
    // Clocks sprang forward on March 8: from then on Chicago is UTC-5, not UTC-6.
    expect(isoDateIn(new Date('2026-03-09T04:30:00Z'), CHICAGO)).toBe('2026-03-08');
    expect(isoDateIn(new Date('2026-03-09T05:00:00Z'), CHICAGO)).toBe('2026-03-09');
  });
});

describe('nothing due', () => {
  it('puts nobody on the list who was reached yesterday, is on medication and owes nothing', () => {
    expect(codes(aCase())).toEqual([]);
  });
});

describe('a recent overdose', () => {
  it('flags an overdose today and thirteen days ago, not fourteen, nor one dated in the future, nor after discharge', () => {
    expect(reason(aCase({ lastOverdoseOn: '2026-03-15' }), 'recent_overdose')).toEqual({ code: 'recent_overdose', occurredOn: '2026-03-15', daysAgo: 0 });
    expect(reason(aCase({ lastOverdoseOn: '2026-03-02' }), 'recent_overdose')?.daysAgo).toBe(13);
    expect(reason(aCase({ lastOverdoseOn: '2026-03-01' }), 'recent_overdose')).toBeUndefined();
    expect(reason(aCase({ lastOverdoseOn: '2026-03-16' }), 'recent_overdose')).toBeUndefined();
    expect(reason(aCase({ lastOverdoseOn: '2026-03-14' }, { dischargedOn: '2026-03-10', dischargeReason: 'moved' }), 'recent_overdose')).toBeUndefined();
  });

  it('ranks above everything else, even a release this morning without medication', () => {
    const overdose = worklistReasons(aCase({ lastOverdoseOn: '2026-03-02' }), settings);
    const released = worklistReasons(aCase({ releaseDate: '2026-03-15', moudOn: null }, { enrolledOn: '2026-03-01' }), settings);
    expect(riskScore(overdose, 'try_out')).toBeGreaterThan(riskScore(released, 'transition'));
  });
});

describe('released without MOUD', () => {
  const released = (releaseDate: string, over: Partial<WorklistCase> = {}) => aCase({ releaseDate, moudOn: null, ...over }, { enrolledOn: '2026-02-20', phase: 'transition' });

  it('flags a release today, and thirteen days ago, but not fourteen', () => {
    expect(reason(released('2026-03-15'), 'released_without_moud')).toEqual({ code: 'released_without_moud', releasedOn: '2026-03-15', daysSinceRelease: 0 });
    expect(reason(released('2026-03-02'), 'released_without_moud')?.daysSinceRelease).toBe(13);
    expect(reason(released('2026-03-01'), 'released_without_moud')).toBeUndefined();
  });

  it('ignores a release date in the future (a slip, not a release) and anyone still in custody', () => {
    expect(reason(released('2026-03-16'), 'released_without_moud')).toBeUndefined();
    expect(reason(released('2026-03-10', { custodyStatus: 'in_custody' }), 'released_without_moud')).toBeUndefined();
  });

  it('is cleared by a recorded MOUD start or appointment', () => {
    expect(reason(released('2026-03-10', { moudOn: '2026-03-11' }), 'released_without_moud')).toBeUndefined();
    expect(reason(released('2026-03-10', { moudAppointmentOn: '2026-03-17' }), 'released_without_moud')).toBeUndefined();
  });

  it('does not apply after discharge', () => {
    const c = released('2026-03-10');
    expect(reason({ ...c, episode: { ...c.episode, dischargedOn: '2026-03-12', dischargeReason: 'moved' } }, 'released_without_moud')).toBeUndefined();
  });
});

describe('expected release', () => {
  const inside = (expectedReleaseDate: string, over: Partial<WorklistCase> = {}) =>
    aCase({ custodyStatus: 'in_custody', releaseDate: null, expectedReleaseDate, lastReachedAt: null, moudOn: null, ...over }, { enrolledOn: '2026-03-10', phase: 'pre_release', interviews: [] });

  it('flags a release within seven days with no contact in this enrollment, counting days at the site', () => {
    expect(reason(inside('2026-03-22'), 'release_soon_without_contact')).toEqual({ code: 'release_soon_without_contact', expectedOn: '2026-03-22', daysUntil: 7 });
    expect(reason(inside('2026-03-15'), 'release_soon_without_contact')?.daysUntil).toBe(0);
    expect(reason(inside('2026-03-23'), 'release_soon_without_contact')).toBeUndefined();
  });

  it('counts a visit in this enrollment as the pre-release contact, not one from before it', () => {
    expect(reason(inside('2026-03-20', { lastReachedAt: new Date('2026-03-12T15:00:00Z') }), 'release_soon_without_contact')).toBeUndefined();
    expect(reason(inside('2026-03-20', { lastReachedAt: new Date('2026-02-12T15:00:00Z') }), 'release_soon_without_contact')).toBeDefined();
    // 00:30 UTC on the 10th is still the 9th in Chicago: before the enrollment.
    expect(reason(inside('2026-03-20', { lastReachedAt: new Date('2026-03-10T00:30:00Z') }), 'release_soon_without_contact')).toBeDefined();
  });

  it('says so when the expected date has passed and the record still says in custody', () => {
    expect(reason(inside('2026-03-13'), 'release_date_passed')).toEqual({ code: 'release_date_passed', expectedOn: '2026-03-13', daysPast: 2 });
    expect(reason(inside('2026-03-13'), 'release_soon_without_contact')).toBeUndefined();
  });
});

describe('no successful contact', () => {
  it('flags seven days since the last successful contact, not six', () => {
    expect(reason(aCase({ lastReachedAt: new Date('2026-03-08T17:00:00Z') }), 'no_recent_contact')).toEqual({ code: 'no_recent_contact', lastReachedOn: '2026-03-08', since: 'contact', days: 7 });
    expect(reason(aCase({ lastReachedAt: new Date('2026-03-09T17:00:00Z') }), 'no_recent_contact')).toBeUndefined();
  });

  it('counts a late-evening contact on the day it happened at the site, not the UTC day', () => {
    // 23:30 on March 8 in Chicago (daylight time) is 04:30 on March 9 in UTC: seven days by the site's calendar.
    expect(reason(aCase({ lastReachedAt: new Date('2026-03-09T04:30:00Z') }), 'no_recent_contact')?.days).toBe(7);
    expect(reason(aCase({ lastReachedAt: new Date('2026-03-09T04:30:00Z'), timeZone: 'UTC' }), 'no_recent_contact')).toBeUndefined();
  });

  it('counts from the enrollment when nobody has reached them since', () => {
    const never = aCase({ lastReachedAt: null }, { enrolledOn: '2026-03-08' });
    expect(reason(never, 'no_recent_contact')).toEqual({ code: 'no_recent_contact', lastReachedOn: null, since: 'enrollment', days: 7 });
    expect(reason(aCase({ lastReachedAt: null }, { enrolledOn: '2026-03-09' }), 'no_recent_contact')).toBeUndefined();
    const earlierEpisode = aCase({ lastReachedAt: new Date('2025-06-01T15:00:00Z') }, { enrolledOn: '2026-03-12' });
    expect(reason(earlierEpisode, 'no_recent_contact')).toBeUndefined();
  });

  it('follows the program setting', () => {
    const c = aCase({ lastReachedAt: new Date('2026-03-11T17:00:00Z') });
    expect(codes(c, { noContactDays: 4 })).toContain('no_recent_contact');
    expect(codes(c, { noContactDays: 5 })).not.toContain('no_recent_contact');
  });

  it('does not chase someone discharged', () => {
    expect(codes(aCase({ lastReachedAt: null }, { dischargedOn: '2026-02-01', dischargeReason: 'completed' }))).not.toContain('no_recent_contact');
  });
});

describe('follow-up interview window', () => {
  // Intake on 2025-09-20: the window runs 2026-02-20 to 2026-05-20.
  const owed = (today: string, episode: Partial<WorklistCase['episode']> = {}) =>
    aCase({ today, lastReachedAt: new Date(`${today}T15:00:00Z`) }, { enrolledOn: '2025-09-18', interviews: [{ kind: 'intake', conductedOn: '2025-09-20' }], ...episode });

  it('flags the last fourteen days of the window, not the fifteenth before it, nor after it closed', () => {
    expect(reason(owed('2026-05-06'), 'follow_up_closing')).toEqual({ code: 'follow_up_closing', closesOn: '2026-05-20', daysLeft: 14 });
    expect(reason(owed('2026-05-20'), 'follow_up_closing')?.daysLeft).toBe(0);
    expect(reason(owed('2026-05-05'), 'follow_up_closing')).toBeUndefined();
    expect(reason(owed('2026-05-21'), 'follow_up_closing')).toBeUndefined();
  });

  it('is still owed after a discharge, but not once done, nor for someone who died', () => {
    expect(reason(owed('2026-05-10', { dischargedOn: '2026-04-01', dischargeReason: 'moved' }), 'follow_up_closing')).toBeDefined();
    expect(reason(owed('2026-05-10', { interviews: [{ kind: 'intake', conductedOn: '2025-09-20' }, { kind: 'follow_up_6m', conductedOn: '2026-03-01' }] }), 'follow_up_closing')).toBeUndefined();
    expect(reason(owed('2026-05-10', { dischargedOn: '2026-04-01', dischargeReason: 'deceased' }), 'follow_up_closing')).toBeUndefined();
  });

  it('is owed for each enrollment: an earlier, discharged one still flags after a re-enrollment, saying which', () => {
    const earlier = { enrolledOn: '2025-09-18', dischargedOn: '2026-01-10', dischargeReason: 'incarcerated' as const, interviews: [{ kind: 'intake' as const, conductedOn: '2025-09-20' }] };
    const reenrolled = aCase({ today: '2026-05-10', lastReachedAt: new Date('2026-05-10T15:00:00Z'), earlierEpisodes: [earlier] }, { enrolledOn: '2026-02-01', interviews: [{ kind: 'intake', conductedOn: '2026-02-02' }] });
    expect(reason(reenrolled, 'follow_up_closing')).toEqual({ code: 'follow_up_closing', closesOn: '2026-05-20', daysLeft: 10, earlierEnrolledOn: '2025-09-18' });
    const done = { ...earlier, interviews: [...earlier.interviews, { kind: 'follow_up_6m' as const, conductedOn: '2026-03-01' }] };
    expect(reason({ ...reenrolled, earlierEpisodes: [done] }, 'follow_up_closing')).toBeUndefined();
    expect(reason({ ...reenrolled, earlierEpisodes: [{ ...earlier, dischargeReason: 'deceased' }] }, 'follow_up_closing')).toBeUndefined();
  });
});

describe('overdue plan steps', () => {
  it('says how many and how late the oldest is', () => {
    expect(reason(aCase({ overdueSteps: { count: 2, oldestDueOn: '2026-03-01' } }), 'plan_steps_overdue')).toEqual({ code: 'plan_steps_overdue', count: 2, oldestDueOn: '2026-03-01', daysOverdue: 14 });
    expect(codes(aCase({ overdueSteps: { count: 0, oldestDueOn: null } }))).toEqual([]);
  });
});

describe('ranking', () => {
  it('puts a recent release without medication above a long silence, and a silence above paperwork', () => {
    const released = worklistReasons(aCase({ releaseDate: '2026-03-12', moudOn: null }, { enrolledOn: '2026-03-01', phase: 'transition' }), settings);
    const silent = worklistReasons(aCase({ lastReachedAt: new Date('2026-01-15T15:00:00Z') }), settings);
    const paperwork = worklistReasons(aCase({ overdueSteps: { count: 5, oldestDueOn: '2026-01-01' } }), settings);
    expect(riskScore(released, 'transition')).toBeGreaterThan(riskScore(silent, 'try_out'));
    expect(riskScore(silent, 'try_out')).toBeGreaterThan(riskScore(paperwork, 'try_out'));
  });

  it('puts the fresher release first, and two problems above one', () => {
    const day = (d: number) => worklistReasons(aCase({ releaseDate: `2026-03-${String(15 - d).padStart(2, '0')}`, moudOn: null }, { enrolledOn: '2026-03-01' }), settings);
    expect(riskScore(day(1), 'transition')).toBeGreaterThan(riskScore(day(10), 'transition'));
    const both = worklistReasons(aCase({ lastReachedAt: new Date('2026-03-01T15:00:00Z'), overdueSteps: { count: 1, oldestDueOn: '2026-03-10' } }), settings);
    expect(both.map((r) => r.code)).toEqual(['no_recent_contact', 'plan_steps_overdue']);
    expect(riskScore(both, 'try_out')).toBeGreaterThan(riskScore(both.slice(0, 1), 'try_out'));
  });

  it('raises a silence in the first thirty days out', () => {
    const silent = worklistReasons(aCase({ lastReachedAt: new Date('2026-03-01T15:00:00Z') }), settings);
    expect(riskScore(silent, 'transition')).toBeGreaterThan(riskScore(silent, 'try_out'));
  });

  it('orders by score, then by name', () => {
    const item = (score: number, name: string, id = name) => ({ score, participant: { id, name, siteId: 's', siteName: 'S' } });
    expect([item(500, 'B'), item(900, 'C'), item(500, 'A')].sort(compareWorklistItems).map((i) => i.participant.name)).toEqual(['C', 'A', 'B']);
  });
});

describe('the query', () => {
  it('names the field of a bad setting', () => {
    const r = worklistQuery.safeParse({ noContactDays: '0' });
    expect(r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['noContactDays: At least 1']);
    expect(worklistQuery.safeParse({ assignedTo: 'someone' }).success).toBe(false);
    expect(worklistQuery.parse({ assignedTo: 'me', noContactDays: '14' })).toEqual({ assignedTo: 'me', noContactDays: 14, limit: 200 });
  });
});
