/**
 * Naloxone: Sam, who manages Cook County Jail, receives a case of 24 kits and a
 * short-dated box; Ana gives two kits to Samuel's mother with training; Sam
 * hands kits out at a health fair, sends some to Lake County Jail, writes off
 * the expired and the lost ones and corrects the count. The stock always
 * equals the sum of its movements, per lot. Two staff taking the last kit at
 * the same moment: only one succeeds. Who may do which; bad input named by field.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Distribution, LotStock, Movement, Refill, Reversal, Stock } from '../../src/core/naloxone.ts';
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

// The harness clock: 2026-03-02 in Chicago.
const TODAY = '2026-03-02';

async function stockAt(site: string, by: Browser = as.sam): Promise<Stock> {
  const res = await by.get(`/api/sites/${site}/naloxone/stock`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Stock>();
}
const lotOf = (stock: Stock, lotNumber: string): LotStock => {
  const lot = stock.lots.find((l) => l.lotNumber === lotNumber);
  if (!lot) throw new Error(`no lot ${lotNumber}`);
  return lot;
};
async function receive(site: string, body: Record<string, unknown>, by: Browser = as.sam): Promise<Movement> {
  const res = await by.post('/api/naloxone/movements', { kind: 'received', siteId: site, product: 'nasal_4mg', occurredOn: TODAY, source: 'IDPH Drug Overdose Prevention Program', ...body });
  expect(res.statusCode, res.body).toBe(201);
  const [m] = res.json<{ items: Movement[] }>().items;
  if (!m) throw new Error('no movement');
  return m;
}
async function newParticipant(): Promise<string> {
  const res = await as.ana.post('/api/participants', participantInput(cast.sites.cook, { custodyStatus: 'community', releaseDate: '2026-02-20', expectedReleaseDate: null }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}
/** Reconciliation: what the movements say the lot holds. */
const reconciled = (l: LotStock) => l.received - l.distributed - l.transferredOut + l.transferredIn - l.expiredDestroyed - l.lost + l.adjustments;

