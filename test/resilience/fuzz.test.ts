/**
 * Hostile requests, driven by the OpenAPI description: for every operation, bodies,
 * queries and path ids that break its schema one way or another — wrong types,
 * huge strings, numbers out of range, missing and unknown-enum fields, bad ids,
 * bodies that are not objects or not JSON — sent by a program administrator (who
 * reaches every handler). Every answer is a 4xx with the error shape, never a 5xx,
 * and afterwards the program's data is exactly as it was (audit rows and token
 * bookkeeping aside). A second part sends valid participants whose names carry SQL,
 * script and unusual unicode: each is stored and read back exactly, or refused at
 * its field (a NUL character), never a 5xx.
 *
 * FUZZ_REQUESTS sets how many hostile requests are sent (10,000 by default); the
 * generator is seeded, so a failure can be replayed.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/server/db/database.ts';
import { castOfStaff, participantInput, startHarness, withToken, type Cast, type Harness } from '../support/harness.ts';

type Json = Record<string, unknown>;
interface Schema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}
interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; required?: boolean; schema: Schema }[];
  body: Schema | null;
}

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
/** Tables that change on every request whatever its fate (who asked, when a token was last used). */
const BOOKKEEPING = new Set(['audit_events', 'api_tokens', 'sessions', 'login_throttle']);

/** mulberry32: small, seeded, good enough to pick mutations. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE_STRINGS = [
  "' OR '1'='1'; --",
  "Robert'); DROP TABLE participants;--",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '${7*7}{{7*7}}',
  '../../../../etc/passwd',
  '\u202Egnp.exe',
  'Zoë Ørsted-Łukasz 李小龍 🚑🏳️‍🌈',
  '\u200B\u200C\u200D\uFEFF',
  '\uD800',
  'x'.repeat(100_000),
  '',
  ' ',
  '%00%27',
  '1e309',
  'null',
  'NaN',
];
const BAD_IDS = ['1', 'not-an-id', "' OR 1=1 --", '00000000-0000-0000-0000-00000000000g', 'x'.repeat(5000), '%2e%2e%2f', '-1', '😀'];

let h: Harness;
let cast: Cast;
let pat: ReturnType<typeof withToken>;
let token: string;
let participantId: string;
let operations: Operation[] = [];

function flatten(s: Schema): Schema {
  const parts = [...(s.allOf ?? [])];
  if (parts.length === 0) return s;
  return parts.reduce<Schema>((acc, p) => ({ ...acc, ...flatten(p), properties: { ...acc.properties, ...flatten(p).properties }, required: [...(acc.required ?? []), ...(flatten(p).required ?? [])] }), { ...s, allOf: undefined });
}

/** Something the schema accepts, as a base to break one field of. */
function valid(s0: Schema, next: () => number): unknown {
  const s = flatten(s0);
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.[0]) return valid(alt[0], next);
  if (s.enum?.length) return s.enum[Math.floor(next() * s.enum.length)];
  switch (s.type) {
    case 'object': {
      const o: Json = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) if (s.required?.includes(k) || next() < 0.5) o[k] = valid(v, next);
      return o;
    }
    case 'array':
      return s.items ? [valid(s.items, next)] : [];
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
    case undefined:
    default:
      if (s.format === 'uuid') return participantId;
      if (s.pattern?.includes('\\d{4}-\\d{2}-\\d{2}')) return '2026-01-15';
      if (s.format === 'date-time') return '2026-01-15T10:00:00.000Z';
      if (s.format === 'email') return 'someone@example.org';
      return 'a'.repeat(Math.max(1, s.minLength ?? 1));
  }
}

/** A value this schema refuses (or, for a schema that accepts anything, null). */
function invalid(s0: Schema, next: () => number): unknown {
  const s = flatten(s0);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const options: (() => unknown)[] = [];
  const type = s.type ?? (s.enum ? 'string' : undefined);
  if (type === 'string') {
    options.push(() => pick([42, true, { a: 1 }, [1, 2]]));
    const max = s.maxLength;
    if (max !== undefined) options.push(() => 'y'.repeat(max + 1 + Math.floor(next() * 1000)));
    if (s.enum) options.push(() => pick(HOSTILE_STRINGS.slice(0, 8)));
    if (s.format === 'uuid') options.push(() => pick(BAD_IDS));
    if (s.pattern) options.push(() => pick(['2026-13-45', '26-1-1', "1' OR '1", '¯\\_(ツ)_/¯']));
    if (s.minLength) options.push(() => '');
  }
  if (type === 'integer' || type === 'number') {
    options.push(() => pick(['12', 'many', null, [3]]));
    const { minimum, maximum } = s;
    if (minimum !== undefined) options.push(() => minimum - 1 - Math.floor(next() * 100));
    if (maximum !== undefined) options.push(() => maximum + 1 + Math.floor(next() * 1e6));
    if (type === 'integer') options.push(() => 1.5);
  }
  if (type === 'boolean') options.push(() => pick(['yes', 1, 'true ']));
  if (type === 'array') {
    options.push(() => pick(['[]', { 0: 'a' }, 7]));
    const items = s.items;
    if (items) options.push(() => [invalid(items, next)]);
  }
  if (type === 'object') options.push(() => pick(['{}', [], 3]));
  if (!s.nullable && type) options.push(() => null);
  return options.length > 0 ? pick(options)() : undefined;
}

