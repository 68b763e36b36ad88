/**
 * Errors the routes do not raise themselves: when every database connection stays
 * busy past the pool's wait, the request answers 503 with Retry-After (the client
 * may simply try again: nothing was done), never a 500; anything unexpected is a
 * 500 in the error shape with no stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { FakeClock } from '../../src/server/clock.ts';
import { testConfig } from '../../src/server/config.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => testDb.drop());

describe('errors from below the routes', () => {
  it('a pool that found no free connection in time is 503 busy with Retry-After, wrapped by drizzle or not; anything else is a plain 500', async () => {
    const app = await buildApp({ database: testDb.database, clock: new FakeClock(), config: testConfig() });
    app.get('/api/test/busy', { config: { access: 'public' } }, () => {
      throw new Error('timeout exceeded when trying to connect');
    });
    // Outside a transaction drizzle wraps it: DrizzleQueryError, the pool's error as its cause.
    app.get('/api/test/busy-query', { config: { access: 'public' } }, () => {
      throw new Error('Failed query: select 1', { cause: new Error('timeout exceeded when trying to connect') });
    });
    app.get('/api/test/broken', { config: { access: 'public' } }, () => {
      throw new Error('something unexpected with a secret inside');
    });
    await app.ready();
    try {
      const busy = await app.inject({ method: 'GET', url: '/api/test/busy' });
      expect(busy.statusCode).toBe(503);
      expect(busy.headers['retry-after']).toBe('1');
      expect(busy.json()).toEqual({ error: { code: 'busy', message: 'Tandem is busy. Try again in a moment.' } });
      const wrapped = await app.inject({ method: 'GET', url: '/api/test/busy-query' });
      expect(wrapped.statusCode).toBe(503);
      expect(wrapped.headers['retry-after']).toBe('1');
      const broken = await app.inject({ method: 'GET', url: '/api/test/broken' });
      expect(broken.statusCode).toBe(500);
      expect(broken.json()).toEqual({ error: { code: 'internal_error', message: 'Something went wrong on our side' } });
    } finally {
      await app.close();
    }
  });
});
