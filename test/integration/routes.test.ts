/**
 * The route walk: every route the app registers declares who may call it, every
 * non-public API route turns strangers away, and the OpenAPI description lists
 * them all. A new feature that forgets its access rule fails here.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildApp, logSerializers } from '../../src/server/app.ts';
import { testConfig } from '../../src/server/config.ts';
import { FakeClock } from '../../src/server/clock.ts';
import { Browser, castOfStaff, defined, errorCode, participantInput, startHarness, type Cast, type Harness } from '../support/harness.ts';

interface SeenRoute {
  method: string;
  url: string;
  access: unknown;
}

let h: Harness;
let cast: Cast;
const registered: RouteOptions[] = [];
let seen: SeenRoute[] = [];

/**
 * Keeps each route's options and reads its access rule once the app is ready: a plugin's own
 * onRoute hook (the web app's) may still set it after this one has run.
 */
function walk(routes: RouteOptions[]): SeenRoute[] {
  return routes.flatMap((route) =>
    (Array.isArray(route.method) ? route.method : [route.method]).map((method) => ({ method, url: route.url, access: route.config?.access })),
  );
}

/** A concrete URL for a route pattern: ids become a random (unknown) UUID. */
function concrete(url: string): string {
  return url.replace(/:id\b/g, '5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11').replace(/:token\b/g, 'x'.repeat(43));
}

const apiRoutes = () => seen.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD');

beforeAll(async () => {
  h = await startHarness({}, { onRoute: (r) => registered.push(r) });
  seen = walk(registered);
  cast = await castOfStaff(h);
});
afterAll(async () => h.close());

