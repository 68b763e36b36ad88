/**
 * `npm run bench`: Tandem under concurrent load at the size of a state program.
 *
 *   npm run bench                              PostgreSQL at 127.0.0.1:5432, N = 50,000
 *   npm run bench -- --pglite                  embedded PGlite, N = 5,000
 *   npm run bench -- --pg URL --participants N --duration 10 --connections 50 --only caseload,search
 *   npm run bench -- --pglite --participants 500 --duration 1 --no-web   (the smoke test's run)
 *
 * The database `tandem_bench` on that server (or a PGlite folder in the system's
 * temporary directory) is generated once with `tandem seed` and reused while it holds
 * N participants; each run measures a fresh copy of it (bench/program.ts). The server
 * runs as a child process on 127.0.0.1 (so its memory is its own); autocannon drives
 * it. Every scenario is compared with two baselines measured in the same run: (a) a
 * bare Fastify route answering a constant of the same size, the HTTP stack's ceiling;
 * (b) the SQL the endpoint runs, captured from one real request and replayed through
 * the driver with no HTTP, the database's ceiling. Prints a table and writes
 * bench/results.json (bench/results-pglite.json with --pglite; or --out).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import autocannon, { type Request, type Result } from 'autocannon';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { sealAuditTrail } from '../src/server/audit/audit.chain.ts';
import { createApiToken } from '../src/server/auth/sessions.ts';
import { systemClock } from '../src/server/clock.ts';
import { testConfig } from '../src/server/config.ts';
import { rowsOf } from '../src/server/db/database.ts';
import { buildWeb, webBuildIsStale } from '../src/server/web-build.ts';
import { listSeedStaff, type ScaleStaff } from '../src/server/seed/scale.ts';
import { prepareProgram } from './program.ts';
import { figures, installCapture, recorded, replay, rolledBack, withNewIds, type Figures, type Stmt } from './replay.ts';
import { peakRss, startBare, startTandem, stop } from './servers.ts';

const { values: opts } = parseArgs({
  options: {
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    pglite: { type: 'boolean', default: false },
    participants: { type: 'string' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    only: { type: 'string' },
    out: { type: 'string' },
    /** Also write the captured SQL of every scenario here (for EXPLAIN ANALYZE). */
    sql: { type: 'string' },
    /** The servers serve the API alone, the web app not built (`serve --dev`): the smoke test's runs. */
    'no-web': { type: 'boolean', default: false },
  },
});
const PGLITE = opts.pglite;
// Each database's figures in a file of its own: docs/performance.md quotes both.
const OUT = opts.out ?? (PGLITE ? 'bench/results-pglite.json' : 'bench/results.json');
const N = Number(opts.participants ?? (PGLITE ? 5_000 : 50_000));
const DURATION = Number(opts.duration);
const CONNECTIONS = Number(opts.connections);
const POOL = 10;
const ONLY = opts.only ? new Set(opts.only.split(',')) : null;
const READ_P95_MS = PGLITE ? 100 : 50;
const NO_WEB = opts['no-web'];
/** Cold dashboard requests, each the first a freshly started server answers; the median is reported. */
const COLD_SAMPLES = 3;

// autocannon keeps each response's body as a string (`body += chunk`), decoding every chunk as
// UTF-8: for the dashboard's gzip answer (binary) that cost it about seven times the CPU per byte
// of an ASCII body, on the same two cores as the server it measures (92% of a core at 240 req/s).
// No scenario reads bodies through autocannon (answers are checked in process), so they are
// dropped as they arrive; the byte counts and latencies do not come from the body.
const requireCjs = createRequire(import.meta.url);
(requireCjs('autocannon/lib/pipelinedRequestsQueue.js') as { prototype: { addBody: (data: Buffer) => void } }).prototype.addBody = () => undefined;

/** Drives a server with autocannon; latencies from every response. */
async function load(url: string, requests: Request[], connections = CONNECTIONS): Promise<Figures & { non2xx: number; statuses: Record<string, number> }> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const started = performance.now();
  const result = await new Promise<Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: DURATION, requests, timeout: 30 }, (err, r) => (err ? reject(err) : resolve(r)));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[String(statusCode)] = (statuses[String(statusCode)] ?? 0) + 1;
    });
  });
  const seconds = (performance.now() - started) / 1000;
  const f = figures(latencies, result.errors + result.timeouts, Math.max(seconds, DURATION));
  return { ...f, non2xx: result.non2xx, statuses };
}

