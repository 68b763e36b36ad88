import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { planContent, type PlanChangeSummary, type PlanContent } from '../../core/plans.ts';
import { selectRows, type Queryable } from '../db/database.ts';
import { preparedQuery } from '../db/prepared.ts';
import { users } from '../users/users.table.ts';
import { recoveryPlans, recoveryPlanSteps, recoveryPlanVersions } from './plans.table.ts';
import { idRows } from '../db/id-list.ts';

export interface VersionRow {
  number: number;
  content: PlanContent;
  changes: PlanChangeSummary;
  savedAt: Date;
  savedBy: { id: string; name: string } | null;
}

const versionColumns = {
  number: recoveryPlanVersions.number,
  content: recoveryPlanVersions.content,
  changes: recoveryPlanVersions.changes,
  savedAt: recoveryPlanVersions.savedAt,
  savedById: recoveryPlanVersions.savedBy,
  savedByName: users.name,
};

function toVersion(row: { number: number; content: unknown; changes: PlanChangeSummary; savedAt: Date; savedById: string | null; savedByName: string | null }): VersionRow {
  return {
    number: row.number,
    // What was stored passed the same schema; reading it back through it keeps a hand-edited row from reaching a screen.
    content: planContent.parse(row.content),
    changes: row.changes,
    savedAt: row.savedAt,
    savedBy: row.savedById && row.savedByName ? { id: row.savedById, name: row.savedByName } : null,
  };
}

// Read for every participant's page: prepared (src/server/db/prepared.ts).
const currentVersionOf = preparedQuery('plan_current_version', (q) =>
  q
    .select(versionColumns)
    .from(recoveryPlans)
    .innerJoin(recoveryPlanVersions, and(eq(recoveryPlanVersions.participantId, recoveryPlans.participantId), eq(recoveryPlanVersions.number, recoveryPlans.version)))
    .leftJoin(users, eq(users.id, recoveryPlanVersions.savedBy))
    .where(eq(recoveryPlans.participantId, sql.placeholder('participantId'))),
);

/** The current version, in one query (the pointer joined to its version). */
export async function findCurrentVersion(q: Queryable, participantId: string): Promise<VersionRow | undefined> {
  const [row] = await currentVersionOf(q, { participantId });
  return row ? toVersion(row) : undefined;
}

export async function currentVersionNumber(q: Queryable, participantId: string): Promise<number> {
  const [row] = await q.select({ version: recoveryPlans.version }).from(recoveryPlans).where(eq(recoveryPlans.participantId, participantId));
  return row?.version ?? 0;
}

export async function findVersion(q: Queryable, participantId: string, number: number): Promise<VersionRow | undefined> {
  const [row] = await q
    .select(versionColumns)
    .from(recoveryPlanVersions)
    .leftJoin(users, eq(users.id, recoveryPlanVersions.savedBy))
    .where(and(eq(recoveryPlanVersions.participantId, participantId), eq(recoveryPlanVersions.number, number)));
  return row ? toVersion(row) : undefined;
}

export async function listVersions(q: Queryable, participantId: string) {
  const rows = await q
    .select({
      number: recoveryPlanVersions.number,
      changes: recoveryPlanVersions.changes,
      savedAt: recoveryPlanVersions.savedAt,
      savedById: recoveryPlanVersions.savedBy,
      savedByName: users.name,
    })
    .from(recoveryPlanVersions)
    .leftJoin(users, eq(users.id, recoveryPlanVersions.savedBy))
    .where(eq(recoveryPlanVersions.participantId, participantId))
    .orderBy(sql`${recoveryPlanVersions.number} DESC`);
  return rows.map((r) => ({
    number: r.number,
    changes: r.changes,
    savedAt: r.savedAt,
    savedBy: r.savedById && r.savedByName ? { id: r.savedById, name: r.savedByName } : null,
  }));
}

/**
 * Writes version `number` and makes it current, but only if the current one is
 * still `expected` (0: no plan yet). False when someone else saved first.
 */
export async function insertVersion(
  q: Queryable,
  v: { participantId: string; expected: number; number: number; content: PlanContent; changes: PlanChangeSummary; at: Date; by: string | null },
): Promise<boolean> {
  if (v.expected === 0) {
    const inserted = await q
      .insert(recoveryPlans)
      .values({ participantId: v.participantId, version: v.number, updatedAt: v.at, updatedBy: v.by })
      .onConflictDoNothing()
      .returning({ version: recoveryPlans.version });
    if (inserted.length === 0) return false;
  } else {
    const updated = await q
      .update(recoveryPlans)
      .set({ version: v.number, updatedAt: v.at, updatedBy: v.by })
      .where(and(eq(recoveryPlans.participantId, v.participantId), eq(recoveryPlans.version, v.expected)))
      .returning({ version: recoveryPlans.version });
    if (updated.length === 0) return false;
  }
  await q.insert(recoveryPlanVersions).values({
    participantId: v.participantId,
    number: v.number,
    content: v.content,
    changes: v.changes,
    savedAt: v.at,
    savedBy: v.by,
  });
  if (v.expected > 0) await q.delete(recoveryPlanSteps).where(eq(recoveryPlanSteps.participantId, v.participantId));
  const steps = v.content.goals.flatMap((g) =>
    g.steps.map((s) => ({ participantId: v.participantId, stepId: s.id, goalId: g.id, goalStatus: g.status, what: s.what, owner: s.owner, dueDate: s.dueDate, status: s.status })),
  );
  if (steps.length) await q.insert(recoveryPlanSteps).values(steps);
  return true;
}

/**
 * For each of these participants with any: how many steps of their current plan are
 * overdue on `today` and the oldest one's due day. The rule of core/plans.ts
 * isStepOverdue, in SQL (open steps of active goals due before today), on the
 * partial index of such steps. One row a person: a supervisor's worklist covers
 * 16,000 people, and their ~20,000 overdue steps read whole, text and all, to be
 * counted in the server cost a quarter of the worklist's SQL.
 */
export async function overdueStepCounts(q: Queryable, participantIds: readonly string[], today: string) {
  if (participantIds.length === 0) return [];
  // The open-steps partial index's own condition, so it serves this.
  return selectRows<{ participantId: string; count: number; oldestDueOn: string }>(
    q,
    sql`select ${recoveryPlanSteps.participantId} as "participantId", count(*)::int as count, min(${recoveryPlanSteps.dueDate})::text as "oldestDueOn"
      from ${idRows(participantIds)} as p(id)
      join ${recoveryPlanSteps} on ${recoveryPlanSteps.participantId} = p.id
      where ${and(
        inArray(recoveryPlanSteps.status, ['not_started', 'in_progress']),
        eq(recoveryPlanSteps.goalStatus, 'active'),
        lt(recoveryPlanSteps.dueDate, today),
      )}
      group by ${recoveryPlanSteps.participantId}`,
  );
}
