import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeServer, apiError, json } from '../test/fakeServer.ts';
import { api, BUSY_RETRIES, onSessionStale, onUnauthorized, setCsrfToken } from './client.ts';
import { ApiError } from './errors.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

function serve(server: FakeServer) {
  vi.stubGlobal('fetch', server.fetch);
  return server;
}

describe('api client', () => {
  it('sends the CSRF token on writes, never on reads', async () => {
    const server = serve(new FakeServer().on('GET', '/api/sites', json(200, { items: [] })).on('POST', '/api/sites', json(201, { id: 'x' })));
    setCsrfToken('tok-1');
    await api.get('/api/sites');
    await api.post('/api/sites', { name: 'A' });
    const [read, write] = server.requests;
    expect(read?.headers['x-csrf-token']).toBeUndefined();
    expect(write?.headers['x-csrf-token']).toBe('tok-1');
    expect(write?.body).toEqual({ name: 'A' });
  });

  it('drops empty query parameters', async () => {
    const server = serve(new FakeServer().on('GET', '/api/participants', json(200, { items: [], nextCursor: null })));
    await api.get('/api/participants', { query: { q: '', siteId: undefined, limit: 25 } });
    expect(server.requests[0]?.query.toString()).toBe('limit=25');
  });

  it('turns an error body into an ApiError with its field details', async () => {
    serve(new FakeServer().on('POST', '/api/sites', apiError(400, 'validation_error', 'Invalid', [{ path: 'name', message: 'Required' }])));
    const err = await api.post('/api/sites', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    expect((err as ApiError).details).toEqual([{ path: 'name', message: 'Required' }]);
  });

  it('reports an unexpected 401 to the session, but not an expected one', async () => {
    serve(new FakeServer().on('GET', /.*/, apiError(401, 'unauthenticated', 'Sign in')));
    const listener = vi.fn();
    const off = onUnauthorized(listener);
    await api.get('/api/auth/me', { expectUnauthorized: true }).catch(() => undefined);
    expect(listener).not.toHaveBeenCalled();
    await api.get('/api/participants').catch(() => undefined);
    expect(listener).toHaveBeenCalledTimes(1);
    off();
  });

  it('asks again after Retry-After when a read finds the server busy, then answers', async () => {
    vi.useFakeTimers();
    try {
      let calls = 0;
      const server = serve(
        new FakeServer().on('GET', '/api/worklist', () =>
          ++calls <= 2 ? { ...apiError(503, 'busy', 'Tandem is busy'), headers: { 'retry-after': '2' } } : json(200, { items: ['x'] }),
        ),
      );
      const answer = api.get<{ items: string[] }>('/api/worklist');
      await vi.advanceTimersByTimeAsync(1_999);
      expect(server.requests).toHaveLength(1); // waits the server's 2 s
      await vi.advanceTimersByTimeAsync(1);
      expect(server.requests).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(2_000);
      await expect(answer).resolves.toEqual({ items: ['x'] });
      expect(server.requests).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives up on a busy server after a few tries, and never retries a write', async () => {
    vi.useFakeTimers();
    try {
      const server = serve(new FakeServer().on('GET', /.*/, apiError(503, 'busy', 'Tandem is busy')).on('POST', /.*/, apiError(503, 'busy', 'Tandem is busy')));
      const read = api.get('/api/worklist').catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(BUSY_RETRIES * 1_000);
      const err = (await read) as ApiError;
      expect(err.status).toBe(503);
      expect(err.code).toBe('busy');
      expect(server.calls('GET', '/api/worklist')).toHaveLength(1 + BUSY_RETRIES);
      const write = (await api.post('/api/participants/p/contacts', {}).catch((e: unknown) => e)) as ApiError;
      expect(write.code).toBe('busy');
      expect(server.calls('POST', '/api/participants/p/contacts')).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops waiting for a busy server when the request is cancelled', async () => {
    vi.useFakeTimers();
    try {
      const server = serve(new FakeServer().on('GET', /.*/, apiError(503, 'busy', 'Tandem is busy')));
      const controller = new AbortController();
      const read = api.get('/api/worklist', { signal: controller.signal }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(500);
      controller.abort();
      expect(((await read) as Error).name).toBe('AbortError');
      await vi.advanceTimersByTimeAsync(5_000);
      expect(server.requests).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a network failure as status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    const err = (await api.get('/api/sites').catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(0);
    expect(err.code).toBe('network_error');
  });
});

describe('a session that changed under the page', () => {
  it('asks the session to re-read itself after a CSRF failure', async () => {
    serve(new FakeServer().on('POST', '/api/sites', apiError(403, 'csrf_failed', 'Reload and try again')));
    const listener = vi.fn();
    const off = onSessionStale(listener);
    await api.post('/api/sites', {}).catch(() => undefined);
    expect(listener).toHaveBeenCalledTimes(1);
    off();
  });
});
