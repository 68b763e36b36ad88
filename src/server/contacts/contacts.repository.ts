import { and, asc, eq, getTableColumns, gte, inArray, lt, ne, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { auditInsert, type AuditValues } from '../audit/audit.service.ts';
import type { Queryable } from '../db/database.ts';
import { preparedQuery, preparedSql } from '../db/prepared.ts';
import { users, userSites } from '../users/users.table.ts';
import { contactAddenda, contacts, contactStaff } from './contacts.table.ts';
import { inIds } from '../db/id-list.ts';

export type ContactRow = typeof contacts.$inferSelect;
export type ContactValues = Omit<typeof contacts.$inferInsert, 'id'>;
export type AddendumRow = typeof contactAddenda.$inferSelect;

const p = (key: string) => sql.placeholder(key);

/** A logged contact's placeholder values (`insertLoggedContact`): its row, instants as text. */
type LoggedContactValues = Omit<ContactRow, 'id' | 'occurredAt' | 'createdAt'> & { contactId: string; occurredAt: string; createdAt: string; staffIds: string[] };

/*
 * A contact, its staff and the audit row of its logging as one statement, atomic
 * without a transaction: logging a contact, the busiest write, sends its writes in one
 * round trip instead of five (BEGIN, the contact, its staff, the audit row, COMMIT).
 * The staff's foreign key is checked at the statement's end, with the contact in.
 */
const insertLogged = preparedSql<LoggedContactValues & AuditValues>(
  'contact_log',
  sql`
    with staff as (
      insert into ${contactStaff} (contact_id, user_id) select ${p('contactId')}::uuid, unnest(${p('staffIds')}::uuid[])
    ), audit as (${auditInsert})
    insert into ${contacts} (id, participant_id, site_id, occurred_at, duration_minutes, mode, location_type, reached,
      attempt_outcome, services, note, created_at, created_by)
    values (${p('contactId')}::uuid, ${p('participantId')}::uuid, ${p('siteId')}::uuid, ${p('occurredAt')}::timestamptz,
      ${p('durationMinutes')}::int, ${p('mode')}, ${p('locationType')}, ${p('reached')}::boolean, ${p('attemptOutcome')},
      ${p('services')}::text[], ${p('note')}, ${p('createdAt')}::timestamptz, ${p('createdBy')}::uuid)`,
);

/** Stores `row` (its id made by the caller, so that the staff and the audit row name it), its staff and its audit row. */
export async function insertLoggedContact(q: Queryable, row: ContactRow, staffIds: readonly string[], audit: AuditValues): Promise<void> {
  const { id, occurredAt, createdAt, ...rest } = row;
  await insertLogged(q, { ...rest, contactId: id, occurredAt: occurredAt.toISOString(), createdAt: createdAt.toISOString(), staffIds: [...staffIds], ...audit });
}

/** Many contacts at once (the demo seed): one statement for the contacts, one for their staff. */
export async function insertContacts(q: Queryable, rows: readonly { values: ContactValues; staffIds: readonly string[] }[]): Promise<ContactRow[]> {
  if (rows.length === 0) return [];
  const inserted = await q.insert(contacts).values(rows.map((r) => r.values)).returning();
  const staff = inserted.flatMap((row, i) => (rows[i]?.staffIds ?? []).map((userId) => ({ contactId: row.id, userId })));
  if (staff.length) await q.insert(contactStaff).values(staff);
  return inserted;
}

export async function findContact(q: Queryable, participantId: string, contactId: string): Promise<ContactRow | undefined> {
  const [row] = await q
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.participantId, participantId)));
  return row;
}

/** A contact as its list shows it: with its staff (by name), the number of addenda and its author's name. */
export type ContactListRow = ContactRow & { staff: { id: string; name: string }[]; addendumCount: number; createdByName: string | null };

