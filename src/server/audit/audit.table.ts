import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only: a trigger (migrations "audit_append_only" and "audit_hash_chain")
 * rejects DELETE, TRUNCATE and every UPDATE but one: sealing a row into the hash
 * chain (chain_seq, prev_hash and hash set from NULL, nothing else changed).
 * Rows are inserted unsealed; audit.chain.ts seals them in the background.
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
    /** Position in the hash chain (1, 2, 3 … without gaps); NULL until sealed. */
    chainSeq: bigint('chain_seq', { mode: 'bigint' }),
    /** The hash of the row at chain_seq - 1 (a fixed genesis value for the first). */
    prevHash: text('prev_hash'),
    /** SHA-256 (hex) over prev_hash and this row's content. */
    hash: text('hash'),
  },
  (t) => [
    index('audit_events_participant_idx').on(t.participantId, t.id),
    index('audit_events_actor_idx').on(t.actorUserId, t.at),
    // Partial, so an insert (unsealed) adds no entry here; the verifier walks it in order.
    uniqueIndex('audit_events_chain_seq_idx').on(t.chainSeq).where(sql`${t.chainSeq} IS NOT NULL`),
    // The sealer's work list: small, whatever the size of the trail.
    index('audit_events_unsealed_idx').on(t.id).where(sql`${t.chainSeq} IS NULL`),
  ],
);
