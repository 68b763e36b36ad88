/**
 * Supervision: Sue, a supervisor at the hub, holds a group consultation with
 * Ana and Cai (Cook County Jail) and Ben (Lake County Jail) and talks about
 * Samuel, a Cook participant. Pat, the program administrator, meets Ben alone
 * about Lakisha, a Lake participant Sue may not see. Sue codes the group
 * session; Pat codes it independently without seeing Sue's coding first; they
 * reconcile. Who sees which session, the de-identified analysis for Eve the
 * evaluator, the codebook's hierarchy, stale writes and bad input by field.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analysis, Codings, Session, Theme } from '../../src/core/supervision.ts';
import { rowsOf } from '../../src/server/db/database.ts';
import { castOfStaff, errorCode, fieldPaths, newStaff, participantInput, signedIn, signInEveryone, startHarness, type Browser, type Cast, type Harness, type PersonKey } from '../support/harness.ts';

let h: Harness;
let cast: Cast;
let as: Record<PersonKey, Browser>;

const put = (b: Browser, url: string, body: unknown) => b.request('PUT', url, body);

const THEME = {
  selfCare: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30001',
  boundaries: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30003',
  crisis: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30004',
  navigation: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30006',
  housing: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30007',
  moud: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30008',
  stigma: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30010',
};

let samuel: string;
let lakisha: string;

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  as = await signInEveryone(cast);
  const s = await as.ana.post('/api/participants', participantInput(cast.sites.cook, { firstName: 'Samuel', lastName: 'Johnson' }));
  samuel = s.json<{ id: string }>().id;
  const l = await as.ben.post('/api/participants', participantInput(cast.sites.lake, { firstName: 'Lakisha', lastName: 'Brown', dateOfBirth: '1990-05-05' }));
  lakisha = l.json<{ id: string }>().id;
});
afterAll(async () => h.close());

function groupInput(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'group_consultation',
    heldOn: '2026-02-24',
    durationMinutes: 90,
    supervisorId: cast.people.sue.id,
    attendeeIds: [cast.people.ana.id, cast.people.cai.id, cast.people.ben.id],
    participantIds: [samuel],
    notes: 'Ana found Samuel a bed at the shelter; the team talked about the overdose last week.',
    followUps: [{ description: 'Call the MOUD clinic about same-day intake', ownerId: cast.people.ana.id, dueOn: '2026-03-03' }],
    ...overrides,
  };
}

async function sessionsOf(b: Browser, query = ''): Promise<Session[]> {
  const res = await b.get(`/api/supervision/sessions${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Session[] }>().items;
}

describe('Sue records a group consultation and Pat an individual session', () => {
  let group: Session;
  let individual: Session;

  it('the starting codebook is there, with housing and MOUD access under resource navigation', async () => {
    const res = await as.ana.get('/api/supervision/codebook');
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Theme[] }>().items;
    expect(items).toHaveLength(14);
    expect(items.find((t) => t.id === THEME.housing)).toMatchObject({ name: 'Housing', parentId: THEME.navigation, active: true });
    expect(items.every((t) => t.definition.length > 20)).toBe(true);
  });

  it('a supervisor chooses attendees from staff at every site, not only her own', async () => {
    const res = await as.sue.get('/api/supervision/staff');
    expect(res.statusCode).toBe(200);
    const names = res.json<{ items: { name: string }[] }>().items.map((s) => s.name);
    expect(names).toContain('Ben Walsh'); // Lake: not one of Sue's sites
    expect(names).not.toContain('Eve Laurent');
    expect((await as.ana.get('/api/supervision/staff')).statusCode).toBe(403);
  });

  it('Sue records the group consultation: three staff from two sites, Samuel discussed, a follow-up for Ana', async () => {
    const res = await as.sue.post('/api/supervision/sessions', groupInput());
    expect(res.statusCode, res.body).toBe(201);
    group = res.json<Session>();
    expect(group).toMatchObject({
      kind: 'group_consultation',
      supervisor: { name: 'Sue Kim' },
      siteIds: [cast.sites.cook, cast.sites.lake].sort(),
      participants: [{ id: samuel, name: 'Samuel Johnson' }],
      followUps: [{ owner: { name: 'Ana Reyes' }, dueOn: '2026-03-03', done: false }],
      codingCount: 0,
      version: 1,
    });
    expect(group.attendees.map((a) => a.name)).toEqual(['Ana Reyes', 'Ben Walsh', 'Cai Morgan']);
  });

  it('Sue cannot name a participant she may not see: the same answer as one that does not exist', async () => {
    const res = await as.sue.post('/api/supervision/sessions', groupInput({ participantIds: [samuel, lakisha] }));
    expect(res.statusCode).toBe(400);
    expect(fieldPaths(res)).toEqual(['participantIds.1']);
    expect(res.json<{ error: { details: { message: string }[] } }>().error.details[0]?.message).toBe('No such participant');
  });

  it('Pat meets Ben alone about Lakisha; Sue reads it without Lakisha, never hinted at', async () => {
    const res = await as.pat.post('/api/supervision/sessions', {
      kind: 'individual',
      heldOn: '2026-02-10',
      durationMinutes: 45,
      supervisorId: cast.people.pat.id,
      attendeeIds: [cast.people.ben.id],
      participantIds: [lakisha],
      notes: 'Ben is tired; one of his people lost her housing.',
    });
    expect(res.statusCode, res.body).toBe(201);
    individual = res.json<Session>();
    expect(individual.participants.map((p) => p.name)).toEqual(['Lakisha Brown']);
    const bySue = await as.sue.get(`/api/supervision/sessions/${individual.id}`);
    expect(bySue.statusCode).toBe(200);
    expect(bySue.json<Session>().participants).toEqual([]);
    expect(bySue.body).not.toContain(lakisha);
    expect(bySue.body).not.toContain('Lakisha');
  });

  it('when Sue edits that session, the reference she cannot see stays', async () => {
    const res = await put(as.sue, `/api/supervision/sessions/${individual.id}`, {
      kind: 'individual',
      heldOn: '2026-02-10',
      durationMinutes: 50,
      supervisorId: cast.people.pat.id,
      attendeeIds: [cast.people.ben.id],
      participantIds: [],
      notes: 'Ben is tired; one of his people lost her housing. Follow up on leave.',
      version: 1,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Session>()).toMatchObject({ durationMinutes: 50, version: 2, participants: [] });
    const byPat = await as.pat.get(`/api/supervision/sessions/${individual.id}`);
    expect(byPat.json<Session>().participants.map((p) => p.id)).toEqual([lakisha]);
  });

  it('a stale version is refused with 409 and nothing changes', async () => {
    const res = await put(as.pat, `/api/supervision/sessions/${individual.id}`, {
      kind: 'individual',
      heldOn: '2026-02-10',
      durationMinutes: 20,
      supervisorId: cast.people.pat.id,
      attendeeIds: [cast.people.ben.id],
      version: 1,
    });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('stale_version');
    expect((await as.pat.get(`/api/supervision/sessions/${individual.id}`)).json<Session>().durationMinutes).toBe(50);
  });

  it('marks a follow-up done, keeping its id', async () => {
    const [follow] = group.followUps;
    const res = await put(as.sue, `/api/supervision/sessions/${group.id}`, {
      ...groupInput(),
      followUps: [{ id: follow?.id, description: follow?.description, ownerId: cast.people.ana.id, dueOn: '2026-03-03', done: true }],
      version: 1,
    });
    expect(res.statusCode, res.body).toBe(200);
    group = res.json<Session>();
    expect(group.followUps).toMatchObject([{ id: follow?.id, done: true }]);
  });

  it('reading a session that discusses a participant writes a participant audit row; writes and reads are audited', async () => {
    const res = await as.pat.get(`/api/audit?participantId=${samuel}`);
    expect(res.statusCode).toBe(200);
    const actions = res.json<{ items: { action: string; recordType: string; actor: { name: string } | null }[] }>().items.filter((e) => e.recordType === 'supervision_session');
    expect(actions.map((e) => e.action)).toEqual(expect.arrayContaining(['supervision_session.create', 'supervision_session.update']));
    await as.sue.get(`/api/supervision/sessions/${group.id}`);
    const after = (await as.pat.get(`/api/audit?participantId=${samuel}`)).json<{ items: { action: string; actor: { name: string } | null }[] }>().items;
    expect(after.some((e) => e.action === 'supervision_session.read' && e.actor?.name === 'Sue Kim')).toBe(true);
  });

  it('the lists of staff and of sessions, and a read of the codings, are audited', async () => {
    const since = rowsOf<{ id: string }>(await h.testDb.database.db.execute(sql`select coalesce(max(id), 0)::text as id from audit_events`))[0]?.id ?? '0';
    expect((await as.sue.get('/api/supervision/staff')).statusCode).toBe(200);
    expect((await as.sue.get('/api/supervision/sessions')).statusCode).toBe(200);
    expect((await as.sue.get(`/api/supervision/sessions/${group.id}/codings`)).statusCode).toBe(200);
    const rows = rowsOf<{ action: string; record_id: string | null; participant_id: string | null }>(
      await h.testDb.database.db.execute(
        sql`select action, record_id, participant_id::text as participant_id from audit_events where id > ${since}::bigint and actor_user_id = ${cast.people.sue.id} order by id`,
      ),
    );
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['supervision_staff.list', 'supervision_session.list', 'supervision_coding.read']));
    // A session that discusses Samuel shows him in the list: that is in his access history too.
    expect(rows).toContainEqual({ action: 'supervision_session.list', record_id: expect.any(String) as string, participant_id: samuel });
    expect(rows).toContainEqual({ action: 'supervision_coding.read', record_id: group.id, participant_id: null });
  });

  describe('who sees which session', () => {
    it('supervisors and program administrators see all of them', async () => {
      expect((await sessionsOf(as.sue)).map((s) => s.id).sort()).toEqual([group.id, individual.id].sort());
      expect(await sessionsOf(as.pat)).toHaveLength(2);
    });
    it('a coach sees only the sessions she attended', async () => {
      expect((await sessionsOf(as.ana)).map((s) => s.id)).toEqual([group.id]);
      expect((await as.ana.get(`/api/supervision/sessions/${individual.id}`)).statusCode).toBe(404);
      expect((await sessionsOf(as.ben)).map((s) => s.id).sort()).toEqual([group.id, individual.id].sort());
    });
    it("a site manager sees her staff's sessions (attendees of her sites), not Lake's", async () => {
      expect((await sessionsOf(as.sam)).map((s) => s.id)).toEqual([group.id]);
      expect((await as.sam.get(`/api/supervision/sessions/${individual.id}`)).statusCode).toBe(404);
    });
    it('evaluators read no session', async () => {
      expect((await as.eve.get('/api/supervision/sessions')).statusCode).toBe(403);
      expect((await as.eve.get(`/api/supervision/sessions/${group.id}`)).statusCode).toBe(403);
    });
    it('coaches, case managers and site managers do not record or code', async () => {
      expect((await as.ana.post('/api/supervision/sessions', groupInput())).statusCode).toBe(403);
      expect((await as.sam.post(`/api/supervision/sessions/${group.id}/codings`, { themeIds: [THEME.stigma] })).statusCode).toBe(403);
      expect((await as.cai.get(`/api/supervision/sessions/${group.id}/codings`)).statusCode).toBe(403);
    });
    it('filters by kind, month and site', async () => {
      expect((await sessionsOf(as.pat, '?kind=individual')).map((s) => s.id)).toEqual([individual.id]);
      expect(await sessionsOf(as.pat, '?month=2026-01')).toEqual([]);
      expect(await sessionsOf(as.pat, '?month=2026-02')).toHaveLength(2);
      expect((await sessionsOf(as.pat, `?siteId=${cast.sites.cook}`)).map((s) => s.id)).toEqual([group.id]);
      const bad = await as.pat.get('/api/supervision/sessions?month=2026-13&kind=other');
      expect(bad.statusCode).toBe(400);
      expect(fieldPaths(bad).sort()).toEqual(['querystring.kind', 'querystring.month']);
    });
  });

  describe('double coding', () => {
    it('Sue codes the group session', async () => {
      const res = await as.sue.post(`/api/supervision/sessions/${group.id}/codings`, { themeIds: [THEME.housing, THEME.crisis, THEME.selfCare] });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json<Codings>()).toMatchObject({ mine: { coder: { name: 'Sue Kim' } }, others: [], otherCount: 0, final: null, agreement: null });
    });

    it("Pat, coding second, does not see Sue's coding until he has submitted his own", async () => {
      h.clock.advance(60_000);
      const before = await as.pat.get(`/api/supervision/sessions/${group.id}/codings`);
      expect(before.statusCode).toBe(200);
      expect(before.json<Codings>()).toMatchObject({ mine: null, others: [], otherCount: 1, agreement: null, final: null });
      expect(before.body).not.toContain(THEME.housing);
      expect(before.body).not.toContain(THEME.crisis);

      // Nor through the analysis, however narrow the range: one day, the session's own.
      const oneDay = '?from=2026-02-24&to=2026-02-24';
      const blind = (await as.pat.get(`/api/supervision/analysis${oneDay}`)).json<Analysis>();
      expect(blind.totals).toMatchObject({ sessions: 1, coded: 1, withheldUntilYouCode: 1 });
      expect([blind.byMonth, blind.byQuarter, blind.bySite, blind.byKind]).toEqual([[], [], [], []]);
      expect(blind.agreement.every((g) => g.n === 0)).toBe(true);
      const csv = await as.pat.get(`/api/supervision/analysis/kind-by-theme.csv${oneDay}`);
      expect(csv.statusCode).toBe(200);
      expect(csv.body.split('\r\n').slice(1, -1).every((line) => line.endsWith(',0,0,0'))).toBe(true);
      // Sue, who coded it, and Eve, who does not code, see its themes; Eve only coded sessions (the individual one is not yet).
      const bySue = (await as.sue.get(`/api/supervision/analysis${oneDay}`)).json<Analysis>();
      expect(bySue.totals.withheldUntilYouCode).toBe(0);
      expect(bySue.byKind.map((r) => r.themeId).sort()).toEqual([THEME.housing, THEME.crisis, THEME.selfCare].sort());
      const byEve = (await as.eve.get('/api/supervision/analysis')).json<Analysis>();
      expect(byEve.sessions?.map((s) => [s.id, s.themeIds.length])).toEqual([[group.id, 3]]);

      const res = await as.pat.post(`/api/supervision/sessions/${group.id}/codings`, { themeIds: [THEME.housing, THEME.stigma, THEME.selfCare] });
      expect(res.statusCode, res.body).toBe(201);
      const after = res.json<Codings>();
      expect(after.others.map((c) => c.coder.name)).toEqual(['Sue Kim']);
      expect(after.agreement).toEqual(
        expect.arrayContaining([
          { themeId: THEME.housing, coderA: true, coderB: true, agree: true },
          { themeId: THEME.crisis, coderA: true, coderB: false, agree: false },
          { themeId: THEME.stigma, coderA: false, coderB: true, agree: false },
        ]),
      );
      const seen = (await as.pat.get(`/api/supervision/analysis${oneDay}`)).json<Analysis>();
      expect(seen.totals.withheldUntilYouCode).toBe(0);
      expect(seen.byKind.map((r) => r.themeId)).toContain(THEME.crisis);
    });

    it('a coder codes a session once (409); themes are checked by field', async () => {
      const again = await as.sue.post(`/api/supervision/sessions/${group.id}/codings`, { themeIds: [THEME.stigma] });
      expect(again.statusCode).toBe(409);
      expect(errorCode(again)).toBe('already_coded');
      const bad = await as.sue.post(`/api/supervision/sessions/${individual.id}/codings`, { themeIds: [THEME.stigma, '5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11'] });
      expect(bad.statusCode).toBe(400);
      expect(fieldPaths(bad)).toEqual(['themeIds.1']);
      const empty = await as.sue.post(`/api/supervision/sessions/${individual.id}/codings`, { themeIds: [] });
      expect(fieldPaths(empty)).toEqual(['themeIds']);
    });

    it('the coders reconcile into a final coding; a stale reconciliation is refused', async () => {
      const single = await put(as.sue, `/api/supervision/sessions/${individual.id}/codings/final`, { themeIds: [THEME.stigma] });
      expect(single.statusCode).toBe(409);
      expect(errorCode(single)).toBe('not_double_coded');
      const res = await put(as.sue, `/api/supervision/sessions/${group.id}/codings/final`, { themeIds: [THEME.housing, THEME.crisis, THEME.selfCare] });
      expect(res.statusCode, res.body).toBe(200);
      const final = res.json<Codings>().final;
      expect(final).toMatchObject({ version: 1, coder: { name: 'Sue Kim' } });
      expect(final?.themeIds.sort()).toEqual([THEME.housing, THEME.crisis, THEME.selfCare].sort());
      const stale = await put(as.pat, `/api/supervision/sessions/${group.id}/codings/final`, { themeIds: [THEME.housing] });
      expect(stale.statusCode).toBe(409);
      const fixed = await put(as.pat, `/api/supervision/sessions/${group.id}/codings/final`, { themeIds: [THEME.housing, THEME.crisis, THEME.selfCare, THEME.stigma], version: 1 });
      expect(fixed.statusCode, fixed.body).toBe(200);
      expect(fixed.json<Codings>().final?.version).toBe(2);
      expect((await sessionsOf(as.ana)).find((s) => s.id === group.id)).toMatchObject({ codingCount: 2, reconciled: true });
    });
  });

  describe('analysis', () => {
    it('counts themes by month, quarter, site and kind from the final coding (else the first coder), with kappa per theme', async () => {
      await as.pat.post(`/api/supervision/sessions/${individual.id}/codings`, { themeIds: [THEME.selfCare, THEME.housing] });
      // Sue may still code the individual session blind: its themes are not in her analysis.
      const bySue = (await as.sue.get('/api/supervision/analysis')).json<Analysis>();
      expect(bySue.totals).toMatchObject({ coded: 2, withheldUntilYouCode: 1 });
      expect(bySue.byMonth.find((r) => r.themeId === THEME.housing)?.sessions).toBe(1);
      const res = await as.pat.get('/api/supervision/analysis');
      expect(res.statusCode, res.body).toBe(200);
      const a = res.json<Analysis>();
      expect(a).toMatchObject({ from: '2025-03-03', to: '2026-03-02', deidentified: false });
      expect(a.totals).toEqual({ sessions: 2, individual: 1, groupConsultation: 1, coded: 2, doubleCoded: 1, reconciled: 1, awaitingReconciliation: 0, withheldUntilYouCode: 0 });
      expect(a.byMonth.find((r) => r.themeId === THEME.housing)).toEqual({ month: '2026-02', themeId: THEME.housing, sessions: 2 });
      expect(a.byQuarter.find((r) => r.themeId === THEME.stigma)).toEqual({ quarter: '2026-Q1', themeId: THEME.stigma, sessions: 1 });
      expect(a.bySite.filter((r) => r.themeId === THEME.housing).map((r) => [r.siteId, r.sessions]).sort()).toEqual(
        [
          [cast.sites.cook, 1],
          [cast.sites.lake, 2],
        ].sort(),
      );
      expect(a.byKind.filter((r) => r.themeId === THEME.selfCare)).toHaveLength(2);
      expect(a.staffByMonth.find((r) => r.staffId === cast.people.ben.id)).toMatchObject({ month: '2026-02', sessions: 2, name: 'Ben Walsh' });
      const never = a.agreement.find((g) => g.themeId === THEME.boundaries);
      expect(never).toMatchObject({ n: 1, po: 1, pe: 1, kappa: null });
      expect(a.sessions).toBeNull();
    });

    it('Eve the evaluator sees coded, de-identified data: no notes, no participants, no staff names', async () => {
      const res = await as.eve.get('/api/supervision/analysis');
      expect(res.statusCode, res.body).toBe(200);
      const a = res.json<Analysis>();
      expect(a.deidentified).toBe(true);
      expect(a.sessions).toHaveLength(2);
      expect(a.sessions?.find((s) => s.kind === 'group_consultation')?.attendees).toEqual(
        expect.arrayContaining([{ id: cast.people.ben.id, role: 'coach' }]),
      );
      for (const secret of ['Samuel', 'Lakisha', 'shelter', 'Ben Walsh', 'Sue Kim', 'Ana Reyes', samuel, lakisha, 'tired']) {
        expect(res.body).not.toContain(secret);
      }
      expect(a.staffByMonth.every((r) => r.name === null)).toBe(true);
    });

    it('coaches have no analysis', async () => {
      expect((await as.ana.get('/api/supervision/analysis')).statusCode).toBe(403);
    });

    it('exports sessions by kind × theme as CSV with a header row', async () => {
      const res = await as.eve.get('/api/supervision/analysis/kind-by-theme.csv');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/attachment/);
      const lines = res.body.trimEnd().split('\r\n');
      expect(lines[0]).toBe('Theme,Individual sessions,Group consultations,All sessions');
      expect(lines).toContain('Housing,1,1,2');
      expect(lines).toContain('Self-care and burnout,1,1,2');
      expect(lines).toHaveLength(15);
    });

    it('a range backwards names the field', async () => {
      const res = await as.sue.get('/api/supervision/analysis?from=2026-03-01&to=2026-02-01');
      expect(res.statusCode).toBe(400);
      expect(fieldPaths(res)).toEqual(['from']);
    });
  });
});

describe('the codebook', () => {
  it('supervisors add themes and sub-themes; a cycle is refused naming parentId; retiring keeps past codings', async () => {
    const parent = await as.sue.post('/api/supervision/codebook', { name: 'Peer workforce', definition: 'Questions about the role and career of peer staff.' });
    expect(parent.statusCode, parent.body).toBe(201);
    const p = parent.json<Theme>();
    const child = await as.pat.post('/api/supervision/codebook', { name: 'Lived experience disclosure', definition: 'When and how peer staff share their own recovery story.', parentId: p.id });
    expect(child.statusCode, child.body).toBe(201);
    const c = child.json<Theme>();

    const cycle = await put(as.sue, `/api/supervision/codebook/${p.id}`, { name: p.name, definition: p.definition, parentId: c.id, active: true, version: 1 });
    expect(cycle.statusCode).toBe(400);
    expect(fieldPaths(cycle)).toEqual(['parentId']);
    const self = await put(as.sue, `/api/supervision/codebook/${p.id}`, { name: p.name, definition: p.definition, parentId: p.id, active: true, version: 1 });
    expect(fieldPaths(self)).toEqual(['parentId']);

    const dup = await as.sue.post('/api/supervision/codebook', { name: 'Housing', definition: 'Again' });
    expect(dup.statusCode).toBe(409);
    expect(fieldPaths(dup)).toEqual(['name']);
    const bad = await as.sue.post('/api/supervision/codebook', { name: '', parentId: 'nope' });
    expect(fieldPaths(bad).sort()).toEqual(['definition', 'name', 'parentId']);
    expect((await as.ana.post('/api/supervision/codebook', { name: 'X', definition: 'Y' })).statusCode).toBe(403);

    const retire = await put(as.sue, `/api/supervision/codebook/${THEME.stigma}`, {
      name: 'Stigma',
      definition: 'Stigma toward participants, toward medication for opioid use disorder or toward peer staff, from others or within.',
      parentId: null,
      active: false,
      version: 1,
    });
    expect(retire.statusCode, retire.body).toBe(200);
    expect(retire.json<Theme>()).toMatchObject({ active: false, version: 2 });
    const stale = await put(as.sue, `/api/supervision/codebook/${THEME.stigma}`, { name: 'Stigma', definition: 'x', parentId: null, active: true, version: 1 });
    expect(stale.statusCode).toBe(409);

    const session = await as.sue.post('/api/supervision/sessions', {
      kind: 'individual',
      heldOn: '2026-03-01',
      durationMinutes: 30,
      supervisorId: cast.people.sue.id,
      attendeeIds: [cast.people.ana.id],
    });
    const retiredUse = await as.sue.post(`/api/supervision/sessions/${session.json<Session>().id}/codings`, { themeIds: [THEME.stigma] });
    expect(retiredUse.statusCode).toBe(400);
    expect(fieldPaths(retiredUse)).toEqual(['themeIds.0']);

    // Only the coders reconcile: Sue and Ike code this session; Pat, the program administrator, has not (and sees neither coding).
    const sessionId = session.json<Session>().id;
    const ike = await newStaff(h, { key: 'ike', name: 'Ike Osei', role: 'supervisor', siteIds: [cast.sites.lake] });
    const asIke = await signedIn(h.app, ike.email);
    expect((await as.sue.post(`/api/supervision/sessions/${sessionId}/codings`, { themeIds: [THEME.boundaries] })).statusCode).toBe(201);
    expect((await asIke.post(`/api/supervision/sessions/${sessionId}/codings`, { themeIds: [THEME.boundaries, THEME.moud] })).statusCode).toBe(201);
    expect((await as.pat.get(`/api/supervision/sessions/${sessionId}/codings`)).json<Codings>()).toMatchObject({ others: [], otherCount: 2 });
    const byAdmin = await put(as.pat, `/api/supervision/sessions/${sessionId}/codings/final`, { themeIds: [THEME.boundaries] });
    expect(byAdmin.statusCode).toBe(403);
    expect((await put(asIke, `/api/supervision/sessions/${sessionId}/codings/final`, { themeIds: [THEME.boundaries] })).statusCode).toBe(200);

    const a = (await as.pat.get('/api/supervision/analysis')).json<Analysis>();
    expect(a.byKind.find((r) => r.themeId === THEME.stigma && r.kind === 'group_consultation')?.sessions).toBe(1);
    expect(a.themes.find((t) => t.id === THEME.stigma)?.active).toBe(false);
  });
});

describe('bad session input names the field', () => {
  it('missing and wrong fields', async () => {
    const res = await as.sue.post('/api/supervision/sessions', { kind: 'seminar', heldOn: '2026-02-30', durationMinutes: 2 });
    expect(res.statusCode).toBe(400);
    expect(fieldPaths(res).sort()).toEqual(['attendeeIds', 'durationMinutes', 'heldOn', 'kind', 'supervisorId']);
  });
  it('unknown staff and a coach as supervisor', async () => {
    const res = await as.sue.post('/api/supervision/sessions', {
      ...groupInput({ participantIds: [] }),
      supervisorId: cast.people.ana.id,
      attendeeIds: [cast.people.cai.id, '5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11', cast.people.eve.id],
      followUps: [
        { description: 'x', ownerId: '5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11', dueOn: '2026-03-03' },
        { description: 'y', ownerId: cast.people.eve.id, dueOn: '2026-03-03' },
        { description: '', ownerId: cast.people.ana.id, dueOn: '2026-02-31' },
      ],
    });
    expect(res.statusCode).toBe(400);
    // The schema's checks first (every field it can name), then the people.
    expect(fieldPaths(res)).toEqual(['followUps.2.description', 'followUps.2.dueOn']);
    const people = await as.sue.post('/api/supervision/sessions', {
      ...groupInput({ participantIds: [] }),
      supervisorId: cast.people.ana.id,
      attendeeIds: [cast.people.cai.id, '5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11', cast.people.eve.id],
      followUps: [
        { description: 'x', ownerId: '5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11', dueOn: '2026-03-03' },
        { description: 'y', ownerId: cast.people.eve.id, dueOn: '2026-03-03' },
      ],
    });
    expect(people.statusCode).toBe(400);
    expect(fieldPaths(people)).toEqual(['supervisorId', 'attendeeIds.1', 'attendeeIds.2', 'followUps.0.ownerId', 'followUps.1.ownerId']);
  });
  it('an unknown session is 404', async () => {
    expect((await as.sue.get('/api/supervision/sessions/5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11')).statusCode).toBe(404);
  });
});
