/**
 * The kept dashboard figures are reused query by query while the tables each query
 * reads are unchanged (figure-queries.ts, figures-cache.ts). A table a query reads but
 * does not list would leave its figures stale after a change. So, on the demonstration
 * program (every kind of record present): each query runs alone in a transaction,
 * and the tables PostgreSQL scanned for it (its per-transaction statistics) must be
 * exactly the ones it lists; and every table listed must have the trigger that notes
 * its changes.
 */
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Queryable } from '../../src/server/db/database.ts';
import { DERIVED_TABLES, FIGURE_TABLES, figureQueries, PARTICIPANT_FIGURE_COLUMNS, type FigureQueries } from '../../src/server/reports/figure-queries.ts';
import { foldFigureChanges } from '../../src/server/reports/figure-changes.ts';
import { createDemoTestDatabase, type TestDatabase } from '../support/database.ts';

const NOW = new Date('2026-03-02T15:00:00Z');
let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createDemoTestDatabase(NOW);
}, 120_000);
afterAll(() => testDb.drop());

/** Scans of each table so far in this transaction (sequential and by index). */
async function scans(q: Queryable): Promise<Map<string, number>> {
  const rows = rowsOf<{ relname: string; n: number }>(
    await q.execute(sql`select relname, (coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::int as n from pg_stat_xact_user_tables`),
  );
  return new Map(rows.map((r) => [r.relname, r.n]));
}

