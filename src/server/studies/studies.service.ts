/**
 * Studies and randomization. A program administrator defines a study (arms with
 * ratios, strata factors, block sizes) and activates it; a coach or case manager
 * randomizes a newly enrolled participant of their sites. The allocation comes
 * from the stratum's current permuted block (core/randomization.ts, with crypto
 * randomness), is revealed only in the answer to the randomization, and is never
 * changed afterwards (append-only table). Audited in the same transaction.
 */
import { randomBytes } from 'node:crypto';
import { allocate, parseStratumKey, stratumKey, type Random, type StratumFactor } from '../../core/randomization.ts';
import {
  STUDY_TRANSITIONS,
  studyCreateInput,
  type ParticipantStudies,
  type RandomizeInput,
  type Study,
  type StudyAllocation,
  type StudyAssignment,
  type StudyCreateInput,
  type StudyDetail,
  type StudyUpdateInput,
} from '../../core/studies.ts';
import { participantListAudit, recordAudit } from '../audit/audit.service.ts';
import type { Tx } from '../db/database.ts';
import { isUniqueViolation, onUniqueViolation } from '../db/unique-violation.ts';
import { actorCan, type Actor } from '../http/actor.ts';
import { Conflict, Forbidden, NotFound, StaleVersion } from '../http/errors.ts';
import { listEnrollments } from '../enrollments/enrollments.service.ts';
import { requireVisibleParticipant } from '../participants/participants.service.ts';
import { listSites } from '../sites/sites.service.ts';
import {
  activeStudies,
  allocationCounts,
  armRows,
  assignmentRows,
  countAssignments,
  findStudyByName,
  insertAssignment,
  insertStudy,
  lockStratum,
  lockStudy,
  saveStratum,
  studyRows,
  updateStudyRow,
} from './studies.repository.ts';

const actorId = (actor: Actor) => (actor.via === 'system' ? null : actor.userId);

/** 48 random bits from the operating system's cryptographic source, as a number in [0, 1). */
export const cryptoRandom: Random = () => randomBytes(6).readUIntBE(0, 6) / 2 ** 48;

type StudyBundle = Awaited<ReturnType<typeof studyRows>>[number];

function toStudy(b: StudyBundle): Study {
  const s = b.study;
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    arms: s.arms,
    strataFactors: s.strataFactors,
    blockSizes: s.blockSizes,
    status: s.status,
    version: s.version,
    assignedCount: b.assignedCount,
    createdAt: s.createdAt.toISOString(),
    createdBy: s.createdBy ? { id: s.createdBy, name: b.createdByName ?? '' } : null,
    updatedAt: s.updatedAt.toISOString(),
  };
}

const nameTaken = () => new Conflict('A study with this name already exists', 'name_taken', [{ path: 'name', message: 'A study with this name already exists' }]);

async function loadStudy(tx: Tx, id: string): Promise<Study> {
  const [b] = await studyRows(tx, id);
  if (!b) throw new NotFound('Study');
  return toStudy(b);
}

export async function listStudies(tx: Tx): Promise<{ items: Study[] }> {
  return { items: (await studyRows(tx)).map(toStudy) };
}

export async function getStudy(tx: Tx, actor: Actor, id: string): Promise<StudyDetail> {
  const study = await loadStudy(tx, id);
  return { ...study, allocation: await allocation(tx, actor, study) };
}

async function allocation(tx: Tx, actor: Actor, study: Study): Promise<StudyAllocation> {
  const rows = await allocationCounts(tx, study.id);
  const siteNames = new Map((await listSites(tx, actor)).map((s) => [s.id, s.name]));
  const armKeys = study.arms.map((a) => a.key);
  const byArm = armKeys.map((arm) => ({ arm, count: rows.filter((r) => r.arm === arm).reduce((n, r) => n + r.n, 0) }));
  const strata = [...new Set(rows.map((r) => r.stratumKey))];
  return {
    byArm,
    byStratum: strata.map((key) => {
      const mine = rows.filter((r) => r.stratumKey === key);
      return {
        stratumKey: key,
        values: parseStratumKey(key).map(({ factor, value }) => ({ factor, value, label: factor === 'site' ? (siteNames.get(value) ?? value) : value })),
        total: mine.reduce((n, r) => n + r.n, 0),
        byArm: armKeys.map((arm) => ({ arm, count: mine.find((r) => r.arm === arm)?.n ?? 0 })),
      };
    }),
  };
}

