/**
 * The audit trail as a hash chain. Rows are inserted unsealed (recordAudit stays a
 * plain INSERT); the sealer links committed, unsealed rows into the chain in id
 * order, one batch per short transaction under an advisory lock, so writers never
 * wait on it and two servers never seal at once. The verifier walks the chain in
 * order, recomputes every hash and names the first row altered or removed.
 *
 * A row's hash is SHA-256 (hex) over the previous row's hash and the row's content,
 * read as text from the database in forms that do not depend on the session (UTC
 * time with microseconds, jsonb's own normalized text), so no driver's rounding can
 * make an intact row look altered. See docs/decisions/0019-tamper-evident-audit.md.
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

/**
 * Seals every committed, unsealed row. `wait: false` (the server's timer) skips the
 * round when another server is sealing; `wait: true` (the command) queues behind it.
 */
export async function sealAuditTrail(
  db: Db,
  options: { wait?: boolean; batch?: number; shouldStop?: () => boolean } = {},
): Promise<SealResult> {
  const batch = options.batch ?? SEAL_BATCH;
  let sealed = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      if (options.wait) {
        await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEAL_LOCK_KEY})`);
      } else {
        const [got] = rowsOf<{ ok: boolean }>(await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${SEAL_LOCK_KEY}) AS ok`));
        if (!got?.ok) return null;
      }
      return sealBatch(tx, batch);
    });
    if (n === null) return { sealed, busy: true };
    sealed += n;
    if (n < batch || options.shouldStop?.()) return { sealed, busy: false };
  }
}

async function sealBatch(tx: Queryable, batch: number): Promise<number> {
  // Read after the lock is held: each statement sees what earlier sealers committed.
  const [head] = rowsOf<{ chain_seq: string; hash: string }>(
    await tx.execute(sql`SELECT e.chain_seq::text AS chain_seq, e.hash FROM audit_events e
      WHERE e.chain_seq IS NOT NULL ORDER BY e.chain_seq DESC LIMIT 1`),
  );
  const rows = rowsOf<ChainContent>(
    await tx.execute(sql`SELECT ${content} FROM audit_events e WHERE e.chain_seq IS NULL ORDER BY e.id LIMIT ${batch}`),
  );
  if (rows.length === 0) return 0;
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
  await tx.execute(sql`UPDATE audit_events e SET chain_seq = v.seq, prev_hash = v.prev, hash = v.hash
    FROM json_to_recordset(${JSON.stringify(links)}::json) AS v(id bigint, seq bigint, prev text, hash text)
    WHERE e.id = v.id AND e.chain_seq IS NULL`);
  return rows.length;
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

interface WalkedRow extends ChainContent {
  chain_seq: string;
  prev_hash: string | null;
  hash: string | null;
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
  const [top] = rowsOf<{ n: string | null }>(await db.execute(sql`SELECT max(chain_seq)::text AS n FROM audit_events WHERE chain_seq IS NOT NULL`));
  const total = Number(top?.n ?? 0);
  let walked = 0;
  let prevHash = GENESIS_HASH;
  let prevRow: ChainRow | null = null;
  let expectedHeadAt: ChainRow | null = null;
  let after = 0n;
  const finish = async (problem: VerifyProblem | null): Promise<VerifyResult> => {
    const [counts] = rowsOf<{ unsealed: number; partial: string | null }>(
      await db.execute(sql`SELECT count(*)::int AS unsealed,
        min(id) FILTER (WHERE prev_hash IS NOT NULL OR hash IS NOT NULL)::text AS partial
        FROM audit_events WHERE chain_seq IS NULL`),
    );
    // A row out of the chain but carrying a hash had its position cleared: the sealer never leaves one so.
    if (!problem && counts?.partial) {
      problem = { kind: 'altered', id: counts.partial, chainSeq: '-', message: `row ${counts.partial} (no chain position, but a hash) was altered` };
    }
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
      await db.execute(sql`SELECT e.chain_seq::text AS chain_seq, e.prev_hash, e.hash, ${content} FROM audit_events e
        WHERE e.chain_seq > ${after.toString()}::bigint ORDER BY e.chain_seq LIMIT ${batch}`),
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
              ? `the first rows were removed (the first row present is row ${row.id} at chain position ${row.chain_seq})`
              : `rows after chain position ${before.toString()} were removed (next row present is row ${row.id} at chain position ${row.chain_seq})`,
        });
      }
      if (row.prev_hash === null || row.hash === null || chainHash(row.prev_hash, row) !== row.hash) {
        return finish({ kind: 'altered', id: row.id, chainSeq: row.chain_seq, message: `row ${row.id} (chain position ${row.chain_seq}) was altered` });
      }
      if (row.prev_hash !== prevHash) {
        const before = prevRow
          ? `chain position ${prevRow.chainSeq} (row ${prevRow.id})`
          : 'the start of the chain';
        return finish({
          kind: 'removed',
          afterChainSeq: prevRow?.chainSeq ?? '0',
          message: `the chain breaks between ${before} and chain position ${row.chain_seq} (row ${row.id}): rows were removed between them${prevRow ? `, or row ${prevRow.id} was altered and its hash recomputed` : ''}`,
        });
      }
      prevHash = row.hash;
      prevRow = { id: row.id, chainSeq: row.chain_seq, hash: row.hash };
      if (expected !== undefined && row.hash === expected) expectedHeadAt = prevRow;
      walked += 1;
    }
    if (rows.length > 0) options.onProgress?.({ walked, total });
    if (rows.length < batch) return finish(null);
    after = BigInt(rows.at(-1)?.chain_seq ?? '0');
  }
}
