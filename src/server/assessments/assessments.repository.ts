import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/database.ts';
import { users } from '../users/users.table.ts';
import { assessments, instrumentVersions, instruments } from './assessments.table.ts';

export type AssessmentRow = typeof assessments.$inferSelect;
export type AssessmentValues = Omit<typeof assessments.$inferInsert, 'id'>;

/** The latest version of every instrument. */
export async function latestInstrumentVersions(q: Queryable) {
  return q
    .selectDistinctOn([instruments.key], { id: instrumentVersions.id, definition: instrumentVersions.definition })
    .from(instrumentVersions)
    .innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId))
    .orderBy(instruments.key, desc(instrumentVersions.version));
}

/** One version of an instrument, the latest when no version is given. */
export async function findInstrumentVersion(q: Queryable, key: string, version?: number) {
  const [row] = await q
    .select({ id: instrumentVersions.id, definition: instrumentVersions.definition })
    .from(instrumentVersions)
    .innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId))
    .where(and(eq(instruments.key, key), version === undefined ? undefined : eq(instrumentVersions.version, version)))
    .orderBy(desc(instrumentVersions.version))
    .limit(1);
  return row;
}

const starter = alias(users, 'starter');
const completer = alias(users, 'completer');

const withContext = {
  a: assessments,
  definition: instrumentVersions.definition,
  starterName: starter.name,
  completerName: completer.name,
};

export type AssessmentWithContext = Awaited<ReturnType<typeof listForParticipant>>[number];

function selectWithContext(q: Queryable) {
  return q
    .select(withContext)
    .from(assessments)
    .innerJoin(instrumentVersions, eq(instrumentVersions.id, assessments.instrumentVersionId))
    .leftJoin(starter, eq(starter.id, assessments.startedBy))
    .leftJoin(completer, eq(completer.id, assessments.completedBy));
}

/** A participant's assessments, most recent first. */
export async function listForParticipant(q: Queryable, participantId: string) {
  return selectWithContext(q)
    .where(eq(assessments.participantId, participantId))
    .orderBy(desc(assessments.startedAt), desc(assessments.id));
}

export async function findAssessment(q: Queryable, participantId: string, id: string) {
  const [row] = await selectWithContext(q).where(and(eq(assessments.id, id), eq(assessments.participantId, participantId)));
  return row;
}

/** The row alone, locked for a change. */
export async function lockAssessment(q: Queryable, participantId: string, id: string): Promise<AssessmentRow | undefined> {
  const [row] = await q
    .select()
    .from(assessments)
    .where(and(eq(assessments.id, id), eq(assessments.participantId, participantId)))
    .for('update');
  return row;
}

export async function insertAssessment(q: Queryable, values: AssessmentValues): Promise<AssessmentRow> {
  const [row] = await q.insert(assessments).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Several rows in one statement, returned in the order given. */
export async function insertAssessments(q: Queryable, values: AssessmentValues[]): Promise<{ id: string }[]> {
  if (values.length === 0) return [];
  return q.insert(assessments).values(values).returning({ id: assessments.id });
}

export async function updateAssessmentRow(q: Queryable, id: string, expectedVersion: number, values: Partial<AssessmentValues>) {
  const [row] = await q
    .update(assessments)
    .set({ ...values, version: sql`${assessments.version} + 1` })
    .where(and(eq(assessments.id, id), eq(assessments.version, expectedVersion)))
    .returning({ id: assessments.id });
  return row;
}
