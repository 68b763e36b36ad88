/**
 * Every answer carries the security headers (app.ts): the content security policy the
 * web app is built for, no framing, no MIME sniffing, no referrer. An API answer keeps
 * participant data out of caches; a 404 and a failed sign-in carry the headers too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { FakeClock } from '../../src/server/clock.ts';
import { testConfig } from '../../src/server/config.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let testDb: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
beforeAll(async () => {
  testDb = await createTestDatabase();
  app = await buildApp({ database: testDb.database, clock: new FakeClock(), config: testConfig() });
});
afterAll(async () => {
  await app.close();
  await testDb.drop();
});

const POLICY =
  "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;" +
  "object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self'";

describe('security headers', () => {
  it.each([
    ['an API answer', 'GET', '/api/health', 200],
    ['a route that does not exist', 'GET', '/api/no-such-route', 404],
    ['a request refused for want of a session', 'GET', '/api/participants', 401],
  ] as const)('are on %s', async (_, method, url, status) => {
    const res = await app.inject({ method, url });
    expect(res.statusCode).toBe(status);
    expect(res.headers).toMatchObject({
      'content-security-policy': POLICY,
      'x-frame-options': 'SAMEORIGIN',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'x-permitted-cross-domain-policies': 'none',
    });
    // HSTS only on answers given over https (app.ts adds it there): these came over http.
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});
