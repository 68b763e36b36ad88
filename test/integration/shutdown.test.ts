/**
 * `tandem serve` as it runs in production: a real process on a fresh data folder
 * (PGlite), which says how to create the first administrator, stopped with SIGTERM
 * while requests are in flight.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tandem-shutdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A data folder's server: the same on both CI passes, so only the embedded one runs it.
describe.skipIf(process.env.TEST_DATABASE_URL)('a server asked to stop', () => {
  it('says how to create the first administrator; asked to stop, finishes the requests in flight, closes the database, releases the folder and exits 0', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, TANDEM_DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'info' };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [join(ROOT, 'bin/tandem.mjs'), 'serve', '--dev'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const waiters: (() => void)[] = [];
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      for (const w of [...waiters]) w();
    });
    const waitFor = (pattern: RegExp, count = 1) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if ((out.match(new RegExp(pattern.source, 'g')) ?? []).length >= count) resolve();
        };
        waiters.push(check);
        void exited.then(() => reject(new Error(`server exited early:\n${out}`)));
        check();
      });

    await waitFor(/Tandem is running at http:\/\/[^\s]+/);
    const url = /Tandem is running at (http:\/\/[^\s]+)/.exec(out)?.[1] ?? '';
    expect(existsSync(join(dir, 'tandem.lock'))).toBe(true);
    // A new program has no one to sign in yet: the server says how to create the first administrator.
    await waitFor(/and start Tandem again with npm start/);
    expect(out).toContain(
      'No users yet. Stop Tandem (Ctrl+C), then create the first program administrator:\n' +
        '  npx tandem user create --email you@example.org --name "Your Name" --role program_admin\n',
    );

    // Five sign-ins (each a database write and an argon2 check) are received, then the stop signal comes.
    const inFlight = Array.from({ length: 5 }, (_, i) =>
      fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `someone${i}@example.org`, password: 'not a password anyone has' }),
      }).then((r) => r.status),
    );
    await waitFor(/"path":"\/api\/auth\/login"/, 5);
    child.kill('SIGTERM');

    expect(await Promise.all(inFlight)).toEqual([401, 401, 401, 401, 401]);
    expect(await exited).toBe(0);
    expect(out).toContain('shutting down');
    expect(existsSync(join(dir, 'tandem.lock'))).toBe(false);
    // Starting a real server (PGlite and every migration) is slow on a busy machine.
  }, 120_000);
});
