/**
 * Outcome reports. A small program is built through the API — six people at Cook
 * County Jail and Lake County Jail, their enrollments, contacts, referrals, MOUD,
 * naloxone, critical events and follow-up interviews — and the second quarter of
 * 2026 is reported on 30 September 2026. Every figure below was counted by hand
 * from the story (the counts are in the comments); the dashboard must equal them.
 * Then: Sam (site manager) sees only Cook, a report on Lake is refused to him, a
 * coach gets 403, an evaluator gets the same figures with counts of 1 to 10 people
 * suppressed, bad dates are named, and the program report comes as JSON, CSV and XLSX.
 */
import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardOutput, type Dashboard, type ReportTable } from '../../src/core/reports.ts';
import type { Referral } from '../../src/core/referrals.ts';
import { rowsOf } from '../../src/server/db/database.ts';
import { addOrganization } from '../support/directory.ts';
import {
  castOfStaff,
  defined,
  errorCode,
  fieldPaths,
  newStaff,
  participantInput,
  signedIn,
  signInEveryone,
  startHarness,
  type Browser,
  type Cast,
  type Harness,
  type PersonKey,
} from '../support/harness.ts';

let h: Harness;
let cast: Cast;
let as: Record<PersonKey, Browser>;
let evaluator: Browser;

