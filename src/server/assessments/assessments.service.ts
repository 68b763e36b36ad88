/**
 * Assessments of a participant: started (optionally with some answers), saved
 * partially and resumed, completed once — then read-only. Answers are checked
 * against the exact instrument version the assessment started with; the score is
 * computed here on completion. Every read and change is audited with item ids only.
 */
import {
  answerIssues,
  answeredCount,
  mergeAnswers,
  missingAnswers,
  needsFound,
  scoreResponse,
  type Answers,
  type AssessmentDetail,
  type AssessmentStartInput,
  type AssessmentSummary,
  type AssessmentUpdateInput,
  type InstrumentDefinition,
  type InstrumentSummary,
} from '../../core/assessments.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Tx } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { Conflict, NotFound, StaleVersion, ValidationError } from '../http/errors.ts';
import { requireVisibleParticipant } from '../participants/participants.service.ts';
import {
  findAssessment,
  findInstrumentVersion,
  insertAssessment,
  insertAssessments,
  latestInstrumentVersions,
  listForParticipant,
  lockAssessment,
  updateAssessmentRow,
  type AssessmentWithContext,
} from './assessments.repository.ts';

type InstrumentVersionRow = NonNullable<Awaited<ReturnType<typeof findInstrumentVersion>>>;

const userOf = (actor: Actor) => (actor.via === 'system' ? null : actor.userId);

export async function listInstruments(tx: Tx): Promise<InstrumentSummary[]> {
  const rows = await latestInstrumentVersions(tx);
  return rows.map(({ definition: d }) => ({
    key: d.key,
    version: d.version,
    title: d.title,
    languages: d.languages,
    itemCount: d.items.length,
  }));
}

export async function getInstrument(tx: Tx, key: string, version?: number): Promise<InstrumentDefinition> {
  const row = await findInstrumentVersion(tx, key, version);
  if (!row) throw new NotFound('Instrument');
  return row.definition;
}

function summarize({ a, definition, starterName, completerName }: AssessmentWithContext): AssessmentSummary {
  const completed = a.status === 'completed';
  return {
    id: a.id,
    participantId: a.participantId,
    instrumentKey: definition.key,
    instrumentVersion: definition.version,
    title: definition.title,
    status: a.status,
    answeredCount: answeredCount(definition, a.answers),
    itemCount: definition.items.length,
    score: a.score,
    scoreMax: definition.scoring.type === 'sum' ? definition.scoring.max : null,
    flags: a.flags,
    needsFound: completed ? needsFound({ definition, answers: a.answers }) : [],
    startedAt: a.startedAt.toISOString(),
    startedBy: a.startedBy && starterName ? { id: a.startedBy, name: starterName } : null,
    completedAt: a.completedAt?.toISOString() ?? null,
    completedBy: a.completedBy && completerName ? { id: a.completedBy, name: completerName } : null,
    updatedAt: a.updatedAt.toISOString(),
    version: a.version,
  };
}

const detailOf = (row: AssessmentWithContext): AssessmentDetail => ({ ...summarize(row), answers: row.a.answers, definition: row.definition });

/** Every answer fits its item; completing also needs every required item answered. */
function check(definition: InstrumentDefinition, answers: Answers, complete: boolean) {
  const issues = answerIssues(definition, answers);
  if (complete) issues.push(...missingAnswers(definition, answers).filter((m) => !issues.some((i) => i.path === m.path)));
  if (issues.length > 0) {
    throw new ValidationError(issues, complete ? 'Some items are not answered or not valid' : 'Some answers are not valid');
  }
}

function completion(definition: InstrumentDefinition, answers: Answers, actor: Actor, now: Date) {
  const { score, flags } = scoreResponse(definition, answers);
  return { status: 'completed' as const, score, flags, completedAt: now, completedBy: userOf(actor) };
}

async function load(tx: Tx, participantId: string, id: string) {
  const row = await findAssessment(tx, participantId, id);
  if (!row) throw new NotFound('Assessment');
  return row;
}

export async function listAssessments(tx: Tx, actor: Actor, participantId: string, now: Date): Promise<AssessmentSummary[]> {
  await requireVisibleParticipant(tx, actor, participantId);
  const rows = await listForParticipant(tx, participantId);
  await recordAudit(tx, actor, now, { action: 'assessment.list', recordType: 'assessment', participantId, details: { count: rows.length } });
  return rows.map(summarize);
}

export async function getAssessment(tx: Tx, actor: Actor, participantId: string, id: string, now: Date): Promise<AssessmentDetail> {
  await requireVisibleParticipant(tx, actor, participantId);
  const row = await load(tx, participantId, id);
  await recordAudit(tx, actor, now, { action: 'assessment.read', recordType: 'assessment', recordId: id, participantId });
  return detailOf(row);
}

