/**
 * Critical events: Samuel leaves Cook County Jail on Feb 1. Ana records the
 * non-fatal overdose his sister reported (day 10: within the first 30 days
 * after release) and an ED visit on day 30 (not). Weeks later the medical
 * examiner reports his death: recording it closes his open enrollment as
 * deceased, but only once Ana confirms. Who may do which; bad input by field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CriticalEvent } from '../../src/core/events.ts';
import { addOrganization } from '../support/directory.ts';
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

interface Enrollment {
  id: string;
  dischargedOn: string | null;
  dischargeReason: string | null;
}

async function newParticipant(releaseDate = '2026-02-01'): Promise<string> {
  const res = await as.ana.post('/api/participants', participantInput(cast.sites.cook, { custodyStatus: 'community', releaseDate, expectedReleaseDate: null }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}
const url = (pid: string) => `/api/participants/${pid}/events`;
async function events(pid: string, by: Browser = as.ana): Promise<CriticalEvent[]> {
  const res = await by.get(url(pid));
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: CriticalEvent[] }>().items;
}
async function enrollments(pid: string): Promise<Enrollment[]> {
  return (await as.ana.get(`/api/participants/${pid}/enrollments`)).json<{ items: Enrollment[] }>().items;
}

describe('Ana records what happened to Samuel after his release', () => {
  let pid: string;

  it('an overdose on day 10 is flagged as within 30 days of release; an ED visit on day 30 is not', async () => {
    pid = await newParticipant();
    const enrolled = await as.ana.post(`/api/participants/${pid}/enrollments`, { enrolledOn: '2026-02-01', referralSource: 'jail_in_reach' });
    expect(enrolled.statusCode, enrolled.body).toBe(201);

    const od = await as.ana.post(url(pid), { kind: 'non_fatal_overdose', occurredOn: '2026-02-11', source: 'family', notes: 'His sister used the kit we gave her' });
    expect(od.statusCode, od.body).toBe(201);
    expect(od.json<CriticalEvent>()).toMatchObject({ kind: 'non_fatal_overdose', daysSinceRelease: 10, withinPostReleaseWindow: true, closedEnrollmentId: null, createdBy: { name: 'Ana Reyes' } });
    const ed = await as.cai.post(url(pid), { kind: 'ed_visit', occurredOn: '2026-03-02', source: 'hospital' });
    expect(ed.statusCode, ed.body).toBe(201);
    expect(ed.json<CriticalEvent>()).toMatchObject({ daysSinceRelease: 29, withinPostReleaseWindow: true });
    const later = await as.cai.post(url(pid), { kind: 'arrest', occurredOn: '2026-02-20', source: 'jail_roster' });
    expect(later.statusCode).toBe(201);
    const inCustody = await newParticipant('2026-03-01');
    const before = await as.ana.post(url(inCustody), { kind: 'hospitalization', occurredOn: '2026-02-27', source: 'hospital' });
    expect(before.json<CriticalEvent>()).toMatchObject({ daysSinceRelease: null, withinPostReleaseWindow: false });
    expect((await events(pid)).map((e) => e.kind)).toEqual(['ed_visit', 'arrest', 'non_fatal_overdose']);
  });

  it('day 30 after release is no longer flagged', async () => {
    const other = await newParticipant('2026-01-31');
    const res = await as.ana.post(url(other), { kind: 'ed_visit', occurredOn: '2026-03-02', source: 'hospital' });
    expect(res.json<CriticalEvent>()).toMatchObject({ daysSinceRelease: 30, withinPostReleaseWindow: false });
  });

  it('his death is refused without confirmation while he is enrolled, and nothing is recorded', async () => {
    const res = await as.ana.post(url(pid), { kind: 'death', occurredOn: '2026-03-01', source: 'medical_examiner', cause: 'Fentanyl toxicity' });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('confirmation_required');
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/open enrollment.*deceased/);
    expect((await events(pid)).map((e) => e.kind)).not.toContain('death');
    expect((await enrollments(pid))[0]?.dischargedOn).toBeNull();
  });

  it('confirmed, the death closes the enrollment as deceased on the day of death, audited by field name', async () => {
    const res = await as.ana.post(url(pid), { kind: 'death', occurredOn: '2026-03-01', source: 'medical_examiner', cause: 'Fentanyl toxicity', confirmCloseEnrollment: true });
    expect(res.statusCode, res.body).toBe(201);
    const death = res.json<CriticalEvent>();
    const [episode] = await enrollments(pid);
    expect(episode).toMatchObject({ dischargedOn: '2026-03-01', dischargeReason: 'deceased' });
    expect(death.closedEnrollmentId).toBe(episode?.id);
    const audit = await as.pat.get(`/api/audit?participantId=${pid}&limit=100`);
    const rows = audit.json<{ items: { action: string; details: unknown }[] }>().items;
    expect(rows.find((r) => r.action === 'critical_event.create')?.details).toEqual({ fields: ['kind', 'occurredOn', 'source', 'cause'] });
    expect(rows.some((r) => r.action === 'enrollment.discharge')).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('Fentanyl');
  });

  it('with only a referral open (no enrollment), a death still asks first, then closes it as participant_deceased', async () => {
    const other = await newParticipant();
    const housing = await addOrganization(as.pat, 'West Side Housing Partners', ['housing']);
    const made = await as.ana.post(`/api/participants/${other}/referrals`, { need: 'housing', resourceId: housing });
    expect(made.statusCode, made.body).toBe(201);
    const referral = made.json<{ id: string }>();
    const referralNow = async () =>
      (await as.ana.get(`/api/referrals/${referral.id}`)).json<{ status: string; outcome: string | null; events: { to: string; outcome: string | null; note: string | null }[] }>();
    const asked = await as.ana.post(url(other), { kind: 'fatal_overdose', occurredOn: '2026-02-28', source: 'medical_examiner' });
    expect(asked.statusCode).toBe(409);
    expect(errorCode(asked)).toBe('confirmation_required');
    expect(asked.json<{ error: { message: string } }>().error.message).toMatch(/open referral \(West Side Housing Partners\)/);
    expect(asked.json<{ error: { message: string } }>().error.message).not.toMatch(/enrollment/);
    expect((await referralNow()).status).toBe('draft');
    expect(await events(other)).toEqual([]);

    const res = await as.ana.post(url(other), { kind: 'fatal_overdose', occurredOn: '2026-02-28', source: 'medical_examiner', confirmCloseEnrollment: true });
    expect(res.statusCode, res.body).toBe(201);
    const after = await referralNow();
    expect(after).toMatchObject({ status: 'closed', outcome: 'participant_deceased' });
    const closing = after.events.find((e) => e.to === 'closed');
    expect(closing?.outcome).toBe('participant_deceased');
    expect(closing?.note).toMatch(/participant died/);
    // Staff cannot choose it: it says the participant died, which only a recorded death may.
    const again = await as.ana.post(`/api/participants/${other}/referrals`, { need: 'housing', resourceId: housing });
    const chosen = await as.ana.post(`/api/referrals/${again.json<{ id: string }>().id}/transitions`, { to: 'closed', version: 1, outcome: 'participant_deceased' });
    expect(chosen.statusCode).toBe(400);
    expect(fieldPaths(chosen)).toEqual(['outcome']);
  });

  it('a fatal overdose with nothing open needs no confirmation', async () => {
    const other = await newParticipant();
    const res = await as.ana.post(url(other), { kind: 'fatal_overdose', occurredOn: '2026-02-25', source: 'family' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<CriticalEvent>().closedEnrollmentId).toBeNull();
  });
});

describe('who may do what, and bad input', () => {
  it('another site’s participant is not found; evaluators and site managers record nothing', async () => {
    const pid = await newParticipant();
    expect((await as.ben.get(url(pid))).statusCode).toBe(404);
    expect((await as.ben.post(url(pid), { kind: 'arrest', occurredOn: '2026-03-01', source: 'jail_roster' })).statusCode).toBe(404);
    expect((await as.eve.get(url(pid))).statusCode).toBe(403);
    expect((await as.sam.post(url(pid), { kind: 'arrest', occurredOn: '2026-03-01', source: 'jail_roster' })).statusCode).toBe(403);
    expect((await as.sam.get(url(pid))).statusCode).toBe(200);
  });

  it('fields are named', async () => {
    const pid = await newParticipant();
    const missing = await as.ana.post(url(pid), { occurredOn: '2026-03-01', source: 'rumour' });
    expect(missing.statusCode).toBe(400);
    expect(fieldPaths(missing).sort()).toEqual(['kind', 'source']);
    const future = await as.ana.post(url(pid), { kind: 'arrest', occurredOn: '2026-03-05', source: 'jail_roster' });
    expect(fieldPaths(future)).toEqual(['occurredOn']);
    const cause = await as.ana.post(url(pid), { kind: 'arrest', occurredOn: '2026-03-01', source: 'jail_roster', cause: 'x' });
    expect(fieldPaths(cause)).toEqual(['cause']);
  });
});
