/**
 * Recovery plans: Ana writes Marcus's plan with him, Cai saves a change at the
 * same moment, every version stays readable, and nobody outside Cook sees it.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan, PlanVersion, PlanVersionSummary } from '../../src/core/plans.ts';
import { auditEvents } from '../../src/server/audit/audit.table.ts';
import { overdueStepCountsOf } from '../../src/server/plans/plans.service.ts';
import { castOfStaff, errorCode, fieldPaths, participantInput, startHarness, withToken, type Browser, type Cast, type Harness, signInEveryone, type PersonKey } from '../support/harness.ts';

let h: Harness;
let cast: Cast;
let as: Record<PersonKey, Browser>;

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  as = await signInEveryone(cast);
});
afterAll(async () => h.close());

const MISSING = '5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11';

async function enroll(firstName: string, siteId = cast.sites.cook): Promise<string> {
  const res = await as.pat.post('/api/participants', participantInput(siteId, { firstName, lastName: 'Planner' }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

const put = (b: Browser, id: string, body: unknown) => b.request('PUT', `/api/participants/${id}/plan`, body);

const firstPlan = {
  version: 0,
  goals: [
    {
      text: 'I want to get my driver’s license back',
      domain: 'purpose',
      targetDate: '2026-06-30',
      steps: [
        { what: 'Call the Secretary of State about the reinstatement fee', owner: 'participant', dueDate: '2026-03-01' },
        { what: 'Find a ride to the DMV', owner: 'coach', dueDate: '2026-03-10', status: 'in_progress' },
      ],
    },
    { text: 'Stay on my Suboxone', domain: 'health', source: { kind: 'need', domain: 'moud_treatment' }, steps: [{ what: 'Pick up the refill', owner: 'participant' }] },
  ],
};

describe('Ana writes Marcus’s recovery plan with him', () => {
  let id: string;
  let v1: Plan;

  beforeAll(async () => {
    id = await enroll('Marcus');
  });

  it('starts from an empty plan at version 0', async () => {
    const res = await as.ana.get(`/api/participants/${id}/plan`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ participantId: id, version: 0, savedAt: null, savedBy: null, goals: [] });
  });

  it('saves version 1 with ids on every goal and step, keeping the need it came from', async () => {
    const res = await put(as.ana, id, firstPlan);
    expect(res.statusCode, res.body).toBe(200);
    v1 = res.json<Plan>();
    expect(v1).toMatchObject({ version: 1, savedBy: { id: cast.people.ana.id, name: 'Ana Reyes' }, savedAt: '2026-03-02T15:00:00.000Z' });
    expect(v1.goals.map((g) => [g.text, g.domain, g.status, g.targetDate])).toEqual([
      ['I want to get my driver’s license back', 'purpose', 'active', '2026-06-30'],
      ['Stay on my Suboxone', 'health', 'active', null],
    ]);
    expect(v1.goals[1]?.source).toEqual({ kind: 'need', domain: 'moud_treatment' });
    expect(v1.goals.flatMap((g) => g.steps.map((s) => s.id))).toHaveLength(3);
    expect((await as.cai.get(`/api/participants/${id}/plan`)).json()).toEqual(v1);
  });

  it('keeps step ids across versions, and the second staff member to save gets 409 with nothing overwritten', async () => {
    // Ana and Cai both read version 1.
    const goals = v1.goals;
    const [license, suboxone] = goals;
    if (!license || !suboxone) throw new Error('fixture');
    const anaEdit = { version: 1, goals: [{ ...license, steps: license.steps.map((s, i) => (i === 0 ? { ...s, status: 'done' } : s)) }, suboxone] };
    const caiEdit = { version: 1, goals: [license, { ...suboxone, text: 'Stay on my Suboxone every day' }] };

    const first = await put(as.ana, id, anaEdit);
    expect(first.statusCode, first.body).toBe(200);
    const v2 = first.json<Plan>();
    expect(v2.version).toBe(2);
    expect(v2.goals.flatMap((g) => g.steps.map((s) => s.id))).toEqual(goals.flatMap((g) => g.steps.map((s) => s.id)));

    const second = await put(as.cai, id, caiEdit);
    expect(second.statusCode).toBe(409);
    expect(errorCode(second)).toBe('stale_version');
    expect(second.json<{ error: { message: string } }>().error.message).toMatch(/Someone else changed this recovery plan/);
    expect((await as.ana.get(`/api/participants/${id}/plan`)).json()).toEqual(v2);
    expect((await as.ana.get(`/api/participants/${id}/plan/versions`)).json<{ items: unknown[] }>().items).toHaveLength(2);

    // Cai reloads and saves again on version 2.
    const retry = await put(as.cai, id, { ...caiEdit, version: 2, goals: [v2.goals[0], caiEdit.goals[1]] });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json<Plan>().version).toBe(3);
  });

  it('lists every version newest first with who saved it and what changed, and each stays readable', async () => {
    const res = await as.sue.get(`/api/participants/${id}/plan/versions`);
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: PlanVersionSummary[] }>().items;
    expect(items.map((v) => [v.number, v.savedBy?.name])).toEqual([[3, 'Cai Morgan'], [2, 'Ana Reyes'], [1, 'Ana Reyes']]);
    expect(items[0]?.changes).toMatchObject({ goalsChanged: 1, stepsChanged: 0 });
    expect(items[1]?.changes).toMatchObject({ stepsChanged: 1, stepsDone: 1, goalsChanged: 0 });
    expect(items[2]?.changes).toMatchObject({ goalsAdded: 2, stepsAdded: 3 });

    const one = await as.sam.get(`/api/participants/${id}/plan/versions/1`);
    expect(one.statusCode).toBe(200);
    expect(one.json<PlanVersion>()).toEqual({ ...v1, number: 1, current: false, changes: items[2]?.changes });
    expect((await as.ana.get(`/api/participants/${id}/plan/versions/3`)).json<PlanVersion>().current).toBe(true);
    expect((await as.ana.get(`/api/participants/${id}/plan/versions/4`)).statusCode).toBe(404);
    expect(fieldPaths(await as.ana.get(`/api/participants/${id}/plan/versions/first`))).toEqual(['params.n']);
  });

  it('makes no new version when nothing changed', async () => {
    const current = (await as.ana.get(`/api/participants/${id}/plan`)).json<Plan>();
    const res = await put(as.ana, id, { version: current.version, goals: current.goals });
    expect(res.json<Plan>().version).toBe(current.version);
  });

  it('writes an audit row for every read and save, with no words of the plan in it', async () => {
    const rows = await h.testDb.database.db.select().from(auditEvents).where(eq(auditEvents.participantId, id));
    const actions = rows.map((r) => r.action);
    for (const a of ['plan.read', 'plan.create', 'plan.update', 'plan.versions.list', 'plan.version.read']) expect(actions, a).toContain(a);
    const text = JSON.stringify(rows.map((r) => r.details));
    expect(text).not.toMatch(/license|Suboxone|DMV/i);
    expect(rows.find((r) => r.action === 'plan.create')?.details).toEqual({ version: 1, changed: ['goalsAdded', 'stepsAdded'] });
  });

  it('keeps every saved version as it was: the database refuses to change or remove one', async () => {
    const { db } = h.testDb.database;
    await expect(db.execute(sql`UPDATE recovery_plan_versions SET number = number + 100 WHERE participant_id = ${id}`)).rejects.toThrow();
    await expect(db.execute(sql`DELETE FROM recovery_plan_versions WHERE participant_id = ${id}`)).rejects.toThrow();
    expect((await as.ana.get(`/api/participants/${id}/plan/versions`)).json<{ items: unknown[] }>().items).toHaveLength(3);
  });

  it('finds the overdue steps for the worklist: open, of an active goal, due before today', async () => {
    const other = await enroll('Other');
    // Late, but not owed: a step of a goal set aside, and a cancelled step of an active goal.
    const notOwed = await put(as.ana, other, {
      version: 0,
      goals: [
        { text: 'Move to Denver', domain: 'home', status: 'set_aside', steps: [{ what: 'Ask about the transfer', owner: 'participant', dueDate: '2026-03-05' }] },
        { text: 'Finish the GED', domain: 'purpose', steps: [{ what: 'Book the test', owner: 'participant', dueDate: '2026-03-04', status: 'cancelled' }] },
      ],
    });
    expect(notOwed.statusCode, notOwed.body).toBe(200);
    const ids = [id, other, MISSING];
    expect(await overdueStepCountsOf(h.testDb.database.db, ids, '2026-03-02')).toEqual([]); // the one due 03-01 is done
    expect(await overdueStepCountsOf(h.testDb.database.db, ids, '2026-03-10')).toEqual([]); // due today is not late
    expect(await overdueStepCountsOf(h.testDb.database.db, ids, '2026-03-11')).toEqual([{ participantId: id, count: 1, oldestDueOn: '2026-03-10' }]);
    expect(await overdueStepCountsOf(h.testDb.database.db, [], '2026-03-11')).toEqual([]);
  });
});

describe('two saves at the same moment', () => {
  it('one wins, the other gets 409, and exactly one new version exists', async () => {
    const id = await enroll('Racing');
    expect((await put(as.ana, id, firstPlan)).statusCode).toBe(200);
    const [a, b] = await Promise.all([
      put(as.ana, id, { ...firstPlan, version: 1, goals: [{ ...firstPlan.goals[0], text: 'Ana’s words' }] }),
      put(as.cai, id, { ...firstPlan, version: 1, goals: [{ ...firstPlan.goals[0], text: 'Cai’s words' }] }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const winner = a.statusCode === 200 ? 'Ana’s words' : 'Cai’s words';
    const plan = (await as.ana.get(`/api/participants/${id}/plan`)).json<Plan>();
    expect(plan.version).toBe(2);
    expect(plan.goals.map((g) => g.text)).toEqual([winner]);
    expect((await as.ana.get(`/api/participants/${id}/plan/versions`)).json<{ items: unknown[] }>().items).toHaveLength(2);
  });
});

describe('bad input', () => {
  it('names the path of each bad field, and saves nothing', async () => {
    const id = await enroll('Invalid');
    const res = await put(as.ana, id, {
      version: 0,
      goals: [
        { text: 'Home', domain: 'home', steps: [{ what: 'Apply', owner: 'coach' }, { what: 'Ask', owner: 'uncle', dueDate: '2026-02-30' }] },
        { text: ' ', domain: 'money', status: 'maybe', source: { kind: 'rumour' } },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
    expect(fieldPaths(res).sort()).toEqual(['goals.0.steps.1.dueDate', 'goals.0.steps.1.owner', 'goals.1.domain', 'goals.1.source.domain', 'goals.1.source.kind', 'goals.1.status', 'goals.1.text']);
    expect(fieldPaths(await put(as.ana, id, { goals: [] }))).toEqual(['version']);
    expect((await as.ana.get(`/api/participants/${id}/plan`)).json<Plan>().version).toBe(0);
  });

  it('refuses ids that are not the plan’s own', async () => {
    const id = await enroll('Ids');
    const res = await put(as.ana, id, { version: 0, goals: [{ id: MISSING, text: 'Mine', domain: 'community', steps: [] }] });
    expect(res.statusCode).toBe(400);
    expect(fieldPaths(res)).toEqual(['goals.0.id']);
  });
});

describe('who may see and change a plan', () => {
  it('Ben at Lake gets 404 for a Cook participant’s plan, exactly as for one that does not exist', async () => {
    const id = await enroll('Hidden');
    expect((await put(as.ana, id, firstPlan)).statusCode).toBe(200);
    for (const [path, method] of [['plan', 'GET'], ['plan/versions', 'GET'], ['plan/versions/1', 'GET'], ['plan', 'PUT']] as const) {
      const body = method === 'PUT' ? { ...firstPlan, version: 1 } : undefined;
      const theirs = await as.ben.request(method, `/api/participants/${id}/${path}`, body);
      const missing = await as.ben.request(method, `/api/participants/${MISSING}/${path}`, body);
      expect(theirs.statusCode, path).toBe(404);
      expect(theirs.body).toBe(missing.body);
    }
    expect((await as.ana.get(`/api/participants/${id}/plan`)).json<Plan>().version).toBe(1);
  });

  it('Eve, the evaluator, gets 403 everywhere, by session or token; Sam and Sue read but cannot save', async () => {
    const id = await enroll('Private');
    expect((await put(as.ana, id, firstPlan)).statusCode).toBe(200);
    const token = withToken(h.app, await cast.tokenFor('eve'));
    for (const client of [as.eve, token]) {
      expect((await client.get(`/api/participants/${id}/plan`)).statusCode).toBe(403);
      expect((await client.get(`/api/participants/${id}/plan/versions`)).statusCode).toBe(403);
      expect((await client.get(`/api/participants/${id}/plan/versions/1`)).statusCode).toBe(403);
    }
    expect((await as.eve.request('PUT', `/api/participants/${id}/plan`, { ...firstPlan, version: 1 })).statusCode).toBe(403);
    for (const who of ['sam', 'sue'] as const) {
      expect((await as[who].get(`/api/participants/${id}/plan`)).statusCode).toBe(200);
      const res = await put(as[who], id, { ...firstPlan, version: 1 });
      expect(res.statusCode, who).toBe(403);
    }
    expect((await as.ana.get(`/api/participants/${id}/plan`)).json<Plan>().version).toBe(1);
  });
});
