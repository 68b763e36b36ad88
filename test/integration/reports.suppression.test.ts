/**
 * Small-cell suppression that arithmetic cannot undo. A generated program (a few
 * hundred people over four sites, where some cells hold 11 or more and others 1
 * to 10) is reported on for a year, once as a program administrator sees it and
 * once as an evaluator does. For every set of parts that adds up to a whole — the
 * reasons of the discharges, the months, the funnels by category, need and
 * provider, each breakdown dimension, the retention marks, the overdoses, the
 * follow-ups due by site, the curves by site and medication — a hidden part must
 * not be the only one hidden, nor the hidden ones add up to 10 or less; and the
 * evaluator's Kaplan-Meier curve must give no step of fewer than 11 events.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPRESSED_TEXT, type Dashboard, type DashboardFigures, type Rate } from '../../src/core/reports.ts';
import { isoDateIn } from '../../src/core/calendar.ts';
import { rowsOf } from '../../src/server/db/database.ts';
import { extraConnectionsOf, type ExtraConnections } from '../../src/server/reports/query-lanes.ts';
import { buildDashboard, type ReportContext } from '../../src/server/reports/reports.service.ts';
import { programTables, toReportCsv } from '../../src/server/reports/reports.tables.ts';
import { seedScale } from '../../src/server/seed/scale.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let testDb: TestDatabase;
let admin: Dashboard;
let evaluator: Dashboard;
let ctx: (suppress: boolean) => ReportContext;
const now = new Date('2026-09-30T15:00:00Z');
const query = { from: '2025-10-01', to: '2026-09-29' };

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.database.db;
  await seedScale(db, { participants: 240, now, chunkSize: 240 });
  const sites = rowsOf<{ id: string; name: string; time_zone: string }>(await db.execute(sql`SELECT id, name, time_zone FROM sites ORDER BY name`));
  const timeZone = sites[0]?.time_zone ?? 'UTC';
  ctx = (suppress: boolean): ReportContext => ({ siteIds: null, sites, timeZone, today: isoDateIn(now, timeZone), suppress });
  // One query after another on the transaction's connection (no further connections given).
  admin = await db.transaction((tx) => buildDashboard(tx, ctx(false), query, now));
  evaluator = await db.transaction((tx) => buildDashboard(tx, ctx(true), query, now));
}, 240_000);
afterAll(() => testDb.drop());

/** Parts hidden alongside shown ones, across every check: the fixture must exercise complementary suppression. */
let complementary = 0;

/**
 * Shown parts are true; small ones are hidden; the hidden ones are none, or two or more adding up to more than 10.
 * `shownWhole`, where the whole is shown beside its parts: a whole of 1–10 is hidden itself, and then a lone
 * hidden part (the others zeros) gives nothing back.
 */
function checkParts(what: string, raw: readonly number[], shown: readonly (number | null)[], shownWhole?: number | null): void {
  expect(shown.length, what).toBe(raw.length);
  const hidden: number[] = [];
  raw.forEach((r, i) => {
    const s = shown[i];
    if (s === null || s === undefined) {
      hidden.push(r);
      if (r > 10) complementary += 1;
    } else expect(s, `${what} [${String(i)}]`).toBe(r);
    if (r >= 1 && r <= 10) expect(s, `${what} [${String(i)}] = ${String(r)} must be hidden`).toBeNull();
  });
  const whole = raw.reduce((x, y) => x + y, 0);
  if (hidden.length > 0 && shownWhole !== undefined && whole >= 1 && whole <= 10) {
    expect(shownWhole, `${what}: a whole of ${String(whole)} must be hidden`).toBeNull();
  } else if (hidden.length > 0) {
    expect(hidden.length, `${what}: a lone hidden part is the total less the others`).toBeGreaterThanOrEqual(2);
    expect(
      hidden.reduce((a, b) => a + b, 0),
      `${what}: hidden parts adding up to 10 or less`,
    ).toBeGreaterThan(10);
  }
}

const num = (r: Rate) => r.numerator;
const den = (r: Rate) => r.denominator;

