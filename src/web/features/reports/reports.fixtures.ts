/** A dashboard and a program report as the server answers them, for the component tests. */
import type { Dashboard, DashboardFigures, ProgramReport } from '../../../core/reports.ts';
import { SITE_JAIL } from '../../test/fixtures.ts';

const rate = (numerator: number | null, denominator: number | null, suppressed: string[] = []) => ({
  numerator,
  denominator,
  rate: numerator !== null && denominator ? numerator / denominator : null,
  suppressed,
});

const stages = (counts: (number | null)[]) =>
  (['sent', 'accepted', 'appointment', 'attended', 'engaged'] as const).map((stage, i) => {
    const referrals = counts[i] ?? null;
    return { stage, referrals, shareOfSent: referrals !== null && counts[0] ? referrals / counts[0] : null, suppressed: referrals === null ? ['referrals', 'shareOfSent'] : [] };
  });

export function figures(from: string, to: string, scale = 1): DashboardFigures {
  const n = (x: number) => Math.round(x * scale);
  return {
    period: { from, to, days: 92 },
    enrollment: {
      enrolled: n(40),
      active: n(120),
      discharged: n(30),
      activeAtEnd: n(90),
      dischargedByReason: [
        { reason: 'completed', people: n(18), suppressed: [] },
        { reason: 'lost_to_contact', people: n(12), suppressed: [] },
      ],
      suppressed: [],
    },
    contacts: {
      contacts: n(600),
      attempts: n(140),
      peopleReached: n(110),
      participantMonths: n(300),
      perParticipantPerMonth: 2,
      byMonth: [
        { month: '2026-07', contacts: n(200), activePeople: n(100), perParticipant: 2, suppressed: [] },
        { month: '2026-08', contacts: n(210), activePeople: n(100), perParticipant: 2.1, suppressed: [] },
        { month: '2026-09', contacts: n(190), activePeople: n(100), perParticipant: 1.9, suppressed: [] },
      ],
      suppressed: [],
    },
    referrals: {
      overall: { stages: stages([n(80), n(64), n(48), n(36), n(24)]) },
      byCategory: [{ category: 'housing', stages: stages([n(30), n(24), n(18), n(12), n(11)]) }],
      byNeed: [],
      byProvider: [{ resourceId: 'r1', name: 'Westside Recovery Clinic', stages: stages([n(25), n(20), n(15), n(12), n(11)]) }],
    },
    linkage: {
      cohort: n(50),
      within: [
        { days: 7, linked: rate(n(20), n(50)) },
        { days: 14, linked: rate(n(28), n(50)) },
        { days: 30, linked: rate(n(35), n(50)) },
      ],
      medianDays: 6,
      linkedEver: n(38),
      byIndex: [{ from: 'release', cohort: n(40), suppressed: [] }],
      suppressed: [],
    },
    retention: {
      cohort: n(40),
      marks: [
        { days: 30, retained: n(32), notRetained: n(8), notYet: 0, rate: rate(n(32), n(40)), suppressed: [] },
        { days: 90, retained: n(24), notRetained: n(14), notYet: n(2), rate: rate(n(24), n(38)), suppressed: [] },
      ],
      curves: [
        {
          dimension: 'overall',
          value: 'all',
          label: 'Everyone',
          people: n(40),
          events: n(16),
          medianDays: null,
          at: [],
          points: [
            { day: 0, survival: 1, lower: null, upper: null, atRisk: n(40), events: 0, censored: 0, suppressed: [] },
            { day: 20, survival: 0.8, lower: 0.64, upper: 0.9, atRisk: n(40), events: n(8), censored: 0, suppressed: [] },
            { day: 75, survival: 0.6, lower: 0.43, upper: 0.73, atRisk: n(30), events: n(8), censored: 0, suppressed: [] },
          ],
          suppressed: [],
        },
      ],
      suppressed: [],
    },
    naloxone: {
      kitsByRecipientType: [
        { recipientType: 'participant', kits: n(60), distributions: n(55), suppressed: [] },
        { recipientType: 'community', kits: n(40), distributions: n(4), suppressed: [] },
      ],
      kits: n(100),
      peopleTrained: n(70),
      reversalsReported: n(12),
      reversalsSurvived: n(11),
      expiringStock: [{ siteId: SITE_JAIL.id, siteName: SITE_JAIL.name, lots: 1, kits: 12, earliestExpiresOn: '2026-12-20' }],
      suppressed: [],
    },
    criticalEvents: {
      byKind: [{ kind: 'non_fatal_overdose', events: n(14), people: n(12), eventsWithin30DaysOfRelease: n(11), suppressed: [] }],
      overdoses: n(14),
      overdosesWithin30DaysOfRelease: n(11),
      fatalOverdoses: 0,
      suppressed: [],
    },
    followUp: {
      rate: rate(n(30), n(40)),
      target: 0.8,
      meetsTarget: false,
      dueNow: n(12),
      closingSoon: n(11),
      dueBySite: [{ siteId: SITE_JAIL.id, siteName: SITE_JAIL.name, dueNow: n(12), closingSoon: n(11), suppressed: [] }],
      suppressed: [],
    },
    breakdowns: [
      {
        dimension: 'race',
        value: 'black_or_african_american',
        label: 'black_or_african_american',
        enrolled: n(20),
        active: n(60),
        discharged: n(12),
        contacts: n(300),
        participantMonths: n(150),
        contactsPerParticipantPerMonth: 2,
        referralsSent: n(40),
        referralsEngaged: n(12),
        linkageCohort: n(25),
        linkedWithin7: rate(n(11), n(25)),
        linkedWithin14: rate(n(13), n(25)),
        linkedWithin30: rate(n(15), n(25)),
        retentionCohort: n(20),
        retainedAt90: rate(n(12), n(20)),
        overdoses: n(7),
        overdosePeople: n(6),
        fatalOverdoses: n(0),
        followUp: rate(n(16), n(20)),
        suppressed: [],
      },
    ],
  };
}

