/**
 * The program `npm run bench` measures: generated once with `tandem seed` into the
 * database `tandem_bench` on a PostgreSQL server (or a PGlite folder in the system's
 * temporary directory), reused while it holds N participants, and copied afresh for
 * each run.
 */
import { cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { systemClock } from '../src/server/clock.ts';
import { openPglite, openPostgres, type Database } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { formatDuration, progressReporter } from '../src/server/seed/progress.ts';
import { seededParticipants, seedScale } from '../src/server/seed/scale.ts';

export interface Prepared {
  database: Database;
  /** For the child server. */
  env: Record<string, string>;
  /** For baseline (b) on PostgreSQL. */
  url: string | null;
  /** Drops the run's copy of the program (below), once the server has stopped. */
  discard: () => Promise<void>;
}

/**
 * Every run measures the program as generated. It runs on a copy, made afresh from the
 * generated one and dropped at the end (or at the start of the next run, after a crash):
 * a run's writes (some 15,000 contacts, and hundreds of thousands of audit rows) once
 * stayed in the program the next run measured, and the caseload's people gained about a
 * hundred contacts each per run.
 */
const RUN_DB = 'tandem_bench_run';

export interface ProgramOptions {
  pglite: boolean;
  participants: number;
  /** A PostgreSQL server's URL (any database on it): the program is `tandem_bench` there. */
  pg: string;
  /** Connections of the run's own pool. */
  pool: number;
}

export async function prepareProgram({ pglite, participants, pg: serverUrl, pool }: ProgramOptions): Promise<Prepared> {
  if (pglite) {
    const dataDir = join(tmpdir(), `tandem-bench-pglite-${String(participants)}`);
    let database = await openPglite(dataDir);
    await migrate(database.db);
    const held = await seededParticipants(database.db);
    if (held !== null && held !== participants) {
      console.error(`${dataDir} holds ${String(held)} participants, not ${String(participants)}: generating it again.`);
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
      database = await openPglite(dataDir);
      await migrate(database.db);
    }
    if (held !== participants) await generate(database, participants);
    await database.close();
    const runDir = `${dataDir}-run`;
    rmSync(runDir, { recursive: true, force: true });
    cpSync(dataDir, runDir, { recursive: true });
    return {
      database: await openPglite(runDir),
      env: { TANDEM_DATA_DIR: runDir },
      url: null,
      discard: () => Promise.resolve(rmSync(runDir, { recursive: true, force: true })),
    };
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = (await admin.query("SELECT 1 FROM pg_database WHERE datname = 'tandem_bench'")).rowCount ?? 0;
  if (exists === 0) await admin.query('CREATE DATABASE tandem_bench');
  const url = new URL(serverUrl);
  url.pathname = '/tandem_bench';
  let database = await openPostgres(url.toString(), pool);
  await migrate(database.db);
  const held = await seededParticipants(database.db);
  if (held !== null && held !== participants) {
    console.error(`tandem_bench holds ${String(held)} participants, not ${String(participants)}: generating it again.`);
    await database.close();
    await admin.query('DROP DATABASE tandem_bench WITH (FORCE)');
    await admin.query('CREATE DATABASE tandem_bench');
    database = await openPostgres(url.toString(), pool);
    await migrate(database.db);
  }
  if (held !== participants) await generate(database, participants);
  // A database is copied only while nothing else is connected to it (an explain.ts left running, say).
  await database.close();
  await admin.query(`DROP DATABASE IF EXISTS ${RUN_DB} WITH (FORCE)`);
  const version = Number((await admin.query<{ v: string }>('SHOW server_version_num')).rows[0]?.v ?? 0);
  // PostgreSQL 15's file copy takes ~13 s for the 2.4 GB program; its default copies block by block through the WAL.
  await admin.query(`CREATE DATABASE ${RUN_DB} TEMPLATE tandem_bench${version >= 150000 ? ' STRATEGY FILE_COPY' : ''}`);
  await admin.end();
  url.pathname = `/${RUN_DB}`;
  const discard = async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${RUN_DB} WITH (FORCE)`);
    await c.end();
  };
  return { database: await openPostgres(url.toString(), pool), env: { DATABASE_URL: url.toString() }, url: url.toString(), discard };
}

async function generate(database: Database, participants: number): Promise<void> {
  console.error(`Generating ${participants.toLocaleString('en-US')} participants (once; later runs reuse them)…`);
  const r = await seedScale(database.db, { participants, now: systemClock.now(), onProgress: progressReporter() });
  console.error(`Generated in ${formatDuration(r.milliseconds)}.`);
}
