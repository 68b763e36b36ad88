/**
 * The audit trail is a hash chain. Ana registers Samuel and looks him up; Pat's
 * sealer links those rows into the chain; `verify` walks it and finds it intact.
 * Someone with direct access to the database (a superuser, triggers off) then
 * changes a row's details, nudges a time by a microsecond, deletes a row in the
 * middle, deletes the last rows, or deletes one and renumbers the rest: each time
 * verify names the first row altered or removed. The append-only trigger still
 * refuses every change but the sealing itself. On PostgreSQL, writers in many
 * transactions (one committing late with a lower id) run while the sealer does.
 */
import { PassThrough, Readable } from 'node:stream';
import { sql, TransactionRollbackError, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH, sealAuditTrail, verifyAuditTrail, type VerifyResult } from '../../src/server/audit/audit.chain.ts';
import { recordAudit } from '../../src/server/audit/audit.service.ts';
import { restoreBackup, writeBackup } from '../../src/server/backup/backup.ts';
import { rowsOf, type Db } from '../../src/server/db/database.ts';
import { systemActor, type Actor } from '../../src/server/http/actor.ts';
import { createTestDatabase } from '../support/database.ts';
import { castOfStaff, defined, participantInput, startHarness, type Cast, type Harness } from '../support/harness.ts';

let h: Harness;
let cast: Cast;
let db: Db;
const onServer = Boolean(process.env.TEST_DATABASE_URL);

interface Row {
  id: string;
  chain_seq: string | null;
  prev_hash: string | null;
  hash: string | null;
}
async function chain(): Promise<Row[]> {
  return rowsOf<Row>(
    await db.execute(sql`SELECT id::text AS id, chain_seq::text AS chain_seq, prev_hash, hash FROM audit_events e ORDER BY e.chain_seq NULLS LAST, e.id`),
  );
}
async function refusal(query: SQL): Promise<string> {
  try {
    await db.execute(query);
    return '';
  } catch (err) {
    const e = err as Error & { cause?: Error };
    return e.cause?.message ?? e.message;
  }
}
/** Tampers as a superuser with the triggers off, verifies, and rolls everything back. */
async function verifyAfter(tamper: SQL[], options: { expectedHead?: string } = {}): Promise<VerifyResult> {
  let result: VerifyResult | undefined;
  try {
    await db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      for (const statement of tamper) await tx.execute(statement);
      result = await verifyAuditTrail(tx, { ...options, batch: 3 });
      tx.rollback();
    });
  } catch (err) {
    if (!(err instanceof TransactionRollbackError)) throw err;
  }
  return defined(result);
}
const byPosition = async (seq: number) => defined((await chain()).find((r) => r.chain_seq === String(seq)));

beforeAll(async () => {
  h = await startHarness();
  db = h.testDb.database.db;
  cast = await castOfStaff(h);
  const ana = await cast.as('ana');
  const res = await ana.post('/api/participants', participantInput(cast.sites.cook));
  expect(res.statusCode, res.body).toBe(201);
  const samuel = res.json<{ id: string }>();
  expect((await ana.get(`/api/participants/${samuel.id}`)).statusCode).toBe(200);
  // Details whose keys jsonb reorders, text beyond ASCII, a time with microseconds (JavaScript's Date has milliseconds).
  await db.transaction((tx) =>
    recordAudit(tx, systemActor, h.clock.now(), [
      { action: 'test.nested', recordType: 'participant', recordId: samuel.id, participantId: samuel.id, details: { zeta: 1, alpha: { b: [1, 2.50, null], a: 'é ✓ "quoted"' } } },
      { action: 'test.empty', recordType: 'site', details: {} },
    ]),
  );
  await db.execute(sql`INSERT INTO audit_events (at, via, action, record_type, client_address)
    VALUES ('2026-03-02 15:00:00.123456+00', 'system', 'test.microseconds', 'site', '2001:db8::1')`);
});
afterAll(async () => {
  await h.close();
});

