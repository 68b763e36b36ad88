import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { rowsOf } from '../server/db/database.ts';

const NOW = new Date('2026-03-02T15:00:00Z');
let testDb: TestDatabase;

// The whole demo is seeded: on a busy machine that can take longer than the default hook timeout.
beforeAll(async () => {
  testDb = await createDemoTestDatabase(NOW);
}, 180_000);
afterAll(async () => testDb.drop());

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await testDb.database.db.execute(query));
}

describe('the demo’s contacts', () => {
  it('gives nearly everyone a history of about ten contacts, none in the future', async () => {
    const [totals] = await rows<{ n: number; people: number; participants: number; future: number }>(sql`
      SELECT count(*)::int AS n, count(DISTINCT participant_id)::int AS people,
        (SELECT count(*)::int FROM participants) AS participants,
        count(*) FILTER (WHERE occurred_at > ${NOW.toISOString()}::timestamptz)::int AS future
      FROM contacts`);
    expect(totals?.people).toBeGreaterThan((totals?.participants ?? 0) * 0.9);
    expect(totals?.n).toBeGreaterThan(1500);
    expect(totals?.n).toBeLessThan(4000);
    expect(totals?.future).toBe(0);
  });

  it('has in-custody visits before release, unsuccessful phone attempts, and a few corrections', async () => {
    const [beforeRelease] = await rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM contacts c JOIN participants p ON p.id = c.participant_id
      WHERE c.mode = 'in_custody' AND p.release_date IS NOT NULL AND c.occurred_at::date <= p.release_date`);
    expect(beforeRelease?.n).toBeGreaterThan(50);
    const [attempts] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM contacts WHERE NOT reached AND mode = 'phone'`);
    expect(attempts?.n).toBeGreaterThan(100);
    const [addenda] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM contact_addenda`);
    expect(addenda?.n).toBeGreaterThanOrEqual(2);
  });

  it('names only staff of the participant’s site as the team', async () => {
    const [outsiders] = await rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM contact_staff cs JOIN contacts c ON c.id = cs.contact_id
      WHERE NOT EXISTS (SELECT 1 FROM user_sites us WHERE us.user_id = cs.user_id AND us.site_id = c.site_id)`);
    expect(outsiders?.n).toBe(0);
  });
});
