/**
 * The `tandem` command, run as an administrator would: a real process on a
 * fresh data folder. These run on the embedded database (PGlite) only, whatever
 * TEST_DATABASE_URL says: the folder lock they check exists only there, and each
 * spawn costs a second or two, so there are few of them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { FakeClock } from '../../src/server/clock.ts';
import { testConfig } from '../../src/server/config.ts';
import { userMfa } from '../../src/server/auth/mfa.table.ts';
import { lockDataFolder } from '../../src/server/db/data-folder-lock.ts';
import { openConfiguredDatabase } from '../../src/server/db/open.ts';
import { tandem } from '../support/cli.ts';
import { preparedDataFolder } from '../support/database.ts';
import { defined, errorCode, signedIn, withToken } from '../support/harness.ts';

const lastLine = (text: string) => defined(text.trim().split('\n').at(-1)).trim();

let dir: string;
const created: { generated?: string; token?: string } = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-cli-'));
  // A migrated, empty program, as the first start leaves it (initdb and migrating a fresh folder
  // are the server's start-up, tested in shutdown.test.ts; here each command is what is tested).
  if (!process.env.TEST_DATABASE_URL) await preparedDataFolder(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The embedded database only (see above): the PostgreSQL run of the suite skips them rather than repeat them.
describe.skipIf(process.env.TEST_DATABASE_URL)('Pat sets up Tandem from the command line', () => {
  it('creates the first administrator with a password piped on stdin', async () => {
    const run = await tandem(
      dir,
      ['user', 'create', '--email', 'Pat@Example.org', '--name', 'Pat Okafor', '--role', 'program_admin'],
      'river stone lantern 42\n',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Created program_admin Pat Okafor <pat@example\.org> \(id [0-9a-f-]{36}\)\.$/m);
    expect(run.stdout).not.toContain('river stone lantern 42');
    expect(run.stdout).not.toMatch(/Initial password/);
  }, 60_000);

  it('creates Ana with a generated password when nothing is piped, printed once', async () => {
    const run = await tandem(dir, ['user', 'create', '--email', 'ana@example.org', '--name', 'Ana Reyes', '--role', 'evaluator']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Initial password \(shown once; it must be changed at first sign-in\):/);
    created.generated = lastLine(run.stdout);
    expect(created.generated).toMatch(/^[A-Za-z2-9]{20}$/);
  });

  it('prints an API token alone on the last line', async () => {
    const run = await tandem(dir, ['token', 'create', '--email', 'pat@example.org', '--label', 'nightly export']);
    expect(run.code).toBe(0);
    created.token = lastLine(run.stdout);
    expect(created.token).toMatch(/^tdm_[\w-]{43}$/);
    // Ninety days unless asked otherwise, said when it is made.
    const until = /until (\S+)\.$/m.exec(run.stdout)?.[1];
    expect(Date.parse(defined(until, 'the expiry')) - Date.now()).toBeGreaterThan(89 * 86_400_000);
    expect(Date.parse(defined(until, 'the expiry')) - Date.now()).toBeLessThan(91 * 86_400_000);
  });

  it('refuses a token that would live past a year, naming --expires-in', async () => {
    for (const days of ['366', '1.5']) {
      const run = await tandem(dir, ['token', 'create', '--email', 'pat@example.org', '--label', 'long', '--expires-in', days]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--expires-in must be a whole number of days from 1 to 365/);
    }
  });

  it('refuses an unknown role with exit code 2 and says which roles exist', async () => {
    const run = await tandem(dir, ['user', 'create', '--email', 'x@example.org', '--name', 'X', '--role', 'warden'], 'river stone lantern 42\n');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--role must be one of: program_admin, site_manager, supervisor, coach, case_manager, evaluator/);
  });

  it('refuses to touch the folder while another process holds it, exit code 1', async () => {
    const lock = lockDataFolder(dir, 'server');
    try {
      const run = await tandem(dir, ['token', 'create', '--email', 'pat@example.org', '--label', 'second']);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/The data folder .* is in use by another Tandem process \(server, pid \d+/);
    } finally {
      lock.release();
    }
  });

  it('says clearly, with exit code 1, when the configuration is invalid or PostgreSQL cannot be reached', async () => {
    const badPort = await tandem(dir, ['token', 'create', '--email', 'pat@example.org', '--label', 'x'], undefined, { PORT: 'eighty' });
    expect(badPort.code).toBe(1);
    expect(badPort.stderr).toMatch(/Invalid configuration:\s+PORT: /);
    const unreachable = await tandem(dir, ['token', 'create', '--email', 'pat@example.org', '--label', 'x'], undefined, {
      DATABASE_URL: 'postgres://tandem:hunter2@127.0.0.1:1/tandem',
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^Cannot connect to PostgreSQL at postgres:\/\/tandem:\*\*\*@127\.0\.0\.1:1\/tandem/);
    expect(unreachable.stderr).not.toContain('hunter2');
  });

  it('left users and a token that work once the server opens the folder', async () => {
    const opened = await openConfiguredDatabase(testConfig({ dataDir: dir }), 'test');
    try {
      const app = await buildApp({ database: opened.database, clock: new FakeClock(new Date()), config: testConfig() });
      await app.ready();
      const pat = await signedIn(app, 'pat@example.org', 'river stone lantern 42');
      expect((await pat.get('/api/auth/me')).json()).toMatchObject({ user: { role: 'program_admin', mustChangePassword: false } });

      const ana = await signedIn(app, 'ana@example.org', created.generated);
      expect((await ana.get('/api/auth/me')).json()).toMatchObject({ user: { mustChangePassword: true } });
      expect(errorCode(await ana.get('/api/sites'))).toBe('password_change_required');

      const script = withToken(app, defined(created.token, 'the token printed earlier'));
      expect((await script.get('/api/auth/me')).json()).toMatchObject({ user: { email: 'pat@example.org' } });
      expect((await script.get('/api/users')).json<{ items: unknown[] }>().items).toHaveLength(2);
      // The second token was never made: the locked attempt changed nothing.
      expect((await pat.get('/api/auth/tokens')).json<{ items: { label: string }[] }>().items.map((t) => t.label)).toEqual(['nightly export']);
      expect((await pat.get('/api/auth/tokens')).json<{ items: { expiresAt: string }[] }>().items[0]?.expiresAt).toMatch(/^\d{4}-/);
      await app.close();
    } finally {
      await opened.close();
    }
  });

  it('removes a lost authenticator: the administrator sets up a new one at the next sign-in', async () => {
    // Pat set one up when she signed in above (program administrators must).
    const enrolled = async () => {
      const opened = await openConfiguredDatabase(testConfig({ dataDir: dir }), 'test');
      try {
        return (await opened.database.db.select().from(userMfa)).length;
      } finally {
        await opened.close();
      }
    };
    expect(await enrolled()).toBe(1);
    const run = await tandem(dir, ['user', 'reset-mfa', '--email', 'pat@example.org']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Removed the authenticator of Pat Okafor <pat@example.org>; their sessions have ended\./);
    expect(run.stdout).toMatch(/at their next sign-in they set up a new authenticator before anything else/);
    expect(await enrolled()).toBe(0);

    const unknown = await tandem(dir, ['user', 'reset-mfa', '--email', 'nobody@example.org']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/nobody@example.org/);
    const bare = await tandem(dir, ['user', 'reset-mfa']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/--email is required/);
  });
});
