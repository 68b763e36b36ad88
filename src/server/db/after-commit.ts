/**
 * Work to run once a transaction has committed: what other requests of this server may
 * only act on once the change is durable (a kept token forgotten: auth/token.cache.ts).
 * inTransaction (http/transaction.ts) runs it after COMMIT, before the answer is sent;
 * a transaction that fails runs none. A transaction opened elsewhere (a command of the
 * CLI, another process) never runs it: its changes reach every server by the
 * database's notices instead.
 */
import type { Tx } from './database.ts';

const pending = new WeakMap<Tx, (() => void)[]>();

export function afterCommit(tx: Tx, work: () => void): void {
  const list = pending.get(tx);
  if (list) list.push(work);
  else pending.set(tx, [work]);
}

/** Runs, once, what was registered on `tx`: call after it committed. */
export function committed(tx: Tx): void {
  const list = pending.get(tx);
  if (!list) return;
  pending.delete(tx);
  for (const work of list) work();
}
