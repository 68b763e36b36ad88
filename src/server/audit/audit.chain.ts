/**
 * The audit trail as a hash chain. Rows are inserted unsealed (recordAudit stays a
 * plain INSERT); the sealer links committed, unsealed rows into the chain in id
 * order, one batch per short transaction under an advisory lock, so writers never
 * wait on it and two servers never seal at once. A row's place in the chain is a
 * row of audit_seals (an insert: the audit row itself is never rewritten). The
 * verifier walks the chain in order, recomputes every hash and names the first row
 * altered or removed.
 *
 * A row's hash is SHA-256 (hex) over the previous row's hash and the row's content,
 * read as text from the database in forms that do not depend on the session (UTC
 * time with microseconds, jsonb's own normalized text), so no driver's rounding can
 * make an intact row look altered. See docs/decisions/0019-tamper-evident-audit.md
 * and 0031-audit-seals.md.
 */
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db, type Queryable } from '../db/database.ts';

/** prev_hash of the first row of the chain. */
export const GENESIS_HASH = '0'.repeat(64);
/** Arbitrary, constant ("tandem audit chain"); one sealer at a time per database. */
const SEAL_LOCK_KEY = 7_246_116;
/** Rows sealed per transaction: the lock is held for one batch only. */
const SEAL_BATCH = 2000;
/** Rows read per query while verifying: memory stays flat however long the trail. */
const VERIFY_BATCH = 5000;

/** What the hash covers, as text. */
interface ChainContent {
  id: string;
  at: string;
  actor_user_id: string | null;
  via: string;
  token_id: string | null;
  action: string;
  record_type: string;
  record_id: string | null;
  participant_id: string | null;
  client_address: string | null;
  details: string | null;
}

const content: SQL = sql.raw(`id::text AS id,
  CASE WHEN isfinite(at) THEN to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') ELSE at::text END AS at,
  actor_user_id::text AS actor_user_id, via, token_id::text AS token_id, action, record_type, record_id,
  participant_id::text AS participant_id, client_address, details::text AS details`);

/** SHA-256 hex of the previous hash and the row's content (a JSON array: unambiguous, no separators to forge). */
export function chainHash(prevHash: string, row: ChainContent): string {
  const canonical = JSON.stringify([
    row.id,
    row.at,
    row.actor_user_id,
    row.via,
    row.token_id,
    row.action,
    row.record_type,
    row.record_id,
    row.participant_id,
    row.client_address,
    row.details,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

export interface SealResult {
  sealed: number;
  /** Another sealer held the lock (and seals these rows itself); only when not waiting. */
  busy: boolean;
}

/** Where a round searches from, and where it may move the frontier when it finishes. */
interface Round {
  from: bigint;
  /** Every row at or below this id is committed or never will be (null: not known yet). */
  settledThrough: bigint | null;
  /** The last id taken and the time just after, to be settled in a later round. */
  pending: { through: bigint; at: string };
  keepPending: boolean;
}

/**
 * Seals every committed, unsealed row. `wait: false` (the server's timer) skips the
 * round when another server is sealing; `wait: true` (the command) queues behind it.
 * `everywhere` searches the whole trail rather than from the frontier (the command:
 * after a restore, or a load that bypassed the application).
 */
export async function sealAuditTrail(
  db: Db,
  options: { wait?: boolean; batch?: number; shouldStop?: () => boolean; everywhere?: boolean } = {},
): Promise<SealResult> {
  const batch = options.batch ?? SEAL_BATCH;
  let sealed = 0;
  let round: Round | null = null;
  let after: bigint | null = null;
  for (;;) {
    const outcome = await db.transaction(async (tx) => {
      if (options.wait) {
        await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEAL_LOCK_KEY})`);
      } else {
        const [got] = rowsOf<{ ok: boolean }>(await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${SEAL_LOCK_KEY}) AS ok`));
        if (!got?.ok) return null;
      }
      if (!round) {
        round = await beginRound(tx);
        after = options.everywhere ? null : round.from;
      }
      const done = await sealBatch(tx, after, batch);
      const finished = done.sealed < batch;
      if (finished || options.shouldStop?.()) await endRound(tx, round, finished);
      return done;
    });
    if (outcome === null) return { sealed, busy: true };
    sealed += outcome.sealed;
    if (outcome.last !== null) after = outcome.last;
    if (outcome.sealed < batch || options.shouldStop?.()) return { sealed, busy: false };
  }
}

/**
 * The frontier: rows commit out of id order (a transaction takes its id, then commits
 * later), so a round searches from the last id known to be settled, not from the last
 * sealed. An id is settled once every transaction open when it was taken has ended:
 * the round notes the last id taken and the time just after, and a later round that
 * finds no transaction open since before that time moves the frontier there. A
 * rolled-back id holds nothing back. Decision 0031.
 */