/** Cook County Jail, third quarter of 2026, against the quarter before: people served up 20%. */
export function dashboard(overrides: Partial<Dashboard> = {}): Dashboard {
  return {
    generatedAt: '2026-10-02T15:00:00Z',
    today: '2026-10-02',
    sites: [{ id: SITE_JAIL.id, name: SITE_JAIL.name }],
    suppression: { applied: false, maxSuppressed: 10 },
    current: figures('2026-07-01', '2026-09-30'),
    comparison: {
      kind: 'previous_period',
      figures: figures('2026-04-01', '2026-06-30', 0.8),
      changes: [
        { measure: 'active', current: 120, previous: 100, difference: 20, percentChange: 20 },
        { measure: 'linked_within_30_rate', current: 0.7, previous: 0.65, difference: 0.05, percentChange: 7.7 },
        { measure: 'linkage_median_days', current: 6, previous: 8, difference: -2, percentChange: -25 },
        { measure: 'naloxone_kits', current: 100, previous: 100, difference: 0, percentChange: 0 },
      ],
    },
    ...overrides,
  };
}

/** What an evaluator sees: 1–10 hidden. */
export function suppressedDashboard(): Dashboard {
  const d = dashboard({ suppression: { applied: true, maxSuppressed: 10 }, comparison: null });
  d.current.criticalEvents.fatalOverdoses = null;
  d.current.criticalEvents.overdoses = null;
  d.current.criticalEvents.suppressed = ['overdoses', 'fatalOverdoses'];
  d.current.naloxone.reversalsReported = null;
  d.current.naloxone.suppressed = ['reversalsReported'];
  return d;
}

export const programReport: ProgramReport = [
  {
    id: 'report',
    title: 'About this report',
    columns: [
      { key: 'item', label: 'Item' },
      { key: 'value', label: 'Value' },
    ],
    rows: [
      { item: 'Period', value: '2026-07-01 to 2026-09-30' },
      { item: 'Sites', value: 'Cook County Jail' },
    ],
    suppressed: [],
  },
  {
    id: 'enrollment',
    title: 'Enrollment',
    columns: [
      { key: 'measure', label: 'Measure' },
      { key: 'value', label: 'People' },
    ],
    rows: [
      { measure: 'Enrolled', value: 40 },
      { measure: 'Deceased', value: null },
    ],
    suppressed: [{ row: 1, column: 'value' }],
  },
];
