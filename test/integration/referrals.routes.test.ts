/**
 * Closed-loop referrals: Ana refers Samuel, released from Cook County Jail, to the
 * Kedzie buprenorphine clinic. The send is refused until his consent is recorded;
 * then it goes out, lands in his accounting of disclosures with the §2.32 notice,
 * and follows the lifecycle to completion (with a no-show and a reschedule on the
 * way). A revoked consent blocks the next send; illegal steps and stale versions
 * are 409; bad input is named by field; other sites get 404 and evaluators 403;
 * everything is audited. The worklist flags a referral without movement for 7
 * days and counts a MOUD referral's appointment after release.
 */
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/server/db/database.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDISCLOSURE_NOTICE, type Consent, type ConsentCreateInput, type DisclosureList } from '../../src/core/consents.ts';
import type { Referral, ReferralSummary } from '../../src/core/referrals.ts';
import type { Resource } from '../../src/core/resources.ts';
import type { Worklist } from '../../src/core/worklist.ts';
import { addOrganization } from '../support/directory.ts';
import { castOfStaff, defined, errorCode, fieldPaths, participantInput, signInEveryone, startHarness, type Browser, type Cast, type Harness, type PersonKey } from '../support/harness.ts';

let h: Harness;
let cast: Cast;
let as: Record<PersonKey, Browser>;
let kedzie: string;
let housing: string;

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  as = await signInEveryone(cast);
  kedzie = await addOrganization(as.pat, 'Kedzie Recovery Clinic', ['moud']);
  housing = await addOrganization(as.pat, 'West Side Housing Partners', ['housing']);
});
afterAll(async () => h.close());

