/**
 * The dashboard's monthly figures against their rules, worked out here from the
 * rows, on a generated program.
 *
 * - "Active in a month" for people with several episodes: a person counts once in
 *   each month an episode of theirs is open on a day of (inside the period), at the
 *   site of the latest episode open in that month. The query treats people with one
 *   episode in the period apart from those with several; a third of the people here
 *   were discharged and enrolled again at another site, some within the same month,
 *   some with the new episode starting before the old one ended. The query gives
 *   each month's people and each cell's participant-months (its first and last
 *   months for one episode, a series only for several): both are checked.
 * - Enrollment comes from the same read of the episodes: each person once, at the
 *   site of their latest episode in the period, with the reason of their last
 *   discharge in it.
 * - Contacts per month: whole months come from the per-month counts the triggers
 *   keep (contact_months), the rest from the contacts; whatever the period's edges
 *   and the sites' time zones, the figures are the contacts' own.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDateIn } from '../../src/core/calendar.ts';
import { addDays } from '../../src/core/enrollments.ts';
import { rowsOf } from '../../src/server/db/database.ts';
import { contactMonthCells, episodeCells, wholeMonths, type ReportScope } from '../../src/server/reports/reports.repository.ts';
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
let siteIds: string[];
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
  siteIds = sites.map((s) => s.id);
  scope = { from: '2025-10-01', to: '2026-09-29', today: isoDateIn(now, timeZone), timeZone, siteIds };
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

it('active months: each person once a month, at the site of the latest episode open in it', async () => {
  const episodes = rowsOf<Episode>(
    await testDb.database.db.execute(
      sql`SELECT participant_id, site_id, enrolled_on::text, discharged_on::text FROM enrollments ORDER BY participant_id, enrolled_on`,
    ),
  );
  const byPerson = new Map<string, Episode[]>();
  for (const e of episodes) byPerson.set(e.participant_id, [...(byPerson.get(e.participant_id) ?? []), e]);

  // Each month's people, and each site's participant-months.
  const expectedMonths = new Map<string, number>();
  const expectedSites = new Map<string, number>();
  let monthsWithTwoEpisodes = 0;
  for (const { month, first, last } of periodMonths(scope.from, scope.to)) {
    for (const list of byPerson.values()) {
      const open = list.filter((e) => e.enrolled_on <= last && (e.discharged_on === null || e.discharged_on >= first));
      if (open.length === 0) continue;
      if (open.length > 1) monthsWithTwoEpisodes += 1;
      const latest = open.reduce((a, b) => (b.enrolled_on > a.enrolled_on ? b : a));
      expectedMonths.set(month, (expectedMonths.get(month) ?? 0) + 1);
      expectedSites.set(latest.site_id, (expectedSites.get(latest.site_id) ?? 0) + 1);
    }
  }
  // The fixture has what the rule is about: people with two episodes open in one month.
  expect(monthsWithTwoEpisodes).toBeGreaterThan(5);

  const { months, people } = await episodeCells(testDb.database.db, scope);
  const countedSites = new Map<string, number>();
  for (const row of people.bySite) countedSites.set(row.k_site, (countedSites.get(row.k_site) ?? 0) + row.participant_months);
  // Every month of the period has its row, none outside it.
  expect(months.map((m) => m.month)).toEqual(periodMonths(scope.from, scope.to).map((m) => m.month));
  expect(Object.fromEntries(months.filter((m) => m.people > 0).map((m) => [m.month, m.people]))).toEqual(Object.fromEntries([...expectedMonths].sort()));
  expect(Object.fromEntries([...countedSites].sort())).toEqual(Object.fromEntries([...expectedSites].sort()));
});

it('enrollment, from the same read: each person once, at the site of their latest episode, with the reason of their last discharge', async () => {
  const episodes = rowsOf<Episode & { discharge_reason: string | null }>(
    await testDb.database.db.execute(
      sql`SELECT participant_id, site_id, enrolled_on::text, discharged_on::text, discharge_reason FROM enrollments ORDER BY participant_id, enrolled_on`,
    ),
  );
  const inPeriod = (day: string | null) => day !== null && day >= scope.from && day <= scope.to;
  const expected = new Map<string, { active: number; enrolled: number; discharged: number; active_at_end: number }>();
  const reasons = new Map<string, number>();
  let several = 0;
  const byPerson = new Map<string, typeof episodes>();
  for (const e of episodes) byPerson.set(e.participant_id, [...(byPerson.get(e.participant_id) ?? []), e]);
  for (const list of byPerson.values()) {
    const open = list.filter((e) => e.enrolled_on <= scope.to && (e.discharged_on === null || e.discharged_on >= scope.from));
    const latest = open.reduce<(typeof open)[number] | null>((a, b) => (a === null || b.enrolled_on > a.enrolled_on ? b : a), null);
    if (!latest) continue;
    if (open.length > 1) several += 1;
    const row = expected.get(latest.site_id) ?? { active: 0, enrolled: 0, discharged: 0, active_at_end: 0 };
    row.active += 1;
    if (open.some((e) => e.enrolled_on >= scope.from)) row.enrolled += 1;
    const dischargedInPeriod = open.filter((e) => inPeriod(e.discharged_on)).sort((a, b) => ((a.discharged_on ?? '') < (b.discharged_on ?? '') ? 1 : -1));
    if (dischargedInPeriod[0]) {
      row.discharged += 1;
      const reason = dischargedInPeriod[0].discharge_reason ?? 'none';
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    if (open.some((e) => e.discharged_on === null || e.discharged_on > scope.to)) row.active_at_end += 1;
    expected.set(latest.site_id, row);
  }
  // The fixture has what the rule is about: people with two episodes in the period.
  expect(several).toBeGreaterThan(5);

  const { people, byReason } = await episodeCells(testDb.database.db, scope);
  const counted = new Map<string, { active: number; enrolled: number; discharged: number; active_at_end: number }>();
  for (const c of people.bySite) {
    // A site where someone was active only in months before their latest episode elsewhere counts no one.
    if (c.active === 0) continue;
    counted.set(c.k_site, { active: c.active, enrolled: c.enrolled, discharged: c.discharged, active_at_end: c.active_at_end });
  }
  const countedReasons = new Map(byReason.map((r) => [r.reason ?? 'none', r.discharged]));
  expect(Object.fromEntries([...counted].sort())).toEqual(Object.fromEntries([...expected].sort()));
  expect(Object.fromEntries([...countedReasons].sort())).toEqual(Object.fromEntries([...reasons].sort()));
});

/** What the triggers keep, and what counting the contacts again gives. */
async function keptAndRecounted() {
  const kept = await testDb.database.db.execute(sql`SELECT site_id, month::text, participant_id, reached, attempts FROM contact_months ORDER BY 1, 2, 3`);
  const recounted = await testDb.database.db.execute(sql`
    SELECT c.site_id, date_trunc('month', c.occurred_at AT TIME ZONE s.time_zone)::date::text AS month, c.participant_id,
      (count(*) FILTER (WHERE c.reached))::int AS reached, (count(*) FILTER (WHERE NOT c.reached))::int AS attempts
    FROM contacts c JOIN sites s ON s.id = c.site_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
  return { kept: rowsOf(kept), recounted: rowsOf(recounted) };
}

describe('contacts per month', () => {
  interface ContactRow {
    participant_id: string;
    site_id: string;
    occurred_at: Date;
    reached: boolean;
  }
  const db = () => testDb.database.db;

  /** Contacts and attempts per month and per site, and the people reached, in the report's zone, from the contacts. */
  async function fromContacts(s: ReportScope) {
    const rows = rowsOf<ContactRow>(await db().execute(sql`SELECT participant_id, site_id, occurred_at, reached FROM contacts`));
    const months = new Map<string, [number, number]>();
    const sites = new Map<string, [number, number]>();
    const add = (map: Map<string, [number, number]>, key: string, reached: boolean) => {
      const [contacts, attempts] = map.get(key) ?? [0, 0];
      map.set(key, reached ? [contacts + 1, attempts] : [contacts, attempts + 1]);
    };
    const reached = new Set<string>();
    for (const c of rows) {
      const day = isoDateIn(new Date(c.occurred_at), s.timeZone);
      if (day < s.from || day > s.to || (s.siteIds !== null && !s.siteIds.includes(c.site_id))) continue;
      add(months, day.slice(0, 7), c.reached);
      add(sites, c.site_id, c.reached);
      if (c.reached) reached.add(c.participant_id);
    }
    return { months: Object.fromEntries([...months].sort()), sites: Object.fromEntries([...sites].sort()), peopleReached: reached.size };
  }

  async function fromReport(s: ReportScope) {
    const report = await contactMonthCells(db(), s);
    const sites = new Map<string, [number, number]>();
    for (const cell of report.people.bySite) {
      const [contacts, attempts] = sites.get(cell.k_site) ?? [0, 0];
      sites.set(cell.k_site, [contacts + cell.contacts, attempts + cell.attempts]);
    }
    return {
      months: Object.fromEntries(report.months.map((m) => [m.month, [m.contacts, m.attempts]])),
      sites: Object.fromEntries([...sites].sort()),
      peopleReached: report.peopleReached,
    };
  }

  const periods: [string, string, string][] = [
    ['a year ending mid-month', '2025-10-01', '2026-09-29'],
    ['partial months at both ends', '2025-10-15', '2026-03-10'],
    ['whole months', '2026-02-01', '2026-04-30'],
    ['days inside one month', '2026-03-05', '2026-03-20'],
    ['days across two months, none whole', '2026-03-20', '2026-04-10'],
  ];

  it.each(periods)('%s: the contacts’ own counts', async (_, from, to) => {
    const s = { ...scope, from, to };
    const expected = await fromContacts(s);
    expect(Object.keys(expected.months).length).toBeGreaterThan(0);
    expect(await fromReport(s)).toEqual(expected);
  });

  it('are kept as contacts are added, and counted again for a site whose time zone changes', async () => {
    const before = await keptAndRecounted();
    expect(before.kept.length).toBeGreaterThan(100);
    expect(before.kept).toEqual(before.recounted);

    // One statement adding two contacts of one person in one month, and one in another: added to what was kept.
    const [person] = rowsOf<{ participant_id: string; site_id: string }>(
      await db().execute(sql`SELECT participant_id, site_id FROM contact_months ORDER BY reached DESC, participant_id LIMIT 1`),
    );
    if (!person) throw new Error('no contacts were generated');
    await db().execute(sql`
      INSERT INTO contacts (participant_id, site_id, occurred_at, mode, location_type, reached, attempt_outcome, created_at)
      VALUES (${person.participant_id}, ${person.site_id}, '2026-03-10T15:00:00Z', 'phone', 'other', true, null, now()),
        (${person.participant_id}, ${person.site_id}, '2026-03-11T15:00:00Z', 'phone', 'other', false, 'no_answer', now()),
        (${person.participant_id}, ${person.site_id}, '2026-04-01T03:00:00Z', 'phone', 'other', true, null, now())`);
    const added = await keptAndRecounted();
    expect(added.kept).toEqual(added.recounted);
    expect(added.kept.length).toBeGreaterThanOrEqual(before.kept.length);

    // A site moves to another zone: its months are its new zone's, and a report in the program's zone counts it from the contacts.
    const moved = siteIds[0] ?? '';
    const zone = scope.timeZone === 'America/Los_Angeles' ? 'America/New_York' : 'America/Los_Angeles';
    await db().execute(sql`UPDATE sites SET time_zone = ${zone} WHERE id = ${moved}`);
    const rebuilt = await keptAndRecounted();
    expect(rebuilt.kept).toEqual(rebuilt.recounted);
    for (const [, from, to] of periods) {
      const s = { ...scope, from, to };
      expect(await fromReport(s), `${from}..${to}, the program's zone`).toEqual(await fromContacts(s));
      const own = { ...s, timeZone: zone, siteIds: [moved] };
      expect(await fromReport(own), `${from}..${to}, the moved site alone, in its zone`).toEqual(await fromContacts(own));
    }
  });
});

