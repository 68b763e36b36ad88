/**
 * The outcome figures, computed in SQL as aggregates. Every query is set-based
 * (no query per participant) and returns its counts as marginals (cell-keys.ts): by
 * the site the measure is attributed to, by the person's race group, ethnicity,
 * gender and age group at the period's end (one number per person in SQL, the key
 * id), and by their study arms. The service sums the rows by site into totals and
 * adds every row to its breakdown, so one query serves the headline figure and every
 * breakdown of it. No name, no contact detail leaves these
 * queries; participant ids are used only inside them, except for the MOUD episodes
 * of the retention cohort, which the service folds into survival times with the
 * core retention rule and then drops.
 */
import { sql, type SQL } from 'drizzle-orm';
import { addDays, addMonths } from '../../core/enrollments.ts';
import { selectRows, type Queryable } from '../db/database.ts';
import { idArray } from '../db/id-list.ts';
import { armsCte, marginalKeys, marginals, marginalSets, named, personJoin, personKeys, type CellKeys, type KeyIds, type KeyNames, type MarginalKeys, type Marginals } from './cell-keys.ts';

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

/** The scope's sites, as a condition on `column`. */
export const siteFilter = (column: SQL, scope: ReportScope): SQL =>
  scope.siteIds === null ? sql`true` : sql`${column} = any(${idArray(scope.siteIds)})`;

/** The first instant of a calendar day in the program's time zone. */
const dayStart = (day: string, scope: ReportScope): SQL => sql`(${day}::date::timestamp at time zone ${scope.timeZone})`;
const dayAfter = (day: string, scope: ReportScope): SQL => sql`((${day}::date + 1)::timestamp at time zone ${scope.timeZone})`;

/* ---------- enrollment and active months ---------- */

/** A marginal row of the people with an episode open in the period (episodeCells). */
export interface EpisodeCounts {
  /** People active in the period, at the site of their latest episode in it. */
  active: number;
  enrolled: number;
  discharged: number;
  active_at_end: number;
  /** Months of the period someone was active in, at the site of their latest episode open in each. */
  participant_months: number;
}

/** The episodes of the period: who was enrolled, discharged and still open, and who was active in each month. */
export interface EpisodeCells {
  people: Marginals<EpisodeCounts>;
  /** The people discharged in the period by the reason of their last discharge (null: none given). */
  byReason: { reason: string | null; discharged: number }[];
  months: { month: string; people: number }[];
}

/** A date's month as one number (year × 12 + month), for counting months apart. */
const monthNumber = (date: SQL): SQL => sql`(date_part('year', ${date}) * 12 + date_part('month', ${date}))::int`;

/** The months of the period episode `x` (enrolled_on, discharged_on) is open on a day of, as m(m). */
const episodeMonths = (scope: ReportScope): SQL => sql`generate_series(
  date_trunc('month', greatest(x.enrolled_on, ${scope.from}::date)::timestamp),
  least(coalesce(x.discharged_on, ${scope.to}::date), ${scope.to}::date)::timestamp,
  interval '1 month') as m(m)`;

/**
 * The episodes open on a day of the period, read once for two figures:
 *
 * - Enrollment: one row per person, at the site of their latest such episode:
 *   enrolled in the period, discharged in it (with the reason of the last discharge),
 *   still open at its end.
 * - Active months: people with an episode open on a day of each month of the period
 *   (the part of the month inside the period), at the site of their latest episode
 *   open in that month: each month's people, and the participant-months by site, key
 *   id and arms (all the figures use), not months × people.
 *
 * Most people have one episode in the period: its own values are the person's, with
 * no aggregate, and its first and last months there give its months, with no series.
 * Those with several are aggregated and get a series of months. Each person is joined
 * to their keys once, and both figures' marginals come from one grouping.
 */
