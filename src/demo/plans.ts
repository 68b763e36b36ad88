/**
 * The demo's recovery plans: most participants have one, written a few days after
 * enrollment with 1-4 goals in their own words (in Spanish for some who prefer it),
 * then revised as steps get done; steps nobody came back to are overdue now.
 * Saved through the plans service, so every version is real.
 */
import { planSaveInput, type Plan, type PlanSaveInput, type StepStatus } from '../core/plans.ts';
import type { Tx } from '../server/db/database.ts';
import type { Actor } from '../server/http/actor.ts';
import { savePlan } from '../server/plans/plans.service.ts';
import { GOALS_EN, GOALS_ES, type GoalIdea } from './planGoals.ts';
import { personaSiteIds, staffOf, type Persona } from './personas.ts';
import { Random } from './random.ts';
import type { DemoSiteKey } from './sites.ts';
import { Calendar, type PlannedParticipant } from './timeline.ts';

const DAY = 86_400_000;

const actorOf = (p: Persona): Actor => ({ userId: p.id, name: p.name, role: p.role, siteIds: personaSiteIds(p), via: 'session', tokenId: null, clientAddress: null });

function firstDraft(rng: Random, cal: Calendar, ideas: readonly GoalIdea[], at: Date): PlanSaveInput['goals'] {
  const count = rng.weighted([[1, 3], [2, 4], [3, 3], [4, 1]] as const);
  const chosen: GoalIdea[] = [];
  while (chosen.length < Math.min(count, ideas.length)) {
    const idea = rng.pick(ideas);
    if (!chosen.includes(idea)) chosen.push(idea);
  }
  return chosen.map((idea) => ({
    text: idea.text,
    domain: idea.domain,
    targetDate: rng.chance(0.4) ? cal.isoOf(new Date(at.getTime() + rng.int(60, 180) * DAY)) : null,
    source: idea.need && rng.chance(0.5) ? { kind: 'need' as const, domain: idea.need } : null,
    steps: idea.steps.map(([what, owner], i) => ({
      what,
      owner,
      dueDate: rng.chance(0.85) ? cal.isoOf(new Date(at.getTime() + (4 + i * 7 + rng.int(0, 10)) * DAY)) : null,
      status: rng.chance(0.15) ? 'in_progress' : 'not_started',
    })),
  }));
}

/** A later visit: steps due by then are mostly done, a goal may be achieved or set aside, sometimes a new goal. */
function revise(rng: Random, cal: Calendar, plan: Plan, ideas: readonly GoalIdea[], at: Date): PlanSaveInput['goals'] {
  const today = cal.isoOf(at);
  const goals: PlanSaveInput['goals'] = plan.goals.map((g) => {
    const steps = g.steps.map((s) => {
      const open = s.status === 'not_started' || s.status === 'in_progress';
      if (!open || !s.dueDate || s.dueDate > today) return s;
      const status = rng.weighted<StepStatus>([['done', 7], ['in_progress', 1], ['cancelled', 1], [s.status, 1]]);
      return { ...s, status };
    });
    const allDone = steps.every((s) => s.status === 'done' || s.status === 'cancelled');
    const status = allDone && rng.chance(0.6) ? 'achieved' : g.status === 'active' && rng.chance(0.05) ? 'set_aside' : g.status;
    return { ...g, status, steps };
  });
  if (goals.length < 4 && rng.chance(0.3)) {
    const idea = rng.pick(ideas);
    if (!goals.some((g) => g.text === idea.text)) goals.push(...firstDraft(rng, cal, [idea], at).slice(0, 1));
  }
  return goals;
}

/** Plans for most participants, saved by the coaches and case managers of their site. Returns how many versions were saved. */
export async function seedDemoPlans(
  tx: Tx,
  participants: readonly PlannedParticipant[],
  current: ReadonlyMap<string, { id: string; site: DemoSiteKey }>,
  now: Date,
): Promise<number> {
  const rng = new Random(4_200_626);
  const cal = new Calendar(now);
  let versions = 0;
  for (const p of [...participants].sort((a, b) => a.key.localeCompare(b.key))) {
    const state = current.get(p.key);
    if (!state || !rng.chance(0.65)) continue;
    const team = staffOf(state.site);
    if (team.length === 0) continue;
    const latest = now.getTime() - DAY;
    let at = new Date(Math.max(p.createdAt.getTime(), latest - 150 * DAY) + rng.int(1, 12) * DAY + rng.int(0, 300) * 60_000);
    if (at.getTime() > latest) continue;
    const spanish = p.input.preferredLanguage === 'es' && rng.chance(0.7);
    const ideas = spanish ? GOALS_ES : GOALS_EN;
    let plan = await savePlan(tx, actorOf(rng.pick(team)), state.id, planSaveInput.parse({ version: 0, goals: firstDraft(rng, cal, ideas, at) }), at);
    versions++;
    const revisions = rng.weighted([[0, 4], [1, 3], [2, 2]] as const);
    // Most plans were looked at again recently; the rest are where overdue steps pile up.
    const recentCheck = rng.chance(0.55);
    for (let r = 0; r < revisions + (recentCheck ? 1 : 0); r++) {
      const last = r === revisions;
      at = last ? new Date(Math.max(at.getTime() + DAY, latest - rng.int(1, 20) * DAY)) : new Date(at.getTime() + rng.int(10, 45) * DAY);
      if (at.getTime() > latest) break;
      const goals = revise(rng, cal, plan, ideas, at);
      const saved = await savePlan(tx, actorOf(rng.pick(team)), state.id, planSaveInput.parse({ version: plan.version, goals }), at);
      if (saved.version !== plan.version) versions++;
      plan = saved;
    }
  }
  return versions;
}
