/**
 * Reading and writing the audit trail around the sealer, for the audit-chain tests:
 * the chain as stored, the sealer's frontier, rows written (or rolled back) outside a
 * request, and a restored copy of the program. Bound to a harness's database by getters,
 * as the database is opened in `beforeAll`.
 */
import { PassThrough, Readable } from 'node:stream';
import { sql, TransactionRollbackError, type SQL } from 'drizzle-orm';
import { recordAudit } from '../../src/server/audit/audit.service.ts';
import { restoreBackup, writeBackup } from '../../src/server/backup/backup.ts';
import { rowsOf, type Db } from '../../src/server/db/database.ts';
import { systemActor } from '../../src/server/http/actor.ts';
import { createTestDatabase } from './database.ts';
import { defined } from './harness.ts';

export interface ChainRow {
  id: string;
  chain_seq: string | null;
  prev_hash: string | null;
  hash: string | null;
}

export interface Frontier {
  sealed_through: string;
  pending_through: string | null;
  pending_at: string | null;
  /** Audit rows at or below sealed_through without a seal: none, unless written there by hand. */
  unsealed_below: number;
}

/** The id of the audit row sealed at a chain position, for statements on audit_events. */
export const rowAt = (seq: number): SQL => sql`(SELECT s.audit_id FROM audit_seals s WHERE s.chain_seq = ${seq})`;

export function auditChainProbe(database: () => Db, now: () => Date) {
  /** Every audit row with its seal, if it has one: the chain in order, then the rows not in it. */
  const chain = async (): Promise<ChainRow[]> =>
    rowsOf<ChainRow>(
      await database().execute(sql`SELECT e.id::text AS id, s.chain_seq::text AS chain_seq, s.prev_hash, s.hash
        FROM audit_events e LEFT JOIN audit_seals s ON s.audit_id = e.id ORDER BY s.chain_seq NULLS LAST, e.id`),
    );

  const frontier = async (of: Db = database()): Promise<Frontier> =>
    defined(
      rowsOf<Frontier>(
        await of.execute(sql`SELECT f.sealed_through::text AS sealed_through, f.pending_through::text AS pending_through, f.pending_at::text AS pending_at,
          (SELECT count(*)::int FROM audit_events e WHERE e.id <= f.sealed_through
            AND NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.audit_id = e.id)) AS unsealed_below
          FROM audit_seal_frontier f`),
      )[0],
    );

  const recordOne = (action: string) => database().transaction((tx) => recordAudit(tx, systemActor, now(), { action, recordType: 'site' }));

  /** Audit rows written and rolled back: their ids are taken, and never committed. Answers the last id taken. */
  const recordRolledBack = async (count: number): Promise<string> => {
    let last = '';
    await database()
      .transaction(async (tx) => {
        await recordAudit(tx, systemActor, now(), Array.from({ length: count }, () => ({ action: 'test.rolled-back', recordType: 'site' })));
        last = defined(rowsOf<{ id: string }>(await tx.execute(sql`SELECT max(id)::text AS id FROM audit_events`))[0]).id;
        tx.rollback();
      })
      .catch((err: unknown) => {
        if (!(err instanceof TransactionRollbackError)) throw err;
      });
    return last;
  };

  const idOf = async (action: string) =>
    defined(rowsOf<{ id: string }>(await database().execute(sql`SELECT max(id)::text AS id FROM audit_events WHERE action = ${action}`))[0]).id;

  /** A backup of the program restored into a new database, for `check`; dropped after. */
  const inRestoredCopy = async (check: (target: Db) => Promise<void>): Promise<void> => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeBackup(database(), out, now());
    const target = await createTestDatabase();
    try {
      await restoreBackup(target.database.db, Readable.from([Buffer.concat(chunks)]), now());
      await check(target.database.db);
    } finally {
      await target.drop();
    }
  };

  return { chain, frontier, recordOne, recordRolledBack, idOf, inRestoredCopy };
}