describe('sealing', () => {
  it('leaves rows unsealed until the sealer runs, then links them all in id order from the genesis hash', async () => {
    const before = await chain();
    expect(before.length).toBeGreaterThan(10);
    expect(before.every((r) => r.chain_seq === null && r.hash === null)).toBe(true);
    const unsealed = await verifyAuditTrail(db);
    expect(unsealed).toMatchObject({ sealed: 0, unsealed: before.length, head: null, problem: null });

    // Small batches, so the chain continues across transactions.
    expect(await sealAuditTrail(db, { batch: 4, wait: true })).toEqual({ sealed: before.length, busy: false });
    const after = await chain();
    expect(after.map((r) => r.chain_seq)).toEqual(after.map((_, i) => String(i + 1)));
    expect(after.map((r) => BigInt(r.id))).toEqual(after.map((r) => BigInt(r.id)).sort((a, b) => (a < b ? -1 : 1)));
    expect(after[0]?.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < after.length; i++) expect(after[i]?.prev_hash).toBe(after[i - 1]?.hash);
    expect(await sealAuditTrail(db)).toEqual({ sealed: 0, busy: false });
  });

  it('hashes the previous hash and the content exactly as stored (microseconds, jsonb text)', async () => {
    const [row] = rowsOf<{ at: string; prev_hash: string; hash: string }>(
      await db.execute(sql`SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, prev_hash, hash
        FROM audit_events WHERE action = 'test.microseconds'`),
    );
    expect(row?.at).toBe('2026-03-02T15:00:00.123456Z');
    const [content] = rowsOf<Parameters<typeof chainHash>[1]>(
      await db.execute(sql`SELECT id::text AS id, '2026-03-02T15:00:00.123456Z' AS at, NULL AS actor_user_id, 'system' AS via, NULL AS token_id,
        action, record_type, record_id, NULL AS participant_id, client_address, details::text AS details
        FROM audit_events WHERE action = 'test.microseconds'`),
    );
    expect(chainHash(defined(row).prev_hash, defined(content))).toBe(row?.hash);
  });

  it('verifies intact, naming the head, and finds a head noted earlier', async () => {
    const rows = await chain();
    const last = defined(rows.at(-1));
    const result = await verifyAuditTrail(db, { batch: 3, expectedHead: defined(rows[4]?.hash) });
    expect(result).toMatchObject({
      sealed: rows.length,
      unsealed: 0,
      head: { id: last.id, chainSeq: last.chain_seq, hash: last.hash },
      expectedHeadAt: { chainSeq: '5' },
      problem: null,
    });
    // A new row is counted as not yet sealed until the next round.
    await db.transaction((tx) => recordAudit(tx, systemActor, h.clock.now(), { action: 'test.later', recordType: 'site' }));
    expect(await verifyAuditTrail(db)).toMatchObject({ sealed: rows.length, unsealed: 1, problem: null });
    expect((await sealAuditTrail(db)).sealed).toBe(1);
  });
});

