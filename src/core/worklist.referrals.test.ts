import { describe, expect, it } from 'vitest';
import { reasonWeight, worklistReasons, type WorklistCase, type WorklistReason } from './worklist.ts';

const settings = { noContactDays: 7 };

/** Reached yesterday, on medication, nothing owed: only the referrals can put them on the list. */
function aCase(openReferrals: WorklistCase['openReferrals'], over: Partial<WorklistCase> = {}): WorklistCase {
  return {
    today: '2026-03-15',
    timeZone: 'America/Chicago',
    custodyStatus: 'community',
    releaseDate: '2026-01-02',
    expectedReleaseDate: null,
    episode: { enrolledOn: '2026-01-05', dischargedOn: null, dischargeReason: null, phase: 'try_out', interviews: [{ kind: 'intake', conductedOn: '2026-01-06' }] },
    lastReachedAt: new Date('2026-03-14T16:00:00Z'),
    moudOn: '2026-01-04',
    moudAppointmentOn: null,
    overdueSteps: { count: 0, oldestDueOn: null },
    openReferrals,
    ...over,
  };
}
const referral = (movedAt: string, over: Partial<NonNullable<WorklistCase['openReferrals']>[number]> = {}) => ({
  referralId: 'r1',
  resourceName: 'West Side Housing Partners',
  status: 'sent' as const,
  urgency: 'routine' as const,
  movedAt: new Date(movedAt),
  ...over,
});
const stalled = (c: WorklistCase) => worklistReasons(c, settings).filter((r) => r.code === 'referral_stalled');

describe('referrals without movement', () => {
  it('flags an open referral last moved 7 days ago (site calendar), not 6', () => {
    // 2026-03-08 18:00 in Chicago is 7 days before the 15th there.
    expect(stalled(aCase([referral('2026-03-09T00:00:00Z')]))).toEqual([
      { code: 'referral_stalled', referralId: 'r1', resourceName: 'West Side Housing Partners', status: 'sent', urgency: 'routine', daysSinceMovement: 7 },
    ]);
    // 2026-03-09 at 23:30 in Chicago (05:30 UTC on the 10th): 6 days there.
    expect(stalled(aCase([referral('2026-03-10T04:30:00Z')]))).toEqual([]);
    expect(stalled(aCase([referral('2026-03-09T04:30:00Z')]))[0]?.code).toBe('referral_stalled');
  });

  it('does not flag anything for a discharged enrollment or with no referrals', () => {
    expect(stalled(aCase(undefined))).toEqual([]);
    expect(stalled(aCase([referral('2026-02-01T12:00:00Z')], { episode: { enrolledOn: '2026-01-05', dischargedOn: '2026-03-01', dischargeReason: 'moved', phase: 'try_out', interviews: [] } }))).toEqual([]);
  });

  it('one reason per stalled referral', () => {
    expect(stalled(aCase([referral('2026-03-01T12:00:00Z'), referral('2026-03-02T12:00:00Z', { referralId: 'r2' })])).map((r) => r.code === 'referral_stalled' && r.referralId)).toEqual(['r1', 'r2']);
  });
});

describe('its weight', () => {
  const r = (urgency: 'routine' | 'urgent' | 'emergency', daysSinceMovement = 7): WorklistReason => ({
    code: 'referral_stalled',
    referralId: 'r',
    resourceName: 'X',
    status: 'sent',
    urgency,
    daysSinceMovement,
  });
  const w = (reason: WorklistReason) => reasonWeight(reason, 'try_out');
  const closing: WorklistReason = { code: 'follow_up_closing', closesOn: '2026-03-15', daysLeft: 0 };
  const silent: WorklistReason = { code: 'no_recent_contact', lastReachedOn: '2026-03-08', since: 'contact', days: 7 };
  const releaseSoon: WorklistReason = { code: 'release_soon_without_contact', expectedOn: '2026-03-22', daysUntil: 7 };

  it('sits between a closing follow-up window and a week of silence, even after a long wait', () => {
    for (const u of ['routine', 'urgent'] as const) {
      for (const days of [7, 30, 365]) {
        expect(w(r(u, days))).toBeGreaterThan(w(closing));
        expect(w(r(u, days))).toBeLessThan(w(silent));
      }
    }
    expect(w(r('urgent'))).toBeGreaterThan(w(r('routine')));
    expect(w(r('routine', 20))).toBeGreaterThan(w(r('routine', 7)));
  });

  it('an emergency referral left waiting ranks above a month of silence, below a release within the week', () => {
    expect(w(r('emergency'))).toBeGreaterThan(w({ ...silent, days: 30 }));
    expect(w(r('emergency', 365))).toBeLessThan(w(releaseSoon));
  });
});
