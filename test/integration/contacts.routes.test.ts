/**
 * Contacts: Ana, a coach at Cook County Jail, logs her visits and outreach attempts
 * with Samuel, corrects a note by an addendum, and who else may see or do what.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/http/actor.ts';
import { contactsPerMonth, lastSuccessfulContactAt } from '../../src/server/contacts/contacts.service.ts';
import {
  castOfStaff,
  errorCode,
  fieldPaths,
  newStaff,
  participantInput,
  startHarness,
  withToken,
  type Browser,
  type Cast,
  type Harness,
} from '../support/harness.ts';

interface Person {
  id: string;
  name: string;
}
interface Contact {
  id: string;
  participantId: string;
  occurredAt: string;
  durationMinutes: number | null;
  mode: string;
  locationType: string;
  reached: boolean;
  attemptOutcome: string | null;
  services: string[];
  staff: Person[];
  createdBy: Person | null;
  note: string | null;
  noteExcerpt?: string | null;
  addendumCount?: number;
  addenda: { id: string; text: string; reason: string; createdAt: string; createdBy: Person | null }[];
}

let h: Harness;
let cast: Cast;
let as: Record<'pat' | 'ana' | 'cai' | 'ben' | 'sam' | 'sue' | 'eve', Browser>;

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  as = {
    pat: await cast.as('pat'),
    ana: await cast.as('ana'),
    cai: await cast.as('cai'),
    ben: await cast.as('ben'),
    sam: await cast.as('sam'),
    sue: await cast.as('sue'),
    eve: await cast.as('eve'),
  };
});
afterAll(async () => h.close());

const MISSING = '5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11';
// The harness clock stands at 2026-03-02T15:00:00Z (9 a.m. in Chicago).
const visit = (overrides: Record<string, unknown> = {}) => ({
  occurredAt: '2026-03-02T14:30:00Z',
  durationMinutes: 45,
  mode: 'in_custody',
  locationType: 'jail',
  reached: true,
  services: ['recovery_coaching', 'naloxone_training'],
  note: 'Met in Division 10. Talked about release plans and MOUD.',
  ...overrides,
});
const attempt = (overrides: Record<string, unknown> = {}) => ({
  occurredAt: '2026-03-01T20:00:00Z',
  mode: 'phone',
  locationType: 'phone_or_virtual',
  reached: false,
  attemptOutcome: 'no_answer',
  ...overrides,
});

async function enroll(siteId = cast.sites.cook, by: Browser = as.ana, overrides: Parameters<typeof participantInput>[1] = {}): Promise<string> {
  const res = await by.post('/api/participants', participantInput(siteId, overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

async function log(participantId: string, body: Record<string, unknown>, by: Browser = as.ana): Promise<Contact> {
  const res = await by.post(`/api/participants/${participantId}/contacts`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Contact>();
}

async function auditActions(participantId: string): Promise<string[]> {
  const res = await as.pat.get(`/api/audit?participantId=${participantId}&limit=500`);
  return res.json<{ items: { action: string }[] }>().items.map((e) => e.action);
}

describe('Ana logs her work with Samuel', () => {
  it('logs an in-custody visit: she is the team by default, and it reads back whole', async () => {
    const pid = await enroll();
    const c = await log(pid, visit());
    expect(c).toMatchObject({
      participantId: pid,
      occurredAt: '2026-03-02T14:30:00.000Z',
      durationMinutes: 45,
      mode: 'in_custody',
      locationType: 'jail',
      reached: true,
      attemptOutcome: null,
      services: ['recovery_coaching', 'naloxone_training'],
      staff: [{ id: cast.people.ana.id, name: 'Ana Reyes' }],
      createdBy: { id: cast.people.ana.id, name: 'Ana Reyes' },
      note: 'Met in Division 10. Talked about release plans and MOUD.',
      addenda: [],
    });
    expect((await as.cai.get(`/api/participants/${pid}/contacts/${c.id}`)).json()).toEqual(c);
    const actions = await auditActions(pid);
    expect(actions).toContain('contact.create');
    expect(actions).toContain('contact.read');
  });

  it('logs an unsuccessful phone attempt with Cai as the team, and lists everything newest first with paging', async () => {
    const pid = await enroll();
    const older = await log(pid, attempt({ staffIds: [cast.people.ana.id, cast.people.cai.id] }));
    expect(older).toMatchObject({ reached: false, attemptOutcome: 'no_answer', durationMinutes: null, services: [], note: null });
    expect(older.staff.map((s) => s.name)).toEqual(['Ana Reyes', 'Cai Morgan']);
    const newest = await log(pid, visit({ note: 'x'.repeat(400) }));
    const middle = await log(pid, visit({ occurredAt: '2026-03-02T02:00:00Z', mode: 'phone', locationType: 'phone_or_virtual', services: [], note: null }));

    const first = await as.ana.get(`/api/participants/${pid}/contacts?limit=2`);
    expect(first.statusCode).toBe(200);
    const page1 = first.json<{ items: Contact[]; nextCursor: string | null }>();
    expect(page1.items.map((c) => c.id)).toEqual([newest.id, middle.id]);
    expect(page1.items[0]?.noteExcerpt?.length).toBeLessThanOrEqual(160);
    expect(page1.items[0]).not.toHaveProperty('note');
    expect(page1.nextCursor).toBe(middle.id);
    const page2 = (await as.ana.get(`/api/participants/${pid}/contacts?limit=2&cursor=${page1.nextCursor ?? ''}`)).json<{ items: Contact[]; nextCursor: string | null }>();
    expect(page2.items.map((c) => c.id)).toEqual([older.id]);
    expect(page2.nextCursor).toBeNull();
    expect((await auditActions(pid)).filter((a) => a === 'contact.list')).toHaveLength(3);
  });

  it('a cursor from another participant finds nothing beyond it, and a non-id cursor is a 400', async () => {
    const pid = await enroll();
    const other = await enroll();
    const theirs = await log(other, visit());
    await log(pid, visit());
    const res = await as.ana.get(`/api/participants/${pid}/contacts?cursor=${theirs.id}`);
    expect(res.json<{ items: unknown[] }>().items).toEqual([]);
    const bad = await as.ana.get(`/api/participants/${pid}/contacts?cursor=yesterday`);
    expect(bad.statusCode).toBe(400);
    expect(fieldPaths(bad)).toEqual(['querystring.cursor']);
  });

  it('offers the Cook team (not Lake’s, not the evaluator) as people who took part', async () => {
    const pid = await enroll();
    const res = await as.ana.get(`/api/participants/${pid}/contacts/team`);
    expect(res.statusCode).toBe(200);
    const names = res.json<{ items: { name: string }[] }>().items.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['Ana Reyes', 'Cai Morgan', 'Sam Patel', 'Sue Kim']));
    expect(names).not.toContain('Ben Walsh');
    expect(names).not.toContain('Eve Laurent');
    // Pat, at the hub, sees every site: she is offered as herself.
    expect((await as.pat.get(`/api/participants/${pid}/contacts/team`)).json<{ items: { name: string }[] }>().items.map((m) => m.name)).toContain('Pat Okafor');
  });
});

describe('bad input names the field and saves nothing', () => {
  it('refuses each mistake on its own', async () => {
    const pid = await enroll();
    const cases: [Record<string, unknown>, string[]][] = [
      [visit({ occurredAt: new Date(h.clock.now().getTime() + 600_000).toISOString() }), ['occurredAt']], // ten minutes from now
      [visit({ occurredAt: '1999-12-31T12:00:00Z' }), ['occurredAt']],
      [visit({ occurredAt: 'yesterday' }), ['occurredAt']],
      [visit({ durationMinutes: 721 }), ['durationMinutes']],
      [visit({ durationMinutes: -1 }), ['durationMinutes']],
      [visit({ durationMinutes: 12.5 }), ['durationMinutes']],
      [visit({ durationMinutes: null }), ['durationMinutes']], // reached: how long?
      [visit({ mode: 'carrier_pigeon' }), ['mode']],
      [visit({ locationType: 'moon' }), ['locationType']],
      [visit({ locationType: 'clinic' }), ['locationType']], // in custody, but not at a jail or prison
      [visit({ mode: 'phone', locationType: 'jail' }), ['locationType']],
      [visit({ mode: 'in_person', locationType: 'phone_or_virtual' }), ['locationType']],
      [visit({ services: ['massage'] }), ['services.0']],
      [visit({ services: ['housing_help', 'housing_help'] }), ['services']],
      [visit({ attemptOutcome: 'no_answer' }), ['attemptOutcome']],
      [visit({ note: 'n'.repeat(10_001) }), ['note']],
      [visit({ reached: undefined }), ['reached']],
      [visit({ staffIds: [] }), ['staffIds']],
      [visit({ staffIds: ['ana'] }), ['staffIds.0']],
      [attempt({ attemptOutcome: undefined }), ['attemptOutcome']],
      [attempt({ attemptOutcome: 'asleep' }), ['attemptOutcome']],
      [attempt({ services: ['case_management'] }), ['services']],
    ];
    for (const [body, paths] of cases) {
      const res = await as.ana.post(`/api/participants/${pid}/contacts`, body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 200)).toBe(400);
      expect(errorCode(res)).toBe('validation_failed');
      expect(fieldPaths(res), JSON.stringify(body).slice(0, 200)).toEqual(paths);
    }
    expect((await as.ana.get(`/api/participants/${pid}/contacts`)).json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('accepts a contact logged a few minutes “in the future” by a phone whose clock runs fast', async () => {
    const pid = await enroll();
    await log(pid, visit({ occurredAt: new Date(h.clock.now().getTime() + 240_000).toISOString() }));
  });

  it('names staffIds when Ana puts Ben (Lake) or the evaluator on the team, or someone who left', async () => {
    const pid = await enroll();
    const gone = await newStaff(h, { key: 'gone', name: 'Gone Coach', role: 'coach', siteIds: [cast.sites.cook] });
    const off = await as.pat.patch(`/api/users/${gone.id}`, { active: false, version: 1 });
    expect(off.statusCode, off.body).toBe(200);
    for (const staffIds of [[cast.people.ana.id, cast.people.ben.id], [cast.people.eve.id], [MISSING], [gone.id]]) {
      const res = await as.ana.post(`/api/participants/${pid}/contacts`, visit({ staffIds }));
      expect(res.statusCode).toBe(400);
      expect(fieldPaths(res)).toEqual(['staffIds']);
    }
    expect((await as.ana.get(`/api/participants/${pid}/contacts`)).json<{ items: unknown[] }>().items).toEqual([]);
  });
});

describe('who may see and log contacts', () => {
  it('Ben (Lake) gets 404 for Cook’s participant and their contacts, exactly as for a missing one', async () => {
    const pid = await enroll();
    const c = await log(pid, visit());
    const pairs: [string, string, unknown][] = [
      [`/api/participants/${pid}/contacts`, `/api/participants/${MISSING}/contacts`, undefined],
      [`/api/participants/${pid}/contacts/${c.id}`, `/api/participants/${MISSING}/contacts/${c.id}`, undefined],
      [`/api/participants/${pid}/contacts/team`, `/api/participants/${MISSING}/contacts/team`, undefined],
    ];
    for (const [url, missing] of pairs) {
      const theirs = await as.ben.get(url);
      expect(theirs.statusCode, url).toBe(404);
      expect(theirs.body).toBe((await as.ben.get(missing)).body);
    }
    const post = await as.ben.post(`/api/participants/${pid}/contacts`, visit({ staffIds: [cast.people.ben.id] }));
    expect(post.statusCode).toBe(404);
    expect(post.body).toBe((await as.ben.post(`/api/participants/${MISSING}/contacts`, visit())).body);
    const addendum = await as.ben.post(`/api/participants/${pid}/contacts/${c.id}/addenda`, { text: 'x', reason: 'y' });
    expect(addendum.statusCode).toBe(404);
    expect((await as.ana.get(`/api/participants/${pid}/contacts`)).json<{ items: unknown[] }>().items).toHaveLength(1);
  });

  it('a contact is found only under its own participant', async () => {
    const pid = await enroll();
    const other = await enroll();
    const c = await log(pid, visit());
    expect((await as.ana.get(`/api/participants/${other}/contacts/${c.id}`)).statusCode).toBe(404);
    expect((await as.ana.post(`/api/participants/${other}/contacts/${c.id}/addenda`, { text: 'x', reason: 'y' })).statusCode).toBe(404);
    expect((await as.ana.get(`/api/participants/${pid}/contacts/${MISSING}`)).statusCode).toBe(404);
  });

  it('Eve (evaluator) gets 403 everywhere, by session or token', async () => {
    const pid = await enroll();
    const c = await log(pid, visit());
    for (const client of [as.eve, withToken(h.app, await cast.tokenFor('eve'))]) {
      const answers = [
        await client.get(`/api/participants/${pid}/contacts`),
        await client.get(`/api/participants/${pid}/contacts/${c.id}`),
        await client.get(`/api/participants/${pid}/contacts/team`),
        await client.post(`/api/participants/${pid}/contacts`, visit()),
        await client.post(`/api/participants/${pid}/contacts/${c.id}/addenda`, { text: 'x', reason: 'y' }),
      ];
      expect(answers.map((r) => r.statusCode)).toEqual([403, 403, 403, 403, 403]);
      for (const r of answers) expect(r.body).not.toContain('Division 10');
    }
  });

  it('Sam (site manager) and Sue (supervisor) read Cook’s contacts but cannot log or correct them', async () => {
    const pid = await enroll();
    const c = await log(pid, visit());
    for (const who of ['sam', 'sue'] as const) {
      expect((await as[who].get(`/api/participants/${pid}/contacts`)).statusCode, who).toBe(200);
      expect((await as[who].get(`/api/participants/${pid}/contacts/${c.id}`)).statusCode, who).toBe(200);
      expect((await as[who].post(`/api/participants/${pid}/contacts`, visit())).statusCode, who).toBe(403);
      expect((await as[who].post(`/api/participants/${pid}/contacts/${c.id}/addenda`, { text: 'x', reason: 'y' })).statusCode, who).toBe(403);
    }
    expect((await as.ana.get(`/api/participants/${pid}/contacts/${c.id}`)).json<Contact>().addenda).toEqual([]);
  });
});

describe('a note is corrected only by an addendum', () => {
  const original = 'Samuel said his release is on the 12th.\n  He wants  methadone, not bupe — call Westside OTP. ✓\n';

  it('keeps the original byte for byte, shows each addendum with author and time, and audits the correction', async () => {
    const pid = await enroll();
    const c = await log(pid, visit({ note: original }));
    expect(c.note).toBe(original);
    h.clock.advance(600_000);
    const res = await as.cai.post(`/api/participants/${pid}/contacts/${c.id}/addenda`, {
      text: 'Release is on the 21st, not the 12th (checked with the jail records office).',
      reason: 'Wrong release date',
    });
    expect(res.statusCode, res.body).toBe(201);
    h.clock.advance(60_000);
    await as.ana.post(`/api/participants/${pid}/contacts/${c.id}/addenda`, { text: 'Westside has a bed on the 22nd.', reason: 'Added detail' });

    const detail = (await as.ana.get(`/api/participants/${pid}/contacts/${c.id}`)).json<Contact>();
    expect(detail.note).toBe(original);
    expect(Buffer.from(detail.note ?? '').equals(Buffer.from(original))).toBe(true);
    expect(detail.addenda).toMatchObject([
      { text: 'Release is on the 21st, not the 12th (checked with the jail records office).', reason: 'Wrong release date', createdBy: { name: 'Cai Morgan' }, createdAt: '2026-03-02T15:10:00.000Z' },
      { text: 'Westside has a bed on the 22nd.', reason: 'Added detail', createdBy: { name: 'Ana Reyes' }, createdAt: '2026-03-02T15:11:00.000Z' },
    ]);
    const listed = (await as.ana.get(`/api/participants/${pid}/contacts`)).json<{ items: Contact[] }>().items[0];
    expect(listed?.addendumCount).toBe(2);

    const audit = (await as.pat.get(`/api/audit?participantId=${pid}`)).json<{ items: { action: string; actor: Person | null; details: unknown }[] }>();
    const corrections = audit.items.filter((e) => e.action === 'contact.addendum');
    expect(corrections.map((e) => e.actor?.name)).toEqual(['Ana Reyes', 'Cai Morgan']);
    expect(JSON.stringify(audit.items)).not.toContain('21st');
  });

  it('has no way to change or delete a contact over HTTP', async () => {
    const pid = await enroll();
    const c = await log(pid, visit());
    expect((await as.ana.patch(`/api/participants/${pid}/contacts/${c.id}`, { note: 'rewritten' })).statusCode).toBe(404);
    expect((await as.ana.delete(`/api/participants/${pid}/contacts/${c.id}`)).statusCode).toBe(404);
    expect((await as.ana.get(`/api/participants/${pid}/contacts/${c.id}`)).json<Contact>().note).toBe(c.note);
  });

  it('refuses an empty addendum or one without a reason', async () => {
    const pid = await enroll();
    const c = await log(pid, visit());
    const res = await as.ana.post(`/api/participants/${pid}/contacts/${c.id}/addenda`, { text: '   ', reason: '' });
    expect(res.statusCode).toBe(400);
    expect(fieldPaths(res).sort()).toEqual(['reason', 'text']);
    const long = await as.ana.post(`/api/participants/${pid}/contacts/${c.id}/addenda`, { text: 'ok', reason: 'r'.repeat(301) });
    expect(fieldPaths(long)).toEqual(['reason']);
  });

  it('the database itself refuses to update or delete a contact, its team or an addendum', async () => {
    const pid = await enroll();
    const c = await log(pid, visit({ note: original }));
    await as.ana.post(`/api/participants/${pid}/contacts/${c.id}/addenda`, { text: 'fix', reason: 'why' });
    const { db } = h.testDb.database;
    await expect(db.execute(sql`UPDATE contacts SET note = 'rewritten' WHERE id = ${c.id}`)).rejects.toThrow();
    await expect(db.execute(sql`UPDATE contacts SET reached = false WHERE id = ${c.id}`)).rejects.toThrow();
    await expect(db.execute(sql`DELETE FROM contacts WHERE id = ${c.id}`)).rejects.toThrow();
    await expect(db.execute(sql`DELETE FROM contact_staff WHERE contact_id = ${c.id}`)).rejects.toThrow();
    await expect(db.execute(sql`UPDATE contact_addenda SET text = 'changed' WHERE contact_id = ${c.id}`)).rejects.toThrow();
    await expect(db.execute(sql`DELETE FROM contact_addenda WHERE contact_id = ${c.id}`)).rejects.toThrow();
    const after = (await as.ana.get(`/api/participants/${pid}/contacts/${c.id}`)).json<Contact>();
    expect(after.note).toBe(original);
    expect(after.addenda.map((a) => a.text)).toEqual(['fix']);
  });
});

describe('derived facts for the worklist and reports', () => {
  it('knows each participant’s last successful contact, ignoring attempts', async () => {
    const a = await enroll();
    const b = await enroll();
    const never = await enroll();
    await log(a, visit({ occurredAt: '2026-02-10T15:00:00Z' }));
    await log(a, visit({ occurredAt: '2026-02-20T15:00:00Z' }));
    await log(a, attempt({ occurredAt: '2026-03-01T15:00:00Z' }));
    await log(b, attempt({ occurredAt: '2026-02-25T15:00:00Z' }));
    await log(b, visit({ occurredAt: '2026-01-05T15:00:00Z' }));
    await log(never, attempt());
    const last = await h.testDb.database.db.transaction((tx) => lastSuccessfulContactAt(tx, [a, b, never]));
    expect(Object.fromEntries([...last].map(([k, v]) => [k, v.toISOString()]))).toEqual({
      [a]: '2026-02-20T15:00:00.000Z',
      [b]: '2026-01-05T15:00:00.000Z',
    });
    expect((await h.testDb.database.db.transaction((tx) => lastSuccessfulContactAt(tx, []))).size).toBe(0);
  });

  it('counts contacts per participant per month in the program’s time zone', async () => {
    const p = await enroll();
    await log(p, visit({ occurredAt: '2026-02-01T03:00:00Z' })); // still 31 January in Chicago
    await log(p, attempt({ occurredAt: '2026-02-10T15:00:00Z' }));
    await log(p, visit({ occurredAt: '2026-02-11T15:00:00Z' }));
    await log(p, visit({ occurredAt: '2026-03-01T15:00:00Z' }));
    const rows = await h.testDb.database.db.transaction((tx) =>
      contactsPerMonth(tx, [p], { from: new Date('2026-01-01T06:00:00Z'), to: new Date('2026-04-01T05:00:00Z'), timeZone: 'America/Chicago' }),
    );
    expect(rows).toEqual([
      { participantId: p, month: '2026-01', contacts: 1, reached: 1 },
      { participantId: p, month: '2026-02', contacts: 2, reached: 1 },
      { participantId: p, month: '2026-03', contacts: 1, reached: 1 },
    ]);
  });

  it('a system actor may log for any participant (the demo seed), naming site staff', async () => {
    const p = await enroll();
    const { logContacts } = await import('../../src/server/contacts/contacts.service.ts');
    const ana = { ...systemActor, userId: cast.people.ana.id, name: 'Ana Reyes', role: 'coach' as const, siteIds: [cast.sites.cook], via: 'session' as const };
    const ids = await h.testDb.database.db.transaction((tx) =>
      logContacts(tx, systemActor, p, [
        { input: { ...visit(), staffIds: undefined, services: [] } as never, by: ana, at: h.clock.now() },
        { input: { ...attempt(), services: [] } as never, by: ana, at: h.clock.now() },
      ]),
    );
    expect(ids).toHaveLength(2);
    const listed = (await as.ana.get(`/api/participants/${p}/contacts`)).json<{ items: Contact[] }>().items;
    expect(listed.map((c) => c.staff.map((s) => s.name))).toEqual([['Ana Reyes'], ['Ana Reyes']]);
  });
});
