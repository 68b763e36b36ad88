/**
 * Rules of the dashboard's queries written out in full and checked on the demo
 * program, where the figures' own tests could pass without them.
 *
 * The keys every dashboard cell is grouped by (race group, ethnicity, gender, age
 * group at the period's end, study arms) travel through the figures' SQL as one
 * number per person, named again once the cells are back (reports.repository.ts
 * `personKid`). Here every combination of the recorded values, including none, a
 * declined race beside a chosen one, several races, and values outside the lists,
 * is checked against the rule written out in full.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ETHNICITIES, GENDERS } from '../../src/core/enums.ts';
import { addMonths } from '../../src/core/enrollments.ts';
import { rowsOf } from '../../src/server/db/database.ts';
import { idArray } from '../../src/server/db/id-list.ts';
import { participantCellKeys } from '../../src/server/reports/cell-keys.ts';
import { providerFunnels, type ReportScope } from '../../src/server/reports/reports.repository.ts';
import { createDemoTestDatabase, type TestDatabase } from '../support/database.ts';

const NOW = new Date('2026-03-02T15:00:00Z');
const scope: ReportScope = { from: '2025-03-01', to: '2026-02-28', today: '2026-03-02', timeZone: 'America/Chicago', siteIds: null };

const RACE_SETS: string[][] = [
  [],
  ['declined'],
  ['white'],
  ['asian', 'declined'],
  ['white', 'black_or_african_american'],
  ['middle_eastern_or_north_african', 'native_hawaiian_or_other_pacific_islander', 'declined'],
  ['not_a_listed_race'],
];
const ETHNICITY_VALUES: (string | null)[] = [null, ...ETHNICITIES, 'not_listed'];
const GENDER_VALUES: (string | null)[] = [null, ...GENDERS, 'not_listed'];
/** Birthdays around the bucket edges, as years before the period's end and days after that. */
const BIRTHDAYS: [number, number][] = [
  [18, 0],
  [18, 1],
  [25, 0],
  [24, 200],
  [45, -1],
  [65, 0],
  [65, 1],
  [40, 0],
];

/** The rule, as docs/decisions/0014-outcome-measures.md states it. */
function expectedRace(race: string[]): string {
  const chosen = race.filter((r) => r !== 'declined');
  if (chosen.length > 1) return 'two_or_more_races';
  if (chosen.length === 1) return chosen[0] === 'not_a_listed_race' ? 'unknown' : (chosen[0] ?? 'unknown');
  return race.includes('declined') ? 'declined' : 'unknown';
}
const listed = (value: string | null, list: readonly string[]) => (value !== null && list.includes(value) ? value : 'unknown');
function expectedAge(dateOfBirth: string): string {
  let years = Number(scope.to.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  if (scope.to.slice(5) < dateOfBirth.slice(5)) years -= 1;
  const edges: [number, string][] = [
    [65, '65_plus'],
    [55, '55_64'],
    [45, '45_54'],
    [35, '35_44'],
    [25, '25_34'],
    [18, '18_24'],
  ];
  return edges.find(([edge]) => years >= edge)?.[1] ?? 'under_18';
}

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createDemoTestDatabase(NOW);
}, 240_000);
afterAll(() => testDb.drop());