async function beginRound(tx: Queryable): Promise<Round> {
  const [state] = rowsOf<{ sealed_through: string; pending_through: string | null; pending_at: string | null; top: string }>(
    await tx.execute(sql`SELECT f.sealed_through::text AS sealed_through, f.pending_through::text AS pending_through,
      f.pending_at::text AS pending_at,
      (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM audit_events_id_seq)::text AS top
      FROM audit_seal_frontier f`),
  );
  if (!state) throw new Error('audit_seal_frontier has no row: the migration "audit_seals" makes it');
  // After the last id was read: any transaction that took an id at or below it began before `now`.
  const [clock] = rowsOf<{ now: string; settled: boolean }>(
    await tx.execute(sql`SELECT clock_timestamp()::text AS now,
      ${state.pending_at}::timestamptz IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM pg_stat_activity a WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
          AND (a.backend_type = 'client backend' AND a.xact_start <= ${state.pending_at}::timestamptz
            -- Another role's session, which this role may not see into (pg_read_all_stats): counted as open.
            OR a.backend_type IS NULL)) AS settled`),
  );
  const settled = clock?.settled === true && state.pending_through !== null;
  return {
    from: BigInt(state.sealed_through),
    settledThrough: settled ? BigInt(state.pending_through ?? '0') : null,
    pending: { through: BigInt(state.top), at: clock?.now ?? new Date().toISOString() },
    // A pending id not settled yet stays pending (a newer one would be put off by every later transaction).
    keepPending: !settled && state.pending_through !== null,
  };
}

/**
 * A restored program's ids go on from its highest row (backup.ts), and ids rolled back at
 * the top of the source may lie below its frontier: the frontier comes down to that row.
 */
export async function fitSealFrontier(tx: Queryable): Promise<void> {
  await tx.execute(sql`UPDATE audit_seal_frontier SET pending_through = NULL, pending_at = NULL,
    sealed_through = least(sealed_through, coalesce((SELECT max(id) FROM audit_events), 0))`);
}

/** A round that sealed everything it found moves the frontier to what was settled before it searched. */
async function endRound(tx: Queryable, round: Round, finished: boolean): Promise<void> {
  const through = finished ? round.settledThrough : null;
  const pending = round.keepPending ? null : round.pending;
  if (through === null && pending === null) return;
  await tx.execute(sql`UPDATE audit_seal_frontier SET
    sealed_through = greatest(sealed_through, coalesce(${through?.toString() ?? null}::bigint, sealed_through)),
    pending_through = coalesce(${pending?.through.toString() ?? null}::bigint, pending_through),
    pending_at = coalesce(${pending?.at ?? null}::timestamptz, pending_at)`);
}

/** `after`: the id the search starts after (null: the whole trail). */
async function sealBatch(tx: Queryable, after: bigint | null, batch: number): Promise<{ sealed: number; last: bigint | null }> {
  // Read after the lock is held: each statement sees what earlier sealers committed.
  const [head] = rowsOf<{ chain_seq: string; hash: string }>(
    await tx.execute(sql`SELECT s.chain_seq::text AS chain_seq, s.hash FROM audit_seals s ORDER BY s.chain_seq DESC LIMIT 1`),
  );
  // The seals looked at are only those above `after` too: without that bound PostgreSQL may
  // hash every seal of the trail for each batch, a cost that grows with the trail (a batch of
  // 2,000 took 43 ms once 200,000 rows were sealed, against 5 ms).
  const above = after === null ? sql`true` : sql`e.id > ${after.toString()}::bigint`;
  const sealedAbove = after === null ? sql`` : sql` AND s.audit_id > ${after.toString()}::bigint`;
  const rows = rowsOf<ChainContent>(
    await tx.execute(sql`SELECT ${content} FROM audit_events e
      WHERE ${above} AND NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.audit_id = e.id${sealedAbove})
      ORDER BY e.id LIMIT ${batch}`),
  );
  if (rows.length === 0) return { sealed: 0, last: null };
  let seq = head ? BigInt(head.chain_seq) : 0n;
  let prev = head?.hash ?? GENESIS_HASH;
  const links = rows.map((row) => {
    seq += 1n;
    const hash = chainHash(prev, row);
    const link = { id: row.id, seq: seq.toString(), prev, hash };
    prev = hash;
    return link;
  });
  // One JSON parameter rather than one per value: the same on both drivers, and any batch size.
  await tx.execute(sql`INSERT INTO audit_seals (chain_seq, audit_id, prev_hash, hash)
    SELECT v.seq, v.id, v.prev, v.hash FROM json_to_recordset(${JSON.stringify(links)}::json) AS v(id bigint, seq bigint, prev text, hash text)`);
  return { sealed: rows.length, last: BigInt(rows.at(-1)?.id ?? '0') };
}

export interface ChainRow {
  id: string;
  chainSeq: string;
  hash: string;
}

export type VerifyProblem =
  | { kind: 'altered'; id: string; chainSeq: string; message: string }
  | { kind: 'removed'; afterChainSeq: string; message: string }
  | { kind: 'head-missing'; message: string };

