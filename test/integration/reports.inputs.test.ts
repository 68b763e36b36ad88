/**
 * The kept dashboard figures are reused query by query while the tables each query
 * reads are unchanged (figure-queries.ts, figures-cache.ts). A table a query reads but
 * does not list would leave its figures stale after a change. So, on the demonstration
 * program (every kind of record present): each query runs alone in a transaction,
 * and the tables PostgreSQL scanned for it (its per-transaction statistics) must be
 * exactly the ones it lists; and every table listed must have the trigger that notes
 * its changes.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Queryable } from '../../src/server/db/database.ts';
import { FIGURE_TABLES, figureQueries } from '../../src/server/reports/figure-queries.ts';
import { createDemoTestDatabase, type TestDatabase } from '../support/database.ts';

const NOW = new Date('2026-03-02T15:00:00Z');
let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createDemoTestDatabase(NOW);
}, 120_000);
afterAll(() => testDb.drop());

/** Scans of each table so far in this transaction (sequential and by index). */
async function scans(q: Queryable): Promise<Map<string, number>> {
  const rows = rowsOf<{ relname: string; n: number }>(
    await q.execute(sql`select relname, (coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::int as n from pg_stat_xact_user_tables`),
  );
  return new Map(rows.map((r) => [r.relname, r.n]));
}

describe('what each dashboard query reads', () => {
  const sites = async () => rowsOf<{ id: string; time_zone: string }>(await testDb.database.db.execute(sql`select id, time_zone from sites order by name`));

  it('is the list of tables it gives, for every query', async () => {
    const all = await sites();
    const scope = { from: '2025-01-01', to: '2026-02-28', today: '2026-03-02', timeZone: all[0]?.time_zone ?? 'UTC', siteIds: all.map((s) => s.id) };
    const queries = figureQueries(scope);
    for (const [name, query] of Object.entries(queries)) {
      const scanned = await testDb.database.db.transaction(async (tx) => {
        const before = await scans(tx);
        const rows = await query.run(tx);
        expect(rows, name).toBeTruthy();
        const after = await scans(tx);
        return [...after].filter(([table, n]) => n > (before.get(table) ?? 0)).map(([table]) => table);
      });
      expect(scanned.sort(), name).toEqual([...new Set(query.reads)].sort());
    }
  });

  it('has each of its tables noting its changes, so kept figures know when to run again', async () => {
    const triggers = rowsOf<{ table_name: string }>(
      await testDb.database.db.execute(sql`
        select c.relname as table_name from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
        where p.proname = 'figure_change_note' and not t.tgisinternal`),
    ).map((r) => r.table_name);
    expect(FIGURE_TABLES.filter((t) => !triggers.includes(t))).toEqual([]);
    expect(triggers.filter((t) => !FIGURE_TABLES.includes(t))).toEqual([]);
  });

  it('raises a table version with every change, in the transaction that makes it', async () => {
    const db = testDb.database.db;
    const version = async (q: Queryable) =>
      rowsOf<{ v: string | null }>(await q.execute(sql`select sum(change)::text as v from figure_changes where table_name = 'studies'`))[0]?.v ?? null;
    const before = await version(db);
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`update studies set name = name`);
        expect(await version(tx)).not.toBe(before);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await version(db)).toBe(before);
    await db.execute(sql`update studies set name = name`);
    const once = await version(db);
    expect(once).not.toBe(before);
    await db.execute(sql`update studies set name = name`);
    expect(BigInt((await version(db)) ?? 0)).toBeGreaterThan(BigInt(once ?? 0));
  });
});
