/**
 * Limits that keep one person or one forgotten script from costing everyone: API
 * tokens expire; the expensive endpoints (reports, FHIR, the analysis export) are
 * rate-limited per person; browsers reaching Tandem over https are told to stay on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/server/auth/sessions.ts';
import { castOfStaff, errorCode, signInEveryone, startHarness, withToken, type Browser, type Cast, type Harness, type PersonKey } from '../support/harness.ts';

let h: Harness;
let cast: Cast;
let as: Record<PersonKey, Browser>;
const DAY = 86_400_000;
const DASHBOARD = '/api/reports/dashboard?from=2026-04-01&to=2026-06-30';

beforeAll(async () => {
  h = await startHarness({ reportRatePerMinute: 3, exportRatePerHour: 1, lookupRatePerMinute: 2 });
  cast = await castOfStaff(h);
  as = await signInEveryone(cast);
}, 60_000);
afterAll(async () => h.close());

describe('rate limits on the expensive endpoints', () => {
  it('let each person ask for the dashboard a few times a minute, then answer 429 with Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await as.pat.get(DASHBOARD)).statusCode).toBe(200);
    const limited = await as.pat.get(DASHBOARD);
    expect(limited.statusCode).toBe(429);
    expect(errorCode(limited)).toBe('too_many_requests');
    expect(limited.json<{ error: { message: string } }>().error.message).toMatch(/limited to 3 requests per 1 minute for each person/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another person has their own budget; the cheap routes are not limited at all.
    expect((await as.sam.get(DASHBOARD)).statusCode).toBe(200);
    expect((await as.pat.get('/api/participants')).statusCode).toBe(200);
  });

  it('count a person across their session and their tokens', async () => {
    const script = withToken(h.app, await cast.tokenFor('sue'));
    for (let i = 0; i < 2; i++) expect((await as.sue.get(DASHBOARD)).statusCode).toBe(200);
    expect((await script.get(DASHBOARD)).statusCode).toBe(200);
    expect((await script.get(DASHBOARD)).statusCode).toBe(429);
    expect((await as.sue.get(DASHBOARD)).statusCode).toBe(429);
  });

  it('allow one analysis export per hour here, and a refused one is not recorded', async () => {
    expect((await as.eve.get('/api/exports/analysis?dates=month')).statusCode).toBe(200);
    const again = await as.eve.get('/api/exports/analysis?dates=month');
    expect(again.statusCode).toBe(429);
    expect(again.json<{ error: { message: string } }>().error.message).toMatch(/per 1 hour/);
    const history = (await as.pat.get('/api/exports/analysis/history')).json<{ items: unknown[] }>().items;
    expect(history).toHaveLength(1);
  });

  it('do not count requests that fail validation, authentication or permission', async () => {
    // Sam has used one of his three; five malformed asks cost nothing, so two more succeed.
    for (let i = 0; i < 5; i++) expect((await as.sam.get('/api/reports/dashboard?from=yesterday')).statusCode).toBe(400);
    expect((await h.app.inject({ method: 'GET', url: DASHBOARD })).statusCode).toBe(401);
    for (let i = 0; i < 4; i++) expect((await as.cai.get(DASHBOARD)).statusCode).toBe(403);
    expect((await as.sam.get(DASHBOARD)).statusCode).toBe(200);
    expect((await as.sam.get(DASHBOARD)).statusCode).toBe(200);
    expect((await as.sam.get(DASHBOARD)).statusCode).toBe(429);
  });
});

describe('the emergency-access lookup across all sites', () => {
  it('is limited per person, so nobody can walk the program by name and birth date', async () => {
    const ask = (b: Browser) => b.get('/api/emergency-accesses/lookup?lastName=Nobody&dateOfBirth=1990-01-01');
    expect((await ask(as.ben)).statusCode).toBe(200);
    expect((await ask(as.ben)).statusCode).toBe(200);
    const limited = await ask(as.ben);
    expect(limited.statusCode).toBe(429);
    expect(errorCode(limited)).toBe('too_many_requests');
    expect((await ask(as.ana)).statusCode).toBe(200);
  });
});

describe('transport security', () => {
  it('sends HSTS over https (through a trusted proxy), never over plain http', async () => {
    const proxied = await h.variant({ trustProxy: true });
    const https = await proxied.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const http = await proxied.inject({ method: 'GET', url: '/api/health' });
    expect(http.headers['strict-transport-security']).toBeUndefined();
    // Without a trusted proxy a forwarded header proves nothing.
    const direct = await h.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(direct.headers['strict-transport-security']).toBeUndefined();
  });
});

// Last: it moves the clock by days, past every session's idle limit.
describe('API tokens', () => {
  it('work until the day they expire, then answer 401 token_expired; the owner sees when', async () => {
    const { token, expiresAt } = await createApiToken(h.testDb.database.db, cast.people.ana.id, 'weekly sync', h.clock.now(), 7);
    expect(expiresAt.getTime() - h.clock.now().getTime()).toBe(7 * DAY);
    const script = withToken(h.app, token);
    expect((await script.get('/api/auth/me')).statusCode).toBe(200);

    const listed = (await as.ana.get('/api/auth/tokens')).json<{ items: { label: string; expiresAt: string }[] }>().items;
    expect(listed.find((t) => t.label === 'weekly sync')?.expiresAt).toBe(expiresAt.toISOString());

    h.clock.advance(7 * DAY - 1000);
    expect((await script.get('/api/auth/me')).statusCode).toBe(200);
    h.clock.advance(1000);
    const expired = await script.get('/api/auth/me');
    expect(expired.statusCode).toBe(401);
    expect(errorCode(expired)).toBe('token_expired');
    // Revoked and expired tokens stay listed (they explain old audit rows) but open nothing.
    expect(errorCode(await script.get('/api/participants'))).toBe('token_expired');
  });

  it('last ninety days unless their maker asks otherwise', async () => {
    const { expiresAt } = await createApiToken(h.testDb.database.db, cast.people.ana.id, 'default', h.clock.now());
    expect(expiresAt.getTime() - h.clock.now().getTime()).toBe(90 * DAY);
  });
});