/**
 * A query value this schema refuses. Everything in a query string is text, so
 * only the text itself can be wrong: too long, not in the list, not a number,
 * out of range, not an id or a date.
 */
function invalidQuery(s0: Schema, next: () => number): string | undefined {
  const s = flatten(s0);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const options: (() => string)[] = [];
  const { maxLength, minimum, maximum } = s;
  if (maxLength !== undefined) options.push(() => 'q'.repeat(maxLength + 1 + Math.floor(next() * 500)));
  if (s.enum) options.push(() => pick(["' OR 1=1 --", '<script>', 'ALL', '']));
  if (s.format === 'uuid') options.push(() => pick(BAD_IDS.slice(0, 4)));
  if (s.pattern?.includes('\\d{4}')) options.push(() => pick(['2026-13-45', 'yesterday', "2026-01-01' --"]));
  if (s.type === 'integer' || s.type === 'number') {
    options.push(() => pick(['many', '1e999', '--1', '12 apples']));
    if (minimum !== undefined) options.push(() => String(minimum - 1 - Math.floor(next() * 100)));
    if (maximum !== undefined) options.push(() => String(maximum + 1 + Math.floor(next() * 1e6)));
  }
  return options.length > 0 ? pick(options)() : undefined;
}

/** The fields of a body whose values the schema restricts (only those can be broken). */
const breakable = (s: Schema) => Object.entries(flatten(s).properties ?? {}).filter(([, v]) => invalid(v, () => 0.5) !== undefined);

function hostileRequest(op: Operation, next: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  let url = op.path;
  const pathParams = op.params.filter((p) => p.in === 'path');
  const query = op.params.filter((p) => p.in === 'query');
  const body = op.body ? flatten(op.body) : null;
  // Which part to break: a path id, a query parameter, the body.
  const targets = [
    ...(pathParams.length ? ['path'] : []),
    ...(query.some((q) => invalidQuery(q.schema, () => 0.5) !== undefined) ? ['query'] : []),
    ...(body && ['POST', 'PATCH', 'PUT'].includes(op.method) ? ['body', 'body', 'body'] : []),
  ];
  if (targets.length === 0) return null;
  const target = pick(targets);
  for (const p of pathParams) {
    const good = p.name === 'id' || p.name.endsWith('Id') ? participantId : p.name === 'n' ? '1' : 'x'.repeat(43);
    url = url.replace(`{${p.name}}`, encodeURIComponent(target === 'path' ? pick(BAD_IDS) : good));
  }
  const search = new URLSearchParams();
  if (target === 'query') {
    const q = pick(query.filter((c) => invalidQuery(c.schema, () => 0.5) !== undefined));
    search.set(q.name, invalidQuery(q.schema, next) ?? '');
  }
  let payload: unknown = undefined;
  let rawText: string | undefined;
  if (['POST', 'PATCH', 'PUT'].includes(op.method)) {
    const base = body ? (valid(body, next) as Json) : {};
    if (target === 'body' && body) {
      const fields = breakable(body);
      const how = next();
      if (how < 0.08) payload = pick([[base], 'just a string', 12, true]);
      else if (how < 0.12) rawText = pick(['{"unterminated": ', '{"a":1}}', "{'single': 'quotes'}", '\u0000']);
      else if (how < 0.25 && body.required?.length) {
        const drop = pick(body.required);
        const rest = { ...base };
        Reflect.deleteProperty(rest, drop);
        payload = rest;
      } else if (fields.length) {
        const [name, schema] = pick(fields);
        payload = { ...base, [name]: invalid(schema, next), ...(next() < 0.3 ? { unexpected: pick(HOSTILE_STRINGS) } : {}) };
      } else payload = pick([[base], 'just a string', 12]);
    } else payload = base;
  }
  return { method: op.method, url: `${url}${search.size ? `?${search.toString()}` : ''}`, payload, rawText, target };
}

