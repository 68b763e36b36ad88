import type { FastifyInstance } from 'fastify';
import type { Tx } from '../db/database.ts';
import { claimIdempotencyKey, recordIdempotentAnswer, requestHasIdempotencyKey } from '../idempotency/idempotency.ts';

/**
 * Transactions open at the boundary: a route runs its work, and its audit rows, in
 * one. A request sent with an Idempotency-Key claims it here, in the same
 * transaction, and stores the answer with it: the change, its key and its answer
 * commit together.
 */
export function inTransaction<T>(app: FastifyInstance, work: (tx: Tx) => Promise<T>): Promise<T> {
  return app.deps.database.db.transaction(async (tx) => {
    await claimIdempotencyKey(tx);
    const result = await work(tx);
    await recordIdempotentAnswer(tx, result);
    return result;
  });
}

/**
 * For a read: its statements and its audit rows on one connection, without a
 * transaction (Database.session). The audit rows are written last, before the answer
 * is sent: no answer leaves without its record, and a read that failed before them
 * leaves none. Only for routes whose work reads, then writes its audit rows in one
 * statement, and sets nothing for the transaction (search, reports and exports do:
 * they keep inTransaction).
 */
export function inReadSession<T>(app: FastifyInstance, work: (tx: Tx) => Promise<T>): Promise<T> {
  return app.deps.database.session(work);
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
