/**
 * The state-scale generator, at a small size (N = 500): a believable program in
 * the expected proportions, consistent with the features' rules, and one the app
 * works on — a generated coach reads her caseload and a participant's page.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planContent, summarizePlanChanges, type PlanContent } from '../../src/core/plans.ts';
import { createApiToken } from '../../src/server/auth/sessions.ts';
import { rowsOf } from '../../src/server/db/database.ts';
import { listSeedStaff, seedScale, seededParticipants, type ScaleSeedResult } from '../../src/server/seed/scale.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const N = 500;
let h: Harness;
let result: ScaleSeedResult;
const progress: number[] = [];

async function one<T>(query: ReturnType<typeof sql>): Promise<T> {
  const [row] = rowsOf<T>(await h.testDb.database.db.execute(query));
  if (!row) throw new Error('no row');
  return row;
}

beforeAll(async () => {
  h = await startHarness();
  result = await seedScale(h.testDb.database.db, { participants: N, now: h.clock.now(), chunkSize: 200, onProgress: (p) => progress.push(p.participantsDone) });
}, 300_000);
afterAll(() => h.close());

describe('tandem seed at N = 500', () => {
  it('fills the program in chunks, reporting progress after each', async () => {
    expect(progress).toEqual([200, 400, 500]);
    expect(result.participants).toBe(N);
    expect(result.sites).toBe(4);
    expect(await seededParticipants(h.testDb.database.db)).toBe(N);
  });

  it('keeps the proportions of a state program (per participant: ~40 contacts, ~4 referrals, ~1.2 MOUD episodes, ~3 naloxone distributions, ~8 assessments)', () => {
    const per = (table: string) => (result.rows[table] ?? 0) / N;
    expect(per('contacts')).toBeGreaterThan(25);
    expect(per('contacts')).toBeLessThan(55);
    expect(per('referrals')).toBeGreaterThan(2.5);
    expect(per('referrals')).toBeLessThan(6);
    expect(per('referral_events')).toBeGreaterThan(per('referrals'));
    expect(per('moud_episodes')).toBeGreaterThan(0.8);
    expect(per('moud_episodes')).toBeLessThan(1.6);
    expect(per('naloxone_distributions')).toBeGreaterThan(2);
    expect(per('naloxone_distributions')).toBeLessThan(4);
    expect(per('assessments')).toBeGreaterThan(5.5);
    expect(per('assessments')).toBeLessThan(11);
    expect(per('supervision_sessions')).toBeCloseTo(0.4, 1);
    // Most people have a plan, saved more than once on average; and the events a program must know.
    expect(per('recovery_plans')).toBeGreaterThan(0.75);
    expect(per('recovery_plans')).toBeLessThan(0.95);
    expect(per('recovery_plan_versions')).toBeGreaterThan(per('recovery_plans') * 1.3);
    expect(per('critical_events')).toBeGreaterThan(0.4);
    expect(per('critical_events')).toBeLessThan(1.5);
  });

  it('writes plans the plan service could have saved: valid content, the changes from the version before, the current steps indexed', async () => {
    const db = h.testDb.database.db;
    const versions = rowsOf<{ participant_id: string; number: number; content: unknown; changes: unknown }>(
      await db.execute(sql`SELECT participant_id, number, content, changes FROM recovery_plan_versions ORDER BY participant_id, number`),
    );
    let before: PlanContent = { goals: [] };
    for (const v of versions) {
      if (v.number === 1) before = { goals: [] };
      const content = planContent.parse(v.content);
      expect(v.changes).toEqual(summarizePlanChanges(before, content));
      before = content;
    }
    const inconsistent = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM recovery_plans p
      WHERE p.version <> (SELECT max(number) FROM recovery_plan_versions v WHERE v.participant_id = p.participant_id)
        OR (SELECT count(*) FROM recovery_plan_steps s WHERE s.participant_id = p.participant_id) <> (
          SELECT count(*) FROM recovery_plan_versions v, jsonb_array_elements(v.content->'goals') g, jsonb_array_elements(g->'steps') st
          WHERE v.participant_id = p.participant_id AND v.number = p.version)`);
    expect(inconsistent.n).toBe(0);
    const overdue = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM recovery_plan_steps
      WHERE status IN ('not_started', 'in_progress') AND goal_status = 'active' AND due_date < ${h.clock.now().toISOString().slice(0, 10)}::date`);
    expect(overdue.n).toBeGreaterThan(0);
  });

  it('records the events that ended enrollments and the ones around release, and nothing open after a death', async () => {
    const kinds = new Set(rowsOf<{ kind: string }>(await h.testDb.database.db.execute(sql`SELECT DISTINCT kind FROM critical_events`)).map((r) => r.kind));
    for (const kind of ['ed_visit', 'non_fatal_overdose', 'reincarceration']) expect(kinds, kind).toContain(kind);
    // Each deceased or reincarcerated discharge has its event on the day; a death's closes that enrollment.
    const unexplained = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM enrollments e
      WHERE (e.discharge_reason = 'deceased' AND NOT EXISTS (SELECT 1 FROM critical_events ce WHERE ce.closed_enrollment_id = e.id
          AND ce.kind IN ('death', 'fatal_overdose') AND ce.occurred_on = e.discharged_on))
        OR (e.discharge_reason = 'incarcerated' AND NOT EXISTS (SELECT 1 FROM critical_events ce WHERE ce.participant_id = e.participant_id
          AND ce.kind = 'reincarceration' AND ce.occurred_on = e.discharged_on))`);
    expect(unexplained.n).toBe(0);
    const fatalElsewhere = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM critical_events ce
      LEFT JOIN enrollments e ON e.id = ce.closed_enrollment_id
      WHERE ce.kind IN ('death', 'fatal_overdose') AND (e.discharge_reason IS DISTINCT FROM 'deceased')`);
    expect(fatalElsewhere.n).toBe(0);
    const afterDeath = await one<{ referrals: number; moud: number; later: number }>(sql`
      WITH dead AS (SELECT participant_id, occurred_on FROM critical_events WHERE kind IN ('death', 'fatal_overdose'))
      SELECT
        (SELECT count(*) FROM referrals r JOIN dead d USING (participant_id) WHERE r.status NOT IN ('completed', 'closed'))::int AS referrals,
        (SELECT count(*) FROM moud_episodes m JOIN dead d USING (participant_id) WHERE m.ended_on IS NULL OR m.ended_on > d.occurred_on)::int AS moud,
        (SELECT count(*) FROM critical_events ce JOIN dead d USING (participant_id) WHERE ce.occurred_on > d.occurred_on)::int
          + (SELECT count(*) FROM naloxone_distributions n JOIN dead d USING (participant_id) WHERE n.distributed_on > d.occurred_on)::int AS later`);
    expect(afterDeath).toEqual({ referrals: 0, moud: 0, later: 0 });
    // Days since release as the events service fixes them; overdoses crowd the first 30 days after release.
    const wrongDays = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM critical_events ce JOIN participants p ON p.id = ce.participant_id
      WHERE ce.days_since_release IS DISTINCT FROM (CASE WHEN p.release_date <= ce.occurred_on THEN ce.occurred_on - p.release_date END)`);
    expect(wrongDays.n).toBe(0);
    const { early, released } = await one<{ early: number; released: number }>(sql`
      SELECT count(*) FILTER (WHERE days_since_release < 30)::int AS early, count(*)::int AS released
      FROM critical_events WHERE kind = 'non_fatal_overdose' AND days_since_release IS NOT NULL`);
    expect(early / released).toBeGreaterThan(0.3);
  });

  it('gives some coaches about three times the median caseload, and puts most contacts in the 30 days after release', async () => {
    const loads = rowsOf<{ n: number }>(
      await h.testDb.database.db.execute(sql`SELECT count(*)::int AS n FROM enrollments WHERE coach_id IS NOT NULL GROUP BY coach_id ORDER BY n`),
    ).map((r) => r.n);
    const median = loads[Math.floor(loads.length / 2)] ?? 1;
    expect(Math.max(...loads) / median).toBeGreaterThan(2);
    const { early, after } = await one<{ early: number; after: number }>(sql`
      SELECT count(*) FILTER (WHERE c.occurred_at < p.release_date + 30)::int AS early, count(*)::int AS after
      FROM contacts c JOIN participants p ON p.id = c.participant_id
      WHERE p.release_date IS NOT NULL AND c.occurred_at >= p.release_date`);
    expect(early / after).toBeGreaterThan(0.5);
  });

  it('stays consistent: stock never negative, one open enrollment each, referral events in order, nothing in the future', async () => {
    const db = h.testDb.database.db;
    const negative = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM (
      SELECT lot_id, sum(kits) OVER (PARTITION BY lot_id ORDER BY occurred_on, kits DESC ROWS UNBOUNDED PRECEDING) AS running FROM naloxone_movements) m WHERE running < 0`);
    expect(negative.n).toBe(0);
    const twice = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM (SELECT participant_id FROM enrollments WHERE discharged_on IS NULL GROUP BY participant_id HAVING count(*) > 1) x`);
    expect(twice.n).toBe(0);
    const unenrolled = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM participants p WHERE NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.participant_id = p.id)`);
    expect(unenrolled.n).toBe(0);
    // Each event starts where the previous one ended, at a later moment; the referral shows the last.
    const broken = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM (
      SELECT e.from_status, e.at, lag(e.to_status) OVER w AS prev_status, lag(e.at) OVER w AS prev_at, e.version
      FROM referral_events e WINDOW w AS (PARTITION BY e.referral_id ORDER BY e.version)) x
      WHERE (version > 1 AND (from_status IS DISTINCT FROM prev_status OR at <= prev_at)) OR (version = 1 AND from_status IS NOT NULL)`);
    expect(broken.n).toBe(0);
    const lastShown = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM referrals r JOIN referral_events e ON e.referral_id = r.id AND e.version = r.version WHERE e.to_status <> r.status`);
    expect(lastShown.n).toBe(0);
    const future = await one<{ n: number }>(sql`SELECT (SELECT count(*) FROM contacts WHERE occurred_at > ${h.clock.now().toISOString()}::timestamptz)::int AS n`);
    expect(future.n).toBe(0);
    const [staffOk] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM participants WHERE search_name = '' OR name_sounds = ''`));
    expect(staffOk?.n).toBe(0);
  });

  it('is a program the app works on: a generated coach reads her caseload, a participant, their contacts and referrals', async () => {
    const staff = await listSeedStaff(h.testDb.database.db);
    const coach = staff.find((s) => s.role === 'coach');
    if (!coach) throw new Error('no coach');
    const { token } = await createApiToken(h.testDb.database.db, coach.id, 'load test', h.clock.now());
    const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

    const worklist = await get('/api/worklist?assignedTo=me');
    expect(worklist.statusCode).toBe(200);
    const list = await get('/api/participants');
    expect(list.statusCode).toBe(200);
    const [mine] = rowsOf<{ participant_id: string }>(
      await h.testDb.database.db.execute(sql`SELECT participant_id FROM enrollments WHERE coach_id = ${coach.id} ORDER BY participant_id LIMIT 1`),
    );
    if (!mine) throw new Error('the coach has no caseload');
    for (const path of ['', '/contacts', '/referrals', '/moud-episodes', '/assessments', '/plan', '/events']) {
      const res = await get(`/api/participants/${mine.participant_id}${path}`);
      expect(res.statusCode, path).toBe(200);
    }
    const [planned] = rowsOf<{ participant_id: string; steps: number }>(
      await h.testDb.database.db.execute(sql`SELECT e.participant_id, (SELECT count(*)::int FROM recovery_plan_steps s WHERE s.participant_id = e.participant_id) AS steps
        FROM enrollments e JOIN recovery_plans p USING (participant_id) WHERE e.coach_id = ${coach.id} ORDER BY e.participant_id LIMIT 1`),
    );
    if (!planned) throw new Error('nobody in the caseload has a plan');
    const plan = (await get(`/api/participants/${planned.participant_id}/plan`)).json<{ goals: { steps: unknown[] }[] }>();
    expect(plan.goals.flatMap((g) => g.steps)).toHaveLength(planned.steps);
    // Another site's participant is as missing as one that does not exist.
    const [elsewhere] = rowsOf<{ id: string }>(
      await h.testDb.database.db.execute(sql`SELECT id FROM participants WHERE site_id <> ALL(${`{${coach.siteIds.join(',')}}`}::uuid[]) LIMIT 1`),
    );
    if (!elsewhere) throw new Error('every participant is at the coach’s site');
    expect((await get(`/api/participants/${elsewhere.id}`)).statusCode).toBe(404);
  });

  it('refuses a program that already has users', async () => {
    await expect(seedScale(h.testDb.database.db, { participants: 10, now: h.clock.now() })).rejects.toThrow(/empty program/);
  });
});