describe('what each dashboard query reads', () => {
  const sites = async () => rowsOf<{ id: string; time_zone: string }>(await testDb.database.db.execute(sql`select id, time_zone from sites order by name`));

  const queries = async (): Promise<FigureQueries> => {
    const all = await sites();
    return figureQueries({ from: '2025-01-01', to: '2026-02-28', today: '2026-03-02', timeZone: all[0]?.time_zone ?? 'UTC', siteIds: all.map((s) => s.id) });
  };

  it('is the list of tables it gives, for every query', async () => {
    for (const [name, query] of Object.entries(await queries())) {
      const scanned = await testDb.database.db.transaction(async (tx) => {
        const before = await scans(tx);
        const rows = await query.run(tx);
        expect(rows, name).toBeTruthy();
        const after = await scans(tx);
        return [...after].filter(([table, n]) => n > (before.get(table) ?? 0)).map(([table]) => table);
      });
      expect(scanned.sort(), name).toEqual([...new Set(query.reads)].sort());
    }
  });

  it('has each of its tables noting its changes, so kept figures know when to run again', async () => {
    const triggers = rowsOf<{ table_name: string }>(
      await testDb.database.db.execute(sql`
        select c.relname as table_name from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
        where p.proname like 'figure_change_note%' and not t.tgisinternal`),
    ).map((r) => r.table_name);
    expect(triggers.filter((t) => t === 'participants')).toHaveLength(2);
    expect(FIGURE_TABLES.filter((t) => !triggers.includes(t))).toEqual([]);
    expect(triggers.filter((t) => !FIGURE_TABLES.includes(t))).toEqual([]);
    // A derived table's changes are noted through its sources: a query reading it reads them too.
    for (const [name, query] of Object.entries(await queries())) {
      for (const derived of query.reads.filter((t) => t in DERIVED_TABLES)) {
        expect(DERIVED_TABLES[derived]?.filter((t) => !query.reads.includes(t)), `${name}: ${derived}`).toEqual([]);
      }
    }
  });

  it('takes from participants only the columns whose changes are noted', async () => {
    const columns = rowsOf<{ name: string }>(
      await testDb.database.db.execute(sql`select column_name as name from information_schema.columns where table_name = 'participants'`),
    ).map((r) => r.name);
    const read = new Set<string>();
    const dialect = new PgDialect();
    for (const query of Object.values(await queries())) {
      // The statements' text: a plan's scan gives out the whole row, whatever is used of it.
      const reading = {
        execute: async (statement: SQL) => {
          for (const column of participantColumns(dialect.sqlToQuery(statement).sql, columns)) read.add(column);
          return { rows: [] };
        },
      } as unknown as Queryable;
      await query.run(reading);
    }
    expect([...read]).toContain('date_of_birth');
    expect([...read].filter((c) => !(PARTICIPANT_FIGURE_COLUMNS as readonly string[]).includes(c))).toEqual([]);
  });

  it('reads generated columns of participants only when what they come from is noted', async () => {
    // A generated column's expression is its default (pg_attrdef), which depends on each column it reads.
    const sources = rowsOf<{ generated: string; source: string }>(
      await testDb.database.db.execute(sql`select g.attname as generated, s.attname as source
        from pg_depend d
        join pg_attrdef ad on ad.oid = d.objid
        join pg_attribute g on g.attrelid = ad.adrelid and g.attnum = ad.adnum
        join pg_attribute s on s.attrelid = d.refobjid and s.attnum = d.refobjsubid
        where d.classid = 'pg_attrdef'::regclass and ad.adrelid = 'participants'::regclass
          and d.refobjid = 'participants'::regclass and g.attgenerated = 's' and s.attnum <> g.attnum`),
    );
    const noted: readonly string[] = PARTICIPANT_FIGURE_COLUMNS;
    const generatedRead = [...new Set(sources.map((r) => r.generated))].filter((c) => noted.includes(c));
    expect(generatedRead).toContain('report_key');
    for (const column of generatedRead) {
      const from = sources.filter((r) => r.generated === column).map((r) => r.source);
      expect(from.sort(), column).toEqual(['ethnicity', 'gender', 'race']);
      expect(from.filter((c) => !noted.includes(c) || generatedRead.includes(c)), column).toEqual([]);
    }
  });

  it('notes an update of a participant only when it changed a column the figures read', async () => {
    const version = async (q: Queryable) =>
      rowsOf<{ v: string | null }>(await q.execute(sql`select sum(change)::text as v from figure_changes where table_name = 'participants'`))[0]?.v ?? null;
    const changes: Record<(typeof PARTICIPANT_FIGURE_COLUMNS)[number], SQL | null> = {
      id: null,
      site_id: sql`site_id = (select id from sites s where s.id <> participants.site_id limit 1)`,
      // Each to a value other than the person's own: who sorts first by id differs from run to run (random ids).
      race: sql`race = case when race = array['asian'] then array['white'] else array['asian'] end`,
      ethnicity: sql`ethnicity = case when ethnicity = 'declined' then 'hispanic_or_latino' else 'declined' end`,
      gender: sql`gender = case when gender = 'declined' then 'woman' else 'declined' end`,
      // Generated from race, ethnicity and gender: changed only through them (checked below).
      report_key: null,
      date_of_birth: sql`date_of_birth = date_of_birth - 1`,
      release_date: sql`release_date = coalesce(release_date - 1, '2026-01-05')`,
      referral_source: sql`referral_source = case when referral_source = 'self' then 'family' else 'self' end`,
    };
    await expect(
      testDb.database.db.transaction(async (tx) => {
        const someone = sql`id = (select id from participants order by id limit 1)`;
        let last = await version(tx);
        await tx.execute(sql`update participants set phone = '555-0100', preferred_name = 'Sunny', updated_at = now(), version = version + 1 where ${someone}`);
        await tx.execute(sql`update participants set gender = gender where ${someone}`);
        expect(await version(tx), 'no figure column changed').toBe(last);
        for (const [column, change] of Object.entries(changes)) {
          if (!change) continue;
          await tx.execute(sql`update participants set ${change} where ${someone}`);
          const now = await version(tx);
          expect(now, column).not.toBe(last);
          last = now;
        }
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
  });

  it('folds the rows of closed connections into one per table, every version kept', async () => {
    const db = testDb.database.db;
    const versions = async () =>
      rowsOf<{ table_name: string; v: string }>(await db.execute(sql`select table_name, sum(change)::text as v from figure_changes group by 1 order by 1`));
    // Connections that wrote and closed long ago (no open connection has these ids).
    await db.execute(sql`insert into figure_changes (table_name, backend, change) values
      ('studies', -1, 5), ('studies', -2, 7), ('referrals', -3, 11) on conflict do nothing`);
    const before = await versions();
    expect(await foldFigureChanges(db)).toBeGreaterThanOrEqual(3);
    expect(await versions()).toEqual(before);
    const left = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from figure_changes where backend < 0`))[0]?.n;
    expect(left).toBe(0);
    // The next change still raises the version.
    await db.execute(sql`update studies set name = name`);
    expect((await versions()).find((r) => r.table_name === 'studies')?.v).not.toBe(before.find((r) => r.table_name === 'studies')?.v);
  });

  it('raises a table version with every change, in the transaction that makes it', async () => {
    const db = testDb.database.db;
    const version = async (q: Queryable) =>
      rowsOf<{ v: string | null }>(await q.execute(sql`select sum(change)::text as v from figure_changes where table_name = 'studies'`))[0]?.v ?? null;
    const before = await version(db);
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`update studies set name = name`);
        expect(await version(tx)).not.toBe(before);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await version(db)).toBe(before);
    await db.execute(sql`update studies set name = name`);
    const once = await version(db);
    expect(once).not.toBe(before);
    await db.execute(sql`update studies set name = name`);
    expect(BigInt((await version(db)) ?? 0)).toBeGreaterThan(BigInt(once ?? 0));
  });
});

/**
 * The participants columns a statement names through an alias of participants
 * (`participants p` … `p.race`); `p.*` names them all. Another relation given the same
 * alias elsewhere in the statement can only add names, never hide one.
 */
function participantColumns(statement: string, columns: readonly string[]): string[] {
  const text = statement.replace(/--[^\n]*/g, '');
  const found: string[] = [];
  for (const [, alias] of text.matchAll(/\bparticipants\s+(?:as\s+)?(\w+)/gi)) {
    if (!alias) continue;
    for (const [, column] of text.matchAll(new RegExp(`\\b${alias}\\.(\\*|\\w+)`, 'g'))) {
      if (column === '*') found.push(...columns);
      else if (column && columns.includes(column)) found.push(column);
    }
  }
  return found;
}
