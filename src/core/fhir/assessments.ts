/**
 * instrument → Questionnaire; assessment → QuestionnaireResponse; a scored
 * instrument's total (the BARC-10 recovery capital score) → Observation.
 */
import type { Observation, Questionnaire, QuestionnaireItem, QuestionnaireResponse, QuestionnaireResponseItem } from '@medplum/fhirtypes';
import type { AssessmentDetail, InstrumentDefinition, InstrumentItem, Localized } from '../assessments.ts';
import { SYSTEM, TANDEM_CANONICAL, tandemSystem } from './codes.ts';
import { compact, part2Meta, practitionerRef, ref, uuidIdentifier } from './common.ts';

const text = (l: Localized | undefined) => (l ? (l.en ?? Object.values(l)[0] ?? '') : '');

export const questionnaireUrl = (key: string) => `${TANDEM_CANONICAL}/Questionnaire/${key}`;
/** A FHIR id has no underscores: barc10 v1 → "barc10-v1". */
export const questionnaireId = (key: string, version: number) => `${key.replace(/_/g, '-')}-v${String(version)}`;
const answerSystem = (key: string, itemId: string) => tandemSystem(`instrument-${key}-${itemId}`.replace(/_/g, '-'));

function questionnaireItem(key: string, item: InstrumentItem): QuestionnaireItem {
  const base = { linkId: item.id, text: text(item.prompt), required: item.required };
  switch (item.type) {
    case 'single_choice':
      return {
        ...base,
        type: 'choice',
        answerOption: item.options.map((o) => ({ valueCoding: { system: answerSystem(key, item.id), code: o.value, display: text(o.label) } })),
      };
    case 'number':
      return { ...base, type: 'decimal' };
    case 'text':
      return compact({ ...base, type: 'string' as const, maxLength: item.maxLength });
  }
}

export function toQuestionnaire(d: InstrumentDefinition): Questionnaire {
  return compact<Questionnaire>({
    resourceType: 'Questionnaire',
    id: questionnaireId(d.key, d.version),
    meta: part2Meta(),
    url: questionnaireUrl(d.key),
    version: String(d.version),
    // A computer-friendly name starts with a capital letter (constraint que-0).
    name: `Tandem${d.key.replace(/(^|_)([a-z0-9])/g, (_m: string, _s: string, c: string) => c.toUpperCase())}`,
    title: text(d.title),
    status: 'active',
    description: d.description ? text(d.description) : undefined,
    copyright: d.source,
    item: d.items.map((i) => questionnaireItem(d.key, i)),
  });
}

function answerOf(d: InstrumentDefinition, item: InstrumentItem, value: string | number): QuestionnaireResponseItem['answer'] {
  switch (item.type) {
    case 'single_choice': {
      const option = item.options.find((o) => o.value === String(value));
      return [{ valueCoding: compact({ system: answerSystem(d.key, item.id), code: String(value), display: option ? text(option.label) : undefined }) }];
    }
    case 'number':
      return [typeof value === 'number' && Number.isInteger(value) ? { valueInteger: value } : { valueDecimal: Number(value) }];
    case 'text':
      return [{ valueString: String(value) }];
  }
}

export function toQuestionnaireResponse(a: AssessmentDetail): QuestionnaireResponse {
  const d = a.definition;
  const items = d.items.flatMap((item): QuestionnaireResponseItem[] => {
    const value = a.answers[item.id];
    return value === undefined ? [] : [{ linkId: item.id, text: text(item.prompt), answer: answerOf(d, item, value) }];
  });
  return compact<QuestionnaireResponse>({
    resourceType: 'QuestionnaireResponse',
    id: a.id,
    meta: part2Meta({ versionId: String(a.version) }),
    identifier: uuidIdentifier(a.id),
    questionnaire: `${questionnaireUrl(d.key)}|${String(d.version)}`,
    status: a.status === 'completed' ? 'completed' : 'in-progress',
    subject: ref('Patient', a.participantId),
    authored: new Date(a.completedAt ?? a.updatedAt).toISOString(),
    author: practitionerRef(a.completedBy ?? a.startedBy),
    item: items,
  });
}

/** The total of a completed, scored assessment (null otherwise). */
export function toScoreObservation(a: AssessmentDetail): Observation | null {
  if (a.status !== 'completed' || a.score === null || a.completedAt === null) return null;
  const title = text(a.definition.title);
  return compact<Observation>({
    resourceType: 'Observation',
    id: `score-${a.id}`,
    meta: part2Meta(),
    status: 'final',
    category: [{ coding: [{ system: SYSTEM.observationCategory, code: 'survey', display: 'Survey' }] }],
    code: { coding: [{ system: tandemSystem('instrument-score'), code: a.instrumentKey, display: `${title} total score` }], text: `${title} total score` },
    subject: ref('Patient', a.participantId),
    effectiveDateTime: new Date(a.completedAt).toISOString(),
    performer: a.completedBy ? [ref('Practitioner', a.completedBy.id, a.completedBy.name)] : undefined,
    valueInteger: a.score,
    interpretation: a.flags.length ? a.flags.map((f) => ({ coding: [{ system: tandemSystem(`instrument-${a.instrumentKey}-flag`), code: f }], text: f.replace(/_/g, ' ') })) : undefined,
    derivedFrom: [ref('QuestionnaireResponse', a.id)],
    referenceRange:
      a.scoreMax !== null ? [{ high: { value: a.scoreMax }, text: `Highest possible: ${String(a.scoreMax)}` }] : undefined,
  });
}
