/**
 * `tandem backup` and `tandem restore` as an administrator runs them: Pat backs up
 * a program on the embedded database and restores it into a new, empty data
 * folder — and, when a PostgreSQL server is given, into an empty database there
 * (the same file moves a program from PGlite to PostgreSQL). A second restore
 * into the same program is refused.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, rowsOf, type Database } from '../../src/server/db/database.ts';
import { tandem } from '../support/cli.ts';
import { preparedDataFolder } from '../support/database.ts';

let dir: string;
const here = (name: string) => join(dir, name);
const serverUrl = process.env.TEST_DATABASE_URL;
const pgDatabase = `tandem_restore_${String(process.pid)}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-backup-'));
  // The program backed up starts migrated and empty, as the first command would leave it; the
  // restore target ('copy') is left to the command itself.
  await preparedDataFolder(here('data'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`);
    await admin.end();
  }
});

async function usersIn(database: Database): Promise<string[]> {
  try {
    return rowsOf<{ email: string }>(await database.db.execute(sql`SELECT email FROM users ORDER BY email`)).map((r) => r.email);
  } finally {
    await database.close();
  }
}

// With a PostgreSQL server the embedded-folder steps (run by the PGlite pass) give way to the restore there.
describe('Pat backs up the program and restores it elsewhere', () => {
  it('backs up a program with its first administrator to one file', async () => {
    const created = await tandem(here('data'), ['user', 'create', '--email', 'pat@example.org', '--name', 'Pat Okafor', '--role', 'program_admin'], 'a long passphrase of our own');
    expect(created.code, created.stderr).toBe(0);
    const run = await tandem(here('data'), ['backup', here('program.backup')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Backed up .*: \d+ tables, \d+ rows, to /);
    expect(existsSync(here('program.backup'))).toBe(true);
    expect(existsSync(here('program.backup.partial'))).toBe(false);
  });

  it.skipIf(serverUrl)('restores it into an empty data folder, and refuses to restore it twice', async () => {
    const run = await tandem(here('copy'), ['restore', here('program.backup')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Restored .* into .*: \d+ tables, \d+ rows/);
    const again = await tandem(here('copy'), ['restore', here('program.backup')]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already holds a program');
    expect(await usersIn(await openPglite(here('copy')))).toEqual(['pat@example.org']);
  });

  it.skipIf(serverUrl)('says what is wrong with a missing file or a missing argument', async () => {
    const missing = await tandem(here('copy'), ['restore', here('nothing.backup')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No such file');
    const bare = await tandem(here('copy'), ['backup']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: tandem backup FILE');
  });

  it.runIf(serverUrl)('restores the same file into an empty PostgreSQL database', async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${pgDatabase}`);
    await admin.end();
    const url = new URL(serverUrl ?? '');
    url.pathname = `/${pgDatabase}`;
    const run = await tandem(here('unused'), ['restore', here('program.backup')], undefined, { DATABASE_URL: url.toString() });
    expect(run.code, run.stderr).toBe(0);
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    const { rows } = await client.query<{ email: string }>('SELECT email FROM users');
    await client.end();
    expect(rows.map((r) => r.email)).toEqual(['pat@example.org']);
  });
});
