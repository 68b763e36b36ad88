import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { NaloxoneProduct } from '../../core/naloxone.ts';
import type { Queryable } from '../db/database.ts';
import { sites } from '../sites/sites.table.ts';
import { userSites, users } from '../users/users.table.ts';
import { naloxoneDistributions, naloxoneLots, naloxoneMovements, naloxoneRefills, naloxoneReversals } from './naloxone.table.ts';

export type LotRow = typeof naloxoneLots.$inferSelect;
export type MovementValues = Omit<typeof naloxoneMovements.$inferInsert, 'id'>;
export type DistributionValues = Omit<typeof naloxoneDistributions.$inferInsert, 'id'>;
export type DistributionRow = typeof naloxoneDistributions.$inferSelect;
export type ReversalValues = Omit<typeof naloxoneReversals.$inferInsert, 'id'>;
export type RefillValues = Omit<typeof naloxoneRefills.$inferInsert, 'id'>;

/* ---------- lots and stock ---------- */

export async function findLotByNumber(q: Queryable, siteId: string, product: NaloxoneProduct, lotNumber: string): Promise<LotRow | undefined> {
  const [row] = await q
    .select()
    .from(naloxoneLots)
    .where(and(eq(naloxoneLots.siteId, siteId), eq(naloxoneLots.product, product), eq(naloxoneLots.lotNumber, lotNumber)));
  return row;
}

/** The lot, created when the site has never held it; two receipts of a new lot at once both find the one row. */
export async function findOrCreateLot(
  q: Queryable,
  values: { siteId: string; product: NaloxoneProduct; lotNumber: string; expiresOn: string; createdAt: Date },
): Promise<LotRow> {
  await q.insert(naloxoneLots).values(values).onConflictDoNothing();
  const row = await findLotByNumber(q, values.siteId, values.product, values.lotNumber);
  if (!row) throw new Error('lot vanished after insert');
  return row;
}

/**
 * Locks lots of a site (FOR UPDATE, in id order so that two transactions never
 * wait on each other in a cycle) and returns each with its kits on hand, summed
 * after the lock: a transaction that waited sees the movements of the one it
 * waited for. Either one lot (by id) or every lot of a product.
 */
export async function lockLots(q: Queryable, siteId: string, which: { lotId: string } | { product: NaloxoneProduct }) {
  const locked = await q
    .select()
    .from(naloxoneLots)
    .where(and(eq(naloxoneLots.siteId, siteId), 'lotId' in which ? eq(naloxoneLots.id, which.lotId) : eq(naloxoneLots.product, which.product)))
    .orderBy(asc(naloxoneLots.id))
    .for('update');
  if (locked.length === 0) return [];
  const sums = await q
    .select({ lotId: naloxoneMovements.lotId, onHand: sql<number>`coalesce(sum(${naloxoneMovements.kits}), 0)::int` })
    .from(naloxoneMovements)
    .where(inArray(naloxoneMovements.lotId, locked.map((l) => l.id)))
    .groupBy(naloxoneMovements.lotId);
  const byLot = new Map(sums.map((s) => [s.lotId, s.onHand]));
  return locked.map((l) => ({ ...l, onHand: byLot.get(l.id) ?? 0 }));
}

/** Each lot of a site with its kits by kind of movement (one aggregate query). */
export async function stockRows(q: Queryable, siteId: string) {
  const m = naloxoneMovements;
  const total = (kind: string) => sql<number>`coalesce(sum(${m.kits}) filter (where ${m.kind} = ${kind}), 0)::int`;
  return q
    .select({
      lot: naloxoneLots,
      onHand: sql<number>`coalesce(sum(${m.kits}), 0)::int`,
      received: total('received'),
      transferredIn: total('transfer_in'),
      transferredOut: total('transfer_out'),
      distributed: total('distributed'),
      expiredDestroyed: total('expired_destroyed'),
      lost: total('lost'),
      adjustments: total('adjustment'),
    })
    .from(naloxoneLots)
    .leftJoin(m, eq(m.lotId, naloxoneLots.id))
    .where(eq(naloxoneLots.siteId, siteId))
    .groupBy(naloxoneLots.id)
    .orderBy(asc(naloxoneLots.product), asc(naloxoneLots.expiresOn), asc(naloxoneLots.lotNumber));
}