describe('every route declares its access rule', () => {
  it('finds the routes of every feature', () => {
    // The walk is only worth something if it sees the routes at all.
    const keys = apiRoutes().map((r) => `${r.method} ${r.url}`);
    for (const expected of [
      'GET /api/health',
      'POST /api/auth/login',
      'GET /api/sites',
      'PATCH /api/users/:id',
      'POST /api/participants',
      'GET /api/audit',
    ]) {
      expect(keys).toContain(expected);
    }
  });

  it('has no route without config.access', () => {
    const naked = seen.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.url}`);
    expect(naked).toEqual([]);
  });

  it('only the health check, the API description (and its interactive reference) and the sign-in steps are public', () => {
    const publicRoutes = apiRoutes()
      .filter((r) => r.access === 'public' && !r.url.startsWith('/api/docs'))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(publicRoutes).toEqual(
      [
        'GET /api/health',
        'GET /api/openapi.json',
        'POST /api/auth/login',
        'POST /api/auth/logout',
        // The second sign-in step: its session, waiting for the code, signs nobody in yet.
        'POST /api/auth/mfa/verify',
        'GET /api/auth/invitations/:token',
        'POST /api/auth/invitations/:token/accept',
      ].sort(),
    );
  });

  it('catches a route that forgets its rule, and such a route answers 500, never its handler', async () => {
    const routes: RouteOptions[] = [];
    const app = await buildApp({ database: h.testDb.database, clock: new FakeClock(), config: testConfig(), onRoute: (r) => routes.push(r) });
    let handlerRan = false;
    app.get('/api/forgotten', async () => {
      handlerRan = true;
      return { secret: 'participant data' };
    });
    await app.ready();
    expect(walk(routes).filter((r) => r.access === undefined).map((r) => r.url)).toEqual(['/api/forgotten', '/api/forgotten']); // GET and HEAD
    const res = await app.inject({ method: 'GET', url: '/api/forgotten' });
    expect(res.statusCode).toBe(500);
    expect(errorCode(res)).toBe('route_without_access');
    expect(handlerRan).toBe(false);
    await app.close();
  });
});

describe('a stranger without credentials', () => {
  it('gets 401 from every non-public API route', async () => {
    const guarded = apiRoutes().filter((r) => r.access !== 'public');
    expect(guarded.length).toBeGreaterThan(10);
    const answers: string[] = [];
    for (const r of guarded) {
      const res = await h.app.inject({ method: r.method as 'GET', url: concrete(r.url), payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} });
      answers.push(`${r.method} ${r.url} → ${res.statusCode} ${res.statusCode === 401 ? errorCode(res) : res.body}`);
    }
    expect(answers.filter((a) => !a.includes('→ 401 unauthenticated'))).toEqual([]);
  });

  it('gets 401 with a made-up session cookie or a made-up token, everywhere', async () => {
    for (const r of apiRoutes().filter((x) => x.access !== 'public')) {
      const url = concrete(r.url);
      const cookie = await h.app.inject({ method: r.method as 'GET', url, headers: { cookie: 'tandem_session=forged' } });
      expect(cookie.statusCode, `${r.method} ${r.url} with a forged cookie`).toBe(401);
      const bearer = await h.app.inject({ method: r.method as 'GET', url, headers: { authorization: 'Bearer tdm_forged' } });
      expect(bearer.statusCode, `${r.method} ${r.url} with a forged token`).toBe(401);
      expect(errorCode(bearer)).toBe('invalid_token');
    }
  });

  it('still reaches the health check, which names the database in use', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      database: process.env.TEST_DATABASE_URL ? 'postgresql' : 'pglite',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/) as unknown,
    });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('gets the one error shape for an unknown API path', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/nothing-here?name=Samuel' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'No route GET /api/nothing-here' } });
  });
});

describe('the served web app', () => {
  it('declares its file and page routes public, answers them without credentials, and keeps /api answers JSON', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tandem-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Tandem</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log("tandem")');
    const routes: RouteOptions[] = [];
    const app = await buildApp({
      database: h.testDb.database,
      clock: new FakeClock(),
      config: testConfig(),
      serveWeb: true,
      webRoot: root,
      onRoute: (r) => routes.push(r),
    });
    try {
      await app.ready();
      const web = walk(routes).filter((r) => !r.url.startsWith('/api/'));
      expect(web.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining(['GET /*', 'GET /assets/app.js', 'GET /index.html']));
      expect(walk(routes).filter((r) => r.access === undefined)).toEqual([]);

      const page = await app.inject({ method: 'GET', url: '/participants/123' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<title>Tandem</title>');
      expect(page.headers['cache-control']).toBe('no-cache');
      expect((await app.inject({ method: 'GET', url: '/assets/app.js' })).body).toContain('tandem');
      const api = await app.inject({ method: 'GET', url: '/api/nothing-here' });
      expect(api.statusCode).toBe(404);
      expect(api.json()).toMatchObject({ error: { code: 'not_found' } });
      expect((await app.inject({ method: 'GET', url: '/api/participants' })).statusCode).toBe(401);
    } finally {
      await app.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('behind a reverse proxy that adds HTTP Basic credentials', () => {
  it('Ana’s session cookie still works, and the health check still answers', async () => {
    const ana = await cast.as('ana');
    const basic = { authorization: `Basic ${Buffer.from('staging:door-password').toString('base64')}` };
    const health = await h.app.inject({ method: 'GET', url: '/api/health', headers: basic });
    expect(health.statusCode).toBe(200);
    const me = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { ...basic, cookie: defined(ana.cookie) } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: 'ana@tandem.test' } });
    // Without a session, Basic credentials alone do not get anyone in.
    const stranger = await h.app.inject({ method: 'GET', url: '/api/participants', headers: basic });
    expect(stranger.statusCode).toBe(401);
  });
});

describe('request logs', () => {
  const INVITATION_TOKEN = 'Zq7vK2mX9pL4wR8tY3nB6cJ1';
  it('never hold a participant’s name, date of birth or phone, nor a password or an invitation link, even when a query fails', async () => {
    const lines: string[] = [];
    const app = await buildApp({
      database: h.testDb.database,
      clock: new FakeClock(),
      config: testConfig(),
      logger: { level: 'info', serializers: logSerializers, stream: { write: (line: string) => lines.push(line) } },
    });
    await app.ready();
    const { db } = h.testDb.database;
    try {
      const ana = new Browser(app);
      expect((await ana.signIn('ana@tandem.test')).statusCode).toBe(200);
      const created = await ana.post('/api/participants', participantInput(cast.sites.cook, {
        firstName: 'Wilhelmina', lastName: 'Quackenbush', dateOfBirth: '1977-07-17', phone: '312-555-8642',
      }));
      expect(created.statusCode).toBe(201);
      const id = created.json<{ id: string }>().id;
      expect((await ana.get('/api/participants?q=Wilhelmina%20Quackenbush')).statusCode).toBe(200);
      expect((await ana.get('/api/participants?q=1977-07-17')).statusCode).toBe(200);
      expect((await ana.get(`/api/participants/duplicates?firstName=Wilhelmina&lastName=Quackenbush&dateOfBirth=1977-07-17`)).statusCode).toBe(200);
      expect((await ana.post('/api/participants', { firstName: 'Wilhelmina', dateOfBirth: '1977-02-30' })).statusCode).toBe(400);
      // An invitation link is a credential until it is used: its path is logged without the secret.
      await new Browser(app).get(`/api/auth/invitations/${INVITATION_TOKEN}`);
      await new Browser(app).post(`/api/auth/invitations/${INVITATION_TOKEN}/accept`, { password: 'river stone lantern' });
      await new Browser(app).get(`/Invitation/${INVITATION_TOKEN}?from=mail`);

      // A database failure mid-update: the error is logged, the values the query carried are not.
      await db.execute(sql.raw(`CREATE FUNCTION test_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'disk full'; END $$`));
      await db.execute(sql.raw('CREATE TRIGGER test_refuse_update BEFORE UPDATE ON participants FOR EACH ROW EXECUTE FUNCTION test_refuse_update()'));
      try {
        const failed = await ana.patch(`/api/participants/${id}`, { version: 1, preferredName: 'Mina', phone: '773-555-1357' });
        expect(failed.statusCode).toBe(500);
      } finally {
        await db.execute(sql.raw('DROP TRIGGER test_refuse_update ON participants'));
        await db.execute(sql.raw('DROP FUNCTION test_refuse_update()'));
      }
    } finally {
      await app.close();
    }
    const log = lines.join('');
    expect(log).toContain('"statusCode":500');
    expect(log).toContain('disk full'); // the cause is there for whoever runs Tandem
    expect(log).toContain('"path":"/api/auth/invitations/:token/accept"');
    expect(log).toContain('"path":"/Invitation/:token"');
    for (const secret of ['Wilhelmina', 'Quackenbush', 'Mina', '1977-07-17', '1977-02-30', '555-8642', '555-1357', 'river stone lantern', INVITATION_TOKEN]) {
      expect(log, secret).not.toContain(secret);
    }
  });
});

interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { responses?: Record<string, unknown>; parameters?: { name: string; in: string; required?: boolean }[] }>>;
  components?: { securitySchemes?: Record<string, unknown> };
}

describe('the OpenAPI description', () => {
  let doc: OpenApiDoc;
  beforeAll(async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.json<OpenApiDoc>();
  });

  it('is OpenAPI 3 with a title, a version and both ways to authenticate', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.title).toBe('Tandem API');
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.keys(doc.components?.securitySchemes ?? {}).sort()).toEqual(['bearer', 'session']);
  });

  it('lists every API route except itself', () => {
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    const expected = apiRoutes()
      .filter((r) => r.url !== '/api/openapi.json' && !r.url.startsWith('/api/docs'))
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(expected.filter((e) => !documented.has(e))).toEqual([]);
    expect(documented.has('GET /api/openapi.json')).toBe(false);
  });

  it('says on every operation which permission it needs and which roles hold it', () => {
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops as Record<string, { 'x-permission'?: string; description?: string }>)) {
        if (!op['x-permission'] || !op.description?.match(/permission|Public|signed-in/)) missing.push(`${method} ${path}`);
      }
    }
    expect(missing).toEqual([]);
    const list = doc.paths['/api/participants']?.get as { 'x-permission'?: string; 'x-roles'?: string[] } | undefined;
    expect(list?.['x-permission']).toBe('participants:read');
    expect(list?.['x-roles']).not.toContain('evaluator');
  });

  it('is served as an interactive reference at /api/docs, without credentials', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const json = await h.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(json.json<OpenApiDoc>().paths).toEqual(doc.paths);
  });

  it('is well formed: templated path parameters declared, responses for every operation', () => {
    const problems: string[] = [];
    const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/') || path.includes(':')) problems.push(`${path}: not an OpenAPI path template`);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(ops)) {
        if (!methods.has(method)) {
          problems.push(`${path}: unknown method ${method}`);
          continue;
        }
        const codes = Object.keys(op.responses ?? {});
        if (!codes.some((c) => /^2\d\d$/.test(c))) problems.push(`${method} ${path}: no success response`);
        if (codes.some((c) => !/^([1-5]\d\d|[1-5]XX|default)$/.test(c))) problems.push(`${method} ${path}: bad response code`);
        for (const name of templated) {
          const p = op.parameters?.find((x) => x.in === 'path' && x.name === name);
          if (!p?.required) problems.push(`${method} ${path}: path parameter ${name} not declared as required`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
