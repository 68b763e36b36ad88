/**
 * Assessments: instruments stored as data (a versioned definition validated here),
 * answers checked against the exact version used, and scoring as pure functions.
 * BARC-10 and the needs screening are two definitions among others (see
 * src/server/assessments/builtin/); nothing here knows them by name.
 */
import { z } from 'zod';

export const ASSESSMENT_STATUSES = ['in_progress', 'completed'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

const languageCode = z.string().regex(/^[a-z]{2,3}$/, 'An ISO 639 code such as en or es');
/** A text in each of the instrument's languages ({ en: '…', es: '…' }). */
const localized = z.record(languageCode, z.string().trim().min(1));
export type Localized = z.infer<typeof localized>;

const itemId = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Lower-case letters, digits and _');
const itemBase = {
  id: itemId,
  prompt: localized,
  required: z.boolean(),
  /** A life domain the item is about (needs screening: housing, food…). */
  domain: z.string().regex(/^[a-z][a-z0-9_]*$/).optional(),
};

export const choiceOption = z.object({
  value: z.string().min(1).max(40),
  score: z.number().int().optional(),
  label: localized,
});

export const instrumentItem = z.discriminatedUnion('type', [
  z.object({ ...itemBase, type: z.literal('single_choice'), options: z.array(choiceOption).min(2) }),
  z.object({ ...itemBase, type: z.literal('number'), min: z.number().optional(), max: z.number().optional() }),
  z.object({ ...itemBase, type: z.literal('text'), maxLength: z.number().int().positive().max(4000).optional() }),
]);
export type InstrumentItem = z.infer<typeof instrumentItem>;

export const scoreFlag = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/),
  atLeast: z.number().optional(),
  atMost: z.number().optional(),
  label: localized,
});

export const scoringRule = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sum'), min: z.number(), max: z.number(), flags: z.array(scoreFlag).default([]) }),
  z.object({ type: z.literal('none') }),
]);

export const instrumentDefinition = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
    version: z.number().int().positive(),
    languages: z.array(languageCode).min(1),
    title: localized,
    description: localized.optional(),
    /** A short citation or source line, shown under the title. */
    source: z.string().optional(),
    items: z.array(instrumentItem).min(1),
    scoring: scoringRule,
  })
  .superRefine((d, ctx) => {
    const texts: [string, Localized | undefined][] = [
      ['title', d.title],
      ['description', d.description],
      ...d.items.flatMap((item, i): [string, Localized][] => [
        [`items.${i}.prompt`, item.prompt],
        ...(item.type === 'single_choice' ? item.options.map((o, j): [string, Localized] => [`items.${i}.options.${j}.label`, o.label]) : []),
      ]),
      ...(d.scoring.type === 'sum' ? d.scoring.flags.map((f, i): [string, Localized] => [`scoring.flags.${i}.label`, f.label]) : []),
    ];
    for (const [path, text] of texts) {
      if (!text) continue;
      for (const lang of d.languages) {
        if (!text[lang]) ctx.addIssue({ code: 'custom', path: path.split('.'), message: `Missing the ${lang} text` });
      }
    }
    const seen = new Set<string>();
    d.items.forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `Item id ${item.id} is used twice` });
      seen.add(item.id);
      if (item.type === 'single_choice') {
        const values = new Set(item.options.map((o) => o.value));
        if (values.size !== item.options.length) ctx.addIssue({ code: 'custom', path: ['items', i, 'options'], message: 'Option values repeat' });
      }
    });
    if (d.scoring.type === 'sum') {
      const [min, max] = scoreRange(d.items);
      if (min !== d.scoring.min || max !== d.scoring.max) {
        ctx.addIssue({ code: 'custom', path: ['scoring'], message: `The items add up to ${String(min)}-${String(max)}` });
      }
    }
  });
export type InstrumentDefinition = z.infer<typeof instrumentDefinition>;

/** The lowest and highest total the scored items can give when all are answered. */
function scoreRange(items: InstrumentItem[]): [number, number] {
  let min = 0;
  let max = 0;
  for (const item of items) {
    if (item.type !== 'single_choice') continue;
    const scores = item.options.map((o) => o.score).filter((s): s is number => s !== undefined);
    if (scores.length === 0) continue;
    min += Math.min(...scores);
    max += Math.max(...scores);
  }
  return [min, max];
}

/** Answers by item id: an option's value, a number or a text. */
export type Answers = Record<string, string | number>;
const answerValue = z.union([z.string().max(4000), z.number()]);
/** In a change, null clears an answer. */
const answersPatch = z.record(itemId, answerValue.nullable());

export const assessmentStartInput = z.object({
  instrumentKey: z.string().min(1).max(40),
  answers: z.record(itemId, answerValue).optional(),
  complete: z.boolean().optional(),
});
export type AssessmentStartInput = z.infer<typeof assessmentStartInput>;

export const assessmentUpdateInput = z.object({
  answers: answersPatch,
  complete: z.boolean().optional(),
  version: z.number().int().positive(),
});
export type AssessmentUpdateInput = z.infer<typeof assessmentUpdateInput>;

export const instrumentQuery = z.object({ version: z.coerce.number().int().positive().optional() });

export interface AnswerIssue {
  path: string;
  message: string;
}

