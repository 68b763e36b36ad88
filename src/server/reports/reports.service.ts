/**
 * The outcome dashboard and the program report: the sites a caller may report on,
 * the figures summed from the repository's cells, small-cell suppression for
 * evaluators, period-over-period change, and one audit row per report generated.
 * Definitions of every measure: docs/decisions/0014-outcome-measures.md.
 */
import { daysBetween, addDays, addMonths, DISCHARGE_REASONS, CLOSING_SOON_DAYS } from '../../core/enrollments.ts';
import { CRITICAL_EVENT_KINDS } from '../../core/events.ts';
import { RETENTION_MARKS, MOUD_MEDICATIONS } from '../../core/moud.ts';
import { EXPIRY_ALERT_DAYS, RECIPIENT_TYPES } from '../../core/naloxone.ts';
import { NEED_CATEGORY, REFERRAL_NEEDS, type ReferralNeed } from '../../core/referrals.ts';
import {
  FOLLOW_UP_TARGET,
  FUNNEL_STAGES,
  LINKAGE_DAYS,
  SUPPRESSION_MAX,
  type ChangeRow,
  type CompareKind,
  type Dashboard,
  type DashboardFigures,
  type DashboardQuery,
  type FollowUpsDue,
  type FollowUpsDueQuery,
  type FunnelStageRow,
  type HeadlineMeasure,
  type KmCurveRow,
  type Rate,
} from '../../core/reports.ts';
import { SERVICE_CATEGORIES, type ServiceCategory } from '../../core/resources.ts';
import {
  isSmallCell,
  hideField,
  hideRatePart,
  partitionHidden,
  median,
  percentChange,
  ratio,
  suppressCount,
  suppressFields,
  suppressPartition,
  suppressRate,
} from '../../core/statistics.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { figuresKey, type FiguresCache } from './figures-cache.ts';
import { QueryLanes, type ExtraConnections } from './query-lanes.ts';
import { isoDateIn } from '../clock.ts';
import type { Queryable, Tx } from '../db/database.ts';
import { actorCan, aggregateSiteIds, type Actor } from '../http/actor.ts';
import { Forbidden, ValidationError } from '../http/errors.ts';
import { visibleParticipantRefs } from '../participants/participants.service.ts';
import { breakdownRows, Breakdowns, label, sum } from './breakdowns.ts';
import * as repo from './reports.repository.ts';
import { kmCurve, protectCurves, retentionPeople, type RetentionPerson } from './retention-curves.ts';
import type { FunnelCounts, ReportScope } from './reports.repository.ts';

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

function funnel(c: FunnelCounts, suppress: boolean): FunnelStageRow[] {
  return FUNNEL_STAGES.map((stage) => {
    const referrals = c[stage];
    const hidden = suppress && (isSmallCell(referrals) || isSmallCell(c.sent));
    return {
      stage,
      referrals: suppressCount(referrals, suppress),
      shareOfSent: hidden ? null : ratio(referrals, c.sent),
      suppressed: suppress && isSmallCell(referrals) ? ['referrals', 'shareOfSent'] : hidden ? ['shareOfSent'] : [],
    };
  });
}

const addFunnel = (a: FunnelCounts, b: FunnelCounts): FunnelCounts => ({
  sent: a.sent + b.sent,
  accepted: a.accepted + b.accepted,
  appointment: a.appointment + b.appointment,
  attended: a.attended + b.attended,
  engaged: a.engaged + b.engaged,
});
const noFunnel = (): FunnelCounts => ({ sent: 0, accepted: 0, appointment: 0, attended: 0, engaged: 0 });

/**
 * Funnels that split the overall one (by category, by need, by provider): at each
 * stage, complementary suppression across the groups; a share of sent is hidden
 * wherever its stage or the group's sent is.
 */
