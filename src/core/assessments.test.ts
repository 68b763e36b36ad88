/** The instrument engine's pure rules, on a small made-up instrument. */
import { describe, expect, it } from 'vitest';
import { answerIssues, instrumentDefinition, mergeAnswers, missingAnswers, scoreResponse, type InstrumentDefinition } from './assessments.ts';

describe('a definition is checked before it is stored', () => {
  const base: InstrumentDefinition = {
    key: 'mini',
    version: 1,
    languages: ['en', 'es'],
    title: { en: 'Mini', es: 'Mini' },
    items: [
      { id: 'a', type: 'single_choice', required: true, prompt: { en: 'A?', es: '¿A?' }, options: [
        { value: 'no', score: 0, label: { en: 'No', es: 'No' } },
        { value: 'yes', score: 1, label: { en: 'Yes', es: 'Sí' } },
      ] },
    ],
    scoring: { type: 'sum', min: 0, max: 1, flags: [] },
  };
  const paths = (d: unknown) => instrumentDefinition.safeParse(d).error?.issues.map((i) => i.path.join('.')) ?? [];

  it('refuses a text missing in one of its languages', () => {
    expect(paths({ ...base, title: { en: 'Mini' } })).toEqual(['title']);
  });
  it('refuses two items with one id', () => {
    expect(paths({ ...base, items: [...base.items, ...base.items], scoring: { type: 'sum', min: 0, max: 2 } })).toEqual(['items.1.id']);
  });
  it('refuses a score range the items cannot give', () => {
    expect(paths({ ...base, scoring: { type: 'sum', min: 0, max: 5 } })).toEqual(['scoring']);
  });
});

describe('a small instrument with a number and an optional text', () => {
  const d: InstrumentDefinition = {
    key: 'days',
    version: 2,
    languages: ['en'],
    title: { en: 'Days' },
    items: [
      { id: 'days_used', type: 'number', required: true, min: 0, max: 30, prompt: { en: 'Days of use in the last 30?' } },
      { id: 'note', type: 'text', required: false, maxLength: 5, prompt: { en: 'Anything else?' } },
      { id: 'ok', type: 'single_choice', required: false, prompt: { en: 'OK?' }, options: [
        { value: 'no', score: 0, label: { en: 'No' } },
        { value: 'yes', score: 2, label: { en: 'Yes' } },
      ] },
    ],
    scoring: { type: 'sum', min: 0, max: 2, flags: [{ key: 'low', atMost: 0, label: { en: 'Low' } }] },
  };

  it('checks numbers against their range and texts against their length', () => {
    expect(answerIssues(d, { days_used: 31, note: 'too long' }).map((i) => i.path)).toEqual(['answers.days_used', 'answers.note']);
    expect(answerIssues(d, { days_used: 'three' }).map((i) => i.path)).toEqual(['answers.days_used']);
    expect(answerIssues(d, { days_used: 0, note: 'fine' })).toEqual([]);
  });

  it('needs only the required items to complete; an unanswered optional choice adds nothing', () => {
    expect(missingAnswers(d, { note: 'x' }).map((i) => i.path)).toEqual(['answers.days_used']);
    expect(scoreResponse(d, { days_used: 3 })).toEqual({ score: 0, flags: ['low'] });
    expect(scoreResponse(d, { days_used: 3, ok: 'yes' })).toEqual({ score: 2, flags: [] });
  });

  it('merges a change into saved answers: a value sets, null or blank clears', () => {
    expect(mergeAnswers({ a: 'x', b: 'y' }, { a: null, b: 'z', c: ' ', d: 3 })).toEqual({ b: 'z', d: 3 });
  });
});
