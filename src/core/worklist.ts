/**
 * The critical-time worklist: who needs attention now, and why. Pure rules over
 * the facts the server gathers for each enrollment; nothing here reads a clock
 * or a database. "Today" is the calendar date at the participant's site, and
 * every instant (a contact) is turned into a date in that site's time zone
 * before it is compared, so a call at 23:30 in Chicago counts for that day.
 */
import { z } from 'zod';
import { isoDateIn } from './calendar.ts';
import { daysBetween, ENROLLMENT_PHASES, followUpSchedule, type DischargeReason, type EnrollmentPhase, type InterviewKind } from './enrollments.ts';
import type { CustodyStatus } from './enums.ts';
import { REFERRAL_STALLED_DAYS, REFERRAL_STATUSES, REFERRAL_URGENCIES, type ReferralStatus, type ReferralUrgency } from './referrals.ts';
import { uuid } from './schemas.ts';

/** Released this recently without MOUD: the weeks when an overdose is most likely. */
export const RECENT_RELEASE_DAYS = 14;
/** An expected release this close needs a pre-release contact. */
export const RELEASE_SOON_DAYS = 7;
/** The program's default for "no successful contact in N days". */
export const DEFAULT_NO_CONTACT_DAYS = 7;
export const NO_CONTACT_DAYS_MIN = 1;
export const NO_CONTACT_DAYS_MAX = 90;
/** The worklist shows the highest-risk people first; a whole program can have thousands flagged. */
export const WORKLIST_DEFAULT_LIMIT = 200;
export const WORKLIST_MAX_LIMIT = 1000;

/** After a non-fatal overdose, the risk of another is highest in the following weeks: reach out. */
export const RECENT_OVERDOSE_DAYS = 14;

export const WORKLIST_REASON_CODES = [
  'recent_overdose',
  'released_without_moud',
  'release_date_passed',
  'release_soon_without_contact',
  'no_recent_contact',
  'follow_up_closing',
  'plan_steps_overdue',
  'referral_stalled',
] as const;
export type WorklistReasonCode = (typeof WORKLIST_REASON_CODES)[number];

export const worklistReason = z.discriminatedUnion('code', [
  /** A non-fatal overdose recorded in the last 14 days. */
  z.object({ code: z.literal('recent_overdose'), occurredOn: z.string(), daysAgo: z.number() }),
  /** Released in the last 14 days with no MOUD start (or ongoing medication) and no MOUD appointment recorded since. */
  z.object({ code: z.literal('released_without_moud'), releasedOn: z.string(), daysSinceRelease: z.number() }),
  /** Still recorded as in custody, though the expected release date has passed: where are they? */
  z.object({ code: z.literal('release_date_passed'), expectedOn: z.string(), daysPast: z.number() }),
  /** Expected release within 7 days and no successful contact during this enrollment. */
  z.object({ code: z.literal('release_soon_without_contact'), expectedOn: z.string(), daysUntil: z.number() }),
  /** No successful contact for N days or more: since the last one, or since enrollment when there was none since. */
  z.object({ code: z.literal('no_recent_contact'), lastReachedOn: z.string().nullable(), since: z.enum(['contact', 'enrollment']), days: z.number() }),
  /** The 6-month follow-up interview window closes within 14 days and it is not done. */
  z.object({
    code: z.literal('follow_up_closing'),
    closesOn: z.string(),
    daysLeft: z.number(),
    /** Set when the interview is owed for an earlier (discharged) enrollment, not the latest one: the day it began. */
    earlierEnrolledOn: z.string().optional(),
  }),
  /** Recovery-plan steps past their due date. */
  z.object({ code: z.literal('plan_steps_overdue'), count: z.number(), oldestDueOn: z.string(), daysOverdue: z.number() }),
  /** An open referral with no movement (no step recorded) for 7 days or more. */
  z.object({
    code: z.literal('referral_stalled'),
    referralId: z.string(),
    resourceName: z.string(),
    status: z.enum(REFERRAL_STATUSES),
    urgency: z.enum(REFERRAL_URGENCIES),
    daysSinceMovement: z.number(),
  }),
]);
export type WorklistReason = z.infer<typeof worklistReason>;

