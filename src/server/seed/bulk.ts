/**
 * Bulk rows for the state-scale generator: many rows per statement through
 * `json_populate_recordset`, which PGlite and PostgreSQL both run, with no extra
 * dependency and one parameter per statement (so PostgreSQL's 65,535-parameter limit
 * never applies). Only the listed columns are written; the others take their defaults.
 */
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';

export type Row = Record<string, unknown>;

/** Rows per statement: large enough to amortise a round trip, small enough to keep one statement's JSON a few MB. */
export const ROWS_PER_STATEMENT = 2_000;

export async function insertBulk(q: Queryable, table: string, rows: readonly Row[], perStatement = ROWS_PER_STATEMENT): Promise<number> {
  if (rows.length === 0) return 0;
  // Every column any row names (a missing key reads as NULL).
  const keys = new Set<string>();
  for (const row of rows) for (const k in row) keys.add(k);
  const columns = [...keys];
  const cols = sql.join(
    columns.map((c) => sql.identifier(c)),
    sql`, `,
  );
  for (let i = 0; i < rows.length; i += perStatement) {
    const json = JSON.stringify(rows.slice(i, i + perStatement));
    await q.execute(sql`INSERT INTO ${sql.identifier(table)} (${cols})
      SELECT ${cols} FROM json_populate_recordset(NULL::${sql.identifier(table)}, ${json}::json)`);
  }
  return rows.length;
}
