/**
 * The program report: the dashboard's figures laid out as tables (one CSV
 * section, one XLSX sheet each). Suppressed figures stay null and are listed in
 * each table's `suppressed` cells, so the files can print them as "suppressed".
 */
import { csvField } from '../../core/supervision.ts';
import { HEADLINE_MEASURES, SUPPRESSED_TEXT, type ChangeRow, type Dashboard, type DashboardFigures, type FunnelStageRow, type ProgramReportQuery, type Rate, type ReportTable } from '../../core/reports.ts';
import type { Queryable } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { label } from './breakdowns.ts';
import { auditReport, buildDashboard, headline, reportContext, type FiguresSource } from './reports.service.ts';

type Cell = string | number | null;

interface Row {
  cells: Record<string, Cell>;
  /** Column keys whose null is a suppression. */
  hidden?: readonly string[];
}

function table(id: string, title: string, columns: readonly [string, string][], rows: readonly Row[]): ReportTable {
  const suppressed: ReportTable['suppressed'] = [];
  rows.forEach((r, row) => {
    for (const column of r.hidden ?? []) if (r.cells[column] === null) suppressed.push({ row, column });
  });
  return { id, title, columns: columns.map(([key, lbl]) => ({ key, label: lbl })), rows: rows.map((r) => r.cells), suppressed };
}

/** Suppressed keys of an object, mapped to the table columns they fill. */
const hiddenOf = (suppressed: readonly string[], map: Record<string, string>) => suppressed.flatMap((k) => (map[k] ? [map[k]] : []));

const pct = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);
const round = (n: number | null, digits = 2) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);

const MEASURE_LABELS: Record<(typeof HEADLINE_MEASURES)[number], string> = {
  enrolled: 'People enrolled',
  active: 'People active',
  discharged: 'People discharged',
  contacts: 'Contacts',
  contacts_per_participant_per_month: 'Contacts per participant per month',
  referrals_sent: 'Referrals sent',
  referrals_engaged: 'Referrals engaged in services',
  linked_within_30_rate: 'Linked to MOUD within 30 days',
  linkage_median_days: 'Median days to MOUD',
  retained_at_90_rate: 'Retained in MOUD at 90 days',
  naloxone_kits: 'Naloxone kits distributed',
  people_trained: 'People trained in overdose response',
  reversals_reported: 'Reversals reported',
  overdoses: 'Overdoses (non-fatal and fatal)',
  fatal_overdoses: 'Fatal overdoses',
  follow_up_rate: 'Follow-up interviews done in window',
};
const isShare = (m: string) => m.endsWith('_rate');

function rateCells(prefix: string, r: Rate): { cells: Record<string, Cell>; hidden: string[] } {
  return {
    cells: { [`${prefix}Numerator`]: r.numerator, [`${prefix}Denominator`]: r.denominator, [`${prefix}Percent`]: pct(r.rate) },
    hidden: hiddenOf(r.suppressed, { numerator: `${prefix}Numerator`, denominator: `${prefix}Denominator`, rate: `${prefix}Percent` }),
  };
}

function funnelRow(first: Record<string, Cell>, stages: readonly FunnelStageRow[]): Row {
  const cells: Record<string, Cell> = { ...first };
  const hidden: string[] = [];
  for (const s of stages) {
    cells[s.stage] = s.referrals;
    if (s.suppressed.includes('referrals')) hidden.push(s.stage);
  }
  return { cells, hidden };
}

const FUNNEL_COLUMNS: [string, string][] = [
  ['sent', 'Sent'],
  ['accepted', 'Accepted'],
  ['appointment', 'Appointment made'],
  ['attended', 'Attended'],
  ['engaged', 'Engaged in services'],
];

