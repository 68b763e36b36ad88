/**
 * A busy minute: 200 connections for 60 s (LOAD_SECONDS) against a real `tandem
 * serve`, cycling through what a program does at once — Ana (coach) reads her
 * caseload, searches and logs contacts; Cai (case manager) opens records and makes
 * referrals; Sam (site manager) checks stock and hands out naloxone; Sue (supervisor)
 * reads the worklist of her sites; Eve (evaluator) reads the dashboard; Ben (coach at
 * Lake) logs contacts and reads referrals. Writes carry Idempotency-Keys.
 *
 * Not one answer is a 5xx, a connection error or a timeout, and no error answer is
 * one the request could not expect; every write acknowledged with 201 is stored.
 * Throughput and p99 are printed, never asserted (speed is the benchmark's job).
 * On PGlite in a temporary data folder, or on PostgreSQL with TEST_DATABASE_URL.
 */
import autocannon, { type Request, type Result } from 'autocannon';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/server/db/database.ts';
import { killServers, prepareProgram, quantile, startServer, type Program } from './support/program.ts';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CONNECTIONS = 200;

let program: Program;

beforeAll(async () => {
  program = await prepareProgram({ cook: 24, lake: 12, lots: [10_000, 10_000, 10_000] });
});

afterAll(async () => {
  await killServers();
  await program.drop();
});

type Kind =
  | 'caseload'
  | 'search'
  | 'record'
  | 'log contact'
  | 'contacts'
  | 'refer'
  | 'stock'
  | 'hand out naloxone'
  | 'supervisor worklist'
  | 'dashboard'
  | 'referrals'
  | 'log contact (Lake)';
/** autocannon 9 calls onResponse with each answer (its bundled types do not say so). */
type Step = Request & { onResponse?: (status: number, body: string, context: Record<string, unknown>) => void };

