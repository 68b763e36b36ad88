import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { users } from '../users/users.table.ts';
import { studies, studyAllocationState, studyAssignments } from './studies.table.ts';

export type StudyRow = typeof studies.$inferSelect;
export type StudyValues = Omit<typeof studies.$inferInsert, 'id'>;
export type AssignmentValues = Omit<typeof studyAssignments.$inferInsert, 'id'>;

const assignedCount = sql<number>`(select count(*)::int from ${studyAssignments} where ${studyAssignments.studyId} = ${studies.id})`;

export async function studyRows(q: Queryable, id?: string) {
  return q
    .select({ study: studies, createdByName: users.name, assignedCount })
    .from(studies)
    .leftJoin(users, eq(users.id, studies.createdBy))
    .where(id === undefined ? undefined : eq(studies.id, id))
    .orderBy(asc(studies.name));
}

/** The study row, locked: FOR UPDATE for a change, FOR SHARE for a randomization (design changes wait for it). */
export async function lockStudy(q: Queryable, id: string, mode: 'update' | 'share'): Promise<StudyRow | undefined> {
  const [row] = await q.select().from(studies).where(eq(studies.id, id)).for(mode);
  return row;
}

export async function findStudyByName(q: Queryable, name: string) {
  const [row] = await q.select({ id: studies.id }).from(studies).where(eq(studies.name, name));
  return row;
}

export async function insertStudy(q: Queryable, values: StudyValues): Promise<StudyRow> {
  const [row] = await q.insert(studies).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateStudyRow(q: Queryable, id: string, values: Partial<StudyValues>): Promise<void> {
  await q.update(studies).set(values).where(eq(studies.id, id));
}

export async function countAssignments(q: Queryable, studyId: string): Promise<number> {
  const [row] = await q.select({ n: sql<number>`count(*)::int` }).from(studyAssignments).where(eq(studyAssignments.studyId, studyId));
  return row?.n ?? 0;
}

/**
 * The stratum's allocation state, created empty the first time and locked FOR
 * UPDATE: a second randomization in the same stratum waits here until the first
 * commits, then reads the block as the first left it.
 */
export async function lockStratum(q: Queryable, studyId: string, stratumKey: string, now: Date) {
  await q.insert(studyAllocationState).values({ studyId, stratumKey, remaining: [], blockNumber: 0, updatedAt: now }).onConflictDoNothing();
  const [row] = await q
    .select()
    .from(studyAllocationState)
    .where(and(eq(studyAllocationState.studyId, studyId), eq(studyAllocationState.stratumKey, stratumKey)))
    .for('update');
  if (!row) throw new Error('allocation state vanished after insert');
  return row;
}

export async function saveStratum(q: Queryable, studyId: string, stratumKey: string, state: { remaining: string[]; blockNumber: number }, now: Date) {
  await q
    .update(studyAllocationState)
    .set({ remaining: state.remaining, blockNumber: state.blockNumber, updatedAt: now })
    .where(and(eq(studyAllocationState.studyId, studyId), eq(studyAllocationState.stratumKey, stratumKey)));
}

export async function insertAssignment(q: Queryable, values: AssignmentValues) {
  const [row] = await q.insert(studyAssignments).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** A participant's assignments (one study, or all), with the study and who assigned them. */
export async function assignmentRows(q: Queryable, participantId: string, studyId?: string) {
  return q
    .select({ a: studyAssignments, studyName: studies.name, arms: studies.arms, assignedByName: users.name })
    .from(studyAssignments)
    .innerJoin(studies, eq(studies.id, studyAssignments.studyId))
    .leftJoin(users, eq(users.id, studyAssignments.assignedBy))
    .where(and(eq(studyAssignments.participantId, participantId), studyId === undefined ? undefined : eq(studyAssignments.studyId, studyId)))
    .orderBy(asc(studyAssignments.assignedAt));
}

export async function activeStudies(q: Queryable) {
  return q.select({ id: studies.id, name: studies.name, description: studies.description }).from(studies).where(eq(studies.status, 'active')).orderBy(asc(studies.name));
}

/** Counts by stratum and arm: no participant, no order. */
export async function allocationCounts(q: Queryable, studyId: string) {
  return q
    .select({ stratumKey: studyAssignments.stratumKey, arm: studyAssignments.arm, n: sql<number>`count(*)::int` })
    .from(studyAssignments)
    .where(eq(studyAssignments.studyId, studyId))
    .groupBy(studyAssignments.stratumKey, studyAssignments.arm)
    .orderBy(asc(studyAssignments.stratumKey), asc(studyAssignments.arm));
}

export async function armRows(q: Queryable, participantIds: readonly string[]) {
  return q
    .select({ participantId: studyAssignments.participantId, studyId: studyAssignments.studyId, studyName: studies.name, arms: studies.arms, arm: studyAssignments.arm })
    .from(studyAssignments)
    .innerJoin(studies, eq(studies.id, studyAssignments.studyId))
    .where(inArray(studyAssignments.participantId, [...participantIds]))
    .orderBy(asc(studyAssignments.participantId), asc(studies.name));
}