export async function startAssessment(
  tx: Tx,
  actor: Actor,
  participantId: string,
  input: AssessmentStartInput,
  now: Date,
): Promise<AssessmentDetail> {
  await requireVisibleParticipant(tx, actor, participantId);
  const instrument = await findInstrumentVersion(tx, input.instrumentKey);
  if (!instrument) throw new ValidationError([{ path: 'instrumentKey', message: 'No instrument with this key' }]);
  const { definition } = instrument;
  const answers = mergeAnswers({}, input.answers ?? {});
  const complete = input.complete === true;
  check(definition, answers, complete);
  const row = await insertAssessment(tx, {
    participantId,
    instrumentVersionId: instrument.id,
    status: 'in_progress',
    answers,
    startedAt: now,
    startedBy: userOf(actor),
    updatedAt: now,
    updatedBy: userOf(actor),
    ...(complete ? completion(definition, answers, actor, now) : {}),
  });
  await recordAudit(tx, actor, now, {
    action: complete ? 'assessment.complete' : 'assessment.start',
    recordType: 'assessment',
    recordId: row.id,
    participantId,
    details: { instrument: definition.key, version: definition.version, items: Object.keys(answers) },
  });
  return detailOf(await load(tx, participantId, row.id));
}

export async function updateAssessment(
  tx: Tx,
  actor: Actor,
  participantId: string,
  id: string,
  input: AssessmentUpdateInput,
  now: Date,
): Promise<AssessmentDetail> {
  await requireVisibleParticipant(tx, actor, participantId);
  const current = await lockAssessment(tx, participantId, id);
  if (!current) throw new NotFound('Assessment');
  if (current.status === 'completed') throw new Conflict('This assessment is completed and can no longer change', 'assessment_completed');
  if (current.version !== input.version) throw new StaleVersion('assessment');
  const { definition } = await load(tx, participantId, id);
  const answers = mergeAnswers(current.answers, input.answers);
  const complete = input.complete === true;
  check(definition, answers, complete);
  const saved = await updateAssessmentRow(tx, id, input.version, {
    answers,
    updatedAt: now,
    updatedBy: userOf(actor),
    ...(complete ? completion(definition, answers, actor, now) : {}),
  });
  if (!saved) throw new StaleVersion('assessment');
  await recordAudit(tx, actor, now, {
    action: complete ? 'assessment.complete' : 'assessment.update',
    recordType: 'assessment',
    recordId: id,
    participantId,
    details: { items: Object.keys(input.answers) },
  });
  return detailOf(await load(tx, participantId, id));
}

/**
 * For the demo seed: many assessments of one participant in one insert, each
 * checked, scored and audited as startAssessment does.
 */
export async function recordAssessments(
  tx: Tx,
  actor: Actor,
  participantId: string,
  entries: readonly { input: AssessmentStartInput; by: Actor; at: Date }[],
  /** Instrument versions already looked up, kept across calls by a caller recording many participants. */
  versions: Map<string, InstrumentVersionRow> = new Map(),
): Promise<string[]> {
  if (entries.length === 0) return [];
  await requireVisibleParticipant(tx, actor, participantId);
  const values = [];
  for (const { input, by, at } of entries) {
    let instrument = versions.get(input.instrumentKey);
    if (!instrument) {
      instrument = await findInstrumentVersion(tx, input.instrumentKey);
      if (!instrument) throw new ValidationError([{ path: 'instrumentKey', message: 'No instrument with this key' }]);
      versions.set(input.instrumentKey, instrument);
    }
    const answers = mergeAnswers({}, input.answers ?? {});
    const complete = input.complete === true;
    check(instrument.definition, answers, complete);
    values.push({
      participantId,
      instrumentVersionId: instrument.id,
      status: 'in_progress' as const,
      answers,
      startedAt: at,
      startedBy: userOf(by),
      updatedAt: at,
      updatedBy: userOf(by),
      ...(complete ? completion(instrument.definition, answers, by, at) : {}),
    });
  }
  const rows = await insertAssessments(tx, values);
  for (const [i, row] of rows.entries()) {
    const entry = entries[i];
    if (!entry) continue;
    await recordAudit(tx, entry.by, entry.at, {
      action: entry.input.complete === true ? 'assessment.complete' : 'assessment.start',
      recordType: 'assessment',
      recordId: row.id,
      participantId,
      details: { instrument: entry.input.instrumentKey, items: Object.keys(entry.input.answers ?? {}) },
    });
  }
  return rows.map((r) => r.id);
}