describe(`${String(CONNECTIONS)} connections for ${String(SECONDS)} s of mixed reads and writes`, () => {
  it('answers every request without a 5xx or an unexpected error, and stores every acknowledged write', async () => {
    // The per-person limit on reports (a guard against one person's runaway script) would
    // turn a load test of the dashboard into a test of the limiter.
    const server = await startServer(program, { TANDEM_REPORT_RATE_PER_MINUTE: '100000' });
    const { cook, lake } = program.participants;
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const json = (token: string) => ({ ...bearer(token), 'content-type': 'application/json' });
    let n = 0;
    const rotate = <T>(list: readonly T[]): T => list[n++ % list.length] as T;
    const yearAgo = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
    const contact = (note: string) => ({
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      durationMinutes: 20,
      mode: 'phone',
      locationType: 'phone_or_virtual',
      reached: true,
      services: ['recovery_coaching'],
      note,
    });
    const key = () => `load-${String(n++)}-${String(Date.now())}`;

    const statuses = new Map<Kind, Map<string, number>>();
    const acknowledged = { contacts: [] as string[], referrals: [] as string[], distributions: [] as string[] };
    /** Error answers a request may get under load without anything being wrong. */
    const expected: Partial<Record<Kind, string[]>> = { dashboard: ['429 too_many_requests'] };
    const t = program.tokens;
    const read = (path: string, token: string) => ({ method: 'GET', path, headers: bearer(token) });
    const write = (path: string, token: string, body: unknown) => ({ method: 'POST', path, headers: { ...json(token), 'idempotency-key': key() }, body: JSON.stringify(body) });
    /** What each kind of request sends, and where an acknowledged write is counted. */
    const kinds: [Kind, () => Request, (keyof typeof acknowledged)?][] = [
      ['caseload', () => read('/api/worklist?assignedTo=me', t.ana)],
      ['search', () => read(`/api/participants?q=${encodeURIComponent(rotate(cook).name.slice(0, 9))}`, t.ana)],
      ['record', () => read(`/api/participants/${rotate(cook).id}`, t.cai)],
      ['log contact', () => write(`/api/participants/${rotate(cook).id}/contacts`, t.ana, contact('Called about the release plan.')), 'contacts'],
      ['contacts', () => read(`/api/participants/${rotate(cook).id}/contacts`, t.cai)],
      [
        'refer',
        () => write(`/api/participants/${rotate(cook).id}/referrals`, t.cai, { need: 'moud_treatment', resourceId: program.resourceId, urgency: 'routine', notes: 'Wants to continue buprenorphine after release.' }),
        'referrals',
      ],
      ['stock', () => read(`/api/sites/${program.sites.cook}/naloxone/stock`, t.sam)],
      [
        'hand out naloxone',
        () =>
          write('/api/naloxone/distributions', t.sam, {
            siteId: program.sites.cook,
            recipientType: 'community',
            communityRecipient: 'community_member',
            peopleCount: 1,
            zip: '60608',
            product: 'nasal_4mg',
            kits: 1,
            distributedOn: program.today,
            trainingGiven: true,
            location: 'Health fair',
          }),
        'distributions',
      ],
      ['supervisor worklist', () => read('/api/worklist', t.sue)],
      ['dashboard', () => read(`/api/reports/dashboard?from=${yearAgo}&to=${program.today}`, t.eve)],
      ['referrals', () => read(`/api/participants/${rotate(lake).id}/referrals`, t.ben)],
      ['log contact (Lake)', () => write(`/api/participants/${rotate(lake).id}/contacts`, t.ben, contact('Met at the reentry center.')), 'contacts'],
    ];
    // One request that takes the next kind in turn across all connections (each connection has
    // one request in flight, so its context names the kind its answer belongs to): every kind
    // is sent as often, however slow the others are.
    let turn = 0;
    const sentOf = new Map<Kind, number>();
    const requests: Step[] = [
      {
        setupRequest: (_req, ctx) => {
          const [kind, make, created] = kinds[turn++ % kinds.length] as (typeof kinds)[number];
          ctx.kind = kind;
          ctx.created = created;
          sentOf.set(kind, (sentOf.get(kind) ?? 0) + 1);
          return make();
        },
        onResponse: (status, body, ctx) => {
          const kind = ctx.kind as Kind;
          let label = String(status);
          if (status >= 300) {
            try {
              label += ` ${(JSON.parse(body) as { error?: { code?: string } }).error?.code ?? ''}`;
            } catch {
              label += ' (not JSON)';
            }
          } else if (status === 201 && ctx.created) acknowledged[ctx.created as keyof typeof acknowledged].push((JSON.parse(body) as { id: string }).id);
          const m = statuses.get(kind) ?? new Map<string, number>();
          m.set(label, (m.get(label) ?? 0) + 1);
          statuses.set(kind, m);
        },
      },
    ];

    const latencies: number[] = [];
    const started = performance.now();
    const result = await new Promise<Result>((resolve, reject) => {
      const instance = autocannon({ url: server.url, connections: CONNECTIONS, duration: SECONDS, requests, timeout: 60 }, (err, r) => (err ? reject(err) : resolve(r)));
      instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
    });
    const seconds = (performance.now() - started) / 1000;

    // Let the requests still running when the load stopped finish, then read the rows.
    expect(await server.stop(), server.output()).toBe(0);
    const database = await program.open();
    let stored: Record<keyof typeof acknowledged, Set<string>>;
    try {
      const ids = async (table: string) => new Set(rowsOf<{ id: string }>(await database.db.execute(sql.raw(`select id from ${table}`))).map((r) => r.id));
      stored = { contacts: await ids('contacts'), referrals: await ids('referrals'), distributions: await ids('naloxone_distributions') };
    } finally {
      await database.close();
    }

    latencies.sort((a, b) => a - b);
    const table = kinds.map(([kind]) => {
      const m = statuses.get(kind) ?? new Map<string, number>();
      const answered = [...m.values()].reduce((a, b) => a + b, 0);
      // A request still waiting when the load stopped, or one autocannon gave up on, has no answer.
      const unanswered = (sentOf.get(kind) ?? 0) - answered;
      return `  ${kind.padEnd(20)} ${[...m].map(([s, c]) => `${s} ×${String(c)}`).join(', ')}${unanswered > 0 ? `, no answer ×${String(unanswered)}` : ''}`;
    });
    console.log(
      `load test on ${program.kind}: ${String(CONNECTIONS)} connections, ${seconds.toFixed(0)} s: ${String(latencies.length)} answers, ` +
        `${(latencies.length / seconds).toFixed(0)} req/s, p50 ${String(quantile(latencies, 0.5))} ms, p99 ${String(quantile(latencies, 0.99))} ms, ` +
        `max ${String(latencies.at(-1))} ms; ${String(acknowledged.contacts.length + acknowledged.referrals.length + acknowledged.distributions.length)} writes acknowledged\n${table.join('\n')}`,
    );

    expect({ errors: result.errors, timeouts: result.timeouts }, server.output()).toEqual({ errors: 0, timeouts: 0 });
    const wrong: string[] = [];
    for (const [kind, m] of statuses) {
      for (const [label, count] of m) {
        if (!label.startsWith('2') && !expected[kind]?.includes(label)) wrong.push(`${kind}: ${label} ×${String(count)}`);
      }
    }
    expect(wrong, server.output()).toEqual([]);
    for (const k of ['contacts', 'referrals', 'distributions'] as const) {
      expect(acknowledged[k].length, k).toBeGreaterThan(0);
      expect(acknowledged[k].filter((id) => !stored[k].has(id)), `${k} acknowledged but not stored`).toEqual([]);
    }
  }, 240_000);
});
