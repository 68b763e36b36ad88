/**
 * The audit trail: every read and change of participant data is recorded in the
 * same transaction (actor, action, time, client address), without copying the
 * protected data itself, and the trail cannot be altered afterwards.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/server/audit/audit.service.ts';
import { auditEvents } from '../../src/server/audit/audit.table.ts';
import { rowsOf } from '../../src/server/db/database.ts';
import { systemActor } from '../../src/server/http/actor.ts';
import {
  castOfStaff,
  defined,
  errorCode,
  fieldPaths,
  participantInput,
  startHarness,
  withToken,
  type Browser,
  type Cast,
  type Harness,
} from '../support/harness.ts';

interface AuditItem {
  id: string;
  at: string;
  actor: { id: string; name: string; role: string } | null;
  via: string;
  action: string;
  recordId: string | null;
  clientAddress: string | null;
  details: Record<string, unknown> | null;
}

let h: Harness;
let cast: Cast;
let pat: Browser;
let ana: Browser;
let cai: Browser;
let samuel: { id: string; version: number };

const exec = (query: ReturnType<typeof sql>) => h.testDb.database.db.execute(query);
async function countRows(where: ReturnType<typeof sql>): Promise<number> {
  return defined(rowsOf<{ n: number }>(await exec(sql`SELECT count(*)::int AS n FROM audit_events WHERE ${where}`))[0]).n;
}
/** The database's own message when a statement fails (drizzle wraps it as the cause), or '' when it succeeds. */
async function refusal(query: ReturnType<typeof sql>): Promise<string> {
  try {
    await exec(query);
    return '';
  } catch (err) {
    const e = err as Error & { cause?: Error };
    return e.cause?.message ?? e.message;
  }
}
async function trailOf(participantId: string): Promise<AuditItem[]> {
  const res = await pat.get(`/api/audit?participantId=${participantId}&limit=500`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: AuditItem[] }>().items;
}

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  [pat, ana, cai] = [await cast.as('pat'), await cast.as('ana'), await cast.as('cai')];
  ana.remoteAddress = '10.20.30.40'; // Ana works from the jail's network
  const res = await ana.post('/api/participants', participantInput(cast.sites.cook, { phone: '(312) 555-0142', preferredName: 'Sonny' }));
  samuel = res.json();
});
afterAll(async () => h.close());

describe('every touch of Samuel’s record leaves a trace', () => {
  it('records who read, listed, searched, checked, changed and moved him, when and from where', async () => {
    expect((await ana.get(`/api/participants/${samuel.id}`)).statusCode).toBe(200);
    expect((await ana.get('/api/participants')).statusCode).toBe(200);
    expect((await ana.get('/api/participants?q=Samuel')).statusCode).toBe(200);
    expect((await ana.get('/api/participants/duplicates?firstName=Samuel&lastName=Jonson&dateOfBirth=1988-03-07')).statusCode).toBe(200);
    h.clock.advance(60_000);
    const edited = await cai.patch(`/api/participants/${samuel.id}`, { version: 1, phone: '773-555-9999', lastName: 'Johnston' });
    expect(edited.statusCode).toBe(200);
    expect((await pat.patch(`/api/participants/${samuel.id}`, { version: 2, siteId: cast.sites.lake })).statusCode).toBe(200);
    const script = withToken(h.app, await cast.tokenFor('pat'));
    expect((await script.get(`/api/participants/${samuel.id}`)).statusCode).toBe(200);

    const trail = await trailOf(samuel.id);
    const actions = trail.map((e) => `${e.actor?.name ?? 'system'}: ${e.action} via ${e.via} from ${e.clientAddress}`).reverse();
    expect(actions).toEqual([
      'Ana Reyes: participant.create via session from 10.20.30.40',
      'Ana Reyes: participant.read via session from 10.20.30.40',
      'Ana Reyes: participant.list via session from 10.20.30.40',
      'Ana Reyes: participant.search via session from 10.20.30.40',
      'Ana Reyes: participant.duplicate_check via session from 10.20.30.40',
      'Cai Morgan: participant.update via session from 127.0.0.1',
      'Pat Okafor: participant.transfer via session from 127.0.0.1',
      'Pat Okafor: participant.read via token from 127.0.0.1',
    ]);
    const [create] = trail.slice(-1);
    expect(create).toMatchObject({ recordId: samuel.id, at: '2026-03-02T15:00:00.000Z', actor: { id: cast.people.ana.id, role: 'coach' } });
    const update = defined(trail.find((e) => e.action === 'participant.update'));
    expect(update.at).toBe('2026-03-02T15:01:00.000Z');
    expect((update.details?.changed as string[]).sort()).toEqual(['lastName', 'phone']);
    expect(trail.find((e) => e.action === 'participant.transfer')?.details).toMatchObject({ fromSiteId: cast.sites.cook, toSiteId: cast.sites.lake });
  });

  it('writes one row per person a list returns, and none for people it does not', async () => {
    const p1 = (await ana.post('/api/participants', participantInput(cast.sites.cook, { firstName: 'Listed', lastName: 'One' }))).json<{ id: string }>().id;
    const p2 = (await ana.post('/api/participants', participantInput(cast.sites.cook, { firstName: 'Listed', lastName: 'Two' }))).json<{ id: string }>().id;
    const notReturned = (await ana.post('/api/participants', participantInput(cast.sites.cook, { firstName: 'Zed', lastName: 'Unlisted', dateOfBirth: '1960-01-01' }))).json<{ id: string }>().id;
    const search = await cai.get('/api/participants?q=Listed%20One');
    const found = search.json<{ items: { id: string }[] }>().items.map((p) => p.id);
    expect(found).toContain(p1);
    const searchRows = await countRows(sql`action = 'participant.search' AND actor_user_id = ${cast.people.cai.id}`);
    expect(searchRows).toBe(found.length);
    expect(await countRows(sql`action = 'participant.search' AND participant_id = ${notReturned}`)).toBe(0);
    expect(found.includes(p2)).toBe((await countRows(sql`action = 'participant.search' AND participant_id = ${p2}`)) === 1);
  });

  it('reading the trail is itself recorded', async () => {
    const before = await countRows(sql`action = 'audit.read' AND participant_id = ${samuel.id}`);
    await trailOf(samuel.id);
    expect(await countRows(sql`action = 'audit.read' AND participant_id = ${samuel.id}`)).toBe(before + 1);
  });
});

