/**
 * Outcome reports: the query of the dashboard and of the program report, the
 * shape of the dashboard's answer, and the `ReportTable` the program report (and
 * its CSV and XLSX files) is made of. Shared by the server, the web app and the CLI.
 *
 * Every field is named so a chart can be drawn from it directly: a funnel is its
 * stages in order, a Kaplan-Meier curve its points, a breakdown one row per
 * (dimension, value).
 *
 * SMALL-CELL SUPPRESSION. For an evaluator every count of people (or of records
 * about people: referrals, events, reversals) from 1 to 10 is suppressed: the
 * value becomes `null`, and the object holding it lists the field's name in its own
 * `suppressed` array (e.g. `{ enrolled: null, active: 42, suppressed: ['enrolled'] }`).
 * A rate is suppressed (null, listed) when its numerator or denominator is. A
 * value can also be `null` without being suppressed (a median with nobody to take
 * it of, a rate over 0): only a name in `suppressed` means "hidden on purpose".
 * Zero is always shown. Kits and stock are not counts of people and are never
 * suppressed. `suppression.applied` says whether the rule was applied to this answer.
 * Complementary suppression hides further parts wherever a total less the parts
 * shown would give a hidden one back, so a hidden value is not always 1 to 10;
 * an evaluator's Kaplan-Meier curves are coarsened (`coarse`).
 *
 * Definitions of every measure (which date puts a person or an event in the
 * period, the denominator of each rate): docs/decisions/0014-outcome-measures.md.
 */
import { z } from 'zod';
import { DISCHARGE_REASONS } from './enrollments.ts';
import { CRITICAL_EVENT_KINDS } from './events.ts';
import { MOUD_MEDICATIONS } from './moud.ts';
import { RECIPIENT_TYPES } from './naloxone.ts';
import { REFERRAL_NEEDS } from './referrals.ts';
import { SERVICE_CATEGORIES } from './resources.ts';
import { isoDate, uuid } from './schemas.ts';

/** Counts of people from 1 to this are suppressed for evaluators (0 is shown). */
export const SUPPRESSION_MAX = 10;
/** The funder's target share of 6-month follow-up interviews done in their window. */
export const FOLLOW_UP_TARGET = 0.8;
/** Linkage to MOUD is reported within these days of release or ED discharge. */
export const LINKAGE_DAYS = [7, 14, 30] as const;
/** The longest period a report may cover. */
export const MAX_REPORT_DAYS = 3660;

export const COMPARE_KINDS = ['previous_period', 'previous_year'] as const;
export type CompareKind = (typeof COMPARE_KINDS)[number];

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/* ---------- the query ---------- */

/** `siteId` repeated (`?siteId=a&siteId=b`), or a comma-separated list, or absent (all of one's sites). */
const siteIdList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) =>
    (Array.isArray(v) ? v : [v])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(uuid).max(200, 'At most 200 sites'));

const DAY_MS = 86_400_000;
const spanDays = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

const periodShape = {
  /** First day of the period (inclusive), YYYY-MM-DD. */
  from: isoDate,
  /** Last day of the period (inclusive), YYYY-MM-DD. */
  to: isoDate,
  siteId: siteIdList.optional(),
};

function checkPeriod(q: { from: string; to: string }, ctx: z.RefinementCtx) {
  if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Cannot be before the start of the period' });
  else if (spanDays(q.from, q.to) >= MAX_REPORT_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: 'A report covers at most 10 years' });
}

/** GET /api/reports/dashboard */
export const dashboardQuery = z
  .object({
    ...periodShape,
    /** Also compute the same figures for the previous period of equal length, or the same period a year earlier. */
    compare: z.enum(COMPARE_KINDS).optional(),
  })
  .superRefine(checkPeriod);
export type DashboardQueryInput = z.input<typeof dashboardQuery>;
export type DashboardQuery = z.output<typeof dashboardQuery>;

