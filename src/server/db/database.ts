/**
 * One typed handle over either database: PGlite embedded in a data folder, or a
 * PostgreSQL server. The same schema and queries serve both.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import { drizzle as drizzlePg, NodePgDatabase } from 'drizzle-orm/node-postgres';
import { NodePgSession } from 'drizzle-orm/node-postgres/session';
import type { PgDatabase, PgDialect, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';

/*
 * The handles carry no relational schema: queries are written with the builder or in
 * SQL, never with drizzle's relational API (`db.query.…`), and a schema makes every
 * transaction and session handle build a query builder per table (1.4% of the server's
 * CPU under a participant page's load, for nothing). drizzle-kit reads the tables
 * from schema.ts.
 */
export type Db = PgDatabase<PgQueryResultHKT>;
type NoRelations = Record<string, never>;
export type Tx = PgTransaction<PgQueryResultHKT, NoRelations, ExtractTablesWithRelations<NoRelations>>;
/** Anything that can run a query: the database itself or an open transaction. */
export type Queryable = Db | Tx;

export type DatabaseKind = 'pglite' | 'postgresql';

export interface Database {
  db: Db;
  kind: DatabaseKind;
  close(): Promise<void>;
  /**
   * Connections the pool could hand out now without anyone waiting: PostgreSQL's
   * pool, less the connections in use and the requests already queued for one.
   * PGlite has one connection, always the caller's: 0.
   */
  spareConnections(): number;
  /**
   * Runs `work` on one connection of its own without BEGIN and COMMIT: each statement
   * commits by itself. For requests that read and write only their audit rows (one
   * statement): two round trips fewer than a transaction, a fifth of a small read's
   * time on PostgreSQL. Nothing that needs a transaction may run in it: statements
   * that belong together, SET LOCAL or set_config(…, true), locks, cursors. PGlite
   * (no round trips) runs it as a transaction.
   */
  session<T>(work: (q: Tx) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only: a handle on one connection of its own, outside the pool, on which
   * the audit rows of concurrent reads are committed together (audit.group.ts). Outside
   * it, so that this commit never waits for a pooled connection held by a read that is
   * itself waiting for the commit. Opened on first use.
   */
  outsidePool?: Db;
  /**
   * PostgreSQL only: LISTEN on `channel` on a connection of its own, opened again a
   * second after it is lost, until the returned stop is called or the database closes.
   * `up` once listening (and again after each reconnection), `down` when the connection
   * is lost: notices sent meanwhile are not delivered.
   */
  listen?(channel: string, listener: ChannelListener): () => Promise<void>;
  /** PGlite only: the whole data folder as one tarball (tests copy a prepared database this way). */
  dumpDataDir?(): Promise<Blob>;
}

export interface ChannelListener {
  notified(): void;
  up(): void;
  down(): void;
}

export class DatabaseUnavailableError extends Error {}

/**
 * `dataDir` undefined means an in-memory PGlite (tests). `loadDataDir` starts from a
 * tarball made by `dumpDataDir` instead of an empty cluster (seconds faster than initdb).
 */
export async function openPglite(dataDir?: string, options: { loadDataDir?: Blob } = {}): Promise<Database> {
  const settings = { extensions: { pg_trgm }, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) };
  const client = dataDir ? new PGlite(dataDir, settings) : new PGlite(settings);
  await client.waitReady;
  takeTurns(client);
  const db = drizzlePglite(client) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    spareConnections: () => 0,
    session: (work) => db.transaction(work),
    close: async () => {
      if (!client.closed) await client.close();
    },
    dumpDataDir: async () => {
      const dump = await client.dumpDataDir('none');
      return dump;
    },
  };
}

/**
 * PGlite runs each query synchronously on this thread, one at a time. Handed from
 * one waiting request to the next in microtasks, a queue of queries would run back
 * to back without the event loop turning — and libuv accepts one new connection per
 * turn: under load, clients whose connections wait in the backlog starved for a
 * minute (the load test, test/resilience/load.test.ts). So each query and each
 * transaction takes its turn in one FIFO queue and lets the loop turn once before it
 * runs: connections are accepted and requests queue fairly, in arrival order.
 */
function takeTurns(client: PGlite): void {
  let tail: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(run: () => Promise<T>): Promise<T> => {
    const result = tail.then(async () => {
      await nextTurn();
      return run();
    });
    tail = result.catch(() => undefined);
    return result;
  };
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  const transaction = client.transaction.bind(client);
  client.query = (text, params, options) => inTurn(() => query(text, params, options));
  client.exec = (text, options) => inTurn(() => exec(text, options));
  client.transaction = (work) => inTurn(() => transaction(work));
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // A bad URL or a stopped server should fail here, clearly, not on the first request.
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatabaseUnavailableError(`Cannot connect to PostgreSQL at ${redactUrl(url)}: ${reason}`);
  }
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool) as unknown as Db;
  // A session's handle is built as a transaction's is, from the pool handle's dialect: drizzle() does
  // more work than a request's handle needs.
  const { dialect } = db as unknown as { dialect: PgDialect };
  const max = pool.options.max ?? poolSize;
  const aside = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 5000 });
  aside.on('error', () => undefined);
  const channels = new Set<{ stop(): Promise<void> }>();
  return {
    db,
    kind: 'postgresql',
    outsidePool: drizzlePg(aside) as unknown as Db,
    spareConnections: () => Math.max(0, max - pool.totalCount + pool.idleCount - pool.waitingCount),
    session: async (work) => {
      const client = await pool.connect();
      try {
        // A new handle each time, as each transaction is one: per-request state is kept by handle (emergency-access.grants.ts).
        // It has no transaction to roll back, and is typed as one so that read services take either.
        return await work(new NodePgDatabase(dialect, new NodePgSession(client, dialect, undefined, {}), undefined) as unknown as Tx);
      } finally {
        client.release();
      }
    },
    listen: (channel, listener) => {
      const listening = keepListening(url, channel, listener);
      channels.add(listening);
      return () => {
        channels.delete(listening);
        return listening.stop();
      };
    },
    close: async () => {
      await Promise.all([...channels].map((c) => c.stop()));
      await pool.end();
      await aside.end();
    },
  };
}

/** The connection `listen` holds (named, so an operator sees what it is). */
export const LISTENER_APPLICATION_NAME = 'tandem-listener';

function keepListening(url: string, channel: string, listener: ChannelListener): { stop(): Promise<void> } {
  if (!/^[a-z_]+$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  let stopped = false;
  let current: pg.Client | null = null;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    if (stopped) return;
    const client = new pg.Client({ connectionString: url, application_name: LISTENER_APPLICATION_NAME });
    current = client;
    const lost = () => {
      if (current !== client) return;
      current = null;
      listener.down();
      client.end().catch(() => undefined);
      if (!stopped) {
        retry = setTimeout(() => void connect(), 1000);
        retry.unref();
      }
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (n) => {
      if (n.channel === channel && current === client) listener.notified();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
      if (current === client) listener.up();
    } catch {
      lost();
    }
  };
  void connect();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      const client = current;
      current = null;
      listener.down();
      await client?.end().catch(() => undefined);
    },
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

/** Rows of a raw `execute`: both drivers answer `{ rows }`, but the shared type cannot say so. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * The rows of a query written in SQL, as the driver gives them: named by the query's
 * own column aliases, without the query builder's per-row mapping (which costs at
 * the sizes reports and exports read).
 */
export async function selectRows<T>(q: Queryable, query: SQL): Promise<T[]> {
  return rowsOf<T>(await q.execute(query));
}