/** Many lots in one statement (an import), in the order given. */
export async function insertLots(q: Queryable, values: readonly (typeof naloxoneLots.$inferInsert)[]) {
  if (values.length === 0) return [];
  return q.insert(naloxoneLots).values([...values]).returning({ id: naloxoneLots.id });
}

/* ---------- movements ---------- */

export async function insertMovements(q: Queryable, values: readonly MovementValues[]) {
  if (values.length === 0) return [];
  return q.insert(naloxoneMovements).values([...values]).returning({ id: naloxoneMovements.id });
}

const counterpart = alias(sites, 'counterpart');

export async function loadMovements(q: Queryable, where: { siteId: string; lotId?: string; ids?: readonly string[] }, limit: number) {
  const m = naloxoneMovements;
  return q
    .select({ row: m, lot: naloxoneLots, counterpartName: counterpart.name, createdByName: users.name })
    .from(m)
    .innerJoin(naloxoneLots, eq(naloxoneLots.id, m.lotId))
    .leftJoin(counterpart, eq(counterpart.id, m.counterpartSiteId))
    .leftJoin(users, eq(users.id, m.createdBy))
    .where(and(eq(m.siteId, where.siteId), where.lotId ? eq(m.lotId, where.lotId) : undefined, where.ids ? inArray(m.id, [...where.ids]) : undefined))
    .orderBy(desc(m.occurredOn), desc(m.createdAt), desc(m.id))
    .limit(limit);
}

/* ---------- distributions ---------- */

