/** Pat manages staff accounts; site managers and supervisors see the staff of their own sites. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  castOfStaff,
  defined,
  errorCode,
  fieldPaths,
  participantInput,
  startHarness,
  type Browser,
  type Cast,
  type Harness,
} from '../support/harness.ts';

interface User {
  id: string;
  email: string;
  name: string;
  role: string;
  siteIds: string[];
  active: boolean;
  version: number;
}

let h: Harness;
let cast: Cast;
let pat: Browser;

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  pat = await cast.as('pat');
});
afterAll(async () => h.close());

const UNKNOWN_SITE = '5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11';
const usersSeenBy = async (b: Browser) => (await b.get('/api/users')).json<{ items: User[] }>().items;
const userById = async (id: string) => defined((await usersSeenBy(pat)).find((u) => u.id === id), `user ${id}`);

describe('Pat manages staff', () => {
  it('adds Rosa as a coach at Cook and Stateville, then moves her to Lake only', async () => {
    const created = await pat.post('/api/users', {
      email: ' Rosa.Diaz@Tandem.Test ',
      name: 'Rosa Díaz',
      role: 'coach',
      siteIds: [cast.sites.cook, cast.sites.stateville],
    });
    expect(created.statusCode).toBe(201);
    const { user } = created.json<{ user: User }>();
    expect(user).toMatchObject({ email: 'rosa.diaz@tandem.test', role: 'coach', active: true, version: 1 });
    expect(user.siteIds.sort()).toEqual([cast.sites.cook, cast.sites.stateville].sort());

    const moved = await pat.patch(`/api/users/${user.id}`, { siteIds: [cast.sites.lake], name: 'Rosa Díaz-Ortiz', version: 1 });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ siteIds: [cast.sites.lake], name: 'Rosa Díaz-Ortiz', version: 2 });
    expect(await userById(user.id)).toMatchObject({ siteIds: [cast.sites.lake], version: 2 });
  });

  it('sees a coach’s new site take effect on her very next request', async () => {
    const ben = await cast.as('ben');
    const anaMade = await (await cast.as('ana')).post('/api/participants', participantInput(cast.sites.cook, { firstName: 'Moved', lastName: 'Along' }));
    const id = anaMade.json<{ id: string }>().id;
    expect((await ben.get(`/api/participants/${id}`)).statusCode).toBe(404);
    const benNow = await userById(cast.people.ben.id);
    expect((await pat.patch(`/api/users/${cast.people.ben.id}`, { siteIds: [cast.sites.lake, cast.sites.cook], version: benNow.version })).statusCode).toBe(200);
    expect((await ben.get(`/api/participants/${id}`)).statusCode).toBe(200);
    const back = await pat.patch(`/api/users/${cast.people.ben.id}`, { siteIds: [cast.sites.lake], version: benNow.version + 1 });
    expect(back.statusCode).toBe(200);
    expect((await ben.get(`/api/participants/${id}`)).statusCode).toBe(404);
  });

  it('is told which field is wrong', async () => {
    const base = { email: 'new.person@tandem.test', name: 'New Person', role: 'coach', siteIds: [cast.sites.cook] };
    const cases: [Record<string, unknown>, string[]][] = [
      [{ ...base, siteIds: [UNKNOWN_SITE] }, ['siteIds.0']],
      [{ ...base, siteIds: [cast.sites.cook, UNKNOWN_SITE] }, ['siteIds.1']],
      [{ ...base, siteIds: ['not-a-uuid'] }, ['siteIds.0']],
      [{ ...base, siteIds: [] }, ['siteIds']],
      [{ ...base, siteIds: [cast.sites.cook, cast.sites.cook] }, ['siteIds']],
      [{ ...base, email: 'not-an-email' }, ['email']],
      [{ ...base, role: 'warden' }, ['role']],
      [{ ...base, name: '' }, ['name']],
      [{ ...base, setup: { method: 'password', password: 'short' } }, ['setup.password']],
      [{ ...base, setup: { method: 'password', password: 'password1234' } }, ['setup.password']],
      [{ ...base, setup: { method: 'carrier-pigeon' } }, ['setup.method']],
    ];
    for (const [body, paths] of cases) {
      const res = await pat.post('/api/users', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(fieldPaths(res), JSON.stringify(body)).toEqual(paths);
    }
    expect((await usersSeenBy(pat)).map((u) => u.email)).not.toContain('new.person@tandem.test');

    const badUpdate = await pat.patch(`/api/users/${cast.people.ana.id}`, { siteIds: [UNKNOWN_SITE], version: 1 });
    expect(fieldPaths(badUpdate)).toEqual(['siteIds.0']);
    const noVersion = await pat.patch(`/api/users/${cast.people.ana.id}`, { name: 'Ana R.' });
    expect(fieldPaths(noVersion)).toEqual(['version']);
  });

  it('lets program-wide roles have no site', async () => {
    const res = await pat.post('/api/users', { email: 'val@tandem.test', name: 'Val Evans', role: 'evaluator' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ user: { siteIds: [] } });
  });

  it('cannot give two people one e-mail (409), in any capitalisation', async () => {
    const dup = await pat.post('/api/users', { email: 'ANA@tandem.test', name: 'Another Ana', role: 'coach', siteIds: [cast.sites.cook] });
    expect(dup.statusCode).toBe(409);
    expect(errorCode(dup)).toBe('email_taken');
    expect(fieldPaths(dup)).toEqual(['email']);
    const cai = await userById(cast.people.cai.id);
    const change = await pat.patch(`/api/users/${cast.people.cai.id}`, { email: 'ben@tandem.test', version: cai.version });
    expect(change.statusCode).toBe(409);
    expect(await userById(cast.people.cai.id)).toMatchObject({ email: 'cai@tandem.test', version: cai.version });
  });

  it('administrators adding one e-mail at the same moment: one wins, the others get 409, never 500', async () => {
    // On PostgreSQL the requests truly overlap and the unique constraint decides; PGlite runs them one by one.
    const admins = [pat, await cast.as('pat'), await cast.as('pat'), await cast.as('pat')];
    for (const email of ['twin1@tandem.test', 'twin2@tandem.test', 'twin3@tandem.test']) {
      const answers = await Promise.all(admins.map((b, i) => b.post('/api/users', { email, name: `Twin ${i}`, role: 'evaluator' })));
      expect(answers.map((r) => r.statusCode).sort(), email).toEqual([201, 409, 409, 409]);
      for (const r of answers.filter((x) => x.statusCode === 409)) expect(errorCode(r)).toBe('email_taken');
    }
  });

  it('gets 409 for a stale version and the first change stands', async () => {
    const before = await userById(cast.people.cai.id);
    const first = await pat.patch(`/api/users/${cast.people.cai.id}`, { name: 'Cai Morgan-Lee', version: before.version });
    expect(first.statusCode).toBe(200);
    const second = await pat.patch(`/api/users/${cast.people.cai.id}`, { name: 'Cai Somebody', version: before.version });
    expect(second.statusCode).toBe(409);
    expect(errorCode(second)).toBe('stale_version');
    expect(await userById(cast.people.cai.id)).toMatchObject({ name: 'Cai Morgan-Lee', version: before.version + 1 });
  });

  it('gets 404 for a user that does not exist', async () => {
    expect((await pat.patch(`/api/users/${UNKNOWN_SITE}`, { name: 'Nobody', version: 1 })).statusCode).toBe(404);
    expect((await pat.post(`/api/users/${UNKNOWN_SITE}/invitation`)).statusCode).toBe(404);
  });
});

describe('who sees which staff', () => {
  it('Sam, site manager at Cook, sees Cook’s staff only', async () => {
    const emails = (await usersSeenBy(await cast.as('sam'))).map((u) => u.email).sort();
    expect(emails).toEqual(['ana@tandem.test', 'cai@tandem.test', 'sam@tandem.test', 'sue@tandem.test']);
  });

  it('Sue, supervisor at Cook and Stateville, sees the staff of both and nobody else', async () => {
    const seen = await usersSeenBy(await cast.as('sue'));
    const emails = seen.map((u) => u.email);
    expect(emails).toContain('ana@tandem.test');
    expect(emails).not.toContain('ben@tandem.test');
    expect(emails).not.toContain('pat@tandem.test');
    expect(emails).not.toContain('eve@tandem.test');
    for (const u of seen) expect(u.siteIds.some((s) => s === cast.sites.cook || s === cast.sites.stateville)).toBe(true);
  });

  it('Pat sees everyone', async () => {
    const emails = (await usersSeenBy(pat)).map((u) => u.email);
    for (const p of Object.values(cast.people)) expect(emails).toContain(p.email);
  });

  it('coaches, case managers and evaluators cannot list, create or change staff (403)', async () => {
    for (const who of ['ana', 'cai', 'eve'] as const) {
      const b = await cast.as(who);
      expect((await b.get('/api/users')).statusCode, who).toBe(403);
      const post = await b.post('/api/users', { email: `by.${who}@tandem.test`, name: 'Made Up', role: 'program_admin' });
      expect(post.statusCode, who).toBe(403);
    }
    for (const who of ['ana', 'sam', 'sue'] as const) {
      const b = await cast.as(who);
      const promote = await b.patch(`/api/users/${cast.people[who].id}`, { role: 'program_admin', version: 1 });
      expect(promote.statusCode, who).toBe(403);
      expect(errorCode(promote)).toBe('forbidden');
    }
    expect((await userById(cast.people.sam.id)).role).toBe('site_manager');
    expect((await usersSeenBy(pat)).map((u) => u.email).filter((e) => e.startsWith('by.'))).toEqual([]);
  });
});

describe('the last program administrator', () => {
  it('cannot be deactivated or demoted (409) until another administrator exists', async () => {
    const me = await userById(cast.people.pat.id);
    const off = await pat.patch(`/api/users/${cast.people.pat.id}`, { active: false, version: me.version });
    expect(off.statusCode).toBe(409);
    expect(errorCode(off)).toBe('last_admin');
    expect(fieldPaths(off)).toEqual(['active']);
    const demote = await pat.patch(`/api/users/${cast.people.pat.id}`, { role: 'supervisor', siteIds: [cast.sites.cook], version: me.version });
    expect(demote.statusCode).toBe(409);
    expect(fieldPaths(demote)).toEqual(['role']);
    expect(await userById(cast.people.pat.id)).toMatchObject({ role: 'program_admin', active: true, version: me.version });

    // With a second administrator in place, Pat may step down.
    const quinn = await pat.post('/api/users', { email: 'quinn@tandem.test', name: 'Quinn Adeyemi', role: 'program_admin' });
    expect(quinn.statusCode).toBe(201);
    const stepDown = await pat.patch(`/api/users/${cast.people.pat.id}`, { role: 'supervisor', siteIds: [cast.sites.cook], version: me.version });
    expect(stepDown.statusCode).toBe(200);
    expect(stepDown.json()).toMatchObject({ role: 'supervisor' });
    // Pat's own session now carries her new role.
    expect((await pat.get('/api/users')).statusCode).toBe(200);
    expect((await pat.post('/api/sites', { name: 'After demotion', type: 'jail', timeZone: 'America/Chicago' })).statusCode).toBe(403);
  });
});
