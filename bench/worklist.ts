/**
 * The critical-time worklist at the size of a statewide program: 10,000 open
 * enrollments across 10 sites and 50 coaches, each with a year of contacts, a
 * recovery plan and (for most) MOUD. Prints the median time of a coach's own
 * worklist and of a supervisor's whole program, each with its audit rows, and
 * their ratio to a baseline measured in the same run (one participant by id).
 *
 *   npx tsx bench/worklist.ts [--participants 10000] [--runs 9]
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { openBenchDatabase, printRatios } from './support.ts';
import { systemActor, type Actor } from '../src/server/http/actor.ts';
import { findVisibleParticipant } from '../src/server/participants/participants.repository.ts';
import { getWorklist } from '../src/server/worklist/worklist.service.ts';
import { worklistQuery } from '../src/core/worklist.ts';

const { values } = parseArgs({ options: { participants: { type: 'string', default: '10000' }, runs: { type: 'string', default: '9' } } });
const COUNT = Number(values.participants);
const RUNS = Number(values.runs);
const SITES = 10;
const COACHES = 50;
const NOW = new Date('2026-03-02T15:00:00Z');

/** Set-based SQL: the same program on every run. */
async function fill({ db }: Database, tag: string): Promise<void> {
  await db.execute(sql`
    INSERT INTO sites (name, type, time_zone, created_at, updated_at)
    SELECT ${tag} || ' site ' || s, 'jail', CASE WHEN s % 2 = 0 THEN 'America/Chicago' ELSE 'America/New_York' END, now(), now()
    FROM generate_series(1, ${SITES}) AS s`);
  await db.execute(sql`
    INSERT INTO users (email, name, role, created_at, updated_at)
    SELECT ${tag} || '-coach-' || c || '@example.org', 'Coach ' || c, 'coach', now(), now() FROM generate_series(1, ${COACHES}) AS c`);
  // A third in custody (a tenth of those going home within the week), the rest out: some released in the last fortnight.
  await db.execute(sql`
    INSERT INTO participants (site_id, first_name, last_name, date_of_birth, custody_status, expected_release_date, release_date, search_name, name_sounds, created_at, updated_at)
    SELECT (SELECT id FROM sites WHERE name = ${tag} || ' site ' || (1 + n % ${SITES})),
      'Bench', 'Person ' || n, date '1980-01-01' + (n % 9000),
      CASE WHEN n % 3 = 0 THEN 'in_custody' ELSE 'community' END,
      CASE WHEN n % 3 = 0 THEN date '2026-03-02' + (n % 70) END,
      CASE WHEN n % 3 <> 0 THEN date '2026-03-02' - (n % 400) END,
      'bench person ' || n, 'B520 P625', now(), now()
    FROM generate_series(1, ${COUNT}) AS n`);
  await db.execute(sql`
    INSERT INTO enrollments (participant_id, site_id, enrolled_on, referral_source, coach_id, phase, phase_started_on, created_at, updated_at)
    SELECT p.id, p.site_id, date '2026-03-02' - (30 + (hashtext(p.id::text) & 255)), 'jail_in_reach',
      (SELECT id FROM users WHERE email = ${tag} || '-coach-' || (1 + (hashtext(p.id::text) & 2147483647) % ${COACHES}) || '@example.org'),
      CASE WHEN p.custody_status = 'in_custody' THEN 'pre_release' ELSE 'try_out' END, date '2026-01-01', now(), now()
    FROM participants p WHERE p.search_name LIKE 'bench person %' AND p.site_id IN (SELECT id FROM sites WHERE name LIKE ${tag} || ' site %')`);
  // A year of contacts, every ~9 days; one in five an unsuccessful attempt.
  await db.execute(sql`
    INSERT INTO contacts (participant_id, site_id, occurred_at, duration_minutes, mode, location_type, reached, attempt_outcome, services, created_at)
    SELECT e.participant_id, e.site_id, ${NOW.toISOString()}::timestamptz - make_interval(days => i * 9 + (hashtext(e.participant_id::text) & 15), mins => (i * 37) % 600),
      CASE WHEN i % 5 = 0 THEN NULL ELSE 30 END,
      CASE WHEN i % 5 = 0 THEN 'phone' ELSE 'in_person' END,
      CASE WHEN i % 5 = 0 THEN 'phone_or_virtual' ELSE 'community' END,
      i % 5 <> 0, CASE WHEN i % 5 = 0 THEN 'no_answer' END,
      CASE WHEN i % 5 = 0 THEN '{}'::text[] ELSE '{recovery_coaching}'::text[] END, now()
    FROM enrollments e CROSS JOIN generate_series(0, 40) AS i
    WHERE e.site_id IN (SELECT id FROM sites WHERE name LIKE ${tag} || ' site %')`);
  // Three plan steps each, due over the last and next months.
  await db.execute(sql`
    INSERT INTO recovery_plan_steps (participant_id, step_id, goal_id, goal_status, what, owner, due_date, status)
    SELECT e.participant_id, gen_random_uuid(), gen_random_uuid(), 'active', 'Call the DMV', 'participant',
      date '2026-03-02' + ((hashtext(e.participant_id::text || s) & 63) - 40), CASE WHEN s = 1 THEN 'done' ELSE 'not_started' END
    FROM enrollments e CROSS JOIN generate_series(1, 3) AS s
    WHERE e.site_id IN (SELECT id FROM sites WHERE name LIKE ${tag} || ' site %')`);
  // Seven in ten on medication, started around release.
  await db.execute(sql`
    INSERT INTO moud_episodes (participant_id, site_id, medication, provider_name, started_on, created_at, updated_at)
    SELECT p.id, p.site_id, 'buprenorphine', 'Bench Clinic', coalesce(p.release_date, date '2026-01-01') + (hashtext(p.id::text) & 3), now(), now()
    FROM participants p WHERE p.site_id IN (SELECT id FROM sites WHERE name LIKE ${tag} || ' site %') AND (hashtext(p.id::text) & 7) < 6`);
  await db.execute(sql`ANALYZE`);
}

