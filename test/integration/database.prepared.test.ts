/**
 * Prepared queries (src/server/db/prepared.ts): built once, each run on the caller's
 * own handle — the pool, a transaction, a read session — and, on PostgreSQL, as a
 * named statement of that connection.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Queryable } from '../../src/server/db/database.ts';
import { preparedQuery, preparedSql } from '../../src/server/db/prepared.ts';
import { sites } from '../../src/server/sites/sites.table.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.drop());

const NOW = new Date('2026-12-04T12:00:00Z');

const siteNamed = preparedQuery<{ name: string }, { id: string; name: string }[]>('test_site_named', (q) =>
  q.select({ id: sites.id, name: sites.name }).from(sites).where(eq(sites.name, sql.placeholder('name'))),
);
const sitesAmong = preparedQuery<{ ids: string[] }, { name: string }[]>('test_sites_among', (q) =>
  q
    .select({ name: sites.name })
    .from(sites)
    .where(sql`${sites.id} = any(${sql.placeholder('ids')}::uuid[])`)
    .orderBy(sites.name),
);
const renameSite = preparedSql<{ id: string; name: string }>(
  'test_rename_site',
  sql`update ${sites} set name = ${sql.placeholder('name')} where id = ${sql.placeholder('id')}::uuid returning name`,
);

async function addSite(q: Queryable, name: string): Promise<string> {
  const [row] = await q.insert(sites).values({ name, type: 'hub', timeZone: 'America/Chicago', createdAt: NOW, updatedAt: NOW }).returning({ id: sites.id });
  if (!row) throw new Error('no site');
  return row.id;
}

describe('a prepared query', () => {
  it('runs on the pool, in a read session and in a transaction, with the values of each call', async () => {
    const { db } = testDb.database;
    const a = await addSite(db, 'Prepared A');
    const b = await addSite(db, 'Prepared B');
    expect(await siteNamed(db, { name: 'Prepared A' })).toEqual([{ id: a, name: 'Prepared A' }]);
    expect(await testDb.database.session((q) => siteNamed(q, { name: 'Prepared B' }))).toEqual([{ id: b, name: 'Prepared B' }]);
    expect(await db.transaction((tx) => siteNamed(tx, { name: 'Nowhere' }))).toEqual([]);
    // A list of ids is one value: any length, none included, the same statement.
    expect(await sitesAmong(db, { ids: [a, b] })).toEqual([{ name: 'Prepared A' }, { name: 'Prepared B' }]);
    expect(await sitesAmong(db, { ids: [b] })).toEqual([{ name: 'Prepared B' }]);
    expect(await sitesAmong(db, { ids: [] })).toEqual([]);
  });

  it("runs on the transaction's own connection: it sees what the transaction wrote, and others do not until it commits", async () => {
    const { db } = testDb.database;
    let seenInside: unknown[] = [];
    await expect(
      db.transaction(async (tx) => {
        const id = await addSite(tx, 'Uncommitted');
        seenInside = await siteNamed(tx, { name: 'Uncommitted' });
        expect(rowsOf<{ name: string }>(await renameSite(tx, { id, name: 'Renamed, uncommitted' }))).toEqual([{ name: 'Renamed, uncommitted' }]);
        expect(await siteNamed(tx, { name: 'Renamed, uncommitted' })).toHaveLength(1);
        if (testDb.url) expect(await siteNamed(db, { name: 'Renamed, uncommitted' })).toEqual([]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(seenInside).toHaveLength(1);
    expect(await siteNamed(db, { name: 'Renamed, uncommitted' })).toEqual([]);
    expect(await siteNamed(db, { name: 'Uncommitted' })).toEqual([]);
  });

  // PGlite runs one transaction at a time: only a server has several open at once.
  it.runIf(process.env.TEST_DATABASE_URL)('on PostgreSQL: keeps transactions open at the same time apart', async () => {
    const { db } = testDb.database;
    const names = ['Apart 1', 'Apart 2', 'Apart 3'];
    let arrived = 0;
    let release: () => void = () => undefined;
    const allRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const seen = await Promise.all(
      names.map((name) =>
        db.transaction(async (tx) => {
          const id = await addSite(tx, name);
          const others = await Promise.all(names.map((n) => siteNamed(tx, { name: n })));
          // Every transaction has written and read before any commits.
          if (++arrived === names.length) release();
          await allRead;
          return { id, seen: others.flat().map((r) => r.name) };
        }),
      ),
    );
    seen.forEach((s, i) => expect(s.seen).toEqual([names[i]]));
  });

  it.runIf(process.env.TEST_DATABASE_URL)('on PostgreSQL: is a named statement of the connection that ran it', async () => {
    const names = await testDb.database.session(async (q) => {
      await siteNamed(q, { name: 'Prepared A' });
      return rowsOf<{ name: string }>(await q.execute(sql`select name from pg_prepared_statements order by name`)).map((r) => r.name);
    });
    expect(names).toContain('test_site_named');
  });

  it('takes a name once', () => {
    expect(() => preparedSql('test_rename_site', sql`select 1`)).toThrow(/already named test_rename_site/);
  });
});
