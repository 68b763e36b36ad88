/**
 * The dashboard's figure queries, each with the tables it reads. The figures kept in
 * memory (figures-cache.ts) are reused query by query: after a contact is logged,
 * only the contacts' query runs again, not the dozen others. A table's changes are
 * noted by a trigger (figure_changes, drizzle/0030); reports.inputs.test.ts checks
 * each list here against the tables its query actually scans, and that every table
 * listed has the trigger.
 */
import { CLOSING_SOON_DAYS } from '../../core/enrollments.ts';
import { EXPIRY_ALERT_DAYS } from '../../core/naloxone.ts';
import type { Queryable } from '../db/database.ts';
import * as naloxoneEvents from './naloxone-event-queries.ts';
import * as repo from './reports.repository.ts';
import type { ReportScope } from './reports.repository.ts';

export interface FigureQuery<T> {
  /** The tables the query reads. */
  reads: readonly string[];
  run: (q: Queryable) => Promise<T>;
}

/**
 * The columns of participants the queries read. An update of a participant is noted
 * as a change only if it changed one of these (drizzle/0030): editing a phone number
 * leaves the kept figures current. reports.inputs.test.ts checks the queries read no
 * other column and the trigger notes each of these; a generated column (report_key)
 * is noted through the columns it is generated from.
 */
export const PARTICIPANT_FIGURE_COLUMNS = ['id', 'site_id', 'race', 'ethnicity', 'gender', 'report_key', 'date_of_birth', 'release_date', 'referral_source'] as const;

/** What a query keyed by person reads for the keys of its rows (cell-keys.ts). */
const PEOPLE = ['participants', 'study_assignments'];
const ENROLLMENTS = [...PEOPLE, 'enrollments'];
const FOLLOW_UPS = ['enrollments', 'enrollment_interviews'];

const query = <T>(reads: readonly string[], run: (q: Queryable) => Promise<T>): FigureQuery<T> => ({ reads, run });

/**
 * The queries of one period's figures, in the order the lanes take them (query-lanes.ts):
 * the studies (a few rows, which the retention curves need), then the retention episodes,
 * whose curves are the most work in JavaScript once their rows are in (that work then
 * overlaps the database's on the others), then the rest longest first.
 */
export function figureQueries(scope: ReportScope) {
  return {
    studies: query(['studies'], (q) => repo.studyArms(q)),
    retention: query([...PEOPLE, 'moud_episodes'], (q) => repo.retentionEpisodes(q, scope)),
    contactMonths: query([...PEOPLE, 'sites', 'contacts', 'contact_months'], (q) => repo.contactMonthCells(q, scope)),
    episodes: query(ENROLLMENTS, (q) => repo.episodeCells(q, scope)),
    linkage: query([...ENROLLMENTS, 'critical_events', 'moud_episodes'], (q) => repo.linkageCells(q, scope)),
    referrals: query([...PEOPLE, 'referrals'], (q) => repo.referralCells(q, scope)),
    followUps: query([...PEOPLE, ...FOLLOW_UPS], (q) => repo.followUpCells(q, scope)),
    events: query([...PEOPLE, 'critical_events'], (q) => naloxoneEvents.eventCells(q, scope)),
    providers: query(['referrals'], (q) => repo.providerFunnels(q, scope)),
    dueNow: query([...FOLLOW_UPS, 'sites'], (q) => repo.followUpsDueNow(q, scope, CLOSING_SOON_DAYS)),
    distributions: query(['naloxone_distributions'], (q) => naloxoneEvents.distributionRows(q, scope)),
    expiring: query(['naloxone_lots', 'naloxone_movements', 'sites'], (q) => naloxoneEvents.expiringStock(q, scope, EXPIRY_ALERT_DAYS)),
    overdosePeople: query([...PEOPLE, 'critical_events'], (q) => naloxoneEvents.overdosePeopleCells(q, scope)),
    reversals: query(['naloxone_reversals'], (q) => naloxoneEvents.reversalRows(q, scope)),
  };
}

export type FigureQueries = ReturnType<typeof figureQueries>;
export type FigureResults = { [K in keyof FigureQueries]: FigureQueries[K] extends FigureQuery<infer T> ? T : never };

/**
 * Tables kept by triggers from others, whose changes are noted through those:
 * contact_months follows contacts (drizzle/0028), and is recounted only when a site's
 * time zone changes, in the same transaction. A query reading one lists its sources too.
 */
export const DERIVED_TABLES: Readonly<Record<string, readonly string[]>> = { contact_months: ['contacts', 'sites'] };

/** Every table whose changes are noted (drizzle/0030): a change to any of them may change the figures. */
export const FIGURE_TABLES: readonly string[] = [
  ...new Set(
    Object.values(figureQueries({ from: '2000-01-01', to: '2000-01-01', today: '2000-01-01', timeZone: 'UTC', siteIds: null }))
      .flatMap((x) => x.reads)
      .filter((t) => !(t in DERIVED_TABLES)),
  ),
].sort();

/** Each query's result, as it comes in. */
export type FigurePromises = { [K in keyof FigureResults]: Promise<FigureResults[K]> };

/**
 * Starts each query through `run` (the lanes, or the kept result of an earlier run)
 * and gives each result as it comes in: the figures' work in JavaScript on one result
 * overlaps the database's on the next (reports.service.ts computeFigures).
 */
export function startFigureQueries(queries: FigureQueries, run: <T>(name: keyof FigureQueries, query: FigureQuery<T>) => Promise<T>): FigurePromises {
  const names = Object.keys(queries) as (keyof FigureQueries)[];
  return Object.fromEntries(names.map((name) => [name, run(name, queries[name] as FigureQuery<unknown>)])) as FigurePromises;
}
