/**
 * The outcome figures, computed in SQL as aggregates. Every query is set-based
 * (no query per participant) and returns counts grouped by "cell": the site the
 * measure is attributed to and the person's race group, ethnicity, gender and age
 * group at the period's end. The service sums cells into totals and breakdowns, so
 * one query serves the headline figure and every breakdown of it. No name, no
 * contact detail leaves these queries; participant ids are used only inside them,
 * except for the MOUD episodes of the retention cohort, which the service folds
 * into survival times with the core retention rule and then drops.
 */
import { sql, type SQL } from 'drizzle-orm';
import { addDays, addMonths } from '../../core/enrollments.ts';
import { selectRows, type Queryable } from '../db/database.ts';
import { idArray } from '../db/id-list.ts';

export interface ReportScope {
  from: string;
  to: string;
  /** Today in the program's time zone: how far outcomes are followed. */
  today: string;
  /** The program's time zone, for the calendar day of a contact or a referral. */
  timeZone: string;
  /** The sites included; null for every site. */
  siteIds: string[] | null;
}

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

const siteFilter = (column: SQL, scope: ReportScope): SQL =>
  scope.siteIds === null ? sql`true` : sql`${column} = any(${idArray(scope.siteIds)})`;

/** The demographic keys of participant alias `p`, with the age on the period's last day. */
const personKeys = (scope: ReportScope): SQL => sql`
  case
    when cardinality(array_remove(p.race, 'declined')) > 1 then 'two_or_more_races'
    when cardinality(array_remove(p.race, 'declined')) = 1 then (array_remove(p.race, 'declined'))[1]
    when 'declined' = any(p.race) then 'declined'
    else 'unknown'
  end as k_race,
  coalesce(p.ethnicity, 'unknown') as k_ethnicity,
  coalesce(p.gender, 'unknown') as k_gender,
  -- The age worked out once (a case would work it out once per group tried): under 18 is bucket 0, 65 and over 6.
  (array['under_18', '18_24', '25_34', '35_44', '45_54', '55_64', '65_plus'])[
    width_bucket(date_part('year', age(${scope.to}::date, p.date_of_birth)), array[18, 25, 35, 45, 55, 65]::float8[]) + 1] as k_age,
  (select array_agg(sa.study_id || ':' || sa.arm order by sa.study_id) from study_assignments sa where sa.participant_id = p.id) as k_arms`;

const cellGroup = sql`k_site, k_race, k_ethnicity, k_gender, k_age, k_arms`;

/**
 * The demographic keys of the people a query is about, worked out once per person
 * (MATERIALIZED: not once per contact or referral after a join), as CTE `keyed`,
 * each distinct set of keys numbered (`kid`), and the numbers' keys as `key_names`.
 * A query groups its rows by the number, and names the keys of the few hundred
 * groups afterwards (`namedCells`): hashing an integer rather than sorting a hundred
 * thousand rows by four texts and an array took a quarter off the largest queries.
 */
const keyed = (participantIds: SQL, scope: ReportScope): SQL => sql`
  keyed as materialized (
    select kp.pid, dense_rank() over (order by kp.k_race, kp.k_ethnicity, kp.k_gender, kp.k_age, kp.k_arms)::int as kid, kp.k_race, kp.k_ethnicity, kp.k_gender, kp.k_age, kp.k_arms
    from (select p.id as pid, ${personKeys(scope)} from participants p where p.id in (${participantIds})) kp
  ),
  key_names as (select distinct on (kid) kid, k_race, k_ethnicity, k_gender, k_age, k_arms from keyed order by kid)`;

/** The rows of `grouped` (grouped by `kid`, alias g), with the keys of their number instead of it. */
const namedCells = (grouped: SQL, columns: SQL): SQL =>
  sql`select ${columns}, n.k_race, n.k_ethnicity, n.k_gender, n.k_age, n.k_arms from (${grouped}) g join key_names n on n.kid = g.kid`;

/** The first instant of a calendar day in the program's time zone. */
const dayStart = (day: string, scope: ReportScope): SQL => sql`(${day}::date::timestamp at time zone ${scope.timeZone})`;
const dayAfter = (day: string, scope: ReportScope): SQL => sql`((${day}::date + 1)::timestamp at time zone ${scope.timeZone})`;

