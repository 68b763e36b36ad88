/**
 * seedScale(db, options): a believable state-wide program at any size, for load
 * tests and capacity planning. At N = 50,000 participants: 40 sites, 400 staff and,
 * over five years, about 2,000,000 contacts, 200,000 referrals with their
 * transitions, 60,000 MOUD episodes, 150,000 naloxone distributions, 400,000
 * assessments, 20,000 supervision sessions, 42,000 recovery plans (100,000 saved
 * versions) and 65,000 critical events (scale-life.ts). Everything scales with N.
 *
 * It streams: participants are generated and written in chunks (500 by default),
 * one transaction per chunk, in bulk statements, so memory stays flat whatever N.
 * Deterministic from `seed` (each chunk has its own generator), with realistic
 * skew: a few coaches carry three times the median caseload, most contacts fall in
 * the 30 days after release, the program grows over the years.
 *
 * The rows follow the features' rules (core vocabularies, referral events in
 * lifecycle order, one enrollment per person, naloxone stock never negative,
 * contacts' cross-field rules, assessment scores from the instrument's scoring)
 * but they are written directly, without the services' audit rows: this is a
 * history loaded into an empty program, not staff at work.
 */
import { sql } from 'drizzle-orm';
import { scoreResponse, type Answers } from '../../core/assessments.ts';
import {
  ATTEMPT_OUTCOMES,
  CONTACT_SERVICES,
  type ContactLocation,
  type ContactMode,
  type ContactService,
} from '../../core/contacts.ts';
import type { DischargeReason, EnrollmentPhase } from '../../core/enrollments.ts';
import type { CustodyStatus, Ethnicity, Gender, ReferralSource, Role } from '../../core/enums.ts';
import { CLOSE_OUTCOMES, DECEASED_OUTCOME, REFERRAL_TRANSITIONS, type ReferralNeed, type ReferralStatus } from '../../core/referrals.ts';
import type { MoudEndReason, MoudMedication } from '../../core/moud.ts';
import { digitsOnly, nameSounds, normalizeForSearch } from '../../core/names.ts';
import { NAME_GROUPS, surnameFor, withoutAccents, type GroupKey } from '../../demo/names.ts';
import { Random } from '../../demo/random.ts';
import { demoResourceInputs } from '../../demo/resources.ts';
import { barc10, BARC10_VERSION_ID } from '../assessments/builtin/barc10.ts';
import { NEED_DOMAINS, needsScreening, NEEDS_VERSION_ID } from '../assessments/builtin/needs-screening.ts';
import { hashPassword } from '../auth/passwords.ts';
import { rowsOf, type Db, type Queryable } from '../db/database.ts';
import { systemActor } from '../http/actor.ts';
import { createResource } from '../resources/resources.service.ts';
import { insertBulk, type Row } from './bulk.ts';
import { DAY, instant, iso, isoDay } from './days.ts';
import { eventRows, planRows, type IdKind, type LifeInProgram } from './scale-life.ts';
import { ID_KIND, planSites, seedId, type ScaleSite } from './places.ts';

export interface ScaleSeedOptions {
  participants: number;
  seed?: number;
  now: Date;
  /** Participants per transaction. */
  chunkSize?: number;
  onProgress?: (p: ScaleProgress) => void;
}

export interface ScaleProgress {
  participantsDone: number;
  participants: number;
  rows: number;
  elapsedMs: number;
}

export interface ScaleSeedResult {
  sites: number;
  staff: number;
  participants: number;
  rows: Record<string, number>;
  milliseconds: number;
}

/** Every generated staff member signs in with this password (the program is synthetic). */
export const SEED_PASSWORD = 'synthetic-state-program-2026';
/** Generated staff e-mail addresses end with this: how a seeded database is recognised. */
export const SEED_EMAIL_DOMAIN = 'seed.tandem.example';
export const DEFAULT_SEED = 20_261_202;
const YEARS = 5;

/** Staff per site, in this order; the first coach of each site carries three times the median caseload. */
const SITE_TEAM: readonly Role[] = ['site_manager', 'coach', 'coach', 'coach', 'coach', 'coach', 'coach', 'case_manager', 'case_manager', 'case_manager'];
const COACH_WEIGHTS = [3, 1.2, 1, 1, 0.8, 0.7];
/** One supervisor for every this many sites. */
const SITES_PER_SUPERVISOR = 10;

export interface ScaleStaff {
  id: string;
  email: string;
  name: string;
  role: Role;
  siteIds: string[];
}

/** The program's shape at N participants: 40 sites and 400 staff at 50,000, in proportion, at least 4 sites. */
export function scaleShape(participants: number): { sites: number } {
  return { sites: Math.max(4, Math.round((participants * 40) / 50_000)) };
}