// ---------------------------------------------------------------------------
// The scenarios.

const TAKES_GZIP = { 'accept-encoding': 'gzip, deflate, br' };

interface Scenario {
  key: string;
  name: string;
  kind: 'read' | 'write' | 'dashboard' | 'export';
  /** The requests of one operation, for autocannon (rotating through ids with setupRequest). */
  requests: Request[];
  /** The same requests for capture in process: method, url, token, body. */
  samples: { method: 'GET' | 'POST'; url: string; token: string; body?: string; headers?: Record<string, string> }[];
}

interface ScenarioResult {
  key: string;
  name: string;
  tandem: (Figures & { non2xx: number; statuses: Record<string, number> }) | null;
  rssPeakMb: number | null;
  responseBytes: number;
  baselineA: Figures | null;
  baselineB: Figures | null;
  ratioA: number | null;
  ratioB: number | null;
  extra: Record<string, number | string | boolean>;
  target: string;
  met: boolean | null;
}

function typo(word: string, r: number): string {
  if (word.length < 4) return word;
  const i = 1 + (r % (word.length - 2));
  return r % 2 === 0 ? word.slice(0, i) + word.slice(i + 1) : word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2);
}

async function main(): Promise<void> {
  installCapture();
  const prepared = await prepareProgram({ pglite: PGLITE, participants: N, pg: opts.pg, pool: POOL });
  const { db } = prepared.database;
  const now = systemClock.now();
  const staff = await listSeedStaff(db);
  // A heavy but real caseload: the coach whose open caseload is nearest three times the median.
  const [heavy] = rowsOf<{ coach_id: string }>(
    await db.execute(sql`WITH loads AS (SELECT coach_id, count(*) AS n FROM enrollments WHERE discharged_on IS NULL AND coach_id IS NOT NULL GROUP BY coach_id)
      SELECT coach_id FROM loads ORDER BY abs(n - 3 * (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY n) FROM loads)), coach_id LIMIT 1`),
  );
  const coach = staff.find((s) => s.id === heavy?.coach_id);
  const supervisor = [...staff].filter((s) => s.role === 'supervisor').sort((a, b) => b.siteIds.length - a.siteIds.length)[0];
  const admin = staff.find((s) => s.role === 'program_admin');
  const evaluator = staff.find((s) => s.role === 'evaluator');
  if (!coach || !supervisor || !admin || !evaluator) throw new Error('the generated program lacks a coach, supervisor, administrator or evaluator');
  const token = async (u: ScaleStaff) => (await createApiToken(db, u.id, 'bench', now)).token;
  const tokens = { coach: await token(coach), supervisor: await token(supervisor), admin: await token(admin), evaluator: await token(evaluator) };
  const caseload = rowsOf<{ id: string }>(
    await db.execute(sql`SELECT participant_id AS id FROM enrollments WHERE coach_id = ${coach.id} AND discharged_on IS NULL ORDER BY participant_id LIMIT 200`),
  ).map((r) => r.id);
  const people = rowsOf<{ first_name: string; last_name: string }>(
    await db.execute(sql`SELECT first_name, last_name FROM participants WHERE site_id = ${coach.siteIds[0] ?? ''} ORDER BY id LIMIT 40`),
  );
  const searches = people.map((p, i) => `${p.first_name} ${typo(p.last_name, i)}`);
  const caseloadRows = await db.execute(sql`SELECT count(*)::int AS n FROM enrollments WHERE coach_id = ${coach.id} AND discharged_on IS NULL`);
  const caseloadSize = rowsOf<{ n: number }>(caseloadRows)[0]?.n ?? 0;
  const today = now.toISOString().slice(0, 10);
  const yearAgo = new Date(now.getTime() - 364 * 86_400_000).toISOString().slice(0, 10);
  const contactBody = () =>
    JSON.stringify({ occurredAt: new Date().toISOString(), durationMinutes: 20, mode: 'phone', locationType: 'phone_or_virtual', reached: true, services: ['recovery_coaching'] });
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  const first = caseload[0] ?? '';
  const dashboardUrl = `/api/reports/dashboard?from=${yearAgo}&to=${today}`;

  let n = 0;
  const rotate = <T>(list: readonly T[]) => list[n++ % list.length] as T;
  const all: Scenario[] = [
    {
      key: 'caseload', name: `1. a coach's caseload (${String(caseloadSize)} open, Bearer token)`, kind: 'read',
      requests: [{ method: 'GET', path: '/api/worklist?assignedTo=me', headers: bearer(tokens.coach) }],
      samples: [{ method: 'GET', url: '/api/worklist?assignedTo=me', token: tokens.coach }],
    },
    {
      key: 'search', name: '2. search by partial name with a typo', kind: 'read',
      requests: [{ method: 'GET', headers: bearer(tokens.coach), setupRequest: (req) => ({ ...req, path: `/api/participants?q=${encodeURIComponent(rotate(searches))}` }) }],
      samples: searches.slice(0, 5).map((q) => ({ method: 'GET' as const, url: `/api/participants?q=${encodeURIComponent(q)}`, token: tokens.coach })),
    },
    {
      key: 'page', name: "3. a participant's page (profile, plan, contacts, referrals)", kind: 'read',
      requests: [
        { method: 'GET', headers: bearer(tokens.coach), setupRequest: (req, ctx) => { ctx.pid = rotate(caseload); return { ...req, path: `/api/participants/${String(ctx.pid)}` }; } },
        { method: 'GET', headers: bearer(tokens.coach), setupRequest: (req, ctx) => ({ ...req, path: `/api/participants/${String(ctx.pid)}/plan` }) },
        { method: 'GET', headers: bearer(tokens.coach), setupRequest: (req, ctx) => ({ ...req, path: `/api/participants/${String(ctx.pid)}/contacts` }) },
        { method: 'GET', headers: bearer(tokens.coach), setupRequest: (req, ctx) => ({ ...req, path: `/api/participants/${String(ctx.pid)}/referrals` }) },
      ],
      samples: ['', '/plan', '/contacts', '/referrals'].map((p) => ({ method: 'GET' as const, url: `/api/participants/${first}${p}`, token: tokens.coach })),
    },
    {
      key: 'contact', name: '4. logging a contact (with its audit row)', kind: 'write',
      requests: [{ method: 'POST', headers: { ...bearer(tokens.coach), 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, path: `/api/participants/${rotate(caseload)}/contacts`, body: contactBody() }) }],
      samples: [{ method: 'POST', url: `/api/participants/${first}/contacts`, token: tokens.coach, body: contactBody() }],
    },
    {
      key: 'supervisor', name: `5. worklist of a supervisor of ${String(supervisor.siteIds.length)} sites`, kind: 'read',
      requests: [{ method: 'GET', path: '/api/worklist', headers: bearer(tokens.supervisor) }],
      samples: [{ method: 'GET', url: '/api/worklist', token: tokens.supervisor }],
    },
    {
      key: 'dashboard', name: '6. program dashboard, whole state, one year', kind: 'dashboard',
      // As a browser asks: taking gzip (the answer's size, and baseline (a)'s, is the compressed one).
      requests: [{ method: 'GET', path: dashboardUrl, headers: { ...bearer(tokens.admin), ...TAKES_GZIP } }],
      samples: [{ method: 'GET', url: dashboardUrl, token: tokens.admin, headers: TAKES_GZIP }],
    },
    { key: 'export', name: '7. de-identified analysis export of everything', kind: 'export', requests: [], samples: [] },
  ];
  const scenarios = all.filter((s) => !ONLY || ONLY.has(s.key));

  // Capture each scenario's SQL and response size in process (before the server starts: PGlite has one owner).
  const app = await buildApp({ database: prepared.database, clock: systemClock, config: testConfig({ dbPoolSize: POOL, reportRatePerMinute: 1_000_000 }) });
  await app.ready();
  const captured = new Map<string, { units: Stmt[][]; bytes: number; coldMs: number | null; made: string[] }>();
  for (const s of scenarios) {
    const units: Stmt[][] = [];
    let bytes = 0;
    let coldMs: number | null = null;
    const made: string[] = [];
    for (const sample of s.samples) {
      const inject = () => app.inject({ method: sample.method, url: sample.url, headers: { ...bearer(sample.token), ...sample.headers, ...(sample.body ? { 'content-type': 'application/json' } : {}) }, ...(sample.body ? { payload: sample.body } : {}) });
      // A first request warms the plan caches (the dashboard's first is its cold time in process),
      // and touches the token's last use: the one captured is a steady request, as the load's are.
      // A write's capture once held that UPDATE of the token, replayed by (b) on every request.
      const t = performance.now();
      await inject();
      if (s.kind !== 'write' && coldMs === null) coldMs = performance.now() - t;
      const { result: res, statements } = await recorded(inject);
      units.push(statements);
      if (res.statusCode >= 300) throw new Error(`${s.key}: ${sample.method} ${sample.url} answered ${String(res.statusCode)}: ${res.body.slice(0, 300)}`);
      bytes += res.rawPayload.length;
      // The id of what a write made (the server makes a contact's): its replays make their own.
      if (s.kind === 'write') made.push(res.json<{ id: string }>().id);
    }
    captured.set(s.key, { units, bytes: s.samples.length > 0 ? Math.round(bytes / s.samples.length) : 0, coldMs, made });
  }
  await app.close();
  if (opts.sql) writeFileSync(opts.sql, `${JSON.stringify(Object.fromEntries([...captured].map(([k, v]) => [k, v.units])), null, 2)}\n`);

  // Baseline (b) for each load scenario, while nothing else runs.
  const baselineB = new Map<string, Figures>();
  for (const s of scenarios) {
    if (s.kind === 'export') continue;
    const c = captured.get(s.key);
    if (!c) continue;
    console.error(`baseline (b) ${s.key}: ${String(c.units.reduce((a, u) => a + u.length, 0))} statements replayed…`);
    // The dashboard's SQL is its cold path (a cache answers the rest): its ceiling is one at a time.
    // A replayed write leaves nothing behind: it runs in a transaction that rolls back (a write the server
    // sends without one, as a contact is, gets BEGIN and ROLLBACK around it), else ten seconds of replays
    // pile thousands of contacts onto the one person captured. Each replay also puts a new id wherever the
    // captured one was (a statement's values, the audit row's JSON): 50 open transactions inserting one id
    // would wait on each other.
    const units = s.kind === 'write' ? c.units.map(rolledBack) : c.units;
    const concurrency = s.kind === 'dashboard' ? 1 : CONNECTIONS;
    baselineB.set(s.key, await replay(prepared, units, { concurrency, seconds: DURATION, pool: POOL }, s.kind === 'write' ? withNewIds(c.made) : undefined));
  }
  // The replayed reads committed their audit rows (tens of thousands a scenario): sealed here, off the
  // clock, or the server would seal them during the first scenario it is measured on.
  await sealAuditTrail(prepared.database.db, { wait: true });
  await prepared.database.close();

  // Baseline (a): the bare server with responses of the same size.
  const baselineA = new Map<string, Figures>();
  const bare = await startBare();
  for (const s of scenarios) {
    if (s.kind === 'export') continue;
    const bytes = captured.get(s.key)?.bytes ?? 100;
    console.error(`baseline (a) ${s.key}: ${String(bytes)} bytes…`);
    baselineA.set(s.key, await load(bare.url, [{ method: s.kind === 'write' ? 'POST' : 'GET', path: `/?bytes=${String(bytes)}`, ...(s.kind === 'write' ? { body: contactBody(), headers: { 'content-type': 'application/json' } } : {}) }]));
  }
  await stop(bare.child);

  // Tandem itself.
  // The server builds the web app at start when its sources changed: built here instead, so the
  // build's memory (several hundred MB) is not counted in the server's RSS.
  if (!NO_WEB && webBuildIsStale()) await buildWeb();
  let server = await startTandem(prepared.env, { pool: POOL, apiOnly: NO_WEB });
  const results: ScenarioResult[] = [];
  const verify = PGLITE ? null : new pg.Pool({ connectionString: prepared.url ?? '', max: 1 });
  // Requests still running when autocannon stops must not spill into the next scenario.
  const settle = async () => {
    // PostgreSQL: no statement running or transaction open, in 20 looks over two seconds in a row.
    // One look is not enough: a read in a session (no transaction) leaves its connection idle
    // between statements, and worklists waiting their turn start one after another (a look between
    // two of them let the supervisor's scenario run on into the dashboard's cold time).
    for (let quiet = 0, i = 0; verify && quiet < 20 && i < 3000; i++) {
      const busy = (await verify.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()")).rows[0]?.n ?? 0;
      quiet = busy === 0 ? quiet + 1 : 0;
      await new Promise((r) => setTimeout(r, 100));
    }
    // The server's own thread (and PGlite, which runs one query at a time in it): idle once a health
    // check queued behind whatever is left answers at once, five times in a row over a second (worklists
    // waiting their turn leave the thread free between two of them).
    for (let quick = 0, i = 0; quick < 5 && i < 600; i++) {
      const t = performance.now();
      await (await fetch(`${server.url}/api/health`)).text();
      quick = performance.now() - t < 30 ? quick + 1 : 0;
      if (quick < 5) await new Promise((r) => setTimeout(r, 200));
    }
  };
  for (const s of scenarios) {
    await settle();
    console.error(`${s.name}…`);
    const c = captured.get(s.key);
    const a = baselineA.get(s.key) ?? null;
    const b = baselineB.get(s.key) ?? null;
    const r: ScenarioResult = { key: s.key, name: s.name, tandem: null, rssPeakMb: null, responseBytes: c?.bytes ?? 0, baselineA: a, baselineB: b, ratioA: null, ratioB: null, extra: {}, target: '', met: null };
    if (s.kind === 'export') {
      const { result, rssMb } = await peakRss(server.child.pid, async () => {
        const t = performance.now();
        // The program director's export covers every site (an evaluator's covers the studies they are given).
        const res = await fetch(`${server.url}/api/exports/analysis`, { headers: bearer(tokens.admin) });
        let bytes = 0;
        const reader = res.body?.getReader();
        for (let part = await reader?.read(); part && !part.done; part = await reader?.read()) bytes += part.value.length;
        return { status: res.status, bytes, ms: performance.now() - t };
      });
      r.rssPeakMb = rssMb;
      r.extra = { status: result.status, seconds: Math.round(result.ms / 100) / 10, megabytes: Math.round(result.bytes / 1e5) / 10 };
      r.target = PGLITE ? 'works' : 'streams, < 60 s, RSS < 500 MB';
      r.met = result.status === 200 && (PGLITE || (result.ms < 60_000 && rssMb < 500));
      results.push(r);
      continue;
    }
    if (s.kind === 'dashboard') {
      const once = async () => {
        const t = performance.now();
        const res = await fetch(`${server.url}${dashboardUrl}`, { headers: bearer(tokens.admin) });
        const text = await res.text();
        return { ms: performance.now() - t, status: res.status, text };
      };
      // The cold path is the first request a server just started answers (its figures kept nowhere),
      // taken COLD_SAMPLES times, each from a server started afresh (unless nothing has reached this
      // one yet): one sample varies by a third on a shared 2-core machine. The median is the figure.
      const colds: Awaited<ReturnType<typeof once>>[] = [];
      for (let i = 0; i < COLD_SAMPLES; i++) {
        if (i > 0 || results.length > 0) {
          await stop(server.child);
          server = await startTandem(prepared.env, { pool: POOL, apiOnly: NO_WEB });
          await settle();
        }
        colds.push(await once());
      }
      const cold = [...colds].sort((x, y) => x.ms - y.ms)[Math.floor(colds.length / 2)] ?? colds[0];
      if (!cold) throw new Error('no cold sample');
      const { result: warm, rssMb } = await peakRss(server.child.pid, () => load(server.url, s.requests));
      // A change must show: log one contact, then ask again. The figures are compared, not the whole
      // answer (its generatedAt differs every time).
      const wrote = await fetch(`${server.url}/api/participants/${first}/contacts`, { method: 'POST', headers: { ...bearer(tokens.coach), 'content-type': 'application/json' }, body: contactBody() });
      await wrote.text();
      const before = await once();
      const afterWrite = await once();
      const figures = (text: string) => JSON.stringify((JSON.parse(text) as { current?: unknown }).current ?? null);
      const changed = wrote.status === 201 && before.status === 200 && figures(before.text) !== figures(cold.text);
      r.tandem = warm;
      r.rssPeakMb = rssMb;
      r.extra = {
        coldMs: Math.round(cold.ms),
        coldSamplesMs: colds.map((c) => Math.round(c.ms)).join('/'),
        writeStatus: wrote.status,
        afterWriteMs: Math.round(before.ms),
        afterWriteStatus: before.status,
        unchangedAgainMs: Math.round(afterWrite.ms),
        changedAfterWrite: changed,
        status: cold.status,
      };
      r.target = PGLITE ? `works, p95 < ${String(READ_P95_MS)} ms unchanged` : 'cold < 1 s, unchanged p95 < 200 ms, invalidated on writes';
      r.met = colds.every((c) => c.status === 200) && warm.non2xx === 0 && (PGLITE ? warm.p95 < READ_P95_MS : cold.ms < 1000 && warm.p95 < 200) && changed;
    } else {
      const countWrites = async () =>
        verify ? ((await verify.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts WHERE created_by = $1', [coach.id])).rows[0]?.n ?? 0) : 0;
      const writesBefore = s.kind === 'write' ? await countWrites() : 0;
      const { result, rssMb } = await peakRss(server.child.pid, () => load(server.url, s.requests));
      r.tandem = result;
      r.rssPeakMb = rssMb;
      if (s.kind === 'write') {
        const created = result.statuses['201'] ?? 0;
        if (verify) {
          // Requests still in flight when the load stopped land afterwards: count once the server is idle.
          await settle();
          const stored = (await countWrites()) - writesBefore;
          r.extra = { answered201: created, stored, lostWrites: Math.max(0, created - stored) };
        } else r.extra = { answered201: created };
        r.target = PGLITE ? 'works' : 'p95 < 50 ms, no lost writes';
        r.met = result.non2xx === 0 && result.errors === 0 && (PGLITE || (result.p95 < 50 && r.extra.lostWrites === 0));
      } else {
        r.target = PGLITE ? `p95 < ${String(READ_P95_MS)} ms` : 'p95 < 50 ms, ≥ 50% of (b)';
        r.met = result.non2xx === 0 && result.errors === 0 && result.p95 < READ_P95_MS && (PGLITE || (b !== null && result.rps >= 0.5 * b.rps));
      }
    }
    if (r.tandem && a) r.ratioA = r.tandem.rps / a.rps;
    if (r.tandem && b && b.rps > 0) r.ratioB = r.tandem.rps / b.rps;
    results.push(r);
  }
  await verify?.end();
  await stop(server.child);
  await prepared.discard();

  const report = {
    measuredAt: new Date().toISOString(),
    database: PGLITE ? 'PGlite' : 'PostgreSQL',
    participants: N,
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    machine: { cpus: cpus().length, loadAverage: loadavg().map((l) => Math.round(l * 10) / 10) },
    scenarios: results,
  };
  writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
  printTable(report.database, results);
  console.log(`\n${String(CONNECTIONS)} connections, ${String(DURATION)} s each, load average ${report.machine.loadAverage.join(' ')}; written to ${OUT}`);
}

function printTable(database: string, results: readonly ScenarioResult[]): void {
  const f = (x: number | null | undefined, d = 0) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));
  const rows = [['scenario', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'RSS MB', '(a) req/s', '(b) req/s', '×(a)', '×(b)', 'notes', 'target', 'met']];
  for (const r of results) {
    // Any answer other than 2xx under load is named: such a run's latencies are not the work's.
    const refused = Object.entries(r.tandem?.statuses ?? {}).filter(([code]) => !code.startsWith('2'));
    const notes = [...Object.entries(r.extra).map(([k, v]) => `${k} ${String(v)}`), ...refused.map(([code, n]) => `${String(n)}× ${code}`)].join(', ');
    rows.push([r.name, f(r.tandem?.rps), f(r.tandem?.p50, 1), f(r.tandem?.p95, 1), f(r.tandem?.p99, 1), f(r.rssPeakMb), f(r.baselineA?.rps), f(r.baselineB?.rps), f(r.ratioA, 2), f(r.ratioB, 2), notes, r.target, r.met === null ? '–' : r.met ? 'yes' : 'NO']);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  console.log(`\nTandem under load on ${database}, ${N.toLocaleString('en-US')} participants`);
  for (const row of rows) console.log(row.map((c, i) => (i === 0 || i >= 10 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '));
}

if (existsSync('bin/tandem.mjs')) {
  await main();
  process.exit(0);
} else {
  console.error('Run the benchmark from the repository root: npm run bench');
  process.exit(2);
}