/* ---------- enrollment ---------- */

export interface EnrollmentCell extends CellKeys {
  reason: string | null;
  active: number;
  enrolled: number;
  discharged: number;
  active_at_end: number;
}

/**
 * One row per person with an episode open on a day of the period (at the site of
 * their latest such episode): enrolled in the period, discharged in it (with the
 * reason of the last discharge), still open at its end.
 */
export function enrollmentCells(tx: Queryable, scope: ReportScope): Promise<EnrollmentCell[]> {
  return selectRows(
    tx,
    sql`
    with per as (
      select e.participant_id,
        (array_agg(e.site_id order by e.enrolled_on desc))[1] as k_site,
        bool_or(e.enrolled_on >= ${scope.from}::date) as enrolled,
        bool_or(e.discharged_on between ${scope.from}::date and ${scope.to}::date) as discharged,
        bool_or(e.discharged_on is null or e.discharged_on > ${scope.to}::date) as active_at_end,
        (array_agg(e.discharge_reason order by e.discharged_on desc)
          filter (where e.discharged_on between ${scope.from}::date and ${scope.to}::date))[1] as reason
      from enrollments e
      where e.enrolled_on <= ${scope.to}::date
        and (e.discharged_on is null or e.discharged_on >= ${scope.from}::date)
        and ${siteFilter(sql`e.site_id`, scope)}
      group by e.participant_id
    ), ${keyed(sql`select participant_id from per`, scope)},
    cells as (
      select per.*, k.kid from per join keyed k on k.pid = per.participant_id
    )
    ${namedCells(
      sql`select k_site, kid, case when discharged then reason end as reason,
        count(*)::int as active,
        count(*) filter (where enrolled)::int as enrolled,
        count(*) filter (where discharged)::int as discharged,
        count(*) filter (where active_at_end)::int as active_at_end
      from cells
      group by k_site, kid, 3`,
      sql`g.k_site, g.reason, g.active, g.enrolled, g.discharged, g.active_at_end`,
    )}`,
  );
}

/* ---------- contacts ---------- */

export interface ActiveMonthCell extends CellKeys {
  month: string;
  people: number;
}

/**
 * People with an episode open on a day of each month of the period (the part of the
 * month inside the period), at the site of their latest such episode: each episode
 * overlapping the period gives the months it spans inside it.
 */
/** The months of the period episode `x` (enrolled_on, discharged_on) is open on a day of, as m(m). */
const episodeMonths = (scope: ReportScope): SQL => sql`generate_series(
  date_trunc('month', greatest(x.enrolled_on, ${scope.from}::date)),
  least(coalesce(x.discharged_on, ${scope.to}::date), ${scope.to}::date),
  interval '1 month') as m(m)`;

export function activeMonthCells(tx: Queryable, scope: ReportScope): Promise<ActiveMonthCell[]> {
  return selectRows(
    tx,
    sql`
    with eps as materialized (
      select e.participant_id, e.site_id, e.enrolled_on, e.discharged_on, count(*) over (partition by e.participant_id) as episodes
      from enrollments e
      where e.enrolled_on <= ${scope.to}::date and (e.discharged_on is null or e.discharged_on >= ${scope.from}::date)
        and ${siteFilter(sql`e.site_id`, scope)}
    ), pm as (
      -- Most people have one episode in the period: its months, with no sorting.
      select m.m::date as m_start, x.participant_id, x.site_id as k_site
      from eps x cross join lateral ${episodeMonths(scope)}
      where x.episodes = 1
      union all
      -- Several: each month at the site of the latest episode open in it.
      (select distinct on (m.m, x.participant_id) m.m::date, x.participant_id, x.site_id
      from eps x cross join lateral ${episodeMonths(scope)}
      where x.episodes > 1
      order by m.m, x.participant_id, x.enrolled_on desc)
    ), ${keyed(sql`select participant_id from eps`, scope)},
    cells as (select pm.m_start, pm.k_site, k.kid from pm join keyed k on k.pid = pm.participant_id)
    ${namedCells(
      sql`select m_start, k_site, kid, count(*)::int as people from cells group by m_start, k_site, kid`,
      sql`to_char(g.m_start, 'YYYY-MM') as month, g.k_site, g.people`,
    )}`,
  );
}

