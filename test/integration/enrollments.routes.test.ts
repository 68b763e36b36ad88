/**
 * Enrollment episodes: Ana enrolls Samuel with Cai as case manager, moves him
 * through the critical-time phases, records the funder's interviews, discharges
 * him and enrolls him again; who may do which; bad input; 409s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEpisodes, type EpisodeHistory } from '../../src/server/enrollments/enrollments.import.ts';
import { systemActor } from '../../src/server/http/actor.ts';
import { ValidationError } from '../../src/server/http/errors.ts';
import { castOfStaff, errorCode, fieldPaths, newStaff, participantInput, startHarness, type Browser, type Cast, type Harness, signInEveryone, type PersonKey } from '../support/harness.ts';

interface Episode {
  id: string;
  siteName: string;
  enrolledOn: string;
  phase: string;
  phaseStartedOn: string;
  phases: { phase: string; startedOn: string }[];
  coach: { id: string; name: string } | null;
  caseManager: { id: string; name: string } | null;
  dischargedOn: string | null;
  dischargeReason: string | null;
  schedule: { kind: string; status: string; conductedOn: string | null; closesOn: string | null }[];
  phaseByDates?: { phase: string; since: string } | null;
  version: number;
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

// The harness clock: 2026-03-02 15:00 UTC, 09:00 in Chicago.
async function newParticipant(overrides: Parameters<typeof participantInput>[1] = {}): Promise<string> {
  const res = await as.ana.post('/api/participants', participantInput(cast.sites.cook, overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}
const url = (pid: string, rest = '') => `/api/participants/${pid}/enrollments${rest}`;
const episodes = async (by: Browser, pid: string) => (await by.get(url(pid))).json<{ items: Episode[] }>().items;
const status = (e: Episode, kind: string) => e.schedule.find((s) => s.kind === kind)?.status;

async function auditActions(pid: string): Promise<string[]> {
  const res = await as.pat.get(`/api/audit?participantId=${pid}&limit=100`);
  return res.json<{ items: { action: string }[] }>().items.map((i) => i.action);
}

describe('Ana enrolls Samuel, still in custody, with Cai as case manager', () => {
  let pid: string;
  let ep: Episode;

  it('starts an episode at his site, pre-release, with the intake due within 7 days', async () => {
    pid = await newParticipant();
    const res = await as.ana.post(url(pid), {
      enrolledOn: '2026-03-01',
      referralSource: 'jail_in_reach',
      coachId: cast.people.ana.id,
      caseManagerId: cast.people.cai.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    ep = res.json<Episode>();
    expect(ep).toMatchObject({ siteName: 'Cook County Jail', phase: 'pre_release', phaseStartedOn: '2026-03-01', version: 1, dischargedOn: null });
    expect(ep.coach?.name).toBe('Ana Reyes');
    expect(ep.caseManager?.name).toBe('Cai Morgan');
    expect(ep.schedule.map((s) => [s.kind, s.status])).toEqual([
      ['intake', 'due'],
      ['follow_up_6m', 'not_yet'],
      ['discharge', 'not_yet'],
    ]);
  });

  it('a second open episode is refused with 409', async () => {
    const res = await as.cai.post(url(pid), { enrolledOn: '2026-03-02', referralSource: 'self' });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('already_enrolled');
  });

  it('Cai records the intake interview; the schedule says done and the follow-up window follows it', async () => {
    const res = await as.cai.post(url(pid, `/${ep.id}/interviews`), { kind: 'intake', conductedOn: '2026-03-02' });
    expect(res.statusCode, res.body).toBe(201);
    const after = res.json<Episode>();
    expect(after.schedule[0]).toMatchObject({ kind: 'intake', status: 'done', conductedOn: '2026-03-02' });
    expect(after.schedule[1]).toMatchObject({ kind: 'follow_up_6m', status: 'not_yet', closesOn: '2026-11-02' });
    const again = await as.cai.post(url(pid, `/${ep.id}/interviews`), { kind: 'intake', conductedOn: '2026-03-02' });
    expect(again.statusCode).toBe(409);
  });

  it('moves him to transition after release; a stale version changes nothing', async () => {
    const res = await as.ana.patch(url(pid, `/${ep.id}`), { version: 1, phase: 'transition', phaseStartedOn: '2026-03-02' });
    expect(res.statusCode, res.body).toBe(200);
    const moved = res.json<Episode>();
    expect(moved).toMatchObject({ phase: 'transition', phaseStartedOn: '2026-03-02', version: 2 });
    expect(moved.phases).toEqual([
      { phase: 'pre_release', startedOn: '2026-03-01' },
      { phase: 'transition', startedOn: '2026-03-02' },
    ]);
    const stale = await as.cai.patch(url(pid, `/${ep.id}`), { version: 1, phase: 'try_out' });
    expect(stale.statusCode).toBe(409);
    expect(errorCode(stale)).toBe('stale_version');
    expect((await episodes(as.ana, pid))[0]?.phase).toBe('transition');
  });

  it('refuses a team member who is not a coach or case manager at the site, naming the field', async () => {
    const res = await as.ana.patch(url(pid, `/${ep.id}`), { version: 2, coachId: cast.people.ben.id, caseManagerId: cast.people.ana.id });
    expect(res.statusCode).toBe(400);
    expect(fieldPaths(res)).toEqual(['coachId', 'caseManagerId']);
    const gone = await newStaff(h, { key: 'gone', name: 'Gone Coach', role: 'coach', siteIds: [cast.sites.cook] });
    await as.pat.patch(`/api/users/${gone.id}`, { version: 1, active: false });
    const inactive = await as.ana.patch(url(pid, `/${ep.id}`), { version: 2, coachId: gone.id });
    expect(fieldPaths(inactive)).toEqual(['coachId']);
  });

  it('discharges him (not before enrollment, not in the future), then enrolls him again', async () => {
    const early = await as.ana.post(url(pid, `/${ep.id}/discharge`), { version: 2, dischargedOn: '2026-02-28', reason: 'moved' });
    expect(fieldPaths(early)).toEqual(['dischargedOn']);
    const future = await as.ana.post(url(pid, `/${ep.id}/discharge`), { version: 2, dischargedOn: '2026-03-03', reason: 'moved' });
    expect(fieldPaths(future)).toEqual(['dischargedOn']);
    const stale = await as.ana.post(url(pid, `/${ep.id}/discharge`), { version: 1, dischargedOn: '2026-03-02', reason: 'moved' });
    expect(stale.statusCode).toBe(409);
    const res = await as.ana.post(url(pid, `/${ep.id}/discharge`), { version: 2, dischargedOn: '2026-03-02', reason: 'incarcerated', note: 'Re-arrested' });
    expect(res.statusCode, res.body).toBe(200);
    const closed = res.json<Episode>();
    expect(closed).toMatchObject({ dischargedOn: '2026-03-02', dischargeReason: 'incarcerated', version: 3 });
    expect(status(closed, 'discharge')).toBe('due');
    const twice = await as.ana.post(url(pid, `/${ep.id}/discharge`), { version: 3, dischargedOn: '2026-03-02', reason: 'moved' });
    expect(twice.statusCode).toBe(409);
    const change = await as.ana.patch(url(pid, `/${ep.id}`), { version: 3, phase: 'try_out' });
    expect(errorCode(change)).toBe('enrollment_closed');

    const again = await as.ana.post(url(pid), { enrolledOn: '2026-03-02', referralSource: 'jail_in_reach' });
    expect(again.statusCode, again.body).toBe(201);
    const list = await episodes(as.ana, pid);
    expect(list.map((e) => e.dischargedOn)).toEqual([null, '2026-03-02']);
  });

  it('records the discharge interview on the discharged episode, once, not before the discharge date', async () => {
    const early = await as.cai.post(url(pid, `/${ep.id}/interviews`), { kind: 'discharge', conductedOn: '2026-03-01' });
    expect(fieldPaths(early)).toEqual(['conductedOn']);
    const res = await as.cai.post(url(pid, `/${ep.id}/interviews`), { kind: 'discharge', conductedOn: '2026-03-02' });
    expect(res.statusCode, res.body).toBe(201);
    const after = res.json<Episode>();
    expect(after.schedule.find((s) => s.kind === 'discharge')).toMatchObject({ status: 'done', conductedOn: '2026-03-02' });
    // The 6-month follow-up is still owed after the discharge; the new episode has its own schedule.
    expect(status(after, 'follow_up_6m')).toBe('not_yet');
    const [open, past] = await episodes(as.ana, pid);
    expect(open && status(open, 'discharge')).toBe('not_yet');
    expect(past && status(past, 'discharge')).toBe('done');
    const twice = await as.cai.post(url(pid, `/${ep.id}/interviews`), { kind: 'discharge', conductedOn: '2026-03-02' });
    expect(errorCode(twice)).toBe('interview_recorded');
  });

  it('every read and change is in the audit trail, with field names only', async () => {
    const actions = await auditActions(pid);
    for (const a of ['enrollment.create', 'enrollment.list', 'enrollment.update', 'enrollment.interview', 'enrollment.discharge']) {
      expect(actions).toContain(a);
    }
    const res = await as.pat.get(`/api/audit?participantId=${pid}&limit=100`);
    const update = res.json<{ items: { action: string; details: unknown }[] }>().items.find((i) => i.action === 'enrollment.update');
    expect(update?.details).toEqual({ changed: ['phase'] });
  });
});

describe('bad input', () => {
  it('names each field: a future enrollment date (site time zone), unknown referral source, bad ids', async () => {
    const pid = await newParticipant({ firstName: 'Nadia', lastName: 'Bad' });
    const res = await as.ana.post(url(pid), { enrolledOn: '2026-02-30', referralSource: 'friend', coachId: 'x' });
    expect(res.statusCode).toBe(400);
    expect(fieldPaths(res).sort()).toEqual(['coachId', 'enrolledOn', 'referralSource']);
  });

  it('interviews: unknown kind, date before enrollment, discharge interview before discharge', async () => {
    const pid = await newParticipant({ firstName: 'Omar', lastName: 'Dates' });
    const ep = (await as.ana.post(url(pid), { enrolledOn: '2026-02-20', referralSource: 'court' })).json<Episode>();
    const kind = await as.ana.post(url(pid, `/${ep.id}/interviews`), { kind: 'exit', conductedOn: '2026-02-21' });
    expect(fieldPaths(kind)).toEqual(['kind']);
    const early = await as.ana.post(url(pid, `/${ep.id}/interviews`), { kind: 'intake', conductedOn: '2026-02-19' });
    expect(fieldPaths(early)).toEqual(['conductedOn']);
    const discharge = await as.ana.post(url(pid, `/${ep.id}/interviews`), { kind: 'discharge', conductedOn: '2026-02-21' });
    expect(fieldPaths(discharge)).toEqual(['kind']);
  });

  it('an episode of another participant is not found', async () => {
    const a = await newParticipant({ firstName: 'Ada', lastName: 'One' });
    const b = await newParticipant({ firstName: 'Bea', lastName: 'Two' });
    const ep = (await as.ana.post(url(a), { enrolledOn: '2026-03-01', referralSource: 'self' })).json<Episode>();
    const res = await as.ana.patch(url(b, `/${ep.id}`), { version: 1, phase: 'try_out' });
    expect(res.statusCode).toBe(404);
  });
});

describe('who may see and change enrollments', () => {
  let pid: string;
  let epId: string;
  beforeAll(async () => {
    pid = await newParticipant({ firstName: 'Rita', lastName: 'Access' });
    epId = (await as.ana.post(url(pid), { enrolledOn: '2026-03-01', referralSource: 'self' })).json<Episode>().id;
  });

  it('Ben, at another site, gets 404 as if Rita did not exist', async () => {
    expect((await as.ben.get(url(pid))).statusCode).toBe(404);
    expect((await as.ben.post(url(pid, `/${epId}/interviews`), { kind: 'intake', conductedOn: '2026-03-01' })).statusCode).toBe(404);
  });

  it('Eve the evaluator gets 403; Sam and Sue read but may not change', async () => {
    expect((await as.eve.get(url(pid))).statusCode).toBe(403);
    expect((await as.sam.get(url(pid))).statusCode).toBe(200);
    expect((await as.sue.get(url(pid))).statusCode).toBe(200);
    for (const who of [as.sam, as.sue, as.eve]) {
      expect((await who.post(url(pid), { enrolledOn: '2026-03-01', referralSource: 'self' })).statusCode).toBe(403);
      expect((await who.patch(url(pid, `/${epId}`), { version: 1, phase: 'try_out' })).statusCode).toBe(403);
      expect((await who.post(url(pid, `/${epId}/discharge`), { version: 1, dischargedOn: '2026-03-01', reason: 'other' })).statusCode).toBe(403);
    }
  });
});

describe('dates are days at the site (America/Chicago), not in UTC', () => {
  it('at 9 p.m. in Chicago, already the next day in UTC, that next day is still the future', async () => {
    const pid = await newParticipant({ firstName: 'Tomas', lastName: 'Zone' });
    // Twelve hours later than the other stories: sign in again, as a person would.
    h.clock.set(new Date('2026-03-03T03:00:00Z'));
    const ana = await cast.as('ana');
    const future = await ana.post(url(pid), { enrolledOn: '2026-03-03', referralSource: 'self' });
    expect(fieldPaths(future)).toEqual(['enrolledOn']);
    const today = await ana.post(url(pid), { enrolledOn: '2026-03-02', referralSource: 'self' });
    expect(today.statusCode, today.body).toBe(201);
    // Back to the other stories' time, so their sessions are still fresh.
    h.clock.set(new Date('2026-03-02T15:00:00Z'));
  });
});

describe('team options', () => {
  it("lists the active coaches and case managers at the participant's site; Ben gets 404, Sam 403", async () => {
    const pid = await newParticipant({ firstName: 'Lena', lastName: 'Team' });
    const res = await as.ana.get(url(pid, '/team-options'));
    expect(res.statusCode).toBe(200);
    const body = res.json<{ coaches: { name: string }[]; caseManagers: { name: string }[] }>();
    expect(body.coaches.map((c) => c.name)).toContain('Ana Reyes');
    expect(body.coaches.map((c) => c.name)).not.toContain('Ben Walsh');
    expect(body.caseManagers.map((c) => c.name)).toEqual(['Cai Morgan']);
    expect(await auditActions(pid)).toContain('enrollment.team');
    expect((await as.ben.get(url(pid, '/team-options'))).statusCode).toBe(404);
    expect((await as.sam.get(url(pid, '/team-options'))).statusCode).toBe(403);
  });
});

describe('a transfer to another site with an open enrollment', () => {
  it('keeps the episode, lets the old team go, and the new site takes over: phase changes work, the new coach sees her', async () => {
    const pid = await newParticipant({ firstName: 'Keisha', lastName: 'Transfer' });
    const ep = (await as.ana.post(url(pid), { enrolledOn: '2026-02-20', referralSource: 'jail_in_reach', coachId: cast.people.ana.id, caseManagerId: cast.people.cai.id })).json<Episode>();
    expect(ep.phaseByDates).toBeNull();
    // Released yesterday and sent to the Lake County program.
    const moved = await as.pat.patch(`/api/participants/${pid}`, { version: 1, siteId: cast.sites.lake, custodyStatus: 'community', expectedReleaseDate: null, releaseDate: '2026-03-01' });
    expect(moved.statusCode, moved.body).toBe(200);

    const [after] = await episodes(as.ben, pid);
    // The same enrollment goes on (its dates, phase and schedule), at the site it began, without the Cook team.
    expect(after).toMatchObject({ id: ep.id, enrolledOn: '2026-02-20', siteName: 'Cook County Jail', dischargedOn: null, coach: null, caseManager: null, version: 2 });
    // Still recorded as pre-release: the dates say transition since the release, and the site's worklist ranks by that.
    expect(after).toMatchObject({ phase: 'pre_release', phaseByDates: { phase: 'transition', since: '2026-03-01' } });
    const site = (await as.ben.get('/api/worklist')).json<{ items: { participant: { id: string }; phase: string }[] }>();
    expect(site.items.find((i) => i.participant.id === pid)?.phase).toBe('transition');
    const audit = (await as.pat.get(`/api/audit?participantId=${pid}&limit=100`)).json<{ items: { action: string; details: unknown }[] }>().items;
    expect(audit.find((i) => i.action === 'enrollment.update')?.details).toEqual({ changed: ['coachId', 'caseManagerId'], because: 'transfer' });

    // A phase change needs no team; then Ben takes her on and she is on his caseload.
    const phase = await as.ben.patch(url(pid, `/${ep.id}`), { version: 2, phase: 'transition', phaseStartedOn: '2026-03-01' });
    expect(phase.statusCode, phase.body).toBe(200);
    expect(phase.json<Episode>().phaseByDates).toBeNull();
    const mine = await as.ben.patch(url(pid, `/${ep.id}`), { version: 3, coachId: cast.people.ben.id });
    expect(mine.statusCode, mine.body).toBe(200);
    const worklist = (await as.ben.get('/api/worklist?assignedTo=me')).json<{ items: { participant: { id: string }; enrollmentId: string }[] }>();
    expect(worklist.items.find((i) => i.participant.id === pid)?.enrollmentId).toBe(ep.id);
    expect((await as.ana.get(url(pid))).statusCode).toBe(404);
  });
});

describe('two staff enroll the same person at the same moment', () => {
  it('one episode is opened, the other gets 409', async () => {
    const pid = await newParticipant({ firstName: 'Pablo', lastName: 'Twice' });
    const [a, b] = await Promise.all([
      as.ana.post(url(pid), { enrolledOn: '2026-03-02', referralSource: 'self' }),
      as.cai.post(url(pid), { enrolledOn: '2026-03-02', referralSource: 'family' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect(await episodes(as.ana, pid)).toHaveLength(1);
  });
});

describe('importing a history (the demo seed) follows the same rules', () => {
  const history = (over: Partial<EpisodeHistory> = {}): EpisodeHistory => ({
    enrolledOn: '2026-01-05',
    referralSource: 'court',
    coachId: null,
    caseManagerId: null,
    phases: [{ phase: 'transition', startedOn: '2026-01-05' }],
    interviews: [{ kind: 'intake', conductedOn: '2026-01-06' }],
    discharge: { on: '2026-02-01', reason: 'moved', note: null },
    ...over,
  });
  const run = (pid: string, items: EpisodeHistory[]) =>
    h.testDb.database.db.transaction((tx) => importEpisodes(tx, systemActor, pid, items, h.clock.now()));

  it('imports episodes with their phases, interviews and audit rows', async () => {
    const pid = await newParticipant({ firstName: 'Iris', lastName: 'Import' });
    expect(await run(pid, [history(), history({ enrolledOn: '2026-02-10', phases: [{ phase: 'try_out', startedOn: '2026-02-10' }], interviews: [], discharge: null })])).toBe(2);
    const list = await episodes(as.ana, pid);
    expect(list.map((e) => [e.enrolledOn, e.dischargedOn, status(e, 'intake')])).toEqual([
      ['2026-02-10', null, 'missed'],
      ['2026-01-05', '2026-02-01', 'done'],
    ]);
    expect(await auditActions(pid)).toContain('enrollment.discharge');
  });

  it('refuses a future date, an interview before enrollment, a coach from another site, two open episodes', async () => {
    const pid = await newParticipant({ firstName: 'Ivan', lastName: 'Import' });
    await expect(run(pid, [history({ enrolledOn: '2026-03-03', phases: [{ phase: 'transition', startedOn: '2026-03-03' }] })])).rejects.toThrow(ValidationError);
    await expect(run(pid, [history({ interviews: [{ kind: 'intake', conductedOn: '2026-01-04' }] })])).rejects.toThrow(ValidationError);
    await expect(run(pid, [history({ coachId: cast.people.ben.id })])).rejects.toThrow(ValidationError);
    await expect(run(pid, [history({ discharge: null }), history({ discharge: null })])).rejects.toThrow(ValidationError);
    expect(await episodes(as.ana, pid)).toEqual([]);
  });
});
