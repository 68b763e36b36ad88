/**
 * A logical backup of the whole program, and its restore into an empty one. The
 * same file serves PGlite and PostgreSQL, in either direction.
 *
 * The file is gzip'd NDJSON: a header (format, version, the migrations the
 * database had), then for each table a line naming it and its columns, one line
 * per row (PostgreSQL's own `row_to_json`, so every type — timestamptz, arrays,
 * jsonb, bytea — round-trips through PostgreSQL's text forms and not through a
 * driver's), and a line counting its rows; a last line says the backup is whole.
 *
 * The backup reads one consistent snapshot (REPEATABLE READ, READ ONLY) through
 * server-side cursors, so memory stays flat however large the program. The
 * restore runs in one transaction: a file cut short, a checksum that disagrees or
 * a database that is not empty leaves the target exactly as it was.
 */
import type { Readable, Writable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { fitSealFrontier } from '../audit/audit.chain.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { rowsOf, type Db, type Queryable, type Tx } from '../db/database.ts';
import { pendingMigrationTags } from '../db/migrate.ts';
import { systemActor } from '../http/actor.ts';

export const BACKUP_FORMAT = 'tandem-backup';
export const BACKUP_VERSION = 1;
/** Rows per cursor fetch and per insert: bounded memory, few round trips. */
const BATCH = 2000;
/**
 * This database's own bookkeeping, not copied: the migrations applied (rebuilt by the
 * migrations), and when each table last changed for the kept report figures
 * (figure_changes: a restore notes every table it filled as changed instead).
 */
const NOT_COPIED = new Set(['tandem_migrations', 'figure_changes']);

export class BackupError extends Error {}

export interface TableSummary {
  name: string;
  rows: number;
}
export interface BackupSummary {
  migrations: string[];
  tables: TableSummary[];
}

interface Header {
  format: string;
  version: number;
  createdAt: string;
  migrations: string[];
}
interface TableStart {
  table: string;
  columns: string[];
}
interface TableEnd {
  end: string;
  rows: number;
}
interface Trailer {
  done: true;
  tables: number;
}

/** The program's tables, in a stable order. */
async function tableNames(q: Queryable): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(
    await q.execute(sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`),
  );
  return rows.map((r) => r.name).filter((name) => !NOT_COPIED.has(name));
}

/** The columns a row is written and restored with: generated columns are computed again. */
async function copiedColumns(q: Queryable, table: string): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(
    await q.execute(sql`SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = ${table} AND is_generated = 'NEVER' ORDER BY ordinal_position`),
  );
  return rows.map((r) => r.name);
}

const columnList = (columns: readonly string[]) => sql.join(columns.map((c) => sql.identifier(c)), sql`, `);

/** Writes one line; waits when the stream asks it to (a slow disk must not fill memory). */
async function writeLine(out: Writable, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

/** Lines other than rows start with "#" (a row, being a JSON object, never does). */
const CONTROL = '#';
const writeControl = (out: Writable, value: Header | TableStart | TableEnd | Trailer) => writeLine(out, CONTROL + JSON.stringify(value));

/**
 * Writes the whole program to `out` (gzip'd). Resolves once everything is
 * flushed; `onTable` hears each table as it is done.
 */
export async function writeBackup(db: Db, out: Writable, now: Date, onTable: (t: TableSummary) => void = () => undefined): Promise<BackupSummary> {
  const gzip = createGzip();
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gzip.on('error', reject);
  });
  gzip.pipe(out);
  const summary = await db.transaction(async (tx) => {
    await tx.execute(sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`);
    const migrations = rowsOf<{ tag: string }>(await tx.execute(sql`SELECT tag FROM tandem_migrations ORDER BY tag`)).map((r) => r.tag);
    const header: Header = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: now.toISOString(), migrations };
    await writeControl(gzip, header);
    const tables: TableSummary[] = [];
    for (const table of await tableNames(tx)) {
      const columns = await copiedColumns(tx, table);
      const start: TableStart = { table, columns };
      await writeControl(gzip, start);
      await tx.execute(sql`DECLARE backup_rows NO SCROLL CURSOR FOR
        SELECT row_to_json(t)::text AS line FROM (SELECT ${columnList(columns)} FROM ${sql.identifier(table)}) t`);
      let rows = 0;
      for (;;) {
        const batch = rowsOf<{ line: string }>(await tx.execute(sql.raw(`FETCH ${String(BATCH)} FROM backup_rows`)));
        for (const r of batch) await writeLine(gzip, r.line);
        rows += batch.length;
        if (batch.length < BATCH) break;
      }
      await tx.execute(sql`CLOSE backup_rows`);
      const end: TableEnd = { end: table, rows };
      await writeControl(gzip, end);
      tables.push({ name: table, rows });
      onTable({ name: table, rows });
    }
    const trailer: Trailer = { done: true, tables: tables.length };
    await writeControl(gzip, trailer);
    return { migrations, tables };
  });
  gzip.end();
  await finished;
  await db.transaction((tx) => recordAudit(tx, systemActor, now, { action: 'backup.create', recordType: 'program', details: { tables: summary.tables.length } }));
  return summary;
}

