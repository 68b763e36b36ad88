/**
 * "Active in a month" for people with several episodes. The dashboard counts a
 * person once in each month an episode of theirs is open on a day of (inside the
 * period), at the site of the latest episode open in that month. The query treats
 * people with one episode in the period apart from those with several; this checks
 * both against the rule worked out here, on a generated program where a third of
 * the people were discharged and enrolled again at another site, some within the
 * same month, some with the new episode starting before the old one ended.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isoDateIn } from '../../src/core/calendar.ts';
import { addDays } from '../../src/core/enrollments.ts';
import { rowsOf } from '../../src/server/db/database.ts';
import { activeMonthCells, type ReportScope } from '../../src/server/reports/reports.repository.ts';
import { seedScale } from '../../src/server/seed/scale.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

interface Episode {
  participant_id: string;
  site_id: string;
  enrolled_on: string;
  discharged_on: string | null;
}

let testDb: TestDatabase;
let scope: ReportScope;
const now = new Date('2026-09-30T15:00:00Z');

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.database.db;
  await seedScale(db, { participants: 150, now, chunkSize: 150 });
  const sites = rowsOf<{ id: string; time_zone: string }>(await db.execute(sql`SELECT id, time_zone FROM sites ORDER BY name`));
  // Every third person enrolled over 90 days before the period's end: their episode ends 30-49 days after it began
  // (moved), and a new one opens at the next site from 3 days before that to 8 days after.
  await db.execute(sql`
    WITH picked AS (
      SELECT e.id, e.participant_id, e.site_id, e.enrolled_on, row_number() OVER (ORDER BY e.participant_id) AS n
      FROM enrollments e WHERE e.enrolled_on < date '2026-07-01'
    ), ended AS (
      UPDATE enrollments e SET discharged_on = p.enrolled_on + 30 + (p.n % 20)::int, discharge_reason = 'moved', discharge_note = NULL
      FROM picked p WHERE e.id = p.id AND p.n % 3 = 0
      RETURNING e.*, p.n
    ), next_site AS (
      SELECT s.id, coalesce(lead(s.id) OVER (ORDER BY s.name), (SELECT f.id FROM sites f ORDER BY f.name LIMIT 1)) AS next_id FROM sites s
    )
    INSERT INTO enrollments (participant_id, site_id, enrolled_on, referral_source, phase, phase_started_on, created_at, updated_at)
    SELECT x.participant_id, ns.next_id, x.discharged_on + (x.n % 12)::int - 3, x.referral_source, 'community',
      x.discharged_on + (x.n % 12)::int - 3, x.created_at, x.updated_at
    FROM ended x JOIN next_site ns ON ns.id = x.site_id`);
  const timeZone = sites[0]?.time_zone ?? 'UTC';
  scope = { from: '2025-10-01', to: '2026-09-29', today: isoDateIn(now, timeZone), timeZone, siteIds: sites.map((s) => s.id) };
}, 240_000);
afterAll(() => testDb.drop());

/** The months (YYYY-MM) of the period, each with its first and last day inside the period. */
function periodMonths(from: string, to: string): { month: string; first: string; last: string }[] {
  const months: { month: string; first: string; last: string }[] = [];
  for (let first = from; first <= to; ) {
    const month = first.slice(0, 7);
    let last = first;
    while (addDays(last, 1).slice(0, 7) === month && addDays(last, 1) <= to) last = addDays(last, 1);
    months.push({ month, first, last });
    first = addDays(last, 1);
  }
  return months;
}

it('counts each person once a month, at the site of the latest episode open in it', async () => {
  const episodes = rowsOf<Episode>(
    await testDb.database.db.execute(
      sql`SELECT participant_id, site_id, enrolled_on::text, discharged_on::text FROM enrollments ORDER BY participant_id, enrolled_on`,
    ),
  );
  const byPerson = new Map<string, Episode[]>();
  for (const e of episodes) byPerson.set(e.participant_id, [...(byPerson.get(e.participant_id) ?? []), e]);

  const expected = new Map<string, number>();
  let monthsWithTwoEpisodes = 0;
  for (const { month, first, last } of periodMonths(scope.from, scope.to)) {
    for (const list of byPerson.values()) {
      const open = list.filter((e) => e.enrolled_on <= last && (e.discharged_on === null || e.discharged_on >= first));
      if (open.length === 0) continue;
      if (open.length > 1) monthsWithTwoEpisodes += 1;
      const latest = open.reduce((a, b) => (b.enrolled_on > a.enrolled_on ? b : a));
      const key = `${month} ${latest.site_id}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
  }
  // The fixture has what the rule is about: people with two episodes open in one month.
  expect(monthsWithTwoEpisodes).toBeGreaterThan(5);

  const counted = new Map<string, number>();
  for (const cell of await activeMonthCells(testDb.database.db, scope)) {
    const key = `${cell.month} ${cell.k_site}`;
    counted.set(key, (counted.get(key) ?? 0) + cell.people);
  }
  expect(Object.fromEntries([...counted].sort())).toEqual(Object.fromEntries([...expected].sort()));
});
