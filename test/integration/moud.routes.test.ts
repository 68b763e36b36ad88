/**
 * MOUD episodes: Samuel leaves Cook County Jail on Feb 20; three days later Ana
 * records his first buprenorphine dose and sees the linkage time; she corrects
 * the provider, ends the episode when he switches to the monthly injection and
 * records the next one. Who may do which; bad input named by field; 409 on a
 * stale write; retention across gaps of exactly 14 and 15 days; the derived fact
 * the worklist reads.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MoudEpisode, MoudList } from '../../src/core/moud.ts';
import { auditEvents } from '../../src/server/audit/audit.table.ts';
import { firstMoudStartOnOrAfter } from '../../src/server/moud/moud.service.ts';
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

// The harness clock: 2026-03-02 15:00 UTC, 09:00 in Chicago: today is 2026-03-02 there.
async function newParticipant(overrides: Parameters<typeof participantInput>[1] = {}, by: Browser = as.ana, site = cast.sites.cook): Promise<string> {
  const res = await by.post('/api/participants', participantInput(site, overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}
const released = (releaseDate: string) => ({ custodyStatus: 'community' as const, releaseDate, expectedReleaseDate: null });
const url = (pid: string, rest = '') => `/api/participants/${pid}/moud-episodes${rest}`;
const list = async (pid: string, by: Browser = as.ana) => {
  const res = await by.get(url(pid));
  expect(res.statusCode, res.body).toBe(200);
  return res.json<MoudList>();
};
async function record(pid: string, body: Record<string, unknown>): Promise<MoudEpisode> {
  const res = await as.ana.post(url(pid), { medication: 'buprenorphine', providerName: 'Erie Family Health', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<MoudEpisode>();
}
async function auditItems(pid: string) {
  const res = await as.pat.get(`/api/audit?participantId=${pid}&limit=200`);
  return res.json<{ items: { action: string; recordId: string | null; details: Record<string, unknown> | null }[] }>().items;
}

describe('Ana records Samuel’s buprenorphine after his release', () => {
  let pid: string;
  let first: MoudEpisode;

  it('before any episode: not linked yet, 10 days since release, no retention', async () => {
    pid = await newParticipant(released('2026-02-20'));
    const before = await list(pid);
    expect(before.items).toEqual([]);
    expect(before.linkage).toEqual({ status: 'not_linked', from: 'release', indexDate: '2026-02-20', daysSince: 10 });
    expect(before.retention).toBeNull();
  });

  it('records the first dose: linked 3 days after release, retention not yet decided', async () => {
    first = await record(pid, { startedOn: '2026-02-23', note: 'Walked over from the jail with his coach' });
    expect(first).toMatchObject({
      medication: 'buprenorphine',
      providerName: 'Erie Family Health',
      providerResourceId: null,
      referralId: null,
      startedOn: '2026-02-23',
      endedOn: null,
      endReason: null,
      status: 'ongoing',
      siteId: cast.sites.cook,
      version: 1,
      createdBy: { id: cast.people.ana.id, name: 'Ana Reyes' },
    });
    const after = await list(pid);
    expect(after.items.map((e) => e.id)).toEqual([first.id]);
    expect(after.linkage).toEqual({ status: 'linked', from: 'release', indexDate: '2026-02-20', firstDoseOn: '2026-02-23', days: 3 });
    expect(after.retention).toEqual({
      firstStartOn: '2026-02-23',
      continuousUntil: null,
      marks: [
        { days: 30, on: '2026-03-25', status: 'not_yet' },
        { days: 90, on: '2026-05-24', status: 'not_yet' },
        { days: 180, on: '2026-08-22', status: 'not_yet' },
      ],
    });
    const one = await as.cai.get(url(pid, `/${first.id}`));
    expect(one.statusCode).toBe(200);
    expect(one.json<MoudEpisode>().note).toBe('Walked over from the jail with his coach');
  });

  it('Cai corrects the provider; Ana’s save on the version she read is refused with 409 and changes nothing', async () => {
    const fixed = await as.cai.patch(url(pid, `/${first.id}`), { version: 1, providerName: 'Erie Family Health – Humboldt Park' });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json<MoudEpisode>()).toMatchObject({ providerName: 'Erie Family Health – Humboldt Park', version: 2, updatedBy: { name: 'Cai Morgan' } });
    const stale = await as.ana.patch(url(pid, `/${first.id}`), { version: 1, medication: 'methadone' });
    expect(stale.statusCode).toBe(409);
    expect(errorCode(stale)).toBe('stale_version');
    expect((await list(pid)).items[0]).toMatchObject({ medication: 'buprenorphine', version: 2 });
    // Sending what is already there changes nothing and keeps the version.
    const same = await as.ana.patch(url(pid, `/${first.id}`), { version: 2, medication: 'buprenorphine' });
    expect(same.json<MoudEpisode>().version).toBe(2);
  });

  it('ends the episode when he switches to the monthly injection, and records the next one', async () => {
    const ended = await as.ana.patch(url(pid, `/${first.id}`), { version: 2, endedOn: '2026-03-01', endReason: 'switched_medication' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json<MoudEpisode>()).toMatchObject({ status: 'ended', endedOn: '2026-03-01', endReason: 'switched_medication', version: 3 });
    await record(pid, { medication: 'extended_release_buprenorphine', startedOn: '2026-03-02' });
    const now = await list(pid);
    expect(now.items.map((e) => [e.medication, e.status])).toEqual([
      ['buprenorphine', 'ended'],
      ['extended_release_buprenorphine', 'ongoing'],
    ]);
    expect(now.linkage).toMatchObject({ status: 'linked', days: 3 });
    expect(now.retention?.continuousUntil).toBeNull();
  });

  it('every read and change is in the audit trail, with field names and never values', async () => {
    const items = await auditItems(pid);
    const actions = items.map((i) => i.action);
    for (const a of ['moud_episode.list', 'moud_episode.read', 'moud_episode.create', 'moud_episode.update', 'moud_episode.end']) expect(actions).toContain(a);
    expect(items.find((i) => i.action === 'moud_episode.update')?.details).toEqual({ changed: ['providerName'] });
    expect(items.find((i) => i.action === 'moud_episode.end')?.details).toEqual({ changed: ['endedOn', 'endReason'] });
    const created = items.filter((i) => i.action === 'moud_episode.create').at(-1);
    expect(created?.details).toEqual({ fields: ['medication', 'providerName', 'startedOn', 'note'] });
    expect(JSON.stringify(items)).not.toContain('Erie');
  });
});

describe('bad input is refused with the fields named', () => {
  let pid: string;
  let ep: MoudEpisode;
  beforeAll(async () => {
    pid = await newParticipant(released('2026-01-10'));
    ep = await record(pid, { startedOn: '2026-01-12' });
  });

  it('on a new episode: shape, dates in the future, an end before the start, an end without its reason', async () => {
    const shape = await as.ana.post(url(pid), { medication: 'heroin', providerName: ' ', startedOn: '2026-13-01', providerResourceId: 'x' });
    expect(shape.statusCode).toBe(400);
    expect(fieldPaths(shape).sort()).toEqual(['medication', 'providerName', 'providerResourceId', 'startedOn']);
    const base = { medication: 'methadone', providerName: 'PCC Wellness' };
    expect(fieldPaths(await as.ana.post(url(pid), { ...base, startedOn: '2026-03-03' }))).toEqual(['startedOn']);
    expect(fieldPaths(await as.ana.post(url(pid), { ...base, startedOn: '2026-02-10', endedOn: '2026-02-09', endReason: 'other' }))).toEqual(['endedOn']);
    expect(fieldPaths(await as.ana.post(url(pid), { ...base, startedOn: '2026-02-10', endedOn: '2026-03-03', endReason: 'other' }))).toEqual(['endedOn']);
    expect(fieldPaths(await as.ana.post(url(pid), { ...base, startedOn: '2026-02-10', endedOn: '2026-02-20' }))).toEqual(['endReason']);
    expect(fieldPaths(await as.ana.post(url(pid), { ...base, startedOn: '2026-02-10', endReason: 'incarcerated' }))).toEqual(['endedOn']);
    expect((await list(pid)).items).toHaveLength(1);
  });

  it('on a correction: checked on the episode as it would be saved; no version is a field error too', async () => {
    expect(fieldPaths(await as.ana.patch(url(pid, `/${ep.id}`), { endedOn: '2026-02-01', endReason: 'other' }))).toEqual(['version']);
    expect(fieldPaths(await as.ana.patch(url(pid, `/${ep.id}`), { version: 1, endedOn: '2026-01-11', endReason: 'other' }))).toEqual(['endedOn']);
    expect(fieldPaths(await as.ana.patch(url(pid, `/${ep.id}`), { version: 1, endedOn: '2026-02-01' }))).toEqual(['endReason']);
    expect(fieldPaths(await as.ana.patch(url(pid, `/${ep.id}`), { version: 1, startedOn: '2026-03-05' }))).toEqual(['startedOn']);
    const ended = await as.ana.patch(url(pid, `/${ep.id}`), { version: 1, endedOn: '2026-02-01', endReason: 'stopped_by_participant' });
    expect(ended.statusCode).toBe(200);
    // Moving the start after the end is caught against the stored end date.
    expect(fieldPaths(await as.ana.patch(url(pid, `/${ep.id}`), { version: 2, startedOn: '2026-02-05' }))).toEqual(['endedOn']);
    // An end recorded by mistake can be undone (date and reason together).
    const reopened = await as.ana.patch(url(pid, `/${ep.id}`), { version: 2, endedOn: null, endReason: null });
    expect(reopened.json<MoudEpisode>()).toMatchObject({ status: 'ongoing', version: 3 });
  });

  it('an unknown episode, or one of another participant, is not found', async () => {
    const other = await newParticipant(released('2026-01-10'));
    expect((await as.ana.get(url(other, `/${ep.id}`))).statusCode).toBe(404);
    expect((await as.ana.patch(url(other, `/${ep.id}`), { version: 3, note: 'x' })).statusCode).toBe(404);
    expect((await as.ana.get(url(pid, '/00000000-0000-4000-8000-000000000000'))).statusCode).toBe(404);
    expect(fieldPaths(await as.ana.get(url(pid, '/not-an-id')))).toEqual(['params.episodeId']);
  });
});

describe('who may read and record', () => {
  let pid: string;
  let ep: MoudEpisode;
  beforeAll(async () => {
    pid = await newParticipant(released('2026-02-01'));
    ep = await record(pid, { startedOn: '2026-02-02' });
  });

  it('Ben, a coach at another jail, gets 404 for everything, as if Samuel did not exist', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const id of [pid, missing]) {
      expect((await as.ben.get(url(id))).statusCode).toBe(404);
      expect((await as.ben.post(url(id), { medication: 'methadone', providerName: 'PCC', startedOn: '2026-02-10' })).statusCode).toBe(404);
    }
    expect((await as.ben.get(url(pid, `/${ep.id}`))).statusCode).toBe(404);
    expect((await as.ben.patch(url(pid, `/${ep.id}`), { version: 1, note: 'x' })).statusCode).toBe(404);
    expect((await list(pid)).items[0]?.version).toBe(1);
  });

  it('Eve, the evaluator, is refused (403); Sue the supervisor reads but may not record', async () => {
    expect((await as.eve.get(url(pid))).statusCode).toBe(403);
    expect((await as.eve.get(url(pid, `/${ep.id}`))).statusCode).toBe(403);
    expect((await as.eve.post(url(pid), { medication: 'methadone', providerName: 'PCC', startedOn: '2026-02-10' })).statusCode).toBe(403);
    expect((await as.sue.get(url(pid))).statusCode).toBe(200);
    expect((await as.sue.post(url(pid), { medication: 'methadone', providerName: 'PCC', startedOn: '2026-02-10' })).statusCode).toBe(403);
    expect((await as.sue.patch(url(pid, `/${ep.id}`), { version: 1, note: 'x' })).statusCode).toBe(403);
  });

  it('a script with Ana’s API token records an episode without a CSRF token', async () => {
    const token = await cast.tokenFor('ana');
    const res = await h.app.inject({
      method: 'POST',
      url: url(pid),
      headers: { authorization: `Bearer ${token}` },
      payload: { medication: 'naltrexone', providerName: 'Cook County Health', startedOn: '2026-02-20', endedOn: '2026-02-25', endReason: 'other' },
    });
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('linkage from an emergency department, and retention across gaps of 14 and 15 days', () => {
  it('someone referred from an ED with no release date counts from the ED visit that brought them in, else their first enrollment', async () => {
    const pid = await newParticipant({ custodyStatus: 'community', expectedReleaseDate: null, referralSource: 'emergency_department' });
    expect((await list(pid)).linkage).toEqual({ status: 'no_index_date' });
    const enrolled = await as.ana.post(`/api/participants/${pid}/enrollments`, { enrolledOn: '2026-02-26', referralSource: 'emergency_department' });
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    await record(pid, { startedOn: '2026-02-27' });
    expect((await list(pid)).linkage).toEqual({ status: 'linked', from: 'ed_discharge', indexDate: '2026-02-26', firstDoseOn: '2026-02-27', days: 1 });
    // Once the ED visit that brought them in is recorded, linkage counts from it; a later ED visit does not move it.
    for (const occurredOn of ['2026-02-24', '2026-02-28']) {
      const visit = await as.ana.post(`/api/participants/${pid}/events`, { kind: 'ed_visit', occurredOn, source: 'hospital' });
      expect(visit.statusCode, visit.body).toBe(201);
    }
    expect((await list(pid)).linkage).toEqual({ status: 'linked', from: 'ed_discharge', indexDate: '2026-02-24', firstDoseOn: '2026-02-27', days: 3 });
  });

  it('medication continued through release counts as linked, 0 days', async () => {
    const pid = await newParticipant(released('2026-02-15'));
    await record(pid, { medication: 'methadone', providerName: 'Cermak Health Services (jail)', startedOn: '2025-12-01', endedOn: '2026-02-15', endReason: 'transferred_care' });
    await record(pid, { medication: 'methadone', providerName: 'PCC Wellness', startedOn: '2026-02-16' });
    expect((await list(pid)).linkage).toEqual({ status: 'continued', from: 'release', indexDate: '2026-02-15', startedOn: '2025-12-01', days: 0 });
  });

  it('a restart 14 days after the end keeps retention continuous; 15 days breaks it', async () => {
    const marks = async (restart: string) => {
      const pid = await newParticipant(released('2025-08-01'));
      await record(pid, { startedOn: '2025-08-04', endedOn: '2025-09-20', endReason: 'stopped_by_participant' });
      await record(pid, { startedOn: restart });
      return (await list(pid)).retention?.marks.map((m) => m.status);
    };
    expect(await marks('2025-10-04')).toEqual(['retained', 'retained', 'retained']);
    expect(await marks('2025-10-05')).toEqual(['retained', 'not_retained', 'not_retained']);
  });
});

describe('firstMoudStartOnOrAfter, for the worklist', () => {
  it('gives each participant the episode that counts from their date, in one call, without audit rows', async () => {
    const continued = await newParticipant(released('2026-02-10'));
    await record(continued, { startedOn: '2025-11-01' }); // ongoing in jail and after
    const endedOnTheDay = await newParticipant(released('2026-02-10'));
    await record(endedOnTheDay, { startedOn: '2025-11-01', endedOn: '2026-02-10', endReason: 'transferred_care' });
    const linkedLater = await newParticipant(released('2026-02-10'));
    await record(linkedLater, { startedOn: '2025-06-01', endedOn: '2025-07-01', endReason: 'incarcerated' });
    await record(linkedLater, { startedOn: '2026-02-18' });
    await record(linkedLater, { startedOn: '2026-02-14', endedOn: '2026-02-16', endReason: 'switched_medication' });
    const never = await newParticipant(released('2026-02-10'));
    await record(never, { startedOn: '2025-06-01', endedOn: '2026-02-09', endReason: 'incarcerated' });
    const nothing = await newParticipant(released('2026-02-10'));

    const { db } = h.testDb.database;
    const audits = async () => (await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'moud_episode.list')))[0]?.n;
    const auditsBefore = await audits();
    const all = await db.select({ n: count() }).from(auditEvents);
    const result = await db.transaction((tx) =>
      firstMoudStartOnOrAfter(tx, [continued, endedOnTheDay, linkedLater, never, nothing].map((participantId) => ({ participantId, since: '2026-02-10' }))),
    );
    expect(Object.fromEntries(result)).toEqual({ [continued]: '2025-11-01', [endedOnTheDay]: '2025-11-01', [linkedLater]: '2026-02-14' });
    // A different date per participant: from Feb 17, only the Feb 18 start counts.
    const later = await db.transaction((tx) => firstMoudStartOnOrAfter(tx, [{ participantId: linkedLater, since: '2026-02-17' }, { participantId: continued, since: '2026-03-01' }]));
    expect(Object.fromEntries(later)).toEqual({ [linkedLater]: '2026-02-18', [continued]: '2025-11-01' });
    expect(await db.transaction((tx) => firstMoudStartOnOrAfter(tx, []))).toEqual(new Map());
    expect(await audits()).toBe(auditsBefore);
    expect((await db.select({ n: count() }).from(auditEvents))[0]?.n).toBe(all[0]?.n);
  });
});

describe('an episode follows its referral back to the directory', () => {
  it('takes the organization from the referral that led to it, and refuses links that are not this participant’s', async () => {
    const clinic = await addOrganization(as.pat, 'Kedzie Bridge Clinic', ['moud']);
    const pid = await newParticipant(released('2026-02-24'));
    const other = await newParticipant(released('2026-02-24'));
    const referral = await as.ana.post(`/api/participants/${pid}/referrals`, { need: 'moud_treatment', resourceId: clinic });
    expect(referral.statusCode, referral.body).toBe(201);
    const referralId = referral.json<{ id: string }>().id;

    const linked = await record(pid, { providerName: 'Kedzie Bridge Clinic', referralId, startedOn: '2026-02-27' });
    expect(linked).toMatchObject({ referralId, providerResourceId: clinic });

    // Another person's referral, an unknown referral, an id the directory does not hold: 400 at the field, nothing saved.
    const theirs = await as.ana.post(url(other), { medication: 'methadone', providerName: 'Kedzie', referralId, startedOn: '2026-02-27' });
    expect(theirs.statusCode).toBe(400);
    expect(fieldPaths(theirs)).toEqual(['referralId']);
    const nowhere = await as.ana.post(url(pid), { medication: 'methadone', providerName: 'Kedzie', providerResourceId: pid, startedOn: '2026-02-27' });
    expect(fieldPaths(nowhere)).toEqual(['providerResourceId']);
    expect((await list(other)).items).toEqual([]);
    expect((await list(pid)).items).toHaveLength(1);

    // A correction is checked the same way.
    const stale = await as.ana.patch(url(pid, `/${linked.id}`), { version: linked.version, providerResourceId: other });
    expect(fieldPaths(stale)).toEqual(['providerResourceId']);
  });
});

describe('the OpenAPI description', () => {
  it('lists the MOUD endpoints under their tag, with the body schemas from core', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { tags?: string[]; summary?: string; requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>>;
    }>();
    const list = doc.paths['/api/participants/{id}/moud-episodes'];
    const one = doc.paths['/api/participants/{id}/moud-episodes/{episodeId}'];
    expect(Object.keys(list ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(one ?? {}).sort()).toEqual(['get', 'patch']);
    for (const op of [list?.get, list?.post, one?.get, one?.patch]) expect(op?.tags).toEqual(['moud']);
    expect(Object.keys(list?.post?.requestBody?.content['application/json']?.schema.properties ?? {})).toContain('providerResourceId');
    expect(Object.keys(one?.patch?.requestBody?.content['application/json']?.schema.properties ?? {})).toContain('version');
  });
});
