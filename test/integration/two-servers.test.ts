/**
 * Two app servers behind one load balancer, over one PostgreSQL, each with its
 * own connection pool: they keep no state of their own, so a session begun on
 * one works on the other and ends on both; two staff saving one participant at
 * the same moment through different servers get one success and one 409; and the
 * last naloxone kit cannot be given twice. PostgreSQL only (an embedded database
 * belongs to one process).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { testConfig } from '../../src/server/config.ts';
import { openPostgres, type Database } from '../../src/server/db/database.ts';
import { Browser, castOfStaff, defined, participantInput, startHarness, type Cast, type Harness } from '../support/harness.ts';

const serverUrl = process.env.TEST_DATABASE_URL;
const TODAY = '2026-03-02';

describe.runIf(serverUrl)('two app servers over one PostgreSQL', () => {
  let h: Harness;
  let cast: Cast;
  let secondPool: Database;
  let second: FastifyInstance;

  beforeAll(async () => {
    h = await startHarness();
    cast = await castOfStaff(h);
    secondPool = await openPostgres(defined(h.testDb.url, 'the test database URL'), 5);
    second = await buildApp({ database: secondPool, clock: h.clock, config: testConfig({ loginRatePerMinute: 1000 }) });
    await second.ready();
  });
  afterAll(async () => {
    await second.close();
    await secondPool.close();
    await h.close();
  });

  /** The same person's browser, its requests sent to the other server. */
  const onSecond = (b: Browser) => new Browser(second, b.cookie, b.csrf);

  it('a session begun on one server works on the other, and signing out on one ends it on both', async () => {
    const ana = await cast.as('ana');
    const there = onSecond(ana);
    expect((await there.get('/api/auth/me')).statusCode).toBe(200);
    expect((await there.post('/api/participants', participantInput(cast.sites.cook, { lastName: 'Acrossservers' }))).statusCode).toBe(201);
    expect((await there.post('/api/auth/logout')).statusCode).toBeLessThan(300);
    expect((await ana.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('two saves of one participant at the same moment through different servers: one succeeds, one gets 409', async () => {
    const ana = await cast.as('ana');
    const cai = onSecond(await cast.as('cai'));
    const created = await ana.post('/api/participants', participantInput(cast.sites.cook, { lastName: 'Twosaves' }));
    const { id, version } = created.json<{ id: string; version: number }>();
    const results = await Promise.all([
      ana.patch(`/api/participants/${id}`, { version, phone: '(312) 555-0101' }),
      cai.patch(`/api/participants/${id}`, { version, phone: '(312) 555-0202' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const saved = (await ana.get(`/api/participants/${id}`)).json<{ phone: string; version: number }>();
    expect(saved.version).toBe(version + 1);
    const winner = defined(results.find((r) => r.statusCode === 200)).json<{ phone: string }>();
    expect(saved.phone).toBe(winner.phone);
  });

  it('the last kit at a site cannot be given twice, whichever servers the two requests reach', async () => {
    const sam = await cast.as('sam');
    const received = await sam.post('/api/naloxone/movements', {
      kind: 'received', siteId: cast.sites.cook, product: 'intramuscular', lotNumber: 'TWO-SERVERS', expiresOn: '2027-06-30', kits: 1, occurredOn: TODAY, source: 'IDPH',
    });
    expect(received.statusCode, received.body).toBe(201);
    const give = (b: Browser) =>
      b.post('/api/naloxone/distributions', { siteId: cast.sites.cook, recipientType: 'community', communityRecipient: 'other', zip: '60608', product: 'intramuscular', kits: 1, distributedOn: TODAY, trainingGiven: false });
    const results = await Promise.all([give(await cast.as('ana')), give(onSecond(await cast.as('cai')))]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const stock = (await sam.get(`/api/sites/${cast.sites.cook}/naloxone/stock`)).json<{ lots: { lotNumber: string; onHand: number }[] }>();
    expect(stock.lots.find((l) => l.lotNumber === 'TWO-SERVERS')?.onHand).toBe(0);
  });
});
