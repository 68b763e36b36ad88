/**
 * The audit rows of reads, committed together (PostgreSQL). A read session
 * (http/transaction.ts) keeps the rows its work records instead of inserting them on
 * its own connection; once the work is done and the connection is back in the pool,
 * the rows join a group, and the answer waits until the commit that holds them. One
 * INSERT commits every read's rows that arrived while the previous group was being
 * written: under load, one commit and one round trip for many reads, and a read no
 * longer holds a pooled connection while its record is written. No answer leaves
 * before its record is durable, as before (decision 0032).
 *
 * Groups are written one at a time on the database's connection outside the pool
 * (Database.outsidePool). Writes keep their audit rows in their own transaction or
 * statement; PGlite, whose session is a transaction, keeps them there too.
 */
import { sql } from 'drizzle-orm';
import type { Database, Db, Tx } from '../db/database.ts';
import { preparedSql } from '../db/prepared.ts';
import type { Actor } from '../http/actor.ts';
import { auditEvents } from './audit.table.ts';
import type { AuditEntry } from './audit.service.ts';

/** Rows per INSERT: one JSON parameter each, a few hundred bytes a row. */
export const AUDIT_BATCH = 5000;

/** An entry's own fields, as both audit inserts read them from JSON: short keys, one left out is NULL. */
export interface EntryJson {
  a: string;
  t: string;
  r?: string;
  p?: string;
  d?: Record<string, unknown>;
}

export function entryJson(e: AuditEntry): EntryJson {
  return {
    a: e.action,
    t: e.recordType,
    ...(e.recordId == null ? {} : { r: e.recordId }),
    ...(e.participantId == null ? {} : { p: e.participantId }),
    ...(e.details == null ? {} : { d: e.details }),
  };
}

/** One audit row with its own actor and time: a group holds many requests' rows. */
interface GroupRow extends EntryJson {
  at: string;
  u?: string;
  v: string;
  k?: string;
  c?: string;
}

const insertGroup = preparedSql<{ rows: string }>(
  'audit_insert_group',
  sql`
    insert into ${auditEvents} (at, actor_user_id, via, token_id, action, record_type, record_id, participant_id, client_address, details)
    select (e.value->>'at')::timestamptz, (e.value->>'u')::uuid, e.value->>'v', (e.value->>'k')::uuid,
      e.value->>'a', e.value->>'t', e.value->>'r', (e.value->>'p')::uuid, e.value->>'c', (e.value->'d')::jsonb
    from json_array_elements(${sql.placeholder('rows')}::json) with ordinality as e(value, n)
    order by e.n`,
);

/** The rows a read session's work has recorded, by the session's handle: set only while such a session runs. */
const deferred = new WeakMap<Tx, GroupRow[]>();

/**
 * Where recordAudit puts a read session's rows instead of inserting them: false when
 * `tx` is not such a session (the rows are inserted there, as every write's are).
 */
export function deferAudit(tx: Tx, actor: Actor, at: Date, entries: readonly AuditEntry[]): boolean {
  const rows = deferred.get(tx);
  if (!rows) return false;
  const who = {
    at: at.toISOString(),
    ...(actor.via === 'system' ? {} : { u: actor.userId }),
    v: actor.via,
    ...(actor.tokenId == null ? {} : { k: actor.tokenId }),
    ...(actor.clientAddress == null ? {} : { c: actor.clientAddress }),
  };
  for (const e of entries) rows.push({ ...who, ...entryJson(e) });
  return true;
}

interface Waiting {
  rows: GroupRow[];
  done: () => void;
  failed: (err: unknown) => void;
}

/** The groups of one database: those waiting, and whether one is being written. */
class AuditGroups {
  private queue: Waiting[] = [];
  private writing = false;

  constructor(private readonly db: Db) {}

  /** Resolves once `rows` are committed; rejects if they could not be. */
  commit(rows: GroupRow[]): Promise<void> {
    return new Promise((done, failed) => {
      this.queue.push({ rows, done, failed });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const group = this.take();
        try {
          await this.write(group.flatMap((w) => w.rows));
          for (const w of group) w.done();
        } catch (err) {
          if (group.length === 1) group[0]?.failed(err);
          // A refused statement committed nothing: each request's rows again alone, so one bad row fails only its own read.
          // (A connection lost after an unseen commit writes them twice: a read recorded twice, never not at all.)
          else for (const w of group) await this.write(w.rows).then(w.done, w.failed);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** The requests of the next group: in arrival order, up to AUDIT_BATCH rows (a first request with more goes alone). */
  private take(): Waiting[] {
    let rows = 0;
    let n = 0;
    while (n < this.queue.length) {
      const size = this.queue[n]?.rows.length ?? 0;
      if (n > 0 && rows + size > AUDIT_BATCH) break;
      rows += size;
      n += 1;
    }
    return this.queue.splice(0, n);
  }

  /** One statement, committing by itself; a request with more than AUDIT_BATCH rows, in one transaction of several. */
  private async write(rows: GroupRow[]): Promise<void> {
    if (rows.length <= AUDIT_BATCH) {
      await insertGroup(this.db, { rows: JSON.stringify(rows) });
      return;
    }
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += AUDIT_BATCH) await insertGroup(tx, { rows: JSON.stringify(rows.slice(i, i + AUDIT_BATCH)) });
    });
  }
}

const groupsOf = new WeakMap<Database, AuditGroups>();

/**
 * Runs a read's work in a session whose audit rows are committed with other reads'
 * (PostgreSQL), or in a plain session (PGlite). Rows recorded before the work failed
 * are committed all the same, as they were when each was inserted at once: the error
 * is answered after them.
 */
export function inGroupedAuditSession<T>(database: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  return withGroupedAudit(database, (w) => database.session(w), work, { keepOnFailure: true });
}

/**
 * Runs a read that needs a transaction (a planner setting for its statements) with its
 * audit rows committed with other reads' once the transaction has ended (PostgreSQL):
 * the transaction writes nothing, so its COMMIT waits for no disk. A failed one leaves
 * no rows, as when they were inserted inside it. PGlite: a plain transaction.
 */
export function inGroupedAuditTransaction<T>(database: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  return withGroupedAudit(database, (w) => database.db.transaction(w), work, { keepOnFailure: false });
}

async function withGroupedAudit<T>(
  database: Database,
  run: (work: (tx: Tx) => Promise<T>) => Promise<T>,
  work: (tx: Tx) => Promise<T>,
  { keepOnFailure }: { keepOnFailure: boolean },
): Promise<T> {
  const aside = database.outsidePool;
  if (!aside) return run(work);
  let groups = groupsOf.get(database);
  if (!groups) {
    groups = new AuditGroups(aside);
    groupsOf.set(database, groups);
  }
  const rows: GroupRow[] = [];
  let result: T;
  try {
    result = await run((tx) => {
      deferred.set(tx, rows);
      return work(tx);
    });
  } catch (err) {
    if (keepOnFailure && rows.length > 0) await groups.commit(rows).catch(() => undefined);
    throw err;
  }
  if (rows.length > 0) await groups.commit(rows);
  return result;
}