/** What the rules need to know about one enrollment episode and its participant. */
export interface WorklistCase {
  /** The calendar date at the participant's site. */
  today: string;
  timeZone: string;
  custodyStatus: CustodyStatus;
  releaseDate: string | null;
  expectedReleaseDate: string | null;
  episode: {
    enrolledOn: string;
    dischargedOn: string | null;
    dischargeReason: DischargeReason | null;
    phase: EnrollmentPhase;
    interviews: readonly { kind: InterviewKind; conductedOn: string }[];
  };
  /**
   * Earlier episodes of the same person (discharged, still within the lookback): the
   * funder's schedule is per enrollment, so their 6-month follow-up may still be owed.
   */
  earlierEpisodes?: readonly { enrolledOn: string; dischargedOn: string | null; dischargeReason: DischargeReason | null; interviews: readonly { kind: InterviewKind; conductedOn: string }[] }[];
  /** The latest successful contact, any episode. */
  lastReachedAt?: Date | null;
  /**
   * Its calendar date at the site, when the caller has it already (the database works it
   * out for a whole worklist at once); when given, `lastReachedAt` is not read.
   */
  lastReachedOn?: string | null;
  /** The first MOUD start on or after the release date (or medication ongoing at release), if any. */
  moudOn: string | null;
  /** The next MOUD appointment recorded after the release date, if any. */
  moudAppointmentOn: string | null;
  /** Open plan steps past their due date. */
  overdueSteps: { count: number; oldestDueOn: string | null };
  /** The latest non-fatal overdose recorded (a critical event), if any. */
  lastOverdoseOn?: string | null;
  /** Open referrals (not completed or closed) with the instant of their last step; those without movement for 7 days are flagged. */
  openReferrals?: readonly { referralId: string; resourceName: string; status: ReferralStatus; urgency: ReferralUrgency; movedAt: Date }[];
}

export interface WorklistSettings {
  noContactDays: number;
}

/** Why this person needs attention now, most urgent first; empty when nothing is due. */
export function worklistReasons(c: WorklistCase, settings: WorklistSettings): WorklistReason[] {
  const reasons: WorklistReason[] = [];
  const open = c.episode.dischargedOn === null;
  const lastReachedOn = c.lastReachedOn !== undefined ? c.lastReachedOn : c.lastReachedAt ? isoDateIn(c.lastReachedAt, c.timeZone) : null;

  if (open && c.lastOverdoseOn) {
    const days = daysBetween(c.lastOverdoseOn, c.today);
    if (days >= 0 && days < RECENT_OVERDOSE_DAYS) reasons.push({ code: 'recent_overdose', occurredOn: c.lastOverdoseOn, daysAgo: days });
  }

  if (open && c.custodyStatus === 'community' && c.releaseDate) {
    const days = daysBetween(c.releaseDate, c.today);
    // A release date in the future is a data-entry slip, not a release: leave it to the record's own checks.
    if (days >= 0 && days < RECENT_RELEASE_DAYS && !c.moudOn && !c.moudAppointmentOn) {
      reasons.push({ code: 'released_without_moud', releasedOn: c.releaseDate, daysSinceRelease: days });
    }
  }

  if (open && c.custodyStatus === 'in_custody' && c.expectedReleaseDate) {
    const daysUntil = daysBetween(c.today, c.expectedReleaseDate);
    const reachedThisEpisode = lastReachedOn !== null && lastReachedOn >= c.episode.enrolledOn;
    if (daysUntil < 0) reasons.push({ code: 'release_date_passed', expectedOn: c.expectedReleaseDate, daysPast: -daysUntil });
    else if (daysUntil <= RELEASE_SOON_DAYS && !reachedThisEpisode) {
      reasons.push({ code: 'release_soon_without_contact', expectedOn: c.expectedReleaseDate, daysUntil });
    }
  }

  if (open) {
    // A contact from an earlier episode does not make a new enrollment overdue on its first day.
    const reachedThisEpisode = lastReachedOn !== null && lastReachedOn >= c.episode.enrolledOn;
    const from = reachedThisEpisode ? lastReachedOn : c.episode.enrolledOn;
    const days = daysBetween(from, c.today);
    if (days >= settings.noContactDays) {
      reasons.push({ code: 'no_recent_contact', lastReachedOn, since: reachedThisEpisode ? 'contact' : 'enrollment', days });
    }
  }

  // The follow-up interview is owed even after a discharge (for each enrollment), unless the participant has died.
  const died = [c.episode, ...(c.earlierEpisodes ?? [])].some((e) => e.dischargeReason === 'deceased');
  for (const [i, e] of [c.episode, ...(c.earlierEpisodes ?? [])].entries()) {
    if (died) break;
    const followUp = followUpSchedule(e, c.today);
    if (followUp?.status === 'closing_soon' && followUp.closesOn) {
      reasons.push({
        code: 'follow_up_closing',
        closesOn: followUp.closesOn,
        daysLeft: daysBetween(c.today, followUp.closesOn),
        ...(i > 0 ? { earlierEnrolledOn: e.enrolledOn } : {}),
      });
    }
  }

  if (open && c.overdueSteps.count > 0 && c.overdueSteps.oldestDueOn) {
    const { count, oldestDueOn } = c.overdueSteps;
    reasons.push({ code: 'plan_steps_overdue', count, oldestDueOn, daysOverdue: daysBetween(oldestDueOn, c.today) });
  }

  if (open) {
    for (const r of c.openReferrals ?? []) {
      const days = daysBetween(isoDateIn(r.movedAt, c.timeZone), c.today);
      if (days >= REFERRAL_STALLED_DAYS) {
        reasons.push({ code: 'referral_stalled', referralId: r.referralId, resourceName: r.resourceName, status: r.status, urgency: r.urgency, daysSinceMovement: days });
      }
    }
  }

  return reasons.sort((a, b) => reasonWeight(b, c.episode.phase) - reasonWeight(a, c.episode.phase));
}