export interface ContactMonthCell extends CellKeys {
  month: string;
  contacts: number;
  attempts: number;
}

/**
 * The whole calendar months inside a period, as [first, after): from the first day of
 * the first month that starts in it to the first day of the month after the last one
 * that ends in it. A period with no whole month gives an empty range at its end.
 */
export function wholeMonths(from: string, to: string): { first: string; after: string } {
  const first = from.endsWith('-01') ? from : addMonths(`${from.slice(0, 7)}-01`, 1);
  const dayAfterEnd = addDays(to, 1);
  const after = dayAfterEnd.endsWith('-01') ? dayAfterEnd : `${to.slice(0, 7)}-01`;
  return first < after ? { first, after } : { first: dayAfterEnd, after: dayAfterEnd };
}

/**
 * Contacts (reached) and attempts by month of the program's calendar, at the site they
 * were logged for; and the distinct people reached at least once in the period.
 *
 * The period's whole months, at sites keeping the report's time zone, come from
 * `contact_months` (each site's contacts per month and person, kept by triggers:
 * drizzle/0028). The days of the period's first and last months outside them, and
 * sites in another zone (whose months differ from the report's), are counted from the
 * contacts themselves, read from contacts_site_occurred_idx alone. The branches cover
 * different months or sites, so no count is taken twice.
 */
export async function contactMonthCells(tx: Queryable, scope: ReportScope): Promise<{ cells: ContactMonthCell[]; peopleReached: number }> {
  const whole = wholeMonths(scope.from, scope.to);
  const sitesWhere = (zone: SQL) => sql`array(select s.id from sites s where ${siteFilter(sql`s.id`, scope)} and ${zone})`;
  const sameZone = sitesWhere(sql`s.time_zone = ${scope.timeZone}`);
  const otherZone = sitesWhere(sql`s.time_zone <> ${scope.timeZone}`);
  const counted = (sites: SQL, from: SQL, before: SQL) => sql`
    select c.participant_id, c.site_id, date_trunc('month', c.occurred_at at time zone ${scope.timeZone})::date,
      count(*) filter (where c.reached)::int, count(*) filter (where not c.reached)::int
    from contacts c
    where c.site_id = any(${sites}) and c.occurred_at >= ${from} and c.occurred_at < ${before}
    group by 1, 2, 3`;
  const rows = await selectRows<ContactMonthCell & { people_reached: number }>(
    tx,
    sql`
    with c as materialized (
      select cm.participant_id, cm.site_id as k_site, cm.month as m, cm.reached as contacts, cm.attempts
      from contact_months cm
      where cm.site_id = any(${sameZone}) and cm.month >= ${whole.first}::date and cm.month < ${whole.after}::date
      union all ${counted(sameZone, dayStart(scope.from, scope), dayStart(whole.first, scope))}
      union all ${counted(sameZone, dayStart(whole.after, scope), dayAfter(scope.to, scope))}
      union all ${counted(otherZone, dayStart(scope.from, scope), dayAfter(scope.to, scope))}
    ), ${keyed(sql`select participant_id from c`, scope)},
    reached as (select count(distinct participant_id)::int as n from c where contacts > 0),
    cells as (select c.m, c.k_site, c.contacts, c.attempts, k.kid from c join keyed k on k.pid = c.participant_id)
    ${namedCells(
      sql`select m, k_site, kid, sum(contacts)::int as contacts, sum(attempts)::int as attempts from cells group by m, k_site, kid`,
      sql`to_char(g.m, 'YYYY-MM') as month, g.k_site, g.contacts, g.attempts, (select n from reached) as people_reached`,
    )}`,
  );
  return { cells: rows, peopleReached: rows[0]?.people_reached ?? 0 };
}

/* ---------- referrals ---------- */

export interface FunnelCounts {
  sent: number;
  accepted: number;
  appointment: number;
  attended: number;
  engaged: number;
}

export interface ReferralCell extends CellKeys, FunnelCounts {
  need: string;
}

/**
 * Referrals sent in the period with the stages each has reached by today (CTE `rs`):
 * the stage flags the steps' trigger keeps on each referral (drizzle/0027).
 */
