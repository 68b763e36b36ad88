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
 * - Kept query results are bounded by rows (a whole state's year is ~25,000 rows, most
 *   of them the retention episodes; decision 0029): past `maxRows`, the least recently
 *   used figures lose theirs (their next change runs every query again) but keep the
 *   figures themselves.
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
  /** Rows held once it resolved (0 until then). */
  rows: number;
}

interface Entry {
  figures: Omit<Kept<DashboardFigures>, 'rows'> | null;
  queries: Map<string, Kept<unknown>>;
}

/** Rows in a query's result: an array's length, or the rows of each of an object's values (marginals are an object of arrays within one). */
export function rowsIn(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (value === null || typeof value !== 'object') return 1;
  return Object.values(value).reduce<number>((n, v) => n + rowsIn(v), 0);
}

/** How a computation of figures runs each query: from the kept result, if its tables are unchanged. */
export type KeptQuery = <T>(name: string, reads: readonly string[], run: () => Promise<T>) => Promise<T>;

export class FiguresCache {
  private readonly entries = new Map<string, Entry>();
  private rows = 0;

  /**
   * `maxKeys`: how many sets of figures (sites, period, suppression, day) are kept, the
   * least recently used going first; `maxRows`: how many rows of query results, all
   * sets together (~350 bytes a row).
   */
  constructor(
    private readonly maxKeys = 100,
    private readonly maxRows = 600_000,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Rows of query results kept, all sets of figures together. */
  get keptRows(): number {
    return this.rows;
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
    const kept: KeptQuery = (name, reads, run) => this.keep(entry, name, versions.of(reads), run);
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
      const oldest = this.entries.entries().next().value;
      if (oldest === undefined) break;
      this.dropQueries(oldest[1]);
      this.entries.delete(oldest[0]);
    }
    return entry;
  }

  private keep<T>(entry: Entry, name: string, version: string, run: () => Promise<T>): Promise<T> {
    const found = entry.queries.get(name);
    if (found?.version === version) return found.value as Promise<T>;
    if (found) this.forget(entry, name, found);
    const value = run();
    const kept: Kept<unknown> = { version, value, rows: 0 };
    entry.queries.set(name, kept);
    value.then(
      (result) => {
        if (entry.queries.get(name) !== kept) return;
        kept.rows = rowsIn(result);
        this.rows += kept.rows;
        this.trim(entry);
      },
      () => {
        if (entry.queries.get(name) === kept) entry.queries.delete(name);
      },
    );
    return value;
  }

  private forget(entry: Entry, name: string, kept: Kept<unknown>): void {
    entry.queries.delete(name);
    this.rows -= kept.rows;
  }

  private dropQueries(entry: Entry): void {
    for (const [name, kept] of entry.queries) this.forget(entry, name, kept);
  }

  /** Past maxRows, the least recently used sets of figures lose their query results (never `current`'s). */
  private trim(current: Entry): void {
    for (const entry of this.entries.values()) {
      if (this.rows <= this.maxRows) return;
      if (entry !== current) this.dropQueries(entry);
    }
  }
}

/** What the figures depend on besides the data: the sites, the period, "today" and suppression. */
export function figuresKey(parts: { siteIds: readonly string[]; suppress: boolean; today: string; timeZone: string; from: string; to: string }): string {
  return JSON.stringify([[...parts.siteIds].sort(), parts.suppress, parts.today, parts.timeZone, parts.from, parts.to]);
}
