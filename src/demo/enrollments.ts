/**
 * The demo's enrollment episodes: most participants are enrolled by their site's
 * coach and case manager, move through the critical-time phases as their release
 * dates say, and have their funder interviews recorded — intakes mostly on time,
 * some 6-month follow-ups done, some missed or closing soon. Some episodes end in
 * a discharge, and a few people are enrolled again. All through the service.
 */
import { addDays, addMonths, type DischargeReason, type EnrollmentPhase } from '../core/enrollments.ts';
import type { ReferralSource, SiteType } from '../core/enums.ts';
import type { Tx } from '../server/db/database.ts';
import { importEpisodes, type EpisodeHistory } from '../server/enrollments/enrollments.import.ts';
import type { Actor } from '../server/http/actor.ts';
import { DEMO_SEED } from './participants.ts';
import { personaSiteIds, staffOf, type Persona } from './personas.ts';
import { Random } from './random.ts';
import { DEMO_SITES, type DemoSiteKey } from './sites.ts';
import { Calendar, type PlannedParticipant } from './timeline.ts';

const actorOf = (p: Persona): Actor => ({ userId: p.id, name: p.name, role: p.role, siteIds: personaSiteIds(p), via: 'session', tokenId: null, clientAddress: null });

const SOURCE_BY_SITE: Partial<Record<SiteType, ReferralSource>> = {
  jail: 'jail_in_reach',
  prison: 'prison_in_reach',
  emergency_department: 'emergency_department',
  opioid_treatment_program: 'self',
};

const REASON_WEIGHTS: readonly (readonly [DischargeReason, number])[] = [
  ['completed', 5],
  ['lost_to_contact', 5],
  ['incarcerated', 3],
  ['declined', 2],
  ['transferred', 1],
  ['moved', 2],
  ['deceased', 1],
  ['other', 1],
];

interface Story {
  participantId: string;
  site: DemoSiteKey;
  enrolledOn: string;
  referralSource: ReferralSource;
  inCustody: boolean;
  releaseDate: string | null;
}

/** The participant as they are at the end of the story: site, custody, release, and when they reached that site. */
function storyOf(plan: PlannedParticipant, id: string, site: DemoSiteKey, cal: Calendar): Story {
  let custody = plan.input.custodyStatus;
  let releaseDate = plan.input.releaseDate ?? null;
  let arrived = plan.createdAt;
  for (const c of plan.changes) {
    if (c.changes.custodyStatus) custody = c.changes.custodyStatus;
    if (c.changes.releaseDate !== undefined) releaseDate = c.changes.releaseDate;
    if (c.site) arrived = c.at; // a transfer: the episode told here starts at the new site
  }
  return {
    participantId: id,
    site,
    enrolledOn: cal.isoOf(arrived),
    referralSource: plan.input.referralSource ?? SOURCE_BY_SITE[DEMO_SITES[site].type] ?? 'other',
    inCustody: custody === 'in_custody',
    releaseDate,
  };
}

/** The phases an episode went through up to `until`, each with its start date. */
function phasesOf(s: Story, enrolledOn: string, until: string, rng: Random): { phase: EnrollmentPhase; startedOn: string }[] {
  const out: { phase: EnrollmentPhase; startedOn: string }[] = [];
  const add = (phase: EnrollmentPhase, startedOn: string) => {
    if (startedOn <= until && startedOn >= (out.at(-1)?.startedOn ?? enrolledOn)) out.push({ phase, startedOn });
  };
  if (s.inCustody || (s.releaseDate !== null && s.releaseDate > enrolledOn)) add('pre_release', enrolledOn);
  const out0 = s.inCustody ? null : s.releaseDate && s.releaseDate > enrolledOn ? s.releaseDate : enrolledOn;
  if (out0) {
    add('transition', out0);
    add('try_out', addDays(out0, 30));
    if (rng.chance(0.5)) add('transfer_of_care', addDays(out0, rng.int(120, 200)));
  }
  return out;
}

