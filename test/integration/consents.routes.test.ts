/**
 * Part 2 consents: Ana records Samuel's signed consent to let the Kedzie clinic
 * receive his referral information; he later revokes it. A consent for his
 * probation officer is irrevocable until a date (§2.35). Consents are never edited
 * or deleted; bad input is named by field; other sites get 404, evaluators 403;
 * every read and write is audited.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDISCLOSURE_NOTICE, type Consent, type ConsentCreateInput, type Disclosure, type DisclosureList, type PrintoutInput } from '../../src/core/consents.ts';
import { addOrganization } from '../support/directory.ts';
import {
  castOfStaff,
  errorCode,
  fieldPaths,
  participantInput,
  signInEveryone,
  startHarness,
  withToken,
  type Browser,
  type Cast,
  type Harness,
  type PersonKey,
} from '../support/harness.ts';

let h: Harness;
let cast: Cast;
let as: Record<PersonKey, Browser>;
let kedzie: string;

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  as = await signInEveryone(cast);
  kedzie = await addOrganization(as.pat, 'Kedzie Recovery Clinic', ['moud']);
});
afterAll(async () => h.close());

// The harness clock: 2026-03-02 15:00 UTC; today is 2026-03-02 in Chicago.
const url = (pid: string, rest = '') => `/api/participants/${pid}/consents${rest}`;
async function newParticipant(): Promise<string> {
  const res = await as.ana.post('/api/participants', participantInput(cast.sites.cook, { custodyStatus: 'community', releaseDate: '2026-02-27', expectedReleaseDate: null }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}
const consent = (overrides: Partial<ConsentCreateInput> = {}): ConsentCreateInput => ({
  discloser: 'Cook County Jail peer recovery program',
  recipient: { kind: 'resource', resourceId: kedzie },
  information: ['referral_information', 'moud_treatment'],
  purposes: ['treatment_referral'],
  expiresOn: '2027-03-01',
  signature: { kind: 'typed', typedName: 'Samuel Johnson' },
  signedOn: '2026-03-02',
  ...overrides,
});
async function record(pid: string, body: ConsentCreateInput, by = as.ana): Promise<Consent> {
  const res = await by.post(url(pid), body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Consent>();
}
async function auditActions(pid: string) {
  const res = await as.pat.get(`/api/audit?participantId=${pid}&limit=200`);
  return res.json<{ items: { action: string; recordId: string | null; details: Record<string, unknown> | null }[] }>().items;
}
// 1×1 transparent PNG.
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

describe('Ana records Samuel’s consent and he revokes it', () => {
  let pid: string;
  let c: Consent;

  it('records a typed-signature consent naming the clinic: active, with every element', async () => {
    pid = await newParticipant();
    c = await record(pid, consent());
    expect(c).toMatchObject({
      discloser: 'Cook County Jail peer recovery program',
      recipient: { kind: 'resource', resourceId: kedzie, name: 'Kedzie Recovery Clinic' },
      information: ['referral_information', 'moud_treatment'],
      purposes: ['treatment_referral'],
      expiresOn: '2027-03-01',
      signature: { kind: 'typed', typedName: 'Samuel Johnson', image: null },
      signedOn: '2026-03-02',
      irrevocableUntil: null,
      revocation: null,
      status: 'active',
      createdBy: { id: cast.people.ana.id, name: 'Ana Reyes' },
    });
    const list = await as.cai.get(url(pid));
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: Consent[] }>().items.map((x) => x.id)).toEqual([c.id]);
  });

  it('a drawn signature is kept as a PNG; a huge or non-PNG drawing is refused by field', async () => {
    const drawn = await record(pid, consent({ recipient: { kind: 'class', recipientClass: 'treating_providers' }, signature: { kind: 'drawn', image: PNG, typedName: 'Samuel Johnson' } }));
    expect(drawn.signature).toEqual({ kind: 'drawn', typedName: 'Samuel Johnson', image: PNG });
    expect(drawn.recipient).toEqual({ kind: 'class', recipientClass: 'treating_providers', name: 'my treating providers' });
    const huge = await as.ana.post(url(pid), consent({ signature: { kind: 'drawn', image: `data:image/png;base64,${'A'.repeat(250_000)}`, typedName: 'S' } }));
    expect(huge.statusCode).toBe(400);
    expect(fieldPaths(huge)).toEqual(['signature.image']);
    const jpeg = await as.ana.post(url(pid), consent({ signature: { kind: 'drawn', image: 'data:image/jpeg;base64,AAAA', typedName: 'S' } }));
    expect(fieldPaths(jpeg)).toEqual(['signature.image']);
  });

  it('revokes it: the status says revoked, with the date and who recorded it; a second revocation is 409', async () => {
    const res = await as.cai.post(url(pid, `/${c.id}/revoke`), { revokedOn: '2026-03-02', note: 'Told Cai on the phone' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Consent>()).toMatchObject({ status: 'revoked', revocation: { revokedOn: '2026-03-02', note: 'Told Cai on the phone', recordedBy: { name: 'Cai Morgan' } } });
    const again = await as.ana.post(url(pid, `/${c.id}/revoke`), { revokedOn: '2026-03-02' });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('already_revoked');
  });

  it('the consent and its revocation cannot be changed or deleted, even in the database', async () => {
    const { db } = h.testDb.database;
    await expect(db.execute(sql`UPDATE consents SET purposes = '{payment}' WHERE id = ${c.id}`)).rejects.toThrow();
    await expect(db.execute(sql`DELETE FROM consents WHERE id = ${c.id}`)).rejects.toThrow();
    await expect(db.execute(sql`DELETE FROM consent_revocations WHERE consent_id = ${c.id}`)).rejects.toThrow();
    await expect(db.execute(sql`UPDATE consent_revocations SET revoked_on = '2026-04-01' WHERE consent_id = ${c.id}`)).rejects.toThrow();
    expect((await as.ana.get(url(pid, `/${c.id}`))).json<Consent>().status).toBe('revoked');
  });

  it('a consent past its expiry date is expired', async () => {
    const old = await record(pid, consent({ signedOn: '2025-01-10', expiresOn: '2026-01-10' }));
    expect(old.status).toBe('expired');
  });

  it('every read and write is audited by field name, never values', async () => {
    const items = await auditActions(pid);
    const actions = items.map((i) => i.action);
    for (const a of ['consent.create', 'consent.list', 'consent.revoke', 'consent.read']) expect(actions).toContain(a);
    const created = items.find((i) => i.action === 'consent.create' && i.recordId === c.id);
    expect(created?.details).toMatchObject({ fields: expect.arrayContaining(['recipient', 'information', 'purposes', 'signature', 'signedOn']) as unknown });
    expect(JSON.stringify(items)).not.toContain('Samuel Johnson');
    expect(JSON.stringify(items)).not.toContain('Told Cai');
  });

  it('the accounting of disclosures starts empty, with the redisclosure notice', async () => {
    const res = await as.ana.get(`/api/participants/${pid}/disclosures`);
    expect(res.statusCode).toBe(200);
    expect(res.json<DisclosureList>()).toEqual({ from: '2023-03-03', to: '2026-03-02', items: [], notice: REDISCLOSURE_NOTICE });
    expect((await auditActions(pid)).map((i) => i.action)).toContain('disclosure.list');
  });
});

describe('Printing the record for an outside organization is a disclosure (Part 2)', () => {
  let pid: string;
  let referralId: string;
  let printed: Disclosure;
  const printouts = (id: string) => `/api/participants/${id}/disclosures/printouts`;
  const packet = (overrides: Partial<PrintoutInput> = {}): PrintoutInput => ({
    recipientResourceId: kedzie,
    purpose: 'treatment_referral',
    information: ['referral_information'],
    referralId,
    ...overrides,
  });

  it('is refused without a consent covering the organization, the information and the purpose, saying what is missing', async () => {
    pid = await newParticipant();
    const ref = await as.ana.post(`/api/participants/${pid}/referrals`, { need: 'moud_treatment', resourceId: kedzie, urgency: 'urgent' });
    expect(ref.statusCode, ref.body).toBe(201);
    referralId = ref.json<{ id: string }>().id;
    const none = await as.ana.post(printouts(pid), packet());
    expect(none.statusCode).toBe(409);
    expect(errorCode(none)).toBe('consent_required');
    expect(none.json<{ error: { message: string } }>().error.message).toContain('No active consent allows sharing referral information with Kedzie Recovery Clinic');
    await record(pid, consent({ information: ['referral_information'] }));
    const otherPurpose = await as.ana.post(printouts(pid), packet({ purpose: 'payment' }));
    expect(errorCode(otherPurpose)).toBe('consent_required');
    expect(otherPurpose.json<{ error: { message: string } }>().error.message).toContain('for payment');
    const moreInformation = await as.ana.post(printouts(pid), packet({ information: ['referral_information', 'assessments'] }));
    expect(errorCode(moreInformation)).toBe('consent_required');
    expect((await as.ana.get(`/api/participants/${pid}/disclosures`)).json<DisclosureList>().items).toEqual([]);
  });

  it('under a covering consent it is recorded in the accounting: to whom, what, why, under which consent, with the notice', async () => {
    const res = await as.cai.post(printouts(pid), packet());
    expect(res.statusCode, res.body).toBe(201);
    printed = res.json<Disclosure>();
    expect(printed).toMatchObject({
      kind: 'printout',
      recipientName: 'Kedzie Recovery Clinic',
      recipientResourceId: kedzie,
      information: ['referral_information'],
      purpose: 'treatment_referral',
      referralId,
      consent: { signedOn: '2026-03-02', recipientName: 'Kedzie Recovery Clinic' },
      disclosedBy: { id: cast.people.cai.id, name: 'Cai Morgan' },
      notice: REDISCLOSURE_NOTICE,
    });
    expect(printed.consent.id).toBe(printed.consentId);
    const list = (await as.ana.get(`/api/participants/${pid}/disclosures`)).json<DisclosureList>();
    expect(list.items).toEqual([printed]);
    const audited = (await auditActions(pid)).find((i) => i.action === 'disclosure.create' && i.recordId === printed.id);
    expect(audited?.details).toMatchObject({ kind: 'printout', consentId: printed.consentId, referralId });
  });

  it('bad input is named by field; another site gets 404; without the permission to change records, 403', async () => {
    expect(fieldPaths(await as.ana.post(printouts(pid), packet({ recipientResourceId: '5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11' })))).toEqual(['recipientResourceId']);
    expect(fieldPaths(await as.ana.post(printouts(pid), packet({ referralId: '5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11' })))).toEqual(['referralId']);
    const other = await newParticipant();
    expect(fieldPaths(await as.ana.post(printouts(other), packet()))).toEqual(['referralId']);
    const bad = await as.ana.post(printouts(pid), { ...packet(), information: [], purpose: 'gossip' });
    expect(fieldPaths(bad).sort()).toEqual(['information', 'purpose']);
    expect((await as.ben.post(printouts(pid), packet())).statusCode).toBe(404);
    expect((await as.sue.post(printouts(pid), packet())).statusCode).toBe(403);
    expect((await as.eve.post(printouts(pid), packet())).statusCode).toBe(403);
  });

  it('the accounting keeps it for three years, to the day, then leaves it out', async () => {
    const ana = withToken(h.app, await cast.tokenFor('ana'));
    const start = h.clock.now();
    try {
      h.clock.advance(1095 * 86_400_000); // 2029-03-01: the accounting starts 2026-03-02, the day it was printed
      const last = (await ana.get(`/api/participants/${pid}/disclosures`)).json<DisclosureList>();
      expect(last.from).toBe('2026-03-02');
      expect(last.items.map((d) => d.id)).toEqual([printed.id]);
      h.clock.advance(86_400_000); // 2029-03-02: three years and a day
      const after = (await ana.get(`/api/participants/${pid}/disclosures`)).json<DisclosureList>();
      expect(after.from).toBe('2026-03-03');
      expect(after.items).toEqual([]);
    } finally {
      h.clock.set(start);
    }
  });
});

describe('A consent for probation reporting is irrevocable until a date (§2.35)', () => {
  it('revocation before that date is refused with 409 and says until when; after it, accepted', async () => {
    const pid = await newParticipant();
    const probation = await record(
      pid,
      consent({ recipient: { kind: 'class', recipientClass: 'treating_providers' }, purposes: ['court_or_probation_reporting'], irrevocableUntil: '2026-03-10' }),
    );
    expect(probation.irrevocableUntil).toBe('2026-03-10');
    const early = await as.ana.post(url(pid, `/${probation.id}/revoke`), { revokedOn: '2026-03-02' });
    expect(early.statusCode).toBe(409);
    expect(errorCode(early)).toBe('consent_irrevocable');
    expect(early.json<{ error: { message: string } }>().error.message).toContain('cannot be revoked before 2026-03-10');
    expect((await as.ana.get(url(pid, `/${probation.id}`))).json<Consent>().status).toBe('active');

    h.clock.advance(9 * 86_400_000); // 2026-03-11
    as = await signInEveryone(cast); // sessions idle for 9 days have ended
    try {
      const later = await as.ana.post(url(pid, `/${probation.id}/revoke`), { revokedOn: '2026-03-11' });
      expect(later.statusCode, later.body).toBe(200);
      expect(later.json<Consent>().status).toBe('revoked');
    } finally {
      h.clock.advance(-9 * 86_400_000);
      as = await signInEveryone(cast);
    }
  });

  it('only a court or probation consent can be irrevocable', async () => {
    const pid = await newParticipant();
    const res = await as.ana.post(url(pid), consent({ irrevocableUntil: '2026-06-01' }));
    expect(res.statusCode).toBe(400);
    expect(fieldPaths(res)).toEqual(['irrevocableUntil']);
  });
});

describe('Bad input is named by field', () => {
  it('missing expiry, purpose other without text, unknown organization, future dates', async () => {
    const pid = await newParticipant();
    const noExpiry = await as.ana.post(url(pid), consent({ expiresOn: null }));
    expect(fieldPaths(noExpiry)).toEqual(['expiresOn']);
    const other = await as.ana.post(url(pid), consent({ purposes: ['other'] }));
    expect(fieldPaths(other)).toEqual(['purposeOther']);
    const nobody = await as.ana.post(url(pid), consent({ recipient: { kind: 'resource', resourceId: '5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11' } }));
    expect(nobody.statusCode).toBe(400);
    expect(fieldPaths(nobody)).toEqual(['recipient.resourceId']);
    const future = await as.ana.post(url(pid), consent({ signedOn: '2026-03-05' }));
    expect(fieldPaths(future)).toEqual(['signedOn']);
    const empty = await as.ana.post(url(pid), consent({ information: [], purposes: [] }));
    expect(fieldPaths(empty).sort()).toEqual(['information', 'purposes']);
    const c = await record(pid, consent());
    const futureRevoke = await as.ana.post(url(pid, `/${c.id}/revoke`), { revokedOn: '2026-03-09' });
    expect(fieldPaths(futureRevoke)).toEqual(['revokedOn']);
    const noDate = await as.ana.post(url(pid, `/${c.id}/revoke`), {});
    expect(fieldPaths(noDate)).toEqual(['revokedOn']);
  });
});

describe('Who may see and record consents', () => {
  it('another site gets 404, an evaluator 403, a supervisor reads but does not record', async () => {
    const pid = await newParticipant();
    const c = await record(pid, consent());
    for (const res of [
      await as.ben.get(url(pid)),
      await as.ben.get(url(pid, `/${c.id}`)),
      await as.ben.post(url(pid), consent()),
      await as.ben.post(url(pid, `/${c.id}/revoke`), { revokedOn: '2026-03-02' }),
      await as.ben.get(`/api/participants/${pid}/disclosures`),
    ]) {
      expect(res.statusCode).toBe(404);
    }
    expect((await as.eve.get(url(pid))).statusCode).toBe(403);
    expect((await as.eve.get(`/api/participants/${pid}/disclosures`)).statusCode).toBe(403);
    expect((await as.sue.get(url(pid))).statusCode).toBe(200);
    expect((await as.sue.post(url(pid), consent())).statusCode).toBe(403);
    expect((await as.sue.post(url(pid, `/${c.id}/revoke`), { revokedOn: '2026-03-02' })).statusCode).toBe(403);
  });
});
