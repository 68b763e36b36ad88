/**
 * Backup and restore: the demonstration program is backed up and restored into
 * an empty program; every table comes back row for row. A file cut short, a file
 * that is not a backup, and a target that already holds a program are refused
 * and change nothing. The same on PGlite and PostgreSQL.
 */
import { PassThrough, Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError, restoreBackup, writeBackup } from '../../src/server/backup/backup.ts';
import { rowsOf, type Db } from '../../src/server/db/database.ts';
import { createDemoTestDatabase, createTestDatabase, type TestDatabase } from '../support/database.ts';

const NOW = new Date('2026-03-02T15:00:00Z');
let source: TestDatabase;
let target: TestDatabase;
let backup: Buffer;

async function backupOf(db: Db): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeBackup(db, out, NOW);
  return Buffer.concat(chunks);
}

/** Every table's row count and a digest of its rows in a fixed order (generated columns included). */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  const tables = rowsOf<{ name: string }>(
    await db.execute(sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT IN ('tandem_migrations', 'figure_changes') ORDER BY 1`),
  );
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = rowsOf<{ n: number; digest: string | null }>(
      await db.execute(sql`SELECT count(*)::int AS n, md5(string_agg(row_to_json(t)::text, E'\n' ORDER BY row_to_json(t)::text)) AS digest
        FROM ${sql.identifier(name)} t`),
    );
    result[name] = `${String(row?.n)} ${row?.digest ?? '-'}`;
  }
  return result;
}

const restoreFrom = (bytes: Buffer) => restoreBackup(target.database.db, Readable.from([bytes]), NOW);

beforeAll(async () => {
  source = await createDemoTestDatabase(NOW);
  target = await createTestDatabase();
}, 240_000);
afterAll(async () => {
  await source.drop();
  await target.drop();
});

describe('a backup of the demonstration program', () => {
  it('is one gzip file with a header naming the migrations, and every table', async () => {
    backup = await backupOf(source.database.db);
    const lines = gunzipSync(backup).toString('utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]?.slice(1) ?? '{}') as { format: string; migrations: string[] };
    expect(header.format).toBe('tandem-backup');
    expect(header.migrations.length).toBeGreaterThan(10);
    expect(lines.at(-1)).toMatch(/^#\{"done":true,"tables":\d+\}$/);
    expect(lines.filter((l) => l.startsWith('#{"table":"participants"'))).toHaveLength(1);
  });

  it('cut short, it is refused and nothing is restored', async () => {
    const text = gunzipSync(backup).toString('utf8');
    const cut = gzipSync(Buffer.from(text.slice(0, Math.floor(text.length * 0.7))));
    await expect(restoreFrom(cut)).rejects.toThrow(/cut short|should hold/);
    const empty = await fingerprint(target.database.db);
    expect(empty.participants).toBe('0 -');
    expect(empty.users).toBe('0 -');
  });

  it('a file that is not a backup is refused', async () => {
    await expect(restoreFrom(Buffer.from('participants,names\n'))).rejects.toThrow(BackupError);
    await expect(restoreFrom(gzipSync(Buffer.from('{"hello":"world"}\n')))).rejects.toThrow(/damaged|not a Tandem backup/);
  });

  it('restores into an empty program with every table equal, and the program goes on (sequences continue)', async () => {
    const version = async () =>
      rowsOf<{ v: string | null }>(await target.database.db.execute(sql`SELECT sum(change)::text AS v FROM figure_changes WHERE table_name = 'participants'`))[0]?.v ?? null;
    const versionBefore = await version();
    const summary = await restoreFrom(backup);
    // Loaded without triggers, yet noted as changed: report figures kept for the empty program are not current any more.
    expect(await version()).not.toBe(versionBefore);
    expect(summary.tables.find((t) => t.name === 'participants')?.rows).toBeGreaterThanOrEqual(200);
    const before = await fingerprint(source.database.db);
    const after = await fingerprint(target.database.db);
    // The restore's own audit row and the source's backup row are the only differences.
    const { audit_events: sourceAudit, ...sourceRest } = before;
    const { audit_events: targetAudit, ...targetRest } = after;
    expect(targetRest).toEqual(sourceRest);
    expect(Number(targetAudit?.split(' ')[0])).toBe(Number(sourceAudit?.split(' ')[0]));
    const [latest] = rowsOf<{ action: string }>(await target.database.db.execute(sql`SELECT action FROM audit_events ORDER BY id DESC LIMIT 1`));
    expect(latest?.action).toBe('backup.restore');
  });

  it('a program that already holds data refuses a restore, unchanged', async () => {
    const before = await fingerprint(target.database.db);
    await expect(restoreFrom(backup)).rejects.toThrow(/already holds a program/);
    expect(await fingerprint(target.database.db)).toEqual(before);
  });
});
