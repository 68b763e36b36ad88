import { describe, expect, it } from 'vitest';
import { distributionInput, expiryStatus, pickLots, type LotOnHand } from './naloxone.ts';

const today = '2026-03-02';

describe('expiry alerts, 60 days ahead', () => {
  it('a kit is usable through its expiry date, expired the day after', () => {
    expect(expiryStatus('2026-03-02', today)).toBe('expiring');
    expect(expiryStatus('2026-03-01', today)).toBe('expired');
  });
  it('today + 60 days is flagged, today + 61 is not', () => {
    expect(expiryStatus('2026-05-01', today)).toBe('expiring'); // 60 days after Mar 2
    expect(expiryStatus('2026-05-02', today)).toBe('ok');
  });
  it('counts across a leap day', () => {
    expect(expiryStatus('2028-04-28', '2028-02-28')).toBe('expiring'); // 60 days with Feb 29
    expect(expiryStatus('2028-04-29', '2028-02-28')).toBe('ok');
  });
});

const lot = (id: string, expiresOn: string, onHand: number, lotNumber = id.toUpperCase()): LotOnHand => ({ id, lotNumber, expiresOn, onHand });

describe('which lots a distribution draws from (first expiry, first out)', () => {
  it('takes the earliest-expiring lot', () => {
    expect(pickLots([lot('b', '2027-06-30', 10), lot('a', '2026-09-30', 10)], 2, today)).toEqual([{ lotId: 'a', kits: 2 }]);
  });
  it('skips an expired lot, even one with kits left', () => {
    expect(pickLots([lot('old', '2026-03-01', 50), lot('new', '2027-01-31', 5)], 2, today)).toEqual([{ lotId: 'new', kits: 2 }]);
  });
  it('a lot expiring today still gives its kits', () => {
    expect(pickLots([lot('today', '2026-03-02', 1), lot('later', '2027-01-31', 5)], 1, today)).toEqual([{ lotId: 'today', kits: 1 }]);
  });
  it('a lot with too few kits gives all it has and the next lot the rest', () => {
    expect(pickLots([lot('a', '2026-06-30', 1), lot('b', '2026-12-31', 5)], 3, today)).toEqual([
      { lotId: 'a', kits: 1 },
      { lotId: 'b', kits: 2 },
    ]);
  });
  it('empty and negative lots are skipped', () => {
    expect(pickLots([lot('a', '2026-06-30', 0), lot('b', '2026-07-31', 3)], 1, today)).toEqual([{ lotId: 'b', kits: 1 }]);
  });
  it('ties on expiry go by lot number, then id, whatever the input order', () => {
    const lots = [lot('z', '2026-12-31', 4, 'L200'), lot('y', '2026-12-31', 4, 'L100'), lot('x', '2026-12-31', 4, 'L100')];
    expect(pickLots(lots, 1, today)).toEqual([{ lotId: 'x', kits: 1 }]);
    expect(pickLots([...lots].reverse(), 6, today)).toEqual([
      { lotId: 'x', kits: 4 },
      { lotId: 'y', kits: 2 },
    ]);
  });
  it('null when the unexpired stock is not enough (expired kits do not count)', () => {
    expect(pickLots([lot('old', '2026-02-28', 10), lot('a', '2026-06-30', 1)], 2, today)).toBeNull();
    expect(pickLots([], 1, today)).toBeNull();
    expect(pickLots([lot('a', '2026-06-30', 1)], 0, today)).toBeNull();
  });
});

describe('distribution input', () => {
  const base = { siteId: '7f1f7c64-9d3c-4b0a-8f5e-2b1c3d4e5f60', product: 'nasal_4mg', kits: 2, distributedOn: today, trainingGiven: true };
  const paths = (v: unknown) => {
    const r = distributionInput.safeParse(v);
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
  };
  it('a community distribution needs a ZIP and a recipient type, and names no one', () => {
    expect(paths({ ...base, recipientType: 'community' })).toEqual(['communityRecipient', 'zip']);
    expect(paths({ ...base, recipientType: 'community', communityRecipient: 'community_member', zip: '60623', recipientName: 'Jo' })).toEqual(['recipientName']);
  });
  it('a support person names the participant and the relationship', () => {
    expect(paths({ ...base, recipientType: 'support_person' })).toEqual(['participantId', 'relationship']);
    expect(paths({ ...base, recipientType: 'support_person', participantId: base.siteId, relationship: 'family_member' })).toEqual([]);
  });
  it('kits: a whole number from 1', () => {
    expect(paths({ ...base, recipientType: 'participant', participantId: base.siteId, kits: 0 })).toEqual(['kits']);
  });
});