const referralStages = (scope: ReportScope): SQL => sql`
  rs as (
    select r.id, r.site_id, r.participant_id, r.need, r.resource_id, r.resource_name,
      r.reached_accepted as accepted, r.reached_appointment as appointment,
      r.reached_attended as attended, r.reached_completed as engaged
    from referrals r
    where r.sent_at >= ${dayStart(scope.from, scope)} and r.sent_at < ${dayAfter(scope.to, scope)}
      and ${siteFilter(sql`r.site_id`, scope)}
  )`;

const funnelSums = sql`
  count(*)::int as sent,
  count(*) filter (where accepted)::int as accepted,
  count(*) filter (where appointment)::int as appointment,
  count(*) filter (where attended)::int as attended,
  count(*) filter (where engaged)::int as engaged`;

/** Referrals sent in the period and the stages each has reached by today, by need and cell. */
export function referralCells(tx: Queryable, scope: ReportScope): Promise<ReferralCell[]> {
  return selectRows(
    tx,
    sql`
    with ${referralStages(scope)},
    per as (
      select rs.participant_id, rs.site_id as k_site, rs.need, ${funnelSums}
      from rs group by rs.participant_id, rs.site_id, rs.need
    ), ${keyed(sql`select participant_id from per`, scope)},
    cells as (select per.*, k.kid from per join keyed k on k.pid = per.participant_id)
    ${namedCells(
      sql`select need, k_site, kid, sum(sent)::int as sent, sum(accepted)::int as accepted, sum(appointment)::int as appointment,
        sum(attended)::int as attended, sum(engaged)::int as engaged
      from cells group by need, k_site, kid`,
      sql`g.need, g.k_site, g.sent, g.accepted, g.appointment, g.attended, g.engaged`,
    )}`,
  );
}

export interface ProviderFunnel extends FunnelCounts {
  resource_id: string;
  name: string;
}

/** The same funnel by the organization referred to (its latest name used for it). */
export function providerFunnels(tx: Queryable, scope: ReportScope): Promise<ProviderFunnel[]> {
  return selectRows(
    tx,
    sql`
    with ${referralStages(scope)}
    select resource_id, (array_agg(resource_name order by id))[1] as name, ${funnelSums}
    from rs group by resource_id order by count(*) desc, 2`,
  );
}

/* ---------- linkage ---------- */

export interface LinkageCell extends CellKeys {
  from_kind: 'release' | 'ed_discharge';
  /** Days from the index date to the first dose (0 when continued); null when not linked by today. */
  days: number | null;
  elig7: boolean;
  elig14: boolean;
  elig30: boolean;
  people: number;
}

/**
 * People whose index date (release; else, for someone referred from an ED, the
 * latest ED visit on or before the first enrollment, or that enrollment) falls
 * in the period, at their current site; the first MOUD at or after it (one ongoing that day, or the earliest started since: the rule of
 * core/moud.ts firstEpisodeOnOrAfter), and whether each window has passed by today.
 */
export function linkageCells(tx: Queryable, scope: ReportScope): Promise<LinkageCell[]> {
  return selectRows(
    tx,
    sql`
    with first_enrollment as (
      select distinct on (e.participant_id) e.participant_id, e.enrolled_on, e.referral_source
      from enrollments e order by e.participant_id, e.enrolled_on, e.created_at
    ), indexed as (
      -- Only the columns used: a participant's update is noted as a change only in these (figure-queries.ts).
      select p.id, p.site_id, p.race, p.ethnicity, p.gender, p.date_of_birth, coalesce(p.release_date,
          -- the ED visit that brought them in (core/moud.ts edIndexDate), else the first enrollment
          (select max(ce.occurred_on) from critical_events ce
            where ce.participant_id = p.id and ce.kind = 'ed_visit' and ce.occurred_on <= fe.enrolled_on),
          fe.enrolled_on) as index_on,
        case when p.release_date is not null then 'release' else 'ed_discharge' end as from_kind
      from participants p
      left join first_enrollment fe on fe.participant_id = p.id
      where ${siteFilter(sql`p.site_id`, scope)}
        and (p.release_date is not null
          or (fe.enrolled_on is not null and (p.referral_source = 'emergency_department' or fe.referral_source = 'emergency_department')))
    ), cohort as (
      select i.*,
        (select min(m.started_on) from moud_episodes m
          where m.participant_id = i.id and (m.ended_on is null or m.ended_on >= i.index_on) and m.started_on <= ${scope.today}::date) as first_dose
      from indexed i
      where i.index_on between ${scope.from}::date and ${scope.to}::date
    ), cells as (
      select p.site_id as k_site, p.from_kind,
        case when p.first_dose is null then null else greatest(0, p.first_dose - p.index_on) end as days,
        p.index_on + 7 <= ${scope.today}::date as elig7,
        p.index_on + 14 <= ${scope.today}::date as elig14,
        p.index_on + 30 <= ${scope.today}::date as elig30,
        ${personKeys(scope)}
      from cohort p
    )
    select ${cellGroup}, from_kind, days, elig7, elig14, elig30, count(*)::int as people
    from cells group by ${cellGroup}, from_kind, days, elig7, elig14, elig30`,
  );
}