export async function episodeCells(tx: Queryable, scope: ReportScope): Promise<EpisodeCells> {
  const inPeriod = (day: SQL) => sql`${day} between ${scope.from}::date and ${scope.to}::date`;
  const rows = await selectRows<MarginalKeys & EpisodeCounts & { month: string | null; reason: string | null }>(
    tx,
    sql`
    with eps as materialized (
      select e.participant_id, e.site_id, e.enrolled_on, e.discharged_on, e.discharge_reason,
        count(*) over (partition by e.participant_id) as episodes
      from enrollments e
      where e.enrolled_on <= ${scope.to}::date and (e.discharged_on is null or e.discharged_on >= ${scope.from}::date)
        and ${siteFilter(sql`e.site_id`, scope)}
    ), single as (
      select x.participant_id, x.site_id,
        greatest(x.enrolled_on, ${scope.from}::date) as d0,
        least(coalesce(x.discharged_on, ${scope.to}::date), ${scope.to}::date) as d1,
        x.enrolled_on >= ${scope.from}::date as enrolled,
        coalesce(${inPeriod(sql`x.discharged_on`)}, false) as discharged,
        x.discharged_on is null or x.discharged_on > ${scope.to}::date as active_at_end,
        x.discharge_reason
      from eps x where x.episodes = 1
    ), several as (
      -- Several: each month at the site of the latest episode open in it.
      select distinct on (m.m, x.participant_id) m.m::date as m, x.participant_id, x.site_id
      from eps x cross join lateral ${episodeMonths(scope)}
      where x.episodes > 1
      order by m.m, x.participant_id, x.enrolled_on desc
    ), several_people as (
      select x.participant_id,
        (array_agg(x.site_id order by x.enrolled_on desc))[1] as site_id,
        bool_or(x.enrolled_on >= ${scope.from}::date) as enrolled,
        coalesce(bool_or(${inPeriod(sql`x.discharged_on`)}), false) as discharged,
        bool_or(x.discharged_on is null or x.discharged_on > ${scope.to}::date) as active_at_end,
        (array_agg(x.discharge_reason order by x.discharged_on desc) filter (where ${inPeriod(sql`x.discharged_on`)}))[1] as discharge_reason
      from eps x where x.episodes > 1
      group by x.participant_id
    ), per as (
      -- A row a person for enrollment (person), with their months for one episode; a row a
      -- person and site for the months of several.
      select s.participant_id, s.site_id as k_site, true as person, s.enrolled, s.discharged, s.active_at_end,
        case when s.discharged then s.discharge_reason end as reason,
        ${monthNumber(sql`s.d1`)} - ${monthNumber(sql`s.d0`)} + 1 as months
      from single s
      union all
      select v.participant_id, v.site_id, true, v.enrolled, v.discharged, v.active_at_end,
        case when v.discharged then v.discharge_reason end, 0
      from several_people v
      union all
      select v.participant_id, v.site_id, false, false, false, false, null, count(*)::int from several v group by v.participant_id, v.site_id
    ), steps as (
      -- Each month's people as a running sum: one more from a stretch's first month, one fewer after its last.
      select m, sum(d)::int as d from (
        select date_trunc('month', s.d0::timestamp)::date as m, 1 as d from single s
        union all select (date_trunc('month', s.d1::timestamp) + interval '1 month')::date, -1 from single s
        union all select v.m, 1 from several v
        union all select (v.m + interval '1 month')::date, -1 from several v
      ) x group by m
    ), ${armsCte}
    select ${marginalKeys}, null as month, reason,
      count(*) filter (where person)::int as active,
      count(*) filter (where person and enrolled)::int as enrolled,
      count(*) filter (where person and discharged)::int as discharged,
      count(*) filter (where person and active_at_end)::int as active_at_end,
      sum(months)::int as participant_months
    from (select per.*, ${personKeys(scope)} from per ${personJoin(sql`per.participant_id`)}) cells
    group by grouping sets (${marginalSets()}, (reason))
    union all
    select -1, null, null, null, to_char(g.m, 'YYYY-MM'), null, (sum(coalesce(st.d, 0)) over (order by g.m))::int, 0, 0, 0, 0
    from generate_series(date_trunc('month', ${scope.from}::date::timestamp), ${scope.to}::date::timestamp, interval '1 month') g(m)
    left join steps st on st.m = g.m::date`,
  );
  const byReason: EpisodeCells['byReason'] = [];
  const months: EpisodeCells['months'] = [];
  const people = marginals(rows, (r) => {
    if (r.month !== null) months.push({ month: r.month, people: r.active });
    else if (r.discharged > 0) byReason.push({ reason: r.reason, discharged: r.discharged });
  });
  return { people, byReason, months };
}

/* ---------- contacts ---------- */

