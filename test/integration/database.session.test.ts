/**
 * Database.session: a read's statements on one connection without BEGIN and COMMIT
 * (PostgreSQL), each committing by itself; the connection goes back to the pool
 * whatever happens. PGlite runs it as a transaction.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Tx } from '../../src/server/db/database.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.drop());

const one = async <T>(q: Tx, statement: ReturnType<typeof sql>): Promise<T> => rowsOf<{ v: T }>(await q.execute(statement))[0]?.v as T;

describe('a session', () => {
  it('runs the work and gives its result', async () => {
    expect(await testDb.database.session(async (q) => one<number>(q, sql`select 41 + 1 as v`))).toBe(42);
  });

  it.runIf(process.env.TEST_DATABASE_URL)('on PostgreSQL: one connection, no transaction around its statements, and the connection returned', async () => {
    const spare = testDb.database.spareConnections();
    const seen = await testDb.database.session(async (q) => ({
      pids: [await one<number>(q, sql`select pg_backend_pid() as v`), await one<number>(q, sql`select pg_backend_pid() as v`)],
      // Each statement is a transaction of its own: a transaction id taken by one is not the next one's.
      xids: [await one<string>(q, sql`select txid_current()::text as v`), await one<string>(q, sql`select txid_current()::text as v`)],
    }));
    expect(seen.pids[0]).toBe(seen.pids[1]);
    expect(seen.xids[0]).not.toBe(seen.xids[1]);
    await expect(testDb.database.session(async (q) => q.execute(sql`select no_such_column from sites`))).rejects.toThrow();
    expect(testDb.database.spareConnections()).toBe(spare);
  });
});
