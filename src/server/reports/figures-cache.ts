/**
 * The dashboard's figures for a period and a set of sites, kept in the server's
 * memory until anything changes. Aggregating a state's records takes seconds; a
 * director opening the dashboard again, or fifty people opening it at nine o'clock,
 * should not pay that each time.
 *
 * - Any change committed through this server (every successful POST, PUT, PATCH or
 *   DELETE) empties it: a figure is never older than the last change made here.
 * - Changes made elsewhere (another server on the same PostgreSQL, the command
 *   line) are not seen: entries expire after `ttlMs` for them.
 * - Concurrent requests for the same figures share one computation.
 * - A computation that started before a change finished is used by the request that
 *   ran it but not kept.
 */
import type { DashboardFigures } from '../../core/reports.ts';

interface Entry {
  generation: number;
  expiresAt: number;
  figures: Promise<DashboardFigures>;
}

export class FiguresCache {
  private generation = 0;
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = 5 * 60_000,
    private readonly maxEntries = 200,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Something changed: every kept figure may be wrong now. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string, compute: () => Promise<DashboardFigures>): Promise<DashboardFigures> {
    const now = this.nowMs();
    const found = this.entries.get(key);
    if (found && found.generation === this.generation && found.expiresAt > now) {
      // Most recently used last, so the oldest is the first to go when full.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found.figures;
    }
    const generation = this.generation;
    const figures = compute();
    const entry: Entry = { generation, expiresAt: now + this.ttlMs, figures };
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    figures.then(
      () => {
        // Started before a change that committed while it ran: right for its own request, not for later ones.
        if (this.generation !== generation && this.entries.get(key) === entry) this.entries.delete(key);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return figures;
  }
}

/** What the figures depend on besides the data: the sites, the period, "today" and suppression. */
export function figuresKey(parts: { siteIds: readonly string[]; suppress: boolean; today: string; timeZone: string; from: string; to: string }): string {
  return JSON.stringify([[...parts.siteIds].sort(), parts.suppress, parts.today, parts.timeZone, parts.from, parts.to]);
}
