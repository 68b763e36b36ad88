/** What every benchmark shares: the database it runs on, medians, and the table of ratios to a baseline. */
import { openPglite, openPostgres, type Database } from '../src/server/db/database.ts';

/** PostgreSQL when DATABASE_URL is set, else a fresh in-memory PGlite. */
export async function openBenchDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  return url ? openPostgres(url) : openPglite();
}

/** The median of `runs` timed calls, after one untimed call that warms the cache and the plan. */
export async function median(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

/** Times each case and prints its median and its ratio to the first (the baseline). */
export async function printRatios(cases: readonly (readonly [string, () => Promise<unknown>])[], runs: number, width = 44): Promise<void> {
  const results: { name: string; ms: number }[] = [];
  for (const [name, fn] of cases) results.push({ name, ms: await median(fn, runs) });
  const base = results[0]?.ms ?? 1;
  console.log(`median of ${String(runs)} runs`);
  for (const r of results) console.log(`  ${r.name.padEnd(width)} ${r.ms.toFixed(2).padStart(9)} ms  ×${(r.ms / base).toFixed(1)}`);
}
