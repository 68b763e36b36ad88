/**
 * The generator's recovery plans and critical events (seedScale), one person at a
 * time. Most people have a plan in their own language, saved again as steps get
 * done, goals are reached and new ones added; the current version's steps are
 * indexed for the worklist as the plan service does. The events are those a
 * program must know: the ED visit (often an overdose) that brought someone in,
 * overdoses clustered in the weeks after release, other ED visits, hospital stays,
 * arrests, and the reincarceration or death that ended an enrollment.
 */
import type { DischargeReason } from '../../core/enrollments.ts';
import { POST_RELEASE_DAYS, type CriticalEventKind, type EventSource } from '../../core/events.ts';
import { summarizePlanChanges, type PlanContent, type PlanGoal, type PlanStep } from '../../core/plans.ts';
import { GOALS_EN, GOALS_ES, type GoalIdea } from '../../demo/planGoals.ts';
import type { Random } from '../../demo/random.ts';
import type { Row } from './bulk.ts';
import { instant, iso, isoDay } from './days.ts';

/** One person's life in the program, as participantOf generated it (UTC day numbers). */
export interface LifeInProgram {
  participantId: string;
  siteId: string;
  enrollmentId: string;
  language: string;
  coachId: string;
  caseManagerId: string;
  enrolledDay: number;
  /** Release or, for everyone not in custody, enrollment: when the critical time starts. Null while in custody. */
  indexDay: number | null;
  /** The release on record (null if none yet). */
  releaseDay: number | null;
  /** Discharge, or today while enrolled. */
  endDay: number;
  discharge: DischargeReason | null;
  /** Enrolled from an emergency department. */
  fromEd: boolean;
  /** The last day with records (yesterday). */
  lastDay: number;
}

export type IdKind = 'planVersion' | 'goal' | 'step' | 'event';

/* ---------- recovery plans ---------- */

function goalFrom(idea: GoalIdea, day: number, rng: Random, newId: (kind: IdKind) => string): PlanGoal {
  return {
    id: newId('goal'),
    text: idea.text,
    domain: idea.domain,
    targetDate: rng.chance(0.7) ? isoDay(day + rng.int(60, 180)) : null,
    status: 'active',
    source: idea.need ? { kind: 'need', domain: idea.need } : null,
    steps: idea.steps.map(([what, owner]) => ({ id: newId('step'), what, owner, dueDate: rng.chance(0.8) ? isoDay(day + rng.int(3, 30)) : null, status: 'not_started' })),
  };
}

const open = (s: PlanStep) => s.status === 'not_started' || s.status === 'in_progress';

/** The next version: steps move on, some due dates move, goals are reached or set aside, sometimes one is added. */
function nextVersion(before: PlanContent, day: number, rng: Random, unused: GoalIdea[], newId: (kind: IdKind) => string): PlanContent {
  const goals = before.goals.map((g): PlanGoal => {
    if (g.status !== 'active') return g;
    const steps = g.steps.map((s): PlanStep => {
      if (!open(s)) return s;
      const r = rng.next();
      const status = s.status === 'not_started' ? (r < 0.2 ? 'done' : r < 0.65 ? 'in_progress' : 'not_started') : r < 0.6 ? 'done' : r < 0.65 ? 'cancelled' : 'in_progress';
      const moved = status !== 'done' && status !== 'cancelled' && rng.chance(0.3);
      return { ...s, status, dueDate: moved ? isoDay(day + rng.int(3, 21)) : s.dueDate };
    });
    const finished = steps.every((s) => !open(s));
    const status = finished && rng.chance(0.7) ? 'achieved' : rng.chance(0.05) ? 'set_aside' : 'active';
    return { ...g, status, steps };
  });
  const idea = unused.length > 0 && rng.chance(0.2) ? unused.splice(rng.int(0, unused.length - 1), 1)[0] : undefined;
  return { goals: idea ? [...goals, goalFrom(idea, day, rng, newId)] : goals };
}