describe('who may read the trail', () => {
  it('only Pat, the program administrator; everyone else gets 403', async () => {
    for (const who of ['ana', 'cai', 'ben', 'sam', 'sue', 'eve'] as const) {
      const res = await (await cast.as(who)).get(`/api/audit?participantId=${samuel.id}`);
      expect(res.statusCode, who).toBe(403);
      expect(errorCode(res)).toBe('forbidden');
      expect(res.body).not.toContain('participant.');
    }
  });

  it('names a bad participant id or cursor', async () => {
    expect(fieldPaths(await pat.get('/api/audit'))).toEqual(['querystring.participantId']);
    expect(fieldPaths(await pat.get('/api/audit?participantId=samuel'))).toEqual(['querystring.participantId']);
    expect(fieldPaths(await pat.get(`/api/audit?participantId=${samuel.id}&cursor=abc`))).toEqual(['cursor']);
    // Digits, but past the largest id the database can hold.
    expect(fieldPaths(await pat.get(`/api/audit?participantId=${samuel.id}&cursor=9999999999999999999`))).toEqual(['cursor']);
  });

  it('pages newest first, every event exactly once', async () => {
    const all = (await trailOf(samuel.id)).map((e) => e.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await pat.get(`/api/audit?participantId=${samuel.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      const page = res.json<{ items: AuditItem[]; nextCursor: string | null }>();
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    // The trail grew by the audit.read rows our own reads wrote; the older part must match exactly.
    expect(seen.slice(-all.length)).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    const numeric = seen.map(BigInt);
    expect(numeric.every((id, i) => i === 0 || defined(numeric[i - 1]) > id)).toBe(true);
  });
});

describe('the trail holds no protected data', () => {
  it('has no name, date of birth or phone number anywhere in it', async () => {
    const rows = rowsOf<Record<string, unknown>>(await exec(sql`SELECT * FROM audit_events`));
    expect(rows.length).toBeGreaterThan(10);
    const text = JSON.stringify(rows).toLowerCase();
    for (const secret of ['samuel', 'johnson', 'johnston', 'sonny', '1988-03-07', '555-0142', '5550142', '555-9999', 'listed', 'unlisted']) {
      expect(text, secret).not.toContain(secret);
    }
  });
});

describe('the trail cannot be silently altered', () => {
  it('rejects UPDATE, DELETE and TRUNCATE on audit_events, even in raw SQL', async () => {
    const before = await countRows(sql`true`);
    expect(await refusal(sql`UPDATE audit_events SET action = 'participant.nothing' WHERE participant_id = ${samuel.id}`)).toMatch(/append-only \(UPDATE refused\)/);
    expect(await refusal(sql`DELETE FROM audit_events WHERE participant_id = ${samuel.id}`)).toMatch(/append-only \(DELETE refused\)/);
    expect(await refusal(sql`TRUNCATE audit_events`)).toMatch(/append-only \(TRUNCATE refused\)/);
    expect(await countRows(sql`true`)).toBe(before);
    expect(await countRows(sql`action = 'participant.nothing'`)).toBe(0);
  });
});

describe('a failed request leaves no record claiming success', () => {
  it('a stale edit (409), a bad edit (400) and someone else’s record (404) write no row', async () => {
    const updatesBefore = await countRows(sql`participant_id = ${samuel.id} AND action IN ('participant.update', 'participant.transfer')`);
    const current = (await pat.get(`/api/participants/${samuel.id}`)).json<{ version: number }>();
    expect((await pat.patch(`/api/participants/${samuel.id}`, { version: current.version - 1, phone: '312-555-0000' })).statusCode).toBe(409);
    expect((await pat.patch(`/api/participants/${samuel.id}`, { version: current.version, dateOfBirth: '2099-01-01' })).statusCode).toBe(400);
    expect(await countRows(sql`participant_id = ${samuel.id} AND action IN ('participant.update', 'participant.transfer')`)).toBe(updatesBefore);

    // Samuel is at Lake now: Ana's attempts find nothing and record no read.
    expect((await ana.get(`/api/participants/${samuel.id}`)).statusCode).toBe(404);
    expect((await ana.patch(`/api/participants/${samuel.id}`, { version: current.version, phone: '1234567' })).statusCode).toBe(404);
    const anaRecent = await countRows(sql`participant_id = ${samuel.id} AND actor_user_id = ${cast.people.ana.id} AND action IN ('participant.read', 'participant.update')`);
    expect(anaRecent).toBe(1); // her one read, back when Samuel was at Cook

    const createsBefore = await countRows(sql`action = 'participant.create'`);
    expect((await ana.post('/api/participants', participantInput(cast.sites.cook, { dateOfBirth: '1988-02-30' }))).statusCode).toBe(400);
    expect(await countRows(sql`action = 'participant.create'`)).toBe(createsBefore);
  });

  it('when the audit row cannot be written, the change and the read do not happen either', async () => {
    const victim = (await ana.post('/api/participants', participantInput(cast.sites.cook, { firstName: 'Audited', lastName: 'Always', phone: '312-555-4444' }))).json<{ id: string }>();
    // Make the audit insert fail for updates and reads, as a full disk or a lost connection would.
    await exec(sql.raw(`CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.action IN ('participant.update', 'participant.read') THEN RAISE EXCEPTION 'audit unavailable'; END IF;
        RETURN NEW;
      END $$`));
    await exec(sql.raw('CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()'));
    try {
      const edit = await ana.patch(`/api/participants/${victim.id}`, { version: 1, phone: '312-555-5555' });
      expect(edit.statusCode).toBe(500);
      expect(errorCode(edit)).toBe('internal_error');
      const read = await ana.get(`/api/participants/${victim.id}`);
      expect(read.statusCode).toBe(500);
      expect(read.body).not.toContain('Audited');
      expect(read.body).not.toContain('audit unavailable');
    } finally {
      await exec(sql.raw('DROP TRIGGER test_refuse_audit ON audit_events'));
      await exec(sql.raw('DROP FUNCTION test_refuse_audit()'));
    }
    const after = (await ana.get(`/api/participants/${victim.id}`)).json<{ phone: string; version: number }>();
    expect(after).toMatchObject({ phone: '312-555-4444', version: 1 });
  });
});

describe('a large read', () => {
  it('records every row even past what one INSERT can carry (65,535 parameters)', async () => {
    const { db } = h.testDb.database;
    const entries = Array.from({ length: 7001 }, () => ({ action: 'bench.read', recordType: 'participant' }));
    await db.transaction((tx) => recordAudit(tx, systemActor, h.clock.now(), entries));
    expect(await db.$count(auditEvents, eq(auditEvents.action, 'bench.read'))).toBe(7001);
  });
});
