/**
 * Idempotency-Key: Ana's phone loses signal after she saves a new participant and
 * a naloxone distribution; the app sends each again with the same key and gets
 * the first answer back, with nothing written twice. The same key with another
 * request is refused; a request that failed can be corrected and sent again; two
 * copies sent at once run once.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeys } from '../../src/server/idempotency/idempotency.table.ts';
import { naloxoneDistributions } from '../../src/server/naloxone/naloxone.table.ts';
import { participants } from '../../src/server/participants/participants.table.ts';
import { castOfStaff, errorCode, participantInput, startHarness, type Browser, type Cast, type Harness } from '../support/harness.ts';

let h: Harness;
let cast: Cast;
let ana: Browser;

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  ana = await cast.as('ana');
});
afterAll(async () => h.close());

const withKey = (b: Browser, key: string, url: string, body: unknown) => b.request('POST', url, body, { 'idempotency-key': key });
const participantsNamed = async (lastName: string) =>
  (await h.testDb.database.db.select({ n: count() }).from(participants).where(eq(participants.lastName, lastName)))[0]?.n;

describe('a change sent again with the same Idempotency-Key', () => {
  it('answers the first answer again, and the participant exists once', async () => {
    const body = participantInput(cast.sites.cook, { lastName: 'Onceonly' });
    const first = await withKey(ana, 'new-participant-7f3a', '/api/participants', body);
    expect(first.statusCode, first.body).toBe(201);
    const again = await withKey(ana, 'new-participant-7f3a', '/api/participants', body);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await participantsNamed('Onceonly')).toBe(1);
  });

  it('the same key with a different request is refused (422), and nothing is written', async () => {
    const other = await withKey(ana, 'new-participant-7f3a', '/api/participants', participantInput(cast.sites.cook, { lastName: 'Another' }));
    expect(other.statusCode).toBe(422);
    expect(errorCode(other)).toBe('idempotency_key_reused');
    expect(await participantsNamed('Another')).toBe(0);
  });

  it('a request that failed leaves the key free: corrected, it goes through', async () => {
    const bad = await withKey(ana, 'fix-then-send', '/api/participants', participantInput(cast.sites.cook, { lastName: 'Corrected', dateOfBirth: '1990-02-31' }));
    expect(bad.statusCode).toBe(400);
    // A retry of the same bad request is still refused for its body, not replayed.
    expect((await withKey(ana, 'fix-then-send', '/api/participants', participantInput(cast.sites.cook, { lastName: 'Corrected', dateOfBirth: '1990-02-31' }))).statusCode).toBe(400);
    const fixed = await withKey(ana, 'fix-then-send', '/api/participants', participantInput(cast.sites.cook, { lastName: 'Corrected', dateOfBirth: '1990-02-28' }));
    expect(fixed.statusCode, fixed.body).toBe(201);
    expect(await participantsNamed('Corrected')).toBe(1);
  });

  it('two copies sent at the same moment run once', async () => {
    const body = participantInput(cast.sites.cook, { lastName: 'Doubletap' });
    const results = await Promise.all([withKey(ana, 'double-tap', '/api/participants', body), withKey(ana, 'double-tap', '/api/participants', body)]);
    const codes = results.map((r) => r.statusCode).sort();
    // The second either replays the first answer or, if it arrived while the first ran, is told the key is in use.
    expect(codes[0]).toBe(201);
    expect([201, 409]).toContain(codes[1]);
    expect(await participantsNamed('Doubletap')).toBe(1);
  });

  it('keys are each user’s own: Cai may use the same key for her own change', async () => {
    const cai = await cast.as('cai');
    const res = await withKey(cai, 'new-participant-7f3a', '/api/participants', participantInput(cast.sites.cook, { lastName: 'Caisown' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a naloxone distribution retried takes its kits from stock once', async () => {
    const sam = await cast.as('sam');
    const received = await sam.post('/api/naloxone/movements', { kind: 'received', siteId: cast.sites.cook, product: 'nasal_8mg', lotNumber: 'IDEM-1', expiresOn: '2027-06-30', kits: 5, occurredOn: '2026-03-02', source: 'IDPH' });
    expect(received.statusCode, received.body).toBe(201);
    const give = { siteId: cast.sites.cook, recipientType: 'community', communityRecipient: 'other', zip: '60608', product: 'nasal_8mg', kits: 2, distributedOn: '2026-03-02', trainingGiven: true };
    const first = await withKey(ana, 'event-kits-1', '/api/naloxone/distributions', give);
    const again = await withKey(ana, 'event-kits-1', '/api/naloxone/distributions', give);
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.json()).toEqual(first.json());
    const rows = await h.testDb.database.db.select({ n: count() }).from(naloxoneDistributions).where(eq(naloxoneDistributions.product, 'nasal_8mg'));
    expect(rows[0]?.n).toBe(1);
    const stock = (await sam.get(`/api/sites/${cast.sites.cook}/naloxone/stock`)).json<{ lots: { lotNumber: string; onHand: number }[] }>();
    expect(stock.lots.find((l) => l.lotNumber === 'IDEM-1')?.onHand).toBe(3);
  });

  it('a key that is not 1 to 255 visible characters is refused at the header', async () => {
    const res = await withKey(ana, 'x'.repeat(256), '/api/participants', participantInput(cast.sites.cook, { lastName: 'Longkey' }));
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { details: { path: string }[] } }>().error.details[0]?.path).toBe('headers.idempotency-key');
    expect(await participantsNamed('Longkey')).toBe(0);
  });
});

describe('answers that hold a secret shown once', () => {
  it('are never kept: the key is ignored, and the same request sent again runs again', async () => {
    const pat = await cast.as('pat');
    const body = { email: 'kept.never@tandem.test', name: 'Kim Never', role: 'coach', siteIds: [cast.sites.cook], setup: { method: 'invitation' } };
    const first = await withKey(pat, 'invite-kim', '/api/users', body);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json<{ invitationUrl: string }>().invitationUrl).toMatch(/\/invitation\//);
    const keys = await h.testDb.database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'invite-kim'));
    expect(keys).toEqual([]);
    // Not replayed (the link is not stored anywhere): the user exists now, so it is refused.
    const again = await withKey(pat, 'invite-kim', '/api/users', body);
    expect(again.statusCode).toBe(409);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
  });

  it('while an ordinary answer is stored as it was sent (the kill test proves it is stored with the change)', async () => {
    const res = await withKey(ana, 'stored-with-change', '/api/participants', participantInput(cast.sites.cook, { lastName: 'Storedwith' }));
    expect(res.statusCode).toBe(201);
    const [row] = await h.testDb.database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'stored-with-change'));
    expect(row?.statusCode).toBe(201);
    expect(JSON.parse(row?.responseBody ?? 'null')).toEqual(res.json());
  });
});
