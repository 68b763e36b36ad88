/**
 * The export's CSV: quoting (RFC 4180, CRLF lines) and one file written from a
 * table's keyset pages into the zip, the next page read while this one is written.
 * The columns of each file are the data dictionary's (core/exports.ts).
 */
import { ANALYSIS_TABLES } from '../../core/exports.ts';
import type { Tx } from '../db/database.ts';
import type { Scope } from './exports.repository.ts';
import type { ZipStream } from './zip-stream.ts';

/** Rows per keyset page. */
export const PAGE = 5000;

/* ---------- CSV ---------- */

export type Cell = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;

function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(cells: readonly Cell[]): string {
  let line = csvCell(cells[0]);
  for (let i = 1; i < cells.length; i++) line += `,${csvCell(cells[i])}`;
  return `${line}\r\n`;
}

const columnsOf = (table: string): string[] => {
  const t = ANALYSIS_TABLES.find((x) => x.table === table);
  if (!t) throw new Error(`no dictionary entry for ${table}`);
  return t.columns.map((c) => c.column);
};

/* ---------- the tables ---------- */

type Page<T> = (q: Tx, scope: Scope, after: string | null, limit: number) => Promise<T[]>;

/** Writes one CSV file from keyset pages; answers its row count. */
export async function table<T extends { id: string }>(
  zip: ZipStream,
  tx: Tx,
  scope: Scope,
  name: string,
  page: Page<T>,
  toRows: (row: T) => Cell[][],
  header: string[] = columnsOf(name),
): Promise<number> {
  let count = 0;
  await zip.file(`${name}.csv`, async (push) => {
    await push(csvLine(header));
    // The next page is asked for before this one is written: the database works while we write.
    let next = page(tx, scope, null, PAGE);
    for (;;) {
      const rows = await next;
      const last = rows.at(-1);
      const more = rows.length === PAGE && last !== undefined;
      if (more) {
        next = page(tx, scope, last.id, PAGE);
        // Handled when awaited; until then a failure must not go unhandled (the client may have gone away first).
        next.catch(() => undefined);
      }
      let text = '';
      for (const r of rows) {
        for (const cells of toRows(r)) {
          text += csvLine(cells);
          count++;
        }
      }
      if (text) await push(text);
      if (!more) break;
    }
  });
  return count;
}
