/**
 * The audit trail. Every read or change of participant data writes a row with the
 * work: in the same transaction, committed with other reads' rows before a read
 * session's answer (decisions 0025 and 0032), or in the same statement as a contact
 * logged (decision 0030), so an access is never without its record.
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { AuditEvent } from '../../core/schemas.ts';
import type { Queryable, Tx } from '../db/database.ts';
import { preparedSql } from '../db/prepared.ts';
import type { Actor } from '../http/actor.ts';
import { users } from '../users/users.table.ts';
import { AUDIT_BATCH, deferAudit, entryJson } from './audit.group.ts';
import { auditEvents } from './audit.table.ts';

export interface AuditEntry {
  action: string;
  recordType: string;
  recordId?: string | null;
  participantId?: string | null;
  details?: Record<string, unknown> | null;
}

/**
 * A read of one participant's list of records (their contacts, consents, referrals…): one
 * row on the participant naming what it showed (`{ contactIds: [...] }`), however many.
 * The access history counts them (web: listedCount).
 */
export function participantListAudit(action: string, participantId: string, shown: Record<string, string[]>): AuditEntry {
  return { action, recordType: 'participant', recordId: participantId, participantId, details: shown };
}

/**
 * The entries go as one JSON array, in order (ids follow it), read in SQL: a coach's
 * worklist audits every person on it (hundreds of rows per request), and building
 * that INSERT value by value through the query builder cost more than the rest of
 * the request. A key left out is NULL.
 */
const p = (key: string) => sql.placeholder(key);

/** The values of the audit insert's placeholders (`auditInsert`). */
export type AuditValues = {
  at: string;
  userId: string | null;
  via: string;
  tokenId: string | null;
  clientAddress: string | null;
  entries: string;
};

/** The INSERT of a batch of audit rows, its values as `AuditValues` placeholders: also part of another statement (logging a contact). */
export const auditInsert = sql`
    insert into ${auditEvents} (at, actor_user_id, via, token_id, action, record_type, record_id, participant_id, client_address, details)
    select ${p('at')}::timestamptz, ${p('userId')}::uuid, ${p('via')}, ${p('tokenId')}::uuid,
      e.value->>'a', e.value->>'t', e.value->>'r', (e.value->>'p')::uuid, ${p('clientAddress')}, (e.value->'d')::jsonb
    from json_array_elements(${p('entries')}::json) with ordinality as e(value, n)
    order by e.n`;

// Written by nearly every request: prepared (src/server/db/prepared.ts).
const insertAudit = preparedSql<AuditValues>('audit_insert', auditInsert);

/** The placeholder values of one batch of audit rows (at most AUDIT_BATCH entries). */
export function auditValues(actor: Actor, at: Date, entries: readonly AuditEntry[]): AuditValues {
  const rows = entries.map(entryJson);
  return {
    at: at.toISOString(),
    userId: actor.via === 'system' ? null : actor.userId,
    via: actor.via,
    tokenId: actor.tokenId,
    clientAddress: actor.clientAddress,
    entries: JSON.stringify(rows),
  };
}

export async function recordAudit(tx: Queryable, actor: Actor, at: Date, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  // A read session's rows are committed with other reads' once its work is done (audit.group.ts).
  if (deferAudit(tx as Tx, actor, at, list)) return;
  for (let i = 0; i < list.length; i += AUDIT_BATCH) await insertAudit(tx, auditValues(actor, at, list.slice(i, i + AUDIT_BATCH)));
}

export async function listParticipantAudit(
  tx: Queryable,
  participantId: string,
  limit: number,
  beforeId: bigint | null,
): Promise<{ items: AuditEvent[]; nextCursor: string | null }> {
  const rows = await tx
    .select({ e: auditEvents, actorName: users.name, actorRole: users.role })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(
      and(
        eq(auditEvents.participantId, participantId),
        beforeId === null ? undefined : lt(auditEvents.id, beforeId),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: page.map(({ e, actorName, actorRole }) => ({
      id: e.id.toString(),
      at: e.at.toISOString(),
      actor: e.actorUserId && actorName && actorRole ? { id: e.actorUserId, name: actorName, role: actorRole } : null,
      via: e.via,
      action: e.action,
      recordType: e.recordType,
      recordId: e.recordId,
      clientAddress: e.clientAddress,
      details: e.details,
    })),
    nextCursor: rows.length > limit ? (page.at(-1)?.e.id.toString() ?? null) : null,
  };
}