/* ---------- retention ---------- */

export interface RetentionEpisodeRow extends CellKeys {
  participant_id: string;
  medication: string;
  started_on: string;
  ended_on: string | null;
}

/**
 * The MOUD episodes (started by today) of the people whose first episode ever
 * started in the period, with the site and medication of that first episode.
 */
export function retentionEpisodes(tx: Queryable, scope: ReportScope): Promise<RetentionEpisodeRow[]> {
  return selectRows(
    tx,
    sql`
    with firsts as (
      select distinct on (m.participant_id) m.participant_id, m.site_id, m.medication, m.started_on
      from moud_episodes m order by m.participant_id, m.started_on, m.created_at
    ), cohort as (
      select f.participant_id, f.site_id as k_site, f.medication, ${personKeys(scope)}
      from firsts f join participants p on p.id = f.participant_id
      where f.started_on between ${scope.from}::date and ${scope.to}::date and ${siteFilter(sql`f.site_id`, scope)}
    )
    select c.participant_id, c.k_site, c.k_race, c.k_ethnicity, c.k_gender, c.k_age, c.k_arms, c.medication,
      m.started_on::text as started_on, m.ended_on::text as ended_on
    from cohort c join moud_episodes m on m.participant_id = c.participant_id
    where m.started_on <= ${scope.today}::date`,
  );
}

/* ---------- naloxone ---------- */

export interface DistributionRow {
  site_id: string;
  recipient_type: string;
  kits: number;
  distributions: number;
  trained: number;
}

export function distributionRows(tx: Queryable, scope: ReportScope): Promise<DistributionRow[]> {
  return selectRows(
    tx,
    sql`
    select d.site_id, d.recipient_type, sum(d.kits)::int as kits, count(*)::int as distributions,
      coalesce(sum(case when d.training_given then case when d.recipient_type = 'community' then coalesce(d.people_count, 1) else 1 end else 0 end), 0)::int as trained
    from naloxone_distributions d
    where d.distributed_on between ${scope.from}::date and ${scope.to}::date and ${siteFilter(sql`d.site_id`, scope)}
    group by d.site_id, d.recipient_type`,
  );
}

export interface ReversalRow {
  site_id: string;
  reported: number;
  survived: number;
}

export function reversalRows(tx: Queryable, scope: ReportScope): Promise<ReversalRow[]> {
  return selectRows(
    tx,
    sql`
    select r.site_id, count(*)::int as reported, count(*) filter (where r.survived = 'yes')::int as survived
    from naloxone_reversals r
    where r.occurred_on between ${scope.from}::date and ${scope.to}::date and ${siteFilter(sql`r.site_id`, scope)}
    group by r.site_id`,
  );
}

export interface ExpiringStockRow {
  site_id: string;
  site_name: string;
  lots: number;
  kits: number;
  earliest: string;
}

/** Kits on hand today in lots expiring within `days` of today (or already expired), by site. */
export function expiringStock(tx: Queryable, scope: ReportScope, days: number): Promise<ExpiringStockRow[]> {
  return selectRows(
    tx,
    sql`
    with on_hand as (
      select l.id, l.site_id, l.expires_on, sum(m.kits)::int as kits
      from naloxone_lots l join naloxone_movements m on m.lot_id = l.id
      where l.expires_on <= ${scope.today}::date + ${days}::int and ${siteFilter(sql`l.site_id`, scope)}
      group by l.id, l.site_id, l.expires_on
    )
    select o.site_id, s.name as site_name, count(*)::int as lots, sum(o.kits)::int as kits, min(o.expires_on)::text as earliest
    from on_hand o join sites s on s.id = o.site_id
    where o.kits > 0
    group by o.site_id, s.name order by s.name`,
  );
}

