/** Opens the configured database (PGlite in the data folder, or DATABASE_URL) and applies migrations. */
import type { Config } from '../config.ts';
import { lockDataFolder } from './data-folder-lock.ts';
import { openPglite, openPostgres, redactUrl, type Database } from './database.ts';
import { migrate } from './migrate.ts';

export interface OpenedDatabase {
  database: Database;
  /** Where the data lives, for messages. */
  location: string;
  close(): Promise<void>;
}

export async function openConfiguredDatabase(config: Config, purpose: string): Promise<OpenedDatabase> {
  if (config.databaseUrl) {
    const database = await openPostgres(config.databaseUrl, config.dbPoolSize);
    await migrate(database.db);
    return { database, location: redactUrl(config.databaseUrl), close: () => database.close() };
  }
  const lock = lockDataFolder(config.dataDir, purpose);
  try {
    const database = await openPglite(config.dataDir);
    await migrate(database.db);
    return {
      database,
      location: config.dataDir,
      close: async () => {
        await database.close();
        lock.release();
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}
