/**
 * The outcome dashboard and the program report: the sites a caller may report on,
 * the figures summed from the repository's rows, small-cell suppression for
 * evaluators, period-over-period change, and one audit row per report generated.
 * Definitions of every measure: docs/decisions/0014-outcome-measures.md.
 */
import { daysBetween, addDays, addMonths } from '../../core/enrollments.ts';
import {
  SUPPRESSION_MAX,
  type ChangeRow,
  type CompareKind,
  type Dashboard,
  type DashboardFigures,
  type DashboardQuery,
  type FollowUpsDue,
  type FollowUpsDueQuery,
  type HeadlineMeasure,
  type Rate,
} from '../../core/reports.ts';
import { percentChange } from '../../core/statistics.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { figureVersions } from './figure-changes.ts';
import { FIGURE_TABLES, figureQueries, startFigureQueries } from './figure-queries.ts';
import { figuresKey, TableVersions, type FiguresCache, type KeptQuery } from './figures-cache.ts';
import { QueryLanes, type ExtraConnections } from './query-lanes.ts';
import { isoDateIn } from '../clock.ts';
import type { Queryable, Tx } from '../db/database.ts';
import { actorCan, aggregateSiteIds, type Actor } from '../http/actor.ts';
import { Forbidden, ValidationError } from '../http/errors.ts';
import { visibleParticipantRefs } from '../participants/participants.service.ts';
import { breakdownRows, Breakdowns } from './breakdowns.ts';
import { contactSection, enrollmentSection, followUpSection, linkageSection, referralSection, retentionSection } from './figure-sections.ts';
import { criticalEventSection, naloxoneSection } from './naloxone-event-sections.ts';
import * as repo from './reports.repository.ts';
import type { ReportScope } from './reports.repository.ts';

/* ---------- scope ---------- */

export interface ReportContext {
  siteIds: string[] | null;
  sites: { id: string; name: string }[];
  timeZone: string;
  today: string;
  /** Suppress counts of 1 to 10 people (evaluators). */
  suppress: boolean;
}

/**
 * The sites a report covers: the ones asked for, or all the caller's sites (the
 * whole program for an evaluator assigned to none, as for the analysis export). A
 * site outside the caller's sites is refused with 403 (the caller knows the site
 * exists: sites are listed to everyone); an id that is no site at all, with 400.
 */
