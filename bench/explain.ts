/**
 * Why is an endpoint slow? Runs one request in process against the generated
 * PostgreSQL program (`tandem_bench`), times each SQL statement it sends, and prints
 * EXPLAIN ANALYZE of the slowest ones.
 *
 *   npx tsx bench/explain.ts --as coach|supervisor|admin|evaluator --url '/api/worklist?assignedTo=me' [--top 2]
 *   npx tsx bench/explain.ts --url '/api/participants/:first/contacts' --method POST --body '{"occurredAt": …}'
 *   (a write is sent twice, once to warm the buffers, once measured)
 *   (--db postgres://postgres@127.0.0.1:5432/tandem_bench by default)
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { createApiToken } from '../src/server/auth/sessions.ts';
import { systemClock } from '../src/server/clock.ts';
import { testConfig } from '../src/server/config.ts';
import { openPostgres, rowsOf } from '../src/server/db/database.ts';
import { listSeedStaff } from '../src/server/seed/scale.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/tandem_bench' },
    as: { type: 'string', default: 'coach' },
    url: { type: 'string', default: '/api/worklist?assignedTo=me' },
    top: { type: 'string', default: '2' },
    method: { type: 'string', default: 'GET' },
    body: { type: 'string' },
  },
});

interface Timed {
  text: string;
  values: unknown[] | undefined;
  ms: number;
}
const timed: Timed[] = [];
let recording = false;
type AnyFn = (...args: unknown[]) => unknown;
// eslint-disable-next-line @typescript-eslint/unbound-method
const original = pg.Client.prototype.query as unknown as AnyFn;
(pg.Client.prototype as unknown as { query: AnyFn }).query = function (this: unknown, ...args: unknown[]) {
  const result = original.apply(this, args);
  if (recording && result instanceof Promise) {
    const [config, vals] = args;
    const text = typeof config === 'string' ? config : (config as { text: string }).text;
    const entry: Timed = { text, values: Array.isArray(vals) ? vals : (config as { values?: unknown[] }).values, ms: 0 };
    const t = performance.now();
    timed.push(entry);
    void result.then(
      () => (entry.ms = performance.now() - t),
      () => (entry.ms = performance.now() - t),
    );
  }
  return result;
};

const database = await openPostgres(values.db, 10);
const staff = await listSeedStaff(database.db);
const [heavy] = rowsOf<{ coach_id: string }>(
  await database.db.execute(sql`WITH loads AS (SELECT coach_id, count(*) AS n FROM enrollments WHERE discharged_on IS NULL AND coach_id IS NOT NULL GROUP BY coach_id)
    SELECT coach_id FROM loads ORDER BY abs(n - 3 * (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY n) FROM loads)), coach_id LIMIT 1`),
);
const pick = {
  coach: staff.find((s) => s.id === heavy?.coach_id),
  supervisor: staff.filter((s) => s.role === 'supervisor').sort((a, b) => b.siteIds.length - a.siteIds.length)[0],
  admin: staff.find((s) => s.role === 'program_admin'),
  evaluator: staff.find((s) => s.role === 'evaluator'),
}[values.as as 'coach'];
if (!pick) throw new Error(`no ${values.as} in the generated program`);
const { token } = await createApiToken(database.db, pick.id, 'explain', systemClock.now());
const app = await buildApp({ database, clock: systemClock, config: testConfig({ dbPoolSize: 10 }) });
await app.ready();
const url = values.url.replace(':first', rowsOf<{ id: string }>(await database.db.execute(sql`SELECT participant_id AS id FROM enrollments WHERE coach_id = ${pick.id} ORDER BY participant_id LIMIT 1`))[0]?.id ?? '');
const request = {
  method: values.method as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url,
  headers: { authorization: `Bearer ${token}`, ...(values.body === undefined ? {} : { 'content-type': 'application/json' }) },
  ...(values.body === undefined ? {} : { payload: values.body }),
};
await app.inject(request); // warms the database's buffers
// Measured on a second app: the first one's in-memory caches (the dashboard's figures) would answer instead.
const measured = await buildApp({ database, clock: systemClock, config: testConfig({ dbPoolSize: 10 }) });
await measured.ready();
recording = true;
const t = performance.now();
const res = await measured.inject(request);
recording = false;
console.log(`${url} as ${pick.role} (${pick.email}): ${String(res.statusCode)} in ${(performance.now() - t).toFixed(0)} ms, ${String(timed.length)} statements`);
for (const s of timed) console.log(`  ${s.ms.toFixed(1).padStart(8)} ms  ${s.text.replace(/\s+/g, ' ').slice(0, 110)}`);
const client = new pg.Client({ connectionString: values.db });
await client.connect();
// The request's own settings (a report's work_mem, no JIT) hold for the plans too.
for (const s of timed) {
  if (/^\s*set local /i.test(s.text)) await client.query(s.text.replace(/^\s*set local /i, 'set '));
  else if (/^\s*select set_config\(/i.test(s.text)) await client.query(s.text.replace(/,\s*true\s*\)/gi, ', false)'));
}
for (const s of [...timed].sort((a, b) => b.ms - a.ms).slice(0, Number(values.top))) {
  if (!/^\s*(select|with)/i.test(s.text)) continue;
  const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, s.values);
  console.log(`\n--- ${s.ms.toFixed(1)} ms: ${s.text.replace(/\s+/g, ' ').slice(0, 300)}`);
  for (const row of plan.rows) console.log(row['QUERY PLAN']);
}
await client.end();
await measured.close();
await app.close();
await database.close();
