import { systemClock } from '../../server/clock.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import type { Database, Tx } from '../../server/db/database.ts';
import { openConfiguredDatabase } from '../../server/db/open.ts';

/**
 * Runs one administrative transaction against the configured database, then closes
 * it. The work is also given the database and the configuration (a report computes
 * its figures on spare connections too).
 */
export async function inAdminTransaction<T>(work: (tx: Tx, now: Date, opened: { database: Database; config: Config }) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const opened = await openConfiguredDatabase(config, 'command line');
  try {
    return await opened.database.db.transaction((tx) => work(tx, systemClock.now(), { database: opened.database, config }));
  } finally {
    await opened.close();
  }
}