export function planStaff(sites: readonly ScaleSite[], rng: Random): ScaleStaff[] {
  const staff: ScaleStaff[] = [];
  const person = (role: Role, siteIds: string[], label: string) => {
    const n = staff.length;
    const group = NAME_GROUPS[rng.weighted<GroupKey>([['black', 30], ['white', 40], ['latino', 20], ['polish', 5], ['arab', 3], ['asian', 2]])];
    const pool = rng.pick(group.pools);
    const woman = rng.chance(0.55);
    const first = withoutAccents(rng.pick(woman ? pool.women : pool.men));
    const last = withoutAccents(rng.pick(pool.surnames));
    staff.push({ id: seedId(ID_KIND.user, n), email: `${label}.${String(n)}@${SEED_EMAIL_DOMAIN}`, name: `${first} ${last}`, role, siteIds });
  };
  const hub = sites[0];
  if (!hub) throw new Error('no sites');
  person('program_admin', [hub.id], 'admin');
  person('evaluator', [hub.id], 'evaluator');
  for (let s = 1; s < sites.length; s += SITES_PER_SUPERVISOR) {
    person('supervisor', sites.slice(s, s + SITES_PER_SUPERVISOR).map((x) => x.id), 'supervisor');
  }
  for (const site of sites.slice(1)) {
    for (const role of SITE_TEAM) person(role, [site.id], role.replace('_', '-'));
  }
  return staff;
}

/** A positive count with the given mean and a long right tail (lognormal). */
function skewed(rng: Random, mean: number, spread = 0.6): number {
  const u1 = Math.max(rng.next(), 1e-9);
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng.next());
  return Math.exp(Math.log(mean) - (spread * spread) / 2 + spread * z);
}

interface Context {
  sites: readonly ScaleSite[];
  siteWeights: readonly (readonly [ScaleSite, number])[];
  teams: Map<string, { coaches: (readonly [ScaleStaff, number])[]; caseManagers: ScaleStaff[]; supervisor: ScaleStaff }>;
  resources: readonly { id: string; name: string; moud: boolean }[];
  startDay: number;
  today: number;
  now: Date;
  lots: LotBook;
}

/** Naloxone lots: one per site, product and quarter, received on the quarter's first day; another when one runs out. */
class LotBook {
  private readonly open = new Map<string, { id: string; left: number }>();
  private serial = 0;
  private movementSerial = 0;
  static readonly SIZE = 1_200;

  take(site: ScaleSite, product: string, day: number, kits: number, out: { lots: Row[]; movements: Row[] }, now: Date): string {
    const d = new Date(day * DAY);
    const quarter = d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
    const key = `${site.id}|${product}|${String(quarter)}`;
    let lot = this.open.get(key);
    if (!lot || lot.left < kits) {
      const n = this.serial++;
      const startDay = Math.floor(Date.UTC(Math.floor(quarter / 4), (quarter % 4) * 3, 1) / DAY);
      lot = { id: seedId(ID_KIND.lot, n), left: LotBook.SIZE };
      this.open.set(key, lot);
      const created = new Date(Math.min(startDay * DAY + 15 * 3_600_000, now.getTime()));
      out.lots.push({ id: lot.id, site_id: site.id, product, lot_number: `NX${String(quarter)}-${String(site.index)}-${String(n)}`, expires_on: isoDay(startDay + 3 * 365), created_at: iso(created) });
      out.movements.push({ id: this.movementId(), site_id: site.id, lot_id: lot.id, kind: 'received', kits: LotBook.SIZE, occurred_on: isoDay(startDay), source: 'State opioid response grant', created_at: iso(created) });
    }
    lot.left -= kits;
    return lot.id;
  }

  movementId(): string {
    return seedId(ID_KIND.movement, this.movementSerial++);
  }
}

const SITE_MIX: Partial<Record<ScaleSite['type'], readonly (readonly [GroupKey, number])[]>> = {
  jail: [['black', 40], ['white', 32], ['latino', 20], ['polish', 4], ['arab', 2], ['native', 2]],
  prison: [['black', 48], ['white', 30], ['latino', 18], ['polish', 2], ['native', 2]],
  emergency_department: [['black', 38], ['latino', 28], ['white', 28], ['arab', 3], ['asian', 3]],
};
const DEFAULT_MIX: readonly (readonly [GroupKey, number])[] = [['black', 35], ['white', 35], ['latino', 22], ['polish', 4], ['asian', 2], ['native', 2]];

const NEED_WEIGHTS: readonly (readonly [ReferralNeed, number])[] = [
  ['moud_treatment', 22], ['housing', 18], ['health_insurance', 12], ['identification', 10], ['income_employment', 10], ['medical_care', 8],
  ['mental_health', 8], ['legal', 5], ['transportation', 4], ['food', 2], ['child_care', 1],
];

const NOTES = [
  'Checked in after release; talked through the first week.',
  'Went over the recovery plan and next appointment.',
  'Rode along to the clinic intake.',
  'Talked about cravings and who to call at night.',
  'Helped with the Medicaid application.',
  'Brought naloxone and went over how to use it.',
  'Family meeting; mother attended.',
];

interface Chunk {
  participants: Row[];
  history: Row[];
  enrollments: Row[];
  phases: Row[];
  interviews: Row[];
  contacts: Row[];
  contactStaff: Row[];
  referrals: Row[];
  referralEvents: Row[];
  moud: Row[];
  lots: Row[];
  movements: Row[];
  distributions: Row[];
  assessments: Row[];
  sessions: Row[];
  attendees: Row[];
  sessionParticipants: Row[];
  plans: Row[];
  planVersions: Row[];
  planSteps: Row[];
  events: Row[];
}

