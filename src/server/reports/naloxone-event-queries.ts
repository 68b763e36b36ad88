/**
 * The dashboard's naloxone and critical-event figures in SQL (the sections of
 * naloxone-event-sections.ts): kits given and people trained, reversals reported and
 * stock near expiry by site; events and the people with an overdose, by site, key id
 * and arms (marginals: cell-keys.ts).
 */
import { sql } from 'drizzle-orm';
import { selectRows, type Queryable } from '../db/database.ts';
import { armsCte, marginalKeys, marginals, marginalSets, personJoin, personKeys, type MarginalKeys, type Marginals } from './cell-keys.ts';
import { siteFilter, type ReportScope } from './reports.repository.ts';

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

export interface EventCounts {
  kind: string;
  events: number;
  /** People with an event of the kind at the site (a person at two sites counts at each). */
  people: number;
  within30: number;
}

/** Critical events that occurred in the period, by kind and by site, key id and arms. */
export async function eventCells(tx: Queryable, scope: ReportScope): Promise<Marginals<EventCounts>> {
  const rows = await selectRows<MarginalKeys & EventCounts>(
    tx,
    sql`
    with ev as (
      -- Each person's events of a kind at a site first: people are then rows, counted without
      -- count(distinct) (which sorts), and keys are worked out once a person, not once an event.
      select ce.kind, ce.participant_id, ce.site_id as k_site, count(*)::int as events,
        count(*) filter (where ce.days_since_release between 0 and 29)::int as within30
      from critical_events ce
      where ce.occurred_on between ${scope.from}::date and ${scope.to}::date and ${siteFilter(sql`ce.site_id`, scope)}
      group by ce.kind, ce.participant_id, ce.site_id
    ), ${armsCte}
    select ${marginalKeys}, kind, sum(events)::int as events, count(*)::int as people, sum(within30)::int as within30
    from (select ev.*, ${personKeys(scope)} from ev ${personJoin(sql`ev.participant_id`)}) cells
    group by grouping sets (${marginalSets('kind')})`,
  );
  return marginals(rows);
}


/** People with at least one overdose (fatal or not) in the period, at the site of their latest one. */
export async function overdosePeopleCells(tx: Queryable, scope: ReportScope): Promise<Marginals<{ people: number }>> {
  const rows = await selectRows<MarginalKeys & { people: number }>(
    tx,
    sql`
    with ${armsCte}, per as (
      select distinct on (ce.participant_id) ce.participant_id, ce.site_id as k_site
      from critical_events ce
      where ce.kind in ('non_fatal_overdose', 'fatal_overdose')
        and ce.occurred_on between ${scope.from}::date and ${scope.to}::date and ${siteFilter(sql`ce.site_id`, scope)}
      order by ce.participant_id, ce.occurred_on desc
    ), cells as (
      select per.k_site, ${personKeys(scope)}
      from per ${personJoin(sql`per.participant_id`)}
    )
    select ${marginalKeys}, count(*)::int as people from cells group by grouping sets (${marginalSets()})`,
  );
  return marginals(rows);
}
