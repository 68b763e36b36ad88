/**
 * `tandem audit seal` and `tandem audit verify` as an administrator runs them. Pat
 * creates the first administrator, seals the trail and notes the head hash. A row
 * loaded by hand below the sealer's frontier is sealed too: the command searches the
 * whole trail. Someone with direct access to the database deletes the newest row and
 * its seal: verify alone cannot tell, verify against the noted head can. Then a
 * row's details are changed: verify exits 1 naming that row. On the embedded
 * database, and on PostgreSQL when a server is given. A running server seals the
 * rows of the program by itself.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, rowsOf } from '../../src/server/db/database.ts';
import { tandem, type Run } from '../support/cli.ts';
import { preparedDataFolder } from '../support/database.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

let dir: string;
const serverUrl = process.env.TEST_DATABASE_URL;
const pgDatabase = `tandem_audit_cli_${String(process.pid)}`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-audit-'));
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

interface Target {
  run(args: string[], stdin?: string): Promise<Run>;
  /** Runs statements as a superuser with the triggers off, committed. */
  tamper(statements: string[]): Promise<void>;
  /** One value from the database. */
  value(query: string): Promise<string>;
}

function embedded(): Target {
  const data = () => join(dir, 'data');
  return {
    run: (args, stdin) => tandem(data(), args, stdin),
    tamper: async (statements) => {
      const database = await openPglite(data());
      try {
        await database.db.transaction(async (tx) => {
          await tx.execute(sql`SET LOCAL session_replication_role = replica`);
          for (const s of statements) await tx.execute(sql.raw(s));
        });
      } finally {
        await database.close();
      }
    },
    value: async (query) => {
      const database = await openPglite(data());
      try {
        const [row] = rowsOf<Record<string, unknown>>(await database.db.execute(sql.raw(query)));
        return String(Object.values(row ?? {})[0]);
      } finally {
        await database.close();
      }
    },
  };
}

function server(): Target {
  const url = new URL(serverUrl ?? '');
  url.pathname = `/${pgDatabase}`;
  const withClient = async <T,>(work: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.end();
    }
  };
  return {
    run: (args, stdin) => tandem(join(dir, 'unused'), args, stdin, { DATABASE_URL: url.toString() }),
    tamper: (statements) =>
      withClient(async (c) => {
        await c.query('BEGIN');
        await c.query('SET LOCAL session_replication_role = replica');
        for (const s of statements) await c.query(s);
        await c.query('COMMIT');
      }),
    value: (query) => withClient(async (c) => String(Object.values((await c.query<Record<string, unknown>>(query)).rows[0] ?? {})[0])),
  };
}

