/**
 * The audit trail is a hash chain. Ana registers Samuel and looks him up; Pat's
 * sealer links those rows into the chain, each by a row of its own in audit_seals
 * (the audit rows themselves are never rewritten); `verify` walks it and finds it
 * intact. Someone with direct access to the database (a superuser, triggers off)
 * then changes a row's details, nudges a time by a microsecond, rewrites a seal,
 * deletes a row in the middle or its seal with it, deletes the last rows, deletes
 * the last seal, or deletes one and renumbers the rest: each time verify names the
 * first row altered or removed, or, for the end of the chain, the head noted
 * earlier is missing. The append-only trigger refuses every change to the trail
 * and to its seals: sealing only ever inserts. Where the sealer searches from, a
 * restored copy and many writers at once: audit-chain.frontier.test.ts.
 */
import { sql, TransactionRollbackError, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH, sealAuditTrail, verifyAuditTrail, type VerifyResult } from '../../src/server/audit/audit.chain.ts';
import { recordAudit } from '../../src/server/audit/audit.service.ts';
import { rowsOf, type Db } from '../../src/server/db/database.ts';
import { systemActor } from '../../src/server/http/actor.ts';
import { auditChainProbe, rowAt } from '../support/audit-chain.ts';
import { castOfStaff, defined, participantInput, startHarness, type Cast, type Harness } from '../support/harness.ts';

let h: Harness;
let cast: Cast;
let db: Db;
const { chain, frontier, recordOne, idOf } = auditChainProbe(() => db, () => h.clock.now());

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
    // A new program's frontier: nothing sealed, nothing noted yet.
    expect(await frontier()).toMatchObject({ sealed_through: '0', pending_through: null, pending_at: null });
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
      await db.execute(sql`SELECT to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, s.prev_hash, s.hash
        FROM audit_events e JOIN audit_seals s ON s.audit_id = e.id WHERE e.action = 'test.microseconds'`),
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
    await recordOne('test.later');
    expect(await verifyAuditTrail(db)).toMatchObject({ sealed: rows.length, unsealed: 1, problem: null });
    expect((await sealAuditTrail(db)).sealed).toBe(1);
  });
});

describe('the append-only trigger', () => {
  it('refuses any change to the trail or to its seals: sealing only inserts', async () => {
    await recordOne('test.unsealed');
    const unsealedId = await idOf('test.unsealed');
    const refused = /append-only \((UPDATE|DELETE|TRUNCATE) refused\)/;
    // The trail: sealed or not, no row changes or goes.
    expect(await refusal(sql`UPDATE audit_events SET details = '{"x":1}' WHERE id = ${rowAt(2)}`)).toMatch(refused);
    expect(await refusal(sql`UPDATE audit_events SET action = 'test.other' WHERE id = ${unsealedId}::bigint`)).toMatch(refused);
    expect(await refusal(sql`DELETE FROM audit_events WHERE id = ${rowAt(2)}`)).toMatch(refused);
    expect(await refusal(sql`DELETE FROM audit_events WHERE id = ${unsealedId}::bigint`)).toMatch(refused);
    expect(await refusal(sql`TRUNCATE audit_events`)).toMatch(refused);
    // The seals: none is rewritten, renumbered, pointed at another row or taken out.
    expect(await refusal(sql`UPDATE audit_seals SET hash = repeat('a', 64) WHERE chain_seq = 2`)).toMatch(refused);
    expect(await refusal(sql`UPDATE audit_seals SET prev_hash = repeat('0', 64) WHERE chain_seq = 2`)).toMatch(refused);
    expect(await refusal(sql`UPDATE audit_seals SET chain_seq = chain_seq + 1000 WHERE chain_seq = 2`)).toMatch(refused);
    expect(await refusal(sql`UPDATE audit_seals SET audit_id = ${unsealedId}::bigint WHERE chain_seq = 2`)).toMatch(refused);
    expect(await refusal(sql`DELETE FROM audit_seals WHERE chain_seq = 2`)).toMatch(refused);
    expect(await refusal(sql`TRUNCATE audit_seals`)).toMatch(refused);
    expect(await refusal(sql`UPDATE audit_seal_frontier SET sealed_through = sealed_through`)).toBe('');
    // Nothing was changed; the sealer's insert is all it takes to seal the new row.
    expect((await verifyAuditTrail(db)).problem).toBeNull();
    expect((await sealAuditTrail(db)).sealed).toBe(1);
    expect(defined((await chain()).find((r) => r.id === unsealedId)).chain_seq).not.toBeNull();
    expect(await refusal(sql`DELETE FROM audit_seals WHERE audit_id = ${unsealedId}::bigint`)).toMatch(refused);
    expect((await verifyAuditTrail(db)).problem).toBeNull();
  });
});