export async function createStudy(tx: Tx, actor: Actor, input: StudyCreateInput, now: Date): Promise<StudyDetail> {
  const parsed = studyCreateInput.parse(input);
  if (await findStudyByName(tx, parsed.name)) throw nameTaken();
  const row = await insertStudy(tx, {
    name: parsed.name,
    description: parsed.description ?? null,
    arms: parsed.arms,
    strataFactors: parsed.strataFactors,
    blockSizes: parsed.blockSizes,
    status: 'draft',
    createdAt: now,
    createdBy: actorId(actor),
    updatedAt: now,
    updatedBy: actorId(actor),
  }).catch(onUniqueViolation('studies_name_unique', nameTaken));
  await recordAudit(tx, actor, now, { action: 'study.create', recordType: 'study', recordId: row.id });
  return getStudy(tx, actor, row.id);
}

const DESIGN_FIELDS = ['arms', 'strataFactors', 'blockSizes'] as const;

export async function updateStudy(tx: Tx, actor: Actor, id: string, input: StudyUpdateInput, now: Date): Promise<StudyDetail> {
  const row = await lockStudy(tx, id, 'update');
  if (!row) throw new NotFound('Study');
  if (row.version !== input.version) throw new StaleVersion('study');
  const changed = DESIGN_FIELDS.filter((f) => input[f] !== undefined);
  if (changed.length > 0 && (await countAssignments(tx, id)) > 0) {
    throw new Conflict(
      'Participants have been randomized in this study: its arms, strata and block sizes can no longer change.',
      'design_frozen',
      changed.map((path) => ({ path, message: 'Frozen once a participant is assigned' })),
    );
  }
  if (input.status !== undefined && input.status !== row.status && !STUDY_TRANSITIONS[row.status].includes(input.status)) {
    throw new Conflict(`A ${row.status} study cannot become ${input.status}.`, 'illegal_transition', [{ path: 'status', message: `Not allowed from ${row.status}` }]);
  }
  if (row.status === 'closed' && changed.length > 0) {
    throw new Conflict('A closed study cannot change.', 'study_closed', changed.map((path) => ({ path, message: 'The study is closed' })));
  }
  if (input.name !== undefined && input.name !== row.name && (await findStudyByName(tx, input.name))) throw nameTaken();
  const values = {
    ...(input.status !== undefined ? { status: input.status } : {}),
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.description !== undefined ? { description: input.description?.trim() || null } : {}),
    ...(input.arms !== undefined ? { arms: input.arms } : {}),
    ...(input.strataFactors !== undefined ? { strataFactors: input.strataFactors } : {}),
    ...(input.blockSizes !== undefined ? { blockSizes: input.blockSizes } : {}),
  };
  await updateStudyRow(tx, id, { ...values, version: row.version + 1, updatedAt: now, updatedBy: actorId(actor) }).catch(
    onUniqueViolation('studies_name_unique', nameTaken),
  );
  await recordAudit(tx, actor, now, {
    action: input.status !== undefined && input.status !== row.status ? `study.${input.status === 'active' ? 'activate' : input.status}` : 'study.update',
    recordType: 'study',
    recordId: id,
    details: { fields: Object.keys(values) },
  });
  return getStudy(tx, actor, id);
}

function toAssignment(b: Awaited<ReturnType<typeof assignmentRows>>[number]): StudyAssignment {
  const a = b.a;
  return {
    id: a.id,
    studyId: a.studyId,
    studyName: b.studyName,
    participantId: a.participantId,
    arm: { key: a.arm, label: b.arms.find((x) => x.key === a.arm)?.label ?? a.arm },
    stratumKey: a.stratumKey,
    assignedAt: a.assignedAt.toISOString(),
    assignedBy: a.assignedBy ? { id: a.assignedBy, name: b.assignedByName ?? '' } : null,
  };
}

const alreadyAssigned = () =>
  new Conflict('This participant has already been randomized in this study; the allocation never changes.', 'already_assigned', [
    { path: 'participantId', message: 'Already randomized in this study' },
  ]);