describe('the append-only trigger', () => {
  it('refuses any change to a sealed row, and any change but sealing to an unsealed one', async () => {
    await db.transaction((tx) => recordAudit(tx, systemActor, h.clock.now(), { action: 'test.unsealed', recordType: 'site' }));
    const unsealed = sql`action = 'test.unsealed'`;
    const refused = /append-only \((UPDATE|DELETE|TRUNCATE) refused\)/;
    expect(await refusal(sql`UPDATE audit_events SET details = '{"x":1}' WHERE chain_seq = 2`)).toMatch(refused);
    expect(await refusal(sql`UPDATE audit_events SET hash = repeat('a', 64) WHERE chain_seq = 2`)).toMatch(refused);
    expect(await refusal(sql`UPDATE audit_events SET chain_seq = NULL, prev_hash = NULL, hash = NULL WHERE chain_seq = 2`)).toMatch(refused);
    expect(await refusal(sql`UPDATE audit_events SET action = 'test.other' WHERE ${unsealed}`)).toMatch(refused);
    // Sealing while changing the content is refused too; so is a partial seal.
    expect(
      await refusal(sql`UPDATE audit_events SET chain_seq = 1000, prev_hash = repeat('0', 64), hash = repeat('b', 64), details = '{}' WHERE ${unsealed}`),
    ).toMatch(refused);
    expect(await refusal(sql`UPDATE audit_events SET chain_seq = 1000 WHERE ${unsealed}`)).toMatch(refused);
    expect(await refusal(sql`DELETE FROM audit_events WHERE chain_seq = 2`)).toMatch(refused);
    expect(await refusal(sql`DELETE FROM audit_events WHERE ${unsealed}`)).toMatch(refused);
    expect(await refusal(sql`TRUNCATE audit_events`)).toMatch(refused);
    // The one update allowed: the sealer's.
    expect((await sealAuditTrail(db)).sealed).toBe(1);
    expect((await verifyAuditTrail(db)).problem).toBeNull();
  });
});

describe('tampering with the trail directly in the database', () => {
  it('names the row whose details were changed', async () => {
    const row = await byPosition(3);
    const result = await verifyAfter([sql`UPDATE audit_events SET details = '{"fields":["lastName"]}' WHERE chain_seq = 3`]);
    expect(result.problem).toEqual({ kind: 'altered', id: row.id, chainSeq: '3', message: `row ${row.id} (chain position 3) was altered` });
    expect(result.sealed).toBe(2);
  });

  it('names the row whose time moved by one microsecond, or whose actor, hash or link changed', async () => {
    const micro = defined(rowsOf<{ id: string; seq: string }>(await db.execute(sql`SELECT id::text AS id, chain_seq::text AS seq FROM audit_events WHERE action = 'test.microseconds'`))[0]);
    expect((await verifyAfter([sql`UPDATE audit_events SET at = at + interval '1 microsecond' WHERE action = 'test.microseconds'`])).problem).toMatchObject({
      kind: 'altered',
      id: micro.id,
      chainSeq: micro.seq,
    });
    const sixth = await byPosition(6);
    for (const change of [
      sql`UPDATE audit_events SET actor_user_id = ${cast.people.pat.id} WHERE chain_seq = 6`,
      sql`UPDATE audit_events SET client_address = '10.0.0.1' WHERE chain_seq = 6`,
      sql`UPDATE audit_events SET hash = repeat('c', 64) WHERE chain_seq = 6`,
      sql`UPDATE audit_events SET prev_hash = repeat('d', 64) WHERE chain_seq = 6`,
      sql`UPDATE audit_events SET hash = NULL WHERE chain_seq = 6`,
    ]) {
      expect((await verifyAfter([change])).problem).toMatchObject({ kind: 'altered', id: sixth.id, chainSeq: '6' });
    }
  });

  it('names where rows were removed from the middle or the start of the chain', async () => {
    const eighth = await byPosition(8);
    expect((await verifyAfter([sql`DELETE FROM audit_events WHERE chain_seq = 7`])).problem).toEqual({
      kind: 'removed',
      afterChainSeq: '6',
      message: `rows after chain position 6 were removed (next row present is row ${eighth.id} at chain position 8)`,
    });
    expect((await verifyAfter([sql`DELETE FROM audit_events WHERE chain_seq <= 2`])).problem).toMatchObject({ kind: 'removed', afterChainSeq: '0' });
  });

  it('sees a removal hidden by renumbering the rows after it, and a row rewritten with its hash recomputed', async () => {
    const eighth = await byPosition(8);
    const renumbered = await verifyAfter([
      sql`DELETE FROM audit_events WHERE chain_seq = 7`,
      sql`UPDATE audit_events SET chain_seq = chain_seq - 1 WHERE chain_seq > 7`,
    ]);
    expect(renumbered.problem).toMatchObject({ kind: 'removed', afterChainSeq: '6' });
    expect(renumbered.problem?.message).toContain(`chain position 7 (row ${eighth.id})`);

    // Whoever rewrites a row and its hash breaks the link to the next row.
    const fourth = await byPosition(4);
    const content = rowsOf<Parameters<typeof chainHash>[1] & { prev_hash: string }>(
      await db.execute(sql`SELECT id::text AS id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, actor_user_id::text AS actor_user_id,
        via, token_id::text AS token_id, 'test.rewritten' AS action, record_type, record_id, participant_id::text AS participant_id, client_address,
        details::text AS details, prev_hash FROM audit_events WHERE chain_seq = 4`),
    )[0];
    const forged = chainHash(defined(content).prev_hash, defined(content));
    const rewritten = await verifyAfter([sql`UPDATE audit_events SET action = 'test.rewritten', hash = ${forged} WHERE chain_seq = 4`]);
    expect(rewritten.problem).toMatchObject({ kind: 'removed', afterChainSeq: '4' });
    expect(rewritten.problem?.message).toContain(`or row ${fourth.id} was altered and its hash recomputed`);
  });

  it('sees the last rows removed only against a head noted earlier', async () => {
    const rows = await chain();
    const head = defined(rows.at(-1)?.hash);
    const cut = sql`DELETE FROM audit_events WHERE chain_seq > ${rows.length - 2}`;
    expect((await verifyAfter([cut])).problem).toBeNull();
    expect((await verifyAfter([cut], { expectedHead: head })).problem).toMatchObject({ kind: 'head-missing' });
    expect((await verifyAfter([], { expectedHead: head })).problem).toBeNull();
  });

  it('sees a sealed row taken out of the chain', async () => {
    const last = defined((await chain()).filter((r) => r.chain_seq !== null).at(-1));
    const result = await verifyAfter([sql`UPDATE audit_events SET chain_seq = NULL WHERE id = ${last.id}::bigint`]);
    expect(result.problem).toMatchObject({ kind: 'altered', id: last.id });
  });
});

