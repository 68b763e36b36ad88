/**
 * Assessments: Ana gives Samuel a BARC-10 in two sittings and a needs screening;
 * the instruments are stored as data; who may see and change what; audit rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAssessments } from '../../src/server/assessments/assessments.service.ts';
import { instruments, instrumentVersions } from '../../src/server/assessments/assessments.table.ts';
import { barc10 } from '../../src/server/assessments/builtin/barc10.ts';
import { systemActor } from '../../src/server/http/actor.ts';
import { needsScreening } from '../../src/server/assessments/builtin/needs-screening.ts';
import { castOfStaff, errorCode, fieldPaths, participantInput, startHarness, type Browser, type Cast, type Harness, signInEveryone, type PersonKey } from '../support/harness.ts';

interface Assessment {
  id: string;
  instrumentKey: string;
  instrumentVersion: number;
  status: 'in_progress' | 'completed';
  answers: Record<string, string | number>;
  answeredCount: number;
  itemCount: number;
  score: number | null;
  flags: string[];
  needsFound: string[];
  startedBy: { id: string; name: string } | null;
  completedAt: string | null;
  completedBy: { id: string; name: string } | null;
  version: number;
  definition?: { key: string; items: { id: string }[] };
}

let h: Harness;
let cast: Cast;
let as: Record<PersonKey, Browser>;

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  as = await signInEveryone(cast);
});
afterAll(async () => h.close());

const VALUES = ['strongly_disagree', 'disagree', 'somewhat_disagree', 'somewhat_agree', 'agree', 'strongly_agree'];
const barc = (scores: number[], from = 1) =>
  Object.fromEntries(scores.map((s, i) => [`barc_${String(i + from)}`, VALUES[s - 1] ?? 'x']));

async function enroll(): Promise<string> {
  const res = await as.ana.post('/api/participants', participantInput(cast.sites.cook));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

const url = (pid: string, aid?: string) => `/api/participants/${pid}/assessments${aid ? `/${aid}` : ''}`;

async function start(pid: string, body: Record<string, unknown>, by: Browser = as.ana): Promise<Assessment> {
  const res = await by.post(url(pid), body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Assessment>();
}

async function auditActions(participantId: string): Promise<string[]> {
  const res = await as.pat.get(`/api/audit?participantId=${participantId}&limit=500`);
  return res.json<{ items: { action: string }[] }>().items.map((e) => e.action);
}

describe('the instruments, stored as data', () => {
  it('lists BARC-10 and the needs screening at their latest version, to any casework user', async () => {
    const res = await as.sam.get('/api/instruments');
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: { key: string; version: number; itemCount: number }[] }>().items;
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'barc10', version: 1, itemCount: 10 }),
        expect.objectContaining({ key: 'needs_screening', version: 1, itemCount: 11 }),
      ]),
    );
  });

  it('serves exactly the definitions that ship in the code (the migration holds the same data)', async () => {
    expect((await as.ana.get('/api/instruments/barc10')).json()).toEqual(barc10);
    expect((await as.ana.get('/api/instruments/needs_screening?version=1')).json()).toEqual(needsScreening);
  });

  it('answers 404 for an unknown instrument or version, 403 to Eve', async () => {
    expect((await as.ana.get('/api/instruments/nope')).statusCode).toBe(404);
    expect((await as.ana.get('/api/instruments/barc10?version=9')).statusCode).toBe(404);
    expect((await as.eve.get('/api/instruments')).statusCode).toBe(403);
  });

  it('refuses a version that is not a whole number from 1, naming it', async () => {
    for (const q of ['0', 'abc', '1.5']) {
      const res = await as.ana.get(`/api/instruments/barc10?version=${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(fieldPaths(res)).toEqual(['querystring.version']);
    }
  });
});

describe("a program's own instrument gets a second version", () => {
  const yesNo = [
    { value: 'yes', score: 1, label: { en: 'Yes' } },
    { value: 'no', score: 0, label: { en: 'No' } },
  ];
  const definition = (version: number, ids: string[]) => ({
    key: 'housing_check',
    version,
    languages: ['en'],
    title: { en: 'Housing check' },
    items: ids.map((id) => ({ id, prompt: { en: `${id}?` }, required: true, type: 'single_choice' as const, options: yesNo })),
    scoring: { type: 'sum' as const, min: 0, max: ids.length, flags: [] },
  });

  it('an answer started on version 1 stays with version 1 (its questions, checks and score) after version 2 appears', async () => {
    const now = h.clock.now();
    const [inst] = await h.testDb.database.db.insert(instruments).values({ key: 'housing_check', createdAt: now }).returning();
    const instrumentId = inst?.id ?? '';
    await h.testDb.database.db.insert(instrumentVersions).values({ instrumentId, version: 1, createdAt: now, definition: definition(1, ['housed', 'safe']) });
    const pid = await enroll();
    const old = await start(pid, { instrumentKey: 'housing_check', answers: { housed: 'yes' } });
    expect(old).toMatchObject({ instrumentVersion: 1, itemCount: 2 });

    await h.testDb.database.db.insert(instrumentVersions).values({ instrumentId, version: 2, createdAt: now, definition: definition(2, ['housed', 'safe', 'lease']) });
    const listed = (await as.ana.get('/api/instruments')).json<{ items: { key: string; version: number; itemCount: number }[] }>().items;
    expect(listed.find((i) => i.key === 'housing_check')).toMatchObject({ version: 2, itemCount: 3 });

    const reread = (await as.ana.get(url(pid, old.id))).json<Assessment>();
    expect(reread).toMatchObject({ instrumentVersion: 1, itemCount: 2 });
    expect(reread.definition?.items.map((i) => i.id)).toEqual(['housed', 'safe']);
    // Version 2's new item is not one of this assessment's questions…
    const extra = await as.ana.patch(url(pid, old.id), { answers: { lease: 'yes' }, complete: false, version: old.version });
    expect(extra.statusCode).toBe(400);
    expect(fieldPaths(extra)).toEqual(['answers.lease']);
    // …and it completes with version 1's two items, scored on version 1's range.
    const done = await as.ana.patch(url(pid, old.id), { answers: { safe: 'yes' }, complete: true, version: old.version });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<Assessment>()).toMatchObject({ status: 'completed', instrumentVersion: 1, score: 2, itemCount: 2 });

    const fresh = await start(pid, { instrumentKey: 'housing_check' });
    expect(fresh).toMatchObject({ instrumentVersion: 2, itemCount: 3 });
  });
});

describe('Ana gives Samuel a BARC-10 in two sittings', () => {
  it('saves seven answers, resumes later, and completes: the server computes the score', async () => {
    const pid = await enroll();
    const a = await start(pid, { instrumentKey: 'barc10', answers: barc([5, 5, 5, 5, 5, 5, 5]) });
    expect(a).toMatchObject({ status: 'in_progress', instrumentVersion: 1, answeredCount: 7, itemCount: 10, score: null, version: 1 });
    expect(a.startedBy?.id).toBe(cast.people.ana.id);

    h.clock.advance(60 * 1000);
    const resumed = (await as.ana.get(url(pid, a.id))).json<Assessment>();
    expect(resumed.answers).toEqual(barc([5, 5, 5, 5, 5, 5, 5]));
    expect(resumed.definition?.items).toHaveLength(10);

    const done = await as.ana.patch(url(pid, a.id), { answers: barc([4, 4, 4], 8), complete: true, version: 1, score: 60 });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<Assessment>()).toMatchObject({ status: 'completed', score: 47, flags: ['at_or_above_47'], version: 2 });
    expect(done.json<Assessment>().completedBy?.id).toBe(cast.people.ana.id);

    const list = (await as.sue.get(url(pid))).json<{ items: Assessment[] }>().items;
    expect(list.map((x) => [x.instrumentKey, x.status, x.score])).toEqual([['barc10', 'completed', 47]]);
  });

  it('cannot complete with items unanswered: 400 names each one, and nothing is saved', async () => {
    const pid = await enroll();
    const a = await start(pid, { instrumentKey: 'barc10', answers: barc([3, 3, 3, 3, 3, 3, 3]) });
    const res = await as.ana.patch(url(pid, a.id), { answers: { barc_8: 'agree' }, complete: true, version: 1 });
    expect(res.statusCode).toBe(400);
    expect(fieldPaths(res)).toEqual(['answers.barc_9', 'answers.barc_10']);
    const still = (await as.ana.get(url(pid, a.id))).json<Assessment>();
    expect(still).toMatchObject({ status: 'in_progress', answeredCount: 7, version: 1 });
  });

  it('refuses an answer that is not one of the item options, naming the item', async () => {
    const pid = await enroll();
    const res = await as.ana.post(url(pid), { instrumentKey: 'barc10', answers: { barc_1: 'agree', barc_2: 'very much', barc_3: 5 } });
    expect(res.statusCode).toBe(400);
    expect(fieldPaths(res)).toEqual(['answers.barc_2', 'answers.barc_3']);
    const bad = await as.ana.post(url(pid), { instrumentKey: 'nope', answers: 'all' });
    expect(fieldPaths(bad)).toContain('answers');
    expect(fieldPaths(await as.ana.post(url(pid), { instrumentKey: 'nope' }))).toEqual(['instrumentKey']);
  });

  it('keeps a completed assessment read-only (409), and a stale version changes nothing (409)', async () => {
    const pid = await enroll();
    const a = await start(pid, { instrumentKey: 'barc10', answers: barc([2, 2, 2]) });
    const first = await as.ana.patch(url(pid, a.id), { answers: { barc_4: 'agree' }, version: 1 });
    expect(first.json<Assessment>().version).toBe(2);
    const stale = await as.cai.patch(url(pid, a.id), { answers: { barc_4: 'disagree' }, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(errorCode(stale)).toBe('stale_version');
    expect((await as.ana.get(url(pid, a.id))).json<Assessment>().answers.barc_4).toBe('agree');

    const all = await start(pid, { instrumentKey: 'barc10', answers: barc(Array<number>(10).fill(1)), complete: true });
    expect(all).toMatchObject({ status: 'completed', score: 10, flags: [] });
    const again = await as.ana.patch(url(pid, all.id), { answers: { barc_1: 'agree' }, version: all.version });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('assessment_completed');
  });

  it('clears an answer with null', async () => {
    const pid = await enroll();
    const a = await start(pid, { instrumentKey: 'barc10', answers: barc([6, 6]) });
    const res = await as.cai.patch(url(pid, a.id), { answers: { barc_2: null }, version: 1 });
    expect(res.json<Assessment>()).toMatchObject({ answeredCount: 1, answers: { barc_1: 'strongly_agree' } });
  });
});

describe('a needs screening at intake', () => {
  it('lists the needs found once completed', async () => {
    const pid = await enroll();
    const answers = Object.fromEntries(needsScreening.items.map((i) => [i.id, 'no_need']));
    Object.assign(answers, { housing: 'need', identification: 'need', legal: 'declined', moud_treatment: 'need' });
    const s = await start(pid, { instrumentKey: 'needs_screening', answers, complete: true });
    expect(s).toMatchObject({ status: 'completed', score: null, needsFound: ['housing', 'identification', 'moud_treatment'] });
  });
});

describe('who may see and change assessments', () => {
  let pid: string;
  let aid: string;
  beforeAll(async () => {
    pid = await enroll();
    aid = (await start(pid, { instrumentKey: 'barc10' })).id;
  });

  it('Ben, at another site, gets 404 as for a participant that does not exist', async () => {
    expect((await as.ben.get(url(pid))).statusCode).toBe(404);
    expect((await as.ben.get(url(pid, aid))).statusCode).toBe(404);
    expect((await as.ben.post(url(pid), { instrumentKey: 'barc10' })).statusCode).toBe(404);
    expect((await as.ben.patch(url(pid, aid), { answers: {}, version: 1 })).statusCode).toBe(404);
  });

  it('an assessment of another participant is not found under this one', async () => {
    const other = await enroll();
    expect((await as.ana.get(url(other, aid))).statusCode).toBe(404);
  });

  it('Eve gets 403 on everything; Sam and Sue read but cannot write', async () => {
    expect((await as.eve.get(url(pid))).statusCode).toBe(403);
    expect((await as.eve.get(url(pid, aid))).statusCode).toBe(403);
    for (const who of [as.sam, as.sue]) {
      expect((await who.get(url(pid, aid))).statusCode).toBe(200);
      expect((await who.post(url(pid), { instrumentKey: 'barc10' })).statusCode).toBe(403);
      expect((await who.patch(url(pid, aid), { answers: {}, version: 1 })).statusCode).toBe(403);
    }
  });

  it('writes an audit row for every read and change, naming items, never answers', async () => {
    const p = await enroll();
    const a = await start(p, { instrumentKey: 'barc10', answers: barc([4]) });
    await as.ana.get(url(p));
    await as.ana.get(url(p, a.id));
    await as.ana.patch(url(p, a.id), { answers: barc(Array<number>(10).fill(4)), complete: true, version: 1 });
    expect(await auditActions(p)).toEqual(
      expect.arrayContaining(['assessment.start', 'assessment.list', 'assessment.read', 'assessment.complete']),
    );
    const audit = (await as.pat.get(`/api/audit?participantId=${p}`)).json<{ items: { action: string; details: unknown }[] }>();
    const start_ = audit.items.find((e) => e.action === 'assessment.start');
    expect(start_?.details).toEqual({ instrument: 'barc10', version: 1, items: ['barc_1'] });
    expect(JSON.stringify(audit.items)).not.toContain('somewhat_agree');
  });
});

describe('the demo seed records many assessments at once', () => {
  it('checks, scores and audits each like one started through the API', async () => {
    const pid = await enroll();
    const ana = { userId: cast.people.ana.id, name: 'Ana Reyes', role: 'coach' as const, siteIds: [cast.sites.cook], via: 'session' as const, tokenId: null, clientAddress: null };
    const at = h.clock.now();
    const ids = await h.testDb.database.db.transaction((tx) =>
      recordAssessments(tx, systemActor, pid, [
        { input: { instrumentKey: 'barc10', answers: barc(Array<number>(10).fill(5)), complete: true }, by: ana, at },
        { input: { instrumentKey: 'barc10', answers: barc([2, 2]) }, by: ana, at },
      ]),
    );
    expect(ids).toHaveLength(2);
    const list = (await as.ana.get(url(pid))).json<{ items: Assessment[] }>().items;
    expect(list.map((a) => [a.status, a.score, a.answeredCount]).sort()).toEqual([['completed', 50, 10], ['in_progress', null, 2]]);
    expect((await auditActions(pid)).filter((a) => a.startsWith('assessment.'))).toEqual(
      expect.arrayContaining(['assessment.complete', 'assessment.start']),
    );
    await expect(
      h.testDb.database.db.transaction((tx) =>
        recordAssessments(tx, systemActor, pid, [{ input: { instrumentKey: 'barc10', answers: { barc_1: 'nope' } }, by: ana, at }]),
      ),
    ).rejects.toThrow();
  });
});
