/**
 * Enrollment episodes, critical-time phases and the funder's interview schedule:
 * vocabularies, input schemas and the pure date rules. Every date here is a
 * calendar date (YYYY-MM-DD) in the site's time zone; the caller says what
 * "today" is, so nothing here reads a clock.
 */
import { z } from 'zod';
import { REFERRAL_SOURCES, type CustodyStatus } from './enums.ts';
import { isoDate, uuid, version } from './schemas.ts';

/** Critical Time Intervention phases, in the order a participant moves through them. */
export const ENROLLMENT_PHASES = ['pre_release', 'transition', 'try_out', 'transfer_of_care'] as const;
export type EnrollmentPhase = (typeof ENROLLMENT_PHASES)[number];

export const DISCHARGE_REASONS = ['completed', 'transferred', 'lost_to_contact', 'declined', 'incarcerated', 'moved', 'deceased', 'other'] as const;
export type DischargeReason = (typeof DISCHARGE_REASONS)[number];

export const INTERVIEW_KINDS = ['intake', 'follow_up_6m', 'discharge'] as const;
export type InterviewKind = (typeof INTERVIEW_KINDS)[number];

export const INTERVIEW_STATUSES = ['done', 'due', 'open', 'closing_soon', 'missed', 'not_yet'] as const;
export type InterviewStatus = (typeof INTERVIEW_STATUSES)[number];

/** The transition phase: the first 30 days after release or an ED discharge. */
export const TRANSITION_DAYS = 30;
/** The intake interview is due within 7 days of enrollment. */
export const INTAKE_DUE_DAYS = 7;
/** The 6-month follow-up window: 5 to 8 months after the intake. */
export const FOLLOW_UP_OPENS_MONTHS = 5;
export const FOLLOW_UP_CLOSES_MONTHS = 8;
/** A window closing within this many days is "closing soon". */
export const CLOSING_SOON_DAYS = 14;
/** The discharge interview is due within 14 days of discharge. */
export const DISCHARGE_DUE_DAYS = 14;

/* ---------- calendar arithmetic on YYYY-MM-DD ---------- */

const DAY_MS = 86_400_000;
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Results remembered per (offset, date): a supervisor's worklist works out the windows of
 * some 16,000 episodes per request, over the same few thousand dates. Bounded: an offset's
 * table is emptied when it holds more than MEMO_MAX dates.
 */
const MEMO_MAX = 20_000;
function remembered(memo: Map<number, Map<string, string>>, iso: string, n: number, compute: () => string): string {
  let byOffset = memo.get(n);
  if (byOffset === undefined) {
    byOffset = new Map();
    memo.set(n, byOffset);
  }
  let out = byOffset.get(iso);
  if (out === undefined) {
    out = compute();
    if (byOffset.size >= MEMO_MAX) byOffset.clear();
    byOffset.set(iso, out);
  }
  return out;
}
const daysMemo = new Map<number, Map<string, string>>();
/**
 * Each date's instant, remembered the same way: the dashboard's retention and a
 * supervisor's worklist count days between the same few thousand dates tens of
 * thousands of times a request. Parsing one takes ~350 ns, a remembered one ~32 ns.
 */
const utcMemo = new Map<string, number>();
function toUtc(iso: string): number {
  let ms = utcMemo.get(iso);
  if (ms === undefined) {
    ms = Date.parse(`${iso}T00:00:00Z`);
    if (utcMemo.size >= MEMO_MAX) utcMemo.clear();
    utcMemo.set(iso, ms);
  }
  return ms;
}
const monthsMemo = new Map<number, Map<string, string>>();

export function addDays(iso: string, days: number): string {
  return remembered(daysMemo, iso, days, () => fromUtc(toUtc(iso) + days * DAY_MS));
}