const emptyChunk = (): Chunk => ({
  participants: [], history: [], enrollments: [], phases: [], interviews: [], contacts: [], contactStaff: [], referrals: [], referralEvents: [],
  moud: [], lots: [], movements: [], distributions: [], assessments: [], sessions: [], attendees: [], sessionParticipants: [],
  plans: [], planVersions: [], planSteps: [], events: [],
});

/** Generation counters, global so ids stay unique across chunks. */
class Ids {
  private readonly next = new Map<number, number>();
  constructor(private readonly chunk: number) {}
  /** Ids per chunk live in their own block of 2^32, so a chunk's ids do not depend on the chunks before it. */
  id(kind: number): string {
    const n = this.next.get(kind) ?? 0;
    this.next.set(kind, n + 1);
    return seedId(kind, this.chunk * 2 ** 32 + n);
  }
}

function barcAnswers(rng: Random, total: number): Answers {
  const agreement = ['strongly_disagree', 'disagree', 'somewhat_disagree', 'somewhat_agree', 'agree', 'strongly_agree'];
  const scores = Array<number>(10).fill(Math.floor(total / 10));
  for (let left = total - scores.reduce((a, b) => a + b, 0); left > 0; ) {
    const i = rng.int(0, 9);
    if ((scores[i] ?? 6) < 6) {
      scores[i] = (scores[i] ?? 0) + 1;
      left--;
    }
  }
  return Object.fromEntries(scores.map((s, i) => [`barc_${String(i + 1)}`, agreement[s - 1] ?? 'somewhat_agree']));
}

