/**
 * Contacts: logging encounters with a participant, reading them, and correcting a
 * note by an addendum. Every call first checks the participant is visible to the
 * actor (404 otherwise, exactly like a missing one) and audits with its work: in the
 * same transaction, or for a contact logged, in the same statement (decision 0030).
 * Other features call the derived facts at the bottom, never the repository.
 */
import { randomUUID } from 'node:crypto';
import {
  contactTimeIssues,
  noteExcerpt,
  type AddendumInput,
  type ContactCreateInput,
  type ContactDetail,
  type ContactListQuery,
  type ContactSummary,
  type TeamMember,
} from '../../core/contacts.ts';
import { auditValues, participantListAudit, recordAudit } from '../audit/audit.service.ts';
import type { Tx } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { NotFound, ValidationError } from '../http/errors.ts';
import { requireVisibleParticipant } from '../participants/participants.service.ts';
import {
  addendaOf,
  findContact,
  insertAddendum,
  insertContacts,
  insertLoggedContact,
  listContactRows,
  monthlyRows,
  staffOf,
  teamAtSite,
  userNames,
  type ContactRow,
} from './contacts.repository.ts';

const byOf = (actor: Actor) => (actor.via === 'system' ? null : actor.userId);

function base(row: ContactRow, staff: { id: string; name: string }[], authorName: string) {
  return {
    id: row.id,
    participantId: row.participantId,
    siteId: row.siteId,
    occurredAt: row.occurredAt.toISOString(),
    durationMinutes: row.durationMinutes,
    mode: row.mode,
    locationType: row.locationType,
    reached: row.reached,
    attemptOutcome: row.attemptOutcome,
    services: row.services,
    staff,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy ? { id: row.createdBy, name: authorName } : null,
  };
}

async function detailOf(tx: Tx, row: ContactRow): Promise<ContactDetail> {
  // One query at a time: a transaction, or a read's session, is one connection.
  const staff = await staffOf(tx, [row.id]);
  const addenda = await addendaOf(tx, row.id);
  const names = await userNames(tx, [row.createdBy, ...addenda.map((a) => a.createdBy)].filter((id): id is string => id !== null));
  return {
    ...base(row, staff.get(row.id) ?? [], row.createdBy ? (names.get(row.createdBy) ?? '') : ''),
    note: row.note,
    addenda: addenda.map((a) => ({
      id: a.id,
      contactId: a.contactId,
      text: a.text,
      reason: a.reason,
      createdAt: a.createdAt.toISOString(),
      createdBy: a.createdBy ? { id: a.createdBy, name: names.get(a.createdBy) ?? '' } : null,
    })),
  };
}

/**
 * Checks the contact against the participant's site and the clock, and turns it into
 * rows. The team must be active staff of the participant's site; the person logging
 * it always counts (a program administrator on an outreach works at every site).
 */
function prepare(actor: Actor, participant: { id: string; siteId: string }, siteTeam: ReadonlySet<string>, input: ContactCreateInput, now: Date) {
  const issues = contactTimeIssues(input.occurredAt, now);
  const staffIds = input.staffIds ?? [actor.userId];
  const outsiders = staffIds.filter((id) => !siteTeam.has(id) && !(actor.via !== 'system' && id === actor.userId));
  if (outsiders.length > 0) issues.push({ path: 'staffIds', message: 'Choose staff who work at the participant’s site' });
  if (issues.length > 0) throw new ValidationError(issues);
  const values: Omit<ContactRow, 'id'> = {
    participantId: participant.id,
    siteId: participant.siteId,
    occurredAt: new Date(input.occurredAt),
    durationMinutes: input.durationMinutes ?? null,
    mode: input.mode,
    locationType: input.locationType,
    reached: input.reached,
    attemptOutcome: input.reached ? null : (input.attemptOutcome ?? null),
    services: input.reached ? input.services : [],
    note: input.note ?? null,
    createdAt: now,
    createdBy: byOf(actor),
  };
  return { values, staffIds };
}

const SENT_FIELDS = ['occurredAt', 'durationMinutes', 'mode', 'locationType', 'staffIds', 'reached', 'attemptOutcome', 'services', 'note'] as const;

export async function logContact(tx: Tx, actor: Actor, participantId: string, input: ContactCreateInput, now: Date): Promise<ContactDetail> {
  const participant = await requireVisibleParticipant(tx, actor, participantId);
  // The person logging it always counts: the site's team is read only to check anyone else named.
  const byActorAlone = actor.via !== 'system' && (input.staffIds ?? [actor.userId]).every((id) => id === actor.userId);
  const team = byActorAlone ? [] : await teamAtSite(tx, participant.siteId);
  const { values, staffIds } = prepare(actor, participant, new Set(team.map((m) => m.id)), input, now);
  const row: ContactRow = { id: randomUUID(), ...values };
  // The contact, its staff and its audit row in one statement (inWriteStatement: no transaction is needed).
  await insertLoggedContact(
    tx,
    row,
    staffIds,
    auditValues(actor, now, [
      {
        action: 'contact.create',
        recordType: 'contact',
        recordId: row.id,
        participantId,
        // Which fields were filled in, never what they say.
        details: { fields: SENT_FIELDS.filter((f) => input[f] !== undefined && input[f] !== null) },
      },
    ]),
  );
  return loggedDetail(tx, row, actor, staffIds, team);
}

