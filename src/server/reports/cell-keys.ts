/**
 * The keys every dashboard figure is broken down by: the site, the person's race group,
 * ethnicity, gender and age group at the period's end, and their study arms (decision
 * 0026). In SQL the person's are one integer per person, `kid`, worked out from the
 * participant's row with no lookup and no sort, and named once the rows are back.
 * Most queries return marginals, counts by site, by key id and by arms (decision 0029).
 */
import { sql, type SQL } from 'drizzle-orm';
import { AGE_GROUPS } from '../../core/reports.ts';
import { selectRows, type Queryable } from '../db/database.ts';
import { idArray } from '../db/id-list.ts';
import { ETHNICITY_KEYS, GENDER_KEYS, RACE_KEYS } from '../participants/report-key.ts';
import type { ReportScope } from './reports.repository.ts';

/** The grouping keys every cell carries. */
export interface CellKeys {
  k_site: string;
  k_race: string;
  k_ethnicity: string;
  k_gender: string;
  k_age: string;
  /** The study arms the person was randomized to, as "studyId:arm" (several studies, several arms); null for none. */
  k_arms: string[] | null;
}

/*
 * A person's race group, ethnicity, gender and age group travel through the queries
 * as one number, `kid` (key id): the participant's stored `report_key` (race group,
 * ethnicity and gender: participants/report-key.ts) and the age group on the period's
 * last day, worked out with no lookup and no sort, and named here once the few
 * thousand cells are back. Grouping by one integer is what keeps the largest queries
 * fast (the text keys, sorted or ranked per query, were a third of the dashboard's SQL).
 */
export type KeyNames = Pick<CellKeys, 'k_race' | 'k_ethnicity' | 'k_gender' | 'k_age'>;

/** The names of every key id, in the order `personKid` numbers them. */
const KEY_NAMES: readonly KeyNames[] = RACE_KEYS.flatMap((k_race) =>
  ETHNICITY_KEYS.flatMap((k_ethnicity) => GENDER_KEYS.flatMap((k_gender) => AGE_GROUPS.map((k_age) => ({ k_race, k_ethnicity, k_gender, k_age })))),
);

/** The age at which each age group after the first starts ('18_24' → 18, '65_plus' → 65). */
const AGE_GROUP_STARTS = AGE_GROUPS.slice(1).map((group) => parseInt(group, 10));

/**
 * The key id of participant alias `p`, with the age on the period's last day. Someone
 * is `age` or older on that day when born before the day after it, `age` years
 * earlier: the age group is how many of those days the birth comes before, found by
 * `width_bucket` among them (under 18 is 0, 65 and over 6). Comparing dates this way
 * costs a tenth of working out each person's age.
 */
const personKid = (scope: ReportScope): SQL => {
  const days = AGE_GROUP_STARTS.map((age) => sql`(${scope.to}::date - ${`${String(age)} years`}::interval)::date + 1`).reverse();
  const age = sql`${AGE_GROUP_STARTS.length} - width_bucket(p.date_of_birth, array[${sql.join(days, sql`, `)}])`;
  return sql`(p.report_key * ${AGE_GROUPS.length} + ${age})::int`;
};

/** Each person's study arms as "studyId:arm", by study (CTE `arms`). */
export const armsCte = sql`arms as (
  select sa.participant_id, array_agg(sa.study_id || ':' || sa.arm order by sa.study_id) as k_arms
  from study_assignments sa group by sa.participant_id
)`;

/** The key id and arms of participant alias `p`, for a query that has `arms` and joins it as `a`. */
export const personKeys = (scope: ReportScope): SQL => sql`${personKid(scope)} as kid, a.k_arms`;

/**
 * Joins the person of `participantId` as `p` and their arms as `a`, for `personKeys`.
 * Keys are worked out on the joined rows: a materialized list of people, joined
 * after, left the planner guessing its size (200 rows for 30,000) and probing the
 * participants' index once a person.
 */
export const personJoin = (participantId: SQL): SQL =>
  sql`join participants p on p.id = ${participantId} left join arms a on a.participant_id = ${participantId}`;

/** What a query returns for the keys of a cell, named by `named`. */
export interface KeyIds {
  kid: number;
  k_arms: string[] | null;
}