function participantOf(ctx: Context, rng: Random, ids: Ids, out: Chunk): void {
  const site = rng.weighted(ctx.siteWeights);
  const team = ctx.teams.get(site.id);
  if (!team) throw new Error(`no team at ${site.name}`);
  const coach = rng.weighted(team.coaches);
  const caseManager = rng.pick(team.caseManagers);

  // Who they are.
  const groupKey = rng.weighted(SITE_MIX[site.type] ?? DEFAULT_MIX);
  const group = NAME_GROUPS[groupKey];
  const gender = rng.weighted<Gender | null>([['man', 66], ['woman', 28], ['transgender_woman', 1], ['nonbinary', 1], ['declined', 1], [null, 3]]);
  const woman = gender === 'woman' || gender === 'transgender_woman';
  const pool = rng.pick(group.pools);
  let firstName = rng.pick(woman ? pool.women : pool.men);
  let lastName = surnameFor(rng.pick(pool.surnames), woman, groupKey);
  if ((groupKey === 'latino' || groupKey === 'polish') && rng.chance(0.3)) {
    firstName = withoutAccents(firstName);
    lastName = withoutAccents(lastName);
  }
  const nickname = group.nicknames?.[firstName];
  const preferredName = nickname && rng.chance(0.4) ? nickname : null;
  const age = rng.weighted<[number, number]>([[[19, 24], 10], [[25, 34], 35], [[35, 44], 30], [[45, 54], 15], [[55, 65], 10]]);
  const ethnicity: Ethnicity | null = group.hispanic ? 'hispanic_or_latino' : rng.chance(0.95) ? 'not_hispanic_or_latino' : null;
  const phone = rng.chance(0.6) ? `(${site.areaCode}) 555-01${String(rng.int(0, 99)).padStart(2, '0')}` : null;

  // When and how they came: the program grows, so later years enrol more.
  const span = ctx.today - ctx.startDay;
  const enrolledDay = Math.min(ctx.today - 1, ctx.startDay + Math.floor(span * Math.sqrt(rng.next())));
  let referralSource: ReferralSource = 'self';
  let releaseDay: number | null = null;
  switch (site.type) {
    case 'jail':
      referralSource = rng.chance(0.9) ? 'jail_in_reach' : 'court';
      releaseDay = enrolledDay + rng.int(3, 45);
      break;
    case 'prison':
      referralSource = 'prison_in_reach';
      releaseDay = enrolledDay + rng.int(20, 120);
      break;
    case 'emergency_department':
      referralSource = 'emergency_department';
      break;
    case 'hub':
    case 'clinic':
    case 'community':
    case 'court':
    case 'police_diversion':
    case 'opioid_treatment_program':
      referralSource = rng.weighted<ReferralSource>([['self', 55], ['family', 30], ['other', 15]]);
  }
  const released = releaseDay !== null && releaseDay < ctx.today;
  const custody: CustodyStatus = releaseDay !== null && !released ? 'in_custody' : 'community';
  const indexDay = releaseDay !== null && released ? releaseDay : releaseDay === null ? enrolledDay : null;
  const createdAt = instant(enrolledDay, rng);
  const language = group.otherLanguage && rng.chance(group.otherLanguage[1]) ? group.otherLanguage[0] : 'en';
  const id = ids.id(ID_KIND.participant);
  out.participants.push({
    id,
    site_id: site.id,
    first_name: firstName,
    last_name: lastName,
    preferred_name: preferredName,
    date_of_birth: isoDay(enrolledDay - Math.round((rng.int(age[0], age[1]) + rng.next()) * 365.25)),
    gender,
    race: rng.weighted(group.races),
    ethnicity,
    preferred_language: language,
    phone,
    email: null,
    custody_status: custody,
    expected_release_date: releaseDay === null ? null : isoDay(releaseDay + (released ? rng.int(-3, 3) : 0)),
    release_date: released && releaseDay !== null ? isoDay(releaseDay) : null,
    referral_source: referralSource,
    search_name: normalizeForSearch([firstName, preferredName, lastName].filter(Boolean).join(' ')),
    name_sounds: nameSounds(firstName, preferredName, lastName),
    phone_digits: phone ? digitsOnly(phone) : null,
    created_at: iso(createdAt),
    updated_at: iso(createdAt),
    created_by: coach.id,
    updated_by: coach.id,
  });
  out.history.push({ id: ids.id(ID_KIND.history), participant_id: id, site_id: site.id, started_at: iso(createdAt), changed_by: coach.id });

  // The enrollment: people released long ago have mostly been discharged.
  let endDay = ctx.today;
  let discharge: DischargeReason | null = null;
  if (indexDay !== null && ctx.today - indexDay > 120 && rng.chance(0.8)) {
    endDay = Math.min(ctx.today - 1, indexDay + rng.int(60, 420));
    discharge = rng.weighted<DischargeReason>([['completed', 45], ['lost_to_contact', 25], ['declined', 6], ['incarcerated', 8], ['moved', 8], ['transferred', 5], ['deceased', 2], ['other', 1]]);
  }
  const phases: [EnrollmentPhase, number][] = custody === 'in_custody' || (releaseDay !== null) ? [['pre_release', enrolledDay]] : [];
  if (indexDay !== null) {
    phases.push(['transition', indexDay]);
    if (endDay - indexDay >= 30) phases.push(['try_out', indexDay + 30]);
    if (endDay - indexDay >= 90) phases.push(['transfer_of_care', indexDay + 90]);
  }
  const [phase, phaseDay] = phases.at(-1) ?? ['pre_release', enrolledDay];
  const enrollmentId = ids.id(ID_KIND.enrollment);
  out.enrollments.push({
    id: enrollmentId,
    participant_id: id,
    site_id: site.id,
    enrolled_on: isoDay(enrolledDay),
    referral_source: referralSource,
    coach_id: coach.id,
    case_manager_id: caseManager.id,
    phase,
    phase_started_on: isoDay(phaseDay),
    discharged_on: discharge ? isoDay(Math.max(endDay, enrolledDay)) : null,
    discharge_reason: discharge,
    created_at: iso(createdAt),
    updated_at: iso(discharge ? instant(Math.max(endDay, enrolledDay), rng) : createdAt),
    created_by: coach.id,
    updated_by: coach.id,
  });
  for (const [p, day] of phases) {
    out.phases.push({ id: ids.id(ID_KIND.phase), enrollment_id: enrollmentId, phase: p, started_on: isoDay(day), recorded_at: iso(instant(Math.min(day, ctx.today - 1), rng)), recorded_by: coach.id });
  }
  out.interviews.push({ id: ids.id(ID_KIND.interview), enrollment_id: enrollmentId, kind: 'intake', conducted_on: isoDay(enrolledDay), recorded_at: iso(createdAt), recorded_by: caseManager.id });

  // The recovery plan and the critical events (scale-life.ts).
  const life: LifeInProgram = {
    participantId: id, siteId: site.id, enrollmentId, language, coachId: coach.id, caseManagerId: caseManager.id,
    enrolledDay, indexDay, releaseDay: released ? releaseDay : null, endDay, discharge, fromEd: site.type === 'emergency_department', lastDay: ctx.today - 1,
  };
  const lifeId = (kind: IdKind) => ids.id(ID_KIND[kind]);
  const plan = planRows(rng, lifeId, life);
  if (plan) {
    out.plans.push(plan.plan);
    out.planVersions.push(...plan.versions);
    out.planSteps.push(...plan.steps);
  }
  out.events.push(...eventRows(rng, lifeId, life));
  // Nothing is open or given after a death.
  const diedOn = discharge === 'deceased' ? endDay : null;

  // Contacts: visits in custody before release, then most in the 30 days after it.
  const mean = 40 * (site.type === 'hub' ? 0.5 : 1);
  const total = Math.min(240, Math.max(1, Math.round(skewed(rng, mean))));
  const window = endDay - enrolledDay;
  const days: { day: number; custody: boolean }[] = [];
  const custodyEnd = releaseDay === null ? enrolledDay : Math.min(releaseDay, ctx.today);
  const inCustodyVisits = releaseDay === null ? 0 : Math.min(custodyEnd - enrolledDay, Math.max(1, Math.round(total * 0.12)));
  for (let k = 0; k < inCustodyVisits; k++) days.push({ day: enrolledDay + rng.int(0, Math.max(0, custodyEnd - enrolledDay - 1)), custody: true });
  if (indexDay !== null && endDay > indexDay) {
    const after = endDay - indexDay;
    const remaining = Math.max(0, total - inCustodyVisits);
    for (let k = 0; k < remaining; k++) {
      const early = rng.chance(0.6) || after <= 30;
      const day = early ? indexDay + rng.int(0, Math.min(29, after - 1)) : indexDay + rng.int(30, after - 1);
      days.push({ day, custody: false });
    }
  } else if (window <= 0) {
    days.push({ day: enrolledDay, custody: custody === 'in_custody' });
  }
  for (const { day, custody: inside } of days) {
    const contactId = ids.id(ID_KIND.contact);
    const by = rng.chance(0.75) ? coach : caseManager;
    let mode: ContactMode;
    let location: ContactLocation;
    if (inside) {
      mode = 'in_custody';
      location = site.type === 'prison' ? 'prison' : 'jail';
    } else {
      mode = rng.weighted<ContactMode>([['in_person', 42], ['phone', 38], ['text', 15], ['video', 5]]);
      location = mode === 'in_person' ? rng.weighted<ContactLocation>([['community', 40], ['participant_home', 25], ['office', 20], ['clinic', 10], ['emergency_department', 5]]) : 'phone_or_virtual';
    }
    const reached = rng.chance(inside ? 0.95 : 0.72);
    const services: ContactService[] = reached ? [...new Set([rng.weighted<ContactService>([['recovery_coaching', 60], ['case_management', 25], ['crisis_support', 3], ['housing_help', 4], ['benefits_insurance_help', 4], ['transportation', 4]]), ...(rng.chance(0.35) ? [rng.pick(CONTACT_SERVICES)] : [])])] : [];
    const at = instant(Math.min(day, ctx.today - 1), rng);
    out.contacts.push({
      id: contactId,
      participant_id: id,
      site_id: site.id,
      occurred_at: iso(at),
      duration_minutes: reached ? rng.int(2, 18) * 5 : null,
      mode,
      location_type: location,
      reached,
      attempt_outcome: reached ? null : rng.pick(ATTEMPT_OUTCOMES),
      services,
      note: reached && rng.chance(0.3) ? rng.pick(NOTES) : null,
      created_at: iso(new Date(at.getTime() + rng.int(5, 240) * 60_000)),
      created_by: by.id,
    });
    out.contactStaff.push({ contact_id: contactId, user_id: by.id });
  }

  // Referrals, each moved through its lifecycle one event at a time.
  if (indexDay !== null || custody === 'in_custody') {
    const count = Math.min(12, Math.round(skewed(rng, 4.2, 0.5)));
    const from = indexDay ?? enrolledDay;
    for (let r = 0; r < count; r++) {
      referralOf(ctx, rng, ids, out, { participantId: id, siteId: site.id, by: rng.chance(0.6) ? caseManager : coach, startDay: Math.max(enrolledDay, Math.min(ctx.today - 1, from + rng.int(-5, Math.max(0, endDay - from)))), diedOn });
    }
  }

  // MOUD: most are linked to treatment, some switch or restart.
  if (indexDay !== null && rng.chance(0.85)) {
    let start = Math.min(ctx.today - 1, indexDay + rng.int(0, 21));
    const episodes = rng.weighted([[1, 50], [2, 35], [3, 15]]);
    for (let e = 0; e < episodes && start < ctx.today && (diedOn === null || start <= diedOn); e++) {
      const medication = rng.weighted<MoudMedication>([['buprenorphine', 45], ['methadone', 30], ['extended_release_buprenorphine', 12], ['extended_release_naltrexone', 10], ['naltrexone', 3]]);
      const planned = Math.round(skewed(rng, 160, 0.8));
      const ends = start + planned < ctx.today && (e < episodes - 1 || rng.chance(0.6));
      let endReason = ends ? (e < episodes - 1 ? rng.pick<MoudEndReason>(['switched_medication', 'transferred_care']) : rng.weighted<MoudEndReason>([['stopped_by_participant', 45], ['completed_taper', 15], ['discharged_by_provider', 12], ['incarcerated', 10], ['transferred_care', 10], ['other', 8]])) : null;
      let length = planned;
      if (diedOn !== null && (endReason === null || start + length > diedOn)) {
        endReason = 'deceased';
        length = diedOn - start;
      }
      const provider = rng.pick(ctx.resources.filter((x) => x.moud).length > 0 ? ctx.resources.filter((x) => x.moud) : ctx.resources);
      const created = instant(start, rng);
      out.moud.push({
        id: ids.id(ID_KIND.moud),
        participant_id: id,
        site_id: site.id,
        medication,
        provider_name: provider.name,
        provider_resource_id: provider.id,
        started_on: isoDay(start),
        ended_on: endReason ? isoDay(start + length) : null,
        end_reason: endReason,
        created_at: iso(created),
        updated_at: iso(endReason ? instant(Math.min(start + length, ctx.today - 1), rng) : created),
        created_by: caseManager.id,
        updated_by: caseManager.id,
      });
      start = start + length + rng.int(1, 20);
    }
  }

  // Naloxone for the person and often a support person.
  if (indexDay !== null) {
    const kitsFor = (recipient: 'participant' | 'support_person', wanted: number) => {
      const day = diedOn === null ? wanted : Math.min(wanted, diedOn);
      const distributionId = ids.id(ID_KIND.distribution);
      const product = rng.chance(0.9) ? 'nasal_4mg' : 'intramuscular';
      const kits = rng.chance(0.7) ? 1 : 2;
      const lotId = ctx.lots.take(site, product, day, kits, out, ctx.now);
      const created = instant(day, rng);
      out.distributions.push({
        id: distributionId, site_id: site.id, recipient_type: recipient, participant_id: id,
        relationship: recipient === 'support_person' ? rng.pick(['family_member', 'partner', 'friend']) : null,
        recipient_name: recipient === 'support_person' ? `${rng.pick(pool.women)} ${lastName}` : null,
        product, kits, distributed_on: isoDay(day), training_given: rng.chance(0.85), trained_by: coach.id, created_at: iso(created), created_by: coach.id,
      });
      out.movements.push({ id: ctx.lots.movementId(), site_id: site.id, lot_id: lotId, kind: 'distributed', kits: -kits, occurred_on: isoDay(day), distribution_id: distributionId, created_at: iso(created), created_by: coach.id });
    };
    const n = Math.min(8, Math.round(skewed(rng, 2.6, 0.5)));
    for (let k = 0; k < n; k++) kitsFor('participant', Math.min(ctx.today - 1, indexDay + (k === 0 ? rng.int(0, 3) : rng.int(7, Math.max(7, endDay - indexDay)))));
    if (rng.chance(0.4)) kitsFor('support_person', Math.min(ctx.today - 1, indexDay + rng.int(0, 30)));
  }

  // Assessments: the needs screening at intake, then BARC-10 every month or two while enrolled.
  const screeningAnswers: Answers = Object.fromEntries(NEED_DOMAINS.map((d) => [d, rng.chance(0.04) ? 'declined' : rng.chance(0.4) ? 'need' : 'no_need']));
  const screenedAt = instant(enrolledDay, rng);
  out.assessments.push(assessmentRow(ids, id, NEEDS_VERSION_ID, screeningAnswers, screenedAt, caseManager.id, scoreResponse(needsScreening, screeningAnswers)));
  let barcDay = enrolledDay + rng.int(7, 21);
  let level = rng.int(22, 40);
  const rising = rng.chance(0.65);
  const wanted = Math.round(skewed(rng, 9.5, 0.4));
  for (let k = 0; k < wanted && barcDay < endDay; k++) {
    const answers = barcAnswers(rng, Math.max(10, Math.min(60, level)));
    out.assessments.push(assessmentRow(ids, id, BARC10_VERSION_ID, answers, instant(barcDay, rng), coach.id, scoreResponse(barc10, answers)));
    level += rising ? rng.int(1, 6) : rng.int(-3, 2);
    barcDay += rng.int(14, 45);
  }
}

