import { describe, expect, it } from 'vitest';
import { criticalEventInput, daysSinceRelease, withinPostReleaseWindow } from './events.ts';

describe('the first 30 days after release', () => {
  const flagged = (release: string | null, on: string) => withinPostReleaseWindow(daysSinceRelease(release, on));
  it('the release day is day 0 and flagged', () => {
    expect(daysSinceRelease('2026-02-20', '2026-02-20')).toBe(0);
    expect(flagged('2026-02-20', '2026-02-20')).toBe(true);
  });
  it('day 29 is the last flagged, day 30 is not', () => {
    expect(daysSinceRelease('2026-02-20', '2026-03-21')).toBe(29);
    expect(flagged('2026-02-20', '2026-03-21')).toBe(true);
    expect(flagged('2026-02-20', '2026-03-22')).toBe(false);
  });
  it('before release (in custody) or without a release date: no days, no flag', () => {
    expect(daysSinceRelease('2026-02-20', '2026-02-19')).toBeNull();
    expect(flagged('2026-02-20', '2026-02-19')).toBe(false);
    expect(daysSinceRelease(null, '2026-02-19')).toBeNull();
    expect(flagged(null, '2026-02-19')).toBe(false);
  });
});

describe('critical event input', () => {
  it('a cause only for a death or fatal overdose', () => {
    const r = criticalEventInput.safeParse({ kind: 'arrest', occurredOn: '2026-03-01', source: 'jail_roster', cause: 'x' });
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.'))).toEqual(['cause']);
    expect(criticalEventInput.safeParse({ kind: 'death', occurredOn: '2026-03-01', source: 'medical_examiner', cause: 'fentanyl toxicity' }).success).toBe(true);
  });
});
