/**
 * Contacts: Ana, a coach at Cook County Jail, logs her visits and outreach attempts
 * with Samuel; bad input; who else may see or do what. Corrections and the derived
 * facts are in contacts.addenda.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertLoggedContact, type ContactRow } from '../../src/server/contacts/contacts.repository.ts';
import { rowsOf } from '../../src/server/db/database.ts';
import { attempt, contactsStory, MISSING, visit, type Contact, type Persona } from '../support/contacts.ts';
import { errorCode, fieldPaths, newStaff, withToken, type Browser, type Cast, type Harness } from '../support/harness.ts';

let story: Awaited<ReturnType<typeof contactsStory>>;
let h: Harness;
let cast: Cast;
let as: Record<Persona, Browser>;
let enroll: typeof story.enroll;
let log: typeof story.log;
let auditActions: typeof story.auditActions;
let auditEvents: typeof story.auditEvents;

beforeAll(async () => {
  story = await contactsStory();
  ({ h, cast, as, enroll, log, auditActions, auditEvents } = story);
});
afterAll(async () => h.close());

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
    expect((await as.ana.get(`/api/participants/${pid}/contacts/${older.id}`)).json()).toEqual(older);
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
    // One row per page read, naming what it showed.
    const listed = (await auditEvents(pid)).filter((e) => e.action === 'contact.list');
    expect(listed.map((e) => e.details)).toEqual([{ contactIds: [older.id] }, { contactIds: [newest.id, middle.id] }]);
    expect(listed.map((e) => e.recordId)).toEqual([pid, pid]);
  });

  it('answers a contact logged for someone else alone as it reads back', async () => {
    const pid = await enroll();
    // Logged by Ana for Cai: the answer names Cai as the team and Ana as its author, as reading it back does.
    const forCai = await log(pid, attempt({ staffIds: [cast.people.cai.id] }));
    expect(forCai.staff).toEqual([{ id: cast.people.cai.id, name: 'Cai Morgan' }]);
    expect(forCai.createdBy).toEqual({ id: cast.people.ana.id, name: 'Ana Reyes' });
    expect((await as.ana.get(`/api/participants/${pid}/contacts/${forCai.id}`)).json()).toEqual(forCai);
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
    // The team shown is read from the participant's site: each read is in their access history.
    expect((await auditActions(pid)).filter((a) => a === 'contact.team')).toHaveLength(2);
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

describe('a contact and what goes with it are stored together or not at all', () => {
  it('a contact the database refuses leaves neither its staff nor its audit row: the three are one statement, with no transaction', async () => {
    const pid = await enroll();
    const db = h.testDb.database.db;
    const row: ContactRow = {
      id: randomUUID(),
      participantId: pid,
      siteId: cast.sites.cook,
      occurredAt: new Date('2026-03-02T10:00:00Z'),
      durationMinutes: 30,
      mode: 'phone',
      locationType: 'phone_or_virtual',
      reached: true,
      attemptOutcome: null,
      services: [],
      note: null,
      createdAt: h.clock.now(),
      createdBy: cast.people.ana.id,
    };
    const audit = {
      at: h.clock.now().toISOString(),
      userId: cast.people.ana.id,
      via: 'session',
      tokenId: null,
      clientAddress: null,
      entries: JSON.stringify([{ a: 'contact.create', t: 'contact', r: row.id, p: pid }]),
    };
    const stored = async () => {
      const [counts] = rowsOf<{ contacts: number; staff: number; audits: number }>(
        await db.execute(sql`SELECT (SELECT count(*) FROM contacts WHERE id = ${row.id})::int AS contacts,
          (SELECT count(*) FROM contact_staff WHERE contact_id = ${row.id})::int AS staff,
          (SELECT count(*) FROM audit_events WHERE record_id = ${row.id})::int AS audits`),
      );
      return counts;
    };
    // Someone who is no user: the staff's foreign key fails at the statement's end, after the contact and the audit row were written.
    await expect(insertLoggedContact(db, row, [cast.people.ana.id, MISSING], audit)).rejects.toMatchObject({ cause: { code: '23503' } }); // foreign_key_violation
    expect(await stored()).toEqual({ contacts: 0, staff: 0, audits: 0 });
    // A contact the database refuses (a duration its check forbids) takes its staff and audit row with it.
    await expect(insertLoggedContact(db, { ...row, durationMinutes: 721 }, [cast.people.ana.id], audit)).rejects.toMatchObject({ cause: { code: '23514', constraint: 'contacts_duration_range' } });
    expect(await stored()).toEqual({ contacts: 0, staff: 0, audits: 0 });
    await insertLoggedContact(db, row, [cast.people.ana.id], audit);
    expect(await stored()).toEqual({ contacts: 1, staff: 1, audits: 1 });
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