/** Each answer given must belong to an item and fit it; the issues name `answers.<item id>`. */
export function answerIssues(definition: InstrumentDefinition, answers: Record<string, unknown>): AnswerIssue[] {
  const issues: AnswerIssue[] = [];
  const items = new Map(definition.items.map((i) => [i.id, i]));
  for (const [id, value] of Object.entries(answers)) {
    const path = `answers.${id}`;
    const item = items.get(id);
    if (!item) {
      issues.push({ path, message: 'Not an item of this instrument' });
      continue;
    }
    if (value === null || value === undefined) continue;
    switch (item.type) {
      case 'single_choice':
        if (typeof value !== 'string' || !item.options.some((o) => o.value === value)) {
          issues.push({ path, message: `Choose one of: ${item.options.map((o) => o.value).join(', ')}` });
        }
        break;
      case 'number':
        if (typeof value !== 'number') issues.push({ path, message: 'A number' });
        else if ((item.min !== undefined && value < item.min) || (item.max !== undefined && value > item.max)) {
          issues.push({ path, message: `Between ${String(item.min ?? '…')} and ${String(item.max ?? '…')}` });
        }
        break;
      case 'text':
        if (typeof value !== 'string') issues.push({ path, message: 'A text' });
        else if (item.maxLength !== undefined && value.length > item.maxLength) issues.push({ path, message: `At most ${String(item.maxLength)} characters` });
        break;
    }
  }
  return issues;
}

const isAnswered = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

/** Required items without an answer, each named `answers.<item id>`. */
export function missingAnswers(definition: InstrumentDefinition, answers: Answers): AnswerIssue[] {
  return definition.items
    .filter((i) => i.required && !isAnswered(answers[i.id]))
    .map((i) => ({ path: `answers.${i.id}`, message: 'Answer this item to complete the assessment' }));
}

export function answeredCount(definition: InstrumentDefinition, answers: Answers): number {
  return definition.items.filter((i) => isAnswered(answers[i.id])).length;
}

/** A change applied to saved answers: a value sets, null clears. */
export function mergeAnswers(saved: Answers, change: Record<string, string | number | null>): Answers {
  const merged = Object.entries({ ...saved, ...change }).filter(
    (e): e is [string, string | number] => e[1] !== null && !(typeof e[1] === 'string' && e[1].trim() === ''),
  );
  return Object.fromEntries(merged);
}

export interface ScoreResult {
  score: number | null;
  /** Keys of the scoring flags the total meets. */
  flags: string[];
}

/**
 * The score of a complete response: `sum` adds the score of each chosen option
 * (unanswered optional items add nothing); `none` gives no score.
 */
export function scoreResponse(definition: InstrumentDefinition, answers: Answers): ScoreResult {
  const rule = definition.scoring;
  if (rule.type === 'none') return { score: null, flags: [] };
  let total = 0;
  for (const item of definition.items) {
    if (item.type !== 'single_choice') continue;
    const chosen = item.options.find((o) => o.value === answers[item.id]);
    total += chosen?.score ?? 0;
  }
  const flags = rule.flags
    .filter((f) => (f.atLeast === undefined || total >= f.atLeast) && (f.atMost === undefined || total <= f.atMost))
    .map((f) => f.key);
  return { score: total, flags };
}

/** The answer value that marks a need in a needs screening item. */
export const NEED_VALUE = 'need';

/** The life domains in which a response found a need, in the instrument's order. */
export function needsFound(response: { definition: InstrumentDefinition; answers: Answers }): string[] {
  return response.definition.items
    .filter((i) => i.domain !== undefined && response.answers[i.id] === NEED_VALUE)
    .map((i) => i.domain as string);
}

/** A text in the language asked for, else the instrument's first language. */
export function localize(text: Localized, language: string, fallback: string): string {
  return text[language] ?? text[fallback] ?? Object.values(text)[0] ?? '';
}

// ---- What the API answers ----------------------------------------------------

export const instrumentSummaryOutput = z.object({
  key: z.string(),
  version: z.number().int(),
  title: z.record(z.string(), z.string()),
  languages: z.array(z.string()),
  itemCount: z.number().int(),
});
export type InstrumentSummary = z.infer<typeof instrumentSummaryOutput>;

const person = z.object({ id: z.string(), name: z.string() }).nullable();

export const assessmentSummaryOutput = z.object({
  id: z.string(),
  participantId: z.string(),
  instrumentKey: z.string(),
  instrumentVersion: z.number().int(),
  title: z.record(z.string(), z.string()),
  status: z.enum(ASSESSMENT_STATUSES),
  answeredCount: z.number().int(),
  itemCount: z.number().int(),
  score: z.number().nullable(),
  scoreMax: z.number().nullable(),
  flags: z.array(z.string()),
  needsFound: z.array(z.string()),
  startedAt: z.string(),
  startedBy: person,
  completedAt: z.string().nullable(),
  completedBy: person,
  updatedAt: z.string(),
  version: z.number().int(),
});
export type AssessmentSummary = z.infer<typeof assessmentSummaryOutput>;

export const assessmentDetailOutput = assessmentSummaryOutput.extend({
  answers: z.record(z.string(), z.union([z.string(), z.number()])),
  definition: instrumentDefinition,
});
export type AssessmentDetail = z.infer<typeof assessmentDetailOutput>;