describe('Sam receives kits at Cook County Jail; Ana gives two to Samuel’s mother', () => {
  let caseLot: string;
  let shortLot: string;
  let pid: string;
  let toMother: Distribution;

  it('receives a case of 24 and a short-dated box of 6; the short one is flagged', async () => {
    caseLot = (await receive(cast.sites.cook, { lotNumber: 'NX24A', expiresOn: '2027-10-31', kits: 24 })).lotId;
    shortLot = (await receive(cast.sites.cook, { lotNumber: 'NX06S', expiresOn: '2026-04-15', kits: 6, source: 'Chicago Recovery Alliance' })).lotId;
    const stock = await stockAt(cast.sites.cook);
    expect(stock.totals).toEqual([{ product: 'nasal_4mg', onHand: 30, usable: 30 }]);
    expect(lotOf(stock, 'NX24A')).toMatchObject({ onHand: 24, expiry: 'ok', received: 24 });
    expect(stock.alerts.map((a) => [a.lotNumber, a.expiry])).toEqual([['NX06S', 'expiring']]);
    // Receiving more of a known lot needs its expiry date as recorded.
    const wrong = await as.sam.post('/api/naloxone/movements', { kind: 'received', siteId: cast.sites.cook, product: 'nasal_4mg', lotNumber: 'NX24A', expiresOn: '2027-11-30', kits: 1, occurredOn: TODAY, source: 'IDPH' });
    expect(wrong.statusCode).toBe(400);
    expect(fieldPaths(wrong)).toEqual(['expiresOn']);
  });

  it('Ana gives 2 kits to his mother with training: from the earliest-expiring lot, audited without values', async () => {
    pid = await newParticipant();
    const res = await as.ana.post('/api/naloxone/distributions', {
      siteId: cast.sites.cook,
      recipientType: 'support_person',
      participantId: pid,
      relationship: 'family_member',
      recipientName: 'Maria (mother)',
      product: 'nasal_4mg',
      kits: 2,
      distributedOn: TODAY,
      trainingGiven: true,
      location: 'Release desk',
    });
    expect(res.statusCode, res.body).toBe(201);
    toMother = res.json<Distribution>();
    expect(toMother).toMatchObject({
      recipientType: 'support_person',
      relationship: 'family_member',
      kits: 2,
      trainingGiven: true,
      trainedBy: { id: cast.people.ana.id, name: 'Ana Reyes' },
      lots: [{ lotId: shortLot, lotNumber: 'NX06S', kits: 2 }],
    });
    expect(lotOf(await stockAt(cast.sites.cook), 'NX06S').onHand).toBe(4);

    const mine = await as.cai.get(`/api/naloxone/distributions?participantId=${pid}`);
    expect(mine.json<{ items: Distribution[] }>().items.map((d) => d.id)).toEqual([toMother.id]);
    const audit = await as.pat.get(`/api/audit?participantId=${pid}&limit=50`);
    const rows = audit.json<{ items: { action: string; details: unknown }[] }>().items;
    const created = rows.find((r) => r.action === 'naloxone_distribution.create');
    expect(created?.details).toEqual({ fields: ['recipientType', 'relationship', 'recipientName', 'product', 'kits', 'distributedOn', 'trainingGiven', 'location'] });
    expect(JSON.stringify(rows)).not.toContain('Maria');
    expect(rows.some((r) => r.action === 'naloxone_distribution.read')).toBe(true);
  });

  it('a kit her son later used: the reversal is linked to the distribution and to Samuel; a refill is requested', async () => {
    const res = await as.ana.post('/api/naloxone/reversals', {
      siteId: cast.sites.cook,
      distributionId: toMother.id,
      occurredOn: TODAY,
      zip: '60623',
      administeredBy: 'family',
      dosesUsed: 2,
      survived: 'yes',
      emsCalled: true,
      rescueBreathing: null,
    });
    expect(res.statusCode, res.body).toBe(201);
    const reversal = res.json<Reversal>();
    expect(reversal).toMatchObject({ participantId: pid, distributionId: toMother.id, survived: 'yes', emsCalled: true, rescueBreathing: null });
    const refill = await as.ana.post('/api/naloxone/refills', { siteId: cast.sites.cook, reason: 'used', distributionId: toMother.id, reversalId: reversal.id, requestedOn: TODAY });
    expect(refill.statusCode, refill.body).toBe(201);
    expect(refill.json<Refill>()).toMatchObject({ reason: 'used', participantId: pid });
    const list = await as.ana.get(`/api/naloxone/reversals?participantId=${pid}`);
    expect(list.json<{ items: Reversal[] }>().items.map((r) => r.id)).toEqual([reversal.id]);
    const bad = await as.ana.post('/api/naloxone/refills', { siteId: cast.sites.cook, reason: 'borrowed', requestedOn: TODAY });
    expect(fieldPaths(bad)).toEqual(['reason']);
  });

  it('Sam hands out kits at a health fair (no identity), transfers 5 to Lake, writes off and corrects the count: every lot reconciles', async () => {
    // Ana did the training at the fair: she is among Cook's staff who may be named, Ben (Lake) is not.
    const trainers = await as.sam.get(`/api/sites/${cast.sites.cook}/naloxone/trainers`);
    expect(trainers.statusCode, trainers.body).toBe(200);
    const names = trainers.json<{ items: { id: string; name: string }[] }>().items.map((p) => p.name);
    expect(names).toEqual(['Ana Reyes', 'Cai Morgan', 'Pat Okafor', 'Sam Patel', 'Sue Kim']);
    const fair = await as.sam.post('/api/naloxone/distributions', {
      siteId: cast.sites.cook,
      recipientType: 'community',
      communityRecipient: 'community_member',
      peopleCount: 6,
      zip: '60608',
      product: 'nasal_4mg',
      kits: 6,
      distributedOn: TODAY,
      trainingGiven: true,
      trainedById: cast.people.ana.id,
      eventName: 'Pilsen health fair',
    });
    expect(fair.statusCode, fair.body).toBe(201);
    expect(fair.json<Distribution>()).toMatchObject({ trainedBy: { name: 'Ana Reyes' }, createdBy: { name: 'Sam Patel' } });
    // 4 left in the short lot, then 2 from the case.
    expect(fair.json<Distribution>().lots.map((l) => [l.lotNumber, l.kits])).toEqual([
      ['NX06S', 4],
      ['NX24A', 2],
    ]);

    const transfer = await as.sam.post('/api/naloxone/movements', { kind: 'transfer_out', siteId: cast.sites.cook, lotId: caseLot, toSiteId: cast.sites.lake, kits: 5, occurredOn: TODAY });
    expect(transfer.statusCode, transfer.body).toBe(201);
    const [out, into] = transfer.json<{ items: Movement[] }>().items;
    expect(out).toMatchObject({ kind: 'transfer_out', kits: -5, siteId: cast.sites.cook, counterpartSite: { id: cast.sites.lake, name: 'Lake County Jail' } });
    expect(into).toMatchObject({ kind: 'transfer_in', kits: 5, siteId: cast.sites.lake, counterpartSite: { name: 'Cook County Jail' }, transferId: out?.transferId, lotNumber: 'NX24A', expiresOn: '2027-10-31' });
    // Ben, a coach at Lake, sees it arrive.
    const lake = await stockAt(cast.sites.lake, as.ben);
    expect(lotOf(lake, 'NX24A')).toMatchObject({ onHand: 5, transferredIn: 5 });
    const lakeMoves = await as.ben.get(`/api/naloxone/movements?siteId=${cast.sites.lake}`);
    expect(lakeMoves.json<{ items: Movement[] }>().items.map((m) => m.kind)).toEqual(['transfer_in']);

    expect((await as.sam.post('/api/naloxone/movements', { kind: 'lost', siteId: cast.sites.cook, lotId: caseLot, kits: 1, occurredOn: TODAY })).statusCode).toBe(201);
    expect((await as.sam.post('/api/naloxone/movements', { kind: 'expired_destroyed', siteId: cast.sites.cook, lotId: caseLot, kits: 1, occurredOn: TODAY, note: 'Crushed box' })).statusCode).toBe(201);
    // On the books: 24 − 2 − 5 − 1 − 1 = 15. The shelf holds 14.
    const count = await as.sam.post('/api/naloxone/movements', { kind: 'adjustment', siteId: cast.sites.cook, lotId: caseLot, countedKits: 14, reason: 'Monthly count', occurredOn: TODAY });
    expect(count.statusCode, count.body).toBe(201);
    expect(count.json<{ items: Movement[] }>().items[0]).toMatchObject({ kind: 'adjustment', kits: -1, reason: 'Monthly count' });
    const same = await as.sam.post('/api/naloxone/movements', { kind: 'adjustment', siteId: cast.sites.cook, lotId: caseLot, countedKits: 14, reason: 'Again', occurredOn: TODAY });
    expect(fieldPaths(same)).toEqual(['countedKits']);

    const stock = await stockAt(cast.sites.cook);
    expect(lotOf(stock, 'NX24A')).toMatchObject({ received: 24, distributed: 2, transferredOut: 5, transferredIn: 0, expiredDestroyed: 1, lost: 1, adjustments: -1, onHand: 14 });
    expect(lotOf(stock, 'NX06S')).toMatchObject({ received: 6, distributed: 6, onHand: 0 });
    for (const lot of [...stock.lots, ...lake.lots]) expect(lot.onHand, lot.lotNumber).toBe(reconciled(lot));
    // And the sum of the movement history is the stock.
    const history = (await as.sam.get(`/api/naloxone/movements?siteId=${cast.sites.cook}&lotId=${caseLot}`)).json<{ items: Movement[] }>().items;
    expect(history.reduce((n, m) => n + m.kits, 0)).toBe(14);
  });

  it('stock never goes negative: more than on hand is 409 naming kits, and nothing changes', async () => {
    const lost = await as.sam.post('/api/naloxone/movements', { kind: 'lost', siteId: cast.sites.cook, lotId: caseLot, kits: 15, occurredOn: TODAY });
    expect(lost.statusCode).toBe(409);
    expect(errorCode(lost)).toBe('insufficient_stock');
    expect(fieldPaths(lost)).toEqual(['kits']);
    const give = await as.ana.post('/api/naloxone/distributions', { siteId: cast.sites.cook, recipientType: 'participant', participantId: pid, product: 'nasal_4mg', kits: 15, distributedOn: TODAY, trainingGiven: false });
    expect(give.statusCode).toBe(409);
    expect(fieldPaths(give)).toEqual(['kits']);
    const none = await as.ana.post('/api/naloxone/distributions', { siteId: cast.sites.cook, recipientType: 'participant', participantId: pid, product: 'nasal_8mg', kits: 1, distributedOn: TODAY, trainingGiven: false });
    expect(none.statusCode).toBe(409);
    expect(lotOf(await stockAt(cast.sites.cook), 'NX24A').onHand).toBe(14);
  });

  it('an expired lot is not handed out by default, and not when chosen', async () => {
    const old = (await receive(cast.sites.cook, { product: 'nasal_8mg', lotNumber: 'OLD8', expiresOn: '2026-02-28', kits: 3 })).lotId;
    const give = { siteId: cast.sites.cook, recipientType: 'participant', participantId: pid, product: 'nasal_8mg', kits: 1, distributedOn: TODAY, trainingGiven: false };
    expect((await as.ana.post('/api/naloxone/distributions', give)).statusCode).toBe(409);
    const chosen = await as.ana.post('/api/naloxone/distributions', { ...give, lotId: old });
    expect(fieldPaths(chosen)).toEqual(['lotId']);
    const stock = await stockAt(cast.sites.cook);
    expect(stock.alerts.find((a) => a.lotNumber === 'OLD8')?.expiry).toBe('expired');
    expect(stock.totals.find((t) => t.product === 'nasal_8mg')).toEqual({ product: 'nasal_8mg', onHand: 3, usable: 0 });
  });

  it('movements are append-only in the database itself', async () => {
    const { db } = h.testDb.database;
    await expect(db.execute(sql`update naloxone_movements set kits = 100`)).rejects.toThrow();
    await expect(db.execute(sql`delete from naloxone_movements`)).rejects.toThrow();
    await expect(db.execute(sql`update naloxone_distributions set kits = 1`)).rejects.toThrow();
  });

  it('once Samuel moves to Lake County, Cook’s list still counts his mother’s kits but no longer says who got them', async () => {
    const current = (await as.pat.get(`/api/participants/${pid}`)).json<{ version: number }>();
    const moved = await as.pat.patch(`/api/participants/${pid}`, { version: current.version, siteId: cast.sites.lake });
    expect(moved.statusCode, moved.body).toBe(200);
    const list = (await as.sam.get(`/api/naloxone/distributions?siteId=${cast.sites.cook}`)).json<{ items: Distribution[] }>().items;
    const row = list.find((d) => d.id === toMother.id);
    expect(row).toMatchObject({ kits: 2, recipientType: 'support_person', participantId: null, recipientName: null });
    expect(JSON.stringify(list)).not.toContain(pid);
    const reversals = (await as.sam.get(`/api/naloxone/reversals?siteId=${cast.sites.cook}`)).json<{ items: { participantId: string | null }[] }>().items;
    expect(reversals.every((r) => r.participantId !== pid)).toBe(true);
    // Ben at Lake sees Samuel's kits from his page.
    const his = (await as.ben.get(`/api/naloxone/distributions?participantId=${pid}`)).json<{ items: Distribution[] }>().items;
    expect(his.map((d) => d.recipientName)).toContain('Maria (mother)');
  });
});