/** Rows of recovery_plans, recovery_plan_versions and recovery_plan_steps; none for the sixth of people without a plan. */
export function planRows(rng: Random, newId: (kind: IdKind) => string, p: LifeInProgram): { plan: Row; versions: Row[]; steps: Row[] } | null {
  if (!rng.chance(0.85)) return null;
  const last = Math.min(p.endDay, p.lastDay);
  let day = Math.min(last, p.enrolledDay + rng.int(0, 14));
  const unused = [...(p.language === 'es' ? GOALS_ES : GOALS_EN)];
  const first = rng.weighted([[1, 20], [2, 40], [3, 30], [4, 10]]);
  const ideas = Array.from({ length: Math.min(first, unused.length) }, () => unused.splice(rng.int(0, unused.length - 1), 1)[0]).filter((g): g is GoalIdea => g !== undefined);
  let content: PlanContent = { goals: ideas.map((idea) => goalFrom(idea, day, rng, newId)) };
  const versions: Row[] = [];
  const save = (before: PlanContent, after: PlanContent) => {
    const by = versions.length % 2 === 0 ? p.coachId : p.caseManagerId;
    versions.push({
      id: newId('planVersion'),
      participant_id: p.participantId,
      number: versions.length + 1,
      content: after,
      changes: summarizePlanChanges(before, after),
      saved_at: iso(instant(day, rng)),
      saved_by: by,
    });
  };
  save({ goals: [] }, content);
  for (let more = rng.weighted([[0, 30], [1, 30], [2, 20], [3, 12], [5, 8]]); more > 0; more--) {
    const next = day + rng.int(7, 40);
    if (next > last) break;
    day = next;
    const after = nextVersion(content, day, rng, unused, newId);
    save(content, after);
    content = after;
  }
  const current = versions.at(-1);
  return {
    plan: { participant_id: p.participantId, version: versions.length, updated_at: current?.saved_at, updated_by: current?.saved_by },
    versions,
    steps: content.goals.flatMap((g) =>
      g.steps.map((s) => ({ participant_id: p.participantId, step_id: s.id, goal_id: g.id, goal_status: g.status, what: s.what, owner: s.owner, due_date: s.dueDate, status: s.status })),
    ),
  };
}

/* ---------- critical events ---------- */

const OVERDOSE_SOURCES: readonly (readonly [EventSource, number])[] = [['hospital', 50], ['self_report', 25], ['family', 20], ['other', 5]];
const OVERDOSE_CAUSES = ['fentanyl toxicity', 'mixed drug toxicity (fentanyl, xylazine)', 'heroin and fentanyl toxicity', 'fentanyl and cocaine toxicity'];
const OTHER_DEATHS = ['heart failure', 'pneumonia', 'car accident', 'liver failure'];

/** critical_events rows, in the order they happened; a fatal one closes the enrollment it ended (as the events service does). */
export function eventRows(rng: Random, newId: (kind: IdKind) => string, p: LifeInProgram): Row[] {
  const events: Row[] = [];
  const add = (kind: CriticalEventKind, day: number, source: EventSource, extra: Row = {}) => {
    const on = Math.min(day, p.lastDay);
    events.push({
      id: newId('event'),
      participant_id: p.participantId,
      site_id: p.siteId,
      kind,
      occurred_on: isoDay(on),
      source,
      cause: null,
      notes: null,
      days_since_release: p.releaseDay !== null && on >= p.releaseDay ? on - p.releaseDay : null,
      closed_enrollment_id: null,
      // Learned and recorded a few days later, by then.
      created_at: iso(instant(Math.min(on + rng.int(0, 4), p.lastDay), rng)),
      created_by: rng.chance(0.7) ? p.coachId : p.caseManagerId,
      ...extra,
    });
  };
  // The visit that brought them in; for many, an overdose.
  if (p.fromEd) {
    const day = p.enrolledDay - rng.int(0, 1);
    if (rng.chance(0.55)) add('non_fatal_overdose', day, 'hospital');
    add('ed_visit', day, 'hospital');
  }
  const last = Math.min(p.endDay, p.lastDay);
  if (p.indexDay !== null && last > p.indexDay) {
    const from = p.indexDay;
    const anyDay = () => from + rng.int(1, last - from);
    // Overdose risk is highest in the first weeks after release.
    for (let n = rng.chance(0.12) ? (rng.chance(0.25) ? 2 : 1) : 0; n > 0; n--) {
      const early = p.releaseDay !== null && rng.chance(0.5);
      const day = early ? Math.min(last, from + rng.int(0, POST_RELEASE_DAYS - 1)) : anyDay();
      add('non_fatal_overdose', day, rng.weighted(OVERDOSE_SOURCES));
      if (rng.chance(0.7)) add('ed_visit', day, 'hospital');
    }
    if (rng.chance(0.18)) for (let n = rng.int(1, 3); n > 0; n--) add('ed_visit', anyDay(), rng.chance(0.7) ? 'hospital' : 'self_report');
    if (rng.chance(0.05)) add('hospitalization', anyDay(), 'hospital');
    if (rng.chance(0.06) && p.discharge !== 'incarcerated') add('arrest', anyDay(), 'jail_roster');
  }
  // What ended the enrollment.
  if (p.discharge === 'incarcerated') {
    if (rng.chance(0.6)) add('arrest', Math.max(p.enrolledDay, p.endDay - rng.int(0, 2)), 'jail_roster');
    add('reincarceration', p.endDay, 'jail_roster');
  } else if (p.discharge === 'deceased') {
    const overdose = rng.chance(0.75);
    add(overdose ? 'fatal_overdose' : 'death', p.endDay, overdose ? 'medical_examiner' : rng.weighted<EventSource>([['family', 60], ['medical_examiner', 40]]), {
      cause: rng.pick(overdose ? OVERDOSE_CAUSES : OTHER_DEATHS),
      closed_enrollment_id: p.enrollmentId,
    });
  }
  return events.sort((a, b) => String(a.occurred_on).localeCompare(String(b.occurred_on)));
}
