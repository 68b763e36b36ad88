/**
 * The casework sections of the dashboard's figures (enrollment, contacts, referrals,
 * linkage, retention, follow-up), one function each, so that computeFigures
 * (reports.service.ts) reads as the queries and a list of sections. Each takes the
 * repository rows it needs, adds them to the shared breakdowns and returns its
 * section, suppressed for evaluators (`s`). Naloxone and critical events:
 * naloxone-event-sections.ts.
 */
import { addMonths, DISCHARGE_REASONS } from '../../core/enrollments.ts';
import { RETENTION_MARKS, MOUD_MEDICATIONS } from '../../core/moud.ts';
import { NEED_CATEGORY, REFERRAL_NEEDS, type ReferralNeed } from '../../core/referrals.ts';
import { FOLLOW_UP_TARGET, FUNNEL_STAGES, LINKAGE_DAYS, type DashboardFigures, type FunnelStageRow, type KmCurveRow } from '../../core/reports.ts';
import { SERVICE_CATEGORIES, type ServiceCategory } from '../../core/resources.ts';
import { isSmallCell, hideField, hideRatePart, partitionHidden, median, ratio, suppressCount, suppressFields, suppressPartition, suppressRate } from '../../core/statistics.ts';
import { label, sum, type Breakdowns } from './breakdowns.ts';
import { kmCurve, protectCurves, retentionPeople, type RetentionPerson } from './retention-curves.ts';
import type { Marginals } from './cell-keys.ts';
import type { ContactMonths, DueNowRow, EpisodeCells, FollowUpCounts, FunnelCounts, LinkageCells, ProviderFunnel, ReferralCells, RetentionEpisodeRow } from './reports.repository.ts';

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