function assessmentRow(ids: Ids, participantId: string, versionId: string, answers: Answers, at: Date, by: string, scored: { score: number | null; flags: string[] }): Row {
  return {
    id: ids.id(ID_KIND.assessment), participant_id: participantId, instrument_version_id: versionId, status: 'completed', answers,
    score: scored.score, flags: scored.flags, started_at: iso(at), started_by: by, completed_at: iso(at), completed_by: by, updated_at: iso(at), updated_by: by,
  };
}

function referralOf(ctx: Context, rng: Random, ids: Ids, out: Chunk, r: { participantId: string; siteId: string; by: ScaleStaff; startDay: number; diedOn: number | null }): void {
  const need = rng.weighted(NEED_WEIGHTS);
  const moudResources = ctx.resources.filter((x) => x.moud);
  const resource = need === 'moud_treatment' && moudResources.length > 0 ? rng.pick(moudResources) : rng.pick(ctx.resources);
  const referralId = ids.id(ID_KIND.referral);
  let at = instant(r.startDay, rng).getTime();
  const createdAt = at;
  let status: ReferralStatus = 'draft';
  let version = 1;
  let sentAt: number | null = null;
  let appointment: { on: string; time: string; place: string } | null = null;
  let outcome: string | null = null;
  const push = (to: ReferralStatus, extra: Row = {}) => {
    out.referralEvents.push({ id: ids.id(ID_KIND.referralEvent), referral_id: referralId, from_status: version === 1 && to === 'draft' ? null : status, to_status: to, at: iso(new Date(at)), by: r.by.id, version, ...extra });
  };
  push('draft');
  // The path this referral takes; it stops early when the next step would be after now.
  const fate = rng.weighted<'completed' | 'no_show_closed' | 'declined' | 'closed_early' | 'rescheduled'>([['completed', 45], ['no_show_closed', 15], ['declined', 10], ['closed_early', 10], ['rescheduled', 20]]);
  const steps: { to: ReferralStatus; extra?: () => Row }[] = [{ to: 'sent' }];
  if (fate === 'declined') steps.push({ to: 'declined' }, { to: 'closed', extra: () => ({ outcome: 'provider_could_not_serve' }) });
  else if (fate === 'closed_early') steps.push({ to: 'closed', extra: () => ({ outcome: rng.pick(CLOSE_OUTCOMES) }) });
  else {
    const schedule = () => {
      appointment = { on: isoDay(Math.floor(at / DAY) + rng.int(2, 14)), time: `${String(rng.int(8, 16)).padStart(2, '0')}:${rng.pick(['00', '30'])}`, place: resource.name };
      return { appointment_on: appointment.on, appointment_time: appointment.time, appointment_place: appointment.place };
    };
    steps.push({ to: 'accepted' }, { to: 'appointment_scheduled', extra: schedule });
    if (fate === 'rescheduled') steps.push({ to: 'no_show' }, { to: 'appointment_scheduled', extra: schedule }, { to: 'attended' }, { to: 'completed', extra: () => ({ outcome: 'engaged_in_services' }) });
    else if (fate === 'no_show_closed') steps.push({ to: 'no_show' }, { to: 'closed', extra: () => ({ outcome: rng.pick(CLOSE_OUTCOMES) }) });
    else steps.push({ to: 'attended' }, { to: 'completed', extra: () => ({ outcome: 'engaged_in_services' }) });
  }
  for (const step of steps) {
    const next = at + rng.int(1, 8) * DAY + rng.int(0, 480) * 60_000;
    if (next > ctx.now.getTime() - 3_600_000 || (r.diedOn !== null && next >= (r.diedOn + 1) * DAY)) break;
    at = next;
    version++;
    const extra = step.extra?.() ?? {};
    push(step.to, extra);
    status = step.to;
    if (step.to === 'sent') sentAt = at;
    if (typeof extra.outcome === 'string') outcome = extra.outcome;
  }
  // A death closes what is still open, when it is recorded (as the events service does).
  if (r.diedOn !== null && REFERRAL_TRANSITIONS[status].length > 0) {
    at = Math.max(at + 60_000, instant(Math.min(r.diedOn + rng.int(0, 4), ctx.today - 1), rng).getTime());
    version++;
    push('closed', { outcome: DECEASED_OUTCOME, note: 'Closed because the participant died (recorded as a critical event).' });
    status = 'closed';
    outcome = DECEASED_OUTCOME;
  }
  const appt = appointment as { on: string; time: string; place: string } | null;
  out.referrals.push({
    id: referralId, participant_id: r.participantId, site_id: r.siteId, resource_id: resource.id, resource_name: resource.name, need,
    urgency: rng.weighted([['routine', 75], ['urgent', 22], ['emergency', 3]]), status,
    appointment_on: appt?.on ?? null, appointment_time: appt?.time ?? null, appointment_place: appt?.place ?? null, outcome,
    sent_at: sentAt === null ? null : iso(new Date(sentAt)), moved_at: iso(new Date(at)), version, created_at: iso(new Date(createdAt)), created_by: r.by.id,
  });
}