describe('a change of a site’s time zone while contacts are being logged (PostgreSQL)', () => {
  it.skipIf(!process.env.TEST_DATABASE_URL)('waits for them, and counts them in the new zone’s months', async () => {
    const url = testDb.url ?? '';
    const logging = new pg.Client(url);
    const changing = new pg.Client(url);
    await logging.connect();
    await changing.connect();
    try {
      const [row] = (await logging.query<{ participant_id: string; site_id: string; time_zone: string }>(
        'SELECT c.participant_id, c.site_id, s.time_zone FROM contacts c JOIN sites s ON s.id = c.site_id ORDER BY c.occurred_at LIMIT 1',
      )).rows;
      if (!row) throw new Error('no contacts were generated');
      // 03:00 UTC on the 1st of a month is still the month before in the Americas: the zone decides the month.
      const zone = row.time_zone === 'UTC' ? 'America/Chicago' : 'UTC';
      await logging.query('BEGIN');
      await logging.query(
        `INSERT INTO contacts (participant_id, site_id, occurred_at, mode, location_type, reached, attempt_outcome, created_at)
         VALUES ($1, $2, '2026-05-01T03:00:00Z', 'phone', 'office', true, null, now())`,
        [row.participant_id, row.site_id],
      );
      let changed = false;
      const change = changing.query('UPDATE sites SET time_zone = $1 WHERE id = $2', [zone, row.site_id]).then(() => (changed = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(changed, 'the change waits for the contact being logged').toBe(false);
      await logging.query('COMMIT');
      await change;
      const { kept, recounted } = await keptAndRecounted();
      expect(kept).toEqual(recounted);
    } finally {
      await logging.end();
      await changing.end();
    }
  });
});

describe('the whole months of a period', () => {
  it.each([
    ['2025-10-01', '2026-09-30', '2025-10-01', '2026-10-01'],
    ['2025-10-01', '2026-09-29', '2025-10-01', '2026-09-01'],
    ['2025-10-15', '2026-03-10', '2025-11-01', '2026-03-01'],
    ['2025-12-15', '2026-01-31', '2026-01-01', '2026-02-01'],
    ['2026-03-05', '2026-03-20', '2026-03-21', '2026-03-21'],
    ['2026-03-01', '2026-03-20', '2026-03-21', '2026-03-21'],
    ['2026-02-10', '2026-03-20', '2026-03-21', '2026-03-21'],
  ])('%s to %s: from %s, before %s', (from, to, first, after) => {
    expect(wholeMonths(from, to)).toEqual({ first, after });
  });
});
