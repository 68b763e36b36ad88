/**
 * The demo's assessments: a needs screening at intake with needs that fit each
 * person's path (leaving jail: ID, housing, legal; after an overdose: MOUD and
 * medical care…), and BARC-10 histories — one to four completed a few months
 * apart, most rising as recovery takes hold, some flat or slipping, and a few
 * started but left half-done. Given through the assessments service.
 */
import type { Answers } from '../core/assessments.ts';
import { recordAssessments } from '../server/assessments/assessments.service.ts';
import { NEED_DOMAINS } from '../server/assessments/builtin/needs-screening.ts';
import type { Tx } from '../server/db/database.ts';
import { systemActor, type Actor } from '../server/http/actor.ts';
import { personaSiteIds, staffOf, type Persona } from './personas.ts';
import { Random } from './random.ts';
import type { DemoSiteKey } from './sites.ts';
import { Calendar, type PlannedParticipant } from './timeline.ts';

const AGREEMENT = ['strongly_disagree', 'disagree', 'somewhat_disagree', 'somewhat_agree', 'agree', 'strongly_agree'] as const;

const actorOf = (p: Persona): Actor => ({ userId: p.id, name: p.name, role: p.role, siteIds: personaSiteIds(p), via: 'session', tokenId: null, clientAddress: null });

/** How likely each need is, by how the person came to the program. */
function needChances(plan: PlannedParticipant): Record<string, number> {
  const source = plan.input.referralSource;
  const fromCustody = plan.input.custodyStatus === 'in_custody' || source === 'jail_in_reach' || source === 'prison_in_reach';
  const fromEd = source === 'emergency_department';
  return {
    housing: fromCustody ? 0.6 : 0.4,
    health_insurance: fromCustody ? 0.55 : 0.3,
    food: 0.3,
    income_employment: fromCustody ? 0.7 : 0.45,
    transportation: 0.45,
    child_care: 0.12,
    legal: fromCustody ? 0.65 : source === 'court' || source === 'police_diversion' ? 0.8 : 0.15,
    identification: fromCustody ? 0.55 : 0.15,
    medical_care: fromEd ? 0.6 : 0.3,
    mental_health: 0.4,
    moud_treatment: fromEd ? 0.85 : fromCustody ? 0.7 : 0.5,
  };
}

function screeningAnswers(rng: Random, plan: PlannedParticipant): Answers {
  const chances = needChances(plan);
  return Object.fromEntries(
    NEED_DOMAINS.map((d) => [d, rng.chance(0.04) ? 'declined' : rng.chance(chances[d] ?? 0.2) ? 'need' : 'no_need']),
  );
}

/** Ten BARC-10 answers adding up to `total` (10-60), spread unevenly like real answers. */
function barcAnswers(rng: Random, total: number): Answers {
  const scores = Array<number>(10).fill(Math.floor(total / 10));
  for (let left = total - scores.reduce((a, b) => a + b, 0); left > 0; ) {
    const i = rng.int(0, 9);
    if ((scores[i] ?? 6) < 6) {
      scores[i] = (scores[i] ?? 0) + 1;
      left--;
    }
  }
  for (let k = 0; k < 3; k++) {
    const up = rng.int(0, 9);
    const down = rng.int(0, 9);
    if (up !== down && (scores[up] ?? 6) < 6 && (scores[down] ?? 1) > 1) {
      scores[up] = (scores[up] ?? 0) + 1;
      scores[down] = (scores[down] ?? 0) - 1;
    }
  }
  return Object.fromEntries(scores.map((s, i) => [`barc_${String(i + 1)}`, AGREEMENT[s - 1] ?? 'somewhat_agree']));
}

const clamp = (n: number) => Math.max(10, Math.min(60, Math.round(n)));

export async function seedDemoAssessments(
  tx: Tx,
  plans: readonly PlannedParticipant[],
  current: ReadonlyMap<string, { id: string; site: DemoSiteKey }>,
  now: Date,
): Promise<{ assessments: number }> {
  const rng = new Random(20_260_304);
  const cal = new Calendar(now);
  let made = 0;
  const versions: Parameters<typeof recordAssessments>[4] = new Map();
  for (const plan of plans) {
    const state = current.get(plan.key);
    const team = state ? staffOf(state.site) : [];
    if (!state || team.length === 0) continue;
    const entries: { input: { instrumentKey: string; answers: Answers; complete: boolean }; by: Actor; at: Date }[] = [];
    const give = (instrumentKey: string, answers: Answers, at: Date, complete: boolean) => {
      entries.push({ input: { instrumentKey, answers, complete }, by: actorOf(rng.pick(team)), at });
    };
    const enrolledDaysAgo = cal.daysBetween(plan.createdAt, now);
    if (enrolledDaysAgo < 1) continue;

    // The needs screening, at intake (the same day or within a few days).
    const intake = cal.daysAgo(Math.max(1, enrolledDaysAgo - rng.int(0, 3)), rng);
    give('needs_screening', screeningAnswers(rng, plan), intake, true);

    // BARC-10: the first a week or two after intake, then every two to four months.
    if (enrolledDaysAgo >= 10 && !rng.chance(0.15)) giveBarc(rng, cal, enrolledDaysAgo, give);
    made += (await recordAssessments(tx, systemActor, state.id, entries, versions)).length;
  }
  return { assessments: made };
}

type Give = (instrumentKey: string, answers: Answers, at: Date, complete: boolean) => void;

/** BARC-10: the first a week or two after intake, then every two to four months; now and then one left half-done. */
function giveBarc(rng: Random, cal: Calendar, enrolledDaysAgo: number, give: Give): void {
  const trend = rng.weighted<'rising' | 'flat' | 'slipping'>([['rising', 65], ['flat', 22], ['slipping', 13]]);
  let total = rng.int(22, 40);
  let day = enrolledDaysAgo - rng.int(5, 14);
  const count = rng.int(1, 4);
  for (let n = 0; n < count && day >= 1; n++) {
    give('barc10', barcAnswers(rng, clamp(total)), cal.daysAgo(day, rng), true);
    total += trend === 'rising' ? rng.int(3, 9) : trend === 'flat' ? rng.int(-2, 2) : -rng.int(2, 6);
    day -= rng.int(60, 120);
  }
  // A few were started at the last visit and are waiting to be finished.
  if (rng.chance(0.12) && day < enrolledDaysAgo - 20) {
    const partial = Object.entries(barcAnswers(rng, clamp(total))).slice(0, rng.int(3, 7));
    give('barc10', Object.fromEntries(partial), cal.daysAgo(rng.int(1, 10), rng), false);
  }
}
