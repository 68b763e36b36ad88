import { eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoTestDatabase, createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { Browser } from '../../test/support/harness.ts';
import type { ParticipantSummary } from '../core/schemas.ts';
import type { Worklist } from '../core/worklist.ts';
import type { Analysis } from '../core/supervision.ts';
import { passwordWeakness } from '../server/auth/passwords.ts';
import { totpCode } from '../server/auth/totp.ts';
import { buildApp } from '../server/app.ts';
import { FakeClock } from '../server/clock.ts';
import { testConfig } from '../server/config.ts';
import { participants, participantSiteHistory } from '../server/participants/participants.table.ts';
import { sites } from '../server/sites/sites.table.ts';
import { users, userSites } from '../server/users/users.table.ts';
import { interviewSchedule } from '../core/enrollments.ts';
import { assessments, instruments, instrumentVersions } from '../server/assessments/assessments.table.ts';
import { enrollmentInterviews, enrollments } from '../server/enrollments/enrollments.table.ts';
import { recoveryPlans } from '../server/plans/plans.table.ts';
import { planParticipants } from './participants.ts';
import { DEMO_MFA_SECRET, DEMO_PASSWORD, PERSONA_LIST, PERSONAS, personaSiteIds } from './personas.ts';
import { demoNeedsSeed, holdsDemo, seedDemo, type DemoSeedResult } from './seed.ts';
import { DEMO_SITES } from './sites.ts';

const NOW = new Date('2026-03-02T15:00:00Z');

let testDb: TestDatabase;
let app: FastifyInstance;
let result: DemoSeedResult;

beforeAll(async () => {
  testDb = await createTestDatabase();
  expect(await demoNeedsSeed(testDb.database.db)).toBe(true);
  result = await seedDemo(testDb.database.db, NOW);
  app = await buildApp({ database: testDb.database, clock: new FakeClock(NOW), config: testConfig() });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await testDb.drop();
});

const names = async (t: TestDatabase) =>
  (await t.database.db.select({ first: participants.firstName, last: participants.lastName, dob: participants.dateOfBirth }).from(participants))
    .map((p) => `${p.last}, ${p.first} ${p.dob}`)
    .sort();

async function allVisible(browser: Browser): Promise<ParticipantSummary[]> {
  const items: ParticipantSummary[] = [];
  let cursor: string | null = null;
  do {
    const res = await browser.get(`/api/participants?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.statusCode).toBe(200);
    const page = res.json<{ items: ParticipantSummary[]; nextCursor: string | null }>();
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe('the demonstration program', () => {
  it('has a hub, 4 county jails, 2 state prisons, 2 emergency departments and an opioid treatment program', async () => {
    const rows = await testDb.database.db.select().from(sites);
    const byType = rows.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.type]: (acc[s.type] ?? 0) + 1 }), {});
    expect(byType).toEqual({ hub: 1, jail: 4, prison: 2, emergency_department: 2, opioid_treatment_program: 1 });
    expect(rows.find((s) => s.type === 'hub')?.name).toBe('Recovery Hub – University of Illinois Chicago');
    for (const s of Object.values(DEMO_SITES)) {
      expect(rows.find((r) => r.id === s.id), s.name).toMatchObject({ name: s.name, timeZone: 'America/Chicago' });
    }
    expect(result).toMatchObject({ sites: 10, users: PERSONA_LIST.length });
  });

  it('has every persona with its fixed id, role and sites, and the demo password passes the policy', async () => {
    const { db } = testDb.database;
    for (const p of PERSONA_LIST) {
      const [row] = await db.select().from(users).where(eq(users.id, p.id));
      expect(row, p.name).toMatchObject({ email: p.email, name: p.name, role: p.role, active: true, mustChangePassword: false });
      const assigned = (await db.select().from(userSites).where(eq(userSites.userId, p.id))).map((r) => r.siteId).sort();
      expect(assigned, p.name).toEqual(personaSiteIds(p).sort());
      expect(passwordWeakness(DEMO_PASSWORD, { email: p.email, name: p.name })).toBeNull();
    }
    expect(await holdsDemo(db)).toBe(true);
  });

  it('lets every persona sign in with the demo password', async () => {
    for (const p of PERSONA_LIST) {
      const res = await new Browser(app).signIn(p.email, DEMO_PASSWORD);
      expect(res.statusCode, `${p.name}: ${res.body}`).toBe(200);
      expect(res.json<{ user: { id: string; role: string } }>().user).toMatchObject({ id: p.id, role: p.role });
    }
  });

  it('gives program administrators an authenticator holding the published demo secret', async () => {
    const admin = new Browser(app);
    expect((await admin.passwordStep(PERSONAS.admin.email, DEMO_PASSWORD)).json()).toMatchObject({ mfaRequired: true });
    // Enrolled a year before now, so today's code is unused (the step before is taken by the sign-in above).
    const res = await admin.secondStep({ code: totpCode(DEMO_MFA_SECRET, new Date(NOW.getTime() + 30_000)) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ mfa: { enrolled: true, required: true }, session: 'active' });
  });

  it('has about 200 participants, each at one spoke, with an open site history row there', async () => {
    const { db } = testDb.database;
    const rows = await db.select().from(participants);
    expect(rows.length).toBe(200);
    expect(result.participants).toBe(200);
    const spokes = new Set(Object.values(DEMO_SITES).filter((s) => s.type !== 'hub').map((s) => s.id));
    for (const row of rows) expect(spokes.has(row.siteId)).toBe(true);
    for (const id of spokes) expect(rows.some((r) => r.siteId === id)).toBe(true);
    const open = await db.select().from(participantSiteHistory).where(isNull(participantSiteHistory.endedAt));
    expect(open.length).toBe(rows.length);
    for (const h of open) expect(rows.find((r) => r.id === h.participantId)?.siteId).toBe(h.siteId);
  });

  it('tells histories: releases recorded, transfers between sites, near-duplicate records', async () => {
    const { db } = testDb.database;
    expect(result.transfers).toBeGreaterThanOrEqual(3);
    const history = await db.select().from(participantSiteHistory);
    expect(history.length).toBe(200 + result.transfers);
    const rows = await db.select().from(participants);
    expect(rows.filter((r) => r.custodyStatus === 'in_custody' && r.expectedReleaseDate && r.expectedReleaseDate > '2026-03-02').length).toBeGreaterThan(30);
    expect(rows.filter((r) => r.custodyStatus === 'community' && r.releaseDate && r.version > 1).length).toBeGreaterThan(30);
    const languages = new Set(rows.map((r) => r.preferredLanguage));
    for (const code of ['en', 'es', 'pl']) expect(languages.has(code), code).toBe(true);

    const admin = new Browser(app);
    await admin.signIn(PERSONAS.admin.email, DEMO_PASSWORD);
    const dupes = await admin.get('/api/participants/duplicates?firstName=Jose&lastName=Hernandez&dateOfBirth=1990-02-11');
    expect(dupes.statusCode).toBe(200);
    expect(dupes.json<{ items: ParticipantSummary[] }>().items.map((p) => p.lastName).sort()).toEqual(['Hernandez', 'Hernández']);
  });

  it('is the same every time: a second seed gives the same people', async () => {
    // The demo template is seeded on its own, in another database (and usually by another test file): a second seed to compare with.
    const other = await createDemoTestDatabase(NOW);
    try {
      expect(await names(other)).toEqual(await names(testDb));
    } finally {
      await other.drop();
    }
    expect(planParticipants(NOW).map((p) => p.input)).toEqual(planParticipants(NOW).map((p) => p.input));
    // Building the template, when no other file has yet, seeds a whole second program.
  }, 180_000);

  it('seeds only an empty database', async () => {
    expect(await demoNeedsSeed(testDb.database.db)).toBe(false);
    await expect(seedDemo(testDb.database.db, NOW)).rejects.toThrow(/empty database/);
  });

  it("shows a coach only their own site's participants", async () => {
    const tasha = new Browser(app);
    await tasha.signIn(PERSONAS.cookCoach.email, DEMO_PASSWORD);
    const seen = await allVisible(tasha);
    const cook = await testDb.database.db.select().from(participants).where(eq(participants.siteId, DEMO_SITES.cookJail.id));
    expect(seen.length).toBe(cook.length);
    expect(seen.length).toBeGreaterThan(20);
    expect(new Set(seen.map((p) => p.siteId))).toEqual(new Set([DEMO_SITES.cookJail.id]));

    const [elsewhere] = await testDb.database.db.select().from(participants).where(eq(participants.siteId, DEMO_SITES.mountSinai.id)).limit(1);
    expect((await tasha.get(`/api/participants/${elsewhere?.id ?? ''}`)).statusCode).toBe(404);
  });

  it('gives the worklist a living morning: a coach’s own people to see, and across the hub every kind of reason', async () => {
    const tasha = new Browser(app);
    await tasha.signIn(PERSONAS.cookCoach.email, DEMO_PASSWORD);
    const mine = (await tasha.get('/api/worklist?assignedTo=me')).json<Worklist>();
    expect(mine.items.length).toBeGreaterThan(2);
    // The exceptions, not everyone.
    expect(mine.items.length).toBeLessThan(mine.considered * 0.75);
    const admin = new Browser(app);
    await admin.signIn(PERSONAS.admin.email, DEMO_PASSWORD);
    const hub = (await admin.get('/api/worklist')).json<Worklist>();
    const codes = new Set(hub.items.flatMap((i) => i.reasons.map((r) => r.code)));
    expect(codes).toEqual(new Set(['recent_overdose', 'released_without_moud', 'release_date_passed', 'release_soon_without_contact', 'no_recent_contact', 'follow_up_closing', 'plan_steps_overdue', 'referral_stalled']));
  });
  it('holds a living caseload: discharges and re-enrollments, every interview status, BARC-10 series, unfinished assessments, plans with history', async () => {
    const db = testDb.database.db;
    const episodes = await db.select().from(enrollments);
    const interviews = await db.select().from(enrollmentInterviews);
    const perPerson = new Map<string, number>();
    for (const e of episodes) perPerson.set(e.participantId, (perPerson.get(e.participantId) ?? 0) + 1);
    expect(episodes.filter((e) => e.dischargedOn !== null).length).toBeGreaterThan(5);
    expect(new Set(episodes.map((e) => e.dischargeReason).filter(Boolean)).size).toBeGreaterThan(2);
    expect([...perPerson.values()].filter((n) => n > 1).length).toBeGreaterThan(2);
    // The funder's schedule as of the demo's morning, at Chicago's date.
    const statuses = new Set(
      episodes.flatMap((e) =>
        interviewSchedule({ enrolledOn: e.enrolledOn, dischargedOn: e.dischargedOn, interviews: interviews.filter((i) => i.enrollmentId === e.id) }, '2026-03-02').map((x) => `${x.kind}:${x.status}`),
      ),
    );
    for (const want of ['intake:done', 'intake:missed', 'follow_up_6m:done', 'follow_up_6m:closing_soon', 'follow_up_6m:missed', 'discharge:done']) expect(statuses).toContain(want);

    const barc = await db
      .select({ status: assessments.status, score: assessments.score, key: instruments.key })
      .from(assessments)
      .innerJoin(instrumentVersions, eq(instrumentVersions.id, assessments.instrumentVersionId))
      .innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId));
    expect(barc.filter((a) => a.key === 'barc10' && a.status === 'completed').length).toBeGreaterThan(50);
    expect(barc.some((a) => a.status === 'in_progress')).toBe(true);
    expect(barc.some((a) => a.key === 'needs_screening' && a.status === 'completed')).toBe(true);

    const plans = await db.select({ version: recoveryPlans.version }).from(recoveryPlans);
    expect(plans.filter((p) => p.version > 1).length).toBeGreaterThan(2);
  });

  it('holds a year of supervision: about 100 sessions, mostly individual, coded, some double-coded and reconciled, with kappas', async () => {
    const evaluator = new Browser(app);
    await evaluator.signIn(PERSONAS.evaluator.email, DEMO_PASSWORD);
    const res = await evaluator.get('/api/supervision/analysis');
    expect(res.statusCode).toBe(200);
    const a = res.json<Analysis>();
    expect(a.totals.sessions).toBeGreaterThanOrEqual(90);
    expect(a.totals.sessions).toBeLessThanOrEqual(110);
    expect(a.totals.individual).toBeGreaterThan(a.totals.groupConsultation * 3);
    expect(a.totals.groupConsultation).toBeGreaterThan(10);
    expect(a.totals.coded).toBe(a.totals.sessions);
    expect(a.totals.doubleCoded).toBeGreaterThan(20);
    expect(a.totals.reconciled).toBeGreaterThan(10);
    expect(new Set(a.kindsByMonth.map((m) => m.month)).size).toBeGreaterThanOrEqual(12);
    expect(a.agreement.filter((g) => g.kappa !== null).length).toBeGreaterThan(8);
  });
});