/** Whole days from a to b (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/** The same day `months` later; a day the month lacks becomes its last day (Aug 31 + 6 months = Feb 28 or 29). */
export function addMonths(iso: string, months: number): string {
  return remembered(monthsMemo, iso, months, () => {
    const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
    const monthIndex = m - 1 + months;
    const year = y + Math.floor(monthIndex / 12);
    const month = ((monthIndex % 12) + 12) % 12;
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    return fromUtc(Date.UTC(year, month, Math.min(d, lastDay)));
  });
}

/* ---------- phase ---------- */

/**
 * The phase a new enrollment most likely starts in: still in custody → pre-release;
 * released (or discharged from the ED) within the last 30 days → transition;
 * otherwise try-out. Staff may choose another.
 */
export function suggestedPhase(p: { custodyStatus: CustodyStatus; releaseDate: string | null }, today: string): EnrollmentPhase {
  if (p.custodyStatus === 'in_custody') return 'pre_release';
  if (p.releaseDate && daysBetween(p.releaseDate, today) < TRANSITION_DAYS) return 'transition';
  return 'try_out';
}

export interface PhaseByDates {
  phase: EnrollmentPhase;
  /** The day the dates say that phase began. */
  since: string;
}

/**
 * The phase the dates say an open episode is in, when the recorded one has gone
 * stale; null when the record stands. Only the two moves the calendar decides:
 * - recorded pre-release, but the participant is out (community, released on or
 *   before today): transition for the first 30 days after the release, then try-out;
 * - recorded transition, begun 30 days ago or more: try-out.
 * Try-out and transfer of care are the team's judgment, never moved by dates.
 * `since` is never before the recorded phase began (a phase cannot start earlier).
 */
export function phaseByDates(
  episode: { phase: EnrollmentPhase; phaseStartedOn: string; dischargedOn: string | null },
  p: { custodyStatus: CustodyStatus; releaseDate: string | null },
  today: string,
): PhaseByDates | null {
  if (episode.dischargedOn !== null) return null;
  if (episode.phase === 'pre_release') {
    if (p.custodyStatus === 'in_custody' || !p.releaseDate || p.releaseDate > today) return null;
    return outOfCustodySince(p.releaseDate, episode.phaseStartedOn, today);
  }
  if (episode.phase === 'transition') {
    const next = outOfCustodySince(episode.phaseStartedOn, episode.phaseStartedOn, today);
    return next.phase === 'try_out' ? next : null;
  }
  return null;
}

/**
 * Transition for the first 30 days out, then try-out; never begun before `phaseStartedOn`.
 * A function of its own, not a closure in phaseByDates: the server runs through tsx,
 * which names every named closure as it is made (esbuild's keepNames, an
 * Object.defineProperty each), and a supervisor's worklist asks phaseByDates of 16,000
 * episodes a request: ~14 ms of naming.
 */
function outOfCustodySince(since: string, phaseStartedOn: string, today: string): PhaseByDates {
  const tryOutOn = addDays(since, TRANSITION_DAYS);
  return today >= tryOutOn
    ? { phase: 'try_out', since: tryOutOn < phaseStartedOn ? phaseStartedOn : tryOutOn }
    : { phase: 'transition', since: since < phaseStartedOn ? phaseStartedOn : since };
}

/* ---------- inputs ---------- */

const optionalId = uuid.nullable().optional();

export const enrollmentCreateInput = z.object({
  enrolledOn: isoDate,
  referralSource: z.enum(REFERRAL_SOURCES),
  coachId: optionalId,
  caseManagerId: optionalId,
  /** Defaults to the suggested phase, starting on the enrollment date. */
  phase: z.enum(ENROLLMENT_PHASES).optional(),
});
export type EnrollmentCreateInput = z.infer<typeof enrollmentCreateInput>;

