/**
 * The dashboard's figures for a period and a set of sites, kept in the server's
 * memory while the tables they come from are unchanged. Aggregating a state's records
 * takes seconds; a director opening the dashboard again, or fifty people opening it
 * at nine o'clock, should not pay that each time.
 *
 * - Each table the figures read has a version (figure_changes, drizzle/0030: raised
 *   by a trigger on every change, whoever makes it: this server, another one, the
 *   command line). A request reads the versions first; kept figures whose tables are
 *   all at the same version are current.
 * - Besides the whole figures, each query's result is kept with the versions of its
 *   own tables (figure-queries.ts). When a table changes, the figures are put together
 *   again from the queries that read it, run again, and the others' kept results: a
 *   contact logged runs the contacts' query alone.
 * - Concurrent requests for the same figures, or the same query, share one run.
 * - A run that fails is not kept.
 * - The versions are read before the figures: a change that commits meanwhile may or
 *   may not be in them, and raises a version, so the next request runs its queries
 *   again. A figure is never kept as current after a change that committed before the
 *   request began.
 */
import type { DashboardFigures } from '../../core/reports.ts';

/** The tables' versions, as read from figure_changes at the start of a request. */
export class TableVersions {
  constructor(private readonly versions: ReadonlyMap<string, string>) {}

  /** The version of a set of tables, as one text: it differs once any of them changed. */
  of(tables: readonly string[]): string {
    return tables.map((t) => this.versions.get(t) ?? '0').join(',');
  }
}

interface Kept<T> {
  version: string;
  value: Promise<T>;
}

interface Entry {
  figures: Kept<DashboardFigures> | null;
  queries: Map<string, Kept<unknown>>;
}

/** How a computation of figures runs each query: from the kept result, if its tables are unchanged. */
export type KeptQuery = <T>(name: string, reads: readonly string[], run: () => Promise<T>) => Promise<T>;

export class FiguresCache {
  private readonly entries = new Map<string, Entry>();

  /** `maxKeys`: how many sets of figures (sites, period, suppression, day) are kept, the least recently used going first. */
  constructor(private readonly maxKeys = 100) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * The figures for `key`: kept ones if every table in `allTables` is at the same
   * version, else `compute`d, with `kept` to reuse each query's result whose tables
   * are unchanged.
   */
  figures(
    key: string,
    versions: TableVersions,
    allTables: readonly string[],
    compute: (kept: KeptQuery) => Promise<DashboardFigures>,
  ): Promise<DashboardFigures> {
    const entry = this.entryFor(key);
    const version = versions.of(allTables);
    if (entry.figures?.version === version) return entry.figures.value;
    const kept: KeptQuery = (name, reads, run) => keep(entry.queries, name, versions.of(reads), run);
    const value = compute(kept);
    const figures = { version, value };
    entry.figures = figures;
    value.catch(() => {
      if (entry.figures === figures) entry.figures = null;
    });
    return value;
  }

  private entryFor(key: string): Entry {
    const found = this.entries.get(key);
    if (found) {
      // Most recently used last, so the oldest is the first to go when full.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found;
    }
    const entry: Entry = { figures: null, queries: new Map() };
    this.entries.set(key, entry);
    while (this.entries.size > this.maxKeys) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return entry;
  }
}

function keep<T>(queries: Map<string, Kept<unknown>>, name: string, version: string, run: () => Promise<T>): Promise<T> {
  const found = queries.get(name);
  if (found?.version === version) return found.value as Promise<T>;
  const value = run();
  const kept: Kept<unknown> = { version, value };
  queries.set(name, kept);
  value.catch(() => {
    if (queries.get(name) === kept) queries.delete(name);
  });
  return value;
}

/** What the figures depend on besides the data: the sites, the period, "today" and suppression. */
export function figuresKey(parts: { siteIds: readonly string[]; suppress: boolean; today: string; timeZone: string; from: string; to: string }): string {
  return JSON.stringify([[...parts.siteIds].sort(), parts.suppress, parts.today, parts.timeZone, parts.from, parts.to]);
}
