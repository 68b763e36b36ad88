/** `tandem serve` on a data folder another server holds: refused before anything on disk changes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { testConfig } from './config.ts';
import { DataFolderLockedError, lockDataFolder } from './db/data-folder-lock.ts';
import { serve } from './main.ts';
import { buildWeb } from './web-build.ts';

// As after a `git pull`: the built web app is older than its sources, so a start would rebuild it.
vi.mock('./web-build.ts', () => ({ webBuildIsStale: () => true, buildWeb: vi.fn(async () => undefined) }));

const dir = mkdtempSync(join(tmpdir(), 'tandem-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a second server on a data folder in use', () => {
  it('is refused before it rebuilds (and so empties) the web app the running server is serving', async () => {
    const running = lockDataFolder(dir, 'server');
    try {
      await expect(serve(testConfig({ dataDir: dir }))).rejects.toThrow(DataFolderLockedError);
      expect(buildWeb).not.toHaveBeenCalled();
    } finally {
      running.release();
    }
  });
});
