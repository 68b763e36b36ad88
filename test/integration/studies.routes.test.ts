/**
 * Studies: Pat, who runs the hub, sets up "Critical Time Intervention vs naloxone
 * only" (1:1, blocks of 2, 4 or 6, stratified by site) and activates it. Ana, a
 * coach at Cook County Jail, randomizes Samuel once he is enrolled: the arm is
 * revealed then, recorded with who and when, and never changes. Two people of one
 * stratum at once never take the same slot; the same person twice gets one
 * answer. Who may do what; bad input by field.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/server/db/database.ts';
import { studyArmsOf } from '../../src/server/studies/studies.service.ts';
import type { ParticipantStudies, StudyAssignment, StudyDetail } from '../../src/core/studies.ts';
import { castOfStaff, errorCode, fieldPaths, participantInput, signInEveryone, startHarness, type Browser, type Cast, type Harness, type PersonKey } from '../support/harness.ts';

let h: Harness;
let cast: Cast;
let as: Record<PersonKey, Browser>;

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  as = await signInEveryone(cast);
});
afterAll(async () => h.close());

const design = {
  name: 'Critical Time Intervention vs naloxone only',
  description: 'Coach + case manager with CTI, or naloxone and a referral list',
  arms: [
    { key: 'cti', label: 'Coach + case manager with CTI', ratio: 1 },
    { key: 'naloxone_only', label: 'Naloxone only', ratio: 1 },
  ],
  strataFactors: ['site'],
  blockSizes: [2, 4, 6],
};

async function newParticipant(by: Browser, siteId: string, enrolled = true, first = 'Samuel'): Promise<string> {
  const res = await by.post('/api/participants', participantInput(siteId, { firstName: first }));
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json<{ id: string }>().id;
  if (enrolled) {
    const e = await by.post(`/api/participants/${id}/enrollments`, { enrolledOn: '2026-03-01', referralSource: 'jail_in_reach' });
    expect(e.statusCode, e.body).toBe(201);
  }
  return id;
}

async function createStudy(body: object = design): Promise<StudyDetail> {
  const res = await as.pat.post('/api/studies', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<StudyDetail>();
}

async function activate(study: { id: string; version: number }): Promise<StudyDetail> {
  const res = await as.pat.patch(`/api/studies/${study.id}`, { version: study.version, status: 'active' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<StudyDetail>();
}

describe('Pat sets up a study and Ana randomizes Samuel', () => {
  let study: StudyDetail;
  let samuel: string;
  let assignment: StudyAssignment;

  it('a new study is a draft: nobody can be randomized into it yet', async () => {
    study = await createStudy();
    expect(study).toMatchObject({ status: 'draft', version: 1, assignedCount: 0, strataFactors: ['site'], blockSizes: [2, 4, 6], createdBy: { name: 'Pat Okafor' } });
    samuel = await newParticipant(as.ana, cast.sites.cook);
    const res = await as.ana.post(`/api/studies/${study.id}/randomize`, { participantId: samuel });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('study_not_active');
  });

  it('once active, Samuel is randomized: the arm, who and when', async () => {
    study = await activate(study);
    expect(study.status).toBe('active');
    const before = (await as.ana.get(`/api/participants/${samuel}/studies`)).json<ParticipantStudies>();
    expect(before).toMatchObject({ items: [], hasOpenEnrollment: true, available: [{ id: study.id, name: design.name }] });

    const res = await as.ana.post(`/api/studies/${study.id}/randomize`, { participantId: samuel });
    expect(res.statusCode, res.body).toBe(201);
    assignment = res.json<StudyAssignment>();
    expect(['cti', 'naloxone_only']).toContain(assignment.arm.key);
    expect(assignment).toMatchObject({ studyId: study.id, participantId: samuel, stratumKey: `site=${cast.sites.cook}`, assignedBy: { name: 'Ana Reyes' }, assignedAt: h.clock.now().toISOString() });

    const after = (await as.cai.get(`/api/participants/${samuel}/studies`)).json<ParticipantStudies>();
    expect(after.items).toEqual([assignment]);
    expect(after.available).toEqual([]);
  });

  it('a second randomization of Samuel changes nothing: 409, and the same arm stays', async () => {
    const again = await as.cai.post(`/api/studies/${study.id}/randomize`, { participantId: samuel });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('already_assigned');
    expect(again.body).not.toContain(assignment.arm.key === 'cti' ? 'naloxone_only' : '"cti"');
    const after = (await as.ana.get(`/api/participants/${samuel}/studies`)).json<ParticipantStudies>();
    expect(after.items).toEqual([assignment]);
  });

  it('the randomization and the reads are audited against Samuel, without the arm', async () => {
    const audit = (await as.pat.get(`/api/audit?participantId=${samuel}&limit=100`)).json<{ items: { action: string; details: unknown; actor: { name: string } | null }[] }>().items;
    const row = audit.find((r) => r.action === 'study.randomize');
    expect(row).toMatchObject({ actor: { name: 'Ana Reyes' }, details: { studyId: study.id } });
    expect(audit.some((r) => r.action === 'study_assignment.list')).toBe(true);
  });

  it('outcome reports can ask for the arm of the people they show', async () => {
    const arms = await h.testDb.database.db.transaction((tx) => studyArmsOf(tx, [samuel]));
    expect(arms).toEqual([{ participantId: samuel, studyId: study.id, studyName: design.name, arm: assignment.arm.key, armLabel: assignment.arm.label }]);
  });

  it('the study page counts by arm and by stratum, and never shows the block to come', async () => {
    const res = await as.pat.get(`/api/studies/${study.id}`);
    expect(res.statusCode).toBe(200);
    const detail = res.json<StudyDetail>();
    expect(detail.assignedCount).toBe(1);
    expect(detail.allocation.byArm.find((a) => a.arm === assignment.arm.key)?.count).toBe(1);
    expect(detail.allocation.byStratum).toEqual([
      {
        stratumKey: `site=${cast.sites.cook}`,
        values: [{ factor: 'site', value: cast.sites.cook, label: 'Cook County Jail' }],
        total: 1,
        byArm: detail.allocation.byArm,
      },
    ]);
    expect(res.body).not.toContain('remaining');
    expect(res.body).not.toContain(samuel);
  });

  it('once someone is assigned, arms, strata and block sizes are frozen; the status still moves', async () => {
    const res = await as.pat.patch(`/api/studies/${study.id}`, { version: study.version, strataFactors: ['site', 'gender'] });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('design_frozen');
    expect(fieldPaths(res)).toEqual(['strataFactors']);
    const stale = await as.pat.patch(`/api/studies/${study.id}`, { version: 1, description: 'x' });
    expect(stale.statusCode).toBe(409);
    expect(errorCode(stale)).toBe('stale_version');
  });

  it('the database refuses to change or remove an assignment', async () => {
    const { db } = h.testDb.database;
    await expect(db.execute(sql`update study_assignments set arm = 'cti'`)).rejects.toThrow();
    await expect(db.execute(sql`delete from study_assignments`)).rejects.toThrow();
    await expect(db.execute(sql`truncate study_assignments`)).rejects.toThrow();
  });

  it('a closed study randomizes nobody and cannot be reopened', async () => {
    const other = await activate(await createStudy({ ...design, name: 'Closing soon' }));
    const closed = await as.pat.patch(`/api/studies/${other.id}`, { version: other.version, status: 'closed' });
    expect(closed.statusCode, closed.body).toBe(200);
    const reopen = await as.pat.patch(`/api/studies/${other.id}`, { version: closed.json<StudyDetail>().version, status: 'active' });
    expect(reopen.statusCode).toBe(409);
    expect(errorCode(reopen)).toBe('illegal_transition');
    const pid = await newParticipant(as.ana, cast.sites.cook, true, 'Maria');
    const res = await as.ana.post(`/api/studies/${other.id}/randomize`, { participantId: pid });
    expect(errorCode(res)).toBe('study_not_active');
  });
});

describe('many at once', () => {
  it('the same person randomized twice at the same moment: one assignment, the other gets 409', async () => {
    const study = await activate(await createStudy({ ...design, name: 'Twice at once' }));
    const pid = await newParticipant(as.ana, cast.sites.cook, true, 'Luis');
    const [a, b] = await Promise.all([
      as.ana.post(`/api/studies/${study.id}/randomize`, { participantId: pid }),
      as.cai.post(`/api/studies/${study.id}/randomize`, { participantId: pid }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const items = (await as.ana.get(`/api/participants/${pid}/studies`)).json<ParticipantStudies>().items.filter((i) => i.studyId === study.id);
    expect(items).toHaveLength(1);
  });

  it('twelve people of one stratum at once: every completed block is balanced, no slot taken twice', async () => {
    const study = await activate(await createStudy({ ...design, name: 'Busy morning', strataFactors: [] }));
    const people: string[] = [];
    for (let i = 0; i < 12; i++) people.push(await newParticipant(i % 2 ? as.ana : as.cai, cast.sites.cook, true, `Person${String(i)}`));
    const results = await Promise.all(people.map((pid, i) => (i % 2 ? as.ana : as.cai).post(`/api/studies/${study.id}/randomize`, { participantId: pid })));
    expect(results.map((r) => r.statusCode)).toEqual(people.map(() => 201));
    const rows = rowsOf<{ block: number; arm: string; n: number }>(
      await h.testDb.database.db.execute(
        sql`select block_number as "block", arm, count(*)::int as n from study_assignments where study_id = ${study.id} group by block_number, arm order by block_number, arm`,
      ),
    );
    const state = rowsOf<{ block: number; left: number }>(
      await h.testDb.database.db.execute(sql`select block_number as "block", cardinality(remaining)::int as "left" from study_allocation_state where study_id = ${study.id}`),
    );
    const current = state[0];
    expect(current?.block).toBe(Math.max(...rows.map((r) => r.block)));
    for (const block of new Set(rows.map((r) => r.block))) {
      const cti = rows.find((r) => r.block === block && r.arm === 'cti')?.n ?? 0;
      const nal = rows.find((r) => r.block === block && r.arm === 'naloxone_only')?.n ?? 0;
      if (block !== current?.block || current.left === 0) expect(cti).toBe(nal);
      expect(cti + nal).toBeLessThanOrEqual(6);
    }
    expect(rows.reduce((n, r) => n + r.n, 0)).toBe(12);
  });
});

describe('who may do what, and bad input', () => {
  let study: StudyDetail;
  beforeAll(async () => {
    study = await activate(await createStudy({ ...design, name: 'Access checks' }));
  });

  it('only program administrators define studies; coaches, managers and evaluators get 403', async () => {
    for (const who of ['ana', 'cai', 'sam', 'sue', 'eve'] as const) {
      expect((await as[who].get('/api/studies')).statusCode, who).toBe(403);
      expect((await as[who].get(`/api/studies/${study.id}`)).statusCode, who).toBe(403);
      expect((await as[who].post('/api/studies', { ...design, name: 'Mine' })).statusCode, who).toBe(403);
      expect((await as[who].patch(`/api/studies/${study.id}`, { version: study.version, status: 'closed' })).statusCode, who).toBe(403);
    }
    expect((await as.pat.get('/api/studies')).json<{ items: unknown[] }>().items.length).toBeGreaterThan(0);
  });

  it('a participant of another site is not found; site managers, supervisors and evaluators cannot randomize', async () => {
    const pid = await newParticipant(as.ana, cast.sites.cook, true, 'Dana');
    expect((await as.ben.post(`/api/studies/${study.id}/randomize`, { participantId: pid })).statusCode).toBe(404);
    expect((await as.ben.get(`/api/participants/${pid}/studies`)).statusCode).toBe(404);
    for (const who of ['sam', 'sue', 'eve'] as const) expect((await as[who].post(`/api/studies/${study.id}/randomize`, { participantId: pid })).statusCode, who).toBe(403);
    expect((await as.eve.get(`/api/participants/${pid}/studies`)).statusCode).toBe(403);
    const unknownStudy = await as.ana.post('/api/studies/00000000-0000-4000-8000-000000000000/randomize', { participantId: pid });
    expect(unknownStudy.statusCode).toBe(404);
  });

  it('a participant without an open enrollment is refused, naming participantId', async () => {
    const pid = await newParticipant(as.ana, cast.sites.cook, false, 'Noor');
    const res = await as.ana.post(`/api/studies/${study.id}/randomize`, { participantId: pid });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('not_enrolled');
    expect(fieldPaths(res)).toEqual(['participantId']);
    expect((await as.ana.get(`/api/participants/${pid}/studies`)).json<ParticipantStudies>().hasOpenEnrollment).toBe(false);
  });

  it('bad designs are named field by field', async () => {
    const res = await as.pat.post('/api/studies', {
      name: '',
      arms: [
        { key: 'A', label: 'a', ratio: 0 },
        { key: 'b', label: '', ratio: 1 },
      ],
      strataFactors: ['site', 'site', 'zodiac'],
      blockSizes: [3],
    });
    expect(res.statusCode).toBe(400);
    expect(fieldPaths(res).sort()).toEqual(['arms.0.key', 'arms.0.ratio', 'arms.1.label', 'blockSizes', 'name', 'strataFactors.2'].sort());
    const sizes = await as.pat.post('/api/studies', { ...design, name: 'Odd blocks', arms: [{ key: 'a', label: 'A', ratio: 2 }, { key: 'b', label: 'B', ratio: 1 }], blockSizes: [3, 4] });
    expect(sizes.statusCode).toBe(400);
    expect(fieldPaths(sizes)).toEqual(['blockSizes.1']);
    const one = await as.pat.post('/api/studies', { ...design, name: 'One arm', arms: [design.arms[0]] });
    expect(fieldPaths(one)).toEqual(['arms']);
    const dup = await as.pat.post('/api/studies', design);
    expect(dup.statusCode).toBe(409);
    expect(fieldPaths(dup)).toEqual(['name']);
    const noId = await as.ana.post(`/api/studies/${study.id}/randomize`, { participantId: 'sam' });
    expect(noId.statusCode).toBe(400);
    expect(fieldPaths(noId)).toEqual(['participantId']);
    const status = await as.pat.patch(`/api/studies/${study.id}`, { version: study.version, status: 'paused' });
    expect(fieldPaths(status)).toEqual(['status']);
    const badId = await as.pat.get('/api/studies/not-an-id');
    expect(badId.statusCode).toBe(400);
    expect(fieldPaths(badId)).toEqual(['params.id']);
    expect(fieldPaths(await as.ana.get('/api/participants/not-an-id/studies'))).toEqual(['params.id']);
  });
});
