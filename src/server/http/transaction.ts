import type { FastifyInstance } from 'fastify';
import { inGroupedAuditSession, inGroupedAuditTransaction } from '../audit/audit.group.ts';
import { committed } from '../db/after-commit.ts';
import type { Tx } from '../db/database.ts';
import { claimIdempotencyKey, recordIdempotentAnswer, requestHasIdempotencyKey } from '../idempotency/idempotency.ts';

/**
 * Transactions open at the boundary: a route runs its work, and its audit rows, in
 * one. A request sent with an Idempotency-Key claims it here, in the same
 * transaction, and stores the answer with it: the change, its key and its answer
 * commit together. Once committed, what the work registered with afterCommit runs.
 */
export async function inTransaction<T>(app: FastifyInstance, work: (tx: Tx) => Promise<T>): Promise<T> {
  let handle: Tx | null = null;
  const result = await app.deps.database.db.transaction(async (tx) => {
    handle = tx;
    await claimIdempotencyKey(tx);
    const answer = await work(tx);
    await recordIdempotentAnswer(tx, answer);
    return answer;
  });
  if (handle) committed(handle);
  return result;
}

/**
 * For a read: its statements on one connection, without a transaction
 * (Database.session), and its audit rows committed with other reads' once the
 * connection is back in the pool (audit.group.ts), before the answer is sent: no
 * answer leaves without its record. Only for routes whose work reads and records
 * its audit rows, writes nothing else, and sets or locks nothing for a transaction
 * (the search sets a planner setting: it uses inReadTransaction; reports and exports
 * keep inTransaction). Rows recorded before a later read fails are still committed:
 * the access is on record even when the answer was an error.
 */
export function inReadSession<T>(app: FastifyInstance, work: (tx: Tx) => Promise<T>): Promise<T> {
  return inGroupedAuditSession(app.deps.database, work);
}

/**
 * For a write whose changes and audit rows are one statement, atomic by itself: its
 * reads and that statement on one connection without BEGIN and COMMIT (Database.session),
 * two round trips fewer on the busiest write, logging a contact. A request with an
 * Idempotency-Key runs in a transaction, as its claim and answer must commit with the
 * change. Only for routes whose work writes nothing else.
 */
export function inWriteStatement<T>(app: FastifyInstance, work: (tx: Tx) => Promise<T>): Promise<T> {
  return requestHasIdempotencyKey() ? inTransaction(app, work) : app.deps.database.session(work);
}

/**
 * For a read that needs a transaction (a setting for its statements) and writes
 * nothing but its audit rows: those are committed with other reads' once the
 * transaction has ended, before the answer is sent (audit.group.ts). A request with an
 * Idempotency-Key keeps inTransaction, as its claim and answer must commit with it.
 */
export function inReadTransaction<T>(app: FastifyInstance, work: (tx: Tx) => Promise<T>): Promise<T> {
  return requestHasIdempotencyKey() ? inTransaction(app, work) : inGroupedAuditTransaction(app.deps.database, work);
}