export const enrollmentUpdateInput = z.object({
  version,
  referralSource: z.enum(REFERRAL_SOURCES).optional(),
  coachId: optionalId,
  caseManagerId: optionalId,
  phase: z.enum(ENROLLMENT_PHASES).optional(),
  /** When the new phase began; defaults to today. */
  phaseStartedOn: isoDate.optional(),
});
export type EnrollmentUpdateInput = z.infer<typeof enrollmentUpdateInput>;

export const dischargeInput = z.object({
  version,
  dischargedOn: isoDate,
  reason: z.enum(DISCHARGE_REASONS),
  note: z
    .string()
    .trim()
    .max(1000, 'At most 1000 characters')
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional(),
});
export type DischargeInput = z.infer<typeof dischargeInput>;

export const interviewInput = z.object({
  kind: z.enum(INTERVIEW_KINDS),
  conductedOn: isoDate,
});
export type InterviewInput = z.infer<typeof interviewInput>;

/* ---------- output ---------- */

const person = z.object({ id: z.string(), name: z.string() }).nullable();

export const scheduleItemOutput = z.object({
  kind: z.enum(INTERVIEW_KINDS),
  status: z.enum(INTERVIEW_STATUSES),
  conductedOn: z.string().nullable(),
  /** First day it may be done (null for the discharge interview before discharge). */
  opensOn: z.string().nullable(),
  /** Last day it counts (due date or end of window). */
  closesOn: z.string().nullable(),
});
export type ScheduleItem = z.infer<typeof scheduleItemOutput>;

export const enrollmentOutput = z.object({
  id: z.string(),
  participantId: z.string(),
  siteId: z.string(),
  siteName: z.string(),
  enrolledOn: z.string(),
  referralSource: z.enum(REFERRAL_SOURCES),
  coach: person,
  caseManager: person,
  phase: z.enum(ENROLLMENT_PHASES),
  phaseStartedOn: z.string(),
  phases: z.array(z.object({ phase: z.enum(ENROLLMENT_PHASES), startedOn: z.string() })),
  /** The phase the release date and the 30-day transition say, when the recorded one is stale (open episodes only); see `phaseByDates`. */
  phaseByDates: z.object({ phase: z.enum(ENROLLMENT_PHASES), since: z.string() }).nullable().optional(),
  dischargedOn: z.string().nullable(),
  dischargeReason: z.enum(DISCHARGE_REASONS).nullable(),
  dischargeNote: z.string().nullable(),
  interviews: z.array(z.object({ kind: z.enum(INTERVIEW_KINDS), conductedOn: z.string() })),
  schedule: z.array(scheduleItemOutput),
  version: z.number(),
});
export type Enrollment = z.infer<typeof enrollmentOutput>;

/* ---------- date rules ---------- */

export interface DateIssue {
  path: string;
  message: string;
}

export function enrollmentDateIssues(enrolledOn: string, today: string): DateIssue[] {
  return enrolledOn > today ? [{ path: 'enrolledOn', message: 'Cannot be in the future' }] : [];
}

export function dischargeDateIssues(episode: { enrolledOn: string }, dischargedOn: string, today: string): DateIssue[] {
  if (dischargedOn > today) return [{ path: 'dischargedOn', message: 'Cannot be in the future' }];
  if (dischargedOn < episode.enrolledOn) return [{ path: 'dischargedOn', message: 'Cannot be before the enrollment date' }];
  return [];
}

export function phaseDateIssues(episode: { enrolledOn: string; phaseStartedOn: string }, startedOn: string, today: string): DateIssue[] {
  if (startedOn > today) return [{ path: 'phaseStartedOn', message: 'Cannot be in the future' }];
  if (startedOn < episode.phaseStartedOn) return [{ path: 'phaseStartedOn', message: 'Cannot be before the current phase began' }];
  return [];
}

export interface EpisodeDates {
  enrolledOn: string;
  dischargedOn: string | null;
  interviews: readonly { kind: InterviewKind; conductedOn: string }[];
}

/**
 * Whether an interview may be recorded on that date: never in the future, never
 * before enrollment; the follow-up not before the intake; the discharge interview
 * only once discharged and not before the discharge date.
 */