/** Enrollment: enrolled, active and discharged in the period (the discharged by reason), and active at its end. */
export function enrollmentSection({ people, byReason: reasons }: EpisodeCells, b: Breakdowns, s: boolean): DashboardFigures['enrollment'] {
  b.addMarginals(people, (a, c) => {
    a.enrolled += c.enrolled;
    a.active += c.active;
    a.discharged += c.discharged;
  });
  const whole = people.bySite;
  const byReason = DISCHARGE_REASONS.map((reason) => ({
    reason,
    people: sum(
      reasons.filter((c) => c.reason === reason),
      (c) => c.discharged,
    ),
    suppressed: [] as string[],
  })).filter((r) => r.people !== 0);
  const enrollmentFigures = suppressFields(
    {
      enrolled: sum(whole, (c) => c.enrolled),
      active: sum(whole, (c) => c.active),
      discharged: sum(whole, (c) => c.discharged),
      activeAtEnd: sum(whole, (c) => c.active_at_end),
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
  const endOrLeft = partitionHidden([sum(whole, (c) => c.active_at_end), sum(whole, (c) => c.discharged)]);
  if (s && endOrLeft[0]) hideField(enrollmentFigures, 'activeAtEnd');
  if (s && endOrLeft[1]) hideField(enrollmentFigures, 'discharged');
  return enrollmentFigures;
}

/** Contacts: contacts, attempts and people reached, and contacts per participant-month, over the period and month by month. */
export function contactSection(
  contactMonths: ContactMonths,
  activeMonths: Pick<EpisodeCells, 'people' | 'months'>,
  { from, to }: { from: string; to: string },
  b: Breakdowns,
  s: boolean,
): DashboardFigures['contacts'] {
  b.addMarginals(activeMonths.people, (a, c) => (a.participantMonths += c.participant_months));
  b.addMarginals(contactMonths.people, (a, c) => (a.contacts += c.contacts));
  const totalContacts = sum(contactMonths.people.bySite, (c) => c.contacts);
  const participantMonths = sum(activeMonths.people.bySite, (c) => c.participant_months);
  const monthRaw = new Map(monthsOf(from, to).map((month) => [month, { contacts: 0, people: 0 }]));
  for (const c of contactMonths.months) {
    const m = monthRaw.get(c.month);
    if (m) m.contacts += c.contacts;
  }
  for (const c of activeMonths.months) {
    const m = monthRaw.get(c.month);
    if (m) m.people += c.people;
  }
  const byMonth = [...monthRaw].map(([month, { contacts, people: activePeople }]) => {
    const row = suppressFields({ month, contacts, activePeople, perParticipant: ratio(contacts, activePeople), suppressed: [] as string[] }, ['contacts', 'activePeople'], s);
    if (row.suppressed.length) {
      row.perParticipant = null;
      row.suppressed.push('perParticipant');
    }
    return row;
  });
  // The months split the period's contacts and participant-months.
  suppressPartition(
    byMonth,
    'contacts',
    [...monthRaw.values()].map((m) => m.contacts),
    s,
  );
  suppressPartition(
    byMonth,
    'activePeople',
    [...monthRaw.values()].map((m) => m.people),
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
      attempts: sum(contactMonths.people.bySite, (c) => c.attempts),
      peopleReached: contactMonths.peopleReached,
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
  return contactFigures;
}

/** Referrals: the funnel from sent to engaged, overall and by service category, need and provider. */
export function referralSection(referrals: ReferralCells, providers: readonly ProviderFunnel[], b: Breakdowns, s: boolean): DashboardFigures['referrals'] {
  b.addMarginals(referrals.people, (a, c) => {
    a.referralsSent += c.sent;
    a.referralsEngaged += c.engaged;
  });
  const byNeed = new Map<ReferralNeed, FunnelCounts>();
  const byCategory = new Map<ServiceCategory, FunnelCounts>();
  let overall = noFunnel();
  for (const c of referrals.byNeed) {
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
  return referralFigures;
}

/** Linkage: the people linked within 7, 14 and 30 days of a release or an ED discharge, the median days, and the cohort by index event. */
export function linkageSection({ people, byIndex, byDays }: LinkageCells, b: Breakdowns, s: boolean): DashboardFigures['linkage'] {
  b.addMarginals(people, (a, c) => {
    a.linkageCohort += c.people;
    a.eligible7 += c.eligible7;
    a.linked7 += c.linked7;
    a.eligible14 += c.eligible14;
    a.linked14 += c.linked14;
    a.eligible30 += c.eligible30;
    a.linked30 += c.linked30;
  });
  const whole = people.bySite;
  const cohort = sum(whole, (c) => c.people);
  const linkedDays = byDays.filter((c) => c.days !== null).flatMap((c) => Array.from({ length: c.people }, () => c.days as number));
  const windows = { 7: ['linked7', 'eligible7'], 14: ['linked14', 'eligible14'], 30: ['linked30', 'eligible30'] } as const;
  const indexCohort = (fromKind: 'release' | 'ed_discharge') =>
    sum(
      byIndex.filter((c) => c.from_kind === fromKind),
      (c) => c.people,
    );
  const linkageFigures = suppressFields(
    {
      cohort,
      within: LINKAGE_DAYS.map((days) => {
        const [linked, eligible] = windows[days];
        return {
          days,
          linked: suppressRate(
            sum(whole, (c) => c[linked]),
            sum(whole, (c) => c[eligible]),
            s,
          ),
        };
      }),
      medianDays: s && isSmallCell(linkedDays.length) ? null : median(linkedDays),
      linkedEver: linkedDays.length,
      byIndex: (['release', 'ed_discharge'] as const).map((fromKind) => suppressFields({ from: fromKind, cohort: indexCohort(fromKind), suppressed: [] as string[] }, ['cohort'], s)),
      suppressed: s && isSmallCell(linkedDays.length) ? ['medianDays'] : ([] as string[]),
    },
    ['cohort', 'linkedEver'],
    s,
  );

  suppressPartition(
    linkageFigures.byIndex,
    'cohort',
    (['release', 'ed_discharge'] as const).map((fromKind) => indexCohort(fromKind)),
    s,
  );
  return linkageFigures;
}

/** Retention: the MOUD cohort at each mark, and Kaplan-Meier curves overall, by site, by medication and by study arm. */
export function retentionSection(
  retentionRows: readonly RetentionEpisodeRow[],
  ctx: { today: string; sites: readonly { id: string; name: string }[] },
  armLabels: ReadonlyMap<string, string>,
  b: Breakdowns,
  s: boolean,
): DashboardFigures['retention'] {
  const people = retentionPeople(retentionRows, ctx.today);
  for (const p of people)
    b.add(p, (a) => {
      a.retentionCohort += 1;
      const m90 = p.marks.find((m) => m.days === 90);
      if (m90?.status === 'retained') a.retained90 += 1;
      if (m90 && m90.status !== 'not_yet') a.decided90 += 1;
    });
  const curves: KmCurveRow[] = [kmCurve('overall', 'all', 'All', people, s)];
  const curveGroups = (dimension: KmCurveRow['dimension'], groups: { value: string; label: string; people: RetentionPerson[] }[]) => {
    const shown = groups.filter((g) => g.people.length > 0);
    const raw = shown.map((g) => ({ people: g.people.length, events: sum(g.people, (p) => (p.observation.event ? 1 : 0)) }));
    curves.push(
      ...protectCurves(
        shown.map((g) => kmCurve(dimension, g.value, g.label, g.people, s)),
        raw,
        s,
      ),
    );
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
  return retentionFigures;
}

/** Follow-up: the 6-month follow-ups done of those due in the period, against the target, and those due now by site. */
export function followUpSection(followUps: Marginals<FollowUpCounts>, dueNow: readonly DueNowRow[], b: Breakdowns, s: boolean): DashboardFigures['followUp'] {
  b.addMarginals(followUps, (a, c) => {
    a.followUpDue += c.due;
    a.followUpDone += c.done;
  });
  const followRate = suppressRate(
    sum(followUps.bySite, (c) => c.done),
    sum(followUps.bySite, (c) => c.due),
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
  return followUpFigures;
}