function protectFunnels(groups: readonly { stages: FunnelStageRow[] }[], raw: readonly FunnelCounts[], suppress: boolean): void {
  if (!suppress) return;
  FUNNEL_STAGES.forEach((stage, i) => {
    suppressPartition(
      groups.map((g) => g.stages[i] as FunnelStageRow),
      'referrals',
      raw.map((c) => c[stage]),
      true,
    );
  });
  for (const g of groups) {
    const sentHidden = g.stages[0]?.referrals === null;
    for (const row of g.stages) {
      if ((sentHidden || row.referrals === null) && !row.suppressed.includes('shareOfSent')) {
        row.shareOfSent = null;
        row.suppressed.push('shareOfSent');
      }
    }
  }
}

/** Months (YYYY-MM) the period touches, in order. */
function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = `${from.slice(0, 7)}-01`; m <= to; m = addMonths(m, 1)) months.push(m.slice(0, 7));
  return months;
}

export async function computeFigures(tx: Queryable, ctx: ReportContext, from: string, to: string, connections?: ExtraConnections): Promise<DashboardFigures> {
  // Always an explicit list (all sites for a program administrator), so the (site_id, date) indexes serve short periods.
  const scope: ReportScope = { from, to, today: ctx.today, timeZone: ctx.timeZone, siteIds: ctx.sites.map((x) => x.id) };
  const s = ctx.suppress;
  // These queries sort and hash a few hundred thousand grouped rows at a state's size: let them do it in
  // memory rather than spill to disk, without JIT (for this transaction only; figures from the cache skip it).
  await repo.reportMemory(tx);
  // Side by side on PostgreSQL when the pool has connections to spare (query-lanes.ts), the longest first.
  const lanes = new QueryLanes(tx, connections, repo.reportMemory);
  const queued = Promise.all([
    lanes.run((q) => repo.contactMonthCells(q, scope)),
    lanes.run((q) => repo.activeMonthCells(q, scope)),
    lanes.run((q) => repo.referralCells(q, scope)),
    lanes.run((q) => repo.enrollmentCells(q, scope)),
    lanes.run((q) => repo.linkageCells(q, scope)),
    lanes.run((q) => repo.retentionEpisodes(q, scope)),
    lanes.run((q) => repo.providerFunnels(q, scope)),
    lanes.run((q) => repo.followUpCells(q, scope)),
    lanes.run((q) => repo.followUpsDueNow(q, scope, CLOSING_SOON_DAYS)),
    lanes.run((q) => repo.distributionRows(q, scope)),
    lanes.run((q) => repo.expiringStock(q, scope, EXPIRY_ALERT_DAYS)),
    lanes.run((q) => repo.eventCells(q, scope)),
    lanes.run((q) => repo.overdosePeopleCells(q, scope)),
    lanes.run((q) => repo.reversalRows(q, scope)),
    lanes.run((q) => repo.studyArms(q)),
  ] as const);
  lanes.start();
  const [
    { cells: contactMonths, peopleReached: reached },
    activeMonths,
    referrals,
    enrollment,
    linkage,
    retentionRows,
    providers,
    followUps,
    dueNow,
    distributions,
    expiring,
    events,
    overdosePeople,
    reversals,
    studies,
  ] = await queued;
  const armLabels = new Map<string, string>();
  for (const study of studies) {
    for (const arm of study.arms) armLabels.set(`${study.id}:${arm.key}`, `${study.name}: ${arm.label}`);
  }

  const b = new Breakdowns();

  /* enrollment */
  for (const c of enrollment)
    b.add(c, (a) => {
      a.enrolled += c.enrolled;
      a.active += c.active;
      a.discharged += c.discharged;
    });
  const byReason = DISCHARGE_REASONS.map((reason) => ({
    reason,
    people: sum(
      enrollment.filter((c) => c.reason === reason),
      (c) => c.discharged,
    ),
    suppressed: [] as string[],
  })).filter((r) => r.people !== 0);
  const enrollmentFigures = suppressFields(
    {
      enrolled: sum(enrollment, (c) => c.enrolled),
      active: sum(enrollment, (c) => c.active),
      discharged: sum(enrollment, (c) => c.discharged),
      activeAtEnd: sum(enrollment, (c) => c.active_at_end),
      dischargedByReason: byReason.map((r) => suppressFields(r, ['people'], s)),
      suppressed: [] as string[],
    },
    ['enrolled', 'active', 'discharged', 'activeAtEnd'],
    s,
  );

  // The reasons split the discharged; those still active at the end and those discharged split the active.
  suppressPartition(
    enrollmentFigures.dischargedByReason,
    'people',
    byReason.map((r) => r.people),
    s,
  );
  const endOrLeft = partitionHidden([sum(enrollment, (c) => c.active_at_end), sum(enrollment, (c) => c.discharged)]);
  if (s && endOrLeft[0]) hideField(enrollmentFigures, 'activeAtEnd');
  if (s && endOrLeft[1]) hideField(enrollmentFigures, 'discharged');

  /* contacts */
  for (const c of activeMonths) b.add(c, (a) => (a.participantMonths += c.people));
  for (const c of contactMonths) b.add(c, (a) => (a.contacts += c.contacts));
  const totalContacts = sum(contactMonths, (c) => c.contacts);
  const participantMonths = sum(activeMonths, (c) => c.people);
  const byMonth = monthsOf(from, to).map((month) => {
    const contacts = sum(
      contactMonths.filter((c) => c.month === month),
      (c) => c.contacts,
    );
    const activePeople = sum(
      activeMonths.filter((c) => c.month === month),
      (c) => c.people,
    );
    const row = suppressFields({ month, contacts, activePeople, perParticipant: ratio(contacts, activePeople), suppressed: [] as string[] }, ['contacts', 'activePeople'], s);
    if (row.suppressed.length) {
      row.perParticipant = null;
      row.suppressed.push('perParticipant');
    }
    return row;
  });
  // The months split the period's contacts and participant-months.
  const monthRaw = monthsOf(from, to).map((month) => ({
    contacts: sum(
      contactMonths.filter((c) => c.month === month),
      (c) => c.contacts,
    ),
    people: sum(
      activeMonths.filter((c) => c.month === month),
      (c) => c.people,
    ),
  }));
  suppressPartition(
    byMonth,
    'contacts',
    monthRaw.map((m) => m.contacts),
    s,
  );
  suppressPartition(
    byMonth,
    'activePeople',
    monthRaw.map((m) => m.people),
    s,
  );
  for (const row of byMonth) {
    if (row.suppressed.length && !row.suppressed.includes('perParticipant')) {
      row.perParticipant = null;
      row.suppressed.push('perParticipant');
    }
  }
  const contactFigures = suppressFields(
    {
      contacts: totalContacts,
      attempts: sum(contactMonths, (c) => c.attempts),
      peopleReached: reached,
      participantMonths,
      perParticipantPerMonth: ratio(totalContacts, participantMonths),
      byMonth,
      suppressed: [] as string[],
    },
    ['contacts', 'attempts', 'peopleReached', 'participantMonths'],
    s,
  );
  if (contactFigures.suppressed.includes('contacts') || contactFigures.suppressed.includes('participantMonths')) {
    contactFigures.perParticipantPerMonth = null;
    contactFigures.suppressed.push('perParticipantPerMonth');
  }

  /* referrals */
  for (const c of referrals)
    b.add(c, (a) => {
      a.referralsSent += c.sent;
      a.referralsEngaged += c.engaged;
    });
  const byNeed = new Map<ReferralNeed, FunnelCounts>();
  const byCategory = new Map<ServiceCategory, FunnelCounts>();
  let overall = noFunnel();
  for (const c of referrals) {
    const need = c.need as ReferralNeed;
    byNeed.set(need, addFunnel(byNeed.get(need) ?? noFunnel(), c));
    const category = NEED_CATEGORY[need];
    byCategory.set(category, addFunnel(byCategory.get(category) ?? noFunnel(), c));
    overall = addFunnel(overall, c);
  }
  const referralFigures = {
    overall: { stages: funnel(overall, s) },
    byCategory: SERVICE_CATEGORIES.filter((c) => byCategory.has(c)).map((category) => ({ category, stages: funnel(byCategory.get(category) ?? noFunnel(), s) })),
    byNeed: REFERRAL_NEEDS.filter((n) => byNeed.has(n)).map((need) => ({ need, stages: funnel(byNeed.get(need) ?? noFunnel(), s) })),
    byProvider: providers.map((p) => ({ resourceId: p.resource_id, name: p.name, stages: funnel(p, s) })),
  };
  protectFunnels(
    referralFigures.byCategory,
    referralFigures.byCategory.map((g) => byCategory.get(g.category) ?? noFunnel()),
    s,
  );
  protectFunnels(
    referralFigures.byNeed,
    referralFigures.byNeed.map((g) => byNeed.get(g.need) ?? noFunnel()),
    s,
  );
  // Referrals with no directory provider have no row, so the providers may not add up to the whole: protected all the same.
  protectFunnels(referralFigures.byProvider, providers, s);

  /* linkage */
  for (const c of linkage)
    b.add(c, (a) => {
      a.linkageCohort += c.people;
      if (c.elig7) a.eligible7 += c.people;
      if (c.elig7 && c.days !== null && c.days <= 7) a.linked7 += c.people;
      if (c.elig14) a.eligible14 += c.people;
      if (c.elig14 && c.days !== null && c.days <= 14) a.linked14 += c.people;
      if (c.elig30) a.eligible30 += c.people;
      if (c.elig30 && c.days !== null && c.days <= 30) a.linked30 += c.people;
    });
  const cohort = sum(linkage, (c) => c.people);
  const linkedDays = linkage.filter((c) => c.days !== null).flatMap((c) => Array.from({ length: c.people }, () => c.days as number));
  const eligKey = { 7: 'elig7', 14: 'elig14', 30: 'elig30' } as const;
  const linkageFigures = suppressFields(
    {
      cohort,
      within: LINKAGE_DAYS.map((days) => {
        const eligible = linkage.filter((c) => c[eligKey[days]]);
        return {
          days,
          linked: suppressRate(
            sum(
              eligible.filter((c) => c.days !== null && c.days <= days),
              (c) => c.people,
            ),
            sum(eligible, (c) => c.people),
            s,
          ),
        };
      }),
      medianDays: s && isSmallCell(linkedDays.length) ? null : median(linkedDays),
      linkedEver: linkedDays.length,
      byIndex: (['release', 'ed_discharge'] as const).map((fromKind) =>
        suppressFields(
          {
            from: fromKind,
            cohort: sum(
              linkage.filter((c) => c.from_kind === fromKind),
              (c) => c.people,
            ),
            suppressed: [] as string[],
          },
          ['cohort'],
          s,
        ),
      ),
      suppressed: s && isSmallCell(linkedDays.length) ? ['medianDays'] : ([] as string[]),
    },
    ['cohort', 'linkedEver'],
    s,
  );

  suppressPartition(
    linkageFigures.byIndex,
    'cohort',
    (['release', 'ed_discharge'] as const).map((fromKind) =>
      sum(
        linkage.filter((c) => c.from_kind === fromKind),
        (c) => c.people,
      ),
    ),
    s,
  );

  /* retention */
  const people = retentionPeople(retentionRows, ctx.today);
  for (const p of people)
    b.add(p, (a) => {
      a.retentionCohort += 1;
      const m90 = p.marks.find((m) => m.days === 90);
      if (m90?.status === 'retained') a.retained90 += 1;
      if (m90 && m90.status !== 'not_yet') a.decided90 += 1;
    });
  const siteName = new Map(ctx.sites.map((x) => [x.id, x.name]));
  const curves: KmCurveRow[] = [kmCurve('overall', 'all', 'All', people, s)];
  const curveGroups = (dimension: KmCurveRow['dimension'], groups: { value: string; label: string; people: RetentionPerson[] }[]) => {
    const shown = groups.filter((g) => g.people.length > 0);
    const raw = shown.map((g) => ({ people: g.people.length, events: sum(g.people, (p) => (p.observation.event ? 1 : 0)) }));
    curves.push(...protectCurves(shown.map((g) => kmCurve(dimension, g.value, g.label, g.people, s)), raw, s));
  };
  curveGroups(
    'site',
    ctx.sites.map((site) => ({ value: site.id, label: site.name, people: people.filter((p) => p.k_site === site.id) })),
  );
  curveGroups(
    'medication',
    MOUD_MEDICATIONS.map((medication) => ({ value: medication, label: label(medication), people: people.filter((p) => p.medication === medication) })),
  );
  // A trial's main comparison: one curve per arm, the arms of each study splitting that study's people.
  const studyIds = [...new Set([...armLabels.keys()].map((k) => k.slice(0, k.indexOf(':'))))];
  for (const studyId of studyIds) {
    curveGroups(
      'study_arm',
      [...armLabels.entries()]
        .filter(([k]) => k.startsWith(`${studyId}:`))
        .map(([k, armLabel]) => ({ value: k, label: armLabel, people: people.filter((p) => (p.k_arms ?? []).includes(k)) })),
    );
  }
  const retentionFigures = suppressFields(
    {
      cohort: people.length,
      marks: RETENTION_MARKS.map((days) => {
        const statuses = people.map((p) => p.marks.find((m) => m.days === days)?.status);
        const retained = statuses.filter((x) => x === 'retained').length;
        const notRetained = statuses.filter((x) => x === 'not_retained').length;
        const notYet = statuses.filter((x) => x === 'not_yet').length;
        const mark = suppressFields(
          { days, retained, notRetained, notYet, rate: suppressRate(retained, retained + notRetained, s), suppressed: [] as string[] },
          ['retained', 'notRetained', 'notYet'],
          s,
        );
        // The three split the cohort; the rate's denominator is the cohort less "not yet", so it is
        // shown only when all three are (else cohort − denominator, or denominator − not retained, gives one back).
        const parts = ['retained', 'notRetained', 'notYet'] as const;
        if (s) {
          const flags = partitionHidden([retained, notRetained, notYet]);
          parts.forEach((k, i) => {
            if (flags[i]) hideField(mark, k);
          });
          if (flags[0] && mark.rate.numerator !== null) hideRatePart(mark.rate, 'numerator');
          if (flags.some(Boolean) && mark.rate.denominator !== null) hideRatePart(mark.rate, 'denominator');
        }
        return mark;
      }),
      curves,
      suppressed: [] as string[],
    },
    ['cohort'],
    s,
  );

  /* naloxone */
  const naloxoneFigures = suppressFields(
    {
      kitsByRecipientType: RECIPIENT_TYPES.map((recipientType) => {
        const rows = distributions.filter((d) => d.recipient_type === recipientType);
        return suppressFields(
          { recipientType, kits: sum(rows, (d) => d.kits), distributions: sum(rows, (d) => d.distributions), suppressed: [] as string[] },
          ['distributions'],
          s,
        );
      }),
      kits: sum(distributions, (d) => d.kits),
      peopleTrained: sum(distributions, (d) => d.trained),
      reversalsReported: sum(reversals, (r) => r.reported),
      reversalsSurvived: sum(reversals, (r) => r.survived),
      expiringStock: expiring.map((e) => ({ siteId: e.site_id, siteName: e.site_name, lots: e.lots, kits: e.kits, earliestExpiresOn: e.earliest })),
      suppressed: [] as string[],
    },
    ['peopleTrained', 'reversalsReported', 'reversalsSurvived'],
    s,
  );

  /* critical events */
  const overdoseKinds = new Set(['non_fatal_overdose', 'fatal_overdose']);
  for (const c of events) if (overdoseKinds.has(c.kind)) b.add(c, (a) => (a.overdoses += c.events));
  for (const c of events) if (c.kind === 'fatal_overdose') b.add(c, (a) => (a.fatalOverdoses += c.events));
  for (const c of overdosePeople) b.add(c, (a) => (a.overdosePeople += c.people));
  const eventFigures = suppressFields(
    {
      byKind: CRITICAL_EVENT_KINDS.map((kind) => {
        const rows = events.filter((e) => e.kind === kind);
        return suppressFields(
          {
            kind,
            events: sum(rows, (e) => e.events),
            people: sum(rows, (e) => e.people),
            eventsWithin30DaysOfRelease: sum(rows, (e) => e.within30),
            suppressed: [] as string[],
          },
          ['events', 'people', 'eventsWithin30DaysOfRelease'],
          s,
        );
      }),
      overdoses: sum(
        events.filter((e) => overdoseKinds.has(e.kind)),
        (e) => e.events,
      ),
      overdosesWithin30DaysOfRelease: sum(
        events.filter((e) => overdoseKinds.has(e.kind)),
        (e) => e.within30,
      ),
      fatalOverdoses: sum(
        events.filter((e) => e.kind === 'fatal_overdose'),
        (e) => e.events,
      ),
      suppressed: [] as string[],
    },
    ['overdoses', 'overdosesWithin30DaysOfRelease', 'fatalOverdoses'],
    s,
  );

  // Non-fatal and fatal overdoses split the overdoses (and those within 30 days of release); the fatal ones are also a headline.
  const overdoseRows = eventFigures.byKind.filter((k) => overdoseKinds.has(k.kind));
  const overdoseRaw = overdoseRows.map((k) => events.filter((e) => e.kind === k.kind));
  suppressPartition(
    overdoseRows,
    'events',
    overdoseRaw.map((rows) => sum(rows, (e) => e.events)),
    s,
  );
  suppressPartition(
    overdoseRows,
    'eventsWithin30DaysOfRelease',
    overdoseRaw.map((rows) => sum(rows, (e) => e.within30)),
    s,
  );
  if (s && eventFigures.byKind.find((k) => k.kind === 'fatal_overdose')?.events === null) hideField(eventFigures, 'fatalOverdoses');

  /* follow-up */
  for (const c of followUps)
    b.add(c, (a) => {
      a.followUpDue += c.due;
      a.followUpDone += c.done;
    });
  const followRate = suppressRate(
    sum(followUps, (c) => c.done),
    sum(followUps, (c) => c.due),
    s,
  );
  const followUpFigures = suppressFields(
    {
      rate: followRate,
      target: FOLLOW_UP_TARGET,
      meetsTarget: followRate.rate === null ? null : followRate.rate >= FOLLOW_UP_TARGET,
      dueNow: sum(dueNow, (d) => d.due_now),
      closingSoon: sum(dueNow, (d) => d.closing_soon),
      dueBySite: dueNow.map((d) =>
        suppressFields({ siteId: d.site_id, siteName: d.site_name, dueNow: d.due_now, closingSoon: d.closing_soon, suppressed: [] as string[] }, ['dueNow', 'closingSoon'], s),
      ),
      suppressed: [] as string[],
    },
    ['dueNow', 'closingSoon'],
    s,
  );

  suppressPartition(
    followUpFigures.dueBySite,
    'dueNow',
    dueNow.map((d) => d.due_now),
    s,
  );
  suppressPartition(
    followUpFigures.dueBySite,
    'closingSoon',
    dueNow.map((d) => d.closing_soon),
    s,
  );

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
    breakdowns: breakdownRows(b, siteName, armLabels, s),
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
  const figuresOf = (from: string, to: string) => {
    if (!cache) return computeFigures(tx, ctx, from, to, connections);
    const key = figuresKey({ siteIds: ctx.sites.map((x) => x.id), suppress: ctx.suppress, today: ctx.today, timeZone: ctx.timeZone, from, to });
    return cache.get(key, () => computeFigures(tx, ctx, from, to, connections));
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
