import { and, asc, desc, eq, gte } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/database.ts';
import { users } from '../users/users.table.ts';
import { consentRevocations, consents, disclosures } from './consents.table.ts';

export type ConsentRow = typeof consents.$inferSelect;
export type ConsentValues = Omit<typeof consents.$inferInsert, 'id'>;
export type RevocationRow = typeof consentRevocations.$inferSelect;
export type DisclosureRow = typeof disclosures.$inferSelect;
export type DisclosureValues = Omit<typeof disclosures.$inferInsert, 'id'>;

const creator = alias(users, 'creator');
const revoker = alias(users, 'revoker');

export interface ConsentBundle {
  row: ConsentRow;
  revocation: RevocationRow | null;
  createdByName: string | null;
  revokedByName: string | null;
}

/** A participant's consents, newest signed first, each with its revocation if any. */
export async function loadConsents(q: Queryable, participantId: string, onlyId?: string): Promise<ConsentBundle[]> {
  return q
    .select({ row: consents, revocation: consentRevocations, createdByName: creator.name, revokedByName: revoker.name })
    .from(consents)
    .leftJoin(consentRevocations, eq(consentRevocations.consentId, consents.id))
    .leftJoin(creator, eq(creator.id, consents.createdBy))
    .leftJoin(revoker, eq(revoker.id, consentRevocations.recordedBy))
    .where(and(eq(consents.participantId, participantId), onlyId ? eq(consents.id, onlyId) : undefined))
    .orderBy(desc(consents.signedOn), desc(consents.createdAt));
}

export async function insertConsents(q: Queryable, values: readonly ConsentValues[]): Promise<ConsentRow[]> {
  if (values.length === 0) return [];
  return q.insert(consents).values([...values]).returning();
}

/** Locks the consent row so two revocations of it cannot race. */
export async function lockConsent(q: Queryable, participantId: string, id: string) {
  const [row] = await q
    .select()
    .from(consents)
    .where(and(eq(consents.id, id), eq(consents.participantId, participantId)))
    .for('update');
  return row;
}

export async function findRevocation(q: Queryable, consentId: string) {
  const [row] = await q.select().from(consentRevocations).where(eq(consentRevocations.consentId, consentId));
  return row;
}

export async function insertRevocation(q: Queryable, values: typeof consentRevocations.$inferInsert) {
  await q.insert(consentRevocations).values(values);
}

export async function insertDisclosure(q: Queryable, values: DisclosureValues): Promise<DisclosureRow> {
  const [row] = await q.insert(disclosures).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function insertDisclosures(q: Queryable, values: readonly DisclosureValues[]): Promise<DisclosureRow[]> {
  if (values.length === 0) return [];
  return q.insert(disclosures).values([...values]).returning();
}

/** The consent a disclosure cites, as the accounting names it. */
export interface CitedConsent {
  id: string;
  signedOn: string;
  recipientName: string;
}

/** A participant's disclosures at or after `since`, oldest first, with who disclosed and under which consent. */
export async function loadDisclosures(q: Queryable, participantId: string, since: Date) {
  return q
    .select({ row: disclosures, byName: users.name, consent: { id: consents.id, signedOn: consents.signedOn, recipientName: consents.recipientName } })
    .from(disclosures)
    .innerJoin(consents, eq(consents.id, disclosures.consentId))
    .leftJoin(users, eq(users.id, disclosures.disclosedBy))
    .where(and(eq(disclosures.participantId, participantId), gte(disclosures.disclosedAt, since)))
    .orderBy(asc(disclosures.disclosedAt), asc(disclosures.id));
}

export async function findCitedConsent(q: Queryable, consentId: string): Promise<CitedConsent> {
  const [row] = await q.select({ id: consents.id, signedOn: consents.signedOn, recipientName: consents.recipientName }).from(consents).where(eq(consents.id, consentId));
  if (!row) throw new Error(`consent ${consentId} not found`);
  return row;
}
