import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only: a trigger (see the migration "audit_append_only") rejects UPDATE,
 * DELETE and TRUNCATE, so no code path can alter the trail silently.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorUserId: uuid('actor_user_id'),
    via: text('via').$type<'session' | 'token' | 'system'>().notNull(),
    tokenId: uuid('token_id'),
    action: text('action').notNull(),
    recordType: text('record_type').notNull(),
    recordId: text('record_id'),
    participantId: uuid('participant_id'),
    clientAddress: text('client_address'),
    /** Field names and counts, never participant values. */
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('audit_events_participant_idx').on(t.participantId, t.id),
    index('audit_events_actor_idx').on(t.actorUserId, t.at),
  ],
);