export function programTables(d: Dashboard): ReportTable[] {
  const f: DashboardFigures = d.current;
  const tables: ReportTable[] = [];

  tables.push(
    table(
      'report',
      'Program report',
      [
        ['item', 'Item'],
        ['value', 'Value'],
      ],
      [
        { cells: { item: 'Period from', value: f.period.from } },
        { cells: { item: 'Period to', value: f.period.to } },
        { cells: { item: 'Days', value: f.period.days } },
        { cells: { item: 'Sites', value: d.sites.map((s) => s.name).join('; ') } },
        { cells: { item: 'Generated at', value: d.generatedAt } },
        { cells: { item: 'Outcomes followed up to', value: d.today } },
        { cells: { item: 'Counts of 1 to 10 people suppressed', value: d.suppression.applied ? 'yes' : 'no' } },
        ...(d.comparison
          ? [{ cells: { item: 'Compared with', value: `${d.comparison.figures.period.from} to ${d.comparison.figures.period.to}` } }]
          : []),
      ],
    ),
  );

  // Summary, with the previous period when asked for.
  const cmp = d.comparison;
  const summaryColumns: [string, string][] = [
    ['measure', 'Measure'],
    ['value', 'Value'],
    ...(cmp
      ? ([
          ['previous', 'Previous period'],
          ['difference', 'Difference'],
          ['percentChange', 'Change (%)'],
        ] as [string, string][])
      : []),
  ];
  const changes = cmp?.changes ?? null;
  const now = changesOrHeadline(f, changes);
  tables.push(
    table(
      'summary',
      'Summary',
      summaryColumns,
      now.map((c) => {
        const share = isShare(c.measure);
        const v = (n: number | null) => (share ? pct(n) : round(n));
        return {
          cells: {
            measure: MEASURE_LABELS[c.measure] + (share ? ' (%)' : ''),
            value: v(c.current),
            ...(cmp ? { previous: v(c.previous), difference: v(c.difference), percentChange: round(c.percentChange, 1) } : {}),
          },
        };
      }),
    ),
  );

  tables.push(
    table(
      'enrollment',
      'Enrollment',
      [
        ['measure', 'Measure'],
        ['people', 'People'],
      ],
      [
        { cells: { measure: 'Enrolled in the period', people: f.enrollment.enrolled }, hidden: hiddenOf(f.enrollment.suppressed, { enrolled: 'people' }) },
        { cells: { measure: 'Active in the period', people: f.enrollment.active }, hidden: hiddenOf(f.enrollment.suppressed, { active: 'people' }) },
        { cells: { measure: 'Discharged in the period', people: f.enrollment.discharged }, hidden: hiddenOf(f.enrollment.suppressed, { discharged: 'people' }) },
        { cells: { measure: 'Active at the end of the period', people: f.enrollment.activeAtEnd }, hidden: hiddenOf(f.enrollment.suppressed, { activeAtEnd: 'people' }) },
        ...f.enrollment.dischargedByReason.map((r) => ({
          cells: { measure: `Discharged: ${label(r.reason).toLowerCase()}`, people: r.people },
          hidden: hiddenOf(r.suppressed, { people: 'people' }),
        })),
      ],
    ),
  );

  tables.push(
    table(
      'contacts_by_month',
      'Contacts per participant per month',
      [
        ['month', 'Month'],
        ['contacts', 'Contacts'],
        ['activePeople', 'People active'],
        ['perParticipant', 'Contacts per participant'],
      ],
      [
        ...f.contacts.byMonth.map((m) => ({
          cells: { month: m.month, contacts: m.contacts, activePeople: m.activePeople, perParticipant: round(m.perParticipant) },
          hidden: hiddenOf(m.suppressed, { contacts: 'contacts', activePeople: 'activePeople', perParticipant: 'perParticipant' }),
        })),
        {
          cells: {
            month: 'Whole period',
            contacts: f.contacts.contacts,
            activePeople: f.contacts.participantMonths,
            perParticipant: round(f.contacts.perParticipantPerMonth),
          },
          hidden: hiddenOf(f.contacts.suppressed, { contacts: 'contacts', participantMonths: 'activePeople', perParticipantPerMonth: 'perParticipant' }),
        },
      ],
    ),
  );

  tables.push(
    table(
      'referral_funnel',
      'Referral funnel',
      [
        ['stage', 'Stage'],
        ['referrals', 'Referrals'],
        ['percentOfSent', 'Share of sent (%)'],
      ],
      f.referrals.overall.stages.map((s) => ({
        cells: { stage: FUNNEL_COLUMNS.find(([k]) => k === s.stage)?.[1] ?? s.stage, referrals: s.referrals, percentOfSent: pct(s.shareOfSent) },
        hidden: hiddenOf(s.suppressed, { referrals: 'referrals', shareOfSent: 'percentOfSent' }),
      })),
    ),
  );
  tables.push(
    table(
      'referrals_by_category',
      'Referrals by service category',
      [['category', 'Service category'], ...FUNNEL_COLUMNS],
      f.referrals.byCategory.map((c) => funnelRow({ category: label(c.category) }, c.stages)),
    ),
  );
  tables.push(
    table(
      'referrals_by_provider',
      'Referrals by provider',
      [['provider', 'Provider'], ...FUNNEL_COLUMNS],
      f.referrals.byProvider.map((p) => funnelRow({ provider: p.name }, p.stages)),
    ),
  );

  tables.push(
    table(
      'linkage',
      'Linkage to MOUD after release or ED discharge',
      [
        ['window', 'Within'],
        ['linkedNumerator', 'Linked'],
        ['linkedDenominator', 'Window passed'],
        ['linkedPercent', 'Linked (%)'],
      ],
      [
        ...f.linkage.within.map((w) => {
          const r = rateCells('linked', w.linked);
          return { cells: { window: `${w.days} days`, ...r.cells }, hidden: r.hidden };
        }),
      ],
    ),
  );
  tables.push(
    table(
      'linkage_summary',
      'Linkage cohort and median days',
      [
        ['measure', 'Measure'],
        ['value', 'Value'],
      ],
      [
        { cells: { measure: 'People released or discharged from an ED in the period', value: f.linkage.cohort }, hidden: hiddenOf(f.linkage.suppressed, { cohort: 'value' }) },
        ...f.linkage.byIndex.map((x) => ({
          cells: { measure: x.from === 'release' ? 'Counted from release' : 'Counted from ED discharge', value: x.cohort },
          hidden: hiddenOf(x.suppressed, { cohort: 'value' }),
        })),
        { cells: { measure: 'Linked so far', value: f.linkage.linkedEver }, hidden: hiddenOf(f.linkage.suppressed, { linkedEver: 'value' }) },
        { cells: { measure: 'Median days to the first dose', value: round(f.linkage.medianDays, 1) }, hidden: hiddenOf(f.linkage.suppressed, { medianDays: 'value' }) },
      ],
    ),
  );

  tables.push(
    table(
      'retention',
      'MOUD retention (continuous, gaps of 14 days or less allowed)',
      [
        ['mark', 'At'],
        ['retained', 'Retained'],
        ['notRetained', 'Not retained'],
        ['notYet', 'Not yet known'],
        ['percent', 'Retained (%)'],
      ],
      f.retention.marks.map((m) => ({
        cells: { mark: `${m.days} days`, retained: m.retained, notRetained: m.notRetained, notYet: m.notYet, percent: pct(m.rate.rate) },
        hidden: [...hiddenOf(m.suppressed, { retained: 'retained', notRetained: 'notRetained', notYet: 'notYet' }), ...(m.rate.suppressed.includes('rate') ? ['percent'] : [])],
      })),
    ),
  );
  tables.push(
    table(
      'retention_curves',
      'MOUD retention curves (Kaplan-Meier)',
      [
        ['group', 'Group'],
        ['people', 'People'],
        ['events', 'Stopped'],
        ['medianDays', 'Median days retained'],
        ['s30', 'Retained at 30 days (%)'],
        ['s90', 'Retained at 90 days (%)'],
        ['s180', 'Retained at 180 days (%)'],
      ],
      f.retention.curves.map((c) => ({
        cells: {
          group: c.dimension === 'overall' ? 'All' : `${{ site: 'Site', medication: 'Medication', study_arm: 'Study arm' }[c.dimension]}: ${c.label}`,
          people: c.people,
          events: c.events,
          medianDays: c.medianDays,
          s30: pct(c.at[0]?.survival ?? null),
          s90: pct(c.at[1]?.survival ?? null),
          s180: pct(c.at[2]?.survival ?? null),
        },
        hidden: c.suppressed.includes('at')
          ? ['people', 'events', 'medianDays', 's30', 's90', 's180']
          : hiddenOf(c.suppressed, { people: 'people', events: 'events', medianDays: 'medianDays' }),
      })),
    ),
  );
  const overall = f.retention.curves.find((c) => c.dimension === 'overall');
  tables.push(
    table(
      'retention_curve_all',
      'Retention curve, everyone (Kaplan-Meier with 95% bounds)',
      [
        ['day', 'Day'],
        ['atRisk', 'At risk'],
        ['events', 'Stopped'],
        ['censored', 'Censored'],
        ['survival', 'Retained (%)'],
        ['lower', 'Lower bound (%)'],
        ['upper', 'Upper bound (%)'],
      ],
      (overall?.points ?? []).map((p) => ({
        cells: { day: p.day, atRisk: p.atRisk, events: p.events, censored: p.censored, survival: pct(p.survival), lower: pct(p.lower), upper: pct(p.upper) },
        hidden: hiddenOf(p.suppressed, { atRisk: 'atRisk', events: 'events', censored: 'censored' }),
      })),
    ),
  );

  const n = f.naloxone;
  tables.push(
    table(
      'naloxone',
      'Naloxone',
      [
        ['measure', 'Measure'],
        ['kits', 'Kits'],
        ['count', 'Count'],
      ],
      [
        ...n.kitsByRecipientType.map((k) => ({
          cells: { measure: `Distributed to: ${label(k.recipientType).toLowerCase()}`, kits: k.kits, count: k.distributions },
          hidden: hiddenOf(k.suppressed, { distributions: 'count' }),
        })),
        { cells: { measure: 'All distributions', kits: n.kits, count: null } },
        { cells: { measure: 'People trained', kits: null, count: n.peopleTrained }, hidden: hiddenOf(n.suppressed, { peopleTrained: 'count' }) },
        { cells: { measure: 'Reversals reported', kits: null, count: n.reversalsReported }, hidden: hiddenOf(n.suppressed, { reversalsReported: 'count' }) },
        { cells: { measure: 'Reversals: person survived', kits: null, count: n.reversalsSurvived }, hidden: hiddenOf(n.suppressed, { reversalsSurvived: 'count' }) },
      ],
    ),
  );
  tables.push(
    table(
      'naloxone_expiring',
      'Naloxone about to expire (within 60 days)',
      [
        ['site', 'Site'],
        ['lots', 'Lots'],
        ['kits', 'Kits'],
        ['earliest', 'Earliest expiry'],
      ],
      n.expiringStock.map((e) => ({ cells: { site: e.siteName, lots: e.lots, kits: e.kits, earliest: e.earliestExpiresOn } })),
    ),
  );

  tables.push(
    table(
      'critical_events',
      'Critical events',
      [
        ['kind', 'Event'],
        ['events', 'Events'],
        ['people', 'People'],
        ['within30', 'Within 30 days of release'],
      ],
      f.criticalEvents.byKind.map((k) => ({
        cells: { kind: label(k.kind), events: k.events, people: k.people, within30: k.eventsWithin30DaysOfRelease },
        hidden: hiddenOf(k.suppressed, { events: 'events', people: 'people', eventsWithin30DaysOfRelease: 'within30' }),
      })),
    ),
  );

  const fu = f.followUp;
  const fr = rateCells('followUp', fu.rate);
  tables.push(
    table(
      'follow_up',
      '6-month follow-up interviews',
      [
        ['followUpNumerator', 'Done in window'],
        ['followUpDenominator', 'Windows closed in the period'],
        ['followUpPercent', 'Rate (%)'],
        ['target', 'Target (%)'],
        ['meetsTarget', 'Meets target'],
        ['dueNow', 'Due now'],
        ['closingSoon', 'Closing within 14 days'],
      ],
      [
        {
          cells: { ...fr.cells, target: pct(fu.target), meetsTarget: fu.meetsTarget === null ? null : fu.meetsTarget ? 'yes' : 'no', dueNow: fu.dueNow, closingSoon: fu.closingSoon },
          hidden: [...fr.hidden, ...hiddenOf(fu.suppressed, { dueNow: 'dueNow', closingSoon: 'closingSoon' })],
        },
      ],
    ),
  );
  tables.push(
    table(
      'follow_up_due',
      'Follow-up interviews due now, by site',
      [
        ['site', 'Site'],
        ['dueNow', 'Due now'],
        ['closingSoon', 'Closing within 14 days'],
      ],
      fu.dueBySite.map((x) => ({ cells: { site: x.siteName, dueNow: x.dueNow, closingSoon: x.closingSoon }, hidden: hiddenOf(x.suppressed, { dueNow: 'dueNow', closingSoon: 'closingSoon' }) })),
    ),
  );

  const DIM_TITLES: Record<string, string> = { site: 'site', race: 'race', ethnicity: 'ethnicity', gender: 'gender', age_group: 'age group', study_arm: 'study arm' };
  const dims = [...new Set(f.breakdowns.map((r) => r.dimension))];
  for (const dim of dims) {
    tables.push(
      table(
        `by_${dim}`,
        `By ${DIM_TITLES[dim] ?? dim}`,
        [
          ['group', DIM_TITLES[dim] ? (DIM_TITLES[dim].charAt(0).toUpperCase() + DIM_TITLES[dim].slice(1)) : dim],
          ['enrolled', 'Enrolled'],
          ['active', 'Active'],
          ['discharged', 'Discharged'],
          ['contactsPerMonth', 'Contacts per participant per month'],
          ['referralsSent', 'Referrals sent'],
          ['referralsEngaged', 'Referrals engaged'],
          ['linkageCohort', 'Released or ED discharged'],
          ['linked7Percent', 'Linked to MOUD within 7 days (%)'],
          ['linked14Percent', 'Linked to MOUD within 14 days (%)'],
          ['linkedPercent', 'Linked to MOUD within 30 days (%)'],
          ['retentionCohort', 'Started MOUD'],
          ['retainedPercent', 'Retained at 90 days (%)'],
          ['overdosePeople', 'People with an overdose'],
          ['fatalOverdoses', 'Fatal overdoses'],
          ['followUpPercent', 'Follow-up rate (%)'],
        ],
        f.breakdowns
          .filter((r) => r.dimension === dim)
          .map((r) => ({
            cells: {
              group: r.label,
              enrolled: r.enrolled,
              active: r.active,
              discharged: r.discharged,
              contactsPerMonth: round(r.contactsPerParticipantPerMonth),
              referralsSent: r.referralsSent,
              referralsEngaged: r.referralsEngaged,
              linkageCohort: r.linkageCohort,
              linked7Percent: pct(r.linkedWithin7.rate),
              linked14Percent: pct(r.linkedWithin14.rate),
              linkedPercent: pct(r.linkedWithin30.rate),
              retentionCohort: r.retentionCohort,
              retainedPercent: pct(r.retainedAt90.rate),
              overdosePeople: r.overdosePeople,
              fatalOverdoses: r.fatalOverdoses,
              followUpPercent: pct(r.followUp.rate),
            },
            hidden: [
              ...hiddenOf(r.suppressed, {
                enrolled: 'enrolled',
                active: 'active',
                discharged: 'discharged',
                contactsPerParticipantPerMonth: 'contactsPerMonth',
                referralsSent: 'referralsSent',
                referralsEngaged: 'referralsEngaged',
                linkageCohort: 'linkageCohort',
                retentionCohort: 'retentionCohort',
                overdosePeople: 'overdosePeople',
                fatalOverdoses: 'fatalOverdoses',
              }),
              ...(r.linkedWithin7.suppressed.includes('rate') ? ['linked7Percent'] : []),
              ...(r.linkedWithin14.suppressed.includes('rate') ? ['linked14Percent'] : []),
              ...(r.linkedWithin30.suppressed.includes('rate') ? ['linkedPercent'] : []),
              ...(r.retainedAt90.suppressed.includes('rate') ? ['retainedPercent'] : []),
              ...(r.followUp.suppressed.includes('rate') ? ['followUpPercent'] : []),
            ],
          })),
      ),
    );
  }
  return tables;
}

