import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataFolderLockedError, lockDataFolder } from './data-folder-lock.ts';

let dir: string;
const lockFile = () => join(dir, 'tandem.lock');
const holder = () => JSON.parse(readFileSync(lockFile(), 'utf8')) as { pid: number; host: string; purpose: string };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has already exited. */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  if (pid === undefined) throw new Error('could not start a child process');
  return pid;
}

describe('the data-folder lock', () => {
  it('lets one opener in and tells the second clearly who holds the folder', () => {
    const first = lockDataFolder(dir, 'server');
    expect(holder()).toMatchObject({ pid: process.pid, host: hostname(), purpose: 'server' });
    let err: unknown;
    try {
      lockDataFolder(dir, 'command line');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataFolderLockedError);
    const message = (err as Error).message;
    expect(message).toContain(`The data folder ${dir} is in use by another Tandem process (server, pid ${process.pid}`);
    expect(message).toContain('two processes on one embedded database lose data');
    expect(message).toContain(lockFile());
    first.release();
    expect(existsSync(lockFile())).toBe(false);
    lockDataFolder(dir, 'again').release();
  });

  it('creates the folder when it does not exist yet', () => {
    const nested = join(dir, 'a', 'b');
    const lock = lockDataFolder(nested, 'server');
    expect(existsSync(join(nested, 'tandem.lock'))).toBe(true);
    lock.release();
  });

  it('takes over a lock left by a process that died', () => {
    const pid = deadPid();
    writeFileSync(lockFile(), JSON.stringify({ pid, host: hostname(), purpose: 'server', since: '2026-01-01T00:00:00Z' }));
    const lock = lockDataFolder(dir, 'server');
    expect(holder().pid).toBe(process.pid);
    lock.release();
  });

  it('takes over an unreadable lock file', () => {
    writeFileSync(lockFile(), 'not json');
    const lock = lockDataFolder(dir, 'server');
    expect(holder().pid).toBe(process.pid);
    lock.release();
  });

  it('does not take over a lock held from another machine, which it cannot check', () => {
    writeFileSync(lockFile(), JSON.stringify({ pid: deadPid(), host: 'other-host', purpose: 'server', since: '2026-01-01T00:00:00Z' }));
    expect(() => lockDataFolder(dir, 'server')).toThrow(/in use by another Tandem process \(server, pid \d+ on other-host/);
    expect(holder().host).toBe('other-host');
  });

  it('never removes a lock that someone else holds by the time it is released', () => {
    const lock = lockDataFolder(dir, 'server');
    writeFileSync(lockFile(), JSON.stringify({ pid: process.pid + 1, host: hostname(), purpose: 'other', since: '' }));
    lock.release();
    expect(existsSync(lockFile())).toBe(true);
  });
});
