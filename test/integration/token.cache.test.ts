/**
 * A server keeps the rows of the API tokens it is sent (PostgreSQL, decision 0033), and
 * forgets them the moment anything they are made of changes: here, at once, when the
 * change was committed through this server; elsewhere, when the database's notice comes;
 * and whatever happened while the notices could not come.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, revokeAllCredentials } from '../../src/server/auth/sessions.ts';
import { credentialsChanged, TokenCache } from '../../src/server/auth/token.cache.ts';
import { rowsOf } from '../../src/server/db/database.ts';
import { inTransaction } from '../../src/server/http/transaction.ts';
import { castOfStaff, errorCode, participantInput, startHarness, withToken, type Cast, type Harness } from '../support/harness.ts';

const onServer = Boolean(process.env.TEST_DATABASE_URL);

describe.runIf(onServer)('API tokens kept in memory (PostgreSQL)', () => {
  let h: Harness;
  let cast: Cast;
  let other: FastifyInstance;

  const sqlOf = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await h.testDb.database.db.execute(query));
  /** The connections listening for changes, each app's (named by database.ts). */
  const listeners = () =>
    sqlOf<{ pid: number }>(sql`select pid from pg_stat_activity where datname = current_database() and application_name = 'tandem-listener' and query ilike 'LISTEN%'`);
  const until = async (check: () => Promise<boolean>, what: string) => {
    for (let i = 0; i < 100; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const bothListening = () => until(async () => (await listeners()).length >= 2, 'both servers to listen');
  /** A change the triggers do not announce (replica mode): only a server that reads the database sees it. */
  const silently = (query: ReturnType<typeof sql>) =>
    h.testDb.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(query);
    });
  const newToken = async () => {
    const { id, token } = await createApiToken(h.testDb.database.db, cast.people.cai.id, 'kept', h.clock.now());
    return { id, token };
  };
  const status = async (app: FastifyInstance, token: string) => (await withToken(app, token).get('/api/auth/me')).statusCode;

  beforeAll(async () => {
    h = await startHarness();
    cast = await castOfStaff(h);
    other = await h.variant({});
    await bothListening();
  });
  afterAll(async () => {
    await h.close();
  });

  it('serves a token from memory, and forgets it when the database announces a change', async () => {
    const { id, token } = await newToken();
    expect(await status(h.app, token)).toBe(200);
    await silently(sql`update api_tokens set revoked_at = now() where id = ${id}`);
    // Nothing announced the revocation: the row kept a moment ago still answers (what the cache saves).
    expect(await status(h.app, token)).toBe(200);
    await h.testDb.database.db.execute(sql`select pg_notify('tandem_credentials', '')`);
    await until(async () => (await status(h.app, token)) === 401, 'the notice to arrive');
  });

  it('reads the token again once its last use is due to be written (30 seconds)', async () => {
    const { id, token } = await newToken();
    expect(await status(h.app, token)).toBe(200);
    await silently(sql`update api_tokens set revoked_at = now() where id = ${id}`);
    h.clock.advance(31_000);
    expect(await status(h.app, token)).toBe(401);
  });

  it('refuses a revoked token at once on the server that revoked it, and on the other once the notice comes', async () => {
    const { id, token } = await newToken();
    expect(await status(h.app, token)).toBe(200);
    expect(await status(other, token)).toBe(200);
    const cai = await cast.as('cai');
    expect((await cai.delete(`/api/auth/tokens/${id}`)).statusCode).toBe(204);
    const refused = await withToken(h.app, token).get('/api/auth/me');
    expect(refused.statusCode).toBe(401);
    expect(errorCode(refused)).toBe('invalid_token');
    await until(async () => (await status(other, token)) === 401, 'the other server to hear of it');
  });

  it('takes a site away from a token at once when the user loses it', async () => {
    const { token } = await newToken();
    const script = withToken(h.app, token);
    const made = await script.post('/api/participants', participantInput(cast.sites.cook, { firstName: 'Kept', lastName: 'Token' }));
    expect(made.statusCode).toBe(201);
    const pid = made.json<{ id: string }>().id;
    expect((await script.get(`/api/participants/${pid}`)).statusCode).toBe(200);
    const pat = await cast.as('pat');
    const users = (await pat.get('/api/users')).json<{ items: { id: string; version: number; siteIds: string[] }[] }>().items;
    const cai = users.find((u) => u.id === cast.people.cai.id);
    if (!cai) throw new Error('Cai is not listed');
    const moved = await pat.patch(`/api/users/${cast.people.cai.id}`, { siteIds: [cast.sites.lake], version: cai.version });
    expect(moved.statusCode).toBe(200);
    expect((await script.get(`/api/participants/${pid}`)).statusCode).toBe(404);
    await until(async () => (await withToken(other, token).get(`/api/participants/${pid}`)).statusCode === 404, 'the other server');
    const back = await pat.patch(`/api/users/${cast.people.cai.id}`, { siteIds: cai.siteIds, version: cai.version + 1 });
    expect(back.statusCode).toBe(200);
  });

  it('stops listening when its app closes', async () => {
    const third = await h.variant({});
    await until(async () => (await listeners()).length >= 3, 'a third server to listen');
    await third.close();
    await until(async () => (await listeners()).length === 2, 'the closed server to stop listening');
  });

  it('forgets what it kept when its listening connection is lost, and keeps again once it is back', async () => {
    const { id, token } = await newToken();
    expect(await status(h.app, token)).toBe(200);
    const before = (await listeners()).map((l) => l.pid);
    await h.testDb.database.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and application_name = 'tandem-listener'`);
    // Revoked while no notice can reach anyone: a server must not trust what it kept before.
    await silently(sql`update api_tokens set revoked_at = now() where id = ${id}`);
    await until(async () => {
      const now = (await listeners()).map((l) => l.pid);
      return now.length >= 2 && now.every((pid) => !before.includes(pid));
    }, 'both servers to listen again');
    expect(await status(h.app, token)).toBe(401);
    expect(await status(other, token)).toBe(401);
  });
});

describe('a change committed through this server (both databases)', () => {
  let h: Harness;
  let cast: Cast;
  beforeAll(async () => {
    h = await startHarness();
    cast = await castOfStaff(h);
  });
  afterAll(async () => {
    await h.close();
  });

  /** A cache holding one row, as if its listener were up. */
  const holding = () => {
    const cache = new TokenCache<{ id: string }>();
    cache.up();
    cache.keep('hash', { id: 'kept' }, cache.generation);
    expect(cache.find('hash')).toEqual({ id: 'kept' });
    return cache;
  };

  it('is forgotten by every cache of the process once it commits, not before', async () => {
    const cache = holding();
    await inTransaction(h.app, async (tx) => {
      credentialsChanged(tx);
      // Not yet: until COMMIT another request could read the row as it was and keep it again.
      expect(cache.find('hash')).toBeDefined();
      await revokeAllCredentials(tx, cast.people.ben.id, h.clock.now(), 'no-session');
    });
    expect(cache.find('hash')).toBeUndefined();
    cache.close();
  });

  it('is not forgotten when the transaction rolls back', async () => {
    const cache = holding();
    await expect(
      inTransaction(h.app, (tx) => {
        credentialsChanged(tx);
        return Promise.reject(new Error('rolled back'));
      }),
    ).rejects.toThrow('rolled back');
    expect(cache.find('hash')).toBeDefined();
    cache.close();
  });

  it('revoking a token, or changing a user through the API, forgets what was kept before the answer', async () => {
    const { id } = await createApiToken(h.testDb.database.db, cast.people.cai.id, 'to revoke', h.clock.now());
    const revoked = holding();
    expect((await (await cast.as('cai')).delete(`/api/auth/tokens/${id}`)).statusCode).toBe(204);
    expect(revoked.find('hash')).toBeUndefined();
    revoked.close();

    const pat = await cast.as('pat');
    const ben = (await pat.get('/api/users')).json<{ items: { id: string; version: number }[] }>().items.find((u) => u.id === cast.people.ben.id);
    if (!ben) throw new Error('Ben is not listed');
    const renamed = holding();
    expect((await pat.patch(`/api/users/${ben.id}`, { name: 'Ben Walsh-Ortiz', version: ben.version })).statusCode).toBe(200);
    expect(renamed.find('hash')).toBeUndefined();
    renamed.close();

    // A read changes nothing: what is kept stays.
    const read = holding();
    expect((await pat.get('/api/users')).statusCode).toBe(200);
    expect(read.find('hash')).toBeDefined();
    read.close();
  });

  it('keeps nothing while no listener is up, nor a row read across a change', () => {
    const cache = new TokenCache<{ id: string }>();
    cache.keep('hash', { id: 'x' }, cache.generation);
    expect(cache.find('hash')).toBeUndefined();
    cache.up();
    const readIn = cache.generation;
    cache.notified();
    cache.keep('hash', { id: 'x' }, readIn);
    expect(cache.find('hash')).toBeUndefined();
    cache.close();
  });
});
