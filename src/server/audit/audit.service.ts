/**
 * The audit trail. Every read or change of participant data writes a row in the
 * same transaction as the work, so an access is never without its record.
 */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { AuditEvent } from '../../core/schemas.ts';
import type { Queryable } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { users } from '../users/users.table.ts';
import { auditEvents } from './audit.table.ts';

export interface AuditEntry {
  action: string;
  recordType: string;
  recordId?: string | null;
  participantId?: string | null;
  details?: Record<string, unknown> | null;
}

/** Rows per INSERT: ten parameters each, well under PostgreSQL's 65,535 per statement. */
const AUDIT_BATCH = 1000;

export async function recordAudit(tx: Queryable, actor: Actor, at: Date, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  for (let i = 0; i < list.length; i += AUDIT_BATCH) {
    await tx.insert(auditEvents).values(
      list.slice(i, i + AUDIT_BATCH).map((e) => ({
        at,
        actorUserId: actor.via === 'system' ? null : actor.userId,
        via: actor.via,
        tokenId: actor.tokenId,
        action: e.action,
        recordType: e.recordType,
        recordId: e.recordId ?? null,
        participantId: e.participantId ?? null,
        clientAddress: actor.clientAddress,
        details: e.details ?? null,
      })),
    );
  }
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
