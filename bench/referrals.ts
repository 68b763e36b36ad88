/**
 * Referrals at the size of a statewide program: 200,000 referrals of 50,000
 * participants (four each, one in five still open), each with its steps. Prints
 * the median time of what the features ask of them — one participant's referral
 * list (audited), the worklist's stalled referrals for a coach's caseload and for
 * a whole program, the MOUD appointments of 1,000 recently released people — and
 * the ratio of each to a baseline measured in the same run (one participant by id).
 *
 *   npx tsx bench/referrals.ts [--participants 50000] [--runs 9]
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { systemActor, type Actor } from '../src/server/http/actor.ts';
import { findVisibleParticipant } from '../src/server/participants/participants.repository.ts';
import { listReferrals, moudAppointmentOnOrAfter, stalledReferrals } from '../src/server/referrals/referrals.service.ts';
import { openBenchDatabase, printRatios } from './support.ts';

const { values } = parseArgs({ options: { participants: { type: 'string', default: '50000' }, runs: { type: 'string', default: '9' } } });
const COUNT = Number(values.participants);
const RUNS = Number(values.runs);
const PER = 4;
const NOW = new Date('2026-03-02T15:00:00Z');

const database = await openBenchDatabase();
await migrate(database.db);
const { db } = database;
const tag = `bench-referrals-${String(Date.now())}`;
const t0 = performance.now();
await db.execute(sql`INSERT INTO sites (name, type, time_zone, created_at, updated_at) VALUES (${tag}, 'jail', 'America/Chicago', now(), now())`);
await db.execute(sql`
  INSERT INTO resources (hsds_id, source, name, created_at, updated_at)
  SELECT ${tag} || '-org-' || r, 'tandem', 'Bench clinic ' || r, now(), now() FROM generate_series(1, 40) AS r`);
await db.execute(sql`
  INSERT INTO participants (site_id, first_name, last_name, date_of_birth, custody_status, release_date, search_name, name_sounds, created_at, updated_at)
  SELECT (SELECT id FROM sites WHERE name = ${tag}), 'Bench', 'Person ' || n, date '1980-01-01' + (n % 9000), 'community',
    date '2026-03-02' - (n % 400), 'bench person ' || n, 'B520 P625', now(), now()
  FROM generate_series(1, ${COUNT}) AS n`);
// Four referrals each over the last year; one in five still open, its last step 0-30 days ago.
await db.execute(sql`
  INSERT INTO referrals (participant_id, site_id, resource_id, resource_name, need, urgency, status, appointment_on, outcome, moved_at, version, created_at)
  SELECT p.id, p.site_id, (SELECT id FROM resources WHERE hsds_id = ${tag} || '-org-' || (1 + (hashtext(p.id::text || k) & 2147483647) % 40)), 'Bench clinic',
    CASE WHEN k = 1 THEN 'moud_treatment' ELSE 'housing' END, 'routine',
    CASE WHEN (hashtext(p.id::text || k) & 7) < 2 THEN (ARRAY['sent','accepted','appointment_scheduled','no_show'])[1 + (k % 4)] ELSE 'completed' END,
    p.release_date + (k % 5),
    CASE WHEN (hashtext(p.id::text || k) & 7) < 2 THEN NULL ELSE 'engaged_in_services' END,
    ${NOW.toISOString()}::timestamptz - make_interval(days => (hashtext(p.id::text || k) & 2147483647) % 30 + CASE WHEN (hashtext(p.id::text || k) & 7) < 2 THEN 0 ELSE 60 END),
    3, ${NOW.toISOString()}::timestamptz - make_interval(days => 90 * k)
  FROM participants p CROSS JOIN generate_series(1, ${PER}) AS k
  WHERE p.site_id = (SELECT id FROM sites WHERE name = ${tag})`);
await db.execute(sql`
  INSERT INTO referral_events (referral_id, from_status, to_status, version, at)
  SELECT r.id, NULL, 'draft', 1, r.created_at FROM referrals r
  UNION ALL SELECT r.id, 'draft', 'sent', 2, r.created_at + interval '1 hour' FROM referrals r
  UNION ALL SELECT r.id, 'sent', r.status, 3, r.moved_at FROM referrals r`);
await db.execute(sql`ANALYZE`);
const [{ n } = { n: 0 }] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM referrals`));
console.log(`${database.kind}: ${String(n)} referrals of ${String(COUNT)} participants filled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const ids = rowsOf<{ id: string; release: string }>(await db.execute(sql`SELECT id, release_date::text AS release FROM participants WHERE search_name LIKE 'bench person %' ORDER BY id`));
const siteIds = rowsOf<{ id: string }>(await db.execute(sql`SELECT id FROM sites WHERE name = ${tag}`)).map((r) => r.id);
const coachIds = ids.slice(0, 200).map((r) => r.id);
const programIds = ids.slice(0, 10_000).map((r) => r.id);
const released = ids.slice(0, 1_000).map((r) => ({ participantId: r.id, since: r.release }));
const one = ids[0]?.id ?? '';
const coach: Actor = { ...systemActor, via: 'session', role: 'coach', siteIds };

const stalledProgram = await db.transaction((tx) => stalledReferrals(tx, programIds, NOW));
console.log(`stalled referrals among 10,000 participants: ${String(stalledProgram.length)}`);
await printRatios(
  [
    ['one participant by id (baseline)', () => findVisibleParticipant(db, one, null)],
    [`one participant's ${String(PER)} referrals (audited)`, () => db.transaction((tx) => listReferrals(tx, coach, one, {}, NOW))],
    ['stalled referrals, a caseload (200 people)', () => db.transaction((tx) => stalledReferrals(tx, coachIds, NOW))],
    ['stalled referrals, a program (10,000 people)', () => db.transaction((tx) => stalledReferrals(tx, programIds, NOW))],
    ['MOUD appointments since release (1,000)', () => db.transaction((tx) => moudAppointmentOnOrAfter(tx, released))],
  ],
  RUNS,
  48,
);
await database.close();
