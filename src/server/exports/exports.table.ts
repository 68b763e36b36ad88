import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { AnalysisDates, AnalysisExportStatus } from '../../core/exports.ts';
import { users } from '../users/users.table.ts';

/**
 * The program's secret for the analysis export: pseudonymous ids and date offsets
 * are HMAC-SHA256 of record ids under it, so they are stable across exports and
 * cannot be reversed without it. One row, created by the migration; never exported,
 * never returned by any endpoint.
 */
export const analysisSecret = pgTable(
  'analysis_secret',
  {
    id: integer('id').primaryKey(),
    secret: text('secret').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('analysis_secret_one_row', sql`${t.id} = 1`)],
);

/** Every analysis export: who asked, with which options, and (once the zip is complete) how many rows of each table. */
export const analysisExports = pgTable('analysis_exports', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
  requestedBy: uuid('requested_by').references(() => users.id),
  dates: text('dates').$type<AnalysisDates>().notNull(),
  status: text('status').$type<AnalysisExportStatus>().notNull(),
  rowCounts: jsonb('row_counts').$type<Record<string, number>>(),
  completedAt: timestamp('completed_at', { withTimezone: true }),
});
