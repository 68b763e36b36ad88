/**
 * The de-identified analysis export for evaluators: its options, its record, and
 * the data dictionary (every table and column it writes, what it means, and how it
 * was de-identified). The server writes the dictionary into the zip; the web page
 * shows it. Pure rules for ages and ZIP codes live here too.
 */
import { z } from 'zod';
import { uuid } from './schemas.ts';

export const ANALYSIS_DATES = ['shifted', 'month'] as const;
export type AnalysisDates = (typeof ANALYSIS_DATES)[number];

export const ANALYSIS_EXPORT_STATUSES = ['started', 'completed', 'failed'] as const;
export type AnalysisExportStatus = (typeof ANALYSIS_EXPORT_STATUSES)[number];

export const analysisExportQuery = z.object({
  /** shifted: every date of a person moved by their own offset (−182…+182 days, never 0); month: dates cut to year and month. */
  dates: z.enum(ANALYSIS_DATES).default('shifted'),
});
export type AnalysisExportQuery = z.input<typeof analysisExportQuery>;

export const analysisExportRecordOutput = z.object({
  id: uuid,
  requestedAt: z.string(),
  requestedBy: z.object({ id: uuid, name: z.string() }).nullable(),
  dates: z.enum(ANALYSIS_DATES),
  status: z.enum(ANALYSIS_EXPORT_STATUSES),
  rowCounts: z.record(z.string(), z.number().int()).nullable(),
  completedAt: z.string().nullable(),
});
export type AnalysisExportRecord = z.infer<typeof analysisExportRecordOutput>;
export const analysisExportListOutput = z.object({ items: z.array(analysisExportRecordOutput) });

/** The largest shift, in days, either way. */
export const MAX_DATE_SHIFT_DAYS = 182;

/** HIPAA Safe Harbor: 3-digit ZIP prefixes whose areas hold 20,000 people or fewer (2000 Census) are reported as 000. */
export const RESTRICTED_ZIP3 = new Set(['036', '059', '063', '102', '203', '556', '692', '790', '821', '823', '830', '831', '878', '879', '884', '890', '893']);

/** A ZIP code cut to its first 3 digits ('000' for the small areas above), or null when there is none or it is not a ZIP. */
export function zip3(zip: string | null | undefined): string | null {
  const m = /^\s*(\d{3})\d{2}(?:-?\d{4})?\s*$/.exec(zip ?? '');
  if (!m?.[1]) return null;
  return RESTRICTED_ZIP3.has(m[1]) ? '000' : m[1];
}

/** Whole years between a date of birth and a day (both YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The age as exported: the number up to 89, `90+` from 90 on (Safe Harbor). */
export function exportedAge(age: number): string {
  return age >= 90 ? '90+' : String(age);
}

export const AGE_GROUPS = ['under_18', '18-24', '25-34', '35-44', '45-54', '55-64', '65-89', '90+'] as const;
export function ageGroup(age: number): (typeof AGE_GROUPS)[number] {
  if (age < 18) return 'under_18';
  if (age < 25) return '18-24';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  if (age < 55) return '45-54';
  if (age < 65) return '55-64';
  if (age < 90) return '65-89';
  return '90+';
}

export type DeidMethod = 'pseudonym' | 'date' | 'generalized' | 'none';

export interface DictionaryColumn {
  column: string;
  type: 'id' | 'date' | 'integer' | 'text' | 'boolean' | 'code' | 'codes';
  meaning: string;
  deid: DeidMethod;
}

export interface DictionaryTable {
  table: string;
  meaning: string;
  columns: DictionaryColumn[];
}

const pid: DictionaryColumn = { column: 'participant_id', type: 'id', meaning: "The participant's pseudonymous id (the same in every table and every export)", deid: 'pseudonym' };
const site: DictionaryColumn = { column: 'site', type: 'id', meaning: 'Pseudonymous id of the site', deid: 'pseudonym' };
const siteType: DictionaryColumn = { column: 'site_type', type: 'code', meaning: 'Kind of site (jail, prison, emergency_department…)', deid: 'none' };
const staff = (column: string, meaning: string): DictionaryColumn => ({ column, type: 'id', meaning: `${meaning} (pseudonymous staff id)`, deid: 'pseudonym' });
const day = (column: string, meaning: string): DictionaryColumn => ({ column, type: 'date', meaning, deid: 'date' });
const code = (column: string, meaning: string): DictionaryColumn => ({ column, type: 'code', meaning, deid: 'none' });
const id = (column: string, meaning: string): DictionaryColumn => ({ column, type: 'id', meaning: `${meaning} (pseudonymous)`, deid: 'pseudonym' });

