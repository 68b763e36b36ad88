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
 * and to its seals: sealing only ever inserts. The sealer searches from a frontier
 * that moves only once no transaction that could still commit a row below it is
 * open; `everywhere` searches the whole trail. On PostgreSQL, a transaction held
 * open keeps the frontier below its row, and writers in many transactions (one
 * committing late with a lower id) run while the sealer does.
 */
import { PassThrough, Readable } from 'node:stream';
import { sql, TransactionRollbackError, type SQL } from 'drizzle-orm';
import pg from 'pg';
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
/** Every audit row with its seal, if it has one: the chain in order, then the rows not in it. */
async function chain(): Promise<Row[]> {
  return rowsOf<Row>(
    await db.execute(sql`SELECT e.id::text AS id, s.chain_seq::text AS chain_seq, s.prev_hash, s.hash
      FROM audit_events e LEFT JOIN audit_seals s ON s.audit_id = e.id ORDER BY s.chain_seq NULLS LAST, e.id`),
  );
}
/** The id of the audit row sealed at a chain position, for statements on audit_events. */
const rowAt = (seq: number): SQL => sql`(SELECT s.audit_id FROM audit_seals s WHERE s.chain_seq = ${seq})`;

interface Frontier {
  sealed_through: string;
  pending_through: string | null;
  pending_at: string | null;
  /** Audit rows at or below sealed_through without a seal: none, unless written there by hand. */
  unsealed_below: number;
}
async function frontier(of: Db = db): Promise<Frontier> {
  return defined(
    rowsOf<Frontier>(
      await of.execute(sql`SELECT f.sealed_through::text AS sealed_through, f.pending_through::text AS pending_through, f.pending_at::text AS pending_at,
        (SELECT count(*)::int FROM audit_events e WHERE e.id <= f.sealed_through
          AND NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.audit_id = e.id)) AS unsealed_below
        FROM audit_seal_frontier f`),
    )[0],
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
const recordOne = (action: string) => db.transaction((tx) => recordAudit(tx, systemActor, h.clock.now(), { action, recordType: 'site' }));
/** Audit rows written and rolled back: their ids are taken, and never committed. Answers the last id taken. */
async function recordRolledBack(count: number): Promise<string> {
  let last = '';
  await db
    .transaction(async (tx) => {
      await recordAudit(tx, systemActor, h.clock.now(), Array.from({ length: count }, () => ({ action: 'test.rolled-back', recordType: 'site' })));
      last = defined(rowsOf<{ id: string }>(await tx.execute(sql`SELECT max(id)::text AS id FROM audit_events`))[0]).id;
      tx.rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof TransactionRollbackError)) throw err;
    });
  return last;
}
/** A backup of the program restored into a new database, for `check`; dropped after. */
async function inRestoredCopy(check: (target: Db) => Promise<void>): Promise<void> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeBackup(db, out, h.clock.now());
  const target = await createTestDatabase();
  try {
    await restoreBackup(target.database.db, Readable.from([Buffer.concat(chunks)]), h.clock.now());
    await check(target.database.db);
  } finally {
    await target.drop();
  }
}
const idOf = async (action: string) =>
  defined(rowsOf<{ id: string }>(await db.execute(sql`SELECT max(id)::text AS id FROM audit_events WHERE action = ${action}`))[0]).id;

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