function story(target: () => Target) {
  let t: Target;
  let head = '';
  beforeAll(() => {
    t = target();
  });

  it('reports rows not yet sealed, seals them, and prints the head hash', async () => {
    const created = await t.run(['user', 'create', '--email', 'pat@example.org', '--name', 'Pat Okafor', '--role', 'program_admin'], 'a long passphrase of our own');
    expect(created.code, created.stderr).toBe(0);
    const before = await t.run(['audit', 'verify']);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toMatch(/^audit trail intact: 0 rows sealed, [1-9]\d* not yet sealed, no rows sealed yet$/m);
    const sealed = await t.run(['audit', 'seal']);
    expect(sealed.code, sealed.stderr).toBe(0);
    expect(sealed.stdout).toMatch(/^Sealed [1-9]\d* audit rows into the chain\.$/m);
    const after = await t.run(['audit', 'verify']);
    expect(after.code, after.stderr).toBe(0);
    const match = /^audit trail intact: ([\d,]+) rows sealed, 0 not yet sealed, head ([0-9a-f]{64}) \(chain position ([\d,]+)\)$/m.exec(after.stdout);
    expect(match, after.stdout).not.toBeNull();
    head = match?.[2] ?? '';
    expect(head).toBe(await t.value('SELECT hash FROM audit_seals s ORDER BY s.chain_seq DESC LIMIT 1'));
  }, 120_000);

  it('seals a row written below the frontier, which the server\'s rounds no longer search', async () => {
    // An id the program skipped (as a rolled-back transaction leaves one); two rounds move the frontier past it.
    const gap = String(BigInt(await t.value('SELECT last_value FROM audit_events_id_seq')) + 1n);
    await t.tamper([`SELECT setval('audit_events_id_seq', ${gap})`]);
    for (let round = 0; round < 2; round++) expect((await t.run(['audit', 'seal'])).stdout).toMatch(/^Sealed 0 audit rows into the chain\.$/m);
    expect(BigInt(await t.value('SELECT sealed_through FROM audit_seal_frontier'))).toBeGreaterThanOrEqual(BigInt(gap));

    // A row loaded into that gap by hand, bypassing the program.
    await t.tamper([`INSERT INTO audit_events (id, at, via, action, record_type) VALUES (${gap}, now(), 'system', 'test.by-hand', 'site')`]);
    expect((await t.run(['audit', 'verify'])).stdout).toMatch(/, 1 not yet sealed, /);
    const sealed = await t.run(['audit', 'seal']);
    expect(sealed.code, sealed.stderr).toBe(0);
    expect(sealed.stdout).toMatch(/^Sealed 1 audit rows into the chain\.$/m);
    const after = await t.run(['audit', 'verify']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toMatch(/^audit trail intact: [\d,]+ rows sealed, 0 not yet sealed, head [0-9a-f]{64}/m);
    expect(await t.value('SELECT audit_id::text FROM audit_seals ORDER BY chain_seq DESC LIMIT 1')).toBe(gap);
  }, 120_000);

  it('finds the newest rows removed only against the head noted earlier', async () => {
    // A second administrator adds rows; the head noted now is the one kept outside the database.
    const created = await t.run(['user', 'create', '--email', 'ada@example.org', '--name', 'Ada Lane', '--role', 'program_admin'], 'another long passphrase');
    expect(created.code, created.stderr).toBe(0);
    expect((await t.run(['audit', 'seal'])).code).toBe(0);
    const noted = /head ([0-9a-f]{64})/.exec((await t.run(['audit', 'verify'])).stdout)?.[1] ?? '';
    expect(noted).toMatch(/^[0-9a-f]{64}$/);
    const earlier = await t.run(['audit', 'verify', '--head', head]);
    expect(earlier.code, earlier.stderr).toBe(0);
    expect(earlier.stdout).toMatch(/the head noted earlier is at chain position \d+/);

    await t.tamper([
      'DELETE FROM audit_events WHERE id = (SELECT audit_id FROM audit_seals ORDER BY chain_seq DESC LIMIT 1)',
      'DELETE FROM audit_seals WHERE chain_seq = (SELECT max(chain_seq) FROM audit_seals)',
    ]);
    const unaware = await t.run(['audit', 'verify']);
    expect(unaware.code, unaware.stderr).toBe(0);
    const caught = await t.run(['audit', 'verify', '--head', noted]);
    expect(caught.code).toBe(1);
    expect(caught.stderr).toContain(`audit trail NOT intact: the head hash noted earlier (${noted}) is not in the chain`);
  }, 120_000);

  it('exits 1 naming the row whose details were changed', async () => {
    const id = await t.value('SELECT audit_id::text AS id FROM audit_seals WHERE chain_seq = 1');
    await t.tamper([`UPDATE audit_events SET details = '{"note":"nothing to see"}' WHERE id = (SELECT audit_id FROM audit_seals WHERE chain_seq = 1)`]);
    const run = await t.run(['audit', 'verify']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`audit trail NOT intact: row ${id} (chain position 1) was altered`);
    expect(run.stderr).toMatch(/\(0 rows verified before it, 0 not yet sealed\)/);
    expect(run.stdout).toBe('');
  }, 60_000);

  it('says what is wrong with the command line', async () => {
    const bare = await t.run(['audit']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: tandem audit verify [--head HASH] | tandem audit seal');
    const badHead = await t.run(['audit', 'verify', '--head', 'abc']);
    expect(badHead.code).toBe(2);
    expect(badHead.stderr).toContain('--head: a head hash as printed by tandem audit verify');
  }, 60_000);
}

// The embedded database only: the PostgreSQL run of the suite runs the story on the server instead.
describe.skipIf(serverUrl)('Pat checks the audit trail from the command line (embedded database)', () => {
  // A migrated, empty program, as the first command would leave it (its initdb is not what is tested here).
  beforeAll(() => preparedDataFolder(join(dir, 'data')));
  story(embedded);
});

describe.runIf(serverUrl)('Pat checks the audit trail from the command line (PostgreSQL)', () => {
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${pgDatabase}`);
    await admin.end();
  });
  story(server);
});

describe.skipIf(serverUrl)('a running server seals the trail by itself', () => {
  it('leaves nothing unsealed once it has run and stopped', async () => {
    const data = join(dir, 'served');
    await preparedDataFolder(data);
    const created = await tandem(data, ['user', 'create', '--email', 'pat@example.org', '--name', 'Pat Okafor', '--role', 'program_admin'], 'a long passphrase of our own');
    expect(created.code, created.stderr).toBe(0);
    expect((await tandem(data, ['audit', 'verify'])).stdout).toMatch(/0 rows sealed, [1-9]\d* not yet sealed/);

    const env: NodeJS.ProcessEnv = { ...process.env, TANDEM_DATA_DIR: data, PORT: '0', LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [join(ROOT, 'bin/tandem.mjs'), 'serve', '--dev'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Tandem is running at')) resolve();
      });
      void exited.then(() => reject(new Error(`server exited early:\n${out}`)));
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const after = await tandem(data, ['audit', 'verify']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toMatch(/^audit trail intact: [1-9]\d* rows sealed, 0 not yet sealed, head [0-9a-f]{64}/m);
  }, 180_000);
});
