/**
 * The server dies mid-load and nothing it acknowledged is lost. Twenty clients —
 * Ana and Cai (coach and case manager at Cook), Sam (Cook's site manager) and Ben
 * (coach at Lake) — log contacts, hand out naloxone and make referrals against a
 * real `tandem serve`, every request with an Idempotency-Key. Mid-load the process
 * is killed with SIGKILL (no shutdown, no flush) and started again on the same data.
 * Then:
 *  - every request answered 2xx is stored exactly once, and its retry replays the answer;
 *  - every request left without an answer, retried with its key, is stored exactly
 *    once (a second retry changes nothing);
 *  - naloxone stock reconciles lot by lot: on hand = the sum of the lot's movements =
 *    received − the kits of the stored distributions, never negative.
 * On PGlite in a temporary data folder, or on PostgreSQL with TEST_DATABASE_URL.
 * KILL_SEED replays a run (the seed is printed).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/server/db/database.ts';
import { killServers, prepareProgram, startServer, type Program, type Server } from './support/program.ts';

const CLIENTS = 20;
const SEED = Number(process.env.KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));

type Kind = 'contact' | 'distribution' | 'referral';
type Persona = 'ana' | 'cai' | 'sam' | 'ben';
interface Answer {
  status: number;
  body: string;
  replayed: boolean;
}
interface Sent {
  key: string;
  kind: Kind;
  persona: Persona;
  path: string;
  body: Record<string, unknown>;
  kits: number;
  /** The answer before the kill; null when none came. */
  first: Answer | null;
  retry: Answer | null;
  again: Answer | null;
}

