import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only: a trigger (migrations "audit_append_only" and "audit_seals") rejects
 * UPDATE, DELETE and TRUNCATE. Rows are never changed once written: their place in
 * the hash chain is a row of `audit_seals`, added by the sealer (audit.chain.ts) a
 * few seconds later. Decision 0031.
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

/**
 * The hash chain: one row per sealed audit row, insert-only like the trail (the
 * same trigger). An audit row without a seal is not yet in the chain.
 */
export const auditSeals = pgTable(
  'audit_seals',
  {
    /** Position in the chain (1, 2, 3 … without gaps). */
    chainSeq: bigint('chain_seq', { mode: 'bigint' }).primaryKey(),
    auditId: bigint('audit_id', { mode: 'bigint' }).notNull(),
    /** The hash of the row at chain_seq - 1 (a fixed genesis value for the first). */
    prevHash: text('prev_hash').notNull(),
    /** SHA-256 (hex) over prev_hash and the audit row's content. */
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('audit_seals_audit_id_idx').on(t.auditId)],
);

/**
 * Where the sealer's search for unsealed rows starts (one row). Every audit row at
 * or below `sealedThrough` is sealed, or was never committed. `pendingThrough` is the
 * last id taken when `pendingAt` was read; once every transaction open then has
 * ended, no row at or below it can still appear, and the frontier moves there.
 */
export const auditSealFrontier = pgTable(
  'audit_seal_frontier',
  {
    one: boolean('one').primaryKey().default(true),
    sealedThrough: bigint('sealed_through', { mode: 'bigint' }).notNull(),
    pendingThrough: bigint('pending_through', { mode: 'bigint' }),
    pendingAt: timestamp('pending_at', { withTimezone: true }),
  },
  (t) => [check('audit_seal_frontier_one', sql`${t.one}`)],
);
