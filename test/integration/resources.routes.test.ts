/**
 * The resource directory. Pat (program administrator) and Sam (site manager at Cook
 * County Jail) keep it; Ana, a coach at the jail, searches it for a buprenorphine
 * provider that takes Medicaid near the jail; Eve, the evaluator, has no casework
 * access and cannot see it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { HsdsImportReport, Resource, ResourceCreateInput, ResourceSearchOutput } from '../../src/core/resources.ts';
import { auditEvents } from '../../src/server/audit/audit.table.ts';
import { systemActor } from '../../src/server/http/actor.ts';
import { timeZoneForState } from '../../src/server/resources/resources.hsds.ts';
import { validateHsdsRecord } from '../../src/server/resources/resources.hsds-schema.ts';
import { importHsds } from '../../src/server/resources/resources.import.ts';
import { samhsaRows, samhsaToHsds } from '../../src/server/resources/resources.samhsa.ts';
import { castOfStaff, defined, errorCode, fieldPaths, startHarness, type Browser, type Cast, type Harness } from '../support/harness.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

const COOK_JAIL = { lat: 41.8378, lng: -87.6957 };

let h: Harness;
let cast: Cast;
let pat: Browser;
let sam: Browser;
let ana: Browser;
let eve: Browser;

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  [pat, sam, ana, eve] = await Promise.all([cast.as('pat'), cast.as('sam'), cast.as('ana'), cast.as('eve')]);
});
afterAll(async () => h.close());

const clinic = (overrides: Partial<ResourceCreateInput> = {}): ResourceCreateInput => ({
  name: 'Kedzie Recovery Clinic',
  alternateName: null,
  description: 'Office-based buprenorphine',
  website: 'https://kedzie.example.org',
  email: null,
  phone: '(773) 555-0110',
  locations: [
    {
      name: 'Main clinic',
      address1: '3100 W. 26th Street',
      address2: null,
      city: 'Chicago',
      state: 'IL',
      postalCode: '60623',
      latitude: 41.8458,
      longitude: -87.7077,
      timeZone: 'America/Chicago',
      phone: null,
      languages: ['en', 'es'],
      hours: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, opens: '08:00', closes: '17:00' })),
    },
  ],
  services: [
    {
      name: 'Buprenorphine treatment',
      description: null,
      categories: ['moud'],
      medications: ['buprenorphine'],
      insurance: ['medicaid', 'private'],
      walkIn: false,
      acceptingNewClients: true,
      languages: ['es'],
      atLocations: [0],
    },
  ],
  ...overrides,
});

const baseLocation = () => defined(clinic().locations[0]);
const baseService = () => defined(clinic().services[0]);

const search = async (who: Browser, query: string) => {
  const res = await who.get(`/api/resources?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ResourceSearchOutput>();
};

describe('keeping the directory', () => {
  it('Pat adds a clinic, reads it back and changes it with the version she read', async () => {
    const created = await pat.post('/api/resources', clinic());
    expect(created.statusCode, created.body).toBe(201);
    const r = created.json<Resource>();
    expect(r).toMatchObject({ name: 'Kedzie Recovery Clinic', source: 'tandem', version: 1, archived: false, hsdsId: r.id });
    expect(r.services[0]).toMatchObject({ medications: ['buprenorphine'], atLocations: [0] });

    const read = await ana.get(`/api/resources/${r.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json<Resource>().locations[0]?.hours).toHaveLength(5);

    // Pat adds a second location; the first keeps its id, the service is offered at both.
    const firstLocation = defined(r.locations[0]);
    const body = clinic({
      locations: [{ ...baseLocation(), id: firstLocation.id }, { ...baseLocation(), name: 'Satellite', latitude: 41.85, longitude: -87.72 }],
      services: [{ ...baseService(), id: defined(r.services[0]).id, atLocations: [0, 1] }],
    });
    const saved = await pat.request('PUT', `/api/resources/${r.id}`, { ...body, version: 1 });
    expect(saved.statusCode, saved.body).toBe(200);
    const after = saved.json<Resource>();
    expect(after.version).toBe(2);
    expect(after.locations.map((l) => l.name)).toEqual(['Main clinic', 'Satellite']);
    expect(after.locations[0]?.id).toBe(firstLocation.id);
    expect(after.services[0]).toMatchObject({ id: defined(r.services[0]).id, atLocations: [0, 1] });

    // The change is in the audit trail, by name of what changed.
    const rows = await h.testDb.database.db.select().from(auditEvents).where(eq(auditEvents.recordId, r.id));
    expect(rows.map((e) => e.action)).toEqual(['resource.create', 'resource.update']);
    expect(rows[1]?.details).toEqual({ changed: ['locations', 'services'] });
    expect(rows.every((e) => e.participantId === null)).toBe(true);
  });

  it('Sam, a site manager, may edit too; a second save with the old version gets 409 and changes nothing', async () => {
    const r = (await sam.post('/api/resources', clinic({ name: 'Pilsen Bridge Clinic' }))).json<Resource>();
    const first = await sam.request('PUT', `/api/resources/${r.id}`, { ...clinic({ name: 'Pilsen Bridge Clinic (renamed)' }), version: 1 });
    expect(first.statusCode).toBe(200);
    const stale = await pat.request('PUT', `/api/resources/${r.id}`, { ...clinic({ name: 'Pilsen Bridge' }), version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(errorCode(stale)).toBe('stale_version');
    expect((await pat.get(`/api/resources/${r.id}`)).json<Resource>().name).toBe('Pilsen Bridge Clinic (renamed)');

    const archive = await pat.delete(`/api/resources/${r.id}?version=1`);
    expect(archive.statusCode).toBe(409);
    const archived = await pat.delete(`/api/resources/${r.id}?version=2`);
    expect(archived.statusCode).toBe(200);
    expect(archived.json<Resource>()).toMatchObject({ archived: true, version: 3 });
    // Archived: still readable (referrals name it), no longer found.
    expect((await ana.get(`/api/resources/${r.id}`)).statusCode).toBe(200);
    expect((await search(ana, 'q=Pilsen')).items).toEqual([]);
  });

  it('turns away people who may not edit, and strangers', async () => {
    expect((await ana.post('/api/resources', clinic())).statusCode).toBe(403);
    expect((await eve.get('/api/resources')).statusCode).toBe(403);
    expect((await eve.get('/api/resources/5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11')).statusCode).toBe(403);
    const any = (await pat.post('/api/resources', clinic({ name: 'Locked Door Clinic' }))).json<Resource>();
    expect((await ana.request('PUT', `/api/resources/${any.id}`, { ...clinic(), version: 1 })).statusCode).toBe(403);
    expect((await ana.delete(`/api/resources/${any.id}?version=1`)).statusCode).toBe(403);
    expect((await ana.get('/api/resources/export/hsds')).statusCode).toBe(403);
    expect((await ana.post('/api/resources/import/hsds', [])).statusCode).toBe(403);
    const stranger = await h.app.inject({ method: 'GET', url: '/api/resources' });
    expect(stranger.statusCode).toBe(401);
  });

  it('names the fields that are wrong', async () => {
    const bad = await pat.post('/api/resources', {
      ...clinic(),
      name: ' ',
      locations: [{ ...baseLocation(), latitude: 123, timeZone: 'Moon/Base', hours: [{ day: 'mon', opens: '25:00', closes: '17:00' }] }],
      services: [{ ...baseService(), medications: ['fentanyl'], atLocations: [3] }],
    });
    expect(bad.statusCode).toBe(400);
    expect(fieldPaths(bad).sort()).toEqual(['locations.0.hours.0.opens', 'locations.0.latitude', 'locations.0.timeZone', 'name', 'services.0.medications.0']);

    const r = (await pat.post('/api/resources', clinic({ name: 'Id Check Clinic' }))).json<Resource>();
    const foreignId = await pat.request('PUT', `/api/resources/${r.id}`, {
      ...clinic(),
      locations: [{ ...baseLocation(), id: '5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11' }],
      version: 1,
    });
    expect(foreignId.statusCode).toBe(400);
    expect(fieldPaths(foreignId)).toEqual(['locations.0.id']);
    expect(fieldPaths(await pat.request('PUT', `/api/resources/${r.id}`, clinic()))).toEqual(['version']);
    expect((await pat.request('PUT', '/api/resources/5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11', { ...clinic(), version: 1 })).statusCode).toBe(404);
    expect((await pat.get('/api/resources/not-an-id')).statusCode).toBe(400);
    expect(fieldPaths(await pat.delete(`/api/resources/${r.id}`))).toEqual(['querystring.version']);
  });
});

describe('searching', () => {
  beforeAll(async () => {
    const add = async (input: ResourceCreateInput) => (await pat.post('/api/resources', input)).json<Resource>().id;
    const place = (name: string, latitude: number, longitude: number, hours = baseLocation().hours, timeZone = 'America/Chicago') => ({
      ...baseLocation(),
      name,
      latitude,
      longitude,
      hours,
      timeZone,
    });
    const made = {
      near: await add(clinic({ name: 'Search: Near Bup Clinic', locations: [place('Near', 41.84, -87.7)] })),
      far: await add(clinic({ name: 'Search: Joliet Bup Clinic', locations: [place('Joliet', 41.525, -88.0817)] })),
      privateOnly: await add(
        clinic({ name: 'Search: Private Only', locations: [place('Private', 41.838, -87.69)], services: [{ ...baseService(), insurance: ['private'] }] }),
      ),
      night: await add(
        clinic({
          name: 'Search: Night Respite',
          locations: [place('Night', 41.86, -87.7, [{ day: 'fri', opens: '22:00', closes: '06:00' }])],
          services: [{ ...baseService(), name: 'Respite', categories: ['housing'], medications: [], insurance: ['uninsured_sliding_scale'], languages: ['pl'] }],
        }),
      ),
      eastern: await add(
        clinic({ name: 'Search: Eastern Time Clinic', locations: [place('Eastern', 41.845, -87.69, baseLocation().hours, 'America/New_York')] }),
      ),
    };
    expect(Object.values(made).every((id) => id.length === 36)).toBe(true);
  });

  it('Ana finds buprenorphine providers that take Medicaid, nearest to the jail first, with distances', async () => {
    const found = await search(ana, `medication=buprenorphine&insurance=medicaid&lat=${COOK_JAIL.lat}&lng=${COOK_JAIL.lng}&radiusMiles=10&q=Search:`);
    const names = found.items.map((i) => i.resourceName);
    expect(names).toEqual(['Search: Near Bup Clinic', 'Search: Eastern Time Clinic']);
    expect(found.origin).toEqual({ latitude: COOK_JAIL.lat, longitude: COOK_JAIL.lng, source: 'coordinates' });
    const [first, second] = [defined(found.items[0]), defined(found.items[1])];
    expect(first.distanceMiles).toBeLessThan(defined(second.distanceMiles));
    expect(first.services.map((s) => s.name)).toEqual(['Buprenorphine treatment']);
    // Joliet is ~30 miles away: outside 10, inside 50.
    const wider = await search(ana, `medication=buprenorphine&insurance=medicaid&lat=${COOK_JAIL.lat}&lng=${COOK_JAIL.lng}&radiusMiles=50&q=Search:`);
    expect(wider.items.at(-1)?.resourceName).toBe('Search: Joliet Bup Clinic');
    expect(wider.items.at(-1)?.distanceMiles).toBeGreaterThan(25);
  });

  it('searches near a ZIP code’s centre', async () => {
    const found = await search(ana, 'zip=60608&medication=buprenorphine&q=Search:&radiusMiles=5');
    expect(found.origin).toMatchObject({ source: 'zip' });
    expect(found.items.map((i) => i.resourceName)).toContain('Search: Near Bup Clinic');
    const unknown = await ana.get('/api/resources?zip=00000');
    expect(unknown.statusCode).toBe(400);
    expect(fieldPaths(unknown)).toEqual(['zip']);
  });

  it('filters by category and language, a location’s language counting for its services', async () => {
    expect((await search(ana, 'category=housing&q=Search:')).items.map((i) => i.resourceName)).toEqual(['Search: Night Respite']);
    const polish = await search(ana, 'language=pl&q=Search:');
    expect(polish.items.map((i) => i.resourceName)).toEqual(['Search: Night Respite']);
    const spanish = await search(ana, 'language=es&q=Search:');
    expect(spanish.items.length).toBeGreaterThanOrEqual(4);
  });

  it('knows what is open now in each place’s own time zone, overnight hours included', async () => {
    // The clock moves by days here: Ana signs in afresh at each time (sessions end after 30 idle minutes).
    const at = async (iso: string) => {
      h.clock.set(new Date(iso));
      ana = await cast.as('ana');
    };
    // Monday 2 March 2026 15:30 UTC: 09:30 in Chicago, 10:30 in New York.
    await at('2026-03-02T15:30:00Z');
    let open = await search(ana, 'openNow=true&q=Search:');
    expect(open.items.map((i) => i.resourceName).sort()).toEqual(['Search: Eastern Time Clinic', 'Search: Joliet Bup Clinic', 'Search: Near Bup Clinic', 'Search: Private Only']);
    // Monday 13:30 UTC: 07:30 in Chicago (closed), 08:30 in New York (open).
    await at('2026-03-02T13:30:00Z');
    open = await search(ana, 'openNow=true&q=Search:');
    expect(open.items.map((i) => i.resourceName)).toEqual(['Search: Eastern Time Clinic']);
    // Saturday 04:00 in Chicago: the Friday-night respite is still open.
    await at('2026-03-07T10:00:00Z');
    open = await search(ana, 'openNow=true&q=Search:');
    expect(open.items.map((i) => i.resourceName)).toEqual(['Search: Night Respite']);
    const all = await search(ana, 'q=Search:');
    expect(all.items.find((i) => i.resourceName === 'Search: Near Bup Clinic')?.openNow).toBe(false);
    [pat, sam, ana] = await Promise.all([cast.as('pat'), cast.as('sam'), cast.as('ana')]);
  });

  it('answers 400 naming the query field', async () => {
    expect(fieldPaths(await ana.get('/api/resources?lat=41.8'))).toEqual(['querystring.lng']);
    expect(fieldPaths(await ana.get('/api/resources?medication=heroin'))).toEqual(['querystring.medication.0']);
    expect(fieldPaths(await ana.get('/api/resources?radiusMiles=9000&lat=1&lng=1'))).toEqual(['querystring.radiusMiles']);
  });
});

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What an export adds to a record without changing anything HSDS said, removed so
 * that a fixture and its export compare equal:
 * - `organization_id` and `service_id`, which nesting already says;
 * - a service-at-location's copy of its `location` (the organization's location
 *   with that `location_id`, compared there);
 * - Tandem's own attributes (taxonomy "tandem": a location's time zone), and an
 *   `attributes` list left empty without them.
 * Nothing else is dropped or rewritten: every other value and its order must match.
 */