function supervisionOf(ctx: Context, rng: Random, ids: Ids, out: Chunk, count: number, chunkParticipants: readonly Row[]): void {
  for (let s = 0; s < count; s++) {
    const site = rng.weighted(ctx.siteWeights);
    const team = ctx.teams.get(site.id);
    if (!team) continue;
    const day = ctx.startDay + Math.floor((ctx.today - ctx.startDay) * Math.sqrt(rng.next()));
    const group = rng.chance(0.15);
    const id = ids.id(ID_KIND.session);
    const at = iso(instant(Math.min(day, ctx.today - 1), rng));
    out.sessions.push({
      id, kind: group ? 'group_consultation' : 'individual', held_on: isoDay(Math.min(day, ctx.today - 1)), duration_minutes: group ? 90 : rng.pick([30, 45, 60]),
      supervisor_id: team.supervisor.id, notes: null, site_ids: [site.id], created_at: at, created_by: team.supervisor.id, updated_at: at,
    });
    const attendees = group ? [...new Set([...team.coaches.map(([c]) => c), ...team.caseManagers].filter(() => rng.chance(0.6)))] : [rng.weighted(team.coaches)];
    for (const a of attendees) out.attendees.push({ session_id: id, user_id: a.id });
    const discussed = new Set<string>();
    for (let k = rng.int(0, 2); k > 0; k--) {
      const p = rng.pick(chunkParticipants);
      if (p.site_id === site.id) discussed.add(String(p.id));
    }
    for (const p of discussed) out.sessionParticipants.push({ session_id: id, participant_id: p });
  }
}

