/**
 * The rows of API tokens, kept in memory between requests (PostgreSQL; decision 0033).
 * Reading a token's row was one of the three statements of every request sent with one
 * (the others: the participant's access, the work); kept, it is read again only when
 * its last use is due to be touched, at most every 30 seconds.
 *
 * A kept row must never outlive a change to it: a revoked token, a deactivated user or
 * a site taken away stops working at once. So every server LISTENs on
 * CREDENTIALS_CHANNEL, on which statement triggers announce any such change
 * (drizzle/0033), and forgets everything it kept when one comes. While that connection
 * is down (or not yet up), nothing is kept and every request reads the database, as
 * on PGlite, which never listens. A change committed by this server is also forgotten
 * here at once, after its COMMIT and before its answer (credentialsChanged), so the
 * next request never waits on the notice. A row read while a change was announced is
 * not kept (the generation it was read in has passed).
 */
import { afterCommit } from '../db/after-commit.ts';
import type { ChannelListener, Tx } from '../db/database.ts';

export const CREDENTIALS_CHANNEL = 'tandem_credentials';

/** Tokens are few; a bound all the same, whatever a program has. */
const MAX_KEPT = 10_000;

/** Every cache of this process, so a change committed here reaches each. */
const caches = new Set<TokenCache>();

export class TokenCache<Row = unknown> implements ChannelListener {
  private readonly rows = new Map<string, Row>();
  private current = 0;
  private listening = false;

  constructor() {
    caches.add(this);
  }

  /** The generation a read starts in; `keep` drops the row if a change came meanwhile. */
  get generation(): number {
    return this.current;
  }

  find(hash: string): Row | undefined {
    return this.listening ? this.rows.get(hash) : undefined;
  }

  keep(hash: string, row: Row, readIn: number): void {
    if (!this.listening || readIn !== this.current) return;
    if (this.rows.size >= MAX_KEPT) this.rows.clear();
    this.rows.set(hash, row);
  }

  forget(): void {
    this.current += 1;
    this.rows.clear();
  }

  notified(): void {
    this.forget();
  }

  up(): void {
    // Changes made while no notice could come are unknown: start empty.
    this.forget();
    this.listening = true;
  }

  down(): void {
    this.listening = false;
    this.forget();
  }

  /** The app closed: this cache keeps nothing more and leaves the process's list. */
  close(): void {
    this.down();
    caches.delete(this);
  }
}

/**
 * Called where a token, a user's name, role or active flag, or a user's sites change:
 * once the transaction commits, every cache of this process forgets what it kept
 * (other servers hear of it from the database).
 */
export function credentialsChanged(tx: Tx): void {
  afterCommit(tx, () => {
    for (const cache of caches) cache.forget();
  });
}