export interface VerifyResult {
  /** Rows walked in the chain. */
  sealed: number;
  /** Rows not yet linked into the chain (written in the last seconds, or while no server ran). */
  unsealed: number;
  /** The last row of the chain walked. */
  head: ChainRow | null;
  /** Where the head noted earlier (`expectedHead`) was found. */
  expectedHeadAt: ChainRow | null;
  /** The first problem found; null when the chain is intact. */
  problem: VerifyProblem | null;
}

export interface VerifyProgress {
  walked: number;
  /** The chain's last position when the walk began (rows sealed meanwhile are walked too). */
  total: number;
}

/** A seal and its audit row (the row's columns are null when it was removed). */
interface WalkedRow extends Omit<ChainContent, 'id'> {
  id: string | null;
  audit_id: string;
  chain_seq: string;
  prev_hash: string;
  hash: string;
}

/**
 * Walks the chain from its first row. Read-only: unsealed rows are counted, not
 * sealed. `expectedHead` is a head hash noted outside the database earlier; not
 * finding it in the chain means rows were removed from its end or it was rewritten.
 */
export async function verifyAuditTrail(
  db: Queryable,
  options: { expectedHead?: string; batch?: number; onProgress?: (p: VerifyProgress) => void } = {},
): Promise<VerifyResult> {
  const batch = options.batch ?? VERIFY_BATCH;
  const expected = options.expectedHead?.toLowerCase();
  const [top] = rowsOf<{ n: string | null }>(await db.execute(sql`SELECT max(chain_seq)::text AS n FROM audit_seals`));
  const total = Number(top?.n ?? 0);
  let walked = 0;
  let prevHash = GENESIS_HASH;
  let prevRow: ChainRow | null = null;
  let expectedHeadAt: ChainRow | null = null;
  let after = 0n;
  const finish = async (problem: VerifyProblem | null): Promise<VerifyResult> => {
    const [counts] = rowsOf<{ unsealed: number }>(
      await db.execute(sql`SELECT count(*)::int AS unsealed FROM audit_events e
        WHERE NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.audit_id = e.id)`),
    );
    if (!problem && expected !== undefined && !expectedHeadAt) {
      problem = {
        kind: 'head-missing',
        message: `the head hash noted earlier (${expected}) is not in the chain: rows were removed from its end, or the chain was rewritten`,
      };
    }
    return { sealed: walked, unsealed: counts?.unsealed ?? 0, head: prevRow, expectedHeadAt, problem };
  };

  for (;;) {
    const rows = rowsOf<WalkedRow>(
      // Ordered by the column, not by its text form (the output name would sort '10' before '9').
      await db.execute(sql`SELECT s.chain_seq::text AS chain_seq, s.audit_id::text AS audit_id, s.prev_hash, s.hash, ${content}
        FROM audit_seals s LEFT JOIN audit_events e ON e.id = s.audit_id
        WHERE s.chain_seq > ${after.toString()}::bigint ORDER BY s.chain_seq LIMIT ${batch}`),
    );
    for (const row of rows) {
      const seq = BigInt(row.chain_seq);
      const expectedSeq = (prevRow ? BigInt(prevRow.chainSeq) : 0n) + 1n;
      if (seq !== expectedSeq) {
        const before = expectedSeq - 1n;
        return finish({
          kind: 'removed',
          afterChainSeq: before.toString(),
          message:
            before === 0n
              ? `the first rows were removed (the first row present is row ${row.audit_id} at chain position ${row.chain_seq})`
              : `rows after chain position ${before.toString()} were removed (next row present is row ${row.audit_id} at chain position ${row.chain_seq})`,
        });
      }
      if (row.id === null) {
        return finish({
          kind: 'removed',
          afterChainSeq: (seq - 1n).toString(),
          message: `row ${row.audit_id} (chain position ${row.chain_seq}) was removed`,
        });
      }
      if (chainHash(row.prev_hash, { ...row, id: row.id }) !== row.hash) {
        return finish({ kind: 'altered', id: row.audit_id, chainSeq: row.chain_seq, message: `row ${row.audit_id} (chain position ${row.chain_seq}) was altered` });
      }
      if (row.prev_hash !== prevHash) {
        const before = prevRow
          ? `chain position ${prevRow.chainSeq} (row ${prevRow.id})`
          : 'the start of the chain';
        return finish({
          kind: 'removed',
          afterChainSeq: prevRow?.chainSeq ?? '0',
          message: `the chain breaks between ${before} and chain position ${row.chain_seq} (row ${row.audit_id}): rows were removed between them${prevRow ? `, or row ${prevRow.id} was altered and its hash recomputed` : ''}`,
        });
      }
      prevHash = row.hash;
      prevRow = { id: row.audit_id, chainSeq: row.chain_seq, hash: row.hash };
      if (expected !== undefined && row.hash === expected) expectedHeadAt = prevRow;
      walked += 1;
    }
    if (rows.length > 0) options.onProgress?.({ walked, total });
    if (rows.length < batch) return finish(null);
    after = BigInt(rows.at(-1)?.chain_seq ?? '0');
  }
}