function normalizeHsds(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    const items = key === 'attributes' ? value.filter((a) => !(isRecord(a) && isRecord(a.taxonomy_term) && a.taxonomy_term.taxonomy === 'tandem')) : value;
    return items.map((v) => normalizeHsds(v));
  }
  if (!isRecord(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'organization_id' || k === 'service_id') continue;
    if (k === 'location' && 'location_id' in value) continue;
    const n = normalizeHsds(v, k);
    if (k === 'attributes' && Array.isArray(n) && n.length === 0) continue;
    out[k] = n;
  }
  return out;
}

describe('Open Referral HSDS', () => {
  it('imports the fixture, exports all it said, re-imports it and its export in place, and exports the same again', async () => {
    const first = await pat.post('/api/resources/import/hsds', fixture('hsds-directory.json'));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<HsdsImportReport>()).toEqual({ created: 2, updated: 0, invalid: [] });

    const found = await search(ana, `medication=buprenorphine&insurance=medicaid&lat=${COOK_JAIL.lat}&lng=${COOK_JAIL.lng}&q=Harbor`);
    expect(found.items).toHaveLength(1);
    const hit = defined(found.items[0]);
    expect(hit.location).toMatchObject({ name: 'Harbor Lights Clinic', address1: '2801 S. Imaginary Avenue', postalCode: '60608', phone: '(312) 555-0144', languages: ['es', 'en'], timeZone: 'America/Chicago' });
    expect(hit.location.hours).toHaveLength(5);
    expect(hit.services[0]).toMatchObject({ categories: ['moud'], medications: ['buprenorphine'], insurance: ['medicaid'], walkIn: true, languages: ['es'] });

    const exported1 = await pat.get('/api/resources/export/hsds');
    expect(exported1.statusCode).toBe(200);
    const page1 = exported1.json<{ contents: Record<string, unknown>[] }>();
    const harbor1 = defined(page1.contents.find((o) => o.id === '0b1a9c52-6d2e-4f3a-9b7c-1e2d3c4b5a01'));
    // What Tandem does not model came back as it was.
    expect(harbor1).toMatchObject({ tax_status: '501(c)(3)', year_incorporated: 2009, funding: [{ source: 'State opioid response grant' }] });
    expect((harbor1.phones as unknown[]).length).toBe(2);
    const clinicLocation = defined((harbor1.locations as Record<string, unknown>[])[0]);
    expect(clinicLocation.transportation).toBe('Pink Line to California, then two blocks south');
    expect((clinicLocation.schedules as unknown[]).length).toBe(2);
    expect((clinicLocation.addresses as unknown[]).length).toBe(2);
    // Every exported record is valid HSDS.
    for (const org of page1.contents) {
      const { services, locations, ...bare } = org as { services: Record<string, unknown>[]; locations: Record<string, unknown>[] };
      expect(validateHsdsRecord('organization', bare)).toEqual([]);
      for (const l of locations) expect(validateHsdsRecord('location', l)).toEqual([]);
      for (const s of services) {
        const { service_at_locations: sals, ...own } = s as { service_at_locations: Record<string, unknown>[] };
        expect(validateHsdsRecord('service', own)).toEqual([]);
        for (const sal of sals) expect(validateHsdsRecord('service_at_location', { ...sal, location: undefined })).toEqual([]);
      }
    }

    // The export says everything the fixture said, value for value, for every organization.
    const original = (fixture('hsds-directory.json') as { contents: Json[] }).contents;
    for (const org of original) expect(normalizeHsds(defined(page1.contents.find((o) => o.id === org.id)))).toEqual(normalizeHsds(org));

    // Re-importing the original file updates the same records rather than duplicating them.
    const again = await pat.post('/api/resources/import/hsds', fixture('hsds-directory.json'));
    expect(again.json<HsdsImportReport>()).toEqual({ created: 0, updated: 2, invalid: [] });

    // Import the export (with the directory's other organizations): updated in place; the next export equals the first, whole.
    const second = await pat.post('/api/resources/import/hsds', page1);
    expect(second.json<HsdsImportReport>()).toEqual({ created: 0, updated: page1.contents.length, invalid: [] });
    const page2 = (await pat.get('/api/resources/export/hsds')).json<{ contents: Record<string, unknown>[] }>();
    expect(page2.contents).toEqual(page1.contents);
  });

  it('an edit in Tandem wins on the next export, and what was not edited stays as imported', async () => {
    const id = defined((await search(ana, 'q=Harbor Lights Clinic')).items[0]).resourceId;
    const r = (await pat.get(`/api/resources/${id}`)).json<Resource>();
    const { id: _id, hsdsId: _h, source: _s, archived: _a, version, createdAt: _c, updatedAt: _u, ...rest } = r;
    const edited = { ...rest, phone: '(312) 555-0199', locations: rest.locations.map((l, i) => (i === 0 ? { ...l, hours: [{ day: 'sat' as const, opens: '10:00', closes: '14:00' }] } : l)), version };
    expect((await pat.request('PUT', `/api/resources/${id}`, edited)).statusCode).toBe(200);
    const page = (await pat.get('/api/resources/export/hsds')).json<{ contents: Record<string, unknown>[] }>();
    const harbor = defined(page.contents.find((o) => o.id === r.hsdsId));
    const phones = harbor.phones as { number: string; id: string }[];
    expect(phones.map((p) => p.number)).toEqual(['(312) 555-0199', '(312) 555-0143']);
    expect(defined(phones[0]).id).toBe('0b1a9c52-6d2e-4f3a-9b7c-1e2d3c4b5a02');
    const schedules = defined((harbor.locations as { schedules: Record<string, unknown>[] }[])[0]).schedules;
    // Tandem's hours, plus the monthly schedule it cannot read, kept.
    expect(schedules.map((s) => s.byday ?? s.bymonthday)).toEqual(['SA', '1']);
    expect(harbor.tax_status).toBe('501(c)(3)');
  });

  it('reports every bad record by its id and field and imports the good ones', async () => {
    const res = await pat.post('/api/resources/import/hsds', fixture('hsds-bad-records.json'));
    expect(res.statusCode).toBe(200);
    const report = res.json<HsdsImportReport>();
    expect(report.created).toBe(1);
    const byId = Object.fromEntries(report.invalid.map((i) => [i.id ?? `(${i.type})`, i.issues.map((x) => x.path).sort()]));
    expect(byId).toEqual({
      'not-a-uuid': ['id'],
      '1c2b3a49-5e6f-4a7b-8c9d-0e1f2a3b4c01': ['name'],
      '1c2b3a49-5e6f-4a7b-8c9d-0e1f2a3b4c02': ['email'],
      '1c2b3a49-5e6f-4a7b-8c9d-0e1f2a3b4c03': ['location_type'],
      '1c2b3a49-5e6f-4a7b-8c9d-0e1f2a3b4c05': ['status'],
      '1c2b3a49-5e6f-4a7b-8c9d-0e1f2a3b4c06': ['minimum_age'],
      // The good location of the bad organization cannot stand alone.
      '1c2b3a49-5e6f-4a7b-8c9d-0e1f2a3b4c04': ['organization_id'],
      '(unknown)': ['4'],
    });
    expect(report.invalid.find((i) => i.id === '1c2b3a49-5e6f-4a7b-8c9d-0e1f2a3b4c02')?.type).toBe('organization');
    expect((await search(ana, 'q=Fine Org')).items).toEqual([]); // no location: imported, but not a place to find
    const page = (await pat.get('/api/resources/export/hsds')).json<{ contents: { name: string }[] }>();
    expect(page.contents.map((o) => o.name)).toContain('Fine Org');
    expect(page.contents.map((o) => o.name)).not.toContain('Good Org With One Bad Service');
  });

  it('refuses a file that is not JSON and a non-manager', async () => {
    const res = await pat.request('POST', '/api/resources/import/hsds', 'not json', { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expect((await sam.post('/api/resources/import/hsds', { id: 'x' })).statusCode).toBe(200);
    expect((await ana.post('/api/resources/import/hsds', { id: 'x' })).statusCode).toBe(403);
  });
});

describe('SAMHSA treatment-locator records', () => {
  it('map to our medications, insurance, languages and categories, and re-import updates', async () => {
    const rows = samhsaRows(fixture('samhsa-facilities.json'));
    const hsds = rows.map((r) => samhsaToHsds(r, 'America/Chicago', timeZoneForState));
    const db = h.testDb.database.db;
    const first = await importHsds(db, systemActor, hsds, h.clock.now(), { fallbackTimeZone: 'America/Chicago', source: 'samhsa' });
    expect(first).toEqual({ created: 2, updated: 0, invalid: [] });
    const again = await importHsds(db, systemActor, hsds, h.clock.now(), { fallbackTimeZone: 'America/Chicago', source: 'samhsa' });
    expect(again).toMatchObject({ created: 0, updated: 2 });

    const found = await search(ana, 'q=Imaginary Valley');
    const hit = defined(found.items[0]);
    expect(hit.location).toMatchObject({ city: 'Joliet', postalCode: '60432', phone: '815-555-0101', latitude: 41.53, timeZone: 'America/Chicago' });
    expect(hit.services[0]).toMatchObject({
      // "emergency dosing" is not treatment: methadone is not offered here.
      medications: ['buprenorphine', 'naltrexone'],
      insurance: ['medicaid', 'private', 'uninsured_sliding_scale'],
      languages: ['en', 'es'],
      walkIn: true,
    });
    expect([...defined(hit.services[0]).categories].sort()).toEqual(['behavioral_health', 'housing', 'moud', 'transportation']);
    const otp = defined((await search(ana, 'q=Pretend Methadone')).items[0]);
    expect(otp.services[0]).toMatchObject({ medications: ['methadone'], insurance: ['medicaid', 'medicare'] });
    const resource = (await ana.get(`/api/resources/${otp.resourceId}`)).json<Resource>();
    expect(resource.source).toBe('samhsa');
  });
});