/**
 * Randomizes a participant the actor may see (else 404), with an open enrollment
 * (else 409 naming participantId), not yet in the study (else 409, nothing new),
 * into an active study (else 409). Locks: the study (shared, so its design cannot
 * change meanwhile), the participant (two randomizations of one person queue, the
 * second finds the first's assignment), then the stratum's state (two people of
 * one stratum never take the same slot).
 */
export async function randomize(tx: Tx, actor: Actor, studyId: string, input: RandomizeInput, now: Date, random: Random = cryptoRandom): Promise<StudyAssignment> {
  if (!actorCan(actor, 'participants:write')) throw new Forbidden();
  const study = await lockStudy(tx, studyId, 'share');
  if (!study) throw new NotFound('Study');
  const participant = await requireVisibleParticipant(tx, actor, input.participantId, { forUpdate: true });
  if (study.status !== 'active') {
    throw new Conflict(`This study is ${study.status}: only an active study randomizes.`, 'study_not_active');
  }
  if ((await assignmentRows(tx, participant.id, studyId)).length > 0) throw alreadyAssigned();
  const open = (await listEnrollments(tx, actor, participant.id, now)).find((e) => e.dischargedOn === null);
  if (!open) {
    throw new Conflict('Only a participant with an open enrollment can be randomized. Enroll them first.', 'not_enrolled', [
      { path: 'participantId', message: 'Has no open enrollment' },
    ]);
  }
  const values: Record<StratumFactor, string | null> = {
    site: participant.siteId,
    referral_source: open.referralSource,
    gender: participant.gender,
    custody_status: participant.custodyStatus,
  };
  const key = stratumKey(study.strataFactors, values);
  const state = await lockStratum(tx, studyId, key, now);
  const result = allocate({ remaining: state.remaining, blockNumber: state.blockNumber }, study.arms, study.blockSizes, random);
  await saveStratum(tx, studyId, key, result.next, now);
  const row = await insertAssignment(tx, {
    studyId,
    participantId: participant.id,
    arm: result.arm,
    stratumKey: key,
    blockNumber: result.blockNumber,
    assignedAt: now,
    assignedBy: actorId(actor),
  }).catch((err: unknown) => {
    throw isUniqueViolation(err, 'study_assignments_study_participant_key') ? alreadyAssigned() : err;
  });
  await recordAudit(tx, actor, now, {
    action: 'study.randomize',
    recordType: 'study_assignment',
    recordId: row.id,
    participantId: participant.id,
    details: { studyId },
  });
  const [bundle] = await assignmentRows(tx, participant.id, studyId);
  if (!bundle) throw new NotFound('Study assignment');
  return toAssignment(bundle);
}

/** A participant's assignments, and the active studies they could still join. Audited as a read. */
export async function listParticipantStudies(tx: Tx, actor: Actor, participantId: string, now: Date): Promise<ParticipantStudies> {
  await requireVisibleParticipant(tx, actor, participantId);
  const items = (await assignmentRows(tx, participantId)).map(toAssignment);
  const inStudy = new Set(items.map((i) => i.studyId));
  const available = (await activeStudies(tx)).filter((s) => !inStudy.has(s.id));
  const hasOpenEnrollment = (await listEnrollments(tx, actor, participantId, now)).some((e) => e.dischargedOn === null);
  await recordAudit(tx, actor, now, participantListAudit('study_assignment.list', participantId, { assignmentIds: items.map((i) => i.id) }));
  return { items, available, hasOpenEnrollment };
}

/**
 * For outcome reports: each assignment of these participants (study, arm key and
 * label). The caller has scoped the ids to what its actor may see and audits what
 * it shows; this writes no audit rows.
 */
export async function studyArmsOf(tx: Tx, participantIds: readonly string[]): Promise<{ participantId: string; studyId: string; studyName: string; arm: string; armLabel: string }[]> {
  if (participantIds.length === 0) return [];
  const rows = await armRows(tx, participantIds);
  return rows.map((r) => ({ participantId: r.participantId, studyId: r.studyId, studyName: r.studyName, arm: r.arm, armLabel: r.arms.find((a) => a.key === r.arm)?.label ?? r.arm }));
}