export async function insertDistribution(q: Queryable, values: DistributionValues): Promise<DistributionRow> {
  const [row] = await q.insert(naloxoneDistributions).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Many distributions in one statement (an import), in the order given. */
export async function insertDistributions(q: Queryable, values: readonly DistributionValues[]) {
  if (values.length === 0) return [];
  return q.insert(naloxoneDistributions).values([...values]).returning({ id: naloxoneDistributions.id });
}

const trainer = alias(users, 'trainer');
const creator = alias(users, 'creator');

export async function loadDistributions(q: Queryable, where: { siteId?: string; participantId?: string; id?: string }, limit: number) {
  const d = naloxoneDistributions;
  const rows = await q
    .select({ row: d, siteName: sites.name, trainedByName: trainer.name, createdByName: creator.name })
    .from(d)
    .innerJoin(sites, eq(sites.id, d.siteId))
    .leftJoin(trainer, eq(trainer.id, d.trainedBy))
    .leftJoin(creator, eq(creator.id, d.createdBy))
    .where(
      and(
        where.siteId ? eq(d.siteId, where.siteId) : undefined,
        where.participantId ? eq(d.participantId, where.participantId) : undefined,
        where.id ? eq(d.id, where.id) : undefined,
      ),
    )
    .orderBy(desc(d.distributedOn), desc(d.createdAt), desc(d.id))
    .limit(limit);
  const ids = rows.map((r) => r.row.id);
  const lots =
    ids.length === 0
      ? []
      : await q
          .select({ distributionId: naloxoneMovements.distributionId, lotId: naloxoneLots.id, lotNumber: naloxoneLots.lotNumber, expiresOn: naloxoneLots.expiresOn, kits: naloxoneMovements.kits })
          .from(naloxoneMovements)
          .innerJoin(naloxoneLots, eq(naloxoneLots.id, naloxoneMovements.lotId))
          .where(inArray(naloxoneMovements.distributionId, ids))
          .orderBy(asc(naloxoneLots.expiresOn), asc(naloxoneLots.lotNumber));
  return rows.map((r) => ({
    ...r,
    lots: lots.filter((l) => l.distributionId === r.row.id).map((l) => ({ lotId: l.lotId, lotNumber: l.lotNumber, expiresOn: l.expiresOn, kits: -l.kits })),
  }));
}

export async function findDistribution(q: Queryable, id: string): Promise<DistributionRow | undefined> {
  const [row] = await q.select().from(naloxoneDistributions).where(eq(naloxoneDistributions.id, id));
  return row;
}

/** An active staff member assigned to the site (or a program administrator), to name as trainer. */
/** The staff who may be named as trainers at a site (as findStaffAtSite checks), by name. */
export async function staffAtSite(q: Queryable, siteId: string) {
  return q
    .selectDistinct({ id: users.id, name: users.name })
    .from(users)
    .leftJoin(userSites, and(eq(userSites.userId, users.id), eq(userSites.siteId, siteId)))
    .where(and(eq(users.active, true), sql`(${users.role} = 'program_admin' or ${userSites.siteId} is not null)`))
    .orderBy(asc(users.name), asc(users.id));
}

export async function findStaffAtSite(q: Queryable, userId: string, siteId: string) {
  const [row] = await q
    .select({ id: users.id })
    .from(users)
    .leftJoin(userSites, and(eq(userSites.userId, users.id), eq(userSites.siteId, siteId)))
    .where(and(eq(users.id, userId), eq(users.active, true), sql`(${users.role} = 'program_admin' or ${userSites.siteId} is not null)`));
  return row;
}

/* ---------- reversals and refills ---------- */

export async function insertReversal(q: Queryable, values: ReversalValues) {
  const [row] = await q.insert(naloxoneReversals).values(values).returning({ id: naloxoneReversals.id });
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function loadReversals(q: Queryable, where: { siteId?: string; participantId?: string; id?: string }, limit: number) {
  const r = naloxoneReversals;
  return q
    .select({ row: r, createdByName: users.name })
    .from(r)
    .leftJoin(users, eq(users.id, r.createdBy))
    .where(
      and(
        where.siteId ? eq(r.siteId, where.siteId) : undefined,
        where.participantId ? eq(r.participantId, where.participantId) : undefined,
        where.id ? eq(r.id, where.id) : undefined,
      ),
    )
    .orderBy(desc(r.occurredOn), desc(r.createdAt))
    .limit(limit);
}

export async function findReversal(q: Queryable, id: string) {
  const [row] = await q.select().from(naloxoneReversals).where(eq(naloxoneReversals.id, id));
  return row;
}

export async function insertRefill(q: Queryable, values: RefillValues) {
  const [row] = await q.insert(naloxoneRefills).values(values).returning({ id: naloxoneRefills.id });
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function loadRefills(q: Queryable, where: { siteId?: string; participantId?: string; id?: string }, limit: number) {
  const r = naloxoneRefills;
  return q
    .select({ row: r, createdByName: users.name })
    .from(r)
    .leftJoin(users, eq(users.id, r.createdBy))
    .where(
      and(
        where.siteId ? eq(r.siteId, where.siteId) : undefined,
        where.participantId ? eq(r.participantId, where.participantId) : undefined,
        where.id ? eq(r.id, where.id) : undefined,
      ),
    )
    .orderBy(desc(r.requestedOn), desc(r.createdAt))
    .limit(limit);
}

/** Lots among these whose movements sum below zero (an import's final check). */
export async function negativeLots(q: Queryable, lotIds: readonly string[]) {
  if (lotIds.length === 0) return [];
  return q
    .select({ lotId: naloxoneMovements.lotId })
    .from(naloxoneMovements)
    .where(inArray(naloxoneMovements.lotId, [...lotIds]))
    .groupBy(naloxoneMovements.lotId)
    .having(sql`sum(${naloxoneMovements.kits}) < 0`);
}
