/**
 * Emergency access ("break the glass"). Ben, a coach at Lake County Jail, is
 * asked about Marisol Peña, who is at Cook County Jail. He cannot see her: he
 * finds her by last name and date of birth, gives a reason, and works on her
 * record for one hour — every request flagged in the audit trail — and Pat, the
 * program administrator, reviews it afterwards.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visit } from '../support/contacts.ts';
import { castOfStaff, defined, errorCode, fieldPaths, participantInput, startHarness, withToken, type Cast, type Harness } from '../support/harness.ts';

type Caller = ReturnType<typeof withToken>;
interface Access {
  id: string;
  participantId: string;
  participantName: string;
  siteName: string;
  reason: string;
  openedAt: string;
  expiresAt: string;
}
interface ReviewItem {
  id: string;
  user: { id: string; name: string; role: string };
  participant: { id: string; name: string; siteName: string };
  reason: string;
  active: boolean;
  requests: number;
  auditRows: number;
  review: { at: string; by: { id: string; name: string }; note: string | null } | null;
}
interface AuditRow {
  at: string;
  action: string;
  actor: { id: string } | null;
  details: Record<string, unknown> | null;
}

const MISSING = '5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11';
const REASON = 'She was brought to Lake County Jail overnight; I need her MOUD dose and her Cook coach is off today.';
const HOUR = 60 * 60_000;

let h: Harness;
let cast: Cast;
let pat: Caller;
let ana: Caller;
let ben: Caller;
let eve: Caller;
let sam: Caller;
let sue: Caller;
let marisol: string;
let cousin: string;

const items = <T>(res: LightMyRequestResponse) => res.json<{ items: T[] }>().items;

async function trail(participantId: string): Promise<AuditRow[]> {
  const res = await pat.get(`/api/audit?participantId=${participantId}&limit=500`);
  expect(res.statusCode, res.body).toBe(200);
  return items<AuditRow>(res);
}

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  const caller = async (key: Parameters<Cast['tokenFor']>[0]) => withToken(h.app, await cast.tokenFor(key));
  [pat, ana, ben, eve, sam, sue] = await Promise.all([caller('pat'), caller('ana'), caller('ben'), caller('eve'), caller('sam'), caller('sue')]);
  const create = async (overrides: Parameters<typeof participantInput>[1], siteId = cast.sites.cook) => {
    const res = await ana.post('/api/participants', participantInput(siteId, overrides));
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  };
  marisol = await create({ firstName: 'Marisol', lastName: 'Peña', dateOfBirth: '1990-05-14', phone: '312-555-0199' });
  // Same birthday, another family name: never a match for "Peña".
  cousin = await create({ firstName: 'Lucia', lastName: 'Pérez', dateOfBirth: '1990-05-14' });
});
afterAll(async () => h.close());

describe('before any emergency access', () => {
  it('Ben, a coach at Lake, gets the same 404 for a Cook participant as for nobody', async () => {
    const hers = await ben.get(`/api/participants/${marisol}`);
    const nobody = await ben.get(`/api/participants/${MISSING}`);
    expect(hers.statusCode).toBe(404);
    expect(hers.body).toBe(nobody.body);
  });

  it('the lookup needs both the last name and the date of birth, and names what is missing', async () => {
    const noDate = await ben.get('/api/emergency-accesses/lookup?lastName=Pe%C3%B1a');
    expect(noDate.statusCode).toBe(400);
    expect(fieldPaths(noDate)).toEqual(['querystring.dateOfBirth']);
    const noName = await ben.get('/api/emergency-accesses/lookup?dateOfBirth=1990-05-14');
    expect(noName.statusCode).toBe(400);
    expect(fieldPaths(noName)).toEqual(['querystring.lastName']);
    const badDate = await ben.get('/api/emergency-accesses/lookup?lastName=Pena&dateOfBirth=1990-02-30');
    expect(fieldPaths(badDate)).toEqual(['querystring.dateOfBirth']);
  });

  it('finds her by last name and date of birth at any site, accents and case aside, with only her name, birth year and site', async () => {
    for (const lastName of ['Peña', 'PENA', ' pena ']) {
      const res = await ben.get(`/api/emergency-accesses/lookup?lastName=${encodeURIComponent(lastName)}&dateOfBirth=1990-05-14`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ items: Record<string, unknown>[]; truncated: boolean }>();
      expect(body.truncated).toBe(false);
      expect(body.items).toEqual([{ id: marisol, name: 'Marisol Peña', birthYear: 1990, siteName: 'Cook County Jail', atYourSite: false }]);
    }
    // A last name is matched whole: part of it, or the right name with another birthday, finds nobody.
    expect(items(await ben.get('/api/emergency-accesses/lookup?lastName=Pe&dateOfBirth=1990-05-14'))).toEqual([]);
    expect(items(await ben.get('/api/emergency-accesses/lookup?lastName=Pena&dateOfBirth=1990-05-15'))).toEqual([]);
    // Someone at one's own site is marked so: they are opened as usual.
    const own = items<{ id: string; atYourSite: boolean }>(await ana.get('/api/emergency-accesses/lookup?lastName=Perez&dateOfBirth=1990-05-14'));
    expect(own).toEqual([expect.objectContaining({ id: cousin, atYourSite: true })]);
  });

  it('each lookup is audited: how many matched and which, and a row in the trail of each person shown', async () => {
    const rows = (await trail(marisol)).filter((r) => r.action === 'participant.emergency_lookup' && r.actor?.id === cast.people.ben.id);
    expect(rows).toHaveLength(3);
    expect(rows[0]?.details).toEqual({ matches: 1 });
    expect((await trail(cousin)).some((r) => r.action === 'participant.emergency_lookup' && r.actor?.id === cast.people.ben.id)).toBe(false);
  });

  it('evaluators may neither look up nor open; only program administrators see the review list', async () => {
    expect((await eve.get('/api/emergency-accesses/lookup?lastName=Pena&dateOfBirth=1990-05-14')).statusCode).toBe(403);
    expect((await eve.post(`/api/participants/${marisol}/emergency-access`, { reason: REASON })).statusCode).toBe(403);
    expect((await eve.get('/api/emergency-accesses/mine')).statusCode).toBe(403);
    for (const caller of [ben, ana, sam, sue, eve]) {
      expect((await caller.get('/api/emergency-accesses')).statusCode).toBe(403);
      expect((await caller.post(`/api/emergency-accesses/${MISSING}/review`, {})).statusCode).toBe(403);
    }
  });

  it('a reason is required: 20 to 1,000 characters, named when wrong', async () => {
    for (const body of [{}, { reason: 'urgent' }, { reason: ' '.repeat(30) }, { reason: 'x'.repeat(1001) }]) {
      const res = await ben.post(`/api/participants/${marisol}/emergency-access`, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(fieldPaths(res)).toEqual(['reason']);
    }
    expect((await ben.post(`/api/participants/${MISSING}/emergency-access`, { reason: REASON })).statusCode).toBe(404);
    // At one's own site (or for a program administrator, who sees every site) there is no glass to break.
    const own = await ana.post(`/api/participants/${marisol}/emergency-access`, { reason: REASON });
    expect(own.statusCode).toBe(409);
    expect(errorCode(own)).toBe('already_visible');
    expect((await pat.post(`/api/participants/${marisol}/emergency-access`, { reason: REASON })).statusCode).toBe(409);
  });
});

describe('during the hour', () => {
  let access: Access;
  let contactId: string;

  it('Ben opens her record for one hour with his reason', async () => {
    const res = await ben.post(`/api/participants/${marisol}/emergency-access`, { reason: REASON });
    expect(res.statusCode, res.body).toBe(201);
    access = res.json<Access>();
    expect(access).toMatchObject({ participantId: marisol, participantName: 'Marisol Peña', siteName: 'Cook County Jail', reason: REASON });
    expect(new Date(access.expiresAt).getTime() - new Date(access.openedAt).getTime()).toBe(HOUR);
    const opened = (await trail(marisol)).find((r) => r.action === 'participant.emergency_access_open');
    expect(opened?.details).toMatchObject({ breakTheGlass: access.id });
    expect(JSON.stringify(opened?.details)).not.toContain('MOUD');
  });

  it('asking again while it runs answers the running access as it is: no second one, no longer hour', async () => {
    h.clock.advance(10 * 60_000);
    const again = await ben.post(`/api/participants/${marisol}/emergency-access`, { reason: 'Still waiting on her dose; asking again to be sure.' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<Access>()).toEqual(access);
  });

  it('he reads her page, her consents and logs a contact, as if he worked at Cook', async () => {
    for (let i = 0; i < 3; i++) {
      const page = await ben.get(`/api/participants/${marisol}`);
      expect(page.statusCode, page.body).toBe(200);
      expect(page.json<{ phone: string }>().phone).toBe('312-555-0199');
    }
    // A feature that reads the participant's site (its time zone) works too.
    expect((await ben.get(`/api/participants/${marisol}/consents`)).statusCode).toBe(200);
    const logged = await ben.post(`/api/participants/${marisol}/contacts`, visit({ occurredAt: '2026-03-02T15:05:00Z' }));
    expect(logged.statusCode, logged.body).toBe(201);
    contactId = logged.json<{ id: string }>().id;
    expect((await ben.get(`/api/participants/${marisol}/contacts/${contactId}`)).statusCode).toBe(200);
  });

  it('he may correct her details but not move her to his own site', async () => {
    const current = (await ben.get(`/api/participants/${marisol}`)).json<{ version: number }>();
    const move = await ben.patch(`/api/participants/${marisol}`, { version: current.version, siteId: cast.sites.lake });
    expect(move.statusCode).toBe(400);
    expect(fieldPaths(move)).toEqual(['siteId']);
    const fix = await ben.patch(`/api/participants/${marisol}`, { version: current.version, phone: '312-555-0100' });
    expect(fix.statusCode, fix.body).toBe(200);
  });

  it('every read of her page by Ben in the window is flagged with the access id, as is every other request', async () => {
    const rows = (await trail(marisol)).filter((r) => r.actor?.id === cast.people.ben.id);
    const reads = rows.filter((r) => r.action === 'participant.read');
    const used = rows.filter((r) => r.action === 'participant.emergency_access_used');
    // Her page: three times, and once before the correction.
    expect(reads).toHaveLength(4);
    expect(used.filter((r) => r.details?.route === 'GET /api/participants/:id')).toHaveLength(reads.length);
    // One flagged row per request: 4 page reads, consents, the contact logged and read, the correction
    // (the refused move did nothing, its transaction with it).
    expect(used).toHaveLength(8);
    for (const row of used) expect(row.details).toMatchObject({ breakTheGlass: access.id });
    expect(used.filter((r) => r.details?.route === 'POST /api/participants/:id/contacts')).toHaveLength(1);
  });

  it('lists do not start showing her: caseload, search, worklist', async () => {
    expect(items<{ id: string }>(await ben.get('/api/participants')).map((p) => p.id)).not.toContain(marisol);
    expect(items(await ben.get('/api/participants?q=Pena'))).toEqual([]);
    expect(items(await ben.get(`/api/participants?siteId=${cast.sites.cook}`))).toEqual([]);
    const worklist = await ben.get('/api/worklist');
    expect(worklist.statusCode).toBe(200);
    expect(worklist.body).not.toContain(marisol);
  });

  it('Ben sees his running access; Pat cannot review it before it ends', async () => {
    const mine = items<Access>(await ben.get('/api/emergency-accesses/mine'));
    expect(mine).toEqual([access]);
    expect(items(await ana.get('/api/emergency-accesses/mine'))).toEqual([]);
    const early = await pat.post(`/api/emergency-accesses/${access.id}/review`, { note: 'Checked with Cook.' });
    expect(early.statusCode).toBe(409);
    expect(errorCode(early)).toBe('still_active');
  });

  it('after the hour: 404 again, exactly as before, and nothing is flagged any more', async () => {
    h.clock.set(new Date(access.expiresAt));
    const hers = await ben.get(`/api/participants/${marisol}`);
    expect(hers.statusCode).toBe(404);
    expect(hers.body).toBe((await ben.get(`/api/participants/${MISSING}`)).body);
    expect((await ben.get(`/api/participants/${marisol}/contacts/${contactId}`)).statusCode).toBe(404);
    expect((await ben.post(`/api/participants/${marisol}/contacts`, visit({ occurredAt: '2026-03-02T16:05:00Z' }))).statusCode).toBe(404);
    expect(items(await ben.get('/api/emergency-accesses/mine'))).toEqual([]);
    expect((await trail(marisol)).filter((r) => r.action === 'participant.emergency_access_used')).toHaveLength(8);
  });

  it('Pat reviews it: the list shows who, whom, why and what was done, and the review clears it', async () => {
    const unreviewed = items<ReviewItem>(await pat.get('/api/emergency-accesses'));
    const item = defined(unreviewed.find((a) => a.id === access.id), 'the access in the review list');
    const window = (await trail(marisol)).filter(
      (r) => r.actor?.id === cast.people.ben.id && r.at >= access.openedAt && r.at < access.expiresAt,
    );
    expect(item).toMatchObject({
      user: { id: cast.people.ben.id, name: 'Ben Walsh', role: 'coach' },
      participant: { id: marisol, name: 'Marisol Peña', siteName: 'Cook County Jail' },
      reason: REASON,
      active: false,
      requests: 8,
      auditRows: window.length,
      review: null,
    });
    expect(item.auditRows).toBeGreaterThan(item.requests);

    for (const bad of [{ note: 'x'.repeat(1001) }, { note: 42 }]) {
      const res = await pat.post(`/api/emergency-accesses/${access.id}/review`, bad);
      expect(res.statusCode).toBe(400);
      expect(fieldPaths(res)).toEqual(['note']);
    }
    expect((await pat.post(`/api/emergency-accesses/${MISSING}/review`, {})).statusCode).toBe(404);

    const reviewed = await pat.post(`/api/emergency-accesses/${access.id}/review`, { note: 'Confirmed with the Cook site manager.' });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json<ReviewItem>().review).toMatchObject({ by: { id: cast.people.pat.id, name: 'Pat Okafor' }, note: 'Confirmed with the Cook site manager.' });
    expect(items<ReviewItem>(await pat.get('/api/emergency-accesses?status=unreviewed')).map((a) => a.id)).not.toContain(access.id);
    const all = items<ReviewItem>(await pat.get('/api/emergency-accesses?status=all'));
    expect(all.find((a) => a.id === access.id)?.review?.note).toBe('Confirmed with the Cook site manager.');
    const again = await pat.post(`/api/emergency-accesses/${access.id}/review`, {});
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('already_reviewed');
    expect((await trail(marisol)).some((r) => r.action === 'emergency_access.review' && r.actor?.id === cast.people.pat.id)).toBe(true);
    expect(fieldPaths(await pat.get('/api/emergency-accesses?status=later'))).toEqual(['querystring.status']);
  });

  it('a new reason opens a new hour, which Ben closes himself once he is done; then it can be reviewed', async () => {
    const res = await ben.post(`/api/participants/${marisol}/emergency-access`, { reason: 'She is still here; her release paperwork needs her consent on file.' });
    expect(res.statusCode).toBe(201);
    const second = res.json<Access>();
    expect(second.id).not.toBe(access.id);
    expect((await ben.get(`/api/participants/${marisol}`)).statusCode).toBe(200);

    // Nobody else closes it: another user's access is not found.
    expect((await ana.post(`/api/emergency-accesses/${second.id}/end`)).statusCode).toBe(404);
    expect((await eve.post(`/api/emergency-accesses/${second.id}/end`)).statusCode).toBe(403);
    expect((await ben.post(`/api/emergency-accesses/${second.id}/end`)).statusCode).toBe(204);
    expect((await ben.get(`/api/participants/${marisol}`)).statusCode).toBe(404);
    expect(items(await ben.get('/api/emergency-accesses/mine'))).toEqual([]);
    const again = await ben.post(`/api/emergency-accesses/${second.id}/end`);
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('already_ended');

    const listed = items<ReviewItem & { endedAt: string | null }>(await pat.get('/api/emergency-accesses')).find((a) => a.id === second.id);
    expect(listed).toMatchObject({ active: false, endedAt: h.clock.now().toISOString(), requests: 1 });
    expect((await pat.post(`/api/emergency-accesses/${second.id}/review`, { note: '' })).json<ReviewItem>().review?.note).toBeNull();
  });
});