function changesOrHeadline(f: DashboardFigures, changes: ChangeRow[] | null): ChangeRow[] {
  if (changes) return changes;
  const h = headline(f);
  return HEADLINE_MEASURES.map((measure) => ({ measure, current: h[measure], previous: null, difference: null, percentChange: null }));
}

/**
 * The program report as one CSV file: each table as its title on a row of its
 * own, its header row, its rows, then a blank line. One file rather than a zip of
 * one CSV per table: it opens with a double click in any spreadsheet, prints as
 * one document and streams to stdout from the CLI; the workbook (one sheet per
 * table) is there for those who want the tables apart.
 */
export function toReportCsv(tables: readonly ReportTable[]): string {
  const lines: string[] = [];
  for (const t of tables) {
    const hidden = new Set(t.suppressed.map((s) => `${s.row}\u0000${s.column}`));
    lines.push(csvField(t.title));
    lines.push(t.columns.map((c) => csvField(c.label)).join(','));
    t.rows.forEach((row, r) => {
      lines.push(t.columns.map((c) => csvField(row[c.key] ?? (hidden.has(`${r}\u0000${c.key}`) ? SUPPRESSED_TEXT : null))).join(','));
    });
    lines.push('');
  }
  return lines.join('\r\n') + '\r\n';
}

/** The program report for a period: the dashboard's figures as tables, with one audit row. */
export async function getProgramReport(
  tx: Queryable,
  actor: Actor,
  query: ProgramReportQuery,
  now: Date,
  source?: FiguresSource,
): Promise<{ tables: ReportTable[]; filename: string }> {
  const ctx = await reportContext(tx, actor, query.siteId, now);
  const dashboard = await buildDashboard(tx, ctx, query, now, source);
  await auditReport(tx, actor, now, 'program', { from: query.from, to: query.to, compare: query.compare, format: query.format, siteIds: ctx.siteIds });
  return { tables: programTables(dashboard), filename: `tandem-program-report-${query.from}-to-${query.to}.${query.format}` };
}