/** True when the database holds a generated program (its staff have the seed's e-mail domain). */
export async function seededParticipants(q: Queryable): Promise<number | null> {
  const [staff] = rowsOf<{ n: number }>(await q.execute(sql`SELECT count(*)::int AS n FROM users WHERE email LIKE ${`%@${SEED_EMAIL_DOMAIN}`}`));
  if (!staff || staff.n === 0) return null;
  const [people] = rowsOf<{ n: number }>(await q.execute(sql`SELECT count(*)::int AS n FROM participants`));
  return people?.n ?? 0;
}

export async function listSeedStaff(q: Queryable): Promise<ScaleStaff[]> {
  const rows = rowsOf<{ id: string; email: string; name: string; role: Role; site_ids: string[] }>(
    await q.execute(sql`SELECT u.id, u.email, u.name, u.role, array_agg(s.site_id ORDER BY s.site_id) AS site_ids
      FROM users u JOIN user_sites s ON s.user_id = u.id WHERE u.email LIKE ${`%@${SEED_EMAIL_DOMAIN}`} GROUP BY u.id ORDER BY u.email`),
  );
  return rows.map((r) => ({ id: r.id, email: r.email, name: r.name, role: r.role, siteIds: r.site_ids }));
}

const TABLES: readonly (readonly [keyof Chunk, string])[] = [
  ['participants', 'participants'], ['history', 'participant_site_history'], ['enrollments', 'enrollments'], ['phases', 'enrollment_phases'],
  ['events', 'critical_events'], ['plans', 'recovery_plans'], ['planVersions', 'recovery_plan_versions'], ['planSteps', 'recovery_plan_steps'],
  ['interviews', 'enrollment_interviews'], ['contacts', 'contacts'], ['contactStaff', 'contact_staff'], ['referrals', 'referrals'],
  ['referralEvents', 'referral_events'], ['moud', 'moud_episodes'], ['lots', 'naloxone_lots'], ['distributions', 'naloxone_distributions'],
  ['movements', 'naloxone_movements'], ['assessments', 'assessments'], ['sessions', 'supervision_sessions'], ['attendees', 'supervision_attendees'],
  ['sessionParticipants', 'supervision_participants'],
];

