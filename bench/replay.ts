/**
 * Baseline (b): the SQL one real request sends, captured at the drivers (pg and PGlite)
 * while the request runs in process, then replayed through the driver with no HTTP at
 * the same concurrency: the database's ceiling for that request.
 */
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Prepared } from './program.ts';

export interface Stmt {
  text: string;
  values?: unknown[];
  /** A named (prepared) statement's name: the replay prepares it too, once per connection, as the server does. */
  name?: string;
}
/** What the request being `recorded` has sent so far; null when none is. */
let recording: Stmt[] | null = null;

/** Wraps the drivers' query methods (pg and PGlite) so that `recorded` can capture what a request sends. Once per process. */
export function installCapture(): void {
  type AnyFn = (...args: unknown[]) => unknown;
  // Wrapping the drivers' own methods is the point here: they are called with their `this` below.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const pgQuery = pg.Client.prototype.query as unknown as AnyFn;
  (pg.Client.prototype as unknown as { query: AnyFn }).query = function (this: unknown, ...args: unknown[]) {
    const [config, values] = args;
    if (recording) {
      const text = typeof config === 'string' ? config : (config as { text: string }).text;
      const vals = Array.isArray(values) ? values : (config as { values?: unknown[] }).values;
      const name = typeof config === 'string' ? undefined : (config as { name?: string }).name;
      recording.push({ text, ...(vals ? { values: vals } : {}), ...(name ? { name } : {}) });
    }
    return pgQuery.apply(this, args);
  };
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const liteQuery = PGlite.prototype.query as unknown as AnyFn;
  (PGlite.prototype as unknown as { query: AnyFn }).query = function (this: unknown, ...args: unknown[]) {
    if (recording) recording.push({ text: args[0] as string, values: args[1] as unknown[] });
    return liteQuery.apply(this, args);
  };
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const liteTx = PGlite.prototype.transaction as unknown as AnyFn;
  (PGlite.prototype as unknown as { transaction: AnyFn }).transaction = async function (this: unknown, ...args: unknown[]) {
    const fn = args[0] as (tx: { query: AnyFn }) => Promise<unknown>;
    if (!recording) return liteTx.apply(this, args);
    recording.push({ text: 'BEGIN' });
    const result = await liteTx.call(this, async (tx: { query: AnyFn }) => {
      const q = tx.query.bind(tx);
      tx.query = (...a: unknown[]) => {
        recording?.push({ text: a[0] as string, values: a[1] as unknown[] });
        return q(...a);
      };
      return fn(tx);
    });
    recording?.push({ text: 'COMMIT' });
    return result;
  };
}

/** Runs `work` (one request, in process) and answers the statements it sent through the drivers. */
export async function recorded<T>(work: () => Promise<T>): Promise<{ result: T; statements: Stmt[] }> {
  const statements: Stmt[] = [];
  recording = statements;
  try {
    return { result: await work(), statements };
  } finally {
    recording = null;
  }
}

export interface Figures {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export function figures(latencies: number[], errors: number, seconds: number): Figures {
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors,
  };
}

export interface ReplayOptions {
  /** Workers replaying at once. */
  concurrency: number;
  seconds: number;
  /** Connections of the replay's pool (PostgreSQL). */
  pool: number;
}

/** Baseline (b): the captured statements of each request, replayed by `concurrency` workers for `seconds`. */
export async function replay(
  prepared: Prepared,
  units: readonly Stmt[][],
  { concurrency, seconds: duration, pool: poolSize }: ReplayOptions,
  fresh?: (unit: readonly Stmt[]) => readonly Stmt[],
): Promise<Figures> {
  if (units.length === 0 || units.every((u) => u.length === 0)) return figures([], 0, 1);
  const latencies: number[] = [];
  let errors = 0;
  let lite: PGlite | null = null;
  let pool: pg.Pool | null = null;
  if (prepared.url) pool = new pg.Pool({ connectionString: prepared.url, max: poolSize });
  else lite = (prepared.database.db as unknown as { $client: PGlite }).$client;
  const run = async (unit: readonly Stmt[]) => {
    if (pool) {
      const client = await pool.connect();
      try {
        for (const s of unit) await client.query(s.name ? { name: s.name, text: s.text } : s.text, s.values);
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    } else if (lite) {
      try {
        for (const s of unit) await lite.query(s.text, s.values);
      } catch (err) {
        await lite.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    }
  };
  for (const u of units) await run(u).catch(() => undefined); // warm
  const started = performance.now();
  const deadline = started + duration * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const captured = units[next++ % units.length] ?? [];
        const unit = fresh ? fresh(captured) : captured;
        const t = performance.now();
        try {
          await run(unit);
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool?.end();
  return figures(latencies, errors, seconds);
}

/** A write's statements in a transaction that rolls back: its own, or one around it. */
export function rolledBack(unit: readonly Stmt[]): Stmt[] {
  const isCommit = (st: Stmt) => /^\s*commit\s*$/i.test(st.text);
  if (unit.some(isCommit)) return unit.map((st) => (isCommit(st) ? { text: 'rollback' } : st));
  return [{ text: 'begin' }, ...unit, { text: 'rollback' }];
}

/** A unit's statements with a new id for each of `made`, wherever its text appears in a value. */
export function withNewIds(made: readonly string[]) {
  return (unit: readonly Stmt[]): readonly Stmt[] => {
    const ids = made.map((id) => [id, randomUUID()] as const);
    const swap = (v: unknown) => (typeof v === 'string' ? ids.reduce((text, [from, to]) => text.replaceAll(from, to), v) : v);
    return unit.map((st) => (st.values ? { ...st, values: st.values.map(swap) } : st));
  };
}