const Q2 = 'from=2026-04-01&to=2026-06-30';
const dashboardOf = async (b: Browser, query = Q2) => {
  const res = await b.get(`/api/reports/dashboard?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  // Sent as pre-serialized text (dashboard-json.ts): valid under the schema, with no key it does not know.
  const body = res.json<Dashboard>();
  expect(body).toEqual(JSON.parse(JSON.stringify(dashboardOutput.parse(body))));
  // A browser takes gzip, spliced from the kept figures' compressed bytes: the same answer.
  const zipped = await b.request('GET', `/api/reports/dashboard?${query}`, undefined, { 'accept-encoding': 'gzip, deflate, br' });
  expect(zipped.statusCode, zipped.body).toBe(200);
  expect(zipped.headers['content-encoding']).toBe('gzip');
  expect(zipped.headers.vary).toBe('accept-encoding');
  expect({ ...(JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8')) as Dashboard), generatedAt: body.generatedAt }).toEqual(body);
  return body;
};

async function ok<T>(p: Promise<LightMyRequestResponse>, status = 201): Promise<T> {
  const res = await p;
  expect(res.statusCode, res.body).toBe(status);
  return res.json<T>();
}

interface Ids {
  alma: string;
  bea: string;
  cruz: string;
  dee: string;
  eli: string;
  fay: string;
}
const ids = {} as Ids;
const arms = {} as { alma: string; bea: string };

type Participant = { id: string };
type Episode = { id: string; version: number };

beforeAll(async () => {
  h = await startHarness();
  // Part one, on 10 May 2026 (15:00 UTC, 10:00 in Chicago): Alma, Bea and Dee are out; referrals go out.
  h.clock.set(new Date('2026-05-10T15:00:00Z'));
  cast = await castOfStaff(h);
  as = await signInEveryone(cast);
  const kedzie = await addOrganization(as.pat, 'Kedzie Recovery Clinic', ['moud']);
  const housing = await addOrganization(as.pat, 'West Side Housing Partners', ['housing']);

  const person = (by: Browser, site: string, o: Record<string, unknown>) => ok<Participant>(by.post('/api/participants', participantInput(site, o as never))).then((p) => p.id);
  ids.alma = await person(as.ana, cast.sites.cook, {
    firstName: 'Alma', lastName: 'Ortiz', dateOfBirth: '1990-05-01', gender: 'woman', race: ['white'], ethnicity: 'not_hispanic_or_latino',
    custodyStatus: 'community', releaseDate: '2026-04-10', expectedReleaseDate: null,
  });
  ids.bea = await person(as.ana, cast.sites.cook, {
    firstName: 'Bea', lastName: 'Nash', dateOfBirth: '2000-01-15', gender: 'man', race: ['black_or_african_american', 'white'], ethnicity: 'hispanic_or_latino',
    custodyStatus: 'community', releaseDate: '2026-05-01', expectedReleaseDate: null,
  });
  ids.dee = await person(as.ben, cast.sites.lake, {
    firstName: 'Dee', lastName: 'Fox', dateOfBirth: '1985-07-01', custodyStatus: 'community', releaseDate: '2026-03-15', expectedReleaseDate: null,
  });

  const consentFor = (by: Browser, pid: string, resourceId: string, name: string) =>
    ok(by.post(`/api/participants/${pid}/consents`, {
      discloser: 'Peer recovery program',
      recipient: { kind: 'resource', resourceId },
      information: ['referral_information'],
      purposes: ['treatment_referral'],
      expiresOn: '2027-03-01',
      signature: { kind: 'typed', typedName: name },
      signedOn: '2026-05-10',
    }));
  const refer = async (by: Browser, pid: string, need: string, resourceId: string, steps: Record<string, unknown>[]) => {
    let r = await ok<Referral>(by.post(`/api/participants/${pid}/referrals`, { need, resourceId, urgency: 'routine' }));
    for (const s of [{ to: 'sent' }, ...steps]) r = await ok<Referral>(by.post(`/api/referrals/${r.id}/transitions`, { version: r.version, ...s }), 200);
  };
  await consentFor(as.ana, ids.alma, kedzie, 'Alma Ortiz');
  await consentFor(as.ana, ids.alma, housing, 'Alma Ortiz');
  await consentFor(as.ana, ids.bea, kedzie, 'Bea Nash');
  await consentFor(as.ben, ids.dee, kedzie, 'Dee Fox');
  // R1 Alma → Kedzie: sent, accepted, appointment, attended, engaged.
  await refer(as.ana, ids.alma, 'moud_treatment', kedzie, [{ to: 'accepted' }, { to: 'appointment_scheduled', appointmentOn: '2026-05-12' }, { to: 'attended' }, { to: 'completed' }]);
  // R2 Alma → housing: sent, accepted, closed. R3 Bea → Kedzie: declined. R4 Dee → Kedzie (Lake): sent only.
  await refer(as.ana, ids.alma, 'housing', housing, [{ to: 'accepted' }, { to: 'closed', outcome: 'not_engaged' }]);
  await refer(as.ana, ids.bea, 'moud_treatment', kedzie, [{ to: 'declined' }]);
  await refer(as.ben, ids.dee, 'moud_treatment', kedzie, []);

  // Part two, on 30 September 2026: everything else, dated as it happened.
  h.clock.set(new Date('2026-09-30T15:00:00Z'));
  as = await signInEveryone(cast);
  ids.cruz = await person(as.ana, cast.sites.cook, {
    firstName: 'Cruz', lastName: 'Vega', dateOfBirth: '1960-02-01', gender: 'man', race: ['black_or_african_american'], ethnicity: 'not_hispanic_or_latino',
    custodyStatus: 'community', releaseDate: null, expectedReleaseDate: null, referralSource: 'emergency_department',
  });
  ids.eli = await person(as.ana, cast.sites.cook, {
    firstName: 'Eli', lastName: 'Tan', dateOfBirth: '1995-06-30', gender: 'man', race: ['asian'], ethnicity: 'not_hispanic_or_latino',
    custodyStatus: 'in_custody', expectedReleaseDate: '2026-12-01',
  });
  ids.fay = await person(as.ana, cast.sites.cook, {
    firstName: 'Fay', lastName: 'Lund', dateOfBirth: '1980-01-01', gender: 'woman', race: ['white'], ethnicity: 'not_hispanic_or_latino',
    custodyStatus: 'community', releaseDate: '2025-09-20', expectedReleaseDate: null,
  });

  const enroll = (by: Browser, pid: string, enrolledOn: string, referralSource = 'jail_in_reach') =>
    ok<Episode>(by.post(`/api/participants/${pid}/enrollments`, { enrolledOn, referralSource }));
  const interview = (by: Browser, pid: string, ep: Episode, kind: string, conductedOn: string) =>
    ok(by.post(`/api/participants/${pid}/enrollments/${ep.id}/interviews`, { kind, conductedOn }));
  const discharge = async (by: Browser, pid: string, ep: Episode, dischargedOn: string, reason: string) => {
    const list = await ok<{ items: Episode[] }>(by.get(`/api/participants/${pid}/enrollments`), 200);
    const current = defined(list.items.find((e) => e.id === ep.id), 'the episode');
    await ok(by.post(`/api/participants/${pid}/enrollments/${ep.id}/discharge`, { version: current.version, dischargedOn, reason }), 200);
  };
  const alma = await enroll(as.ana, ids.alma, '2026-04-05');
  await interview(as.ana, ids.alma, alma, 'intake', '2026-04-06');
  await enroll(as.ana, ids.bea, '2026-05-02');
  await enroll(as.ana, ids.cruz, '2026-06-20', 'emergency_department');
  const dee = await enroll(as.ben, ids.dee, '2026-04-10');
  await discharge(as.ben, ids.dee, dee, '2026-06-25', 'moved');
  const eli = await enroll(as.ana, ids.eli, '2025-09-01');
  await interview(as.ana, ids.eli, eli, 'intake', '2025-09-03');
  await interview(as.ana, ids.eli, eli, 'follow_up_6m', '2026-03-01');
  const fay = await enroll(as.ana, ids.fay, '2025-09-22');
  await interview(as.ana, ids.fay, fay, 'intake', '2025-10-01');
  await discharge(as.ana, ids.fay, fay, '2026-05-15', 'lost_to_contact');

  const contact = (by: Browser, pid: string, occurredAt: string, reached = true) =>
    ok(by.post(`/api/participants/${pid}/contacts`, {
      occurredAt, mode: 'in_person', locationType: 'community', reached, ...(reached ? { durationMinutes: 30 } : { attemptOutcome: 'no_answer' }),
    }));
  await contact(as.ana, ids.alma, '2026-04-12T15:00:00Z');
  await contact(as.ana, ids.alma, '2026-05-03T15:00:00Z');
  await contact(as.ana, ids.alma, '2026-06-15T15:00:00Z');
  await contact(as.ana, ids.alma, '2026-06-20T15:00:00Z', false);
  await contact(as.ana, ids.bea, '2026-05-20T15:00:00Z');
  await contact(as.ben, ids.dee, '2026-04-22T15:00:00Z');
  await contact(as.ana, ids.eli, '2026-07-02T15:00:00Z');

  const moud = (by: Browser, pid: string, body: Record<string, unknown>) => ok(by.post(`/api/participants/${pid}/moud-episodes`, { providerName: 'Kedzie Recovery Clinic', ...body }));
  await moud(as.ana, ids.alma, { medication: 'buprenorphine', startedOn: '2026-04-15' });
  await moud(as.ana, ids.bea, { medication: 'methadone', startedOn: '2026-05-25', endedOn: '2026-06-10', endReason: 'stopped_by_participant' });
  await moud(as.ana, ids.bea, { medication: 'methadone', startedOn: '2026-06-20', endedOn: '2026-07-20', endReason: 'stopped_by_participant' });
  await moud(as.ben, ids.dee, { medication: 'naltrexone', startedOn: '2026-04-25', endedOn: '2026-05-05', endReason: 'stopped_by_participant' });
  await moud(as.ana, ids.fay, { medication: 'buprenorphine', startedOn: '2025-10-01', endedOn: '2026-01-05', endReason: 'completed_taper' });

  const receive = (lotNumber: string, expiresOn: string, kits: number) =>
    ok<{ lotId?: string; lot?: { id: string } }>(as.pat.post('/api/naloxone/movements', {
      kind: 'received', siteId: cast.sites.cook, occurredOn: '2026-04-01', product: 'nasal_4mg', lotNumber, expiresOn, kits, source: 'State health department',
    }));
  await receive('SOON', '2026-11-15', 20);
  await receive('LATER', '2027-06-01', 30);
  const distribute = (body: Record<string, unknown>) => ok(as.ana.post('/api/naloxone/distributions', { siteId: cast.sites.cook, product: 'nasal_4mg', ...body }));
  await distribute({ recipientType: 'participant', participantId: ids.alma, kits: 2, distributedOn: '2026-04-12', trainingGiven: true });
  await distribute({ recipientType: 'community', communityRecipient: 'community_member', peopleCount: 8, zip: '60623', kits: 10, distributedOn: '2026-05-20', trainingGiven: true });
  await distribute({ recipientType: 'support_person', participantId: ids.bea, relationship: 'family_member', kits: 1, distributedOn: '2026-06-01', trainingGiven: false });
  await distribute({ recipientType: 'participant', participantId: ids.alma, kits: 1, distributedOn: '2026-07-05', trainingGiven: true });
  await ok(as.ana.post('/api/naloxone/reversals', {
    siteId: cast.sites.cook, participantId: ids.alma, occurredOn: '2026-06-10', administeredBy: 'family', dosesUsed: 1, survived: 'yes', emsCalled: true, rescueBreathing: null,
  }));

  const event = (by: Browser, pid: string, kind: string, occurredOn: string) => ok(by.post(`/api/participants/${pid}/events`, { kind, occurredOn, source: 'self_report' }));
  await event(as.ana, ids.bea, 'non_fatal_overdose', '2026-05-10');
  await event(as.ben, ids.dee, 'non_fatal_overdose', '2026-06-01');
  await event(as.ana, ids.fay, 'arrest', '2026-05-01');
  await event(as.ana, ids.cruz, 'ed_visit', '2026-06-19');

  // A study: Alma and Bea are randomized (by chance, so the test reads which arm each got).
  const study = await ok<{ id: string; version: number }>(as.pat.post('/api/studies', {
    name: 'CTI trial', arms: [{ key: 'cti', label: 'Critical time intervention', ratio: 1 }, { key: 'usual', label: 'Usual care', ratio: 1 }], blockSizes: [2, 4],
  }));
  await ok(as.pat.patch(`/api/studies/${study.id}`, { version: study.version, status: 'active' }), 200);
  for (const pid of [ids.alma, ids.bea]) {
    const a = await ok<{ arm: { key: string } }>(as.ana.post(`/api/studies/${study.id}/randomize`, { participantId: pid }));
    arms[pid === ids.alma ? 'alma' : 'bea'] = `${study.id}:${a.arm.key}`;
  }

  const eve2 = await newStaff(h, { key: 'ivy', name: 'Ivy Moss', role: 'evaluator', siteIds: [cast.sites.cook, cast.sites.lake] });
  evaluator = await signedIn(h.app, eve2.email);
}, 240_000);
afterAll(async () => h.close());
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('the dashboard for the second quarter of 2026, counted by hand', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await dashboardOf(as.pat);
  });

  it('covers every site for Pat, with today in Chicago and nothing suppressed', () => {
    expect(d.today).toBe('2026-09-30');
    expect(d.sites.map((s) => s.name)).toEqual(['Cook County Jail', 'Lake County Jail', 'Stateville Correctional Center']);
    expect(d.suppression).toEqual({ applied: false, maxSuppressed: 10 });
    expect(d.current.period).toEqual({ from: '2026-04-01', to: '2026-06-30', days: 91 });
    expect(d.comparison).toBeNull();
  });

  it('enrollment: 6 active (open on a day of the quarter), 4 enrolled, 2 discharged, 4 still open at its end', () => {
    // Active: Alma, Bea, Cruz, Dee, Eli (since 2025-09), Fay (until 05-15). Enrolled in Q2: Alma, Bea, Cruz, Dee.
    // Discharged: Dee (moved, 06-25), Fay (lost to contact, 05-15). Open on 06-30: Alma, Bea, Cruz, Eli.
    expect(d.current.enrollment).toEqual({
      enrolled: 4,
      active: 6,
      discharged: 2,
      activeAtEnd: 4,
      dischargedByReason: [
        { reason: 'lost_to_contact', people: 1, suppressed: [] },
        { reason: 'moved', people: 1, suppressed: [] },
      ],
      suppressed: [],
    });
  });

  it('contacts per participant per month: reached contacts over the people active each month', () => {
    // April: Alma 04-12, Dee 04-22 = 2 over Alma, Dee, Eli, Fay = 4 active. May: Alma 05-03, Bea 05-20 = 2 over
    // Alma, Bea, Dee, Eli, Fay = 5. June: Alma 06-15 = 1 over Alma, Bea, Cruz, Dee, Eli = 5. Eli's July contact is outside.
    // Whole quarter: 5 contacts over 14 participant-months; 1 attempt (Alma, 06-20); 3 people reached.
    const c = d.current.contacts;
    expect(c.byMonth.map((m) => [m.month, m.contacts, m.activePeople, m.perParticipant])).toEqual([
      ['2026-04', 2, 4, 0.5],
      ['2026-05', 2, 5, 0.4],
      ['2026-06', 1, 5, 0.2],
    ]);
    expect(c).toMatchObject({ contacts: 5, attempts: 1, peopleReached: 3, participantMonths: 14 });
    expect(c.perParticipantPerMonth).toBeCloseTo(5 / 14, 10);
  });

  it('the referral funnel, overall, by service category and by provider', () => {
    // R1 reached every stage; R2 sent and accepted; R3 declined; R4 only sent.
    const stages = (s: { stages: { stage: string; referrals: number | null }[] }) => s.stages.map((x) => x.referrals);
    expect(stages(d.current.referrals.overall)).toEqual([4, 2, 1, 1, 1]);
    expect(d.current.referrals.overall.stages[1]?.shareOfSent).toBe(0.5);
    expect(d.current.referrals.byCategory.map((c) => [c.category, stages(c)])).toEqual([
      ['moud', [3, 1, 1, 1, 1]],
      ['housing', [1, 1, 0, 0, 0]],
    ]);
    expect(d.current.referrals.byProvider.map((p) => [p.name, stages(p)])).toEqual([
      ['Kedzie Recovery Clinic', [3, 1, 1, 1, 1]],
      ['West Side Housing Partners', [1, 1, 0, 0, 0]],
    ]);
  });

  it('linkage to MOUD: Alma in 5 days, Bea in 24, Cruz (from the ED) not yet; median 14.5 days', () => {
    // Cohort: released in Q2 Alma (04-10), Bea (05-01); Cruz, referred from an ED, counted from his enrollment 06-20.
    // Dee was released in March, Fay in 2025, Eli is still inside. Every window has passed by 09-30.
    const l = d.current.linkage;
    expect(l.cohort).toBe(3);
    expect(l.within.map((w) => [w.days, w.linked.numerator, w.linked.denominator])).toEqual([
      [7, 1, 3],
      [14, 1, 3],
      [30, 2, 3],
    ]);
    expect(l.medianDays).toBe(14.5);
    expect(l.linkedEver).toBe(2);
    expect(l.byIndex.map((x) => [x.from, x.cohort])).toEqual([
      ['release', 2],
      ['ed_discharge', 1],
    ]);
  });

  it('MOUD retention: Kaplan-Meier of Alma (ongoing, censored at 168), Bea (stopped at 56) and Dee (stopped at 10)', () => {
    // First MOUD ever in Q2: Alma 04-15 (ongoing), Bea 05-25 (a 10-day gap joins her second episode; stops 07-20,
    // 72 days before today: an event at day 56), Dee 04-25 (stopped 05-05: day 10). Fay began in 2025: not in the cohort.
    // KM: day 10, 3 at risk, 1 event → 2/3; day 56, 2 at risk, 1 event → 1/3; day 168, 1 censored. Median 56.
    const r = d.current.retention;
    expect(r.cohort).toBe(3);
    expect(r.marks.map((m) => [m.days, m.retained, m.notRetained, m.notYet])).toEqual([
      [30, 2, 1, 0],
      [90, 1, 2, 0],
      [180, 0, 2, 1],
    ]);
    const all = r.curves.find((c) => c.dimension === 'overall');
    expect(all?.points.map((p) => [p.day, p.atRisk, p.events, p.censored])).toEqual([
      [0, 3, 0, 0],
      [10, 3, 1, 0],
      [56, 2, 1, 0],
      [168, 1, 0, 1],
    ]);
    [1, 2 / 3, 1 / 3, 1 / 3].forEach((v, i) => expect(all?.points[i]?.survival).toBeCloseTo(v, 12));
    expect(all?.medianDays).toBe(56);
    expect(all?.at[0]?.survival).toBeCloseTo(2 / 3, 12);
    expect(all?.at[1]?.survival).toBeCloseTo(1 / 3, 12);
    expect(all?.at[2]?.survival).toBeNull();
    expect(r.curves.map((c) => [c.dimension, c.label, c.people])).toEqual([
      ['overall', 'All', 3],
      ['site', 'Cook County Jail', 2],
      ['site', 'Lake County Jail', 1],
      ['medication', 'Methadone', 1],
      ['medication', 'Buprenorphine', 1],
      ['medication', 'Naltrexone', 1],
      // One curve per study arm with people in it: Alma and Bea were randomized.
      ...[
        ['cti', 'CTI trial: Critical time intervention'],
        ['usual', 'CTI trial: Usual care'],
      ].flatMap(([key, name]) => {
        const n = [arms.alma, arms.bea].filter((x) => x.endsWith(`:${String(key)}`)).length;
        return n ? [['study_arm', name, n]] : [];
      }),
    ]);
  });

  it('naloxone: 13 kits in the quarter, 9 people trained, 1 reversal; the lot expiring in November is flagged', () => {
    // Alma 2 kits (trained), a community fair 10 kits to 8 people (trained), Bea's mother 1 kit (no training);
    // Alma's July kit is outside the quarter. The SOON lot (expires 11-15, within 60 days of 09-30) gave the first kits.
    const n = d.current.naloxone;
    expect(n.kitsByRecipientType.map((k) => [k.recipientType, k.kits, k.distributions])).toEqual([
      ['participant', 2, 1],
      ['support_person', 1, 1],
      ['community', 10, 1],
    ]);
    expect(n).toMatchObject({ kits: 13, peopleTrained: 9, reversalsReported: 1, reversalsSurvived: 1 });
    expect(n.expiringStock).toHaveLength(1);
    expect(n.expiringStock[0]).toMatchObject({ siteName: 'Cook County Jail', lots: 1, earliestExpiresOn: '2026-11-15' });
    expect(n.expiringStock[0]?.kits).toBeLessThanOrEqual(20);
  });

  it('critical events: 2 overdoses, one of them 9 days after release', () => {
    const e = d.current.criticalEvents;
    expect(e).toMatchObject({ overdoses: 2, overdosesWithin30DaysOfRelease: 1, fatalOverdoses: 0 });
    expect(e.byKind.filter((k) => k.events).map((k) => [k.kind, k.events, k.people, k.eventsWithin30DaysOfRelease])).toEqual([
      ['non_fatal_overdose', 2, 2, 1],
      ['ed_visit', 1, 1, 0],
      ['arrest', 1, 1, 0],
    ]);
  });

  it('follow-up: of the two windows that closed in the quarter, Eli’s was done in time and Fay’s was missed; Alma and Dee are due now', () => {
    // Eli: intake 2025-09-03 → window 2026-02-03..2026-05-03, done 2026-03-01. Fay: intake 2025-10-01 → 2026-03-01..2026-06-01, not done.
    // Due today: Alma (window 2026-09-06..2026-12-06) at Cook, Dee (from enrollment: 2026-09-10..2026-12-10) at Lake.
    const f = d.current.followUp;
    expect(f.rate).toEqual({ numerator: 1, denominator: 2, rate: 0.5, suppressed: [] });
    expect(f).toMatchObject({ target: 0.8, meetsTarget: false, dueNow: 2, closingSoon: 0 });
    expect(f.dueBySite.map((x) => [x.siteName, x.dueNow])).toEqual([
      ['Cook County Jail', 1],
      ['Lake County Jail', 1],
    ]);
  });

  it('breaks every measure down by site, race (several races counted once), ethnicity, gender and age group at the quarter’s end', () => {
    const row = (dimension: string, value: string) => d.current.breakdowns.find((r) => r.dimension === dimension && r.value === value);
    expect(row('site', cast.sites.cook)).toMatchObject({ label: 'Cook County Jail', enrolled: 3, active: 5, discharged: 1, contacts: 4, referralsSent: 3, linkageCohort: 3, retentionCohort: 2, overdoses: 1 });
    expect(row('site', cast.sites.lake)).toMatchObject({ enrolled: 1, active: 1, discharged: 1, contacts: 1, referralsSent: 1, linkageCohort: 0, retentionCohort: 1, overdoses: 1 });
    expect(d.current.breakdowns.filter((r) => r.dimension === 'race').map((r) => [r.value, r.active])).toEqual([
      ['asian', 1],
      ['black_or_african_american', 1],
      ['white', 2],
      ['two_or_more_races', 1],
      ['unknown', 1],
    ]);
    expect(row('race', 'two_or_more_races')).toMatchObject({ label: 'Two or more races', enrolled: 1, overdosePeople: 1, linkageCohort: 1 });
    expect(row('race', 'two_or_more_races')?.linkedWithin30).toEqual({ numerator: 1, denominator: 1, rate: 1, suppressed: [] });
    // Bea (two or more races) was released 1 May and first dosed 25 May: 24 days, so not within 7 or 14.
    expect(row('race', 'two_or_more_races')?.linkedWithin14).toEqual({ numerator: 0, denominator: 1, rate: 0, suppressed: [] });
    expect(row('race', 'two_or_more_races')?.linkedWithin7?.numerator).toBe(0);
    expect(d.current.breakdowns.every((r) => r.fatalOverdoses === 0)).toBe(true);
    expect(d.current.breakdowns.filter((r) => r.dimension === 'gender').map((r) => [r.value, r.active, r.enrolled, r.discharged])).toEqual([
      ['woman', 2, 1, 1],
      ['man', 3, 2, 0],
      ['unknown', 1, 1, 1],
    ]);
    expect(d.current.breakdowns.filter((r) => r.dimension === 'age_group').map((r) => [r.value, r.active])).toEqual([
      ['25_34', 2],
      ['35_44', 2],
      ['45_54', 1],
      ['65_plus', 1],
    ]);
    expect(row('ethnicity', 'hispanic_or_latino')?.active).toBe(1);
    // Study arms: each randomized person under their arm; nobody else has one.
    const armRows = d.current.breakdowns.filter((r) => r.dimension === 'study_arm');
    expect(sum(armRows.map((r) => r.active ?? 0))).toBe(2);
    const almaArm = defined(armRows.find((r) => r.value === arms.alma));
    expect(almaArm.label).toMatch(/^CTI trial: (Critical time intervention|Usual care)$/);
    expect(almaArm.enrolled).toBe(arms.alma === arms.bea ? 2 : 1);
    expect(defined(armRows.find((r) => r.value === arms.bea)).retentionCohort).toBe(arms.alma === arms.bea ? 2 : 1);
    expect(row('age_group', '45_54')?.followUp).toEqual({ numerator: 0, denominator: 1, rate: 0, suppressed: [] });
  });

  it('compares with the previous quarter: 6 active against 2, no enrollments before (no percent change from 0)', async () => {
    const c = await dashboardOf(as.pat, `${Q2}&compare=previous_period`);
    expect(c.comparison?.figures.period).toEqual({ from: '2026-01-01', to: '2026-03-31', days: 90 });
    const change = (m: string) => c.comparison?.changes.find((x) => x.measure === m);
    // Before April: Eli and Fay were enrolled (both since September 2025); nobody newly enrolled.
    expect(change('active')).toEqual({ measure: 'active', current: 6, previous: 2, difference: 4, percentChange: 200 });
    expect(change('enrolled')).toEqual({ measure: 'enrolled', current: 4, previous: 0, difference: 4, percentChange: null });
    const year = await dashboardOf(as.pat, `${Q2}&compare=previous_year`);
    expect(year.comparison?.figures.period).toEqual({ from: '2025-04-01', to: '2025-06-30', days: 91 });
  });
});

describe('who sees what', () => {
  it('Sam, who manages Cook, sees Cook only; asking for Lake is refused', async () => {
    const d = await dashboardOf(as.sam);
    expect(d.sites.map((s) => s.name)).toEqual(['Cook County Jail']);
    // Cook: Alma, Bea, Cruz, Eli, Fay active; Alma, Bea, Cruz enrolled; Fay discharged.
    expect(d.current.enrollment).toMatchObject({ active: 5, enrolled: 3, discharged: 1 });
    expect(d.current.referrals.overall.stages.map((s) => s.referrals)).toEqual([3, 2, 1, 1, 1]);
    const lake = await as.sam.get(`/api/reports/dashboard?${Q2}&siteId=${cast.sites.lake}`);
    expect(lake.statusCode).toBe(403);
    expect(errorCode(lake)).toBe('site_not_yours');
    const both = await as.sam.get(`/api/reports/program?${Q2}&siteId=${cast.sites.cook},${cast.sites.lake}`);
    expect(both.statusCode).toBe(403);
  });

  it('Pat filters to Lake with a repeated siteId; an unknown site is a bad siteId', async () => {
    const d = await dashboardOf(as.pat, `${Q2}&siteId=${cast.sites.lake}&siteId=${cast.sites.lake}`);
    expect(d.sites.map((s) => s.name)).toEqual(['Lake County Jail']);
    expect(d.current.enrollment).toMatchObject({ active: 1, enrolled: 1, discharged: 1 });
    const unknown = await as.pat.get(`/api/reports/dashboard?${Q2}&siteId=00000000-0000-4000-8000-000000000001`);
    expect(unknown.statusCode).toBe(400);
    expect(fieldPaths(unknown)).toEqual(['querystring.siteId']);
  });

  it('a coach and a case manager get 403', async () => {
    expect((await as.ana.get(`/api/reports/dashboard?${Q2}`)).statusCode).toBe(403);
    expect((await as.cai.get(`/api/reports/program?${Q2}&format=csv`)).statusCode).toBe(403);
  });

  it('an evaluator assigned to no site works for the whole program (suppressed), as the analysis export does', async () => {
    const whole = await dashboardOf(as.eve);
    expect(whole.suppression.applied).toBe(true);
    expect(whole.sites.map((s) => s.id).sort()).toEqual(Object.values(cast.sites).sort());
  });

  it('an evaluator gets the same figures with every count of 1 to 10 people suppressed, zeros and kits shown', async () => {
    const d = await dashboardOf(evaluator);
    expect(d.suppression.applied).toBe(true);
    expect(d.current.enrollment).toMatchObject({ enrolled: null, active: null, discharged: null, activeAtEnd: null });
    expect(d.current.enrollment.suppressed).toEqual(['enrolled', 'active', 'discharged', 'activeAtEnd']);
    expect(d.current.referrals.overall.stages[0]).toEqual({ stage: 'sent', referrals: null, shareOfSent: null, suppressed: ['referrals', 'shareOfSent'] });
    expect(d.current.followUp.rate).toEqual({ numerator: null, denominator: null, rate: null, suppressed: ['numerator', 'denominator', 'rate'] });
    expect(d.current.criticalEvents.fatalOverdoses).toBe(0);
    expect(d.current.naloxone.kits).toBe(13);
    expect(d.current.naloxone.peopleTrained).toBeNull();
    expect(d.current.linkage.medianDays).toBeNull();
    const all = d.current.retention.curves.find((c) => c.dimension === 'overall');
    expect(all).toMatchObject({ people: null, points: [], medianDays: null });
    for (const row of d.current.breakdowns) {
      for (const key of ['enrolled', 'active', 'discharged', 'overdosePeople'] as const) {
        const v = row[key];
        expect(v === null || v === 0 || v >= 11).toBe(true);
      }
    }
    // Nothing identifying anywhere in the answer.
    const text = JSON.stringify(d);
    for (const name of ['Alma', 'Bea', 'Cruz', 'Dee', 'Eli', 'Fay']) expect(text).not.toContain(name);
    for (const id of Object.values(ids)) expect(text).not.toContain(id);
  });

  it('refuses bad dates, naming the fields', async () => {
    const bad = await as.pat.get('/api/reports/dashboard?from=2026-02-30&to=06/30/2026');
    expect(bad.statusCode).toBe(400);
    expect(fieldPaths(bad).sort(), bad.body).toEqual(['querystring.from', 'querystring.to']);
    const backwards = await as.pat.get('/api/reports/dashboard?from=2026-06-30&to=2026-04-01');
    expect(fieldPaths(backwards)).toEqual(['querystring.to']);
    const missing = await as.pat.get('/api/reports/program?to=2026-06-30&format=pdf');
    expect(fieldPaths(missing).sort()).toEqual(['querystring.format', 'querystring.from']);
    const compare = await as.pat.get(`/api/reports/dashboard?${Q2}&compare=last_week`);
    expect(fieldPaths(compare)).toEqual(['querystring.compare']);
  });
});

describe('the program report', () => {
  it('as JSON: tables with titled columns, the first saying what the report covers', async () => {
    const res = await as.pat.get(`/api/reports/program?${Q2}`);
    expect(res.statusCode, res.body).toBe(200);
    const tables = res.json<ReportTable[]>();
    expect(tables[0]).toMatchObject({ id: 'report', title: 'Program report' });
    expect(tables.map((t) => t.id)).toEqual(expect.arrayContaining(['summary', 'enrollment', 'referral_funnel', 'linkage', 'retention', 'retention_curve_all', 'naloxone', 'critical_events', 'follow_up', 'by_race', 'by_age_group']));
    const summary = tables.find((t) => t.id === 'summary');
    expect(summary?.rows.find((r) => r.measure === 'People enrolled')?.value).toBe(4);
    expect(summary?.rows.find((r) => r.measure === 'Follow-up interviews done in window (%)')?.value).toBe(50);
  });

  it('as one CSV file: each table under its title row, suppressed cells written "suppressed" for an evaluator', async () => {
    const res = await evaluator.get(`/api/reports/program?${Q2}&format=csv`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="tandem-program-report-2026-04-01-to-2026-06-30.csv"');
    const lines = res.body.split('\r\n');
    const at = lines.indexOf('Enrollment');
    expect(lines.slice(at, at + 3)).toEqual(['Enrollment', 'Measure,People', 'Enrolled in the period,suppressed']);
    expect(res.body).toContain('All distributions,13,');
    for (const name of ['Alma', 'Bea', 'Dee']) expect(res.body).not.toContain(name);
  });

  it('as an XLSX workbook: one sheet per table, bold header, numbers as numbers', async () => {
    const res = await as.pat.get(`/api/reports/program?${Q2}&format=xlsx&compare=previous_year`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="tandem-program-report-2026-04-01-to-2026-06-30.xlsx"');
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const workbook = strFromU8(defined(files['xl/workbook.xml']));
    expect(workbook).toContain('<sheet name="Program report" sheetId="1" r:id="rId1"/>');
    expect(workbook).toContain('name="Summary"');
    const sheets = Object.keys(files).filter((f) => f.startsWith('xl/worksheets/'));
    expect(sheets.length).toBe((workbook.match(/<sheet /g) ?? []).length);
    const enrollment = strFromU8(defined(files[`xl/worksheets/sheet3.xml`]));
    expect(enrollment).toContain('<c r="A1" t="inlineStr" s="1"><is><t xml:space="preserve">Measure</t></is></c>');
    expect(enrollment).toContain('<c r="B2"><v>4</v></c>');
  });

  it('writes one audit row per report generated: actor, which report, period, sites', async () => {
    const { db } = h.testDb.database;
    const rows = {
      rows: rowsOf<{ action: string; details: Record<string, unknown>; participant_id: string | null }>(
        await db.execute(sql`select action, details, participant_id from audit_events where record_type = 'report' order by id`),
      ),
    };
    expect(rows.rows.length).toBeGreaterThan(5);
    expect(rows.rows.every((r) => r.participant_id === null)).toBe(true);
    expect(rows.rows).toContainEqual({
      action: 'report.program',
      participant_id: null,
      details: { from: '2026-04-01', to: '2026-06-30', compare: 'previous_year', format: 'xlsx', sites: 'all' },
    });
    expect(rows.rows).toContainEqual({
      action: 'report.dashboard',
      participant_id: null,
      details: { from: '2026-04-01', to: '2026-06-30', compare: null, format: 'json', sites: [cast.sites.cook] },
    });
  });
});

describe('who is due a 6-month follow-up', () => {
  type Due = { today: string; items: { participantId: string; name: string; siteName: string; closesOn: string; daysLeft: number }[] };

  it('names them for Pat (window closing first), Sam sees his site only, an evaluator and a coach get 403; each one listed is audited', async () => {
    const due = await ok<Due>(as.pat.get('/api/reports/follow-ups-due'), 200);
    expect(due.today).toBe('2026-09-30');
    // Alma: intake 6 April, window 6 September – 6 December. Dee: no intake, enrolled 10 April, discharged (moved): still owed.
    expect(due.items.map((i) => [i.name, i.siteName, i.closesOn, i.daysLeft])).toEqual([
      ['Alma Ortiz', 'Cook County Jail', '2026-12-06', 67],
      ['Dee Fox', 'Lake County Jail', '2026-12-10', 71],
    ]);
    const sams = await ok<Due>(as.sam.get('/api/reports/follow-ups-due'), 200);
    expect(sams.items.map((i) => i.name)).toEqual(['Alma Ortiz']);
    expect((await as.sam.get(`/api/reports/follow-ups-due?siteId=${cast.sites.lake}`)).statusCode).toBe(403);
    expect((await evaluator.get('/api/reports/follow-ups-due')).statusCode).toBe(403);
    expect((await as.ana.get('/api/reports/follow-ups-due')).statusCode).toBe(403);
    expect(fieldPaths(await as.pat.get('/api/reports/follow-ups-due?limit=0'))).toEqual(['querystring.limit']);
    const audited = rowsOf<{ participant_id: string }>(
      await h.testDb.database.db.execute(sql`select participant_id from audit_events where action = 'report.follow_ups_due' order by id`),
    ).map((r) => r.participant_id);
    expect(audited).toEqual([ids.alma, ids.dee, ids.alma]);
  });

  it('owes none for a participant who has died: gone from the list and from "due now"', async () => {
    const list = await ok<{ items: Episode[] }>(as.ana.get(`/api/participants/${ids.alma}/enrollments`), 200);
    const open = defined(list.items[0], 'Alma’s episode');
    await ok(as.ana.post(`/api/participants/${ids.alma}/enrollments/${open.id}/discharge`, { version: open.version, dischargedOn: '2026-09-20', reason: 'deceased' }), 200);
    const due = await ok<Due>(as.pat.get('/api/reports/follow-ups-due'), 200);
    expect(due.items.map((i) => i.name)).toEqual(['Dee Fox']);
    const d = await dashboardOf(as.pat, 'from=2026-07-01&to=2026-09-30');
    expect(d.current.followUp.dueNow).toBe(1);
  });
});