/* ---------- critical events ---------- */

export interface EventCell extends CellKeys {
  kind: string;
  events: number;
  people: number;
  within30: number;
}

/** Critical events that occurred in the period, by kind and cell (people distinct within a cell). */
export function eventCells(tx: Queryable, scope: ReportScope): Promise<EventCell[]> {
  return selectRows(
    tx,
    sql`
    with ev as (
      select ce.kind, ce.participant_id, ce.days_since_release, ce.site_id as k_site
      from critical_events ce
      where ce.occurred_on between ${scope.from}::date and ${scope.to}::date and ${siteFilter(sql`ce.site_id`, scope)}
    ), ${keyed(sql`select participant_id from ev`, scope)},
    cells as (select ev.*, k.kid from ev join keyed k on k.pid = ev.participant_id)
    ${namedCells(
      sql`select kind, k_site, kid, count(*)::int as events, count(distinct participant_id)::int as people,
        count(*) filter (where days_since_release between 0 and 29)::int as within30
      from cells group by kind, k_site, kid`,
      sql`g.kind, g.k_site, g.events, g.people, g.within30`,
    )}`,
  );
}

export interface OverdosePeopleCell extends CellKeys {
  people: number;
}

/** People with at least one overdose (fatal or not) in the period, at the site of their latest one. */
export function overdosePeopleCells(tx: Queryable, scope: ReportScope): Promise<OverdosePeopleCell[]> {
  return selectRows(
    tx,
    sql`
    with per as (
      select distinct on (ce.participant_id) ce.participant_id, ce.site_id as k_site
      from critical_events ce
      where ce.kind in ('non_fatal_overdose', 'fatal_overdose')
        and ce.occurred_on between ${scope.from}::date and ${scope.to}::date and ${siteFilter(sql`ce.site_id`, scope)}
      order by ce.participant_id, ce.occurred_on desc
    ), cells as (select per.k_site, ${personKeys(scope)} from per join participants p on p.id = per.participant_id)
    select ${cellGroup}, count(*)::int as people from cells group by ${cellGroup}`,
  );
}

/* ---------- follow-up interviews ---------- */

export interface FollowUpCell extends CellKeys {
  due: number;
  done: number;
}

/**
 * Episodes with an intake whose 6-month window (5 to 8 months after the intake,
 * month arithmetic as core/enrollments.ts addMonths) closed in the period, and
 * how many had the follow-up done inside it. A participant who has died (an
 * episode discharged as deceased) owes no follow-up: left out unless it was done.
 */
export function followUpCells(tx: Queryable, scope: ReportScope): Promise<FollowUpCell[]> {
  return selectRows(
    tx,
    sql`
    with w as (
      select e.id, e.participant_id, e.site_id,
        (i.conducted_on + interval '5 months')::date as opens_on,
        (i.conducted_on + interval '8 months')::date as closes_on
      from enrollments e
      join enrollment_interviews i on i.enrollment_id = e.id and i.kind = 'intake'
      where ${siteFilter(sql`e.site_id`, scope)}
    ), cells as (
      select w.site_id as k_site,
        exists (select 1 from enrollment_interviews f where f.enrollment_id = w.id and f.kind = 'follow_up_6m'
          and f.conducted_on between w.opens_on and w.closes_on) as done,
        exists (select 1 from enrollments d where d.participant_id = w.participant_id and d.discharge_reason = 'deceased') as died,
        ${personKeys(scope)}
      from w join participants p on p.id = w.participant_id
      where w.closes_on between ${scope.from}::date and ${scope.to}::date
    )
    select ${cellGroup}, count(*)::int as due, count(*) filter (where done)::int as done from cells where done or not died group by ${cellGroup}`,
  );
}

export interface DueNowRow {
  site_id: string;
  site_name: string;
  due_now: number;
  closing_soon: number;
}

