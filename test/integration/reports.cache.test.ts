/**
 * The dashboard's figures are kept while the tables they come from are unchanged
 * (figures-cache.ts). A change shows in the very next report, whoever made it: this
 * server, another server on the same database, or a statement run on the database
 * itself. The figures put together from kept and freshly run queries equal figures
 * computed from scratch. Evaluators (suppressed) and site managers (their sites)
 * never get others' figures.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../src/core/reports.ts';
import type { Actor } from '../../src/server/http/actor.ts';
import { computeFigures, reportContext } from '../../src/server/reports/reports.service.ts';
import { castOfStaff, participantInput, signInEveryone, startHarness, withToken, type Browser, type Cast, type Harness, type PersonKey } from '../support/harness.ts';

let h: Harness;
let cast: Cast;
let as: Record<PersonKey, Browser>;
const FROM = '2026-01-01';
const TO = '2026-12-31';
const PERIOD = `/api/reports/dashboard?from=${FROM}&to=${TO}`;

const dashboard = async (b: Browser | ReturnType<typeof withToken>) => {
  const res = await b.get(PERIOD);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Dashboard>().current;
};
const enrolled = async (b: Browser | ReturnType<typeof withToken>) => (await dashboard(b)).enrollment.enrolled;

async function enrollSomeone(b: Browser | ReturnType<typeof withToken>, site: string, lastName: string): Promise<string> {
  const p = await b.post('/api/participants', participantInput(site, { lastName }));
  expect(p.statusCode, p.body).toBe(201);
  const id = p.json<{ id: string }>().id;
  const e = await b.post(`/api/participants/${id}/enrollments`, { enrolledOn: '2026-06-01', referralSource: 'jail_in_reach' });
  expect(e.statusCode, e.body).toBe(201);
  return id;
}

beforeAll(async () => {
  h = await startHarness();
  h.clock.set(new Date('2026-07-01T15:00:00Z'));
  cast = await castOfStaff(h);
  as = await signInEveryone(cast);
}, 60_000);
afterAll(async () => h.close());

describe('the dashboard figures kept in memory', () => {
  let alvarez = '';

  it('show a change made through this server in the very next report', async () => {
    expect(await enrolled(as.pat)).toBe(0);
    alvarez = await enrollSomeone(as.ana, cast.sites.cook, 'Alvarez');
    expect(await enrolled(as.pat)).toBe(1);
    await enrollSomeone(as.ben, cast.sites.lake, 'Brook');
    expect(await enrolled(as.pat)).toBe(2);
  });

  it('show a change made by another server, or on the database itself, in the very next report', async () => {
    expect(await enrolled(as.pat)).toBe(2);
    const other = await h.variant({});
    await enrollSomeone(withToken(other, await cast.tokenFor('ana')), cast.sites.cook, 'Castro');
    expect(await enrolled(as.pat)).toBe(3);
    // As the command line or an operator would: no server sees it happen.
    expect((await dashboard(as.pat)).enrollment.discharged).toBe(0);
    await h.testDb.database.db.execute(sql`update enrollments set discharged_on = '2026-06-20', discharge_reason = 'completed' where participant_id = ${alvarez}`);
    expect((await dashboard(as.pat)).enrollment.discharged).toBe(1);
  });

  it('are kept apart for each set of sites and for suppressed figures', async () => {
    expect(await enrolled(as.pat)).toBe(3);
    // Sam manages Cook: two of the three. Eve, the evaluator, sees counts of 1 to 10 suppressed.
    expect(await enrolled(as.sam)).toBe(2);
    expect(await enrolled(as.eve)).toBeNull();
    expect(await enrolled(as.pat)).toBe(3);
  });

  it('put together from kept and new results, equal figures computed from scratch', async () => {
    const contacts = async () => (await dashboard(as.pat)).contacts.contacts ?? 0;
    const before = await contacts();
    const logged = await as.ana.post(`/api/participants/${alvarez}/contacts`, {
      occurredAt: '2026-06-10T16:00:00Z',
      durationMinutes: 30,
      mode: 'in_person',
      locationType: 'community',
      reached: true,
      services: ['recovery_coaching'],
    });
    expect(logged.statusCode, logged.body).toBe(201);
    const kept = await dashboard(as.pat);
    expect(kept.contacts.contacts).toBe(before + 1);
    expect(await contacts()).toBe(before + 1);
    // A refused change changes nothing.
    expect((await as.ana.post('/api/participants', { siteId: cast.sites.cook })).statusCode).toBe(400);
    expect(await dashboard(as.pat)).toEqual(kept);

    const fresh = await h.testDb.database.db.transaction(async (tx) => {
      const actor: Actor = { userId: cast.people.pat.id, name: 'Pat Okafor', role: 'program_admin', siteIds: [], via: 'system', tokenId: null, clientAddress: null };
      const ctx = await reportContext(tx, actor, undefined, h.clock.now());
      return computeFigures(tx, ctx, FROM, TO);
    });
    expect(JSON.parse(JSON.stringify(kept))).toEqual(JSON.parse(JSON.stringify(fresh)));
  });
});