export async function seedDemoEnrollments(
  tx: Tx,
  plans: readonly PlannedParticipant[],
  current: ReadonlyMap<string, { id: string; site: DemoSiteKey }>,
  now: Date,
): Promise<{ episodes: number }> {
  const rng = new Random(DEMO_SEED + 3);
  const cal = new Calendar(now);
  const today = cal.isoOf(now);
  const yesterday = addDays(today, -1);
  const pick = (date: string, limit: string) => (date > limit ? limit : date);
  const daysFrom = (a: string, b: string) => cal.daysBetween(new Date(`${a}T12:00:00Z`), new Date(`${b}T12:00:00Z`));
  let episodes = 0;

  for (const plan of plans) {
    const state = current.get(plan.key);
    if (!state || DEMO_SITES[state.site].type === 'hub' || rng.chance(0.08)) continue; // a few are referred but not yet enrolled
    const story = storyOf(plan, state.id, state.site, cal);
    const team = staffOf(state.site);
    const coach = team.find((p) => p.role === 'coach');
    const caseManager = team.find((p) => p.role === 'case_manager');
    const doer = rng.chance(0.6) ? (coach ?? caseManager) : (caseManager ?? coach);
    if (!doer) continue;

    const history: EpisodeHistory[] = [];
    let enrolledOn = story.enrolledOn > today ? today : story.enrolledOn;
    for (let round = 0; round < 2; round++) {
      const age = daysFrom(enrolledOn, today);
      const discharge = round === 0 && age > 75 && rng.chance(0.3) ? pick(addDays(enrolledOn, rng.int(30, age - 20)), yesterday) : null;
      const until = discharge ?? today;
      const phases = phasesOf(story, enrolledOn, until, rng);
      if (phases.length === 0) phases.push({ phase: 'try_out', startedOn: enrolledOn });
      const interviews: EpisodeHistory['interviews'] = [];
      // Intake: mostly within the week, a few late, some never.
      const roll = rng.next();
      const intakeOn = roll < 0.8 ? addDays(enrolledOn, rng.int(0, 6)) : roll < 0.86 ? addDays(enrolledOn, rng.int(8, 14)) : null;
      if (intakeOn && intakeOn <= until) interviews.push({ kind: 'intake', conductedOn: intakeOn });
      // 6-month follow-up: done by about two in three once the window has closed; fewer while it is open.
      const base = interviews[0]?.conductedOn ?? enrolledOn;
      const opens = addMonths(base, 5);
      const closes = addMonths(base, 8);
      if (opens <= yesterday && rng.chance(closes < today ? 0.65 : 0.35)) {
        interviews.push({ kind: 'follow_up_6m', conductedOn: addDays(opens, rng.int(0, Math.max(0, daysFrom(opens, pick(closes, yesterday))))) });
      }
      const reason = discharge ? rng.weighted(REASON_WEIGHTS) : null;
      if (discharge && rng.chance(0.6)) interviews.push({ kind: 'discharge', conductedOn: pick(addDays(discharge, rng.int(0, 10)), today) });
      history.push({
        enrolledOn,
        referralSource: story.referralSource,
        coachId: coach?.id ?? null,
        caseManagerId: caseManager?.id ?? null,
        phases,
        interviews,
        discharge: discharge && reason ? { on: discharge, reason, note: null } : null,
      });
      // Some come back: re-arrested, or re-engaged after losing touch.
      const back = discharge ? addDays(discharge, rng.int(14, 60)) : null;
      if (!back || !reason || !['incarcerated', 'lost_to_contact', 'declined'].includes(reason) || back > yesterday || !rng.chance(0.6)) break;
      enrolledOn = back;
    }
    episodes += await importEpisodes(tx, actorOf(doer), story.participantId, history, now);
  }
  return { episodes };
}
