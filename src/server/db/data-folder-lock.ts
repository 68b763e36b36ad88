/**
 * PGlite has no lock on its data folder, and two processes on one folder lose
 * writes. Whoever opens the folder (server or CLI) holds this lock file for as
 * long as it runs; a second opener fails with a clear message.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export class DataFolderLockedError extends Error {}

interface LockInfo {
  pid: number;
  host: string;
  purpose: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

export interface DataFolderLock {
  release(): void;
}

export function lockDataFolder(dir: string, purpose: string): DataFolderLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'tandem.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(path);
      const stale = holder !== null && holder.host === hostname() && !isAlive(holder.pid);
      if (stale || holder === null) {
        // Left behind by a process that died without cleaning up; only one taker wins the re-create below.
        try {
          unlinkSync(path);
        } catch {
          /* another starter removed it first */
        }
        continue;
      }
      throw new DataFolderLockedError(
        `The data folder ${dir} is in use by another Tandem process (${holder.purpose}, pid ${holder.pid} on ${holder.host}, since ${holder.since}). ` +
          `Stop that process first; two processes on one embedded database lose data. ` +
          `If you are sure none is running, delete ${path}.`,
      );
    }
    const info: LockInfo = { pid: process.pid, host: hostname(), purpose, since: new Date().toISOString() };
    writeSync(fd, JSON.stringify(info));
    closeSync(fd);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      // A process that opens and closes folders many times (a test worker) keeps no listener per folder.
      process.removeListener('exit', release);
      if (readLock(path)?.pid === process.pid) unlinkSync(path);
    };
    process.once('exit', release);
    return { release };
  }
  throw new DataFolderLockedError(`Could not take the lock on ${dir}; try again.`);
}