it('every combination of recorded values gets the keys the rule gives, with its study arms', async () => {
  const db = testDb.database.db;
  const [site] = rowsOf<{ id: string }>(await db.execute(sql`SELECT id FROM sites ORDER BY name LIMIT 1`));
  const studies = rowsOf<{ id: string; arms: { key: string }[] }>(await db.execute(sql`SELECT id, arms FROM studies ORDER BY id`));
  if (!site || studies.length === 0) throw new Error('the demo program has no site or no study');

  // The list sizes are pairwise coprime, so n = 0 … product - 1 meets every combination once.
  const count = RACE_SETS.length * ETHNICITY_VALUES.length * GENDER_VALUES.length * BIRTHDAYS.length;
  const people = Array.from({ length: count }, (_, n) => {
    const [years, days] = BIRTHDAYS[n % BIRTHDAYS.length] ?? [30, 0];
    const birthday = new Date(`${addMonths(scope.to, -12 * years)}T00:00:00Z`);
    birthday.setUTCDate(birthday.getUTCDate() + days);
    return {
      race: RACE_SETS[n % RACE_SETS.length] ?? [],
      ethnicity: ETHNICITY_VALUES[n % ETHNICITY_VALUES.length] ?? null,
      gender: GENDER_VALUES[n % GENDER_VALUES.length] ?? null,
      dateOfBirth: birthday.toISOString().slice(0, 10),
    };
  });
  const ids = rowsOf<{ id: string }>(
    await db.execute(sql`
      INSERT INTO participants (site_id, first_name, last_name, date_of_birth, custody_status, search_name, name_sounds, race, ethnicity, gender, created_at, updated_at)
      SELECT ${site.id}, 'Key', 'Person ' || n, (x->>'dateOfBirth')::date, 'community', 'key person ' || n, '{}',
        array(SELECT jsonb_array_elements_text(x->'race')), x->>'ethnicity', x->>'gender', now(), now()
      FROM jsonb_array_elements(${JSON.stringify(people)}::jsonb) WITH ORDINALITY AS t(x, n)
      ORDER BY n
      RETURNING id`),
  ).map((r) => r.id);
  expect(ids).toHaveLength(count);

  // Every third person in the first study, every fourth in the last one (so some are in both).
  const assignments: { study: string; participant: string; arm: string }[] = [];
  for (const [i, id] of ids.entries()) {
    const theirs = [studies[0], studies[studies.length - 1]].filter((study, k) => (k === 0 ? i % 3 === 0 : i % 4 === 0 && studies.length > 1));
    for (const study of theirs) {
      if (study) assignments.push({ study: study.id, participant: id, arm: study.arms[i % study.arms.length]?.key ?? '' });
    }
  }
  await db.execute(sql`
    INSERT INTO study_assignments (study_id, participant_id, arm, stratum_key, block_number, assigned_at)
    SELECT (x->>'study')::uuid, (x->>'participant')::uuid, x->>'arm', 'keys-test', 1, now()
    FROM jsonb_array_elements(${JSON.stringify(assignments)}::jsonb) AS t(x)`);
  const arms = new Map<string, string[]>();
  for (const a of assignments) arms.set(a.participant, [...(arms.get(a.participant) ?? []), `${a.study}:${a.arm}`].sort());

  const keys = new Map((await participantCellKeys(db, scope, ids)).map((k) => [k.participant_id, k]));
  const seen = new Set<string>();
  for (const [i, id] of ids.entries()) {
    const person = people[i];
    if (!person) continue;
    const expected = {
      participant_id: id,
      k_race: expectedRace(person.race),
      k_ethnicity: listed(person.ethnicity, ETHNICITIES),
      k_gender: listed(person.gender, GENDERS),
      k_age: expectedAge(person.dateOfBirth),
      k_arms: arms.get(id) ?? null,
    };
    expect(keys.get(id), JSON.stringify(person)).toEqual(expected);
    seen.add(`${expected.k_race} ${expected.k_age}`);
  }
  // The fixture reaches every race group and age group bucket edge it means to.
  expect(new Set([...seen].map((s) => s.split(' ')[0]))).toEqual(new Set(['unknown', 'declined', 'white', 'asian', 'two_or_more_races']));
  expect(new Set([...seen].map((s) => s.split(' ')[1]))).toEqual(new Set(['under_18', '18_24', '25_34', '35_44', '45_54', '55_64', '65_plus']));
});

it('a provider is named as its latest referral in the period named it', async () => {
  const db = testDb.database.db;
  // The organization referred to most in the period, its referrals newest first.
  const referrals = rowsOf<{ id: string; resource_id: string }>(
    await db.execute(sql`
      WITH period AS (SELECT * FROM referrals WHERE sent_at >= ${scope.from}::date AND sent_at < ${scope.to}::date + 1),
        busiest AS (SELECT resource_id FROM period GROUP BY resource_id ORDER BY count(*) DESC, resource_id LIMIT 1)
      SELECT id, resource_id FROM period WHERE resource_id = (SELECT resource_id FROM busiest) ORDER BY sent_at DESC, id DESC`),
  );
  const [latest, ...earlier] = referrals;
  if (!latest || earlier.length === 0) throw new Error('the demo program has no organization referred to twice in the period');
  // Renamed in the directory before the latest referral: the earlier ones keep the old name, in both orders of their ids.
  await db.execute(sql`UPDATE referrals SET resource_name = 'Clinic, old name' WHERE id = any(${idArray(earlier.map((r) => r.id))})`);
  await db.execute(sql`UPDATE referrals SET resource_name = 'Clinic, new name' WHERE id = ${latest.id}`);
  const funnels = await providerFunnels(db, { ...scope, timeZone: 'UTC' });
  const row = funnels.find((f) => f.resource_id === latest.resource_id);
  expect(row).toMatchObject({ name: 'Clinic, new name', sent: referrals.length });
});
