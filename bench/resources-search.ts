/**
 * The resource directory at the size of a whole state: N organizations (default
 * 5,000), each with one location and two services, spread over Illinois. Prints the
 * median time of typical searches and their ratio to a baseline measured in the same
 * run (one resource by id).
 *
 *   npx tsx bench/resources-search.ts [--resources 5000] [--runs 9]
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { resourceSearchQuery } from '../src/core/resources.ts';
import { rowsOf } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { getResource, searchResources } from '../src/server/resources/resources.service.ts';
import { openBenchDatabase, printRatios } from './support.ts';

const { values } = parseArgs({ options: { resources: { type: 'string', default: '5000' }, runs: { type: 'string', default: '9' } } });
const COUNT = Number(values.resources);
const RUNS = Number(values.runs);
const NOW = new Date('2026-03-02T15:00:00Z');

const database = await openBenchDatabase();
const { db } = database;
await migrate(db);
const started = performance.now();
// Set-based SQL: deterministic positions in a box around Illinois (37–42.5 N, 87.5–91.5 W).
await db.execute(sql`
  insert into resources (id, hsds_id, source, name, created_at, updated_at)
  select md5('r' || g)::uuid, md5('r' || g), 'tandem', 'Bench resource ' || g, now(), now() from generate_series(1, ${COUNT}) g`);
await db.execute(sql`
  insert into resource_locations (id, resource_id, position, hsds_id, name, latitude, longitude, time_zone, languages, hours)
  select md5('l' || g)::uuid, md5('r' || g)::uuid, 0, md5('l' || g), 'Location ' || g,
         37 + ((g * 7919) % 5500) / 1000.0, -91.5 + ((g * 104729) % 4000) / 1000.0, 'America/Chicago',
         case when g % 4 = 0 then array['en','es'] else array['en'] end,
         '[{"day":"mon","opens":"08:00","closes":"17:00"},{"day":"tue","opens":"08:00","closes":"17:00"},{"day":"wed","opens":"08:00","closes":"17:00"},{"day":"thu","opens":"08:00","closes":"17:00"},{"day":"fri","opens":"08:00","closes":"17:00"}]'::jsonb
  from generate_series(1, ${COUNT}) g`);
await db.execute(sql`
  insert into resource_services (id, resource_id, position, hsds_id, name, categories, medications, insurance)
  select md5('s' || g || '-' || k)::uuid, md5('r' || g)::uuid, k, md5('s' || g || '-' || k), 'Service ' || k,
         case when k = 0 then array['moud'] else array['housing','food'] end,
         case when k = 0 and g % 3 = 0 then array['buprenorphine'] when k = 0 and g % 3 = 1 then array['methadone','buprenorphine'] when k = 0 then array['naltrexone'] else array[]::text[] end,
         case when g % 2 = 0 then array['medicaid','private'] else array['private'] end
  from generate_series(1, ${COUNT}) g, generate_series(0, 1) k`);
await db.execute(sql`
  insert into resource_service_locations (service_id, location_id, hsds_id)
  select md5('s' || g || '-' || k)::uuid, md5('l' || g)::uuid, md5('sl' || g || '-' || k) from generate_series(1, ${COUNT}) g, generate_series(0, 1) k`);
await db.execute(sql`analyze`);
console.log(`${COUNT} resources, ${COUNT} locations, ${COUNT * 2} services filled in ${Math.round(performance.now() - started)} ms (${database.kind})`);

const chicago = { lat: '41.8378', lng: '-87.6957' };
const q = (v: Record<string, string>) => resourceSearchQuery.parse(v);
const [first] = rowsOf<{ id: string }>(await db.execute(sql`select md5('r1')::uuid::text as id`));
const oneId = first?.id ?? '';
await printRatios(
  [
    ['baseline: one resource by id', () => getResource(db, oneId)],
    ['bup + Medicaid within 25 mi of the jail', () => searchResources(db, q({ medication: 'buprenorphine', insurance: 'medicaid', ...chicago, radiusMiles: '25' }), NOW)],
    ['bup + Medicaid within 100 mi, open now', () => searchResources(db, q({ medication: 'buprenorphine', insurance: 'medicaid', ...chicago, radiusMiles: '100', openNow: 'true' }), NOW)],
    ['housing near a ZIP (50 mi)', () => searchResources(db, q({ category: 'housing', zip: '60608' }), NOW)],
    ['Spanish, any distance (no origin)', () => searchResources(db, q({ language: 'es' }), NOW)],
    ['open now, whole state, no origin', () => searchResources(db, q({ openNow: 'true' }), NOW)],
  ],
  RUNS,
);
await database.close();
