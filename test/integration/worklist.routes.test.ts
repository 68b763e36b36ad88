/**
 * The critical-time worklist on a Monday morning at Cook County Jail
 * (2026-03-02, 09:00 in Chicago): Ana's caseload, ranked by risk with the
 * reasons; what her supervisor, a coach at another site and an evaluator see.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParticipantCreateInput } from '../../src/core/schemas.ts';
import type { Worklist } from '../../src/core/worklist.ts';
import { auditEvents } from '../../src/server/audit/audit.table.ts';
import { castOfStaff, errorCode, fieldPaths, participantInput, signInEveryone, startHarness, type Browser, type Cast, type Harness, type PersonKey, withToken } from '../support/harness.ts';

let h: Harness;
let cast: Cast;
let as: Record<PersonKey, Browser>;
const ids: Record<'rosa' | 'dale' | 'lena' | 'omar' | 'nia' | 'joe', string> = { rosa: '', dale: '', lena: '', omar: '', nia: '', joe: '' };

async function participant(b: Browser, siteId: string, over: Partial<ParticipantCreateInput>): Promise<string> {
  const res = await b.post('/api/participants', participantInput(siteId, { lastName: 'Worklist', ...over }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

async function enroll(b: Browser, pid: string, enrolledOn: string, team: { coachId?: string; caseManagerId?: string }): Promise<{ id: string; version: number }> {
  const res = await b.post(`/api/participants/${pid}/enrollments`, { enrolledOn, referralSource: 'jail_in_reach', ...team });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; version: number }>();
}

async function reached(b: Browser, pid: string, occurredAt: string): Promise<void> {
  const res = await b.post(`/api/participants/${pid}/contacts`, { occurredAt, durationMinutes: 30, mode: 'in_person', locationType: 'community', reached: true, services: ['recovery_coaching'] });
  expect(res.statusCode, res.body).toBe(201);
}

const worklist = async (b: Browser, query = '') => {
  const res = await b.get(`/api/worklist${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Worklist>();
};
const names = (w: Worklist) => w.items.map((i) => i.participant.name);
const reasonsOf = (w: Worklist, name: string) => w.items.find((i) => i.participant.name === name)?.reasons.map((r) => r.code);

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  as = await signInEveryone(cast);
  const team = { coachId: cast.people.ana.id, caseManagerId: cast.people.cai.id };
  const { cook, lake } = cast.sites;

  // Rosa walked out four days ago; nobody has recorded medication since.
  ids.rosa = await participant(as.ana, cook, { firstName: 'Rosa', custodyStatus: 'community', expectedReleaseDate: null, releaseDate: '2026-02-26' });
  await enroll(as.ana, ids.rosa, '2026-02-20', team);
  await reached(as.ana, ids.rosa, '2026-03-01T16:00:00-06:00');

  // Dale goes home on Thursday and nobody has seen him since he enrolled.
  ids.dale = await participant(as.ana, cook, { firstName: 'Dale', custodyStatus: 'in_custody', expectedReleaseDate: '2026-03-05' });
  await enroll(as.ana, ids.dale, '2026-02-25', team);

  // Lena has gone quiet for ten days and her plan has a step past due.
  ids.lena = await participant(as.ana, cook, { firstName: 'Lena', custodyStatus: 'community', expectedReleaseDate: null, releaseDate: '2025-12-01' });
  await enroll(as.ana, ids.lena, '2026-01-10', team);
  await reached(as.ana, ids.lena, '2026-02-20T10:00:00-06:00');
  const plan = await as.ana.request('PUT', `/api/participants/${ids.lena}/plan`, {
    version: 0,
    goals: [{ text: 'Get my state ID', domain: 'community', steps: [{ what: 'Bring the birth certificate to the DMV', owner: 'participant', dueDate: '2026-02-25' }] }],
  });
  expect(plan.statusCode, plan.body).toBe(200);

  // Omar is doing fine: reached yesterday, out since October.
  ids.omar = await participant(as.ana, cook, { firstName: 'Omar', custodyStatus: 'community', expectedReleaseDate: null, releaseDate: '2025-10-01' });
  await enroll(as.ana, ids.omar, '2025-10-02', team);
  await reached(as.ana, ids.omar, '2026-03-01T11:00:00-06:00');

  // Nia moved away in January; her 6-month follow-up interview window closes on March 10.
  ids.nia = await participant(as.ana, cook, { firstName: 'Nia', custodyStatus: 'community', expectedReleaseDate: null, releaseDate: '2025-07-01' });
  const nia = await enroll(as.ana, ids.nia, '2025-07-08', team);
  expect((await as.ana.post(`/api/participants/${ids.nia}/enrollments/${nia.id}/interviews`, { kind: 'intake', conductedOn: '2025-07-10' })).statusCode).toBe(201);
  const discharged = await as.ana.post(`/api/participants/${ids.nia}/enrollments/${nia.id}/discharge`, { version: nia.version, dischargedOn: '2026-01-15', reason: 'moved' });
  expect(discharged.statusCode, discharged.body).toBe(200);

  // Joe is Ben's, at Lake County: released yesterday.
  ids.joe = await participant(as.ben, lake, { firstName: 'Joe', custodyStatus: 'community', expectedReleaseDate: null, releaseDate: '2026-03-01' });
  await enroll(as.ben, ids.joe, '2026-02-01', { coachId: cast.people.ben.id });
}, 120_000);
afterAll(async () => h.close());

describe('Ana opens her worklist', () => {
  it('lists who needs her now, highest risk first, each with the reasons', async () => {
    const w = await worklist(as.ana, '?assignedTo=me');
    expect(w.noContactDays).toBe(7);
    expect(w.considered).toBe(5);
    expect(w.flagged).toBe(4);
    expect(names(w)).toEqual(['Rosa Worklist', 'Dale Worklist', 'Lena Worklist', 'Nia Worklist']);
    const [rosa, dale, lena, nia] = w.items;
    expect(rosa?.reasons).toEqual([{ code: 'released_without_moud', releasedOn: '2026-02-26', daysSinceRelease: 4 }]);
    expect(rosa).toMatchObject({ phase: 'transition', today: '2026-03-02', coach: { id: cast.people.ana.id, name: 'Ana Reyes' }, caseManager: { name: 'Cai Morgan' }, dischargedOn: null });
    expect(dale?.reasons).toEqual([{ code: 'release_soon_without_contact', expectedOn: '2026-03-05', daysUntil: 3 }]);
    expect(dale?.lastReachedAt).toBeNull();
    expect(lena?.reasons).toEqual([
      { code: 'no_recent_contact', lastReachedOn: '2026-02-20', since: 'contact', days: 10 },
      { code: 'plan_steps_overdue', count: 1, oldestDueOn: '2026-02-25', daysOverdue: 5 },
    ]);
    expect(nia?.reasons).toEqual([{ code: 'follow_up_closing', closesOn: '2026-03-10', daysLeft: 8 }]);
    expect(nia?.dischargedOn).toBe('2026-01-15');
    expect(w.items.map((i) => i.score)).toEqual([...w.items.map((i) => i.score)].sort((a, b) => b - a));
  });

  it('records each person shown in the audit trail, and nobody who was not shown', async () => {
    const rows = await h.testDb.database.db
      .select({ participantId: auditEvents.participantId, details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'worklist.list'), eq(auditEvents.actorUserId, cast.people.ana.id)));
    const seen = new Set(rows.map((r) => r.participantId));
    expect(seen).toEqual(new Set([ids.rosa, ids.dale, ids.lena, ids.nia]));
    expect(rows.find((r) => r.participantId === ids.lena)?.details).toEqual({ reasons: ['no_recent_contact', 'plan_steps_overdue'] });
  });

  it('returns the highest-risk first when asked for fewer, and records only those shown', async () => {
    const before = await h.testDb.database.db.$count(auditEvents, eq(auditEvents.action, 'worklist.list'));
    const w = await worklist(as.ana, '?limit=2');
    expect(names(w)).toEqual(['Rosa Worklist', 'Dale Worklist']);
    expect(w.flagged).toBe(4);
    expect(await h.testDb.database.db.$count(auditEvents, eq(auditEvents.action, 'worklist.list'))).toBe(before + 2);
  });

  it('looks wider or narrower than the program setting when asked', async () => {
    expect(reasonsOf(await worklist(as.ana, '?noContactDays=14'), 'Lena Worklist')).toEqual(['plan_steps_overdue']);
    expect(reasonsOf(await worklist(as.ana, '?noContactDays=1'), 'Omar Worklist')).toEqual(['no_recent_contact']);
  });

  it('takes Rosa off once her first buprenorphine dose is recorded', async () => {
    const res = await as.ana.post(`/api/participants/${ids.rosa}/moud-episodes`, { medication: 'buprenorphine', providerName: 'Access Community Health', startedOn: '2026-03-01' });
    expect(res.statusCode, res.body).toBe(201);
    expect(names(await worklist(as.ana))).not.toContain('Rosa Worklist');
  });

  it('does not let medication started inside stand in for the pre-release visit', async () => {
    const res = await as.ana.post(`/api/participants/${ids.dale}/moud-episodes`, { medication: 'methadone', providerName: 'Cermak Health Services', startedOn: '2026-02-26' });
    expect(res.statusCode, res.body).toBe(201);
    // Dale is still inside: medication does not stand in for the pre-release visit.
    expect(reasonsOf(await worklist(as.ana), 'Dale Worklist')).toEqual(['release_soon_without_contact']);
  });

  it('takes someone off once the work is done: a contact today clears the silence', async () => {
    await reached(as.ana, ids.lena, '2026-03-02T08:30:00-06:00');
    expect(reasonsOf(await worklist(as.ana), 'Lena Worklist')).toEqual(['plan_steps_overdue']);
  });
});

describe('after an overdose', () => {
  it('an emergency-department visit is not an overdose: Omar, otherwise doing fine, stays off the list', async () => {
    const res = await as.ana.post(`/api/participants/${ids.omar}/events`, { kind: 'ed_visit', occurredOn: '2026-03-01', source: 'hospital' });
    expect(res.statusCode, res.body).toBe(201);
    expect(names(await worklist(as.ana))).not.toContain('Omar Worklist');
  });

  it('Omar, doing fine until an overdose his brother reported on Saturday, goes to the top of Ana’s list', async () => {
    const res = await as.ana.post(`/api/participants/${ids.omar}/events`, { kind: 'non_fatal_overdose', occurredOn: '2026-02-28', source: 'family' });
    expect(res.statusCode, res.body).toBe(201);
    const w = await worklist(as.ana);
    expect(w.items[0]?.participant.name).toBe('Omar Worklist');
    expect(w.items[0]?.reasons).toEqual([{ code: 'recent_overdose', occurredOn: '2026-02-28', daysAgo: 2 }]);
  });
});

describe('who sees whose worklist', () => {
  it('a supervisor sees everyone at her sites; one site at a time when she asks', async () => {
    expect(names(await worklist(as.sue))).toEqual(['Omar Worklist', 'Dale Worklist', 'Nia Worklist', 'Lena Worklist']);
    expect(names(await worklist(as.sue, `?siteId=${cast.sites.stateville}`))).toEqual([]);
    expect(names(await worklist(as.sue, `?assignedTo=${cast.people.cai.id}`))).toHaveLength(4);
    expect(names(await worklist(as.sue, `?assignedTo=${cast.people.ben.id}`))).toEqual([]);
  });

  it('a site she cannot see has nobody on it, rather than an error that would confirm anything', async () => {
    const w = await worklist(as.sue, `?siteId=${cast.sites.lake}`);
    expect(w).toEqual({ noContactDays: 7, considered: 0, flagged: 0, items: [] });
  });

  it('Ben sees only Lake County; the program administrator sees the whole hub', async () => {
    expect(names(await worklist(as.ben))).toEqual(['Joe Worklist']);
    expect(names(await worklist(as.pat))).toEqual(['Omar Worklist', 'Joe Worklist', 'Dale Worklist', 'Nia Worklist', 'Lena Worklist']);
  });

  it('an evaluator gets nothing identifiable, and nobody signed out gets anything', async () => {
    const eve = await as.eve.get('/api/worklist');
    expect(eve.statusCode).toBe(403);
    expect(errorCode(eve)).toBe('forbidden');
    expect((await h.app.inject({ method: 'GET', url: '/api/worklist' })).statusCode).toBe(401);
  });
});

describe('the interview schedule is per enrollment', () => {
  it('Kim, enrolled again with Cai alone, is on Cai’s list for the earlier episode’s follow-up; Ana, her former coach, no longer sees her there', async () => {
    const { cook } = cast.sites;
    const kim = await participant(as.ana, cook, { firstName: 'Kim', custodyStatus: 'community', expectedReleaseDate: null, releaseDate: '2025-07-01' });
    const first = await enroll(as.ana, kim, '2025-07-08', { coachId: cast.people.ana.id, caseManagerId: cast.people.cai.id });
    expect((await as.ana.post(`/api/participants/${kim}/enrollments/${first.id}/interviews`, { kind: 'intake', conductedOn: '2025-07-10' })).statusCode).toBe(201);
    const discharged = await as.ana.post(`/api/participants/${kim}/enrollments/${first.id}/discharge`, { version: first.version, dischargedOn: '2026-01-15', reason: 'incarcerated' });
    expect(discharged.statusCode, discharged.body).toBe(200);
    const second = await enroll(as.cai, kim, '2026-02-27', { caseManagerId: cast.people.cai.id });

    const cai = await worklist(as.cai, '?assignedTo=me');
    const item = cai.items.find((i) => i.participant.id === kim);
    expect(item).toMatchObject({ enrollmentId: second.id, dischargedOn: null, coach: null });
    expect(item?.reasons).toEqual([{ code: 'follow_up_closing', closesOn: '2026-03-10', daysLeft: 8, earlierEnrolledOn: '2025-07-08' }]);

    const ana = await worklist(as.ana, '?assignedTo=me');
    expect(ana.items.map((i) => i.participant.id)).not.toContain(kim);
    // Her site's list still has Kim: Ana works at Cook County, only not on Kim's team any more.
    expect((await worklist(as.ana)).items.map((i) => i.participant.id)).toContain(kim);
  });
});

describe('bad input', () => {
  it('names the field', async () => {
    for (const query of ['?noContactDays=0', '?noContactDays=91', '?noContactDays=a%20week']) {
      const res = await as.ana.get(`/api/worklist${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(fieldPaths(res)).toEqual(['querystring.noContactDays']);
    }
    expect(fieldPaths(await as.ana.get('/api/worklist?limit=1001'))).toEqual(['querystring.limit']);
    const who = await as.ana.get('/api/worklist?assignedTo=Ana');
    expect(fieldPaths(who)).toEqual(['querystring.assignedTo']);
    const site = await as.ana.get('/api/worklist?siteId=cook');
    expect(fieldPaths(site)).toEqual(['querystring.siteId']);
  });

  it('the program setting comes from the configuration', async () => {
    const strict = await h.variant({ worklistNoContactDays: 3 });
    const res = await strict.inject({ method: 'GET', url: '/api/worklist', headers: { authorization: `Bearer ${await cast.tokenFor('ana')}` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Worklist>().noContactDays).toBe(3);
  });

  it('whole sites’ worklists take turns (TANDEM_WORKLISTS_AT_ONCE); a caseload does not wait for them, and every answer is whole', async () => {
    // How many worklists read the database at once, counted where they open their session.
    const database = h.testDb.database;
    const session = database.session.bind(database);
    let now = 0;
    let most = 0;
    database.session = async (work) => {
      now += 1;
      most = Math.max(most, now);
      try {
        return await session(work);
      } finally {
        now -= 1;
      }
    };
    try {
      const token = await cast.tokenFor('pat');
      const ask = (app: typeof h.app, url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      const alone = (await ask(h.app, '/api/worklist')).json<Worklist>();

      const oneAtATime = await h.variant({ worklistsAtOnce: 1 });
      most = 0;
      const answers = await Promise.all([1, 2, 3, 4].map(() => ask(oneAtATime, '/api/worklist')));
      expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
      for (const r of answers) expect(r.json<Worklist>().items).toEqual(alone.items);
      expect(most, 'site worklists reading at once').toBe(1);

      // A caseload alongside them is not queued: two sessions at once.
      most = 0;
      const mixed = await Promise.all([ask(oneAtATime, '/api/worklist'), ask(oneAtATime, '/api/worklist'), ask(oneAtATime, '/api/worklist?assignedTo=me')]);
      expect(mixed.map((r) => r.statusCode)).toEqual([200, 200, 200]);
      expect(most).toBe(2);

      const three = await h.variant({ worklistsAtOnce: 3 });
      most = 0;
      await Promise.all([1, 2, 3, 4].map(() => ask(three, '/api/worklist')));
      expect(most).toBe(3);
    } finally {
      database.session = session;
    }
  });
});

describe('the day of a contact is the site’s day', () => {
  it('Tess, reached at 23:30 in Chicago a week ago (already the next day in UTC), has gone a week without contact', async () => {
    const tess = await participant(as.ana, cast.sites.cook, { firstName: 'Tess', custodyStatus: 'community', expectedReleaseDate: null, releaseDate: '2025-12-01' });
    await enroll(as.ana, tess, '2026-02-01', { coachId: cast.people.ana.id });
    await reached(as.ana, tess, '2026-02-23T23:30:00-06:00');
    const item = (await worklist(as.ana, '?assignedTo=me')).items.find((i) => i.participant.id === tess);
    expect(item?.lastReachedAt).toBe('2026-02-24T05:30:00.000Z');
    // Seven days at the site (23 February to 2 March); six by the UTC date.
    expect(item?.reasons).toEqual([{ code: 'no_recent_contact', lastReachedOn: '2026-02-23', since: 'contact', days: 7 }]);
  });
});

describe('a week later (last: it moves the clock, and sessions expire)', () => {
  it('moves with the calendar: a week later Dale’s expected release has passed while the record still says in custody', async () => {
    h.clock.advance(7 * 86_400_000);
    try {
      const res = await withToken(h.app, await cast.tokenFor('pat')).get('/api/worklist');
      expect(res.statusCode, res.body).toBe(200);
      const w = res.json<Worklist>();
      expect(w.items.find((i) => i.participant.name === 'Dale Worklist')?.reasons[0]).toEqual({ code: 'release_date_passed', expectedOn: '2026-03-05', daysPast: 4 });
      // Joe's release is now eight days old and still without medication; Nia's window closes tomorrow.
      expect(w.items.find((i) => i.participant.name === 'Joe Worklist')?.reasons[0]).toMatchObject({ code: 'released_without_moud', daysSinceRelease: 8 });
      expect(w.items.find((i) => i.participant.name === 'Nia Worklist')?.reasons).toEqual([{ code: 'follow_up_closing', closesOn: '2026-03-10', daysLeft: 1 }]);
    } finally {
      h.clock.advance(-7 * 86_400_000);
    }
  });
});