/** mulberry32: seeded, so a failing run can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const codeOf = (a: Answer | null) => {
  try {
    return a ? (JSON.parse(a.body) as { error?: { code?: string } }).error?.code ?? null : null;
  } catch {
    return null;
  }
};
const idOf = (a: Answer | null) => (a ? (JSON.parse(a.body) as { id: string }).id : null);
const is2xx = (a: Answer | null) => a !== null && a.status >= 200 && a.status < 300;

let program: Program;
let server: Server | null = null;

beforeAll(async () => {
  program = await prepareProgram({ cook: 12, lake: 6, lots: [50, 150] });
});

afterAll(async () => {
  await killServers();
  await program.drop();
});

async function send(url: string, token: string, s: Sent): Promise<Answer> {
  const res = await fetch(`${url}${s.path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': s.key },
    body: JSON.stringify(s.body),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: res.status, body: await res.text(), replayed: res.headers.get('idempotent-replayed') === 'true' };
}

describe(`a server killed with SIGKILL mid-load (seed ${String(SEED)})`, () => {
  it('loses nothing it acknowledged; retries with the same key write exactly once; stock reconciles', async () => {
    const next = random(SEED);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    const sent: Sent[] = [];
    let n = 0;

    /** One write as the persona would send it, with its key written into its note (to find it afterwards). */
    const request = (persona: Persona, client: number): Sent => {
      const key = `kill-${String(SEED)}-${String(client)}-${String(n++)}`;
      const cook = program.participants.cook;
      const roll = next();
      const base = { key, persona, first: null, retry: null, again: null, kits: 0 };
      const kind: Kind = persona === 'sam' ? 'distribution' : persona === 'ben' ? (roll < 0.6 ? 'contact' : 'referral') : roll < 0.45 ? 'contact' : roll < 0.75 ? 'distribution' : 'referral';
      const participant = persona === 'ben' ? pick(program.participants.lake) : pick(cook);
      if (kind === 'contact') {
        const occurredAt = new Date(Date.now() - Math.floor(next() * 120) * 60_000).toISOString();
        const reached = next() < 0.7;
        return {
          ...base,
          kind,
          path: `/api/participants/${participant.id}/contacts`,
          body: reached
            ? { occurredAt, durationMinutes: 30, mode: 'in_custody', locationType: 'jail', reached, services: ['recovery_coaching'], note: key }
            : { occurredAt, mode: 'phone', locationType: 'phone_or_virtual', reached, attemptOutcome: 'no_answer', note: key },
        };
      }
      if (kind === 'referral') {
        return { ...base, kind, path: `/api/participants/${participant.id}/referrals`, body: { need: 'moud_treatment', resourceId: program.resourceId, urgency: 'routine', notes: key } };
      }
      const common = { siteId: program.sites.cook, product: 'nasal_4mg', distributedOn: program.today, note: key };
      if (persona === 'sam') {
        const kits = 1 + Math.floor(next() * 3);
        const body = { ...common, recipientType: 'community', communityRecipient: 'community_member', peopleCount: kits, zip: '60608', kits, trainingGiven: false, location: 'Outreach van' };
        return { ...base, kind, kits, path: '/api/naloxone/distributions', body };
      }
      const kits = 1 + Math.floor(next() * 2);
      const body =
        next() < 0.5
          ? { ...common, recipientType: 'participant', participantId: participant.id, kits, trainingGiven: true }
          : { ...common, recipientType: 'support_person', participantId: participant.id, relationship: 'family_member', recipientName: 'his mother', kits, trainingGiven: true };
      return { ...base, kind, kits, path: '/api/naloxone/distributions', body };
    };

    // --- Load, and the kill. ---
    server = await startServer(program);
    const first = server;
    const killAt = 80 + Math.floor(next() * 120);
    let acknowledged = 0;
    let killed: Promise<void> | undefined;
    const killOnce = () => {
      killed ??= first.kill();
    };
    const unexpected: string[] = [];
    const personas: Persona[] = ['ana', 'cai', 'sam', 'ben'];
    const safety = setTimeout(killOnce, 60_000);
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        const persona = personas[client % personas.length] ?? 'ana';
        for (;;) {
          const s = request(persona, client);
          sent.push(s);
          try {
            s.first = await send(first.url, program.tokens[persona], s);
          } catch {
            return; // the server is gone: this request, and this client, are left without an answer
          }
          if (is2xx(s.first)) {
            if (++acknowledged >= killAt) killOnce();
          } else if (!(s.kind === 'distribution' && s.first.status === 409 && codeOf(s.first) === 'insufficient_stock')) {
            unexpected.push(`${s.kind} ${String(s.first.status)} ${s.first.body.slice(0, 200)}`);
          }
        }
      }),
    );
    clearTimeout(safety);
    await killed;
    expect(unexpected, first.output()).toEqual([]);
    const unanswered = sent.filter((s) => s.first === null);
    expect(acknowledged).toBeGreaterThanOrEqual(killAt);
    expect(unanswered.length).toBeGreaterThan(0);

    // --- Started again on the same data: every request retried with its key, then once more. ---
    server = await startServer(program);
    const second = server;
    const retryAll = async (field: 'retry' | 'again') => {
      let i = 0;
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          for (let s = sent[i++]; s; s = sent[i++]) s[field] = await send(second.url, program.tokens[s.persona], s);
        }),
      );
    };
    await retryAll('retry');
    await retryAll('again');

    const present = (s: Sent) => is2xx(s.first) || is2xx(s.retry);
    const problems: string[] = [];
    for (const s of sent) {
      const where = `${s.key} (${s.kind}, first ${String(s.first?.status ?? 'no answer')}, retry ${String(s.retry?.status)} ${codeOf(s.retry) ?? ''})`;
      if (!s.retry || !s.again) {
        problems.push(`${where}: not retried`);
        continue;
      }
      if (s.retry.status >= 500 || s.again.status >= 500) problems.push(`${where}: a 5xx on retry`);
      if (is2xx(s.first)) {
        // Acknowledged: the retry replays the same answer.
        if (!(s.retry.replayed && s.retry.status === s.first?.status && s.retry.body === s.first.body)) problems.push(`${where}: the retry did not replay the answer`);
      } else if (s.first) {
        // Refused for want of stock: nothing was written, and stock never grows here.
        if (codeOf(s.retry) !== 'insufficient_stock') problems.push(`${where}: refused for stock, then ${s.retry.body.slice(0, 120)}`);
      } else if (!(is2xx(s.retry) || (s.kind === 'distribution' && codeOf(s.retry) === 'insufficient_stock'))) {
        // A change committed before the kill was stored with its answer: the retry replays it, never 409 idempotency_key_in_use.
        problems.push(`${where}: unanswered, then ${s.retry.body.slice(0, 120)}`);
      }
      // The second retry changes nothing: the same stored answer, or the same refusal.
      if (is2xx(s.retry)) {
        if (!(s.again.replayed && s.again.body === s.retry.body)) problems.push(`${where}: the second retry was not a replay`);
      } else if (s.again.status !== s.retry.status || codeOf(s.again) !== codeOf(s.retry)) {
        problems.push(`${where}: the second retry answered ${String(s.again.status)} ${codeOf(s.again) ?? ''}`);
      }
    }
    expect(problems, second.output()).toEqual([]);

    // Stock as the site manager sees it.
    const stockRes = await fetch(`${second.url}/api/sites/${program.sites.cook}/naloxone/stock`, { headers: { authorization: `Bearer ${program.tokens.sam}` } });
    expect(stockRes.status).toBe(200);
    const stock = (await stockRes.json()) as { lots: { lotId: string; onHand: number; received: number; distributed: number; transferredIn: number; transferredOut: number; expiredDestroyed: number; lost: number; adjustments: number }[] };
    const distributedKits = sent.filter((s) => s.kind === 'distribution' && present(s)).reduce((sum, s) => sum + s.kits, 0);
    for (const lot of program.lots) {
      const l = stock.lots.find((x) => x.lotId === lot.id);
      expect(l, lot.lotNumber).toMatchObject({ received: lot.received, transferredIn: 0, transferredOut: 0, expiredDestroyed: 0, lost: 0, adjustments: 0 });
      expect(l?.onHand).toBe((l?.received ?? 0) - (l?.distributed ?? 0));
      expect(l?.onHand).toBeGreaterThanOrEqual(0);
    }
    expect(stock.lots.reduce((sum, l) => sum + l.distributed, 0)).toBe(distributedKits);

    // A clean stop after the recovery, then the rows themselves.
    expect(await second.stop()).toBe(0);
    server = null;
    const database = await program.open();
    try {
      const { db } = database;
      const stored = new Map<string, string[]>();
      const add = (rows: { key: string; id: string }[]) => {
        for (const r of rows) stored.set(r.key, [...(stored.get(r.key) ?? []), r.id]);
      };
      add(rowsOf(await db.execute(sql`select note as key, id from contacts where note like 'kill-%'`)));
      add(rowsOf(await db.execute(sql`select notes as key, id from referrals where notes like 'kill-%'`)));
      add(rowsOf(await db.execute(sql`select note as key, id from naloxone_distributions where note like 'kill-%'`)));
      const wrong: string[] = [];
      for (const s of sent) {
        const ids = stored.get(s.key) ?? [];
        const want = present(s) ? 1 : 0;
        if (ids.length !== want) wrong.push(`${s.key} (${s.kind}, first ${String(s.first?.status ?? 'no answer')}, retry ${String(s.retry?.status)}): ${String(ids.length)} rows, expected ${String(want)}`);
        const answered = is2xx(s.first) ? s.first : is2xx(s.retry) ? s.retry : null;
        if (answered && ids.length === 1 && ids[0] !== idOf(answered)) wrong.push(`${s.key}: stored ${String(ids[0])}, answered ${String(idOf(answered))}`);
      }
      const keys = new Set(sent.map((s) => s.key));
      for (const key of stored.keys()) if (!keys.has(key)) wrong.push(`${key}: stored but never sent`);
      expect(wrong).toEqual([]);

      // Each lot: the sum of its movements is what the stock page showed, never negative;
      // each distribution took exactly its kits.
      const sums = rowsOf<{ lot_id: string; kits: number }>(await db.execute(sql`select lot_id, sum(kits)::int as kits from naloxone_movements group by lot_id`));
      for (const lot of stock.lots) expect(sums.find((r) => r.lot_id === lot.lotId)?.kits).toBe(lot.onHand);
      const unbalanced = rowsOf<{ id: string }>(
        await db.execute(sql`select d.id from naloxone_distributions d left join naloxone_movements m on m.distribution_id = d.id and m.kind = 'distributed'
          group by d.id, d.kits having coalesce(sum(m.kits), 0) <> -d.kits`),
      );
      expect(unbalanced).toEqual([]);
    } finally {
      await database.close();
    }

    const replays = sent.filter((s) => s.first === null && s.retry?.replayed).length;
    const inUse = sent.filter((s) => codeOf(s.retry) === 'idempotency_key_in_use').length;
    console.log(
      `kill test on ${program.kind} (seed ${String(SEED)}): ${String(sent.length)} writes sent, ${String(acknowledged)} acknowledged before the kill, ` +
        `${String(unanswered.length)} left without an answer — on retry ${String(replays)} replayed a stored answer, ${String(inUse)} were committed without one (409 idempotency_key_in_use), ` +
        `${String(unanswered.filter((s) => is2xx(s.retry) && !s.retry?.replayed).length)} ran for the first time; ${String(distributedKits)} kits handed out`,
    );
  }, 180_000);
});