/**
 * Fills an empty program (no users yet) with a generated one of `participants` people.
 * Refuses a database that already has users.
 */
export async function seedScale(db: Db, options: ScaleSeedOptions): Promise<ScaleSeedResult> {
  const started = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const chunkSize = options.chunkSize ?? 500;
  const rng = new Random(seed);
  const sites = planSites(scaleShape(options.participants).sites);
  const staff = planStaff(sites, rng);
  // Yesterday is the last day with records, so nothing generated lies in the future.
  const today = Math.floor(options.now.getTime() / DAY) - 1;
  const startDay = today - YEARS * 365;
  const programStart = new Date(startDay * DAY - 30 * DAY);
  const rows: Record<string, number> = {};
  const count = (table: string, n: number) => {
    rows[table] = (rows[table] ?? 0) + n;
  };

  const passwordHash = await hashPassword(SEED_PASSWORD);
  const resources = await db.transaction(async (tx) => {
    const [users] = rowsOf<{ n: number }>(await tx.execute(sql`SELECT count(*)::int AS n FROM users`));
    if ((users?.n ?? 0) > 0) throw new Error('The generator fills only an empty program, and this database already has users.');
    count('sites', await insertBulk(tx, 'sites', sites.map((s) => ({ id: s.id, name: s.name, type: s.type, county: s.county, time_zone: s.timeZone, created_at: iso(programStart), updated_at: iso(programStart) }))));
    count('users', await insertBulk(tx, 'users', staff.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, password_hash: passwordHash, created_at: iso(programStart), updated_at: iso(programStart) }))));
    count('user_sites', await insertBulk(tx, 'user_sites', staff.flatMap((u) => u.siteIds.map((s) => ({ user_id: u.id, site_id: s })))));
    // The directory: the demo's providers, through the directory's own service.
    const made = [];
    for (const { id, input } of demoResourceInputs()) {
      const r = await createResource(tx, systemActor, input, programStart, { id });
      made.push({ id: r.id, name: r.name, moud: r.services.some((s) => s.medications.length > 0) });
    }
    count('resources', made.length);
    return made;
  });

  const teams: Context['teams'] = new Map();
  const supervisors = staff.filter((u) => u.role === 'supervisor');
  for (const site of sites) {
    const local = staff.filter((u) => u.siteIds.length === 1 && u.siteIds[0] === site.id);
    const coaches = local.filter((u) => u.role === 'coach').map((c, i) => [c, COACH_WEIGHTS[i] ?? 1] as const);
    const caseManagers = local.filter((u) => u.role === 'case_manager');
    const supervisor = supervisors.find((u) => u.siteIds.includes(site.id)) ?? staff[0];
    if (coaches.length > 0 && caseManagers.length > 0 && supervisor) teams.set(site.id, { coaches, caseManagers, supervisor });
  }
  const ctx: Context = {
    sites,
    siteWeights: sites.filter((s) => teams.has(s.id)).map((s) => [s, s.weight] as const),
    teams,
    resources,
    startDay,
    today,
    now: options.now,
    lots: new LotBook(),
  };

  let done = 0;
  let written = Object.values(rows).reduce((a, b) => a + b, 0);
  for (let chunkIndex = 0; done < options.participants; chunkIndex++) {
    const size = Math.min(chunkSize, options.participants - done);
    const chunkRng = new Random((seed ^ Math.imul(chunkIndex + 1, 0x9e3779b1)) >>> 0);
    const ids = new Ids(chunkIndex);
    const out = emptyChunk();
    for (let k = 0; k < size; k++) participantOf(ctx, chunkRng, ids, out);
    supervisionOf(ctx, chunkRng, ids, out, Math.round(size * 0.4), out.participants);
    await db.transaction(async (tx) => {
      for (const [key, table] of TABLES) {
        const n = await insertBulk(tx, table, out[key]);
        count(table, n);
        written += n;
      }
    });
    done += size;
    options.onProgress?.({ participantsDone: done, participants: options.participants, rows: written, elapsedMs: performance.now() - started });
  }
  // Fresh statistics, so the first queries on the new data are planned well, and the
  // visibility map set, so index-only scans need not visit the table (before this, the
  // caseload's last-contact query fetched 8,430 heap rows for 272 people).
  await db.execute(sql`VACUUM (ANALYZE)`);
  return { sites: sites.length, staff: staff.length, participants: done, rows, milliseconds: Math.round(performance.now() - started) };
}
