/**
 * Medication for opioid use disorder (MOUD) episodes: vocabularies, input and
 * output schemas, and the pure rules of the two measures a program reports —
 * linkage time (days from release or ED discharge to the first dose) and
 * continuous retention at 30, 90 and 180 days. Every date is a calendar date
 * (YYYY-MM-DD) in the site's time zone; the caller says what "today" is.
 */
import { z } from 'zod';
import { addDays, daysBetween } from './enrollments.ts';
import { isoDate, uuid, version } from './schemas.ts';

export const MOUD_MEDICATIONS = [
  'methadone',
  'buprenorphine',
  'extended_release_buprenorphine',
  'naltrexone',
  'extended_release_naltrexone',
] as const;
export type MoudMedication = (typeof MOUD_MEDICATIONS)[number];

/**
 * Why an episode ended. `switched_medication` and `transferred_care` usually come
 * with a new episode that starts within days (so retention continues);
 * `stopped_by_participant` covers someone who simply stopped coming.
 */
export const MOUD_END_REASONS = [
  'completed_taper',
  'switched_medication',
  'transferred_care',
  'stopped_by_participant',
  'discharged_by_provider',
  'incarcerated',
  'deceased',
  'other',
] as const;
export type MoudEndReason = (typeof MOUD_END_REASONS)[number];

/** A gap of this many days or fewer between one episode's end and the next's start does not break retention. */
export const RETENTION_GAP_DAYS = 14;
/** The marks retention is reported at, in days from the first start. */
export const RETENTION_MARKS = [30, 90, 180] as const;

/* ---------- inputs ---------- */

const providerName = z.string().trim().min(1, 'Required').max(200, 'At most 200 characters');
const note = z
  .string()
  .trim()
  .max(1000, 'At most 1000 characters')
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional();

export const moudEpisodeCreateInput = z.object({
  medication: z.enum(MOUD_MEDICATIONS),
  providerName,
  /** The provider's entry in the resource directory (400 if none has this id); taken from the referral when omitted. */
  providerResourceId: uuid.nullable().optional(),
  /** The referral of this participant that led to this episode (400 if it is not theirs). */
  referralId: uuid.nullable().optional(),
  /** The day of the first dose. */
  startedOn: isoDate,
  /** An episode may be recorded after it ended: then both the date and the reason. */
  endedOn: isoDate.nullable().optional(),
  endReason: z.enum(MOUD_END_REASONS).nullable().optional(),
  note,
});
export type MoudEpisodeCreateInput = z.infer<typeof moudEpisodeCreateInput>;

/**
 * A correction or an ending: send the version you read and only the fields that
 * change. Ending is `endedOn` + `endReason`; `endedOn: null` (with `endReason:
 * null`) reopens an episode ended by mistake.
 */
export const moudEpisodeUpdateInput = moudEpisodeCreateInput.partial().extend({ version });
export type MoudEpisodeUpdateInput = z.infer<typeof moudEpisodeUpdateInput>;

/** Ending an episode: the same PATCH body, with the end date and reason both required. */
export const moudEpisodeEndInput = z.object({ version, endedOn: isoDate, endReason: z.enum(MOUD_END_REASONS) });
export type MoudEpisodeEndInput = z.infer<typeof moudEpisodeEndInput>;

/* ---------- output ---------- */

const person = z.object({ id: z.string(), name: z.string() }).nullable();

export const moudEpisodeOutput = z.object({
  id: z.string(),
  participantId: z.string(),
  siteId: z.string(),
  medication: z.enum(MOUD_MEDICATIONS),
  providerName: z.string(),
  providerResourceId: z.string().nullable(),
  referralId: z.string().nullable(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  endReason: z.enum(MOUD_END_REASONS).nullable(),
  note: z.string().nullable(),
  status: z.enum(['ongoing', 'ended']),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: person,
  updatedBy: person,
});
export type MoudEpisode = z.infer<typeof moudEpisodeOutput>;

export const LINKAGE_STATUSES = ['linked', 'continued', 'not_linked', 'no_index_date'] as const;
export const LINKAGE_FROM = ['release', 'ed_discharge'] as const;

export const linkageOutput = z.discriminatedUnion('status', [
  /** First dose on or after the index date. */
  z.object({ status: z.literal('linked'), from: z.enum(LINKAGE_FROM), indexDate: z.string(), firstDoseOn: z.string(), days: z.number() }),
  /** Already on MOUD at the index date (e.g. medication continued in jail): linked with 0 days. */
  z.object({ status: z.literal('continued'), from: z.enum(LINKAGE_FROM), indexDate: z.string(), startedOn: z.string(), days: z.literal(0) }),
  /** No dose since the index date, as of today. */
  z.object({ status: z.literal('not_linked'), from: z.enum(LINKAGE_FROM), indexDate: z.string(), daysSince: z.number() }),
  /** Neither a release date nor an ED visit to count from. */
  z.object({ status: z.literal('no_index_date') }),
]);
export type Linkage = z.infer<typeof linkageOutput>;

export const RETENTION_STATUSES = ['retained', 'not_retained', 'not_yet'] as const;
export type RetentionStatus = (typeof RETENTION_STATUSES)[number];

export const retentionOutput = z.object({
  firstStartOn: z.string(),
  /** Last day of the first continuous stretch; null while it is ongoing. */
  continuousUntil: z.string().nullable(),
  marks: z.array(z.object({ days: z.number(), on: z.string(), status: z.enum(RETENTION_STATUSES) })),
});
export type Retention = z.infer<typeof retentionOutput>;

export const moudListOutput = z.object({
  items: z.array(moudEpisodeOutput),
  linkage: linkageOutput,
  /** Null until a first episode is recorded. */
  retention: retentionOutput.nullable(),
});
export type MoudList = z.infer<typeof moudListOutput>;

/* ---------- rules on one episode ---------- */

export interface EpisodeDates {
  startedOn: string;
  endedOn: string | null;
}

export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * The rules across an episode's fields, on the record as it would be saved (for a
 * correction: the stored one with the changes applied): dates never in the
 * future, the end not before the start, an end date and a reason together.
 */
