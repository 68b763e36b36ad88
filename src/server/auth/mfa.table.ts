import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/users.table.ts';

/**
 * A user's authenticator (TOTP). Secrets are sealed with AES-256-GCM under the
 * program's MFA key (mfa_key): a copy of this table alone gives no codes.
 */
export const userMfa = pgTable('user_mfa', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  /** The active secret; null while only an enrollment is pending. */
  secretSealed: text('secret_sealed'),
  enabledAt: timestamp('enabled_at', { withTimezone: true }),
  /** A new secret shown as a QR code, waiting for its first code. */
  pendingSecretSealed: text('pending_secret_sealed'),
  pendingCreatedAt: timestamp('pending_created_at', { withTimezone: true }),
  /** The last time step whose code was accepted: that code, and older ones, never work again. */
  lastUsedStep: bigint('last_used_step', { mode: 'number' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** One-time recovery codes, stored only as SHA-256 hashes. */
export const mfaRecoveryCodes = pgTable(
  'mfa_recovery_codes',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('mfa_recovery_codes_user_idx').on(t.userId)],
);

/** Roles the program requires to sign in with a second factor (program administrators always do). */
export const mfaRequiredRoles = pgTable('mfa_required_roles', {
  role: text('role').primaryKey(),
  setBy: uuid('set_by').references(() => users.id),
  setAt: timestamp('set_at', { withTimezone: true }).notNull(),
});

/** The program's key for sealing TOTP secrets: one row, 256 random bits, created on first use. */
export const mfaKey = pgTable(
  'mfa_key',
  {
    id: integer('id').primaryKey(),
    key: text('key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('mfa_key_one_row', sql`${t.id} = 1`)],
);
