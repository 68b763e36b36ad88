/**
 * Builds Tandem in process over a fresh database, with a fake clock and a small
 * cast of staff: the stories in the tests are told with them.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/core/enums.ts';
import type { ParticipantCreateInput } from '../../src/core/schemas.ts';
import { buildApp } from '../../src/server/app.ts';
import { FakeClock } from '../../src/server/clock.ts';
import { testConfig, type Config } from '../../src/server/config.ts';
import { systemActor } from '../../src/server/http/actor.ts';
import { createSite } from '../../src/server/sites/sites.service.ts';
import { createUser } from '../../src/server/users/users.service.ts';
import { createApiToken } from '../../src/server/auth/sessions.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const PASSWORD = 'river stone lantern 42';

export interface Harness {
  app: FastifyInstance;
  clock: FakeClock;
  testDb: TestDatabase;
  close(): Promise<void>;
}

export async function startHarness(overrides: Partial<Config> = {}): Promise<Harness> {
  const testDb = await createTestDatabase();
  const clock = new FakeClock();
  const app = await buildApp({ database: testDb.database, clock, config: testConfig(overrides) });
  await app.ready();
  return {
    app,
    clock,
    testDb,
    close: async () => {
      await app.close();
      await testDb.drop();
    },
  };
}

/** A signed-in browser: the session cookie and the CSRF token it must send with changes. */
export class Browser {
  constructor(
    readonly app: FastifyInstance,
    public cookie: string | null = null,
    public csrf: string | null = null,
  ) {}

  async signIn(email: string, password = PASSWORD): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    if (res.statusCode === 200) {
      const set = res.cookies.find((c) => c.name === 'tandem_session');
      this.cookie = set ? `tandem_session=${set.value}` : null;
      this.csrf = (res.json() as { csrfToken: string }).csrfToken;
    }
    return res;
  }

  request(method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    return this.app.inject({ method, url, headers: h, ...(payload === undefined ? {} : { payload: payload as object }) });
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
      tokenFor: async (key) => (await createApiToken(db, people[key].id, 'test', h.clock.now())).token,
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