describe('tampering with the trail directly in the database', () => {
  it('names the row whose details were changed', async () => {
    const row = await byPosition(3);
    const result = await verifyAfter([sql`UPDATE audit_events SET details = '{"fields":["lastName"]}' WHERE id = ${rowAt(3)}`]);
    expect(result.problem).toEqual({ kind: 'altered', id: row.id, chainSeq: '3', message: `row ${row.id} (chain position 3) was altered` });
    expect(result.sealed).toBe(2);
  });

  it('names the row whose time moved by one microsecond, or whose actor, action, hash or link changed', async () => {
    const microId = await idOf('test.microseconds');
    const micro = defined((await chain()).find((r) => r.id === microId));
    expect((await verifyAfter([sql`UPDATE audit_events SET at = at + interval '1 microsecond' WHERE action = 'test.microseconds'`])).problem).toMatchObject({
      kind: 'altered',
      id: micro.id,
      chainSeq: micro.chain_seq,
    });
    const sixth = await byPosition(6);
    for (const change of [
      sql`UPDATE audit_events SET actor_user_id = ${cast.people.pat.id} WHERE id = ${rowAt(6)}`,
      sql`UPDATE audit_events SET client_address = '10.0.0.1' WHERE id = ${rowAt(6)}`,
      sql`UPDATE audit_events SET action = 'test.other' WHERE id = ${rowAt(6)}`,
      sql`UPDATE audit_seals SET hash = repeat('c', 64) WHERE chain_seq = 6`,
      sql`UPDATE audit_seals SET prev_hash = repeat('d', 64) WHERE chain_seq = 6`,
    ]) {
      expect((await verifyAfter([change])).problem).toMatchObject({ kind: 'altered', id: sixth.id, chainSeq: '6' });
    }
  });

  it('names the row removed from the trail whose seal stayed, in the middle, at the start or at the end', async () => {
    const seventh = await byPosition(7);
    expect((await verifyAfter([sql`DELETE FROM audit_events WHERE id = ${rowAt(7)}`])).problem).toEqual({
      kind: 'removed',
      afterChainSeq: '6',
      message: `row ${seventh.id} (chain position 7) was removed`,
    });
    const first = await byPosition(1);
    expect(
      (await verifyAfter([sql`DELETE FROM audit_events WHERE id IN (SELECT s.audit_id FROM audit_seals s WHERE s.chain_seq <= 2)`])).problem,
    ).toEqual({ kind: 'removed', afterChainSeq: '0', message: `row ${first.id} (chain position 1) was removed` });
    const rows = (await chain()).filter((r) => r.chain_seq !== null);
    const newest = defined(rows.at(-1));
    expect((await verifyAfter([sql`DELETE FROM audit_events WHERE id = ${newest.id}::bigint`])).problem).toEqual({
      kind: 'removed',
      afterChainSeq: String(rows.length - 1),
      message: `row ${newest.id} (chain position ${String(rows.length)}) was removed`,
    });
  });

  it('names where rows were removed with their seals from the middle or the start of the chain', async () => {
    const eighth = await byPosition(8);
    const middle = await verifyAfter([sql`DELETE FROM audit_events WHERE id = ${rowAt(7)}`, sql`DELETE FROM audit_seals WHERE chain_seq = 7`]);
    expect(middle.problem).toEqual({
      kind: 'removed',
      afterChainSeq: '6',
      message: `rows after chain position 6 were removed (next row present is row ${eighth.id} at chain position 8)`,
    });
    // A seal taken out alone leaves the same gap, and its row not yet sealed.
    const sealOnly = await verifyAfter([sql`DELETE FROM audit_seals WHERE chain_seq = 7`]);
    expect(sealOnly).toMatchObject({ unsealed: 1, problem: { kind: 'removed', afterChainSeq: '6', message: middle.problem?.message } });
    const third = await byPosition(3);
    const start = await verifyAfter([
      sql`DELETE FROM audit_events WHERE id IN (SELECT s.audit_id FROM audit_seals s WHERE s.chain_seq <= 2)`,
      sql`DELETE FROM audit_seals WHERE chain_seq <= 2`,
    ]);
    expect(start.problem).toEqual({
      kind: 'removed',
      afterChainSeq: '0',
      message: `the first rows were removed (the first row present is row ${third.id} at chain position 3)`,
    });
  });

  it('sees a removal hidden by renumbering the seals after it, and a row rewritten with its hash recomputed', async () => {
    const eighth = await byPosition(8);
    const renumbered = await verifyAfter([
      sql`DELETE FROM audit_events WHERE id = ${rowAt(7)}`,
      sql`DELETE FROM audit_seals WHERE chain_seq = 7`,
      sql`UPDATE audit_seals SET chain_seq = chain_seq - 1 WHERE chain_seq > 7`,
    ]);
    expect(renumbered.problem).toMatchObject({ kind: 'removed', afterChainSeq: '6' });
    expect(renumbered.problem?.message).toContain(`chain position 7 (row ${eighth.id})`);
    expect(renumbered.unsealed).toBe(0);

    // Whoever rewrites a row and its hash breaks the link to the next row.
    const fourth = await byPosition(4);
    const content = rowsOf<Parameters<typeof chainHash>[1] & { prev_hash: string }>(
      await db.execute(sql`SELECT e.id::text AS id, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, e.actor_user_id::text AS actor_user_id,
        e.via, e.token_id::text AS token_id, 'test.rewritten' AS action, e.record_type, e.record_id, e.participant_id::text AS participant_id, e.client_address,
        e.details::text AS details, s.prev_hash FROM audit_events e JOIN audit_seals s ON s.audit_id = e.id WHERE s.chain_seq = 4`),
    )[0];
    const forged = chainHash(defined(content).prev_hash, defined(content));
    const rewritten = await verifyAfter([
      sql`UPDATE audit_events SET action = 'test.rewritten' WHERE id = ${rowAt(4)}`,
      sql`UPDATE audit_seals SET hash = ${forged} WHERE chain_seq = 4`,
    ]);
    expect(rewritten.problem).toMatchObject({ kind: 'removed', afterChainSeq: '4' });
    expect(rewritten.problem?.message).toContain(`or row ${fourth.id} was altered and its hash recomputed`);
  });

  it('sees the last rows removed with their seals only against a head noted earlier', async () => {
    const rows = await chain();
    const head = defined(rows.at(-1)?.hash);
    const cut = [
      sql`DELETE FROM audit_events WHERE id IN (SELECT s.audit_id FROM audit_seals s WHERE s.chain_seq > ${rows.length - 2})`,
      sql`DELETE FROM audit_seals WHERE chain_seq > ${rows.length - 2}`,
    ];
    expect(await verifyAfter(cut)).toMatchObject({ sealed: rows.length - 2, unsealed: 0, problem: null });
    expect((await verifyAfter(cut, { expectedHead: head })).problem).toMatchObject({ kind: 'head-missing' });
    expect((await verifyAfter([], { expectedHead: head })).problem).toBeNull();
  });

  it('sees the last seal deleted: its row is only unsealed, and the head noted before it is missing', async () => {
    const rows = await chain();
    const last = defined(rows.at(-1));
    expect(last.chain_seq).toBe(String(rows.length));
    const untouched = await verifyAuditTrail(db);
    const unseal = sql`DELETE FROM audit_seals WHERE chain_seq = ${rows.length}`;
    const result = await verifyAfter([unseal]);
    expect(result).toMatchObject({ sealed: rows.length - 1, unsealed: untouched.unsealed + 1, head: { chainSeq: String(rows.length - 1) }, problem: null });
    expect((await verifyAfter([unseal], { expectedHead: defined(last.hash) })).problem).toMatchObject({ kind: 'head-missing' });
  });
});