describe('an evaluator’s figures for a year of a generated program', () => {
  let a: DashboardFigures;
  let e: DashboardFigures;
  beforeAll(() => {
    a = admin.current;
    e = evaluator.current;
  });

  it('are a mix of cells of 11 or more and of 1 to 10', () => {
    expect(a.enrollment.enrolled ?? 0).toBeGreaterThan(10);
    expect(e.enrollment.enrolled).toBe(a.enrollment.enrolled);
    const rows = a.breakdowns.filter((r) => r.dimension === 'race').map((r) => r.enrolled ?? 0);
    expect(rows.some((n) => n > 10)).toBe(true);
    expect(rows.some((n) => n >= 1 && n <= 10)).toBe(true);
  });

  it('hide no part that the whole less the parts shown gives back', () => {
    checkParts('discharges by reason', a.enrollment.dischargedByReason.map((r) => r.people ?? 0), e.enrollment.dischargedByReason.map((r) => r.people));
    checkParts(
      'active at the end and discharged',
      [a.enrollment.activeAtEnd ?? 0, a.enrollment.discharged ?? 0],
      [e.enrollment.activeAtEnd, e.enrollment.discharged],
    );
    checkParts('contacts by month', a.contacts.byMonth.map((m) => m.contacts ?? 0), e.contacts.byMonth.map((m) => m.contacts));
    checkParts('active people by month', a.contacts.byMonth.map((m) => m.activePeople ?? 0), e.contacts.byMonth.map((m) => m.activePeople));
    for (const [name, groups] of [
      ['category', [a.referrals.byCategory, e.referrals.byCategory]],
      ['need', [a.referrals.byNeed, e.referrals.byNeed]],
      ['provider', [a.referrals.byProvider, e.referrals.byProvider]],
    ] as const) {
      const [ga, ge] = groups as unknown as [{ stages: { referrals: number | null; shareOfSent: number | null }[] }[], { stages: { referrals: number | null; shareOfSent: number | null }[] }[]];
      for (let i = 0; i < 5; i++) {
        checkParts(`referrals by ${name}, stage ${String(i)}`, ga.map((g) => g.stages[i]?.referrals ?? 0), ge.map((g) => g.stages[i]?.referrals ?? null));
      }
      // A share of sent with its stage shown but its sent hidden would give the sent back.
      for (const g of ge) if (g.stages[0]?.referrals === null) for (const st of g.stages) expect(st.shareOfSent).toBeNull();
    }
    checkParts('linkage by index', a.linkage.byIndex.map((x) => x.cohort ?? 0), e.linkage.byIndex.map((x) => x.cohort));
    const kinds = ['non_fatal_overdose', 'fatal_overdose'];
    const od = (f: DashboardFigures) => f.criticalEvents.byKind.filter((k) => kinds.includes(k.kind));
    checkParts('overdoses by kind', od(a).map((k) => k.events ?? 0), od(e).map((k) => k.events), e.criticalEvents.overdoses);
    checkParts(
      'overdoses within 30 days by kind',
      od(a).map((k) => k.eventsWithin30DaysOfRelease ?? 0),
      od(e).map((k) => k.eventsWithin30DaysOfRelease),
      e.criticalEvents.overdosesWithin30DaysOfRelease,
    );
    expect(e.criticalEvents.fatalOverdoses).toBe(od(e).find((k) => k.kind === 'fatal_overdose')?.events);
    checkParts('due now by site', a.followUp.dueBySite.map((x) => x.dueNow ?? 0), e.followUp.dueBySite.map((x) => x.dueNow));
  });

  it('hide every breakdown part, count or the parts of a rate, that the rows of its dimension would give back', () => {
    const counts = ['enrolled', 'active', 'discharged', 'contacts', 'participantMonths', 'referralsSent', 'referralsEngaged', 'linkageCohort', 'retentionCohort', 'overdoses', 'overdosePeople', 'fatalOverdoses'] as const;
    for (const dim of ['site', 'race', 'ethnicity', 'gender', 'age_group'] as const) {
      const ra = a.breakdowns.filter((r) => r.dimension === dim);
      const re = e.breakdowns.filter((r) => r.dimension === dim);
      for (const key of counts) checkParts(`${dim} ${key}`, ra.map((r) => r[key] ?? 0), re.map((r) => r[key]));
      for (const key of ['linkedWithin7', 'linkedWithin14', 'linkedWithin30', 'retainedAt90', 'followUp'] as const) {
        checkParts(`${dim} ${key} numerator`, ra.map((r) => num(r[key]) ?? 0), re.map((r) => num(r[key])));
        checkParts(`${dim} ${key} denominator`, ra.map((r) => den(r[key]) ?? 0), re.map((r) => den(r[key])));
        for (const r of re) if (r[key].numerator === null || r[key].denominator === null) expect(r[key].rate).toBeNull();
      }
    }
  });

  it('show a retention mark’s denominator only when retained, not retained and not yet are all shown', () => {
    a.retention.marks.forEach((m, i) => {
      const x = e.retention.marks[i];
      if (!x) throw new Error('mark');
      checkParts(`retention at ${String(m.days)}`, [m.retained ?? 0, m.notRetained ?? 0, m.notYet ?? 0], [x.retained, x.notRetained, x.notYet]);
      if (x.retained === null || x.notRetained === null || x.notYet === null) expect(x.rate.denominator).toBeNull();
      if (x.retained === null) expect(x.rate.numerator).toBeNull();
    });
  });

  it('draw curves whose steps hold at least 11 events, survival to 2 decimals, at risk in tens, no censored counts', () => {
    const overall = e.retention.curves.find((c) => c.dimension === 'overall');
    const truth = a.retention.curves.find((c) => c.dimension === 'overall');
    if (!overall || !truth) throw new Error('no overall curve');
    expect(overall.coarse).toBe(true);
    expect(overall.points.length).toBeGreaterThan(1);
    for (const [i, p] of overall.points.entries()) {
      expect(p.censored).toBeNull();
      expect((p.atRisk ?? 0) % 10).toBe(0);
      expect(Math.round(p.survival * 100) / 100).toBe(p.survival);
      if (i > 0) expect(p.events).toBeGreaterThanOrEqual(11);
      // The survival is the estimator's own at that day, rounded.
      const at = [...truth.points].reverse().find((q) => q.day <= p.day);
      expect(p.survival).toBeCloseTo(at?.survival ?? 1, 2);
    }
    // The intervals account for every event, so no short tail is left to work out from the total.
    expect(overall.points.reduce((n, p) => n + (p.events ?? 0), 0)).toBe(overall.events);
    // The curves by site, and by medication, split the people and events of the overall one.
    for (const dim of ['site', 'medication'] as const) {
      const ca = a.retention.curves.filter((c) => c.dimension === dim);
      const ce = e.retention.curves.filter((c) => c.dimension === dim);
      checkParts(`curves by ${dim}: people`, ca.map((c) => c.people ?? 0), ce.map((c) => c.people));
      for (const c of ce) if (c.people === null) expect(c.points).toEqual([]);
    }
  });

  it('write the same curve to the files, hidden cells as "suppressed", never a small count', () => {
    const tables = programTables(evaluator);
    const curve = tables.find((t) => t.id === 'retention_curve_all');
    const overall = evaluator.current.retention.curves.find((c) => c.dimension === 'overall');
    expect(curve?.rows.map((r) => r.events)).toEqual(overall?.points.map((p) => p.events));
    expect(curve?.rows.map((r) => r.atRisk)).toEqual(overall?.points.map((p) => p.atRisk));
    const csv = toReportCsv(tables);
    expect(csv).toContain(`,${SUPPRESSED_TEXT}`);
    expect(csv).not.toContain('1-10');
    expect(complementary, 'the fixture must make some part of 11 or more hidden to protect a smaller one').toBeGreaterThan(0);
  });
});

describe('the figures computed side by side on several connections', () => {
  it('are the figures computed one query after another, on PostgreSQL from connections of their own', async () => {
    let opened = 0;
    const extra = extraConnectionsOf(testDb.database, 3);
    const counted: ExtraConnections = {
      available: () => extra.available(),
      open: (work) => {
        opened += 1;
        return extra.open(work);
      },
    };
    const sideBySide = await testDb.database.db.transaction((tx) => buildDashboard(tx, ctx(false), query, now, { connections: counted }));
    expect({ ...sideBySide, generatedAt: admin.generatedAt }).toEqual(admin);
    // PGlite has one connection: everything ran on the transaction's.
    expect(opened).toBe(testDb.database.kind === 'postgresql' ? 2 : 0);
  });
});