/**
 * Follow-ups owed today, by site: window open (from the intake, or the enrollment
 * while no intake is recorded, as core/enrollments.ts interviewSchedule) and not
 * done; none for a participant who has died (as core/worklist.ts).
 */
export function followUpsDueNow(tx: Queryable, scope: ReportScope, closingSoonDays: number): Promise<DueNowRow[]> {
  return selectRows(
    tx,
    sql`
    with w as (
      select e.site_id,
        (coalesce(i.conducted_on, e.enrolled_on) + interval '5 months')::date as opens_on,
        (coalesce(i.conducted_on, e.enrolled_on) + interval '8 months')::date as closes_on
      from enrollments e
      left join enrollment_interviews i on i.enrollment_id = e.id and i.kind = 'intake'
      where ${siteFilter(sql`e.site_id`, scope)}
        and not exists (select 1 from enrollment_interviews f where f.enrollment_id = e.id and f.kind = 'follow_up_6m')
        and not exists (select 1 from enrollments d where d.participant_id = e.participant_id and d.discharge_reason = 'deceased')
    )
    select w.site_id, s.name as site_name, count(*)::int as due_now,
      count(*) filter (where w.closes_on - ${scope.today}::date <= ${closingSoonDays}::int)::int as closing_soon
    from w join sites s on s.id = w.site_id
    where ${scope.today}::date between w.opens_on and w.closes_on
    group by w.site_id, s.name order by s.name`,
  );
}

export interface DueRow {
  participant_id: string;
  enrollment_id: string;
  site_id: string;
  site_name: string;
  opens_on: string;
  closes_on: string;
}

/** The follow-ups owed today, one row per episode, the window closing first at the top (the same rule as followUpsDueNow). */
export function followUpsDueList(tx: Queryable, scope: ReportScope, limit: number): Promise<DueRow[]> {
  return selectRows(
    tx,
    sql`
    with w as (
      select e.id as enrollment_id, e.participant_id, e.site_id,
        (coalesce(i.conducted_on, e.enrolled_on) + interval '5 months')::date as opens_on,
        (coalesce(i.conducted_on, e.enrolled_on) + interval '8 months')::date as closes_on
      from enrollments e
      left join enrollment_interviews i on i.enrollment_id = e.id and i.kind = 'intake'
      where ${siteFilter(sql`e.site_id`, scope)}
        and not exists (select 1 from enrollment_interviews f where f.enrollment_id = e.id and f.kind = 'follow_up_6m')
        and not exists (select 1 from enrollments d where d.participant_id = e.participant_id and d.discharge_reason = 'deceased')
    )
    select w.participant_id, w.enrollment_id, w.site_id, s.name as site_name,
      to_char(w.opens_on, 'YYYY-MM-DD') as opens_on, to_char(w.closes_on, 'YYYY-MM-DD') as closes_on
    from w join sites s on s.id = w.site_id
    where ${scope.today}::date between w.opens_on and w.closes_on
    order by w.closes_on, w.enrollment_id
    limit ${limit}`,
  );
}

/* ---------- sites ---------- */

export interface SiteRow {
  id: string;
  name: string;
  time_zone: string;
}

/**
 * More working memory for this transaction's sorts and hash aggregates, and no JIT
 * compilation (both revert at commit). The planner's row estimates for these CTEs are
 * far too high (millions for tens of thousands), which made PostgreSQL JIT-compile
 * each report query: 0.4-1 s of compiling per query, a third of the dashboard's time.
 */
export async function reportMemory(tx: Queryable): Promise<void> {
  await tx.execute(sql`select set_config('work_mem', '64MB', true), set_config('jit', 'off', true)`);
}

export function reportSites(tx: Queryable, siteIds: string[] | null): Promise<SiteRow[]> {
  return selectRows(
    tx,
    sql`select s.id, s.name, s.time_zone from sites s
      where ${siteIds === null ? sql`true` : sql`s.id = any(${idArray(siteIds)})`} order by s.name`,
  );
}

/* ---------- study arms ---------- */

export interface StudyArmRow {
  id: string;
  name: string;
  arms: { key: string; label: string }[];
}

/** Every study's name and arms, to label the study-arm breakdown. */
export function studyArms(tx: Queryable): Promise<StudyArmRow[]> {
  return selectRows(tx, sql`select s.id, s.name, s.arms from studies s order by s.name`);
}
