/**
 * The server behind the browser tests: a fresh demonstration program on its own
 * database (a temporary PGlite folder, or the database "tandem_e2e" on the
 * PostgreSQL server when TEST_DATABASE_URL is set), on E2E_PORT.
 */
import { mkdirSync, mkdtempSync, rmdirSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const port = process.env.E2E_PORT ?? '3100';
const serverUrl = process.env.TEST_DATABASE_URL;
// --dev: the web app is built below, once per run, not by each server as it starts.
const args = ['--port', port, '--dev'];

if (serverUrl) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS tandem_e2e WITH (FORCE)');
  await admin.query('CREATE DATABASE tandem_e2e');
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = '/tandem_e2e';
  process.env.DATABASE_URL = url.toString();
} else {
  delete process.env.DATABASE_URL;
  args.push('--data-dir', join(mkdtempSync(join(tmpdir(), 'tandem-e2e-')), 'data'));
}
process.env.LOG_LEVEL = 'warn';
// Every journey signs in from 127.0.0.1; the per-address limit is tested in the integration suite.
process.env.TANDEM_LOGIN_RATE_PER_MINUTE = '10000';

// The desktop and phone servers of a run: the first builds the web app when it is stale; two runs
// started at once never write dist/web at the same time.
const buildLock = new URL('../../dist/.e2e-web-build.lock', import.meta.url).pathname;
mkdirSync(new URL('../../dist/', import.meta.url).pathname, { recursive: true });
for (;;) {
  try {
    mkdirSync(buildLock);
    break;
  } catch {
    // A lock left by a run that was killed mid-build is older than any build takes.
    const held = statSync(buildLock, { throwIfNoEntry: false });
    if (held && Date.now() - held.mtimeMs > 300_000) rmdirSync(buildLock);
    else await sleep(250);
  }
}
try {
  const { buildWeb, webBuildIsStale } = await import('../../src/server/web-build.ts');
  // Only the first server of a run builds: a later one rebuilding (sources edited meanwhile) would
  // remove the assets the first one serves.
  if (process.env.E2E_BUILD !== '0' && webBuildIsStale()) await buildWeb();
} finally {
  rmdirSync(buildLock);
}

const { demoCommand } = await import('../../src/cli/commands/demo.ts');
await demoCommand(args);
