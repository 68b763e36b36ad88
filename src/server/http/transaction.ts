import type { FastifyInstance } from 'fastify';
import type { Tx } from '../db/database.ts';
import { claimIdempotencyKey } from '../idempotency/idempotency.ts';

/**
 * Transactions open at the boundary: a route runs its work, and its audit rows, in
 * one. A request sent with an Idempotency-Key claims it here, in the same
 * transaction, so the change and its key commit together.
 */
export function inTransaction<T>(app: FastifyInstance, work: (tx: Tx) => Promise<T>): Promise<T> {
  return app.deps.database.db.transaction(async (tx) => {
    await claimIdempotencyKey(tx);
    return work(tx);
  });
}