/**
 * How urgent one reason is. Tiers first (an overdose in the last two weeks, then
 * the weeks after release without medication, are the most dangerous), then, within a tier, the nearer or the
 * longer-overdue ranks higher. The transition phase raises a silence: the first
 * 30 days out are when a lost contact matters most.
 */
export function reasonWeight(r: WorklistReason, phase: EnrollmentPhase): number {
  switch (r.code) {
    case 'recent_overdose':
      return 1150 + (RECENT_OVERDOSE_DAYS - r.daysAgo) * 10;
    case 'released_without_moud':
      return 1000 + (RECENT_RELEASE_DAYS - r.daysSinceRelease) * 10;
    case 'release_date_passed':
      return 900 + Math.min(r.daysPast, 30);
    case 'release_soon_without_contact':
      return 800 + (RELEASE_SOON_DAYS - r.daysUntil) * 10;
    case 'no_recent_contact':
      return 500 + Math.min(r.days, 60) * 4 + (phase === 'transition' ? 100 : 0);
    case 'follow_up_closing':
      return 300 + (14 - Math.min(r.daysLeft, 14)) * 10;
    case 'plan_steps_overdue':
      return 100 + Math.min(r.count, 10) * 5 + Math.min(r.daysOverdue, 60);
    case 'referral_stalled': {
      // Between a closing interview window and silence; an emergency referral left
      // waiting ranks with the release-time reasons. Longer waits rank higher.
      const waited = Math.min(r.daysSinceMovement - REFERRAL_STALLED_DAYS, 25);
      if (r.urgency === 'emergency') return 745 + waited * 2;
      return (r.urgency === 'urgent' ? 465 : 445) + waited;
    }
  }
}

/** One number to rank people by: the most urgent reason, plus a tenth of the others (two problems outrank one). */
export function riskScore(reasons: readonly WorklistReason[], phase: EnrollmentPhase): number {
  const weights = reasons.map((r) => reasonWeight(r, phase)).sort((a, b) => b - a);
  const [top = 0, ...rest] = weights;
  return Math.round(top + rest.reduce((sum, w) => sum + w / 10, 0));
}

/* ---------- the API ---------- */

export const worklistQuery = z.object({
  /** One of your sites; without it, all of them. */
  siteId: uuid.optional(),
  /** Only the caseload of one team member (coach or case manager), or `me`. */
  assignedTo: z.union([z.literal('me'), uuid]).optional(),
  /** "No successful contact in N days"; the program's setting when absent. */
  noContactDays: z.coerce
    .number({ error: 'Must be a whole number of days' })
    .int('Must be a whole number of days')
    .min(NO_CONTACT_DAYS_MIN, `At least ${String(NO_CONTACT_DAYS_MIN)}`)
    .max(NO_CONTACT_DAYS_MAX, `At most ${String(NO_CONTACT_DAYS_MAX)}`)
    .optional(),
  /** How many of the highest-risk people to return. */
  limit: z.coerce
    .number({ error: 'Must be a whole number' })
    .int('Must be a whole number')
    .min(1, 'At least 1')
    .max(WORKLIST_MAX_LIMIT, `At most ${String(WORKLIST_MAX_LIMIT)}`)
    .default(WORKLIST_DEFAULT_LIMIT),
});
export type WorklistQuery = z.input<typeof worklistQuery>;
export type WorklistQueryParsed = z.output<typeof worklistQuery>;

const person = z.object({ id: z.string(), name: z.string() }).nullable();

export const worklistItemOutput = z.object({
  participant: z.object({ id: z.string(), name: z.string(), siteId: z.string(), siteName: z.string() }),
  enrollmentId: z.string(),
  phase: z.enum(ENROLLMENT_PHASES),
  dischargedOn: z.string().nullable(),
  coach: person,
  caseManager: person,
  lastReachedAt: z.string().nullable(),
  /** The date at the participant's site the reasons were worked out for. */
  today: z.string(),
  score: z.number(),
  reasons: z.array(worklistReason),
});
export type WorklistItem = z.infer<typeof worklistItemOutput>;

export const worklistOutput = z.object({
  noContactDays: z.number(),
  /** Enrollments looked at (in scope), flagged or not. */
  considered: z.number(),
  /** People who need attention; `items` holds the first `limit` of them, highest risk first. */
  flagged: z.number(),
  items: z.array(worklistItemOutput),
});
export type Worklist = z.infer<typeof worklistOutput>;

/** Highest risk first; ties by name (then id) so the order is stable. */
export function compareWorklistItems(a: Pick<WorklistItem, 'score' | 'participant'>, b: Pick<WorklistItem, 'score' | 'participant'>): number {
  return b.score - a.score || a.participant.name.localeCompare(b.participant.name) || a.participant.id.localeCompare(b.participant.id);
}