const database = await openBenchDatabase();
await migrate(database.db);
const tag = `bench-worklist-${String(Date.now())}`;
const t0 = performance.now();
await fill(database, tag);
const { db } = database;
console.log(`${database.kind}: ${COUNT} enrollments at ${SITES} sites filled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const siteIds = rowsOf<{ id: string }>(await db.execute(sql`SELECT id FROM sites WHERE name LIKE ${`${tag} site %`}`)).map((r) => r.id);
const [coach] = rowsOf<{ id: string }>(await db.execute(sql`SELECT id FROM users WHERE email = ${`${tag}-coach-1@example.org`}`));
const [one] = rowsOf<{ id: string }>(await db.execute(sql`SELECT participant_id AS id FROM enrollments WHERE site_id = ${siteIds[0] ?? ''} LIMIT 1`));
const actor = (role: Actor['role'], userId: string): Actor => ({ ...systemActor, via: 'session', role, userId, siteIds });
const supervisor = actor('supervisor', coach?.id ?? '');
const theCoach = actor('coach', coach?.id ?? '');

const mine = await db.transaction((tx) => getWorklist(tx, theCoach, worklistQuery.parse({ assignedTo: 'me' }), NOW, 7));
const all = await db.transaction((tx) => getWorklist(tx, supervisor, worklistQuery.parse({}), NOW, 7));
console.log(`a coach: ${String(mine.flagged)} of ${String(mine.considered)} flagged; the program: ${String(all.flagged)} of ${String(all.considered)} (the first ${String(all.items.length)} returned)`);

const cases: [string, () => Promise<unknown>][] = [
  ['one participant by id (baseline)', () => findVisibleParticipant(db, one?.id ?? '', null)],
  [`a coach's worklist (${String(mine.considered)} enrollments, audited)`, () => db.transaction((tx) => getWorklist(tx, theCoach, worklistQuery.parse({ assignedTo: 'me' }), NOW, 7))],
  [`one site (${String(Math.round(COUNT / SITES))} enrollments, audited)`, () => db.transaction((tx) => getWorklist(tx, supervisor, worklistQuery.parse({ siteId: siteIds[0] }), NOW, 7))],
  [`the whole program (${String(all.considered)} enrollments, audited)`, () => db.transaction((tx) => getWorklist(tx, supervisor, worklistQuery.parse({}), NOW, 7))],
];
await printRatios(cases, RUNS, 52);
await database.close();