/**
 * A contact just logged, as detailOf would read it back, from what the request
 * already holds: no addenda yet, written by the actor, and one staff member named
 * in the team or the actor. Several are read back, in the database's order by name.
 */
async function loggedDetail(tx: Tx, row: ContactRow, actor: Actor, staffIds: readonly string[], team: readonly { id: string; name: string }[]): Promise<ContactDetail> {
  const [only, ...others] = staffIds;
  const staff =
    only !== undefined && others.length === 0
      ? [{ id: only, name: only === actor.userId ? actor.name : (team.find((m) => m.id === only)?.name ?? '') }]
      : ((await staffOf(tx, [row.id])).get(row.id) ?? []);
  return { ...base(row, staff, actor.name), note: row.note, addenda: [] };
}

/** For the demo seed: many contacts of one participant in two statements, audited like logContact. */
export async function logContacts(
  tx: Tx,
  actor: Actor,
  participantId: string,
  inputs: readonly { input: ContactCreateInput; by: Actor; at: Date }[],
): Promise<string[]> {
  const participant = await requireVisibleParticipant(tx, actor, participantId);
  const siteTeam = new Set((await teamAtSite(tx, participant.siteId)).map((m) => m.id));
  const prepared = inputs.map(({ input, by, at }) => prepare(by, participant, siteTeam, input, at));
  const rows = await insertContacts(tx, prepared);
  for (const [i, row] of rows.entries()) {
    const item = inputs[i];
    if (!item) continue;
    await recordAudit(tx, item.by, item.at, { action: 'contact.create', recordType: 'contact', recordId: row.id, participantId });
  }
  return rows.map((r) => r.id);
}

export async function listContacts(
  tx: Tx,
  actor: Actor,
  participantId: string,
  query: ContactListQuery,
  now: Date,
): Promise<{ items: ContactSummary[]; nextCursor: string | null }> {
  await requireVisibleParticipant(tx, actor, participantId);
  const rows = await listContactRows(tx, participantId, query.limit + 1, query.cursor ?? null);
  const page = rows.slice(0, query.limit);
  const items = page.map((row) => {
    const excerpt = noteExcerpt(row.note);
    return { ...base(row, row.staff, row.createdByName ?? ''), noteExcerpt: excerpt.text, noteTruncated: excerpt.truncated, addendumCount: row.addendumCount };
  });
  // One row per page read, naming the contacts shown (as a referral or consent list does): a row
  // per contact filled the access history with twenty lines a visit, each inserted and sealed.
  await recordAudit(tx, actor, now, participantListAudit('contact.list', participantId, { contactIds: items.map((c) => c.id) }));
  return { items, nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null };
}

export async function getContact(tx: Tx, actor: Actor, participantId: string, contactId: string, now: Date): Promise<ContactDetail> {
  await requireVisibleParticipant(tx, actor, participantId);
  const row = await findContact(tx, participantId, contactId);
  if (!row) throw new NotFound('Contact');
  await recordAudit(tx, actor, now, { action: 'contact.read', recordType: 'contact', recordId: contactId, participantId });
  return detailOf(tx, row);
}

/** A correction of the note, added after it: the original stays exactly as written. */
export async function addAddendum(
  tx: Tx,
  actor: Actor,
  participantId: string,
  contactId: string,
  input: AddendumInput,
  now: Date,
): Promise<ContactDetail> {
  await requireVisibleParticipant(tx, actor, participantId);
  const row = await findContact(tx, participantId, contactId);
  if (!row) throw new NotFound('Contact');
  const addendum = await insertAddendum(tx, { contactId, text: input.text, reason: input.reason, createdAt: now, createdBy: byOf(actor) });
  await recordAudit(tx, actor, now, {
    action: 'contact.addendum',
    recordType: 'contact',
    recordId: contactId,
    participantId,
    details: { addendumId: addendum.id, fields: ['text', 'reason'] },
  });
  return detailOf(tx, row);
}

/** Who may be named as taking part in a contact with this participant. */
export async function contactTeam(tx: Tx, actor: Actor, participantId: string, now: Date): Promise<TeamMember[]> {
  const participant = await requireVisibleParticipant(tx, actor, participantId);
  const team = await teamAtSite(tx, participant.siteId);
  if (actor.via !== 'system' && !team.some((m) => m.id === actor.userId)) team.unshift({ id: actor.userId, name: actor.name, role: actor.role });
  await recordAudit(tx, actor, now, { action: 'contact.team', recordType: 'participant', recordId: participantId, participantId });
  return team;
}

/* ---------- derived facts for other features (worklist, reports) ---------- */

export interface MonthlyContacts {
  participantId: string;
  /** YYYY-MM in the time zone asked for. */
  month: string;
  contacts: number;
  reached: number;
}

/** Contacts (all, and reached) per participant per month, for reports; from inclusive, to exclusive. */
export async function contactsPerMonth(
  tx: Tx,
  participantIds: readonly string[],
  period: { from: Date; to: Date; timeZone: string },
): Promise<MonthlyContacts[]> {
  return monthlyRows(tx, participantIds, period.from, period.to, period.timeZone);
}
