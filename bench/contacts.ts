/**
 * Contacts at the size of a whole state's programs: 50,000 participants with 40
 * contacts each (2 million). Prints the median time of the reads a coach and the
 * worklist make, and each one's ratio to a baseline measured in the same run (one
 * participant by id), on PGlite or, with DATABASE_URL, on PostgreSQL.
 *
 *   npx tsx bench/contacts.ts [--participants 50000] [--per 40] [--runs 15]
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { openBenchDatabase, printRatios } from './support.ts';
import { contactsPerMonth, listContacts } from '../src/server/contacts/contacts.service.ts';
import { systemActor } from '../src/server/http/actor.ts';
import { findVisibleParticipant } from '../src/server/participants/participants.repository.ts';

const { values } = parseArgs({ options: { participants: { type: 'string', default: '50000' }, per: { type: 'string', default: '40' }, runs: { type: 'string', default: '15' } } });
const COUNT = Number(values.participants);
const PER = Number(values.per);
const RUNS = Number(values.runs);
const NOW = new Date('2026-03-02T15:00:00Z');

/** Everything in set-based SQL: a program's worth of rows in seconds, the same on every run. */
async function fill({ db }: Database): Promise<void> {
  const tag = Date.now();
  await db.execute(sql`INSERT INTO sites (name, type, time_zone, created_at, updated_at) VALUES (${`Bench contacts ${tag}`}, 'jail', 'America/Chicago', now(), now())`);
  await db.execute(sql`INSERT INTO users (email, name, role, created_at, updated_at) VALUES (${`bench-${tag}@example.org`}, 'Bench Coach', 'coach', now(), now())`);
  await db.execute(sql`
    INSERT INTO participants (site_id, first_name, last_name, date_of_birth, custody_status, search_name, name_sounds, created_at, updated_at)
    SELECT (SELECT id FROM sites WHERE name = ${`Bench contacts ${tag}`}), 'Bench', 'Person ' || n, date '1980-01-01' + (n % 9000), 'community',
      'bench person ' || n, 'B520 P625', now(), now()
    FROM generate_series(1, ${COUNT}) AS n`);
  // Contacts every ~9 days going back from now; one in five an unsuccessful phone attempt.
  await db.execute(sql`
    INSERT INTO contacts (participant_id, site_id, occurred_at, duration_minutes, mode, location_type, reached, attempt_outcome, services, note, created_at, created_by)
    SELECT p.id, p.site_id, ${NOW.toISOString()}::timestamptz - make_interval(days => i * 9 + (hashtext(p.id::text) & 7), mins => (i * 37) % 600),
      CASE WHEN i % 5 = 0 THEN NULL ELSE 30 END,
      CASE WHEN i % 5 = 0 THEN 'phone' ELSE 'in_person' END,
      CASE WHEN i % 5 = 0 THEN 'phone_or_virtual' ELSE 'community' END,
      i % 5 <> 0,
      CASE WHEN i % 5 = 0 THEN 'no_answer' END,
      CASE WHEN i % 5 = 0 THEN '{}'::text[] ELSE '{recovery_coaching}'::text[] END,
      'Met at the coffee shop near the clinic. Doing well, asked about GED classes and the bus pass.',
      now(), (SELECT id FROM users WHERE email = ${`bench-${tag}@example.org`})
    FROM participants p CROSS JOIN generate_series(0, ${PER - 1}) AS i
    WHERE p.last_name LIKE 'Person %'`);
  await db.execute(sql`INSERT INTO contact_staff (contact_id, user_id) SELECT id, created_by FROM contacts WHERE created_by = (SELECT id FROM users WHERE email = ${`bench-${tag}@example.org`})`);
  await db.execute(sql`ANALYZE`);
}

const database = await openBenchDatabase();
await migrate(database.db);
const t0 = performance.now();
await fill(database);
const { db } = database;
const [total] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM contacts`));
console.log(`${database.kind}: ${total?.n ?? 0} contacts of ${COUNT} participants inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const people = rowsOf<{ id: string }>(await db.execute(sql`SELECT id FROM participants WHERE last_name LIKE 'Person %' ORDER BY id LIMIT 500`)).map((r) => r.id);
const one = people[0] ?? '';
const firstPage = await db.transaction((tx) => listContacts(tx, systemActor, one, { limit: 20 }, NOW));
const cursor = firstPage.nextCursor ?? undefined;
const year = { from: new Date('2025-03-01T06:00:00Z'), to: new Date('2026-03-01T06:00:00Z'), timeZone: 'America/Chicago' };

const cases: [string, () => Promise<unknown>][] = [
  ['one participant by id (baseline)', () => findVisibleParticipant(db, one, null)],
  ['first page of contacts (20, audited)', () => db.transaction((tx) => listContacts(tx, systemActor, one, { limit: 20 }, NOW))],
  ['second page by cursor', () => db.transaction((tx) => listContacts(tx, systemActor, one, { limit: 20, cursor }, NOW))],
  // Kept by a trigger on contacts (drizzle/0029), as the worklist reads it.
  ['last successful contact of 500 people', () => db.execute(sql`SELECT participant_id, reached_at FROM participant_last_reached WHERE participant_id = any(${`{${people.join(',')}}`}::uuid[])`)],
  ['contacts per month, 500 people, 12 months', () => db.transaction((tx) => contactsPerMonth(tx, people, year))],
];
await printRatios(cases, RUNS, 44);
await database.close();
