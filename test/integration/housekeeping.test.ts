import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitations, loginThrottle, sessions } from '../../src/server/auth/auth.table.ts';
import { sweepExpiredCredentials } from '../../src/server/auth/housekeeping.ts';
import { auditEvents } from '../../src/server/audit/audit.table.ts';
import { castOfStaff, startHarness, type Cast, type Harness } from '../support/harness.ts';

const DAY = 86_400_000;
let h: Harness;
let cast: Cast;

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
});
afterAll(async () => h.close());

async function rows(table: typeof sessions | typeof loginThrottle | typeof invitations | typeof auditEvents) {
  const [r] = await h.testDb.database.db.select({ n: count() }).from(table);
  return r?.n ?? 0;
}

describe('housekeeping', () => {
  it('clears ended sessions, old lockout counters and stale invitations, and keeps what still protects someone', async () => {
    const db = h.testDb.database.db;
    const ana = await cast.as('ana');
    await ana.post('/api/auth/logout');
    // A failed sign-in for an unknown address, and an invitation for a new coach.
    await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@tandem.test', password: 'wrong wrong wrong' } });
    const pat = await cast.as('pat');
    const invited = await pat.post('/api/users', { email: 'nia@tandem.test', name: 'Nia Brooks', role: 'coach', siteIds: [cast.sites.cook] });
    expect(invited.statusCode).toBe(201);
    const before = { sessions: await rows(sessions), throttles: await rows(loginThrottle), invitations: await rows(invitations), audit: await rows(auditEvents) };
    expect(before.throttles).toBeGreaterThan(0);

    // Today nothing is old enough to go.
    expect(await sweepExpiredCredentials(db, h.clock.now())).toEqual({ sessions: 0, throttles: 0, invitations: 0 });

    // Eight days on: Ana's ended session and the failure counter go; Pat's session is past its 12 hours too.
    h.clock.advance(8 * DAY);
    const later = await sweepExpiredCredentials(db, h.clock.now());
    expect(later.sessions).toBe(before.sessions);
    expect(later.throttles).toBe(before.throttles);
    expect(later.invitations).toBe(0);

    // Ninety days after the unused invitation expired (it lasted 7 days), it goes too.
    h.clock.advance(90 * DAY);
    expect((await sweepExpiredCredentials(db, h.clock.now())).invitations).toBe(before.invitations);
    // The audit trail is never swept.
    expect(await rows(auditEvents)).toBe(before.audit);
  });
});
