import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { systemActor } from '../server/http/actor.ts';
import { listDistributions, listReversals } from '../server/naloxone/naloxone.service.ts';
import { getStock } from '../server/naloxone/naloxone.stock.ts';
import { DEMO_SITE_LIST, DEMO_SITES } from './sites.ts';

const NOW = new Date('2026-03-02T15:00:00Z');
let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createDemoTestDatabase(NOW);
}, 180_000);
afterAll(async () => testDb.drop());

const read = <T>(work: Parameters<typeof testDb.database.db.transaction<T>>[0]) => testDb.database.db.transaction(work);

describe('the demo’s naloxone', () => {
  it('every site has stock in a few lots, one expiring within 60 days, and every lot reconciles and is never negative', async () => {
    for (const site of DEMO_SITE_LIST) {
      const stock = await read((tx) => getStock(tx, systemActor, site.id, NOW));
      expect(stock.lots.length, site.name).toBeGreaterThanOrEqual(3);
      expect(stock.alerts.some((a) => a.expiry === 'expiring'), site.name).toBe(true);
      for (const l of stock.lots) {
        expect(l.onHand, l.lotNumber).toBeGreaterThanOrEqual(0);
        expect(l.onHand).toBe(l.received - l.distributed - l.transferredOut + l.transferredIn - l.expiredDestroyed - l.lost + l.adjustments);
      }
      // The lot that expired last month was destroyed: nothing expired is left on hand.
      expect(stock.lots.filter((l) => l.expiry === 'expired' && l.onHand > 0)).toEqual([]);
    }
  });

  it('kits went to participants, their families and community events; a few reversals; the hub’s transfer reached Cook', async () => {
    const cook = await read((tx) => listDistributions(tx, systemActor, { siteId: DEMO_SITES.cookJail.id, limit: 500 }, NOW));
    const kinds = new Set(cook.items.map((d) => d.recipientType));
    expect([...kinds].sort()).toEqual(['community', 'participant', 'support_person']);
    const stock = await read((tx) => getStock(tx, systemActor, DEMO_SITES.cookJail.id, NOW));
    expect(stock.lots.some((l) => l.transferredIn === 24)).toBe(true);
    let reversals = 0;
    for (const site of DEMO_SITE_LIST) reversals += (await read((tx) => listReversals(tx, systemActor, { siteId: site.id, limit: 500 }, NOW))).items.length;
    expect(reversals).toBeGreaterThanOrEqual(3);
  });
});