describe('two staff take the last kits at the same moment', () => {
  it('one kit left, two distributions at once: exactly one succeeds', async () => {
    const lot = (await receive(cast.sites.cook, { product: 'intramuscular', lotNumber: 'IM-LAST', expiresOn: '2027-01-31', kits: 1 })).lotId;
    const give = (by: Browser) =>
      by.post('/api/naloxone/distributions', { siteId: cast.sites.cook, recipientType: 'community', communityRecipient: 'other', zip: '60608', product: 'intramuscular', kits: 1, distributedOn: TODAY, trainingGiven: false });
    const results = await Promise.all([give(as.ana), give(as.cai)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const stock = await stockAt(cast.sites.cook);
    expect(stock.lots.find((l) => l.lotId === lot)).toMatchObject({ onHand: 0, distributed: 1 });
  });

  it('three kits, eight requests (distributions and write-offs on the chosen lot) at once: exactly three succeed', async () => {
    const lot = (await receive(cast.sites.cook, { product: 'other', lotNumber: 'RACE3', expiresOn: '2027-01-31', kits: 3 })).lotId;
    const give = (by: Browser) =>
      by.post('/api/naloxone/distributions', { siteId: cast.sites.cook, recipientType: 'community', communityRecipient: 'other', zip: '60608', product: 'other', kits: 1, distributedOn: TODAY, trainingGiven: false });
    const writeOff = () => as.sam.post('/api/naloxone/movements', { kind: 'lost', siteId: cast.sites.cook, lotId: lot, kits: 1, occurredOn: TODAY });
    const results = await Promise.all([give(as.ana), give(as.cai), writeOff(), give(as.ana), writeOff(), give(as.cai), give(as.sam), writeOff()]);
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(3);
    expect(codes.filter((c) => c === 409)).toHaveLength(5);
    const l = (await stockAt(cast.sites.cook)).lots.find((x) => x.lotId === lot);
    expect(l?.onHand).toBe(0);
    expect(l && reconciled(l)).toBe(0);
  });
});

describe('who may do what', () => {
  it('a coach of another site: that site’s stock is not found', async () => {
    expect((await as.ben.get(`/api/sites/${cast.sites.cook}/naloxone/stock`)).statusCode).toBe(404);
    expect((await as.ben.get(`/api/naloxone/movements?siteId=${cast.sites.cook}`)).statusCode).toBe(404);
    expect((await as.ben.get(`/api/sites/${cast.sites.cook}/naloxone/trainers`)).statusCode).toBe(404);
    expect((await as.eve.get(`/api/sites/${cast.sites.cook}/naloxone/trainers`)).statusCode).toBe(403);
    const give = await as.ben.post('/api/naloxone/distributions', { siteId: cast.sites.cook, recipientType: 'community', communityRecipient: 'other', zip: '60608', product: 'nasal_4mg', kits: 1, distributedOn: TODAY, trainingGiven: false });
    expect(give.statusCode).toBe(404);
  });

  it('coaches do not move stock; evaluators neither distribute nor read distributions; managers record no participant’s kits', async () => {
    const move = { kind: 'received', siteId: cast.sites.cook, product: 'nasal_4mg', lotNumber: 'X', expiresOn: '2027-01-31', kits: 1, occurredOn: TODAY, source: 'x' };
    expect((await as.ana.post('/api/naloxone/movements', move)).statusCode).toBe(403);
    expect((await as.eve.post('/api/naloxone/movements', move)).statusCode).toBe(403);
    expect((await as.eve.get(`/api/naloxone/distributions?siteId=${cast.sites.cook}`)).statusCode).toBe(403);
    expect((await as.eve.post('/api/naloxone/reversals', {})).statusCode).toBe(403);
    const pid = await newParticipant();
    const bySam = await as.sam.post('/api/naloxone/distributions', { siteId: cast.sites.cook, recipientType: 'participant', participantId: pid, product: 'nasal_4mg', kits: 1, distributedOn: TODAY, trainingGiven: false });
    expect(bySam.statusCode).toBe(403);
    // The supervisor reads the stock of her sites.
    expect((await as.sue.get(`/api/sites/${cast.sites.stateville}/naloxone/stock`)).statusCode).toBe(200);
  });

  it('bad input names the field', async () => {
    const noLot = await as.sam.post('/api/naloxone/movements', { kind: 'received', siteId: cast.sites.cook, product: 'nasal_4mg', expiresOn: '2027-01-31', kits: 0, occurredOn: TODAY, source: 'x' });
    expect(noLot.statusCode).toBe(400);
    expect(fieldPaths(noLot).sort()).toEqual(['kits', 'lotNumber']);
    const future = await as.sam.post('/api/naloxone/movements', { kind: 'received', siteId: cast.sites.cook, product: 'nasal_4mg', lotNumber: 'F', expiresOn: '2027-01-31', kits: 1, occurredOn: '2026-03-09', source: 'x' });
    expect(fieldPaths(future)).toEqual(['occurredOn']);
    const community = await as.ana.post('/api/naloxone/distributions', { siteId: cast.sites.cook, recipientType: 'community', product: 'nasal_4mg', kits: 1, distributedOn: TODAY, trainingGiven: true });
    expect(fieldPaths(community)).toEqual(['communityRecipient', 'zip']);
    const fair = { siteId: cast.sites.cook, recipientType: 'community', communityRecipient: 'other', zip: '60608', product: 'nasal_4mg', kits: 1, distributedOn: TODAY };
    const otherSiteTrainer = await as.ana.post('/api/naloxone/distributions', { ...fair, trainingGiven: true, trainedById: cast.people.ben.id });
    expect(fieldPaths(otherSiteTrainer)).toEqual(['trainedById']);
    const toSelf = await as.sam.post('/api/naloxone/movements', { kind: 'transfer_out', siteId: cast.sites.cook, lotId: '7f1f7c64-9d3c-4b0a-8f5e-2b1c3d4e5f60', toSiteId: cast.sites.cook, kits: 1, occurredOn: TODAY });
    expect(fieldPaths(toSelf)).toEqual(['toSiteId']);
  });
});
