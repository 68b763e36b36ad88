/**
 * Reading `figure_changes` (reports.table.ts), and its housekeeping: one row per table and writing
 * connection, and connections come and go (the pool closes idle ones), so rows of
 * connections long gone would pile up and slow the versions read by every dashboard
 * request. Their changes are folded into one row per table (backend 0), the sum kept
 * exactly: no version moves, no kept figures are computed again.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Queryable } from '../db/database.ts';

/** Each table's version: the sum of its rows, as text. */
export async function figureVersions(q: Queryable): Promise<Map<string, string>> {
  const rows = rowsOf<{ table_name: string; version: string }>(
    await q.execute(sql`select table_name, sum(change)::text as version from figure_changes group by table_name`),
  );
  return new Map(rows.map((r) => [r.table_name, r.version]));
}

/** Folds the rows of connections no longer open; gives how many were folded. */
export async function foldFigureChanges(q: Queryable): Promise<number> {
  const rows = rowsOf<{ folded: number }>(
    await q.execute(sql`
      with gone as (
        delete from figure_changes f
        where f.backend <> 0 and not exists (select 1 from pg_stat_activity a where a.pid = f.backend)
        returning f.table_name, f.change
      ), folded as (
        insert into figure_changes as k (table_name, backend, change)
        select table_name, 0, sum(change) from gone group by table_name
        on conflict (table_name, backend) do update set change = k.change + excluded.change
      )
      select count(*)::int as folded from gone`),
  );
  return rows[0]?.folded ?? 0;
}