/** GET /api/reports/follow-ups-due: who owes a 6-month follow-up today, for those who may read participants. */
export const followUpsDueQuery = z.object({
  siteId: siteIdList.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type FollowUpsDueQuery = z.output<typeof followUpsDueQuery>;

export const followUpDueOutput = z.object({
  participantId: z.string(),
  /** The participant's name as the caseload shows it. */
  name: z.string(),
  enrollmentId: z.string(),
  siteId: z.string(),
  siteName: z.string(),
  opensOn: z.string(),
  /** The last day of the window: the follow-up no longer counts after it. */
  closesOn: z.string(),
  daysLeft: z.number().int(),
});
export const followUpsDueOutput = z.object({
  today: z.string(),
  /** Windows open today and not done, closing first at the top (at most `limit`). */
  items: z.array(followUpDueOutput),
});
export type FollowUpsDue = z.infer<typeof followUpsDueOutput>;

/** GET /api/reports/program (and `tandem report`). */
export const programReportQuery = z
  .object({
    ...periodShape,
    compare: z.enum(COMPARE_KINDS).optional(),
    format: z.enum(REPORT_FORMATS).default('json'),
  })
  .superRefine(checkPeriod);
export type ProgramReportQueryInput = z.input<typeof programReportQuery>;
export type ProgramReportQuery = z.output<typeof programReportQuery>;

/* ---------- building blocks of the answer ---------- */

/** Names of this object's fields that were suppressed (null on purpose). Empty when nothing was. */
const suppressed = z.array(z.string());
const count = z.number().int().nullable();

/** A share: numerator ÷ denominator, as a fraction from 0 to 1 (null when the denominator is 0 or either part is suppressed). */
export const rateOutput = z.object({
  numerator: count,
  denominator: count,
  rate: z.number().nullable(),
  suppressed,
});
export type Rate = z.infer<typeof rateOutput>;

export const periodOutput = z.object({ from: z.string(), to: z.string(), days: z.number().int() });
export type Period = z.infer<typeof periodOutput>;

/* ---------- enrollment ---------- */

export const enrollmentFiguresOutput = z.object({
  /** People whose enrollment date falls in the period. */
  enrolled: count,
  /** People with an episode open on at least one day of the period. */
  active: count,
  /** People discharged in the period. */
  discharged: count,
  /** People with an episode still open on the period's last day. */
  activeAtEnd: count,
  dischargedByReason: z.array(z.object({ reason: z.enum(DISCHARGE_REASONS), people: count, suppressed })),
  suppressed,
});

/* ---------- contacts ---------- */

export const contactMonthOutput = z.object({
  /** YYYY-MM */
  month: z.string(),
  /** Successful contacts (reached) in the month with people active that month. */
  contacts: count,
  /** People with an episode open on at least one day of the month. */
  activePeople: count,
  /** contacts ÷ activePeople (null when no one was active). */
  perParticipant: z.number().nullable(),
  suppressed,
});

export const contactFiguresOutput = z.object({
  contacts: count,
  /** Unsuccessful outreach attempts, for context. */
  attempts: count,
  /** Distinct people reached at least once in the period. */
  peopleReached: count,
  /** The sum over months of the people active that month. */
  participantMonths: count,
  /** contacts ÷ participantMonths. */
  perParticipantPerMonth: z.number().nullable(),
  byMonth: z.array(contactMonthOutput),
  suppressed,
});

/* ---------- referrals ---------- */

/** The funnel's stages, in order: a referral counts at every stage it reached. */
export const FUNNEL_STAGES = ['sent', 'accepted', 'appointment', 'attended', 'engaged'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export const funnelStageOutput = z.object({
  stage: z.enum(FUNNEL_STAGES),
  /** Referrals that reached this stage. */
  referrals: count,
  /** Share of the referrals sent (the first stage) that reached it. */
  shareOfSent: z.number().nullable(),
  suppressed,
});
export type FunnelStageRow = z.infer<typeof funnelStageOutput>;

export const funnelOutput = z.object({ stages: z.array(funnelStageOutput) });

export const referralFiguresOutput = z.object({
  /** Referrals sent in the period, followed to today. */
  overall: funnelOutput,
  byCategory: z.array(z.object({ category: z.enum(SERVICE_CATEGORIES), stages: z.array(funnelStageOutput) })),
  byNeed: z.array(z.object({ need: z.enum(REFERRAL_NEEDS), stages: z.array(funnelStageOutput) })),
  /** By the organization referred to (its directory entry; the name as it was when referred). */
  byProvider: z.array(z.object({ resourceId: z.string(), name: z.string(), stages: z.array(funnelStageOutput) })),
});

/* ---------- linkage to MOUD ---------- */

export const linkageFiguresOutput = z.object({
  /** People whose release or ED discharge (the index date) falls in the period. */
  cohort: count,
  /** One per LINKAGE_DAYS: linked within that many days, over the cohort members whose window has fully passed by today. */
  within: z.array(z.object({ days: z.number().int(), linked: rateOutput })),
  /** Median days from the index date to the first dose, among those linked (0 for medication continued through release). */
  medianDays: z.number().nullable(),
  /** Linked at any time so far. */
  linkedEver: count,
  byIndex: z.array(z.object({ from: z.enum(['release', 'ed_discharge']), cohort: count, suppressed })),
  suppressed,
});

/* ---------- MOUD retention ---------- */

/** One step of a Kaplan-Meier curve: the survival just after `day`, the people at risk just before it. */
export const kmPointOutput = z.object({
  day: z.number().int(),
  /** Share still continuously retained, 0 to 1. */
  survival: z.number(),
  /** 95% confidence bounds (Greenwood variance, log-log transform); null where undefined (survival 0 or 1). */
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  atRisk: count,
  events: count,
  censored: count,
  suppressed,
});
export type KmPointRow = z.infer<typeof kmPointOutput>;

export const KM_GROUP_DIMENSIONS = ['overall', 'site', 'medication', 'study_arm'] as const;

export const kmCurveOutput = z.object({
  dimension: z.enum(KM_GROUP_DIMENSIONS),
  /** 'all' for the overall curve; a site id, a medication or a study arm ("studyId:arm") otherwise. */
  value: z.string(),
  label: z.string(),
  people: count,
  events: count,
  /** Median retention in days (first day survival ≤ 0.5); null when never reached. */
  medianDays: z.number().nullable(),
  /** Survival at 30, 90 and 180 days read off the curve. */
  at: z.array(z.object({ days: z.number().int(), survival: z.number().nullable(), lower: z.number().nullable(), upper: z.number().nullable() })),
  /** Starts at day 0, survival 1. Empty when the whole curve is suppressed (fewer than 11 people, for an evaluator). */
  points: z.array(kmPointOutput),
  /**
   * True on an evaluator's curve: steps merged into intervals of at least 11 events, survival rounded to
   * 2 decimals, at risk rounded down to a multiple of 10, events per interval, no censored counts.
   */
  coarse: z.boolean().optional(),
  suppressed,
});
export type KmCurveRow = z.infer<typeof kmCurveOutput>;

export const retentionMarkOutput = z.object({
  days: z.number().int(),
  /** Continuously retained at the mark. */
  retained: count,
  /** Stretch ended before the mark with no restart within 14 days. */
  notRetained: count,
  /** Not decided yet (mark ahead, or a recent stop that a restart could still join). */
  notYet: count,
  /** retained ÷ (retained + notRetained). */
  rate: rateOutput,
  suppressed,
});

export const retentionFiguresOutput = z.object({
  /** People whose first MOUD episode started in the period. */
  cohort: count,
  marks: z.array(retentionMarkOutput),
  curves: z.array(kmCurveOutput),
  suppressed,
});

/* ---------- naloxone ---------- */

export const naloxoneFiguresOutput = z.object({
  kitsByRecipientType: z.array(z.object({ recipientType: z.enum(RECIPIENT_TYPES), kits: z.number().int(), distributions: count, suppressed })),
  kits: z.number().int(),
  /** People given overdose-response training with their kits (a community event counts its attendance). */
  peopleTrained: count,
  reversalsReported: count,
  reversalsSurvived: count,
  /** Kits on hand in lots that expire within 60 days of today (or have expired and are still on the shelf), by site. */
  expiringStock: z.array(
    z.object({ siteId: z.string(), siteName: z.string(), lots: z.number().int(), kits: z.number().int(), earliestExpiresOn: z.string() }),
  ),
  suppressed,
});

/* ---------- critical events ---------- */

export const criticalEventFiguresOutput = z.object({
  byKind: z.array(
    z.object({
      kind: z.enum(CRITICAL_EVENT_KINDS),
      events: count,
      people: count,
      /** Events on days 0 to 29 after the participant's release. */
      eventsWithin30DaysOfRelease: count,
      suppressed,
    }),
  ),
  /** Non-fatal plus fatal overdoses. */
  overdoses: count,
  overdosesWithin30DaysOfRelease: count,
  fatalOverdoses: count,
  suppressed,
});

/* ---------- follow-up interviews ---------- */

export const followUpFiguresOutput = z.object({
  /** Episodes whose 6-month follow-up window closed in the period: done in the window ÷ all of them. */
  rate: rateOutput,
  target: z.number(),
  /** Null when the rate is null. */
  meetsTarget: z.boolean().nullable(),
  /** As of today: windows open and not done. */
  dueNow: count,
  /** As of today: open windows closing within 14 days. */
  closingSoon: count,
  /** Open windows not done, by site (who is due, without naming anyone). */
  dueBySite: z.array(z.object({ siteId: z.string(), siteName: z.string(), dueNow: count, closingSoon: count, suppressed })),
  suppressed,
});

/* ---------- breakdowns ---------- */

export const BREAKDOWN_DIMENSIONS = ['site', 'race', 'ethnicity', 'gender', 'age_group', 'study_arm'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

export const AGE_GROUPS = ['under_18', '18_24', '25_34', '35_44', '45_54', '55_64', '65_plus'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

/** A person who selected several races counts here; nothing recorded counts as 'unknown'. */
export const TWO_OR_MORE_RACES = 'two_or_more_races';
export const UNKNOWN = 'unknown';

/** One row per (dimension, value): the people-based measures for that group. Demographics and age are as of the period's end. */
export const breakdownRowOutput = z.object({
  dimension: z.enum(BREAKDOWN_DIMENSIONS),
  /** A site id, a race, an ethnicity, a gender, an age group, a study arm, or 'unknown'. */
  value: z.string(),
  /** Display label (the site's name, the arm's name; otherwise the value). */
  label: z.string(),
  enrolled: count,
  active: count,
  discharged: count,
  contacts: count,
  participantMonths: count,
  contactsPerParticipantPerMonth: z.number().nullable(),
  referralsSent: count,
  referralsEngaged: count,
  linkageCohort: count,
  linkedWithin7: rateOutput,
  linkedWithin14: rateOutput,
  linkedWithin30: rateOutput,
  retentionCohort: count,
  retainedAt90: rateOutput,
  overdoses: count,
  overdosePeople: count,
  fatalOverdoses: count,
  followUp: rateOutput,
  suppressed,
});
export type BreakdownRow = z.infer<typeof breakdownRowOutput>;

/* ---------- the dashboard ---------- */

export const dashboardFiguresOutput = z.object({
  period: periodOutput,
  enrollment: enrollmentFiguresOutput,
  contacts: contactFiguresOutput,
  referrals: referralFiguresOutput,
  linkage: linkageFiguresOutput,
  retention: retentionFiguresOutput,
  naloxone: naloxoneFiguresOutput,
  criticalEvents: criticalEventFiguresOutput,
  followUp: followUpFiguresOutput,
  breakdowns: z.array(breakdownRowOutput),
});
export type DashboardFigures = z.infer<typeof dashboardFiguresOutput>;

/** The headline measures compared period over period. */
export const HEADLINE_MEASURES = [
  'enrolled',
  'active',
  'discharged',
  'contacts',
  'contacts_per_participant_per_month',
  'referrals_sent',
  'referrals_engaged',
  'linked_within_30_rate',
  'linkage_median_days',
  'retained_at_90_rate',
  'naloxone_kits',
  'people_trained',
  'reversals_reported',
  'overdoses',
  'fatal_overdoses',
  'follow_up_rate',
] as const;
export type HeadlineMeasure = (typeof HEADLINE_MEASURES)[number];

export const changeRowOutput = z.object({
  measure: z.enum(HEADLINE_MEASURES),
  current: z.number().nullable(),
  previous: z.number().nullable(),
  /** current − previous (null when either is null). */
  difference: z.number().nullable(),
  /** (current − previous) ÷ previous × 100; null when the previous value is 0 or either is null. */
  percentChange: z.number().nullable(),
});
export type ChangeRow = z.infer<typeof changeRowOutput>;

export const dashboardOutput = z.object({
  /** When the report was computed; "today" (for due interviews, expiring stock, follow-up of outcomes) is its date in the program's time zone. */
  generatedAt: z.string(),
  today: z.string(),
  /** The sites included (the filter, or all of the caller's sites). */
  sites: z.array(z.object({ id: z.string(), name: z.string() })),
  suppression: z.object({ applied: z.boolean(), maxSuppressed: z.number().int() }),
  current: dashboardFiguresOutput,
  /** Present when `compare` was asked for. */
  comparison: z
    .object({
      kind: z.enum(COMPARE_KINDS),
      figures: dashboardFiguresOutput,
      changes: z.array(changeRowOutput),
    })
    .nullable(),
});
export type Dashboard = z.infer<typeof dashboardOutput>;

/* ---------- the program report ---------- */

export const reportColumnOutput = z.object({ key: z.string(), label: z.string() });

/** How a suppressed cell is written in the CSV and XLSX files. */
export const SUPPRESSED_TEXT = 'suppressed';

/**
 * One table of the program report: one CSV section, one XLSX sheet. A suppressed
 * cell is null and is listed in `suppressed` by row index and column key (written
 * as "suppressed" in the files: a hidden cell may be 1 to 10, or a larger one hidden to protect it); any other null is "no value".
 */
export const reportTableOutput = z.object({
  id: z.string(),
  title: z.string(),
  columns: z.array(reportColumnOutput),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  suppressed: z.array(z.object({ row: z.number().int(), column: z.string() })),
});
export type ReportTable = z.infer<typeof reportTableOutput>;

/**
 * The program report as JSON: its tables in order. The first one (`id: 'report'`)
 * says what it covers: period, sites, when it was made, whether cells were suppressed.
 */
export const programReportOutput = z.array(reportTableOutput);
export type ProgramReport = z.infer<typeof programReportOutput>;

/** The MOUD medications a retention curve may be drawn for. */
export const KM_MEDICATIONS = MOUD_MEDICATIONS;