async function fingerprint(): Promise<Record<string, string>> {
  const db = h.testDb.database.db;
  const tables = rowsOf<{ name: string }>(
    await db.execute(sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`),
  ).filter((t) => !BOOKKEEPING.has(t.name));
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = rowsOf<{ n: number; d: string | null }>(
      await db.execute(sql`SELECT count(*)::int AS n, md5(string_agg(row_to_json(t)::text, E'\n' ORDER BY row_to_json(t)::text)) AS d FROM ${sql.identifier(name)} t`),
    );
    out[name] = `${String(row?.n)} ${row?.d ?? '-'}`;
  }
  return out;
}

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  token = await cast.tokenFor('pat');
  pat = withToken(h.app, token);
  participantId = (await pat.post('/api/participants', participantInput(cast.sites.cook))).json<{ id: string }>().id;
  const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
    paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content: Record<string, { schema: Schema }> }; security?: unknown[] }>>;
  }>();
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      params: op.parameters ?? [],
      body: op.requestBody?.content['application/json']?.schema ?? null,
    })),
  );
});
afterAll(async () => h.close());

describe(`${String(REQUESTS)} hostile requests across every route`, () => {
  it('are each answered 4xx with the error shape, never 5xx, and change no data', async () => {
    const before = await fingerprint();
    const next = random(20261202);
    const failures = new Map<string, string>();
    const routesHit = new Set<string>();
    let sent = 0;
    for (let i = 0; sent < REQUESTS && i < REQUESTS * 3; i++) {
      const op = operations[i % operations.length];
      if (!op || op.path === '/api/auth/logout' || op.path === '/api/auth/login') continue; // the public sign-in steps are covered by the auth tests
      const req = hostileRequest(op, next);
      if (!req) continue;
      sent++;
      const payload = req.rawText ?? (req.payload === undefined ? undefined : JSON.stringify(req.payload));
      const res = await h.app.inject({
        method: req.method as 'POST',
        url: req.url,
        headers: { authorization: `Bearer ${token}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(payload === undefined ? {} : { payload }),
      });
      routesHit.add(`${op.method} ${op.path}`);
      let shaped = false;
      try {
        const body = res.json<{ error?: { code?: unknown; message?: unknown } }>();
        shaped = typeof body.error?.code === 'string' && typeof body.error.message === 'string';
      } catch {
        shaped = false;
      }
      // The HSDS import answers any JSON with a report of the records it could not take (and takes none of these).
      if (op.path === '/api/resources/import/hsds' && res.statusCode === 200) {
        const report = res.json<{ created: number; updated: number }>();
        if (report.created + report.updated === 0) continue;
      }
      if (res.statusCode < 400 || res.statusCode >= 500 || !shaped) {
        const key = `${op.method} ${op.path} (${req.target}) → ${String(res.statusCode)}`;
        if (!failures.has(key)) failures.set(key, `${req.url.slice(0, 120)} ${JSON.stringify(req.payload ?? req.rawText)?.slice(0, 200) ?? ''} ⇒ ${res.body.slice(0, 200)}`);
      }
    }
    expect(sent).toBe(REQUESTS);
    expect(routesHit.size).toBeGreaterThan(60);
    expect(Object.fromEntries(failures)).toEqual({});
    expect(await fingerprint()).toEqual(before);
  }, 600_000);
});

describe('valid participants with hostile names', () => {
  it('are stored and read back exactly, or refused at their field; never a 5xx', async () => {
    const answers: string[] = [];
    for (const [i, text] of HOSTILE_STRINGS.entries()) {
      const name = text.slice(0, 80).trim(); // names are trimmed, like any text field
      const res = await pat.post('/api/participants', participantInput(cast.sites.cook, { firstName: name || 'x', lastName: `Hostile ${String(i)}`, preferredName: name || null }));
      if (res.statusCode === 201) {
        const stored = await pat.get(`/api/participants/${res.json<{ id: string }>().id}`);
        const p = stored.json<{ firstName: string; preferredName: string | null }>();
        if (p.firstName !== (name || 'x') || p.preferredName !== (name || null)) answers.push(`${JSON.stringify(text.slice(0, 20))} came back as ${JSON.stringify(p.firstName.slice(0, 20))}`);
      } else if (res.statusCode !== 400) answers.push(`${JSON.stringify(text.slice(0, 20))} → ${String(res.statusCode)} ${res.body.slice(0, 120)}`);
    }
    const nul = await pat.post('/api/participants', participantInput(cast.sites.cook, { firstName: 'Nul\u0000Byte' }));
    expect(nul.statusCode, nul.body).toBe(400);
    expect(nul.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path)).toEqual(['firstName']);
    expect(answers).toEqual([]);
  });
});
