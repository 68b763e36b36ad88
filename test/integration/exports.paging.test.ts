/**
 * The export reads each table in keyset pages (csv-tables.ts). Referral events are
 * paged by (referral, version) rather than by id, so each referral's steps come
 * together: read a few rows at a time, every event comes once, in that order, and the
 * same as in one page.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rowsOf } from '../../src/server/db/database.ts';
import { referralEventPage, type ReferralEventPageRow, type Scope } from '../../src/server/exports/exports.repository.ts';
import { createDemoTestDatabase, type TestDatabase } from '../support/database.ts';

const NOW = new Date('2026-03-02T15:00:00Z');
let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createDemoTestDatabase(NOW);
}, 240_000);
afterAll(() => testDb.drop());

async function inPages(scope: Scope, size: number): Promise<ReferralEventPageRow[]> {
  const all: ReferralEventPageRow[] = [];
  // The export runs its reads in one transaction; so do these.
  await testDb.database.db.transaction(async (tx) => {
    for (let after: string | null = null; ; ) {
      const page = await referralEventPage(tx, scope, after, size);
      all.push(...page);
      const last = page.at(-1);
      if (page.length < size || !last) break;
      after = last.id;
    }
  });
  return all;
}

it('pages of referral events cover every event once, each referral’s steps together and in order', async () => {
  const db = testDb.database.db;
  const [{ n } = { n: 0 }] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM referral_events`));
  expect(n).toBeGreaterThan(10);

  const whole = await inPages(null, 100_000);
  expect(whole).toHaveLength(n);
  // Pages of 3 cut most referrals' steps across two pages.
  const paged = await inPages(null, 3);
  expect(paged).toEqual(whole);
  const keys = paged.map((e) => `${e.referralId} ${String(e.step).padStart(6, '0')}`);
  expect(keys).toEqual([...keys].sort());
  expect(new Set(keys).size).toBe(n);

  // A site's export holds the events of its participants' referrals only, paged the same way.
  const [site] = rowsOf<{ site_id: string; n: number }>(
    await db.execute(sql`SELECT p.site_id, count(*)::int AS n FROM referral_events e JOIN referrals r ON r.id = e.referral_id
      JOIN participants p ON p.id = r.participant_id GROUP BY 1 ORDER BY 2 DESC LIMIT 1`),
  );
  if (!site) throw new Error('no referral events in the demo program');
  const ofSite = await inPages([site.site_id], 2);
  expect(ofSite).toHaveLength(site.n);
  expect(ofSite).toEqual(whole.filter((e) => ofSite.some((x) => x.id === e.id)));
});