/** Contacts and attempts in the period: month by month, by site, key id and arms, and the people reached. */
export interface ContactMonths {
  months: { month: string; contacts: number; attempts: number }[];
  people: Marginals<{ contacts: number; attempts: number }>;
  peopleReached: number;
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
 * Contacts (reached) and attempts by month of the program's calendar, and by the site
 * they were logged for, key id and arms; and the distinct people reached at least
 * once in the period.
 *
 * The period's whole months, at sites keeping the report's time zone, come from
 * `contact_months` (each site's contacts per month and person, kept by triggers:
 * drizzle/0028). The days of the period's first and last months outside them, and
 * sites in another zone (whose months differ from the report's), are counted from the
 * contacts themselves, read from contacts_site_occurred_idx alone. The branches cover
 * different months or sites, so no count is taken twice.
 */
export async function contactMonthCells(tx: Queryable, scope: ReportScope): Promise<ContactMonths> {
  const whole = wholeMonths(scope.from, scope.to);
  const sitesWhere = (zone: SQL) => sql`array(select s.id from sites s where ${siteFilter(sql`s.id`, scope)} and ${zone})`;
  const sameZone = sitesWhere(sql`s.time_zone = ${scope.timeZone}`);
  const otherZone = sitesWhere(sql`s.time_zone <> ${scope.timeZone}`);
  // The days [from, before): inside one calendar month (the period's first or last days
  // beside its whole months), that month is every contact's; else each contact's own.
  const counted = (sites: SQL, from: string, before: string) => {
    const oneMonth = from.slice(0, 7) === addDays(before, -1).slice(0, 7);
    const month = oneMonth ? sql`${`${from.slice(0, 7)}-01`}::date` : sql`date_trunc('month', c.occurred_at at time zone ${scope.timeZone})::date`;
    return sql`
    select c.participant_id, c.site_id, ${month},
      count(*) filter (where c.reached)::int, count(*) filter (where not c.reached)::int
    from contacts c
    where c.site_id = any(${sites}) and c.occurred_at >= ${dayStart(from, scope)} and c.occurred_at < ${dayStart(before, scope)}
    group by 1, 2, 3`;
  };
  const rows = await selectRows<MarginalKeys & { month: string | null; contacts: number; attempts: number }>(
    tx,
    sql`
    with c as materialized (
      select cm.participant_id, cm.site_id as k_site, cm.month as m, cm.reached as contacts, cm.attempts
      from contact_months cm
      where cm.site_id = any(${sameZone}) and cm.month >= ${whole.first}::date and cm.month < ${whole.after}::date
      union all ${counted(sameZone, scope.from, whole.first)}
      union all ${counted(sameZone, whole.after, addDays(scope.to, 1))}
      union all ${counted(otherZone, scope.from, addDays(scope.to, 1))}
    ), per as materialized (
      select c.participant_id, c.k_site, sum(c.contacts)::int as contacts, sum(c.attempts)::int as attempts
      from c group by c.participant_id, c.k_site
    ), ${armsCte}
    select ${marginalKeys}, null as month, sum(contacts)::int as contacts, sum(attempts)::int as attempts
    from (select per.k_site, per.contacts, per.attempts, ${personKeys(scope)} from per ${personJoin(sql`per.participant_id`)}) cells
    group by grouping sets (${marginalSets()})
    union all
    select -1, null, null, null, to_char(c.m, 'YYYY-MM'), sum(c.contacts)::int, sum(c.attempts)::int from c group by c.m
    union all
    select -2, null, null, null, null, count(distinct per.participant_id)::int, 0 from per where per.contacts > 0`,
  );
  const months: ContactMonths['months'] = [];
  let peopleReached = 0;
  const people = marginals(rows, (r) => {
    if (r.month !== null) months.push({ month: r.month, contacts: r.contacts, attempts: r.attempts });
    else peopleReached = r.contacts;
  });
  return { months, people, peopleReached };
}

/* ---------- referrals ---------- */

export interface FunnelCounts {
  sent: number;
  accepted: number;
  appointment: number;
  attended: number;
  engaged: number;
}

/** Referrals sent in the period: the funnel of each need, and the sent and engaged of each site, key id and arms. */
export interface ReferralCells {
  byNeed: (FunnelCounts & { need: string })[];
  people: Marginals<{ sent: number; engaged: number }>;
}

/**
 * Referrals sent in the period with the stages each has reached by today (CTE `rs`):
 * the stage flags the steps' trigger keeps on each referral (drizzle/0027). Only the
 * columns referrals_site_sent_idx carries (drizzle/0031), read from the index alone:
 * a year of a state's referrals is half of a wide table.
 */
const referralStages = (scope: ReportScope): SQL => sql`
  rs as (
    select r.site_id, r.participant_id, r.need, r.resource_id, r.sent_at,
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

/** Referrals sent in the period and the stages each has reached by today, by need, and by site, key id and arms. */
export async function referralCells(tx: Queryable, scope: ReportScope): Promise<ReferralCells> {
  const rows = await selectRows<FunnelCounts & MarginalKeys & { need: string }>(
    tx,
    sql`
    with ${referralStages(scope)}, ${armsCte}
    select ${marginalKeys}, need, ${funnelSums}
    from (select rs.*, rs.site_id as k_site, ${personKeys(scope)} from rs ${personJoin(sql`rs.participant_id`)}) cells
    group by grouping sets ((need), ${marginalSets()})`,
  );
  const byNeed: ReferralCells['byNeed'] = [];
  const people = marginals(rows, ({ need, sent, accepted, appointment, attended, engaged }) => byNeed.push({ need, sent, accepted, appointment, attended, engaged }));
  return { byNeed, people };
}

export interface ProviderFunnel extends FunnelCounts {
  resource_id: string;
  name: string;
}

/**
 * The same funnel by the organization referred to, under the name its latest referral
 * in the period gave it (a referral keeps the directory's name as it was when sent).
 * The funnels come from the index alone; the name is then looked up for each
 * organization's last referral (a few dozen rows), not carried through every one.
 */
export function providerFunnels(tx: Queryable, scope: ReportScope): Promise<ProviderFunnel[]> {
  return selectRows(
    tx,
    sql`
    with ${referralStages(scope)},
    funnels as (select resource_id, max(sent_at) as last_sent, ${funnelSums} from rs group by resource_id)
    select f.resource_id, n.resource_name as name, f.sent, f.accepted, f.appointment, f.attended, f.engaged
    from funnels f cross join lateral (
      select r.resource_name from referrals r
      where r.resource_id = f.resource_id and r.sent_at = f.last_sent and ${siteFilter(sql`r.site_id`, scope)}
      order by r.id desc limit 1
    ) n
    order by f.sent desc, name`,
  );
}

/* ---------- linkage ---------- */

/** The linkage cohort of a site, key id or arms: its people, and for each window those it has passed for and those linked within it. */
export interface LinkageCounts {
  people: number;
  eligible7: number;
  linked7: number;
  eligible14: number;
  linked14: number;
  eligible30: number;
  linked30: number;
}

export interface LinkageCells {
  people: Marginals<LinkageCounts>;
  byIndex: { from_kind: 'release' | 'ed_discharge'; people: number }[];
  /** The cohort by days from the index date to the first dose (0 when continued); null: not linked by today. */
  byDays: { days: number | null; people: number }[];
}

/**
 * People whose index date (release; else, for someone referred from an ED, the
 * latest ED visit on or before the first enrollment, or that enrollment) falls
 * in the period, at their current site; the first MOUD at or after it (one ongoing that day, or the earliest started since: the rule of
 * core/moud.ts firstEpisodeOnOrAfter), and whether each window has passed by today.
 */
export async function linkageCells(tx: Queryable, scope: ReportScope): Promise<LinkageCells> {
  const rows = await selectRows<MarginalKeys & LinkageCounts & { from_kind: 'release' | 'ed_discharge' | null; days: number | null }>(
    tx,
    sql`
    with ${armsCte}, first_enrollment as (
      select distinct on (e.participant_id) e.participant_id, e.enrolled_on, e.referral_source
      from enrollments e order by e.participant_id, e.enrolled_on, e.created_at
    ), indexed as materialized (
      -- Worked out once a person (not once for each use of index_on below).
      -- Only the columns used: a participant's update is noted as a change only in these (figure-queries.ts).
      select p.id, p.site_id, p.report_key, p.date_of_birth, coalesce(p.release_date,
          -- the ED visit that brought them in (core/moud.ts edIndexDate), else the first enrollment
          (select max(ce.occurred_on) from critical_events ce
            where ce.participant_id = p.id and ce.kind = 'ed_visit' and ce.occurred_on <= fe.enrolled_on),
          fe.enrolled_on) as index_on,
        case when p.release_date is not null then 'release' else 'ed_discharge' end as from_kind
      from participants p
      left join first_enrollment fe on fe.participant_id = p.id
      where ${siteFilter(sql`p.site_id`, scope)}
        -- Only those whose index date can fall in the period: released in it, or (an ED visit on or
        -- before the first enrollment, or that enrollment) first enrolled on or after its start. The
        -- ED visit is looked up for those alone, not for everyone ever referred from an ED.
        and ((p.release_date between ${scope.from}::date and ${scope.to}::date)
          or (p.release_date is null and fe.enrolled_on >= ${scope.from}::date
            and (p.referral_source = 'emergency_department' or fe.referral_source = 'emergency_department')))
    ), cohort as materialized (
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
      from cohort p left join arms a on a.participant_id = p.id
    )
    select ${marginalKeys}, from_kind, days, count(*)::int as people,
      count(*) filter (where elig7)::int as eligible7, count(*) filter (where elig7 and days <= 7)::int as linked7,
      count(*) filter (where elig14)::int as eligible14, count(*) filter (where elig14 and days <= 14)::int as linked14,
      count(*) filter (where elig30)::int as eligible30, count(*) filter (where elig30 and days <= 30)::int as linked30
    from cells group by grouping sets (${marginalSets()}, (from_kind), (days))`,
  );
  const byIndex: LinkageCells['byIndex'] = [];
  const byDays: LinkageCells['byDays'] = [];
  const people = marginals(rows, ({ from_kind, days, people: n }) => {
    if (from_kind !== null) byIndex.push({ from_kind, people: n });
    else byDays.push({ days, people: n });
  });
  return { people, byIndex, byDays };
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
export async function retentionEpisodes(tx: Queryable, scope: ReportScope): Promise<RetentionEpisodeRow[]> {
  const rows = await selectRows<Omit<RetentionEpisodeRow, keyof KeyNames> & KeyIds>(
    tx,
    sql`
    with ${armsCte}, firsts as (
      select distinct on (m.participant_id) m.participant_id, m.site_id, m.medication, m.started_on
      from moud_episodes m order by m.participant_id, m.started_on, m.created_at
    ), cohort as (
      select f.participant_id, f.site_id as k_site, f.medication, ${personKeys(scope)}
      from firsts f ${personJoin(sql`f.participant_id`)}
      where f.started_on between ${scope.from}::date and ${scope.to}::date and ${siteFilter(sql`f.site_id`, scope)}
    )
    select c.participant_id, c.k_site, c.kid, c.k_arms, c.medication,
      m.started_on::text as started_on, m.ended_on::text as ended_on
    from cohort c join moud_episodes m on m.participant_id = c.participant_id
    where m.started_on <= ${scope.today}::date`,
  );
  return named(rows);
}

/* ---------- follow-up interviews ---------- */

export interface FollowUpCounts {
  due: number;
  done: number;
}

/**
 * Episodes with an intake whose 6-month window (5 to 8 months after the intake,
 * month arithmetic as core/enrollments.ts addMonths) closed in the period, and
 * how many had the follow-up done inside it. A participant who has died (an
 * episode discharged as deceased) owes no follow-up: left out unless it was done.
 */
export async function followUpCells(tx: Queryable, scope: ReportScope): Promise<Marginals<FollowUpCounts>> {
  const rows = await selectRows<MarginalKeys & FollowUpCounts>(
    tx,
    sql`
    with ${armsCte}, w as (
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
      from w ${personJoin(sql`w.participant_id`)}
      where w.closes_on between ${scope.from}::date and ${scope.to}::date
    )
    select ${marginalKeys}, count(*)::int as due, count(*) filter (where done)::int as done
    from cells where done or not died group by grouping sets (${marginalSets()})`,
  );
  return marginals(rows);
}

export interface DueNowRow {
  site_id: string;
  site_name: string;
  due_now: number;
  closing_soon: number;
}

/**
 * The 6-month follow-up windows not done (CTE `w`: enrollment_id, participant_id,
 * site_id, opens_on, closes_on), from the intake, or the enrollment while no intake is
 * recorded (core/enrollments.ts interviewSchedule); none for a participant who has
 * died (as core/worklist.ts). Owed today when today falls in the window.
 */
const owedFollowUps = (scope: ReportScope): SQL => sql`
  w as (
    select e.id as enrollment_id, e.participant_id, e.site_id,
      (coalesce(i.conducted_on, e.enrolled_on) + interval '5 months')::date as opens_on,
      (coalesce(i.conducted_on, e.enrolled_on) + interval '8 months')::date as closes_on
    from enrollments e
    left join enrollment_interviews i on i.enrollment_id = e.id and i.kind = 'intake'
    where ${siteFilter(sql`e.site_id`, scope)}
      and not exists (select 1 from enrollment_interviews f where f.enrollment_id = e.id and f.kind = 'follow_up_6m')
      and not exists (select 1 from enrollments d where d.participant_id = e.participant_id and d.discharge_reason = 'deceased')
  )`;

/** Follow-ups owed today (`owedFollowUps`), by site, with those whose window closes within `closingSoonDays`. */
export function followUpsDueNow(tx: Queryable, scope: ReportScope, closingSoonDays: number): Promise<DueNowRow[]> {
  return selectRows(
    tx,
    sql`
    with ${owedFollowUps(scope)}
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

/** The follow-ups owed today (`owedFollowUps`), one row per episode, the window closing first at the top. */
export function followUpsDueList(tx: Queryable, scope: ReportScope, limit: number): Promise<DueRow[]> {
  return selectRows(
    tx,
    sql`
    with ${owedFollowUps(scope)}
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
