/**
 * The dashboard's figures are a dozen independent aggregate queries, seconds of
 * work at a state's size, and PostgreSQL runs each of them on one core. Run one
 * after another on the request's connection, a computation uses one core of the
 * database server however many it has. Lanes run them side by side: the request's
 * own connection is the first lane, and each further lane is a read-only
 * transaction on a connection of its own, taken only when the pool has one to
 * spare (so reports never make other requests wait for a connection). Each lane
 * takes the next query waiting as soon as it is free.
 *
 * The figures read committed data, statement by statement, as they did on one
 * connection (a write committed between two queries shows in the later one).
 */
import type { Database, Queryable } from '../db/database.ts';

/** Further connections a computation may use beside the request's own. */
export interface ExtraConnections {
  /** How many could be opened now (the pool's spare connections, one always left for others, up to the configured lanes). */
  available(): number;
  /** Runs `work` in a read-only transaction on a connection of its own. */
  open(work: (q: Queryable) => Promise<void>): Promise<void>;
}

/**
 * `lanes` is how many connections one computation may use at once, counting the
 * request's own (TANDEM_REPORT_CONNECTIONS); PGlite has one connection, so one lane.
 */
export function extraConnectionsOf(database: Database, lanes: number): ExtraConnections {
  return {
    available: () => Math.max(0, Math.min(lanes - 1, database.spareConnections() - 1)),
    open: (work) => database.db.transaction(work, { accessMode: 'read only' }),
  };
}

interface Job {
  run(q: Queryable): Promise<void>;
  refuse(error: Error): void;
}

export class QueryLanes {
  private readonly queue: Job[] = [];
  private failure: Error | null = null;
  private started = false;

  /** `prepare` runs first on every extra lane (the report's session settings). */
  constructor(
    private readonly primary: Queryable,
    private readonly extra: ExtraConnections | undefined,
    private readonly prepare: (q: Queryable) => Promise<void>,
  ) {}

  /** Queues a query; its result comes once a lane has run it. Queue the longest first: lanes take them in order. */
  run<T>(query: (q: Queryable) => Promise<T>): Promise<T> {
    if (this.started) throw new Error('QueryLanes: queue every query before start()');
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        run: async (q) => {
          try {
            resolve(await query(q));
          } catch (error) {
            // The first failure stops the lanes: what is still queued is refused with it.
            const failed = error instanceof Error ? error : new Error(String(error));
            this.failure ??= failed;
            reject(failed);
          }
        },
        refuse: reject,
      });
    });
  }

  /**
   * Starts the lanes. The request's connection drains the queue alone if no other
   * lane gets a connection; an extra lane that opens once the queue is empty
   * commits at once. Results and errors reach the callers through `run`.
   */
  start(): void {
    this.started = true;
    const extras = Math.min(this.extra?.available() ?? 0, this.queue.length - 1);
    for (let i = 0; i < extras; i++) {
      void this.extra
        ?.open(async (q) => {
          if (this.queue.length === 0 || this.failure) return;
          await this.prepare(q);
          await this.drain(q);
        })
        // A lane that cannot open leaves its queries to the others; a query that failed has already failed its caller.
        .catch(() => undefined);
    }
    void this.drain(this.primary);
  }

  private async drain(q: Queryable): Promise<void> {
    while (!this.failure) {
      const job = this.queue.shift();
      if (!job) return;
      await job.run(q);
    }
    for (let job = this.queue.shift(); job; job = this.queue.shift()) job.refuse(this.failure);
  }
}