// The harness clock: 2026-03-02 15:00 UTC; today is 2026-03-02 in Chicago.
const DAY = 86_400_000;
async function newParticipant(firstName = 'Samuel'): Promise<string> {
  const res = await as.ana.post(
    '/api/participants',
    participantInput(cast.sites.cook, { firstName, custodyStatus: 'community', releaseDate: '2026-02-27', expectedReleaseDate: null }),
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}
const referralsOf = (pid: string) => `/api/participants/${pid}/referrals`;
const move = (id: string, body: Record<string, unknown>, by: Browser = as.ana) => by.post(`/api/referrals/${id}/transitions`, body);
async function step(r: Referral, body: Record<string, unknown>): Promise<Referral> {
  const res = await move(r.id, { version: r.version, ...body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Referral>();
}
async function draft(pid: string, body: Record<string, unknown> = {}): Promise<Referral> {
  const res = await as.ana.post(referralsOf(pid), { need: 'moud_treatment', resourceId: kedzie, urgency: 'urgent', notes: 'Released Friday; reachable through me', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Referral>();
}
const consent = (overrides: Partial<ConsentCreateInput> = {}): ConsentCreateInput => ({
  discloser: 'Cook County Jail peer recovery program',
  recipient: { kind: 'resource', resourceId: kedzie },
  information: ['referral_information'],
  purposes: ['treatment_referral'],
  expiresOn: '2027-03-01',
  signature: { kind: 'typed', typedName: 'Samuel Johnson' },
  signedOn: '2026-03-02',
  ...overrides,
});
async function recordConsent(pid: string, body: ConsentCreateInput): Promise<Consent> {
  const res = await as.ana.post(`/api/participants/${pid}/consents`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Consent>();
}
async function auditItems(pid: string) {
  const res = await as.pat.get(`/api/audit?participantId=${pid}&limit=200`);
  return res.json<{ items: { action: string; recordId: string | null; details: Record<string, unknown> | null }[] }>().items;
}
const message = (res: { body: string }) => (JSON.parse(res.body) as { error: { message: string } }).error.message;

describe('Ana refers Samuel to a buprenorphine clinic', () => {
  let pid: string;
  let r: Referral;
  let c: Consent;

  it('makes a draft: nothing shared yet, the next steps are send or close', async () => {
    pid = await newParticipant();
    r = await draft(pid);
    expect(r).toMatchObject({
      need: 'moud_treatment',
      urgency: 'urgent',
      resource: { id: kedzie, name: 'Kedzie Recovery Clinic' },
      status: 'draft',
      next: ['sent', 'closed'],
      consentId: null,
      sentAt: null,
      notice: null,
      fhirTaskStatus: 'draft',
      version: 1,
      createdBy: { id: cast.people.ana.id, name: 'Ana Reyes' },
    });
    expect(r.events).toMatchObject([{ from: null, to: 'draft', by: { name: 'Ana Reyes' } }]);
  });

  it('sending without a consent is refused with 409 consent_required, saying what consent is missing', async () => {
    const res = await move(r.id, { to: 'sent', version: 1 });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('consent_required');
    expect(message(res)).toBe(
      'No active consent allows sharing referral information with Kedzie Recovery Clinic. Record the participant\'s written consent to disclose referral information to Kedzie Recovery Clinic or “my treating providers”, for treatment referral or care coordination.',
    );
    const still = await as.ana.get(`/api/referrals/${r.id}`);
    expect(still.json<Referral>()).toMatchObject({ status: 'draft', version: 1 });
  });

  it('a consent for another organization, or for payment only, does not cover it', async () => {
    await recordConsent(pid, consent({ recipient: { kind: 'resource', resourceId: housing } }));
    await recordConsent(pid, consent({ purposes: ['payment'] }));
    const res = await move(r.id, { to: 'sent', version: 1 });
    expect(errorCode(res)).toBe('consent_required');
  });

  it('after his consent to "my treating providers" is recorded, the send goes out and is disclosed with the notice', async () => {
    c = await recordConsent(pid, consent({ recipient: { kind: 'class', recipientClass: 'treating_providers' }, purposes: ['care_coordination'] }));
    r = await step(r, { to: 'sent' });
    expect(r).toMatchObject({ status: 'sent', consentId: c.id, notice: REDISCLOSURE_NOTICE, fhirTaskStatus: 'requested', next: ['accepted', 'declined', 'closed'], version: 2 });
    expect(r.sentAt).toBe('2026-03-02T15:00:00.000Z');
    const d = await as.cai.get(`/api/participants/${pid}/disclosures`);
    expect(d.statusCode).toBe(200);
    expect(d.json<DisclosureList>().items).toEqual([
      {
        id: expect.any(String) as unknown,
        participantId: pid,
        kind: 'referral_sent',
        disclosedAt: '2026-03-02T15:00:00.000Z',
        recipientName: 'Kedzie Recovery Clinic',
        recipientResourceId: kedzie,
        information: ['referral_information'],
        purpose: 'care_coordination',
        consentId: c.id,
        consent: { id: c.id, signedOn: c.signedOn, recipientName: 'my treating providers' },
        referralId: r.id,
        disclosedBy: { id: cast.people.ana.id, name: 'Ana Reyes' },
        notice: REDISCLOSURE_NOTICE,
      },
    ]);
  });

  it('follows the loop: accepted, appointment, no-show, rescheduled, attended, completed — each step with who and when', async () => {
    r = await step(r, { to: 'accepted' });
    h.clock.advance(60_000);
    r = await step(r, { to: 'appointment_scheduled', appointmentOn: '2026-03-03', appointmentTime: '09:30', appointmentPlace: '3100 W. 26th St, 2nd floor' });
    expect(r).toMatchObject({ appointment: { on: '2026-03-03', time: '09:30', place: '3100 W. 26th St, 2nd floor' }, fhirTaskStatus: 'in-progress' });
    r = await step(r, { to: 'no_show', note: 'Bus did not come' });
    expect(r.fhirTaskStatus).toBe('on-hold');
    r = await step(r, { to: 'appointment_scheduled', appointmentOn: '2026-03-04', appointmentTime: null, appointmentPlace: null });
    r = await (async () => {
      const res = await move(r.id, { to: 'attended', version: r.version }, as.cai);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Referral>();
    })();
    r = await step(r, { to: 'completed' });
    expect(r).toMatchObject({ status: 'completed', outcome: 'engaged_in_services', next: [], fhirTaskStatus: 'completed', version: 8 });
    expect(r.events.map((e) => [e.from, e.to, e.by?.name])).toEqual([
      [null, 'draft', 'Ana Reyes'],
      ['draft', 'sent', 'Ana Reyes'],
      ['sent', 'accepted', 'Ana Reyes'],
      ['accepted', 'appointment_scheduled', 'Ana Reyes'],
      ['appointment_scheduled', 'no_show', 'Ana Reyes'],
      ['no_show', 'appointment_scheduled', 'Ana Reyes'],
      ['appointment_scheduled', 'attended', 'Cai Morgan'],
      ['attended', 'completed', 'Ana Reyes'],
    ]);
    expect(r.events[4]?.note).toBe('Bus did not come');
    expect(r.events[3]).toMatchObject({ appointmentOn: '2026-03-03', appointmentTime: '09:30', at: '2026-03-02T15:01:00.000Z' });
  });

  it('an illegal step is 409 illegal_transition and changes nothing; a stale version is 409 stale_version', async () => {
    const again = await move(r.id, { to: 'sent', version: r.version });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('illegal_transition');
    const other = await draft(pid);
    const skip = await move(other.id, { to: 'attended', version: 1 });
    expect(skip.statusCode).toBe(409);
    expect(errorCode(skip)).toBe('illegal_transition');
    expect(message(skip)).toContain('next: sent, closed');
    await step(other, { to: 'closed', outcome: 'participant_declined' });
    const stale = await move(other.id, { to: 'sent', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(errorCode(stale)).toBe('stale_version');
  });

  it('keeps on each referral the funnel stages its steps reached, for the reports; a bulk insert of steps sets them all', async () => {
    const { db } = h.testDb.database;
    const stages = async (id: string) =>
      rowsOf<{ accepted: boolean; appointment: boolean; attended: boolean; completed: boolean }>(
        await db.execute(sql`SELECT reached_accepted AS accepted, reached_appointment AS appointment, reached_attended AS attended,
          reached_completed AS completed FROM referrals WHERE id = ${id}`),
      )[0];
    // Through accepted, appointment, a no-show and a reschedule to completed: every stage, the no-show clearing none.
    expect(await stages(r.id)).toEqual({ accepted: true, appointment: true, attended: true, completed: true });
    const someoneElse = await newParticipant('Tomas');
    const closed = await draft(someoneElse);
    await step(closed, { to: 'closed', outcome: 'participant_declined' });
    expect(await stages(closed.id)).toEqual({ accepted: false, appointment: false, attended: false, completed: false });
    // Steps loaded in one statement (an import, the generator's COPY): one pass sets each referral's stages.
    const a = await draft(someoneElse);
    const b = await draft(someoneElse);
    await db.execute(sql`INSERT INTO referral_events (referral_id, from_status, to_status, version, at) VALUES
      (${a.id}, 'draft', 'accepted', 10, now()), (${b.id}, 'draft', 'appointment_scheduled', 10, now()), (${b.id}, 'appointment_scheduled', 'attended', 11, now())`);
    expect(await stages(a.id)).toEqual({ accepted: true, appointment: false, attended: false, completed: false });
    expect(await stages(b.id)).toEqual({ accepted: false, appointment: true, attended: true, completed: false });
  });

  it('the steps cannot be changed or deleted, even in the database', async () => {
    const { db } = h.testDb.database;
    await expect(db.execute(sql`UPDATE referral_events SET to_status = 'closed' WHERE referral_id = ${r.id}`)).rejects.toThrow();
    await expect(db.execute(sql`DELETE FROM referral_events WHERE referral_id = ${r.id}`)).rejects.toThrow();
    await expect(db.execute(sql`DELETE FROM disclosures WHERE referral_id = ${r.id}`)).rejects.toThrow();
  });

  it('every read and write is audited (field names, never values)', async () => {
    await as.sue.get(referralsOf(pid));
    await as.sue.get(`/api/referrals/${r.id}`);
    const items = await auditItems(pid);
    const actions = new Set(items.map((i) => i.action));
    for (const a of ['referral.create', 'referral.list', 'referral.read', 'referral.transition', 'disclosure.create', 'disclosure.list', 'consent.create']) {
      expect(actions, a).toContain(a);
    }
    expect(items.find((i) => i.action === 'referral.create' && i.recordId === r.id)?.details).toEqual({ fields: ['need', 'resourceId', 'urgency', 'notes'] });
    expect(JSON.stringify(items)).not.toContain('Bus did not come');
    expect(JSON.stringify(items)).not.toContain('reachable through me');
  });

  it('the list shows his referrals newest first, and filters by status', async () => {
    const all = (await as.ana.get(referralsOf(pid))).json<{ items: ReferralSummary[] }>().items;
    expect(all.map((x) => x.status)).toEqual(['closed', 'completed']);
    const done = (await as.ana.get(`${referralsOf(pid)}?status=completed`)).json<{ items: ReferralSummary[] }>().items;
    expect(done.map((x) => x.id)).toEqual([r.id]);
  });
});

describe('A revoked consent blocks the next send', () => {
  it('sends under a consent naming the clinic; after he revokes it the next referral is refused and says so', async () => {
    const pid = await newParticipant('Marcus');
    const c = await recordConsent(pid, consent());
    await step(await draft(pid), { to: 'sent' });
    const revoked = await as.ana.post(`/api/participants/${pid}/consents/${c.id}/revoke`, { revokedOn: '2026-03-02' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const next = await draft(pid, { need: 'mental_health' });
    const res = await move(next.id, { to: 'sent', version: 1 });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('consent_required');
    expect(message(res)).toContain('The consent that covered this was revoked.');
  });
});

describe('A referral names the service and location it is for', () => {
  it('keeps them (with their names) when they are the organization’s, and says which field is wrong otherwise', async () => {
    const pid = await newParticipant('Rosa');
    const clinic = (await as.pat.get(`/api/resources/${kedzie}`)).json<Resource>();
    const service = defined(clinic.services[0]);
    const location = defined(clinic.locations[0]);
    const r = await draft(pid, { serviceId: service.id, locationId: location.id });
    expect(r).toMatchObject({ service: { id: service.id, name: 'Kedzie Recovery Clinic services' }, location: { id: location.id, name: 'Main office' } });
    expect((await as.ana.get(`/api/referrals/${r.id}`)).json<Referral>().service?.id).toBe(service.id);
    expect((await draft(pid)).service).toBeNull();
    const housingOrg = (await as.pat.get(`/api/resources/${housing}`)).json<Resource>();
    const otherService = await as.ana.post(referralsOf(pid), { need: 'moud_treatment', resourceId: kedzie, serviceId: defined(housingOrg.services[0]).id });
    expect(fieldPaths(otherService)).toEqual(['serviceId']);
    const otherLocation = await as.ana.post(referralsOf(pid), { need: 'moud_treatment', resourceId: kedzie, locationId: defined(housingOrg.locations[0]).id });
    expect(fieldPaths(otherLocation)).toEqual(['locationId']);
  });
});

describe('Bad input is named by field', () => {
  it('names the field', async () => {
    const pid = await newParticipant('Dana');
    const badNeed = await as.ana.post(referralsOf(pid), { need: 'yoga', resourceId: kedzie });
    expect(fieldPaths(badNeed)).toEqual(['need']);
    const nowhere = await as.ana.post(referralsOf(pid), { need: 'housing', resourceId: '5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11' });
    expect(nowhere.statusCode).toBe(400);
    expect(fieldPaths(nowhere)).toEqual(['resourceId']);
    const badUrgency = await as.ana.post(referralsOf(pid), { need: 'housing', resourceId: housing, urgency: 'whenever' });
    expect(fieldPaths(badUrgency)).toEqual(['urgency']);
    await recordConsent(pid, consent());
    const r = await step(await step(await draft(pid), { to: 'sent' }), { to: 'accepted' });
    const noDate = await move(r.id, { to: 'appointment_scheduled', version: r.version });
    expect(fieldPaths(noDate)).toEqual(['appointmentOn']);
    const badTime = await move(r.id, { to: 'appointment_scheduled', version: r.version, appointmentOn: '2026-03-05', appointmentTime: '9am' });
    expect(fieldPaths(badTime)).toEqual(['appointmentTime']);
    const otherNoNote = await move(r.id, { to: 'closed', version: r.version, outcome: 'other' });
    expect(fieldPaths(otherNoNote)).toEqual(['note']);
    const noVersion = await move(r.id, { to: 'closed', outcome: 'not_engaged' });
    expect(fieldPaths(noVersion)).toEqual(['version']);
    const badStep = await move(r.id, { to: 'teleported', version: r.version });
    expect(badStep.statusCode).toBe(400);
  });
});

describe('Who may see and move referrals', () => {
  it('another site gets 404, an evaluator 403, a supervisor reads but does not write', async () => {
    const pid = await newParticipant('Lee');
    const r = await draft(pid);
    for (const res of [await as.ben.get(referralsOf(pid)), await as.ben.post(referralsOf(pid), { need: 'housing', resourceId: housing }), await as.ben.get(`/api/referrals/${r.id}`), await move(r.id, { to: 'closed', version: 1, outcome: 'not_engaged' }, as.ben)]) {
      expect(res.statusCode).toBe(404);
    }
    expect((await as.eve.get(referralsOf(pid))).statusCode).toBe(403);
    expect((await as.eve.get(`/api/referrals/${r.id}`)).statusCode).toBe(403);
    expect((await as.sue.get(`/api/referrals/${r.id}`)).statusCode).toBe(200);
    expect((await move(r.id, { to: 'closed', version: 1, outcome: 'not_engaged' }, as.sue)).statusCode).toBe(403);
    expect((await as.ana.get('/api/referrals/5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11')).statusCode).toBe(404);
  });
});

describe('The worklist', () => {
  it('a MOUD referral with an appointment after release clears "released without MOUD"; a referral still for 7 days is flagged, not at 6', async () => {
    const pid = await newParticipant('Rosa');
    const enroll = await as.ana.post(`/api/participants/${pid}/enrollments`, { enrolledOn: '2026-02-27', referralSource: 'jail_in_reach' });
    expect(enroll.statusCode, enroll.body).toBe(201);
    const reasonsOf = async () => {
      const res = await as.ana.get('/api/worklist?noContactDays=90');
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Worklist>().items.find((i) => i.participant.id === pid)?.reasons ?? [];
    };
    expect((await reasonsOf()).map((x) => x.code)).toEqual(['released_without_moud']);

    await recordConsent(pid, consent());
    let r = await step(await step(await draft(pid), { to: 'sent' }), { to: 'accepted' });
    r = await step(r, { to: 'appointment_scheduled', appointmentOn: '2026-03-04' });
    expect(await reasonsOf()).toEqual([]);

    const housingReferral = await draft(pid, { need: 'housing', resourceId: housing, urgency: 'routine' });
    try {
      h.clock.advance(6 * DAY);
      as = await signInEveryone(cast);
      expect((await reasonsOf()).map((x) => x.code)).not.toContain('referral_stalled');
      h.clock.advance(DAY);
      as = await signInEveryone(cast);
      const reasons = await reasonsOf();
      expect(reasons.filter((x) => x.code === 'referral_stalled')).toEqual([
        { code: 'referral_stalled', referralId: housingReferral.id, resourceName: 'West Side Housing Partners', status: 'draft', urgency: 'routine', daysSinceMovement: 7 },
        { code: 'referral_stalled', referralId: r.id, resourceName: 'Kedzie Recovery Clinic', status: 'appointment_scheduled', urgency: 'urgent', daysSinceMovement: 7 },
      ].sort((a, b) => (a.urgency === 'urgent' ? -1 : b.urgency === 'urgent' ? 1 : 0)));
    } finally {
      h.clock.set(new Date('2026-03-02T15:00:00Z'));
      as = await signInEveryone(cast);
    }
  });
});

describe('the OpenAPI description', () => {
  it('lists the referral, consent and disclosure endpoints under their tags', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>();
    const ops: [string, string, string][] = [
      ['/api/participants/{id}/referrals', 'get', 'referrals'],
      ['/api/participants/{id}/referrals', 'post', 'referrals'],
      ['/api/referrals/{id}', 'get', 'referrals'],
      ['/api/referrals/{id}/transitions', 'post', 'referrals'],
      ['/api/participants/{id}/consents', 'get', 'consents'],
      ['/api/participants/{id}/consents', 'post', 'consents'],
      ['/api/participants/{id}/consents/{consentId}', 'get', 'consents'],
      ['/api/participants/{id}/consents/{consentId}/revoke', 'post', 'consents'],
      ['/api/participants/{id}/disclosures', 'get', 'consents'],
    ];
    for (const [path, method, tag] of ops) expect(doc.paths[path]?.[method]?.tags, `${method} ${path}`).toEqual([tag]);
  });
});