function contactRowsWhere(q: Queryable, where: SQL | undefined, limit: number | Placeholder) {
  return q
    .select({
      ...getTableColumns(contacts),
      staff: sql<{ id: string; name: string }[]>`coalesce((
        SELECT json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.name, u.id)
        FROM ${contactStaff} cs JOIN ${users} u ON u.id = cs.user_id WHERE cs.contact_id = contacts.id), '[]'::json)`,
      addendumCount: sql<number>`(SELECT count(*)::int FROM ${contactAddenda} a WHERE a.contact_id = contacts.id)`,
      createdByName: sql<string | null>`(SELECT u.name FROM ${users} u WHERE u.id = contacts.created_by)`,
    })
    .from(contacts)
    .where(where)
    // In contacts_participant_occurred_idx's own order (drizzle's desc() indexes are NULLS LAST; a bare DESC
    // means NULLS FIRST): the page is the index's first rows, where it was a sort of all the person's contacts
    // with each one's subqueries (46 ms for someone with 25,000, against 0.6).
    .orderBy(sql`${contacts.occurredAt} desc nulls last`, sql`${contacts.id} desc nulls last`)
    .limit(limit);
}

// The first page, read for every participant's page: prepared (src/server/db/prepared.ts).
const firstContactRows = preparedQuery<{ participantId: string; limit: number }, ContactListRow[]>('contacts_first_page', (q) =>
  contactRowsWhere(q, eq(contacts.participantId, sql.placeholder('participantId')), sql.placeholder('limit')),
);

/**
 * Newest first; keyset paging after the contact `afterId` of the same participant.
 * Each contact's staff, addenda count and author's name come in the same statement:
 * three round trips fewer for every page of a participant's contacts. The subqueries
 * name the outer table in full: drizzle leaves a single table's columns unqualified.
 */
export async function listContactRows(q: Queryable, participantId: string, limit: number, afterId: string | null): Promise<ContactListRow[]> {
  if (afterId === null) return firstContactRows(q, { participantId, limit });
  const after = sql`(${contacts.occurredAt}, ${contacts.id}) < (
    SELECT c.occurred_at, c.id FROM contacts c WHERE c.id = ${afterId} AND c.participant_id = ${participantId})`;
  return contactRowsWhere(q, and(eq(contacts.participantId, participantId), after), limit);
}

export async function staffOf(q: Queryable, contactIds: readonly string[]): Promise<Map<string, { id: string; name: string }[]>> {
  const out = new Map<string, { id: string; name: string }[]>();
  if (contactIds.length === 0) return out;
  const rows = await q
    .select({ contactId: contactStaff.contactId, id: users.id, name: users.name })
    .from(contactStaff)
    .innerJoin(users, eq(users.id, contactStaff.userId))
    .where(inArray(contactStaff.contactId, [...contactIds]))
    .orderBy(asc(users.name), asc(users.id));
  for (const r of rows) out.set(r.contactId, [...(out.get(r.contactId) ?? []), { id: r.id, name: r.name }]);
  return out;
}

export async function userNames(q: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await q.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function addendaOf(q: Queryable, contactId: string): Promise<AddendumRow[]> {
  return q
    .select()
    .from(contactAddenda)
    .where(eq(contactAddenda.contactId, contactId))
    .orderBy(asc(contactAddenda.createdAt), asc(contactAddenda.id));
}

export async function insertAddendum(q: Queryable, values: Omit<typeof contactAddenda.$inferInsert, 'id'>): Promise<AddendumRow> {
  const [row] = await q.insert(contactAddenda).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Active staff assigned to a site (evaluators are not part of a team). */
export async function teamAtSite(q: Queryable, siteId: string) {
  return q
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .innerJoin(userSites, eq(userSites.userId, users.id))
    .where(and(eq(userSites.siteId, siteId), eq(users.active, true), ne(users.role, 'evaluator')))
    .orderBy(asc(users.name), asc(users.id));
}

/** Contacts (and the reached ones) per participant per calendar month in a time zone. */
export async function monthlyRows(q: Queryable, participantIds: readonly string[], from: Date, to: Date, timeZone: string) {
  if (participantIds.length === 0) return [];
  const month = sql<string>`to_char(${contacts.occurredAt} AT TIME ZONE ${timeZone}, 'YYYY-MM')`;
  return q
    .select({
      participantId: contacts.participantId,
      month,
      contacts: sql<number>`count(*)::int`,
      reached: sql<number>`count(*) FILTER (WHERE ${contacts.reached})::int`,
    })
    .from(contacts)
    .where(and(inIds(contacts.participantId, participantIds), gte(contacts.occurredAt, from), lt(contacts.occurredAt, to)))
    // By position: the time zone is a parameter, and two copies of it would be two expressions.
    .groupBy(sql`1`, sql`2`)
    .orderBy(sql`1`, sql`2`);
}
