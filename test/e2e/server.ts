/**
 * The server behind the browser tests: a fresh demonstration program on its own
 * database (a temporary PGlite folder, or the database "tandem_e2e" on the
 * PostgreSQL server when TEST_DATABASE_URL is set), on E2E_PORT.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const port = process.env.E2E_PORT ?? '3100';
const serverUrl = process.env.TEST_DATABASE_URL;
const args = ['--port', port];

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

const { demoCommand } = await import('../../src/cli/commands/demo.ts');
await demoCommand(args);
