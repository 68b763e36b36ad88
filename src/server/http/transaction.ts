import type { FastifyInstance } from 'fastify';
import type { Tx } from '../db/database.ts';

/** Transactions open at the boundary: a route runs its work, and its audit rows, in one. */
export function inTransaction<T>(app: FastifyInstance, work: (tx: Tx) => Promise<T>): Promise<T> {
  return app.deps.database.db.transaction(work);
}
