/** Pat, the program administrator, sets up the hub and its spokes; others only look. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../src/server/db/unique-violation.ts';
import { sites } from '../../src/server/sites/sites.table.ts';
import { castOfStaff, errorCode, fieldPaths, startHarness, type Browser, type Cast, type Harness } from '../support/harness.ts';

interface Site {
  id: string;
  name: string;
  type: string;
  county: string | null;
  timeZone: string;
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

const names = (items: Site[]) => items.map((s) => s.name);

describe('Pat manages sites', () => {
  it('creates Mercy Hospital’s emergency department, sees it listed, and renames it', async () => {
    const created = await pat.post('/api/sites', {
      name: '  Mercy Hospital ED ',
      type: 'emergency_department',
      county: 'Cook',
      timeZone: 'America/Chicago',
    });
    expect(created.statusCode).toBe(201);
    const site = created.json<Site>();
    expect(site).toMatchObject({ name: 'Mercy Hospital ED', type: 'emergency_department', county: 'Cook', active: true, version: 1 });

    const list = (await pat.get('/api/sites')).json<{ items: Site[] }>().items;
    expect(names(list)).toEqual(['Cook County Jail', 'Lake County Jail', 'Mercy Hospital ED', 'Stateville Correctional Center']);

    const renamed = await pat.patch(`/api/sites/${site.id}`, { name: 'Mercy Hospital Emergency', county: null, version: 1 });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Mercy Hospital Emergency', county: null, type: 'emergency_department', version: 2 });

    const closed = await pat.patch(`/api/sites/${site.id}`, { active: false, version: 2 });
    expect(closed.json()).toMatchObject({ active: false, version: 3, name: 'Mercy Hospital Emergency' });
  });

  it('accepts every site type the program uses', async () => {
    for (const type of ['jail', 'prison', 'emergency_department', 'opioid_treatment_program', 'clinic', 'court', 'police_diversion', 'community']) {
      const res = await pat.post('/api/sites', { name: `Type check ${type}`, type, timeZone: 'America/New_York' });
      expect(res.statusCode, type).toBe(201);
    }
  });

  it('is told which field is wrong', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'Moon Base', type: 'jail', timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ name: 'Moon Base', type: 'spaceport', timeZone: 'America/Chicago' }, 'type'],
      [{ type: 'jail', timeZone: 'America/Chicago' }, 'name'],
      [{ name: '   ', type: 'jail', timeZone: 'America/Chicago' }, 'name'],
      [{ name: 'x'.repeat(121), type: 'jail', timeZone: 'America/Chicago' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const res = await pat.post('/api/sites', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorCode(res)).toBe('validation_failed');
      expect(fieldPaths(res), JSON.stringify(body)).toEqual([field]);
    }
    const several = await pat.post('/api/sites', { type: 'spaceport', timeZone: 'Nowhere/Here' });
    expect(fieldPaths(several).sort()).toEqual(['name', 'timeZone', 'type']);

    const badPatch = await pat.patch(`/api/sites/${cast.sites.cook}`, { timeZone: 'Mars/Olympus_Mons' });
    expect(fieldPaths(badPatch).sort()).toEqual(['timeZone', 'version']);
    const badId = await pat.patch('/api/sites/not-a-uuid', { version: 1 });
    expect(badId.statusCode).toBe(400);
    expect(fieldPaths(badId)).toEqual(['params.id']);
    expect(names((await pat.get('/api/sites')).json<{ items: Site[] }>().items)).not.toContain('Moon Base');
  });

  it('cannot give two sites one name, on create or on rename', async () => {
    const dup = await pat.post('/api/sites', { name: 'Cook County Jail', type: 'jail', timeZone: 'America/Chicago' });
    expect(dup.statusCode).toBe(409);
    expect(errorCode(dup)).toBe('name_taken');
    expect(fieldPaths(dup)).toEqual(['name']);

    const rename = await pat.patch(`/api/sites/${cast.sites.lake}`, { name: 'Cook County Jail', version: 1 });
    expect(rename.statusCode).toBe(409);
    const lake = (await pat.get('/api/sites')).json<{ items: Site[] }>().items.find((s) => s.id === cast.sites.lake);
    expect(lake).toMatchObject({ name: 'Lake County Jail', version: 1 });
  });

  it('administrators naming a site at the same moment: one wins, the others get 409, never 500', async () => {
    // On PostgreSQL the requests truly overlap and the unique constraint decides; PGlite runs them one by one.
    const admins = [pat, await cast.as('pat'), await cast.as('pat'), await cast.as('pat')];
    for (const name of ['Twin Rivers Jail', 'Twin Oaks Clinic', 'Twin Falls Court']) {
      const answers = await Promise.all(admins.map((b) => b.post('/api/sites', { name, type: 'jail', timeZone: 'America/Chicago' })));
      expect(answers.map((r) => r.statusCode).sort(), name).toEqual([201, 409, 409, 409]);
      for (const r of answers.filter((x) => x.statusCode === 409)) expect(fieldPaths(r)).toEqual(['name']);
    }
  });

  it('recognises the database’s own duplicate-name refusal, on either database', async () => {
    const { db } = h.testDb.database;
    const row = { name: 'Cook County Jail', type: 'jail' as const, timeZone: 'America/Chicago', createdAt: h.clock.now(), updatedAt: h.clock.now() };
    const err: unknown = await db.insert(sites).values(row).then(() => null, (e: unknown) => e);
    expect(isUniqueViolation(err, 'sites_name_unique')).toBe(true);
    expect(isUniqueViolation(err, 'users_email_unique')).toBe(false);
    expect(isUniqueViolation(new Error('something else'), 'sites_name_unique')).toBe(false);
  });

  it('gets 409 for a stale version, and the later change is not lost', async () => {
    const first = await pat.patch(`/api/sites/${cast.sites.stateville}`, { county: 'Will County', version: 1 });
    expect(first.statusCode).toBe(200);
    const stale = await pat.patch(`/api/sites/${cast.sites.stateville}`, { county: 'Somewhere Else', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(errorCode(stale)).toBe('stale_version');
    const now = (await pat.get('/api/sites')).json<{ items: Site[] }>().items.find((s) => s.id === cast.sites.stateville);
    expect(now).toMatchObject({ county: 'Will County', version: 2 });
  });

  it('gets 404 for a site that does not exist', async () => {
    const res = await pat.patch('/api/sites/5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11', { name: 'Ghost', version: 1 });
    expect(res.statusCode).toBe(404);
  });
});

describe('everyone else', () => {
  it('cannot create or change a site (403), whatever their role', async () => {
    for (const who of ['ana', 'cai', 'sam', 'sue', 'eve'] as const) {
      const b = await cast.as(who);
      const post = await b.post('/api/sites', { name: `Made by ${who}`, type: 'jail', timeZone: 'America/Chicago' });
      expect(post.statusCode, who).toBe(403);
      expect(errorCode(post)).toBe('forbidden');
      const patch = await b.patch(`/api/sites/${cast.sites.cook}`, { name: `Renamed by ${who}`, version: 1 });
      expect(patch.statusCode, who).toBe(403);
    }
    const cook = (await pat.get('/api/sites')).json<{ items: Site[] }>().items.find((s) => s.id === cast.sites.cook);
    expect(cook).toMatchObject({ name: 'Cook County Jail', version: 1 });
    expect(names((await pat.get('/api/sites')).json<{ items: Site[] }>().items).filter((n) => n.startsWith('Made by'))).toEqual([]);
  });

  it('lists only the sites they work at', async () => {
    const list = async (who: 'ana' | 'ben' | 'sue' | 'eve') =>
      names((await (await cast.as(who)).get('/api/sites')).json<{ items: Site[] }>().items);
    expect(await list('ana')).toEqual(['Cook County Jail']);
    expect(await list('ben')).toEqual(['Lake County Jail']);
    expect(await list('sue')).toEqual(['Cook County Jail', 'Stateville Correctional Center']);
    expect(await list('eve')).toEqual([]);
  });
});
