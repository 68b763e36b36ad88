import { systemClock } from '../../server/clock.ts';
import { loadConfig } from '../../server/config.ts';
import type { Tx } from '../../server/db/database.ts';
import { openConfiguredDatabase } from '../../server/db/open.ts';

/** Runs one administrative transaction against the configured database, then closes it. */
export async function inAdminTransaction<T>(work: (tx: Tx, now: Date) => Promise<T>): Promise<T> {
  const opened = await openConfiguredDatabase(loadConfig(), 'command line');
  try {
    return await opened.database.db.transaction((tx) => work(tx, systemClock.now()));
  } finally {
    await opened.close();
  }
}