/**
 * Rows with the names of their key id added, in place: tens of thousands of rows, where
 * copying each without its key id (rest properties) cost more than the figures' sums.
 */
export function named<T extends KeyIds>(rows: T[]): (T & KeyNames)[] {
  for (const row of rows as (T & KeyNames)[]) {
    const names = keyNames(row.kid);
    row.k_race = names.k_race;
    row.k_ethnicity = names.k_ethnicity;
    row.k_gender = names.k_gender;
    row.k_age = names.k_age;
  }
  return rows as (T & KeyNames)[];
}

/*
 * Marginals. The breakdowns read one dimension at a time, so most figure queries return
 * their counts by site, by key id and by arms (grouping sets), not by every combination
 * of the three: a few hundred rows a query rather than ten thousand cells, which the
 * server parsed and summed on every cold dashboard (decision 0029). The rows by site
 * split the whole (each person or record has one site), so totals are their sums.
 */

/** What `grouping(k_site, kid, k_arms)` gives for the rows of each set of `marginalSets`. */
const BY_SITE = 3;
const BY_KEYS = 5;
const BY_ARMS = 6;

/** The keys of a marginal row as a query returns them: one of the three is grouped, as `k_by` tells. */
export interface MarginalKeys {
  k_by: number;
  k_site: string | null;
  kid: number | null;
  k_arms: string[] | null;
}

/** A query's counts by site, by key id (race group, ethnicity, gender and age group) and by arms. */
export interface Marginals<T> {
  /** One row a site (and `extra` value): together, the whole. */
  bySite: (T & { k_site: string })[];
  byKeys: (T & { kid: number })[];
  /** One row a combination of arms; people in no study have a row with null. */
  byArms: (T & { k_arms: string[] | null })[];
}

/** The select list's keys of a marginal query: which set a row is of, and its keys. */
export const marginalKeys = sql`grouping(k_site, kid, k_arms) as k_by, k_site, kid, k_arms`;

/** The grouping sets of a marginal query, each with the `extra` columns (as `extra, k_site`, …). */
export const marginalSets = (...extra: string[]): SQL => {
  const set = (key: string) => sql.raw(`(${[...extra, key].join(', ')})`);
  return sql`${set('k_site')}, ${set('kid')}, ${set('k_arms')}`;
};

/** A marginal query's rows split by set; rows of any other grouping set (`rest`) are given back apart. */
export function marginals<T extends MarginalKeys>(rows: readonly T[], rest?: (row: T) => void): Marginals<T> {
  const m: Marginals<T> = { bySite: [], byKeys: [], byArms: [] };
  for (const row of rows) {
    if (row.k_by === BY_SITE) m.bySite.push(row as T & { k_site: string });
    else if (row.k_by === BY_KEYS) m.byKeys.push(row as T & { kid: number });
    else if (row.k_by === BY_ARMS) m.byArms.push(row);
    else if (rest) rest(row);
    else throw new Error(`A marginal row of grouping ${String(row.k_by)}`);
  }
  return m;
}

/** The rows of each set that `keep` keeps. */
export function filterMarginals<T>(m: Marginals<T>, keep: (row: T) => boolean): Marginals<T> {
  return { bySite: m.bySite.filter(keep), byKeys: m.byKeys.filter(keep), byArms: m.byArms.filter(keep) };
}

/** The names of key id `kid`. */
export function keyNames(kid: number): KeyNames {
  const names = KEY_NAMES[kid];
  if (!names) throw new Error(`No keys are numbered ${String(kid)}`);
  return names;
}

/** The keys of the given people as every figure query works them out (reports.rules.test.ts checks them against the rule). */
export async function participantCellKeys(tx: Queryable, scope: ReportScope, participantIds: readonly string[]): Promise<(Omit<CellKeys, 'k_site'> & { participant_id: string })[]> {
  const rows = await selectRows<KeyIds & { participant_id: string }>(
    tx,
    sql`with ${armsCte}
      select p.id as participant_id, ${personKeys(scope)}
      from participants p left join arms a on a.participant_id = p.id
      where p.id = any(${idArray(participantIds)})`,
  );
  return named(rows).map(({ participant_id, k_race, k_ethnicity, k_gender, k_age, k_arms }) => ({ participant_id, k_race, k_ethnicity, k_gender, k_age, k_arms }));
}
