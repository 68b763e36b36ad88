/**
 * Recovery plans. Each save writes a new immutable version and moves the current
 * pointer, only if the version the person read is still current (else 409 and
 * nothing changes). Every read and save is audited with the participant.
 */
import { randomUUID } from 'node:crypto';
import {
  hasChanges,
  planContent,
  planIdIssues,
  summarizePlanChanges,
  type Plan,
  type PlanContent,
  type PlanSaveParsed,
  type PlanVersion,
  type PlanVersionSummary,
} from '../../core/plans.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Queryable, Tx } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { NotFound, StaleVersion, ValidationError } from '../http/errors.ts';
import { requireVisibleParticipant } from '../participants/participants.service.ts';
import { currentVersionNumber, findCurrentVersion, findVersion, insertVersion, listVersions, overdueStepCounts, type VersionRow } from './plans.repository.ts';

const EMPTY: PlanContent = { goals: [] };

function toPlan(participantId: string, v: VersionRow | undefined): Plan {
  return {
    participantId,
    version: v?.number ?? 0,
    savedAt: v?.savedAt.toISOString() ?? null,
    savedBy: v?.savedBy ?? null,
    goals: v?.content.goals ?? [],
  };
}

const loadCurrent = findCurrentVersion;

/** The current plan, or an empty one at version 0 when none was saved yet. */
export async function getPlan(tx: Tx, actor: Actor, participantId: string, now: Date): Promise<Plan> {
  await requireVisibleParticipant(tx, actor, participantId);
  const current = await loadCurrent(tx, participantId);
  await recordAudit(tx, actor, now, { action: 'plan.read', recordType: 'recovery_plan', recordId: participantId, participantId, details: { version: current?.number ?? 0 } });
  return toPlan(participantId, current);
}

export async function savePlan(tx: Tx, actor: Actor, participantId: string, input: PlanSaveParsed, now: Date): Promise<Plan> {
  // Locking the participant makes two saves of one plan take turns: the second sees the first's version.
  await requireVisibleParticipant(tx, actor, participantId, { forUpdate: true });
  const current = await loadCurrent(tx, participantId);
  const currentNumber = current?.number ?? 0;
  if (input.version !== currentNumber) throw new StaleVersion('recovery plan');
  const before = current?.content ?? EMPTY;
  const issues = planIdIssues(input.goals, before);
  if (issues.length) throw new ValidationError(issues);

  const after = planContent.parse({
    goals: input.goals.map((g) => ({ ...g, id: g.id ?? randomUUID(), steps: g.steps.map((s) => ({ ...s, id: s.id ?? randomUUID() })) })),
  });
  const changes = summarizePlanChanges(before, after);
  if (!hasChanges(changes)) {
    await recordAudit(tx, actor, now, { action: 'plan.read', recordType: 'recovery_plan', recordId: participantId, participantId, details: { version: currentNumber, unchanged: true } });
    return toPlan(participantId, current);
  }
  const by = actor.via === 'system' ? null : actor.userId;
  const number = currentNumber + 1;
  const saved = await insertVersion(tx, { participantId, expected: currentNumber, number, content: after, changes, at: now, by });
  if (!saved) throw new StaleVersion('recovery plan');
  await recordAudit(tx, actor, now, {
    action: currentNumber === 0 ? 'plan.create' : 'plan.update',
    recordType: 'recovery_plan',
    recordId: participantId,
    participantId,
    // Counts and the kinds of change, never the words of a goal or step.
    details: { version: number, changed: Object.entries(changes).filter(([, v]) => v !== 0 && v !== false).map(([k]) => k) },
  });
  return toPlan(participantId, { number, content: after, changes, savedAt: now, savedBy: by ? { id: by, name: actor.name } : null });
}

export async function listPlanVersions(tx: Tx, actor: Actor, participantId: string, now: Date): Promise<PlanVersionSummary[]> {
  await requireVisibleParticipant(tx, actor, participantId);
  const rows = await listVersions(tx, participantId);
  await recordAudit(tx, actor, now, { action: 'plan.versions.list', recordType: 'recovery_plan', recordId: participantId, participantId, details: { count: rows.length } });
  return rows.map((r) => ({ number: r.number, savedAt: r.savedAt.toISOString(), savedBy: r.savedBy, changes: r.changes }));
}

export async function getPlanVersion(tx: Tx, actor: Actor, participantId: string, number: number, now: Date): Promise<PlanVersion> {
  await requireVisibleParticipant(tx, actor, participantId);
  const row = await findVersion(tx, participantId, number);
  if (!row) throw new NotFound('Plan version');
  const current = await currentVersionNumber(tx, participantId);
  await recordAudit(tx, actor, now, { action: 'plan.version.read', recordType: 'recovery_plan', recordId: participantId, participantId, details: { version: number } });
  return { ...toPlan(participantId, row), number: row.number, current: row.number === current, changes: row.changes };
}

/**
 * For other features (the critical-time worklist): how many steps of these
 * participants' current plans are overdue on `today` (YYYY-MM-DD), and the oldest
 * one's due day; people with none are left out. The caller has already scoped the
 * participants to the actor and audits its own access.
 */
export async function overdueStepCountsOf(tx: Queryable, participantIds: readonly string[], today: string): Promise<{ participantId: string; count: number; oldestDueOn: string }[]> {
  return overdueStepCounts(tx, participantIds, today);
}