export function interviewDateIssues(episode: EpisodeDates, input: InterviewInput, today: string): DateIssue[] {
  const path = 'conductedOn';
  if (input.conductedOn > today) return [{ path, message: 'Cannot be in the future' }];
  if (input.conductedOn < episode.enrolledOn) return [{ path, message: 'Cannot be before the enrollment date' }];
  const intake = episode.interviews.find((i) => i.kind === 'intake');
  if (input.kind === 'follow_up_6m' && intake && input.conductedOn < intake.conductedOn) {
    return [{ path, message: 'Cannot be before the intake interview' }];
  }
  if (input.kind === 'discharge') {
    if (!episode.dischargedOn) return [{ path: 'kind', message: 'Discharge the participant first' }];
    if (input.conductedOn < episode.dischargedOn) return [{ path, message: 'Cannot be before the discharge date' }];
  }
  return [];
}

/* ---------- the interview schedule ---------- */

function windowStatus(today: string, opensOn: string, closesOn: string): InterviewStatus {
  if (today < opensOn) return 'not_yet';
  if (today > closesOn) return 'missed';
  return daysBetween(today, closesOn) <= CLOSING_SOON_DAYS ? 'closing_soon' : 'open';
}

const conductedOn = (episode: Pick<EpisodeDates, 'interviews'>, kind: InterviewKind) => episode.interviews.find((i) => i.kind === kind)?.conductedOn ?? null;

/**
 * The 6-month follow-up's window alone, as `interviewSchedule` gives it: the worklist asks
 * it of every episode a supervisor oversees (16,000 at a state's size) and needs no other.
 */
export function followUpSchedule(episode: Pick<EpisodeDates, 'enrolledOn' | 'interviews'>, today: string): ScheduleItem {
  const base = conductedOn(episode, 'intake') ?? episode.enrolledOn;
  const opensOn = addMonths(base, FOLLOW_UP_OPENS_MONTHS);
  const closesOn = addMonths(base, FOLLOW_UP_CLOSES_MONTHS);
  const done = conductedOn(episode, 'follow_up_6m');
  return { kind: 'follow_up_6m', status: done ? 'done' : windowStatus(today, opensOn, closesOn), conductedOn: done, opensOn, closesOn };
}

/**
 * The funder's schedule for one episode, as of `today`:
 * - intake: due from enrollment to 7 days after it;
 * - 6-month follow-up: window from 5 to 8 months after the intake (after
 *   enrollment while no intake is recorded), still owed after a discharge;
 * - discharge: due from the discharge date to 14 days after it.
 * A recorded interview is `done` whatever its date.
 */
export function interviewSchedule(episode: EpisodeDates, today: string): ScheduleItem[] {
  const done = (kind: InterviewKind) => conductedOn(episode, kind);

  const intakeDone = done('intake');
  const intakeCloses = addDays(episode.enrolledOn, INTAKE_DUE_DAYS);
  const intake: ScheduleItem = {
    kind: 'intake',
    status: intakeDone ? 'done' : today > intakeCloses ? 'missed' : 'due',
    conductedOn: intakeDone,
    opensOn: episode.enrolledOn,
    closesOn: intakeCloses,
  };

  const followUp = followUpSchedule(episode, today);

  const dischargeDone = done('discharge');
  const dischargeCloses = episode.dischargedOn ? addDays(episode.dischargedOn, DISCHARGE_DUE_DAYS) : null;
  const discharge: ScheduleItem = {
    kind: 'discharge',
    status: dischargeDone ? 'done' : !episode.dischargedOn || !dischargeCloses ? 'not_yet' : today > dischargeCloses ? 'missed' : 'due',
    conductedOn: dischargeDone,
    opensOn: episode.dischargedOn,
    closesOn: dischargeCloses,
  };
  return [intake, followUp, discharge];
}
