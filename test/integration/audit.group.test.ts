/**
 * The audit rows of read sessions, committed together on PostgreSQL (audit.group.ts):
 * each read's rows are committed when its session answers, reads that finish
 * together share a commit, a bad row fails only its own read, and rows recorded
 * before a failure in a session are kept, and not after a failed transaction. On
 * PGlite the rows go in the session's or the transaction's own work.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inGroupedAuditSession, inGroupedAuditTransaction } from '../../src/server/audit/audit.group.ts';
import { recordAudit } from '../../src/server/audit/audit.service.ts';
import { rowsOf } from '../../src/server/db/database.ts';
import type { Actor } from '../../src/server/http/actor.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.drop());

const actor: Actor = {
  userId: randomUUID(),
  name: 'A coach',
  role: 'coach',
  siteIds: [],
  via: 'token',
  tokenId: randomUUID(),
  clientAddress: '127.0.0.1',
};
const at = new Date('2026-12-06T10:00:00.123Z');

/** The committed rows of one mark (record_id), with the transaction that wrote each. */
async function rowsMarked(mark: string) {
  return rowsOf<{ action: string; actor_user_id: string | null; via: string; token_id: string | null; client_address: string | null; participant_id: string | null; details: unknown; at: Date; xmin: string }>(
    await testDb.database.db.execute(
      sql`select action, actor_user_id, via, token_id, client_address, participant_id, details, at, xmin::text as xmin from audit_events where record_id = ${mark} order by id`,
    ),
  );
}

/** A read that records `count` rows marked `mark`, after a statement of its own. */
const read = (mark: string, count = 1, participantId: string | null = randomUUID()) =>
  inGroupedAuditSession(testDb.database, async (tx) => {
    await tx.execute(sql`select 1`);
    await recordAudit(
      tx,
      actor,
      at,
      Array.from({ length: count }, (_, i) => ({ action: `test.read.${i}`, recordType: 'participant', recordId: mark, participantId, details: { i } })),
    );
    return mark;
  });

describe('the audit rows of a read session', () => {
  it('are committed, in order and with their actor, when the read answers', async () => {
    const mark = randomUUID();
    const participantId = randomUUID();
    expect(await read(mark, 3, participantId)).toBe(mark);
    const rows = await rowsMarked(mark);
    expect(rows.map((r) => r.action)).toEqual(['test.read.0', 'test.read.1', 'test.read.2']);
    expect(rows[0]).toMatchObject({ actor_user_id: actor.userId, via: 'token', token_id: actor.tokenId, client_address: '127.0.0.1', participant_id: participantId, details: { i: 0 } });
    expect(new Date(rows[0]?.at ?? 0).toISOString()).toBe(at.toISOString());
  });

  it('of many concurrent reads are each committed by their answer, several in one commit on PostgreSQL', async () => {
    // Four times the pool: a read waiting for its commit must not hold a connection another needs.
    const marks = Array.from({ length: 20 }, () => randomUUID());
    const seen = await Promise.all(marks.map(async (mark) => ({ mark, answered: await read(mark), rows: await rowsMarked(mark) })));
    for (const s of seen) {
      expect(s.answered).toBe(s.mark);
      expect(s.rows).toHaveLength(1);
    }
    const commits = new Set(seen.map((s) => s.rows[0]?.xmin));
    if (testDb.url) expect(commits.size).toBeLessThan(marks.length);
  });

  it('with a row the database refuses fail only that read; the others of its group are committed', async () => {
    const good = Array.from({ length: 6 }, () => randomUUID());
    const bad = randomUUID();
    const results = await Promise.allSettled([
      ...good.slice(0, 3).map((m) => read(m)),
      read(bad, 1, 'not-a-uuid'),
      ...good.slice(3).map((m) => read(m)),
    ]);
    expect(results[3]?.status).toBe('rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(6);
    for (const m of good) expect(await rowsMarked(m)).toHaveLength(1);
    expect(await rowsMarked(bad)).toHaveLength(0);
  });

  // On PGlite a session is a transaction, and a failed one leaves nothing, as before.
  it.runIf(process.env.TEST_DATABASE_URL)('recorded before the work failed are committed on PostgreSQL, and the failure is answered', async () => {
    const mark = randomUUID();
    const failing = inGroupedAuditSession(testDb.database, async (tx) => {
      await recordAudit(tx, actor, at, { action: 'participant.emergency_access_used', recordType: 'participant', recordId: mark });
      throw new Error('the read failed after its first row');
    });
    await expect(failing).rejects.toThrow('the read failed after its first row');
    expect((await rowsMarked(mark)).map((r) => r.action)).toEqual(['participant.emergency_access_used']);
  });

  it('of a read with more rows than one statement takes are all committed', async () => {
    const mark = randomUUID();
    await read(mark, 5_200);
    const rows = await rowsMarked(mark);
    expect(rows).toHaveLength(5_200);
    expect(rows.at(-1)?.action).toBe('test.read.5199');
  });

  it('outside a read session are inserted where they are recorded, at once', async () => {
    const mark = randomUUID();
    await testDb.database.db.transaction(async (tx) => {
      await recordAudit(tx, actor, at, { action: 'test.write', recordType: 'participant', recordId: mark });
      const inside = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from audit_events where record_id = ${mark}`));
      expect(inside[0]?.n).toBe(1);
    });
  });
});

describe('the audit rows of a read in a transaction', () => {
  const readInTransaction = (mark: string, fail = false) =>
    inGroupedAuditTransaction(testDb.database, async (tx) => {
      await tx.execute(sql`select set_config('enable_seqscan', 'off', true)`);
      await recordAudit(tx, actor, at, { action: 'test.search', recordType: 'participant', recordId: mark });
      if (fail) throw new Error('the search failed after recording');
      return mark;
    });

  it('are committed when the read answers, several reads in one commit on PostgreSQL', async () => {
    const marks = Array.from({ length: 20 }, () => randomUUID());
    const seen = await Promise.all(marks.map(async (mark) => ({ answered: await readInTransaction(mark), rows: await rowsMarked(mark) })));
    expect(seen.every((s, i) => s.answered === marks[i] && s.rows.length === 1)).toBe(true);
    if (testDb.url) expect(new Set(seen.map((s) => s.rows[0]?.xmin)).size).toBeLessThan(marks.length);
  });

  it('are not kept when the transaction failed, on either database', async () => {
    const mark = randomUUID();
    await expect(readInTransaction(mark, true)).rejects.toThrow('the search failed after recording');
    expect(await rowsMarked(mark)).toHaveLength(0);
  });
});
