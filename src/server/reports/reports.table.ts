import { bigint, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * When each table the dashboard's figures read last changed, for the figures kept in
 * memory (figures-cache.ts). A statement-level trigger on each of those tables
 * (drizzle/0030) sets its row for the writing connection to a new number from
 * `figure_change_seq`, so a change is seen by every server, and by the command line,
 * once it commits. A table's version is the sum of its rows: each change raises it.
 * One row per connection, so writers never wait on each other for it.
 */
export const figureChanges = pgTable(
  'figure_changes',
  {
    tableName: text('table_name').notNull(),
    /** The writing connection (pg_backend_pid): only its own transaction ever touches the row. */
    backend: integer('backend').notNull(),
    change: bigint('change', { mode: 'bigint' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tableName, t.backend] })],
);
