/**
 * `tandem backup FILE` and `tandem restore FILE`: the whole program to one file
 * and back, on the embedded database (while no server holds its folder) or on
 * PostgreSQL at any time. A restore goes only into an empty program at the same
 * version of Tandem, and is all or nothing.
 */
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { BackupError, restoreBackup, writeBackup, type TableSummary } from '../../server/backup/backup.ts';
import { systemClock } from '../../server/clock.ts';
import { loadConfig } from '../../server/config.ts';
import { openConfiguredDatabase } from '../../server/db/open.ts';
import { CliUsageError, parse } from '../args.ts';

const say = (verb: string) => (t: TableSummary) => console.error(`${verb} ${t.name}: ${String(t.rows)} rows`);

function fileArgument(args: string[], usage: string): string {
  const { positionals } = parse(args, {});
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new CliUsageError(usage);
  return file;
}

export async function backupCommand(args: string[]): Promise<void> {
  const file = fileArgument(args, 'Usage: tandem backup FILE');
  const opened = await openConfiguredDatabase(loadConfig(), 'backup');
  // Written beside the target and renamed at the end: a backup cut short never looks whole.
  const partial = `${file}.partial`;
  try {
    const summary = await writeBackup(opened.database.db, createWriteStream(partial), systemClock.now(), say('backed up'));
    renameSync(partial, file);
    const rows = summary.tables.reduce((n, t) => n + t.rows, 0);
    console.log(`Backed up ${opened.location}: ${String(summary.tables.length)} tables, ${String(rows)} rows, to ${file}`);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    await opened.close();
  }
}

export async function restoreCommand(args: string[]): Promise<void> {
  const file = fileArgument(args, 'Usage: tandem restore FILE');
  if (!existsSync(file)) throw new CliUsageError(`No such file: ${file}`);
  const opened = await openConfiguredDatabase(loadConfig(), 'restore');
  try {
    const summary = await restoreBackup(opened.database.db, createReadStream(file), systemClock.now(), say('restored'));
    const rows = summary.tables.reduce((n, t) => n + t.rows, 0);
    console.log(`Restored ${file} into ${opened.location}: ${String(summary.tables.length)} tables, ${String(rows)} rows`);
  } catch (err) {
    if (err instanceof BackupError) throw new CliUsageError(err.message);
    throw err;
  } finally {
    await opened.close();
  }
}
