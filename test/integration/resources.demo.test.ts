/** The demo's directory: every document passes the API's schemas, and each jail has a buprenorphine provider that takes Medicaid within 5 miles. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceOutput, resourceSearchOutput, resourceSearchQuery } from '../../src/core/resources.ts';
import { DEMO_SITE_COORDINATES, seedDemoResources } from '../../src/demo/resources.ts';
import { systemActor } from '../../src/server/http/actor.ts';
import { getResource, searchResources } from '../../src/server/resources/resources.service.ts';
import { startHarness, type Harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('the demo directory', () => {
  it('seeds believable resources that answer "buprenorphine, Medicaid, near the jail" at every jail', async () => {
    const { db } = h.testDb.database;
    const count = await db.transaction((tx) => seedDemoResources(tx, systemActor, h.clock.now()));
    expect(count).toBeGreaterThanOrEqual(30);
    const one = await db.transaction((tx) => getResource(tx, '00000000-0000-4000-b000-000000000001'));
    expect(resourceOutput.safeParse(one).success).toBe(true);
    for (const jail of ['cookJail', 'lakeJail', 'willJail', 'winnebagoJail'] as const) {
      const { latitude, longitude } = DEMO_SITE_COORDINATES[jail];
      const query = resourceSearchQuery.parse({ medication: 'buprenorphine', insurance: 'medicaid', lat: String(latitude), lng: String(longitude), radiusMiles: '5' });
      const found = await db.transaction((tx) => searchResources(tx, query, h.clock.now()));
      // The answer is what the API would send: it passes the response schema.
      expect(resourceSearchOutput.safeParse(found).success, jail).toBe(true);
      expect(found.items.length, jail).toBeGreaterThanOrEqual(2);
    }
  });
});