describe('backup and restore', () => {
  it('copies the chain as it is: the restored program verifies with the same head, and goes on from it', async () => {
    await sealAuditTrail(db, { wait: true });
    const source = await verifyAuditTrail(db);
    expect(source.problem).toBeNull();
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeBackup(db, out, h.clock.now());
    const target = await createTestDatabase();
    try {
      await restoreBackup(target.database.db, Readable.from([Buffer.concat(chunks)]), h.clock.now());
      // The backup's own row was written after the snapshot; the restore's row is new and unsealed.
      const restored = await verifyAuditTrail(target.database.db, { expectedHead: defined(source.head).hash });
      expect(restored).toMatchObject({ sealed: source.sealed, unsealed: 1, head: source.head, problem: null });
      expect((await sealAuditTrail(target.database.db, { wait: true })).sealed).toBe(1);
      expect(await verifyAuditTrail(target.database.db)).toMatchObject({ sealed: source.sealed + 1, unsealed: 0, problem: null });
    } finally {
      await target.drop();
    }
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
        const [n] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM audit_events WHERE id > ${lateId}::bigint AND chain_seq IS NOT NULL`));
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
    await sealAuditTrail(db, { wait: true });

    const result = await verifyAuditTrail(db, { batch: 50 });
    expect(result.problem).toBeNull();
    expect(result.unsealed).toBe(0);
    const [total] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM audit_events`));
    expect(result.sealed).toBe(total?.n);
    const [lateRow] = rowsOf<{ seq: string; higher: number }>(
      await db.execute(sql`SELECT chain_seq::text AS seq, (SELECT count(*)::int FROM audit_events o WHERE o.id > e.id AND o.chain_seq < e.chain_seq) AS higher
        FROM audit_events e WHERE id = ${lateId}::bigint`),
    );
    expect(lateRow?.higher).toBeGreaterThan(0);
  });
});