export async function reportContext(tx: Queryable, actor: Actor, requested: readonly string[] | undefined, now: Date): Promise<ReportContext> {
  const visible = aggregateSiteIds(actor);
  let siteIds: string[] | null = visible;
  if (requested && requested.length > 0) {
    const asked = [...new Set(requested)];
    if (visible !== null && asked.some((id) => !visible.includes(id))) {
      throw new Forbidden('You can report only on your own sites', 'site_not_yours');
    }
    siteIds = asked;
  }
  const rows = await repo.reportSites(tx, siteIds);
  if (siteIds !== null && rows.length < siteIds.length) {
    throw new ValidationError([{ path: 'querystring.siteId', message: 'No such site' }]);
  }
  // "Today" in the program's time zone: the zone most of the included sites keep.
  const zones = new Map<string, number>();
  for (const s of rows) zones.set(s.time_zone, (zones.get(s.time_zone) ?? 0) + 1);
  const timeZone = [...zones.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'UTC';
  return {
    siteIds,
    sites: rows.map((s) => ({ id: s.id, name: s.name })),
    timeZone,
    today: isoDateIn(now, timeZone),
    suppress: actor.role === 'evaluator',
  };
}

/**
 * The period compared with. A period of whole calendar months (a month, a
 * quarter, a year) is compared with the same number of months just before — this
 * quarter against the last — and any other with the same number of days just
 * before; or with the same dates a year earlier.
 */
export function comparisonPeriod(from: string, to: string, kind: CompareKind): { from: string; to: string } {
  if (kind === 'previous_year') return { from: addMonths(from, -12), to: addMonths(to, -12) };
  const wholeMonths = from.endsWith('-01') && addDays(to, 1).endsWith('-01');
  if (wholeMonths) {
    const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
    return { from: addMonths(from, -months), to: addDays(from, -1) };
  }
  const days = daysBetween(from, to) + 1;
  return { from: addDays(from, -days), to: addDays(from, -1) };
}

/* ---------- the figures of one period ---------- */

/**
 * `result`, once the event loop has taken its turn: a lane that has just given a result
 * sends its next query before the section's work on that result starts.
 */
const whenIn = <T>(result: Promise<T>): Promise<T> => result.then((value) => new Promise<T>((resolve) => setImmediate(() => resolve(value))));

/**
 * One period's figures. With `kept` (the figures cache), each query whose tables are
 * unchanged gives its kept result instead of running again.
 */
export async function computeFigures(
  tx: Queryable,
  ctx: ReportContext,
  from: string,
  to: string,
  connections?: ExtraConnections,
  kept?: KeptQuery,
): Promise<DashboardFigures> {
  // Always an explicit list (all sites for a program administrator), so the (site_id, date) indexes serve short periods.
  const scope: ReportScope = { from, to, today: ctx.today, timeZone: ctx.timeZone, siteIds: ctx.sites.map((x) => x.id) };
  const s = ctx.suppress;
  // Side by side on PostgreSQL when the pool has connections to spare (query-lanes.ts), in figureQueries' order.
  const lanes = new QueryLanes(tx, connections, repo.reportMemory);
  let queued = 0;
  const results = startFigureQueries(figureQueries(scope), (name, query) => {
    const run = () => {
      queued += 1;
      return lanes.run(query.run);
    };
    return kept ? kept(name, query.reads, run) : run();
  });
  // These queries sort and hash a few hundred thousand grouped rows at a state's size: let them do it in
  // memory rather than spill to disk, without JIT (for this transaction only; kept results skip it).
  if (queued > 0) await repo.reportMemory(tx);
  lanes.start();
  const armLabels = results.studies.then((studies) => {
    const labels = new Map<string, string>();
    for (const study of studies) {
      for (const arm of study.arms) labels.set(`${study.id}:${arm.key}`, `${study.name}: ${arm.label}`);
    }
    return labels;
  });

  // One function a section, each as soon as its queries are in: it adds its rows to the breakdowns (sums, in
  // any order), which are summed last. A state's sections take ~130 ms of JavaScript (the retention curves
  // most); run as results come in, that work overlaps the database's on the queries still running instead
  // of following the last one. Each waits for the lane that gave its result to send the next query first.
  const b = new Breakdowns();
  const [enrollmentFigures, contactFigures, referralFigures, linkageFigures, retentionFigures, naloxoneFigures, eventFigures, followUpFigures] =
    await Promise.all([
      whenIn(results.episodes).then((episodes) => enrollmentSection(episodes, b, s)),
      whenIn(Promise.all([results.contactMonths, results.episodes])).then(([contacts, episodes]) => contactSection(contacts, episodes, { from, to }, b, s)),
      whenIn(Promise.all([results.referrals, results.providers])).then(([referrals, providers]) => referralSection(referrals, providers, b, s)),
      whenIn(results.linkage).then((linkage) => linkageSection(linkage, b, s)),
      whenIn(Promise.all([results.retention, armLabels])).then(([rows, labels]) => retentionSection(rows, ctx, labels, b, s)),
      whenIn(Promise.all([results.distributions, results.reversals, results.expiring])).then(([d, r, e]) => naloxoneSection(d, r, e, s)),
      whenIn(Promise.all([results.events, results.overdosePeople])).then(([events, people]) => criticalEventSection(events, people, b, s)),
      whenIn(Promise.all([results.followUps, results.dueNow])).then(([followUps, dueNow]) => followUpSection(followUps, dueNow, b, s)),
    ]);
  const siteName = new Map(ctx.sites.map((x) => [x.id, x.name]));

  return {
    period: { from, to, days: daysBetween(from, to) + 1 },
    enrollment: enrollmentFigures,
    contacts: contactFigures,
    referrals: referralFigures,
    linkage: linkageFigures,
    retention: retentionFigures,
    naloxone: naloxoneFigures,
    criticalEvents: eventFigures,
    followUp: followUpFigures,
    breakdowns: breakdownRows(b, siteName, await armLabels, s),
  };
}

/* ---------- period over period ---------- */

export function headline(f: DashboardFigures): Record<HeadlineMeasure, number | null> {
  const stage = (name: string) => f.referrals.overall.stages.find((x) => x.stage === name)?.referrals ?? null;
  const rate = (r: Rate | undefined) => r?.rate ?? null;
  return {
    enrolled: f.enrollment.enrolled,
    active: f.enrollment.active,
    discharged: f.enrollment.discharged,
    contacts: f.contacts.contacts,
    contacts_per_participant_per_month: f.contacts.perParticipantPerMonth,
    referrals_sent: stage('sent'),
    referrals_engaged: stage('engaged'),
    linked_within_30_rate: rate(f.linkage.within.find((w) => w.days === 30)?.linked),
    linkage_median_days: f.linkage.medianDays,
    retained_at_90_rate: rate(f.retention.marks.find((m) => m.days === 90)?.rate),
    naloxone_kits: f.naloxone.kits,
    people_trained: f.naloxone.peopleTrained,
    reversals_reported: f.naloxone.reversalsReported,
    overdoses: f.criticalEvents.overdoses,
    fatal_overdoses: f.criticalEvents.fatalOverdoses,
    follow_up_rate: f.followUp.rate.rate,
  };
}

export function changes(current: DashboardFigures, previous: DashboardFigures): ChangeRow[] {
  const a = headline(current);
  const p = headline(previous);
  return (Object.keys(a) as HeadlineMeasure[]).map((measure) => ({
    measure,
    current: a[measure],
    previous: p[measure],
    difference: a[measure] === null || p[measure] === null ? null : (a[measure]) - (p[measure]),
    percentChange: percentChange(a[measure], p[measure]),
  }));
}

/* ---------- the dashboard ---------- */

/** Where figures come from besides the request's transaction: the kept figures, and connections to compute them side by side. */
export interface FiguresSource {
  cache?: FiguresCache;
  connections?: ExtraConnections;
}

export async function buildDashboard(
  tx: Queryable,
  ctx: ReportContext,
  query: Pick<DashboardQuery, 'from' | 'to' | 'compare'>,
  now: Date,
  source: FiguresSource = {},
): Promise<Dashboard> {
  const { cache, connections } = source;
  // Read before any figure: a change committed later raises a version and is looked at again next time.
  const versions = cache ? new TableVersions(await figureVersions(tx)) : null;
  const figuresOf = (from: string, to: string) => {
    if (!cache || !versions) return computeFigures(tx, ctx, from, to, connections);
    const key = figuresKey({ siteIds: ctx.sites.map((x) => x.id), suppress: ctx.suppress, today: ctx.today, timeZone: ctx.timeZone, from, to });
    return cache.figures(key, versions, FIGURE_TABLES, (kept) => computeFigures(tx, ctx, from, to, connections, kept));
  };
  const current = await figuresOf(query.from, query.to);
  let comparison: Dashboard['comparison'] = null;
  if (query.compare) {
    const period = comparisonPeriod(query.from, query.to, query.compare);
    const figures = await figuresOf(period.from, period.to);
    comparison = { kind: query.compare, figures, changes: changes(current, figures) };
  }
  return {
    generatedAt: now.toISOString(),
    today: ctx.today,
    sites: ctx.sites,
    suppression: { applied: ctx.suppress, maxSuppressed: SUPPRESSION_MAX },
    current,
    comparison,
  };
}

/** One audit row per report generated: who, which report, the period and the sites (aggregates only: no participant is named). */
export async function auditReport(
  tx: Queryable,
  actor: Actor,
  now: Date,
  report: 'dashboard' | 'program',
  details: { from: string; to: string; compare?: string | undefined; format?: string; siteIds: string[] | null },
): Promise<void> {
  await recordAudit(tx, actor, now, {
    action: `report.${report}`,
    recordType: 'report',
    details: { from: details.from, to: details.to, compare: details.compare ?? null, format: details.format ?? 'json', sites: details.siteIds ?? 'all' },
  });
}

export async function getDashboard(tx: Queryable, actor: Actor, query: DashboardQuery, now: Date, source?: FiguresSource): Promise<Dashboard> {
  const ctx = await reportContext(tx, actor, query.siteId, now);
  const dashboard = await buildDashboard(tx, ctx, query, now, source);
  await auditReport(tx, actor, now, 'dashboard', { from: query.from, to: query.to, compare: query.compare, siteIds: ctx.siteIds });
  return dashboard;
}

/* ---------- who is due a follow-up ---------- */

/**
 * The people whose 6-month follow-up window is open today and not done, named,
 * for those who may read participants (program administrators, site managers,
 * supervisors; never evaluators, who see counts only). Only participants the
 * caller may see are listed; each one shown is audited.
 */
export async function getFollowUpsDue(tx: Tx, actor: Actor, query: FollowUpsDueQuery, now: Date): Promise<FollowUpsDue> {
  if (!actorCan(actor, 'participants:read')) throw new Forbidden();
  const ctx = await reportContext(tx, actor, query.siteId, now);
  const rows = await repo.followUpsDueList(tx, { from: ctx.today, to: ctx.today, today: ctx.today, timeZone: ctx.timeZone, siteIds: ctx.sites.map((x) => x.id) }, query.limit);
  const refs = new Map((await visibleParticipantRefs(tx, actor, [...new Set(rows.map((r) => r.participant_id))])).map((r) => [r.id, r]));
  const items = rows.flatMap((r) => {
    const ref = refs.get(r.participant_id);
    if (!ref) return [];
    return [
      {
        participantId: r.participant_id,
        name: ref.name,
        enrollmentId: r.enrollment_id,
        siteId: r.site_id,
        siteName: r.site_name,
        opensOn: r.opens_on,
        closesOn: r.closes_on,
        daysLeft: daysBetween(ctx.today, r.closes_on),
      },
    ];
  });
  await recordAudit(
    tx,
    actor,
    now,
    items.map((i) => ({ action: 'report.follow_ups_due', recordType: 'participant', recordId: i.participantId, participantId: i.participantId, details: { closesOn: i.closesOn } })),
  );
  return { today: ctx.today, items };
}
