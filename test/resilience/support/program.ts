/**
 * A small program on a real database, prepared in process, then served by a real
 * `tandem serve` process: what the kill and load tests run against.
 *
 * The database is an embedded PGlite in a temporary data folder, or — when
 * TEST_DATABASE_URL is set — a fresh database on that PostgreSQL server. Setup
 * goes through the API in process (so every row is one the product itself
 * wrote) and closes the database before the server starts: a PGlite folder has
 * one owner at a time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { isoDateIn } from '../../../src/core/calendar.ts';
import { buildApp } from '../../../src/server/app.ts';
import { FakeClock } from '../../../src/server/clock.ts';
import { testConfig } from '../../../src/server/config.ts';
import { openPglite, openPostgres, type Database } from '../../../src/server/db/database.ts';
import { migrate } from '../../../src/server/db/migrate.ts';
import { organization } from '../../support/directory.ts';
import { castOfStaff, participantInput, withToken, type Cast, type Harness } from '../../support/harness.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const TIME_ZONE = 'America/Chicago';

type Persona = keyof Cast['people'];

export interface Lot {
  id: string;
  lotNumber: string;
  received: number;
}

export interface Program {
  kind: 'pglite' | 'postgresql';
  /** What the server process needs to find the database. */
  env: Record<string, string>;
  sites: Cast['sites'];
  people: Cast['people'];
  tokens: Record<Persona, string>;
  /** Participants enrolled with Ana (coach) and Cai (case manager) at Cook, and with Ben at Lake. */
  participants: { cook: { id: string; name: string }[]; lake: { id: string; name: string }[] };
  /** A buprenorphine clinic in the directory, to refer people to. */
  resourceId: string;
  /** Nasal 4 mg naloxone received at Cook. */
  lots: Lot[];
  /** Today at the program's sites. */
  today: string;
  /** Opens the database for checks (on PGlite only while no server holds the folder). */
  open(): Promise<Database>;
  /** Removes the data folder or drops the database. */
  drop(): Promise<void>;
}

const FIRST = ['Samuel', 'Maria', 'Darnell', 'Rosa', 'Tyrone', 'Keisha', 'Luis', 'Hannah', 'Jamal', 'Ines', 'Victor', 'Alma'];
const LAST = ['Johnson', 'Delgado', 'Washington', 'Nowak', 'Okonkwo', 'Brennan', 'Castillo', 'Fischer', 'Haddad', 'Mbeki', 'Sato', 'Quinn'];

export async function prepareProgram(options: { cook: number; lake: number; lots: number[] }): Promise<Program> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  let database: Database;
  let env: Record<string, string>;
  let open: () => Promise<Database>;
  let drop: () => Promise<void>;
  if (serverUrl) {
    const name = `tandem_resilience_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    database = await openPostgres(url.toString(), 5);
    env = { DATABASE_URL: url.toString() };
    open = () => openPostgres(url.toString(), 2);
    drop = async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-resilience-'));
    database = await openPglite(dir);
    env = { TANDEM_DATA_DIR: dir };
    open = () => openPglite(dir);
    drop = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
  }

  try {
    await migrate(database.db);
    // The server runs on the system clock: setup happens at the real now too.
    const clock = new FakeClock(new Date());
    const app = await buildApp({ database, clock, config: testConfig() });
    await app.ready();
    const testDb = { database, url: env.DATABASE_URL ?? null, drop: () => Promise.resolve() };
    const h: Harness = { app, clock, testDb, variant: () => Promise.reject(new Error('not here')), close: () => app.close() };
    const cast = await castOfStaff(h);
    const personas = Object.keys(cast.people) as Persona[];
    const tokens = Object.fromEntries(await Promise.all(personas.map(async (p) => [p, await cast.tokenFor(p)] as const))) as Record<Persona, string>;
    const as = (p: Persona) => withToken(app, tokens[p]);
    const ok = (res: { statusCode: number; body: string; json: () => unknown }, what: string): unknown => {
      if (res.statusCode >= 300) throw new Error(`setup: ${what} answered ${String(res.statusCode)}: ${res.body}`);
      return res.json();
    };
    const today = isoDateIn(clock.now(), TIME_ZONE);

    const resource = ok(await as('pat').post('/api/resources', organization('Westside Recovery Clinic', ['moud'])), 'a resource') as { id: string };
    const enrol = async (siteId: string, i: number, by: Persona, coachId: string, caseManagerId: string | null) => {
      const firstName = FIRST[i % FIRST.length] ?? 'Sam';
      const lastName = `${LAST[Math.floor(i / FIRST.length) % LAST.length] ?? 'Lee'}-${String(i)}`;
      const dob = `19${String(60 + (i % 40))}-0${String(1 + (i % 9))}-1${String(i % 10)}`;
      const p = ok(await as(by).post('/api/participants', participantInput(siteId, { firstName, lastName, dateOfBirth: dob })), 'a participant') as { id: string };
      ok(await as(by).post(`/api/participants/${p.id}/enrollments`, { enrolledOn: today, referralSource: 'jail_in_reach', coachId, caseManagerId }), 'an enrollment');
      return { id: p.id, name: `${firstName} ${lastName}` };
    };
    const cook = [];
    for (let i = 0; i < options.cook; i++) cook.push(await enrol(cast.sites.cook, i, 'ana', cast.people.ana.id, cast.people.cai.id));
    const lake = [];
    for (let i = 0; i < options.lake; i++) lake.push(await enrol(cast.sites.lake, options.cook + i, 'ben', cast.people.ben.id, null));

    const lots: Lot[] = [];
    for (const [i, kits] of options.lots.entries()) {
      const lotNumber = `NX-${String(i + 1)}`;
      const expiresOn = `${String(Number(today.slice(0, 4)) + 2)}-0${String(1 + i)}-28`;
      const moved = ok(
        await as('sam').post('/api/naloxone/movements', { kind: 'received', siteId: cast.sites.cook, product: 'nasal_4mg', lotNumber, expiresOn, kits, occurredOn: today, source: 'State naloxone program' }),
        'a receipt of naloxone',
      ) as { items: { lotId: string }[] };
      lots.push({ id: moved.items[0]?.lotId ?? '', lotNumber, received: kits });
    }
    await app.close();
    await database.close();
    return { kind: database.kind, env, sites: cast.sites, people: cast.people, tokens, participants: { cook, lake }, resourceId: resource.id, lots, today, open, drop };
  } catch (err) {
    await database.close().catch(() => undefined);
    await drop();
    throw err;
  }
}

export interface Server {
  url: string;
  child: ChildProcess;
  /** What it printed (standard output and error), for failure messages. */
  output(): string;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no cleanup of any kind. */
  kill(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** `tandem serve` on the program's database, on a port of the system's choosing; resolves once it listens. */
export async function startServer(program: Program, extraEnv: Record<string, string> = {}): Promise<Server> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...program.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extraEnv };
  if (!program.env.DATABASE_URL) delete env.DATABASE_URL;
  const child = spawn(process.execPath, [join(ROOT, 'bin/tandem.mjs'), 'serve', '--dev'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  let out = '';
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 120 s:\n${out}`)), 120_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Tandem is running at (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${String(code)} before listening:\n${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** For afterAll: no server outlives a failed test. */
export async function killServers(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** A quantile of latencies in milliseconds (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}
