/**
 * Builds Tandem in process over a fresh database, with a fake clock and a small
 * cast of staff: the stories in the tests are told with them.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/core/enums.ts';
import type { ParticipantCreateInput } from '../../src/core/schemas.ts';
import { buildApp, type BuildOptions } from '../../src/server/app.ts';
import { FakeClock } from '../../src/server/clock.ts';
import { testConfig, type Config } from '../../src/server/config.ts';
import { systemActor } from '../../src/server/http/actor.ts';
import { createSite } from '../../src/server/sites/sites.service.ts';
import { createUser } from '../../src/server/users/users.service.ts';
import { createApiToken } from '../../src/server/auth/sessions.ts';
import { eq } from 'drizzle-orm';
import { userMfa } from '../../src/server/auth/mfa.table.ts';
import { beginEnrollment, confirmEnrollment } from '../../src/server/auth/mfa.service.ts';
import { totpCode } from '../../src/server/auth/totp.ts';
import type { Tx } from '../../src/server/db/database.ts';
import type { Actor } from '../../src/server/http/actor.ts';
import { findUserByEmail } from '../../src/server/users/users.repository.ts';
import { DEMO_MFA_SECRET } from '../../src/demo/personas.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const PASSWORD = 'river stone lantern 42';
/** The authenticator secret of everyone the harness enrolls (program administrators, and roles the policy names): the demo's. */
export const MFA_SECRET = DEMO_MFA_SECRET;

/** Sets up MFA_SECRET for a user through the real enrollment steps (start, then confirm with the app's code). */
export async function enrollAuthenticator(tx: Tx, user: { id: string; name: string; role: Role }, now: Date): Promise<string[]> {
  const actor: Actor = { userId: user.id, name: user.name, role: user.role, siteIds: [], via: 'session', tokenId: null, clientAddress: null };
  await beginEnrollment(tx, actor, now, MFA_SECRET);
  return (await confirmEnrollment(tx, actor, totpCode(MFA_SECRET, now), now)).recoveryCodes;
}

export interface Harness {
  app: FastifyInstance;
  clock: FakeClock;
  testDb: TestDatabase;
  /**
   * A second app over the same database and clock with other settings (a lower
   * sign-in rate, a trusted proxy…): cheaper than a fresh database. Closed with the harness.
   */
  variant(overrides: Partial<Config>): Promise<FastifyInstance>;
  close(): Promise<void>;
}

type ExtraBuildOptions = Pick<BuildOptions, 'onRoute'>;

export async function startHarness(overrides: Partial<Config> = {}, build: ExtraBuildOptions = {}): Promise<Harness> {
  // A test file signs in far more often than a person would within one real minute; the
  // per-address limit itself is tested on its own app (auth.routes.test.ts).
  overrides = { loginRatePerMinute: 1000, reportRatePerMinute: 1000, exportRatePerHour: 1000, lookupRatePerMinute: 1000, ...overrides };
  const testDb = await createTestDatabase();
  const clock = new FakeClock();
  const app = await buildApp({ database: testDb.database, clock, config: testConfig(overrides), ...build });
  await app.ready();
  const variants: FastifyInstance[] = [];
  return {
    app,
    clock,
    testDb,
    variant: async (more) => {
      const other = await buildApp({ database: testDb.database, clock, config: testConfig({ ...overrides, ...more }) });
      await other.ready();
      variants.push(other);
      return other;
    },
    close: async () => {
      for (const v of variants) await v.close();
      await app.close();
      await testDb.drop();
    },
  };
}

/** A signed-in browser: the session cookie and the CSRF token it must send with changes. */
export class Browser {
  /** The client address the server sees (app.inject's default is 127.0.0.1). */
  remoteAddress = '127.0.0.1';

  constructor(
    readonly app: FastifyInstance,
    public cookie: string | null = null,
    public csrf: string | null = null,
  ) {}