export function moudEpisodeIssues(e: EpisodeDates & { endReason: string | null }, today: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (e.startedOn > today) issues.push({ path: 'startedOn', message: 'Cannot be in the future' });
  if (e.endedOn !== null) {
    if (e.endedOn > today) issues.push({ path: 'endedOn', message: 'Cannot be in the future' });
    else if (e.endedOn < e.startedOn) issues.push({ path: 'endedOn', message: 'Cannot be before the start date' });
    if (e.endReason === null) issues.push({ path: 'endReason', message: 'Say why the episode ended' });
  } else if (e.endReason !== null) {
    issues.push({ path: 'endedOn', message: 'Give the date the episode ended' });
  }
  return issues;
}

/* ---------- linkage time ---------- */

/**
 * What linkage is counted from:
 * - the participant's release date, when there is one;
 * - otherwise, for someone referred from an emergency department, the ED discharge:
 *   the latest ED visit recorded as a critical event on or before their first
 *   enrollment (the visit that brought them to the program; `edIndexDate`), or the
 *   date of that first enrollment when no such visit was recorded (a coach enrolls
 *   at the bedside);
 * - otherwise nothing: linkage cannot be computed.
 */
export interface LinkageIndex {
  releaseDate: string | null;
  /** The ED discharge of a participant referred from an ED (see `edIndexDate`); null for anyone else. */
  edDischargeOn: string | null;
}

/**
 * The ED discharge linkage counts from, for someone referred from an ED: the
 * latest ED visit on or before their first enrollment, else the enrollment date.
 * Later ED visits do not move it: linkage is counted from the visit that brought
 * the person in. The same rule as the reports' linkage query.
 */
export function edIndexDate(firstEnrolledOn: string, edVisitDates: readonly string[]): string {
  let best: string | null = null;
  for (const d of edVisitDates) if (d <= firstEnrolledOn && (best === null || d > best)) best = d;
  return best ?? firstEnrolledOn;
}

/**
 * The episode that counts as the first MOUD at or after `since`: one already
 * ongoing on that day (started before, not ended before it) or else the earliest
 * one starting on or after it. The same rule as the server's
 * firstMoudStartOnOrAfter, which the worklist uses.
 */
export function firstEpisodeOnOrAfter<E extends EpisodeDates>(episodes: readonly E[], since: string): E | null {
  let best: E | null = null;
  for (const e of episodes) {
    if (e.endedOn !== null && e.endedOn < since) continue;
    if (!best || e.startedOn < best.startedOn) best = e;
  }
  return best;
}

/** Days from release (or ED discharge) to the first MOUD dose, as of `today`. */
export function linkageTime(index: LinkageIndex, episodes: readonly EpisodeDates[], today: string): Linkage {
  const from = index.releaseDate ? 'release' : index.edDischargeOn ? 'ed_discharge' : null;
  const indexDate = index.releaseDate ?? index.edDischargeOn;
  if (!from || !indexDate) return { status: 'no_index_date' };
  const first = firstEpisodeOnOrAfter(episodes, indexDate);
  if (!first) return { status: 'not_linked', from, indexDate, daysSince: Math.max(0, daysBetween(indexDate, today)) };
  if (first.startedOn < indexDate) return { status: 'continued', from, indexDate, startedOn: first.startedOn, days: 0 };
  return { status: 'linked', from, indexDate, firstDoseOn: first.startedOn, days: daysBetween(indexDate, first.startedOn) };
}

/* ---------- retention ---------- */

/**
 * Continuous retention from the first start, at 30, 90 and 180 days.
 *
 * Episodes are joined into one continuous stretch when the next one starts no more
 * than 14 days after the stretch's last day (gap = next start − end, in calendar
 * days: ending on the 1st and restarting on the 15th is a gap of 14 and does not
 * break it; restarting on the 16th does). Overlapping episodes simply join; an
 * ongoing episode keeps the stretch open. For each mark (first start + N days):
 * - `retained`: the first stretch reaches the mark (an ongoing one, once today has);
 * - `not_retained`: the stretch ended before the mark and more than 14 days have
 *   passed since with no restart, so nothing recorded later can join it;
 * - `not_yet`: not decided as of today (the mark is ahead, or the stretch ended
 *   before it recently enough that a restart could still join it).
 * Null when there is no episode.
 */
export function retention(episodes: readonly EpisodeDates[], today: string): Retention | null {
  const sorted = [...episodes].sort((a, b) => (a.startedOn < b.startedOn ? -1 : a.startedOn > b.startedOn ? 1 : 0));
  const first = sorted[0];
  if (!first) return null;
  // The first stretch: `end` null means ongoing.
  let end: string | null = first.endedOn;
  for (const e of sorted.slice(1)) {
    if (end === null) break;
    if (daysBetween(end, e.startedOn) > RETENTION_GAP_DAYS) break;
    if (e.endedOn === null) end = null;
    else if (e.endedOn > end) end = e.endedOn;
  }
  const marks = RETENTION_MARKS.map((days) => {
    const on = addDays(first.startedOn, days);
    let status: RetentionStatus;
    if (end === null) status = today >= on ? 'retained' : 'not_yet';
    else if (end >= on) status = 'retained';
    else status = daysBetween(end, today) > RETENTION_GAP_DAYS ? 'not_retained' : 'not_yet';
    return { days, on, status };
  });
  return { firstStartOn: first.startedOn, continuousUntil: end, marks };
}