/** An empty program: no site, no staff, no participant (what the migrations insert does not count). */
async function isEmpty(q: Queryable): Promise<boolean> {
  const [row] = rowsOf<{ n: number }>(
    await q.execute(sql`SELECT ((SELECT count(*) FROM sites) + (SELECT count(*) FROM users) + (SELECT count(*) FROM participants))::int AS n`),
  );
  return row?.n === 0;
}

async function insertRows(tx: Tx, table: string, columns: readonly string[], lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  const cols = columnList(columns);
  await tx.execute(sql`INSERT INTO ${sql.identifier(table)} (${cols}) OVERRIDING SYSTEM VALUE
    SELECT ${cols} FROM json_populate_recordset(NULL::${sql.identifier(table)}, ${`[${lines.join(',')}]`}::json)`);
}

/** Sequences behind serial and identity columns continue after the restored rows. */
async function resetSequences(tx: Tx): Promise<void> {
  const owned = rowsOf<{ seq: string; tbl: string; col: string }>(
    await tx.execute(sql`SELECT s.relname AS seq, t.relname AS tbl, a.attname AS col
      FROM pg_depend d
      JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
      JOIN pg_class t ON t.oid = d.refobjid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
      WHERE d.deptype IN ('a', 'i')`),
  );
  for (const o of owned) {
    await tx.execute(sql`SELECT setval(${`public.${o.seq}`}::regclass,
      COALESCE((SELECT max(${sql.identifier(o.col)}) FROM ${sql.identifier(o.tbl)}), 0) + 1, false)`);
  }
}

type Control = Partial<Header & TableStart & TableEnd & Trailer>;

function parseControl(line: string, what: string): Control {
  if (!line.startsWith(CONTROL)) throw new BackupError(`The backup is damaged: ${what} is missing.`);
  try {
    return JSON.parse(line.slice(CONTROL.length)) as Control;
  } catch {
    throw new BackupError(`The backup is damaged: ${what} is not valid JSON.`);
  }
}

/**
 * Restores a backup into this database, which must hold an empty program at the
 * same migrations as the backup. All or nothing.
 */
export async function restoreBackup(db: Db, input: Readable, now: Date, onTable: (t: TableSummary) => void = () => undefined): Promise<BackupSummary> {
  const summary = await db.transaction((tx) => restoreLines(tx, linesOf(input)[Symbol.asyncIterator](), onTable));
  await db.transaction((tx) => recordAudit(tx, systemActor, now, { action: 'backup.restore', recordType: 'program', details: { tables: summary.tables.length } }));
  return summary;
}

/**
 * The file's lines, read as they are asked for. A read or gzip error rejects the
 * next line, so the restore's transaction ends (rolled back) instead of waiting.
 */