  /**
   * Signs in the way a person does: the password, then (for someone with an
   * authenticator) the code an app holding MFA_SECRET shows now; someone whose role
   * requires a second factor and who has none is enrolled with MFA_SECRET first.
   * The answer is the last step's.
   */
  async signIn(email: string, password = PASSWORD): Promise<LightMyRequestResponse> {
    const res = await this.passwordStep(email, password);
    if (res.statusCode !== 200) return res;
    const body = res.json<{ mfaRequired?: boolean; session?: string }>();
    const { db } = this.app.deps.database;
    const now = this.app.deps.clock.now();
    const user = await findUserByEmail(db, email.trim().toLowerCase());
    if (!user) return res;
    if (body.mfaRequired) {
      // The fake clock stands still within a test, where a person would wait for the next code.
      await db.update(userMfa).set({ lastUsedStep: null }).where(eq(userMfa.userId, user.id));
      return this.secondStep({ code: totpCode(MFA_SECRET, now) });
    }
    if (body.session === 'mfa_enrollment') {
      await db.transaction((tx) => enrollAuthenticator(tx, user, now));
      return this.get('/api/auth/me');
    }
    return res;
  }

  /** Only the password step: the session may then be waiting for a code, or limited to enrolling one. */
  async passwordStep(email: string, password = PASSWORD): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password },
      remoteAddress: this.remoteAddress,
    });
    if (res.statusCode === 200) this.keepSession(res);
    return res;
  }

  /** The sign-in's second step on the waiting session; a success replaces the cookie and CSRF token. */
  async secondStep(payload: { code?: string; recoveryCode?: string }): Promise<LightMyRequestResponse> {
    const res = await this.post('/api/auth/mfa/verify', payload);
    if (res.statusCode === 200) this.keepSession(res);
    return res;
  }

  private keepSession(res: LightMyRequestResponse): void {
    const set = res.cookies.find((c) => c.name === 'tandem_session');
    this.cookie = set ? `tandem_session=${set.value}` : null;
    this.csrf = res.json<{ csrfToken: string }>().csrfToken;
  }

  request(method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    return this.app.inject({
      method,
      url,
      headers: h,
      remoteAddress: this.remoteAddress,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  }

  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, payload?: unknown) {
    return this.request('POST', url, payload ?? {});
  }
  patch(url: string, payload: unknown) {
    return this.request('PATCH', url, payload);
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }
}

/** A script calling with a personal API token: no cookie, no CSRF token. */
export function withToken(app: FastifyInstance, token: string) {
  const call = (method: InjectOptions['method'], url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, payload: unknown = {}) => call('POST', url, payload),
    patch: (url: string, payload: unknown) => call('PATCH', url, payload),
    put: (url: string, payload: unknown) => call('PUT', url, payload),
    delete: (url: string) => call('DELETE', url),
  };
}

