/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or — when
 * TEST_DATABASE_URL is set — a new database on that PostgreSQL server, dropped
 * afterwards. The same suite runs against both.
 *
 * Each starts as a copy of a prepared template (migrated, or migrated and filled
 * with the demonstration program) rather than being built from nothing: an empty
 * PGlite cluster costs seconds of initdb and the demo seed far more, once per file.
 * PGlite templates are tarballs in the temp folder, PostgreSQL templates are
 * databases (CREATE DATABASE … TEMPLATE); both are named by a hash of what shapes
 * them, so a changed migration or seed builds a new one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { seedDemo } from '../../src/demo/seed.ts';
import { openPglite, openPostgres, type Database } from '../../src/server/db/database.ts';
import { migrate } from '../../src/server/db/migrate.ts';

export interface TestDatabase {
  database: Database;
  /** The connection URL when on PostgreSQL (for tests that start a second client). */
  url: string | null;
  drop(): Promise<void>;
}

const ROOT = join(import.meta.dirname, '..', '..');
const TEMPLATE_FOLDER = join(tmpdir(), 'tandem-test-templates');

/** A hash of every file under these folders of the project: what a template was made from. */
function hashOf(folders: string[]): string {
  const hash = createHash('sha256');
  for (const folder of folders) {
    const files = (readdirSync(join(ROOT, folder), { recursive: true }) as string[]).filter((f) => /\.(ts|tsx|sql|json)$/.test(f)).sort();
    for (const file of files) hash.update(file).update(readFileSync(join(ROOT, folder, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

type Fill = (database: Database) => Promise<void>;

async function fromPgliteTemplate(kind: string, hash: string, fill: Fill): Promise<Database> {
  const saved = readIfPresent(templateFile(kind, hash));
  if (saved) return openPglite(undefined, { loadDataDir: new Blob([saved]) });
  return buildPgliteTemplate(kind, hash, fill);
}

function templateFile(kind: string, hash: string): string {
  mkdirSync(TEMPLATE_FOLDER, { recursive: true });
  return join(TEMPLATE_FOLDER, `${kind}_${hash}.tar`);
}

/** Fills a new in-memory PGlite, saves it as the template, and answers it (open). */
async function buildPgliteTemplate(kind: string, hash: string, fill: Fill): Promise<Database> {
  const file = templateFile(kind, hash);
  const database = await openPglite();
  await fill(database);
  const dump = await database.dumpDataDir?.();
  if (dump) {
    // Two test workers may build the same template at once; the rename makes either copy whole.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
    // Templates of this kind made from older code serve nobody now (a reader already holding one keeps it).
    for (const f of readdirSync(TEMPLATE_FOLDER)) {
      if (f.startsWith(`${kind}_`) && f.endsWith('.tar') && f !== `${kind}_${hash}.tar`) rmSync(join(TEMPLATE_FOLDER, f), { force: true });
    }
  }
  return database;
}

function readIfPresent(file: string): Uint8Array<ArrayBuffer> | null {
  try {
    return new Uint8Array(readFileSync(file));
  } catch {
    return null;
  }
}

async function withAdmin<T>(serverUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

function urlOf(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function fromPostgresTemplate(serverUrl: string, kind: string, hash: string, fill: Fill): Promise<TestDatabase> {
  const template = `tandem_tpl_${kind}_${hash}`;
  const name = `tandem_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(serverUrl, async (admin) => {
    // One builder at a time per kind, across workers and concurrent runs; the copy waits for it.
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [`tandem_tpl_${kind}`]);
    try {
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (found.rowCount === 0) {
        const building = `${template}_building`;
        await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${building}`);
        const database = await openPostgres(urlOf(serverUrl, building), 2);
        try {
          await fill(database);
        } finally {
          await database.close();
        }
        await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
        // Templates of this kind made from older code serve nobody now.
        const stale = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname <> $2', [
          `tandem_tpl_${kind}_%`,
          template,
        ]);
        for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      }
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [`tandem_tpl_${kind}`]);
    }
  });
  const url = urlOf(serverUrl, name);
  const database = await openPostgres(url, 5);
  return {
    database,
    url,
    drop: async () => {
      await database.close();
      await withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function fromTemplate(kind: string, hash: string, fill: Fill): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) return fromPostgresTemplate(serverUrl, kind, hash, fill);
  const database = await fromPgliteTemplate(kind, hash, fill);
  return { database, url: null, drop: () => database.close() };
}

const migrated: Fill = async (database) => {
  await migrate(database.db);
};

export async function createTestDatabase(): Promise<TestDatabase> {
  return fromTemplate('migrated', hashOf(['drizzle']), migrated);
}

/**
 * Makes `path` an embedded data folder holding an empty, migrated program — what the
 * first `tandem` command on a new folder would leave — from the template, so a test
 * of the command line does not pay for an initdb it is not about.
 */
export async function preparedDataFolder(path: string): Promise<void> {
  const hash = hashOf(['drizzle']);
  let saved = readIfPresent(templateFile('migrated', hash));
  if (!saved) {
    await (await buildPgliteTemplate('migrated', hash, migrated)).close();
    saved = readIfPresent(templateFile('migrated', hash));
  }
  const database = await openPglite(path, saved ? { loadDataDir: new Blob([saved]) } : {});
  if (!saved) await migrate(database.db);
  await database.close();
}

/**
 * The demonstration program as `seedDemo(db, now)` makes it, copied from a template
 * seeded once per run (and per version of the code) instead of once per test file.
 */
export async function createDemoTestDatabase(now: Date): Promise<TestDatabase> {
  const fill: Fill = async (database) => {
    await migrate(database.db);
    await seedDemo(database.db, now);
  };
  return fromTemplate(`demo_${now.getTime()}`, hashOf(['drizzle', 'src']), fill);
}
