/**
 * Participants: creating, reading, editing and transferring them, and who may
 * do which. Search, paging and duplicates are in participants.search.test.ts.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  castOfStaff,
  defined,
  errorCode,
  fieldPaths,
  participantInput,
  startHarness,
  withToken,
  type Browser,
  type Cast,
  type Harness, signInEveryone, type PersonKey,
} from '../support/harness.ts';

interface Detail {
  id: string;
  siteId: string;
  siteName: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  phone: string | null;
  version: number;
  siteHistory: { siteId: string; siteName: string; startedAt: string; endedAt: string | null }[];
}

let h: Harness;
let cast: Cast;
let as: Record<PersonKey, Browser>;

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  as = await signInEveryone(cast);
});
afterAll(async () => h.close());

const MISSING = '5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11';
const ids = (res: LightMyRequestResponse) => res.json<{ items: { id: string }[] }>().items.map((p) => p.id);

async function enroll(by: Browser, siteId: string, overrides: Parameters<typeof participantInput>[1] = {}): Promise<Detail> {
  const res = await by.post('/api/participants', participantInput(siteId, overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Detail>();
}

describe('Ana, a coach at Cook County Jail, enrolls Samuel', () => {
  it('creates him and finds him again by a misspelled name', async () => {
    const created = await as.ana.post('/api/participants', participantInput(cast.sites.cook, { phone: '(312) 555-0142' }));
    expect(created.statusCode).toBe(201);
    const body = created.json<{ id: string; version: number }>();
    expect(body.version).toBe(1);

    const found = await as.ana.get('/api/participants?q=Samule%20Jonson');
    expect(found.statusCode).toBe(200);
    expect(found.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toContain(body.id);
  });

  it('gets back the whole record, version 1, with one open entry in the site history', async () => {
    const p = await enroll(as.ana, cast.sites.cook, {
      firstName: ' Dario ',
      lastName: 'Reyes',
      preferredName: '',
      race: ['black_or_african_american', 'white'],
      ethnicity: 'hispanic_or_latino',
      preferredLanguage: 'es',
      email: 'Dario.Reyes@Example.org',
      referralSource: 'jail_in_reach',
    });
    expect(p.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(p).toMatchObject({
      firstName: 'Dario',
      preferredName: null,
      siteId: cast.sites.cook,
      siteName: 'Cook County Jail',
      version: 1,
      race: ['black_or_african_american', 'white'],
      email: 'dario.reyes@example.org',
      custodyStatus: 'in_custody',
    });
    expect(p.siteHistory).toEqual([{ siteId: cast.sites.cook, siteName: 'Cook County Jail', startedAt: '2026-03-02T15:00:00.000Z', endedAt: null }]);
    expect((await as.ana.get(`/api/participants/${p.id}`)).json()).toEqual(p);
  });

  it('is told which field is wrong, one field at a time, and nothing is saved', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ dateOfBirth: '1988-02-30' }, 'dateOfBirth'],
      [{ dateOfBirth: '03/07/1988' }, 'dateOfBirth'],
      [{ dateOfBirth: '2026-03-03' }, 'dateOfBirth'], // tomorrow in Chicago
      [{ dateOfBirth: '1899-12-31' }, 'dateOfBirth'],
      [{ race: ['martian'] }, 'race.0'],
      [{ race: ['white', 'white'] }, 'race'],
      [{ custodyStatus: 'free' }, 'custodyStatus'],
      [{ email: 'samuel@' }, 'email'],
      [{ phone: '555-12' }, 'phone'],
      [{ gender: 'robot' }, 'gender'],
      [{ preferredLanguage: 'english please' }, 'preferredLanguage'],
      [{ referralSource: 'rumour' }, 'referralSource'],
      [{ firstName: '   ' }, 'firstName'],
      [{ lastName: undefined }, 'lastName'],
      [{ expectedReleaseDate: '2026-13-01' }, 'expectedReleaseDate'],
      [{ releaseDate: '2026-04-01' }, 'releaseDate'], // in the future
      [{ releaseDate: '1980-01-01' }, 'releaseDate'], // before the date of birth
      [{ siteId: cast.sites.lake }, 'siteId'], // not one of Ana's sites
      [{ siteId: MISSING }, 'siteId'],
      [{ siteId: 'cook' }, 'siteId'],
    ];
    for (const [change, field] of cases) {
      const body = { ...participantInput(cast.sites.cook, { firstName: 'Invalid', lastName: 'Person' }), ...change };
      const res = await as.ana.post('/api/participants', body);
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      expect(errorCode(res)).toBe('validation_failed');
      expect(fieldPaths(res), JSON.stringify(change)).toEqual([field]);
    }
    const several = await as.ana.post('/api/participants', { siteId: cast.sites.cook, dateOfBirth: '1988-02-30', custodyStatus: 'free' });
    expect(fieldPaths(several).sort()).toEqual(['custodyStatus', 'dateOfBirth', 'firstName', 'lastName']);
    expect(ids(await as.pat.get('/api/participants?q=Invalid%20Person'))).toEqual([]);
  });

  it('refuses a malformed body with the error shape, never a stack trace', async () => {
    const res = await as.ana.request('POST', '/api/participants', '{"firstName": ', { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { code: string } }>().error.code).toBeTruthy();
    expect(res.body).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('a coach at another site', () => {
  it('Ben at Lake gets 404 for Ana’s participant, exactly as for one that does not exist', async () => {
    const p = await enroll(as.ana, cast.sites.cook, { firstName: 'Hidden', lastName: 'Fromben', dateOfBirth: '1979-05-05' });
    const theirs = await as.ben.get(`/api/participants/${p.id}`);
    const missing = await as.ben.get(`/api/participants/${MISSING}`);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.body).toBe(missing.body.replace(MISSING, p.id));

    const patch = await as.ben.patch(`/api/participants/${p.id}`, { version: 1, firstName: 'Changed' });
    const patchMissing = await as.ben.patch(`/api/participants/${MISSING}`, { version: 1, firstName: 'Changed' });
    expect(patch.statusCode).toBe(404);
    expect(patch.body).toBe(patchMissing.body);
    expect((await as.ana.get(`/api/participants/${p.id}`)).json()).toMatchObject({ firstName: 'Hidden', version: 1 });
  });

  it('never sees Cook’s people in a list, a search or a site filter', async () => {
    const p = await enroll(as.ana, cast.sites.cook, { firstName: 'Invisible', lastName: 'Tolake', dateOfBirth: '1981-01-02', phone: '312-555-7788' });
    for (const url of [
      '/api/participants',
      '/api/participants?limit=100',
      '/api/participants?q=Invisible%20Tolake',
      '/api/participants?q=1981-01-02',
      '/api/participants?q=555-7788',
      `/api/participants?siteId=${cast.sites.cook}`,
      `/api/participants?siteId=${cast.sites.cook}&q=Invisible`,
    ]) {
      const res = await as.ben.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(ids(res), url).not.toContain(p.id);
    }
    expect(ids(await as.ben.get(`/api/participants?siteId=${cast.sites.cook}`))).toEqual([]);
    // Ana, for contrast, finds them every way.
    expect(ids(await as.ana.get('/api/participants?q=555-7788'))).toContain(p.id);
    expect(ids(await as.ana.get(`/api/participants?siteId=${cast.sites.cook}&q=Invisible`))).toContain(p.id);
  });
});

describe('roles that may not touch participant data', () => {
  it('Eve, the evaluator, gets 403 from every participant endpoint, by session or token', async () => {
    const p = await enroll(as.ana, cast.sites.cook, { firstName: 'Private', lastName: 'Person' });
    const token = withToken(h.app, await cast.tokenFor('eve'));
    for (const client of [as.eve, token]) {
      const answers = [
        await client.get('/api/participants'),
        await client.get('/api/participants?q=Private'),
        await client.get(`/api/participants/${p.id}`),
        await client.get(`/api/participants/${MISSING}`),
        await client.get('/api/participants/duplicates?firstName=Private&lastName=Person&dateOfBirth=1988-03-07'),
        await client.post('/api/participants', participantInput(cast.sites.cook)),
        await client.patch(`/api/participants/${p.id}`, { version: 1, firstName: 'Changed' }),
      ];
      expect(answers.map((r) => r.statusCode)).toEqual([403, 403, 403, 403, 403, 403, 403]);
      for (const r of answers) expect(r.body).not.toContain('Private');
    }
  });

  it('Sam (site manager) and Sue (supervisor) read Cook’s participants but cannot create or change them', async () => {
    const p = await enroll(as.ana, cast.sites.cook, { firstName: 'Readonly', lastName: 'Record' });
    for (const who of ['sam', 'sue'] as const) {
      const b = as[who];
      expect((await b.get(`/api/participants/${p.id}`)).statusCode, who).toBe(200);
      expect(ids(await b.get('/api/participants?q=Readonly')), who).toContain(p.id);
      expect((await b.post('/api/participants', participantInput(cast.sites.cook))).statusCode, who).toBe(403);
      const patch = await b.patch(`/api/participants/${p.id}`, { version: 1, firstName: 'Edited' });
      expect(patch.statusCode, who).toBe(403);
      expect(errorCode(patch)).toBe('forbidden');
      expect((await b.get('/api/participants/duplicates?firstName=A&lastName=B&dateOfBirth=1988-03-07')).statusCode).toBe(403);
    }
    expect((await as.ana.get(`/api/participants/${p.id}`)).json()).toMatchObject({ firstName: 'Readonly', version: 1 });
  });

  it('Sue sees Stateville’s participants too, but not Lake’s; Sam sees neither', async () => {
    const atStateville = await enroll(as.pat, cast.sites.stateville, { firstName: 'Prison', lastName: 'Side', custodyStatus: 'in_custody' });
    const atLake = await enroll(as.ben, cast.sites.lake, { firstName: 'Lake', lastName: 'Side' });
    expect((await as.sue.get(`/api/participants/${atStateville.id}`)).statusCode).toBe(200);
    expect((await as.sue.get(`/api/participants/${atLake.id}`)).statusCode).toBe(404);
    expect((await as.sam.get(`/api/participants/${atStateville.id}`)).statusCode).toBe(404);
    expect((await as.pat.get(`/api/participants/${atLake.id}`)).statusCode).toBe(200);
  });
});

describe('editing', () => {
  it('Cai updates a phone number and a name; search follows the change', async () => {
    const p = await enroll(as.ana, cast.sites.cook, { firstName: 'Marcus', lastName: 'Oyelaran', preferredName: 'Marc', phone: '312-555-1000' });
    const res = await as.cai.patch(`/api/participants/${p.id}`, { version: 1, phone: '773-555-2000', lastName: 'Bell', preferredName: null });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, phone: '773-555-2000', lastName: 'Bell', preferredName: null, firstName: 'Marcus' });
    expect(ids(await as.cai.get('/api/participants?q=555-2000'))).toContain(p.id);
    expect(ids(await as.cai.get('/api/participants?q=555-1000'))).not.toContain(p.id);
    expect(ids(await as.cai.get('/api/participants?q=Marcus%20Bell'))).toContain(p.id);
  });

  it('a stale version answers 409 and the record is exactly as the first editor left it', async () => {
    const p = await enroll(as.ana, cast.sites.cook, { firstName: 'Terrence', lastName: 'Hall' });
    expect((await as.ana.patch(`/api/participants/${p.id}`, { version: 1, preferredName: 'Terry' })).statusCode).toBe(200);
    const before = (await as.ana.get(`/api/participants/${p.id}`)).json<Detail>();
    const stale = await as.cai.patch(`/api/participants/${p.id}`, { version: 1, firstName: 'Terrance', phone: '312-555-3333' });
    expect(stale.statusCode).toBe(409);
    expect(errorCode(stale)).toBe('stale_version');
    const after = (await as.ana.get(`/api/participants/${p.id}`)).json<Detail>();
    expect(after).toEqual(before);
    expect(after).toMatchObject({ firstName: 'Terrence', preferredName: 'Terry', phone: null, version: 2 });
  });

  it('Ana and Cai saving at the same moment: one change stands, the other gets 409', async () => {
    const p = await enroll(as.ana, cast.sites.cook, { firstName: 'Both', lastName: 'Atonce' });
    const [a, c] = await Promise.all([
      as.ana.patch(`/api/participants/${p.id}`, { version: 1, preferredName: 'Ana’s choice' }),
      as.cai.patch(`/api/participants/${p.id}`, { version: 1, preferredName: 'Cai’s choice' }),
    ]);
    expect([a.statusCode, c.statusCode].sort()).toEqual([200, 409]);
    const winner = a.statusCode === 200 ? 'Ana’s choice' : 'Cai’s choice';
    expect((await as.ana.get(`/api/participants/${p.id}`)).json()).toMatchObject({ preferredName: winner, version: 2 });
  });

  it('bad input on an edit names the field and changes nothing', async () => {
    const p = await enroll(as.ana, cast.sites.cook, { firstName: 'Edgar', lastName: 'Pohl', dateOfBirth: '1990-01-01' });
    const cases: [Record<string, unknown>, string[]][] = [
      [{ version: 1, dateOfBirth: '1990-02-31' }, ['dateOfBirth']],
      [{ version: 1, releaseDate: '1985-01-01' }, ['releaseDate']], // before the stored date of birth
      [{ version: 1, custodyStatus: null }, ['custodyStatus']],
      [{ firstName: 'No version' }, ['version']],
      [{ version: 'one' }, ['version']],
    ];
    for (const [body, paths] of cases) {
      const res = await as.ana.patch(`/api/participants/${p.id}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(fieldPaths(res), JSON.stringify(body)).toEqual(paths);
    }
    expect((await as.ana.patch(`/api/participants/not-an-id`, { version: 1 })).statusCode).toBe(400);
    expect((await as.ana.get(`/api/participants/${p.id}`)).json()).toMatchObject({ version: 1, dateOfBirth: '1990-01-01', releaseDate: null });
  });

  it('is 404 for someone who does not exist', async () => {
    expect((await as.ana.patch(`/api/participants/${MISSING}`, { version: 1, firstName: 'X' })).statusCode).toBe(404);
    expect((await as.ana.get(`/api/participants/${MISSING}`)).statusCode).toBe(404);
  });
});

describe('a transfer between sites', () => {
  it('needs access to the target site: Ana cannot send Keisha to Lake', async () => {
    const p = await enroll(as.ana, cast.sites.cook, { firstName: 'Keisha', lastName: 'Grant' });
    const res = await as.ana.patch(`/api/participants/${p.id}`, { version: 1, siteId: cast.sites.lake });
    expect(res.statusCode).toBe(400);
    expect(fieldPaths(res)).toEqual(['siteId']);
    expect((await as.ana.get(`/api/participants/${p.id}`)).json()).toMatchObject({ siteId: cast.sites.cook, version: 1 });
  });

  it('keeps the history when Pat moves Keisha from Cook to Lake; Ana loses sight of her, Ben gains it', async () => {
    const p = await enroll(as.ana, cast.sites.cook, { firstName: 'Keisha', lastName: 'Moved' });
    h.clock.advance(60_000);
    const res = await as.pat.patch(`/api/participants/${p.id}`, { version: 1, siteId: cast.sites.lake, custodyStatus: 'community' });
    expect(res.statusCode).toBe(200);
    const moved = res.json<Detail>();
    expect(moved).toMatchObject({ siteId: cast.sites.lake, siteName: 'Lake County Jail', version: 2 });
    expect(moved.siteHistory).toEqual([
      { siteId: cast.sites.cook, siteName: 'Cook County Jail', startedAt: defined(p.siteHistory[0]).startedAt, endedAt: '2026-03-02T15:01:00.000Z' },
      { siteId: cast.sites.lake, siteName: 'Lake County Jail', startedAt: '2026-03-02T15:01:00.000Z', endedAt: null },
    ]);
    expect((await as.ana.get(`/api/participants/${p.id}`)).statusCode).toBe(404);
    expect((await as.ben.get(`/api/participants/${p.id}`)).json()).toMatchObject({ siteId: cast.sites.lake, version: 2 });
    // An edit that is not a move leaves the history alone.
    const edit = await as.ben.patch(`/api/participants/${p.id}`, { version: 2, siteId: cast.sites.lake, phone: '847-555-0101' });
    expect(edit.json<Detail>().siteHistory).toHaveLength(2);
  });

  it('cannot go to a site that has closed', async () => {
    const closed = (await as.pat.post('/api/sites', { name: 'Closed Annex', type: 'jail', timeZone: 'America/Chicago' })).json<{ id: string }>();
    expect((await as.pat.patch(`/api/sites/${closed.id}`, { active: false, version: 1 })).statusCode).toBe(200);
    const p = await enroll(as.pat, cast.sites.cook, { firstName: 'Stays', lastName: 'Put' });
    const res = await as.pat.patch(`/api/participants/${p.id}`, { version: 1, siteId: closed.id });
    expect(res.statusCode).toBe(400);
    expect(fieldPaths(res)).toEqual(['siteId']);
    const create = await as.pat.post('/api/participants', participantInput(closed.id));
    expect(fieldPaths(create)).toEqual(['siteId']);
  });
});