/** The value, or a test failure saying what was missing (instead of a `!`). */
export function defined<T>(value: T | null | undefined, what = 'a value'): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}, got ${String(value)}`);
  return value;
}

/** The `error` of an error answer, typed for assertions. */
export interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

/** The field paths a 400 answer names. */
export function fieldPaths(res: LightMyRequestResponse): string[] {
  return (res.json<ErrorBody>().error.details ?? []).map((d) => d.path);
}

export function errorCode(res: LightMyRequestResponse): string {
  return res.json<ErrorBody>().error.code;
}

export interface Cast {
  sites: { cook: string; lake: string; stateville: string };
  /** Each persona's e-mail; all share PASSWORD. */
  people: Record<'pat' | 'ana' | 'ben' | 'sam' | 'sue' | 'eve' | 'cai', { id: string; email: string }>;
  as(person: keyof Cast['people']): Promise<Browser>;
  tokenFor(person: keyof Cast['people']): Promise<string>;
}

/**
 * Pat runs the hub (program_admin). Ana is a peer recovery coach at Cook County
 * Jail, Cai a case manager there; Ben is a coach at Lake County Jail. Sam manages
 * the Cook site, Sue supervises Cook and Stateville, Eve evaluates the program.
 */
export async function castOfStaff(h: Harness): Promise<Cast> {
  const { db } = h.testDb.database;
  const now = h.clock.now();
  const ctx = { now, invitationDays: 7, baseUrl: 'http://tandem.test' };
  return db.transaction(async (tx) => {
    const site = (name: string, type: 'jail' | 'prison', county: string) =>
      createSite(tx, systemActor, { name, type, county, timeZone: 'America/Chicago' }, now).then((s) => s.id);
    const sites = {
      cook: await site('Cook County Jail', 'jail', 'Cook'),
      lake: await site('Lake County Jail', 'jail', 'Lake'),
      stateville: await site('Stateville Correctional Center', 'prison', 'Will'),
    };
    const person = async (key: string, name: string, role: Role, siteIds: string[]) => {
      const email = `${key}@tandem.test`;
      const { user } = await createUser(
        tx,
        systemActor,
        { email, name, role, siteIds, setup: { method: 'password', password: PASSWORD } },
        ctx,
        { mustChangePassword: false },
      );
      if (role === 'program_admin') await enrollAuthenticator(tx, { id: user.id, name, role }, now);
      return { id: user.id, email };
    };
    const people = {
      pat: await person('pat', 'Pat Okafor', 'program_admin', []),
      ana: await person('ana', 'Ana Reyes', 'coach', [sites.cook]),
      cai: await person('cai', 'Cai Morgan', 'case_manager', [sites.cook]),
      ben: await person('ben', 'Ben Walsh', 'coach', [sites.lake]),
      sam: await person('sam', 'Sam Patel', 'site_manager', [sites.cook]),
      sue: await person('sue', 'Sue Kim', 'supervisor', [sites.cook, sites.stateville]),
      eve: await person('eve', 'Eve Laurent', 'evaluator', []),
    };
    return {
      sites,
      people,
      as: async (key) => {
        const b = new Browser(h.app);
        const res = await b.signIn(people[key].email);
        if (res.statusCode !== 200) throw new Error(`sign-in failed for ${key}: ${res.body}`);
        return b;
      },
      // Ten years: tests move the clock through follow-up windows and study years.
      tokenFor: async (key) => (await createApiToken(db, people[key].id, 'test', h.clock.now(), 3650)).token,
    };
  });
}

export function participantInput(siteId: string, overrides: Partial<ParticipantCreateInput> = {}): ParticipantCreateInput {
  return {
    siteId,
    firstName: 'Samuel',
    lastName: 'Johnson',
    dateOfBirth: '1988-03-07',
    custodyStatus: 'in_custody',
    expectedReleaseDate: '2026-03-20',
    ...overrides,
  };
}

/** One more staff member, created directly (not through the API) so a story can start from them. */
export async function newStaff(
  h: Harness,
  person: { key: string; name: string; role: Role; siteIds?: string[]; password?: string; mustChangePassword?: boolean },
): Promise<{ id: string; email: string }> {
  const now = h.clock.now();
  const email = `${person.key}@tandem.test`;
  const { user } = await h.testDb.database.db.transaction(async (tx) => {
    const created = await createUser(
      tx,
      systemActor,
      { email, name: person.name, role: person.role, siteIds: person.siteIds ?? [], setup: { method: 'password', password: person.password ?? PASSWORD } },
      { now, invitationDays: 7, baseUrl: 'http://tandem.test' },
      { mustChangePassword: person.mustChangePassword ?? false },
    );
    // Program administrators always sign in with a second factor: the harness holds theirs.
    if (person.role === 'program_admin') await enrollAuthenticator(tx, { id: created.user.id, name: person.name, role: person.role }, now);
    return created;
  });
  return { id: user.id, email };
}

/** Signs in as anyone (not only the cast); throws when it fails. */
export async function signedIn(app: FastifyInstance, email: string, password = PASSWORD): Promise<Browser> {
  const b = new Browser(app);
  const res = await b.signIn(email, password);
  if (res.statusCode !== 200) throw new Error(`sign-in failed for ${email}: ${res.body}`);
  return b;
}

export type PersonKey = keyof Cast['people'];

/** Every persona signed in, each in a browser of their own. */
export async function signInEveryone(cast: Cast): Promise<Record<PersonKey, Browser>> {
  const keys = Object.keys(cast.people) as PersonKey[];
  const browsers = await Promise.all(keys.map((k) => cast.as(k)));
  return Object.fromEntries(keys.map((k, i) => [k, browsers[i]])) as Record<PersonKey, Browser>;
}
