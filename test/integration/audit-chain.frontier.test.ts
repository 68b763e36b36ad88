/**
 * Where the audit sealer searches from. Its frontier moves only past ids that no open
 * transaction can still commit: two rounds with no writer open bring it to the last id
 * taken, an id rolled back holds nothing back, and a row put below it by hand is found
 * only by searching everywhere (`tandem audit seal`). A restored copy verifies with the
 * source's head, and its frontier comes down to its highest row. On PostgreSQL, a
 * transaction held open keeps the frontier below its row, overlapping writers do not
 * hold it back for ever, and writers in many transactions (one committing late with a
 * lower id) run while the sealer does. Decision 0031.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAuditTrail, verifyAuditTrail } from '../../src/server/audit/audit.chain.ts';
import { recordAudit } from '../../src/server/audit/audit.service.ts';
import { rowsOf, type Db } from '../../src/server/db/database.ts';
import { systemActor, type Actor } from '../../src/server/http/actor.ts';
import { auditChainProbe } from '../support/audit-chain.ts';
import { castOfStaff, defined, startHarness, type Cast, type Harness } from '../support/harness.ts';

let h: Harness;
let cast: Cast;
let db: Db;
const onServer = Boolean(process.env.TEST_DATABASE_URL);
const { chain, frontier, recordOne, recordRolledBack, idOf, inRestoredCopy } = auditChainProbe(() => db, () => h.clock.now());

beforeAll(async () => {
  h = await startHarness();
  db = h.testDb.database.db;
  cast = await castOfStaff(h);
});
afterAll(async () => {
  await h.close();
});

describe('the frontier the sealer searches from', () => {
  it('never passes an unsealed row: a row sealed in one round is passed only in the next, once no writer is open', async () => {
    // Two rounds with no writer open: the first notes the last id taken, the second settles it.
    await sealAuditTrail(db);
    await sealAuditTrail(db);
    const [top] = rowsOf<{ last: string; max: string }>(
      await db.execute(sql`SELECT (SELECT last_value::text FROM audit_events_id_seq) AS last, (SELECT max(id)::text FROM audit_events) AS max`),
    );
    const settled = await frontier();
    expect(settled).toMatchObject({ sealed_through: top?.last, pending_through: top?.last, unsealed_below: 0 });
    expect(BigInt(settled.sealed_through)).toBeGreaterThanOrEqual(BigInt(defined(top).max));

    await recordOne('test.frontier');
    const id = await idOf('test.frontier');
    expect(await frontier()).toMatchObject({ sealed_through: settled.sealed_through, unsealed_below: 0 });
    expect((await sealAuditTrail(db)).sealed).toBe(1);
    const noted = await frontier();
    // Sealed, but the frontier moves only to what the round before noted; this round notes the new id.
    expect(noted).toMatchObject({ sealed_through: settled.sealed_through, pending_through: id, unsealed_below: 0 });
    expect(noted.pending_at).not.toBeNull();
    expect(noted.pending_at).not.toBe(settled.pending_at);
    expect((await sealAuditTrail(db)).sealed).toBe(0);
    expect(await frontier()).toMatchObject({ sealed_through: id, pending_through: id, unsealed_below: 0 });
  });

  it('does not find a row written below the frontier by hand in a round, but does when searching everywhere', async () => {
    // An id taken by a transaction that rolled back holds nothing back: the frontier passes it.
    const gap = await recordRolledBack(1);
    await recordOne('test.after-gap');
    await sealAuditTrail(db);
    await sealAuditTrail(db);
    const before = await frontier();
    expect(BigInt(before.sealed_through)).toBeGreaterThan(BigInt(gap));
    expect(before.unsealed_below).toBe(0);

    // A row in that gap, below the frontier: what a load that bypassed the program could leave.
    await db.execute(sql`INSERT INTO audit_events (id, at, via, action, record_type) VALUES (${gap}::bigint, '2026-03-01 09:00:00+00', 'system', 'test.by-hand', 'site')`);
    expect(await frontier()).toMatchObject({ sealed_through: before.sealed_through, unsealed_below: 1 });
    expect(await sealAuditTrail(db)).toEqual({ sealed: 0, busy: false });
    expect(await sealAuditTrail(db)).toEqual({ sealed: 0, busy: false });
    expect(await verifyAuditTrail(db)).toMatchObject({ unsealed: 1, problem: null });

    expect(await sealAuditTrail(db, { everywhere: true, wait: true })).toEqual({ sealed: 1, busy: false });
    // Linked at the end of the chain, after rows with higher ids.
    expect(await verifyAuditTrail(db)).toMatchObject({ unsealed: 0, head: { id: gap }, problem: null });
    expect((await frontier()).unsealed_below).toBe(0);
  });

  it.runIf(onServer)('stays below the row of a transaction held open while other rows commit and are sealed, and seals it once it commits', async () => {
    const open = new pg.Client({ connectionString: defined(h.testDb.url) });
    await open.connect();
    let lateId = '';
    try {
      await open.query('BEGIN');
      const inserted = await open.query<{ id: string }>(`INSERT INTO audit_events (at, via, action, record_type)
        VALUES (now(), 'system', 'test.held-open', 'site') RETURNING id::text AS id`);
      lateId = defined(inserted.rows[0]).id;
      // Rows with higher ids commit and are sealed, round after round, while it is open.
      for (let round = 0; round < 3; round++) {
        await recordOne('test.while-open');
        expect((await sealAuditTrail(db)).sealed).toBe(1);
        const f = await frontier();
        expect(BigInt(f.sealed_through), `round ${String(round + 1)}`).toBeLessThan(BigInt(lateId));
        expect(f.unsealed_below).toBe(0);
      }
      const [higher] = rowsOf<{ n: number }>(
        await db.execute(sql`SELECT count(*)::int AS n FROM audit_seals s WHERE s.audit_id > ${lateId}::bigint`),
      );
      expect(higher?.n).toBe(3);
      await open.query('COMMIT');
    } finally {
      await open.end();
    }
    // Committed now below rows already sealed: the next round still finds it, and only then passes it.
    expect(await verifyAuditTrail(db)).toMatchObject({ unsealed: 1, problem: null });
    expect((await sealAuditTrail(db)).sealed).toBe(1);
    const late = defined((await chain()).find((r) => r.id === lateId));
    expect(late.chain_seq).not.toBeNull();
    expect(await verifyAuditTrail(db)).toMatchObject({ unsealed: 0, head: { id: lateId }, problem: null });
    const after = await frontier();
    expect(BigInt(after.sealed_through)).toBeGreaterThanOrEqual(BigInt(lateId));
    expect(after.unsealed_below).toBe(0);
  });

  it.runIf(onServer)('moves on while writers overlap: a transaction opened after a round noted its ids does not hold them back', async () => {
    const url = defined(h.testDb.url);
    const [first, second] = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
    await first.connect();
    await second.connect();
    const hold = async (c: pg.Client, action: string) => {
      await c.query('BEGIN');
      const inserted = await c.query<{ id: string }>(`INSERT INTO audit_events (at, via, action, record_type) VALUES (now(), 'system', $1, 'site') RETURNING id::text AS id`, [action]);
      return defined(inserted.rows[0]).id;
    };
    try {
      await sealAuditTrail(db);
      await sealAuditTrail(db);
      const firstId = await hold(first, 'test.overlap-first');
      await recordOne('test.overlap-committed');
      const committedId = await idOf('test.overlap-committed');
      // This round notes the ids taken so far, the first transaction's among them.
      expect((await sealAuditTrail(db)).sealed).toBe(1);
      expect(await frontier()).toMatchObject({ pending_through: committedId });
      // A second transaction opens after that; the next round, with the first still open, keeps what it noted.
      const secondId = await hold(second, 'test.overlap-second');
      expect((await sealAuditTrail(db)).sealed).toBe(0);
      expect(await frontier()).toMatchObject({ pending_through: committedId });
      expect(BigInt((await frontier()).sealed_through)).toBeLessThan(BigInt(firstId));
      await first.query('COMMIT');
      // The second is still open, but began after those ids were noted: the frontier moves to them.
      expect((await sealAuditTrail(db)).sealed).toBe(1);
      expect(await frontier()).toMatchObject({ sealed_through: committedId, unsealed_below: 0 });
      expect(BigInt(committedId)).toBeLessThan(BigInt(secondId));
      await second.query('COMMIT');
      expect((await sealAuditTrail(db)).sealed).toBe(1);
      expect(await verifyAuditTrail(db)).toMatchObject({ unsealed: 0, head: { id: secondId }, problem: null });
      expect((await frontier()).unsealed_below).toBe(0);
    } finally {
      await first.end();
      await second.end();
    }
  });
});

describe('backup and restore', () => {
  it('copies the chain as it is: the restored program verifies with the same head, and goes on from it', async () => {
    await sealAuditTrail(db, { wait: true });
    const source = await verifyAuditTrail(db);
    expect(source.problem).toBeNull();
    await inRestoredCopy(async (target) => {
      // The backup's own row was written after the snapshot; the restore's row is new and unsealed.
      const restored = await verifyAuditTrail(target, { expectedHead: defined(source.head).hash });
      expect(restored).toMatchObject({ sealed: source.sealed, unsealed: 1, head: source.head, problem: null });
      expect((await sealAuditTrail(target, { wait: true })).sealed).toBe(1);
      expect(await verifyAuditTrail(target)).toMatchObject({ sealed: source.sealed + 1, unsealed: 0, problem: null });
    });
  });

  it('brings the frontier down to the highest row restored, so rows written after the restore are found by a round', async () => {
    // Ids taken at the top of the trail and rolled back: the source's frontier passes them, the restore's ids do not.
    await recordRolledBack(3);
    await sealAuditTrail(db);
    await sealAuditTrail(db);
    const top = defined(rowsOf<{ id: string }>(await db.execute(sql`SELECT max(id)::text AS id FROM audit_events`))[0]).id;
    expect(BigInt((await frontier()).sealed_through)).toBeGreaterThan(BigInt(top));

    await inRestoredCopy(async (target) => {
      await target.transaction((tx) => recordAudit(tx, systemActor, h.clock.now(), { action: 'test.after-restore', recordType: 'site' }));
      expect(await frontier(target)).toMatchObject({ sealed_through: top, pending_through: null });
      // The restore's own row and the one after it, in a round (not only by searching everywhere).
      expect(await sealAuditTrail(target)).toEqual({ sealed: 2, busy: false });
      expect(await verifyAuditTrail(target)).toMatchObject({ unsealed: 0, problem: null });
    });
  });
});

describe.runIf(onServer)('many writers at once (PostgreSQL)', () => {
  it('leaves no row unsealed after a final seal, and a row committed late is sealed after higher ids', async () => {
    const actor: Actor = { ...systemActor, via: 'session', userId: cast.people.ana.id, clientAddress: '10.1.2.3' };
    let writing = true;
    const writers = Array.from({ length: 3 }, async (_, w) => {
      for (let i = 0; i < 40; i++) {
        await db.transaction((tx) =>
          recordAudit(tx, actor, new Date(), [
            { action: 'test.concurrent', recordType: 'site', details: { writer: w, i } },
            { action: 'test.concurrent', recordType: 'site', details: { writer: w, i, second: true } },
          ]),
        );
      }
    });
    // One transaction takes an id early and commits only after later rows were sealed.
    let lateId = '';
    const late = db.transaction(async (tx) => {
      await recordAudit(tx, actor, new Date(), { action: 'test.late', recordType: 'site' });
      lateId = defined(rowsOf<{ id: string }>(await tx.execute(sql`SELECT max(id)::text AS id FROM audit_events WHERE action = 'test.late'`))[0]).id;
      // Held open until the sealer has sealed a later row (seen from another connection).
      for (let tries = 0; tries < 100; tries++) {
        const [n] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM audit_seals WHERE audit_id > ${lateId}::bigint`));
        if ((n?.n ?? 0) > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    const sealer = (async () => {
      let rounds = 0;
      while (writing) {
        await sealAuditTrail(db, { batch: 25 });
        rounds++;
      }
      return rounds;
    })();
    // Two sealers at once: one waits for the lock or skips; the chain stays one chain.
    const second = sealAuditTrail(db, { batch: 10, wait: true });
    await Promise.all([...writers, late, second]);
    writing = false;
    expect(await sealer).toBeGreaterThan(0);
    // The frontier never passed a row still to commit: one more round from it finds every row.
    expect((await frontier()).unsealed_below).toBe(0);
    await sealAuditTrail(db, { wait: true });

    const result = await verifyAuditTrail(db, { batch: 50 });
    expect(result.problem).toBeNull();
    expect(result.unsealed).toBe(0);
    const [total] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM audit_events`));
    expect(result.sealed).toBe(total?.n);
    const [lateRow] = rowsOf<{ seq: string; higher: number }>(
      await db.execute(sql`SELECT s.chain_seq::text AS seq,
        (SELECT count(*)::int FROM audit_seals o WHERE o.audit_id > s.audit_id AND o.chain_seq < s.chain_seq) AS higher
        FROM audit_seals s WHERE s.audit_id = ${lateId}::bigint`),
    );
    expect(lateRow?.higher).toBeGreaterThan(0);
  });
});