/** Every table of the export and its columns, in file order. */
export const ANALYSIS_TABLES: readonly DictionaryTable[] = [
  {
    table: 'participants',
    meaning: 'One row per participant',
    columns: [
      pid,
      { column: 'age', type: 'text', meaning: 'Age in whole years on the day of the export; 90 and over as "90+"', deid: 'generalized' },
      { column: 'age_group', type: 'code', meaning: 'Age band on the day of the export (under_18, 18-24 … 65-89, 90+)', deid: 'generalized' },
      { column: 'birth_year', type: 'integer', meaning: 'Year of birth: only with year-month dates and an age of 89 or less, else empty', deid: 'generalized' },
      code('gender', 'Gender identity'),
      { column: 'race', type: 'codes', meaning: 'OMB race categories, separated by ";"', deid: 'none' },
      code('ethnicity', 'Ethnicity'),
      code('preferred_language', 'Preferred language (BCP 47 tag)'),
      code('custody_status', 'in_custody or community, as of the export'),
      day('release_date', 'Release from custody'),
      code('referral_source', 'How the participant came to the program'),
      site,
      siteType,
      { column: 'study_arms', type: 'codes', meaning: 'Each study assignment as study_id:arm, separated by ";"', deid: 'none' },
    ],
  },
  {
    table: 'enrollments',
    meaning: 'Enrollment episodes (discharge notes left out)',
    columns: [
      id('enrollment_id', 'Enrollment episode'),
      pid,
      site,
      siteType,
      day('enrolled_on', 'Enrollment day'),
      code('referral_source', 'Referral source of the episode'),
      staff('coach', 'Peer recovery coach'),
      staff('case_manager', 'Case manager'),
      code('phase', 'Current critical-time phase'),
      day('discharged_on', 'Discharge day (empty while open)'),
      code('discharge_reason', 'Why the episode ended'),
    ],
  },
  {
    table: 'enrollment_interviews',
    meaning: "The funder's interviews of each episode: intake, 6-month follow-up, discharge (one of each at most)",
    columns: [
      id('enrollment_id', 'Enrollment episode'),
      pid,
      code('kind', 'intake, follow_up_6m or discharge'),
      day('conducted_on', 'Day the interview was done'),
      staff('recorded_by', 'Who recorded it'),
    ],
  },
  {
    table: 'enrollment_phases',
    meaning: 'Every critical-time phase of each episode, with the day it began (the episode is in a phase until the next begins)',
    columns: [id('enrollment_id', 'Enrollment episode'), pid, code('phase', 'Critical-time phase'), day('started_on', 'Day the phase began')],
  },
  {
    table: 'contacts',
    meaning: 'Every contact and attempt (notes and addenda left out)',
    columns: [
      pid,
      site,
      day('occurred_on', 'Day of the contact'),
      { column: 'duration_minutes', type: 'integer', meaning: 'Length of the contact', deid: 'none' },
      code('mode', 'in_person, in_custody, phone, video, text'),
      code('location_type', 'Where it took place (a kind of place, not an address)'),
      { column: 'reached', type: 'boolean', meaning: 'Whether the participant was reached', deid: 'none' },
      code('attempt_outcome', 'Why an attempt did not reach them'),
      { column: 'services', type: 'codes', meaning: 'Services provided, separated by ";"', deid: 'none' },
      staff('recorded_by', 'Who logged it'),
    ],
  },
  {
    table: 'assessments',
    meaning: 'Administrations of an instrument (BARC-10, needs screening, program instruments)',
    columns: [
      id('assessment_id', 'Assessment'),
      pid,
      code('instrument', 'Instrument key'),
      { column: 'instrument_version', type: 'integer', meaning: 'Version of the instrument used', deid: 'none' },
      code('status', 'in_progress or completed'),
      day('started_on', 'Day started'),
      day('completed_on', 'Day completed'),
      { column: 'score', type: 'integer', meaning: 'Total score (e.g. BARC-10: 10–60)', deid: 'none' },
      { column: 'flags', type: 'codes', meaning: 'Score flags, separated by ";"', deid: 'none' },
    ],
  },
  {
    table: 'assessment_answers',
    meaning: 'Item answers of each assessment, one row per item (free-text items left out)',
    columns: [id('assessment_id', 'Assessment'), pid, code('item', 'Item id in the instrument'), { column: 'value', type: 'text', meaning: 'The answer: a choice value or a number', deid: 'none' }],
  },
  {
    table: 'plan_goals',
    meaning: "Goals of each participant's current recovery plan with step counts by status (the participant's own words left out)",
    columns: [
      id('goal_id', 'Goal'),
      pid,
      { column: 'plan_version', type: 'integer', meaning: 'Version number of the current plan', deid: 'none' },
      code('domain', 'Life domain'),
      code('goal_status', 'Status of the goal'),
      day('target_date', 'Target date'),
      { column: 'steps', type: 'integer', meaning: 'Action steps', deid: 'none' },
      { column: 'steps_not_started', type: 'integer', meaning: 'Steps not started', deid: 'none' },
      { column: 'steps_in_progress', type: 'integer', meaning: 'Steps in progress', deid: 'none' },
      { column: 'steps_done', type: 'integer', meaning: 'Steps done', deid: 'none' },
      { column: 'steps_other', type: 'integer', meaning: 'Steps with another status', deid: 'none' },
    ],
  },
  {
    table: 'referrals',
    meaning: 'Closed-loop referrals (notes and appointment places left out)',
    columns: [
      id('referral_id', 'Referral'),
      pid,
      site,
      code('need', 'What the referral is for'),
      code('urgency', 'Urgency'),
      { column: 'organization', type: 'text', meaning: 'The organization referred to (a resource-directory entry, not a person)', deid: 'none' },
      code('status', 'Current status'),
      code('outcome', 'Outcome'),
      day('created_on', 'Day created'),
      day('sent_on', 'Day sent'),
      day('appointment_on', 'Appointment day'),
    ],
  },
  {
    table: 'referral_events',
    meaning: 'Each step of each referral (notes left out)',
    columns: [
      id('referral_id', 'Referral'),
      pid,
      { column: 'step', type: 'integer', meaning: 'Order of the step', deid: 'none' },
      code('from_status', 'Status before'),
      code('to_status', 'Status after'),
      day('on', 'Day of the step'),
      staff('by', 'Who recorded the step'),
      day('appointment_on', 'Appointment day set by the step'),
      code('outcome', 'Outcome set by the step'),
    ],
  },
  {
    table: 'moud_episodes',
    meaning: 'Medication for opioid use disorder episodes (provider names as typed and notes left out)',
    columns: [
      id('episode_id', 'MOUD episode'),
      pid,
      site,
      code('medication', 'Medication'),
      { column: 'from_referral', type: 'boolean', meaning: 'Whether a referral led to it', deid: 'none' },
      day('started_on', 'First dose'),
      day('ended_on', 'End (empty while ongoing)'),
      code('end_reason', 'Why it ended'),
    ],
  },
  {
    table: 'naloxone_distributions',
    meaning: 'Naloxone kits given to participants or to people in their support system (recipient names, places, events and notes left out)',
    columns: [
      id('distribution_id', 'Distribution'),
      pid,
      site,
      code('recipient_type', 'participant or support_person'),
      code('relationship', "A support person's relationship to the participant"),
      code('product', 'Naloxone product'),
      { column: 'kits', type: 'integer', meaning: 'Kits given', deid: 'none' },
      day('distributed_on', 'Day given'),
      { column: 'training_given', type: 'boolean', meaning: 'Overdose-response training given', deid: 'none' },
      staff('trained_by', 'Who trained'),
      { column: 'zip3', type: 'code', meaning: 'First 3 digits of the ZIP code given (000 for areas of 20,000 people or fewer)', deid: 'generalized' },
    ],
  },
  {
    table: 'naloxone_reversals',
    meaning: 'Reported uses of a kit about a participant (places and notes left out; reversals about no participant are not participant data)',
    columns: [
      id('reversal_id', 'Reversal'),
      pid,
      site,
      id('distribution_id', 'The distribution the kit came from, when known'),
      day('occurred_on', 'Day of the overdose'),
      { column: 'zip3', type: 'code', meaning: 'First 3 digits of the ZIP code where it happened (000 for areas of 20,000 people or fewer)', deid: 'generalized' },
      code('administered_by', 'Who gave the naloxone'),
      { column: 'doses_used', type: 'integer', meaning: 'Doses used', deid: 'none' },
      code('survived', 'yes, no or unknown'),
      { column: 'ems_called', type: 'boolean', meaning: 'Whether EMS was called (empty if unknown)', deid: 'none' },
      { column: 'rescue_breathing', type: 'boolean', meaning: 'Whether rescue breathing was given (empty if unknown)', deid: 'none' },
    ],
  },
  {
    table: 'critical_events',
    meaning: 'Overdoses, ED visits, hospital stays, arrests, re-incarceration, deaths (causes and notes left out)',
    columns: [
      id('event_id', 'Event'),
      pid,
      site,
      code('kind', 'Kind of event'),
      day('occurred_on', 'Day it happened'),
      code('source', 'Who reported it'),
      { column: 'days_since_release', type: 'integer', meaning: 'Days from release to the event (not shifted: a difference)', deid: 'none' },
      { column: 'within_30_days_of_release', type: 'boolean', meaning: 'In the first 30 days after release', deid: 'none' },
    ],
  },
  {
    table: 'study_assignments',
    meaning: 'Randomizations into study arms',
    columns: [
      { column: 'study_id', type: 'id', meaning: 'The study (its id in Tandem: a program record, not a person)', deid: 'none' },
      { column: 'study_name', type: 'text', meaning: 'The study', deid: 'none' },
      pid,
      code('arm', 'The arm allocated'),
      { column: 'stratum', type: 'text', meaning: 'The stratum (factor=value joined by |; sites as their pseudonymous ids)', deid: 'pseudonym' },
      { column: 'block', type: 'integer', meaning: 'The block of the stratum the allocation came from', deid: 'none' },
      day('assigned_on', 'Day of randomization'),
      staff('assigned_by', 'Who randomized'),
    ],
  },
];

export const DEID_DESCRIPTIONS: Record<DeidMethod, string> = {
  pseudonym: 'HMAC-SHA256 of the record id under a program secret: stable across exports, not reversible without the secret',
  date: 'Shifted by the participant’s own offset (dates=shifted) or cut to year and month (dates=month)',
  generalized: 'Generalized (ages 90+ grouped, ZIP codes to 3 digits, birth year only when allowed)',
  none: 'A code or count: no identifier',
};