async function* linesOf(input: Readable): AsyncGenerator<string> {
  const gunzip = createGunzip();
  input.on('error', (err) => gunzip.destroy(err));
  input.pipe(gunzip);
  gunzip.setEncoding('utf8');
  let rest = '';
  try {
    for await (const chunk of gunzip) {
      rest += chunk as string;
      let newline = rest.indexOf('\n');
      while (newline >= 0) {
        yield rest.slice(0, newline);
        rest = rest.slice(newline + 1);
        newline = rest.indexOf('\n');
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code?.startsWith('Z_')) throw new BackupError('The file is not a Tandem backup (not gzip) or it is damaged. Nothing was restored.');
    throw err;
  }
  if (rest !== '') yield rest;
}

async function restoreLines(tx: Tx, lines: AsyncIterator<string>, onTable: (t: TableSummary) => void): Promise<BackupSummary> {
  const next = async (what: string): Promise<string> => {
    const r = await lines.next();
    if (r.done) throw new BackupError(`The backup ends early (before ${what}): it was cut short. Nothing was restored.`);
    return r.value;
  };
  const header = parseControl(await next('its header'), 'the header');
  if (header.format !== BACKUP_FORMAT) throw new BackupError('The file is not a Tandem backup.');
  if (header.version !== BACKUP_VERSION) throw new BackupError(`This backup has format version ${String(header.version)}; this Tandem reads version ${String(BACKUP_VERSION)}.`);
  const ours = pendingMigrationTags();
  const theirs = header.migrations ?? [];
  if (theirs.join() !== ours.join()) {
    throw new BackupError(
      `The backup was made by a Tandem whose database is at migration ${theirs.at(-1) ?? '(none)'}; this one is at ${ours.at(-1) ?? '(none)'}. Restore it with the same version of Tandem.`,
    );
  }
  if (!(await isEmpty(tx))) throw new BackupError('The database already holds a program (sites, staff or participants). Restore only into an empty one.');

  try {
    // Rows go in as they were: no trigger fires (append-only guards, audit) and foreign keys are not checked row by row.
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
  } catch {
    throw new BackupError('Restoring needs a database superuser (to load rows without firing triggers).');
  }
  const known = new Set(await tableNames(tx));
  const tables: TableSummary[] = [];
  const seen = new Set<string>();
  // What the migrations inserted (built-in instruments, the starting codebook) is in the backup too.
  if (known.size > 0) await tx.execute(sql`TRUNCATE ${sql.join([...known].map((t) => sql.identifier(t)), sql`, `)}`);

  for (;;) {
    const line = await next('its last line');
    const item = parseControl(line, 'a table line');
    if (item.done) {
      if (item.tables !== tables.length) throw new BackupError(`The backup lists ${String(item.tables)} tables but holds ${String(tables.length)}. Nothing was restored.`);
      break;
    }
    const table = item.table;
    if (!table || !Array.isArray(item.columns)) throw new BackupError('The backup is damaged: a table line is missing its name or columns.');
    if (!known.has(table)) throw new BackupError(`The backup holds a table this Tandem does not have: ${table}.`);
    if (seen.has(table)) throw new BackupError(`The backup holds table ${table} twice.`);
    seen.add(table);
    const columns = item.columns;
    let rows = 0;
    let batch: string[] = [];
    for (;;) {
      const row = await next(`the end of table ${table}`);
      if (row.startsWith(CONTROL)) {
        const end = parseControl(row, `the end of table ${table}`);
        if (end.end !== table || end.rows !== rows + batch.length) {
          throw new BackupError(`Table ${table} should hold ${String(end.rows)} rows but the backup has ${String(rows + batch.length)}. Nothing was restored.`);
        }
        break;
      }
      batch.push(row);
      if (batch.length === BATCH) {
        await insertRows(tx, table, columns, batch);
        rows += batch.length;
        batch = [];
      }
    }
    await insertRows(tx, table, columns, batch);
    rows += batch.length;
    tables.push({ name: table, rows });
    onTable({ name: table, rows });
  }
  const missing = [...known].filter((t) => !seen.has(t));
  if (missing.length > 0) throw new BackupError(`The backup has no rows for these tables: ${missing.join(', ')}. Nothing was restored.`);
  await resetSequences(tx);
  await fitSealFrontier(tx);
  await tx.execute(sql`SET LOCAL session_replication_role = origin`);
  // No trigger noted the rows just loaded: a server keeping report figures must see every table as changed.
  await tx.execute(sql`SELECT figure_change_noted(t) FROM json_array_elements_text(${JSON.stringify(tables.map((t) => t.name))}::json) AS t`);
  return { migrations: ours, tables };
}
