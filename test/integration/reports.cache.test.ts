/**
 * The dashboard's figures are kept until something changes: a change made through
 * this server shows in the next report at once; a change made elsewhere (another
 * server on the same database) shows once the kept figures expire, five minutes on.
 * Evaluators (suppressed) and site managers (their sites) never get others' figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../src/core/reports.ts';
import { castOfStaff, participantInput, signInEveryone, startHarness, withToken, type Browser, type Cast, type Harness, type PersonKey } from '../support/harness.ts';

let h: Harness;
let cast: Cast;
let as: Record<PersonKey, Browser>;
const PERIOD = '/api/reports/dashboard?from=2026-01-01&to=2026-12-31';

const enrolled = async (b: Browser | ReturnType<typeof withToken>) => {
  const res = await b.get(PERIOD);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Dashboard>().current.enrollment.enrolled;
};

async function enrollSomeone(b: Browser | ReturnType<typeof withToken>, site: string, lastName: string) {
  const p = await b.post('/api/participants', participantInput(site, { lastName }));
  expect(p.statusCode, p.body).toBe(201);
  const e = await b.post(`/api/participants/${p.json<{ id: string }>().id}/enrollments`, { enrolledOn: '2026-06-01', referralSource: 'jail_in_reach' });
  expect(e.statusCode, e.body).toBe(201);
}

beforeAll(async () => {
  h = await startHarness();
  h.clock.set(new Date('2026-07-01T15:00:00Z'));
  cast = await castOfStaff(h);
  as = await signInEveryone(cast);
}, 60_000);
afterAll(async () => h.close());

describe('the dashboard figures kept in memory', () => {
  it('show a change made through this server in the very next report', async () => {
    expect(await enrolled(as.pat)).toBe(0);
    await enrollSomeone(as.ana, cast.sites.cook, 'Alvarez');
    expect(await enrolled(as.pat)).toBe(1);
    await enrollSomeone(as.ben, cast.sites.lake, 'Brook');
    expect(await enrolled(as.pat)).toBe(2);
  });

  it('keep answering from memory a change made by another server, until five minutes have passed', async () => {
    expect(await enrolled(as.pat)).toBe(2);
    const other = await h.variant({});
    await enrollSomeone(withToken(other, await cast.tokenFor('ana')), cast.sites.cook, 'Castro');
    // This server did not see it happen: its kept figures stand…
    expect(await enrolled(as.pat)).toBe(2);
    h.clock.advance(4 * 60_000);
    expect(await enrolled(as.pat)).toBe(2);
    // …until they expire.
    h.clock.advance(60_000);
    expect(await enrolled(as.pat)).toBe(3);
  });

  it('are kept apart for each set of sites and for suppressed figures', async () => {
    as = await signInEveryone(cast);
    expect(await enrolled(as.pat)).toBe(3);
    // Sam manages Cook: two of the three. Eve, the evaluator, sees counts of 1 to 10 suppressed.
    expect(await enrolled(as.sam)).toBe(2);
    expect(await enrolled(as.eve)).toBeNull();
    expect(await enrolled(as.pat)).toBe(3);
  });

  it('are emptied by a change that succeeds, not by a refused one nor by signing in', async () => {
    const before = (await enrolled(as.pat)) ?? 0;
    const other = await h.variant({});
    await enrollSomeone(withToken(other, await cast.tokenFor('ben')), cast.sites.lake, 'Estrada');
    expect(await enrolled(as.pat)).toBe(before);
    // A refused change (400) changed nothing here: the kept figures stand, still without Estrada.
    expect((await as.ana.post('/api/participants', { siteId: cast.sites.cook })).statusCode).toBe(400);
    expect(await enrolled(as.pat)).toBe(before);
    // Nor does signing in (a POST that changes no program record).
    as.sam = await cast.as('sam');
    expect(await enrolled(as.pat)).toBe(before);
    // A change that succeeds empties them: Duarte and Estrada both count now.
    await enrollSomeone(as.ana, cast.sites.cook, 'Duarte');
    expect(await enrolled(as.pat)).toBe(before + 2);
  });
});
