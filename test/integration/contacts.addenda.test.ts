/**
 * Contacts: a note is corrected only by an addendum that keeps the original, the
 * database refuses any change, and the facts other features derive from contacts.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactsPerMonth, logContacts } from '../../src/server/contacts/contacts.service.ts';
import { rowsOf } from '../../src/server/db/database.ts';
import { systemActor } from '../../src/server/http/actor.ts';
import { attempt, contactsStory, visit, type Contact, type Person, type Persona } from '../support/contacts.ts';
import { fieldPaths, type Browser, type Cast, type Harness } from '../support/harness.ts';

let story: Awaited<ReturnType<typeof contactsStory>>;
let h: Harness;
let cast: Cast;
let as: Record<Persona, Browser>;
let enroll: typeof story.enroll;
let log: typeof story.log;

beforeAll(async () => {
  story = await contactsStory();
  ({ h, cast, as, enroll, log } = story);
});
afterAll(async () => h.close());

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
  it('keeps each participant’s last successful contact, ignoring attempts and contacts logged late', async () => {
    const a = await enroll();
    const b = await enroll();
    const never = await enroll();
    await log(a, visit({ occurredAt: '2026-02-10T15:00:00Z' }));
    await log(a, visit({ occurredAt: '2026-02-20T15:00:00Z' }));
    await log(a, attempt({ occurredAt: '2026-03-01T15:00:00Z' }));
    // Logged afterwards but earlier in time: the last one stays.
    await log(a, visit({ occurredAt: '2026-02-15T15:00:00Z' }));
    await log(b, attempt({ occurredAt: '2026-02-25T15:00:00Z' }));
    await log(b, visit({ occurredAt: '2026-01-05T15:00:00Z' }));
    await log(never, attempt());
    // Several in one statement, the latest of them not the last in the list.
    const ana = { ...systemActor, userId: cast.people.ana.id, name: 'Ana Reyes', role: 'coach' as const, siteIds: [cast.sites.cook], via: 'session' as const };
    await h.testDb.database.db.transaction((tx) =>
      logContacts(tx, systemActor, b, [
        { input: { ...visit({ occurredAt: '2026-02-27T15:00:00Z' }), staffIds: undefined, services: [] } as never, by: ana, at: h.clock.now() },
        { input: { ...visit({ occurredAt: '2026-02-26T15:00:00Z' }), staffIds: undefined, services: [] } as never, by: ana, at: h.clock.now() },
      ]),
    );
    const ids = sql.join([a, b, never].map((id) => sql`${id}::uuid`), sql`, `);
    const kept = rowsOf<{ participantId: string; at: string }>(
      await h.testDb.database.db.execute(sql`SELECT participant_id::text AS "participantId", to_char(reached_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at
        FROM participant_last_reached WHERE participant_id IN (${ids}) ORDER BY 1`),
    );
    expect(Object.fromEntries(kept.map((r) => [r.participantId, r.at]))).toEqual({ [a]: '2026-02-20T15:00:00Z', [b]: '2026-02-27T15:00:00Z' });
    const recounted = rowsOf<{ participantId: string; at: string }>(
      await h.testDb.database.db.execute(sql`SELECT participant_id::text AS "participantId", to_char(max(occurred_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at
        FROM contacts WHERE reached AND participant_id IN (${ids}) GROUP BY 1 ORDER BY 1`),
    );
    expect(kept).toEqual(recounted);
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
