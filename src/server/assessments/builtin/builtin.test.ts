/** BARC-10 and the needs screening, through the pure rules of core/assessments.ts (no database). */
import { describe, expect, it } from 'vitest';
import { barc10 } from './barc10.ts';
import { needsScreening } from './needs-screening.ts';
import {
  answerIssues,
  answeredCount,
  instrumentDefinition,
  missingAnswers,
  needsFound,
  scoreResponse,
  type Answers,
} from '../../../core/assessments.ts';

const VALUES = ['strongly_disagree', 'disagree', 'somewhat_disagree', 'somewhat_agree', 'agree', 'strongly_agree'];

/** BARC-10 answers whose scores (1-6) are given item by item. */
function barcAnswers(scores: number[]): Answers {
  return Object.fromEntries(scores.map((s, i) => [`barc_${String(i + 1)}`, VALUES[s - 1] ?? 'x']));
}

describe('the built-in definitions', () => {
  it('are valid instrument definitions', () => {
    expect(instrumentDefinition.safeParse(barc10).success).toBe(true);
    expect(instrumentDefinition.safeParse(needsScreening).success).toBe(true);
  });

  it('BARC-10 has ten required items on a six-point scale', () => {
    expect(barc10.items.map((i) => i.id)).toEqual(Array.from({ length: 10 }, (_, i) => `barc_${String(i + 1)}`));
    for (const item of barc10.items) {
      expect(item.type === 'single_choice' && item.options.map((o) => o.score)).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });
});

describe('BARC-10 scoring', () => {
  it.each([
    [Array<number>(10).fill(1), 10, []],
    [[5, 5, 5, 5, 5, 5, 4, 4, 4, 4], 46, []],
    [[5, 5, 5, 5, 5, 5, 5, 4, 4, 4], 47, ['at_or_above_47']],
    [Array<number>(10).fill(6), 60, ['at_or_above_47']],
  ])('scores %j as %i with flags %j', (scores, total, flags) => {
    expect(scoreResponse(barc10, barcAnswers(scores))).toEqual({ score: total, flags });
  });

  it('gives no score for an instrument scored "none"', () => {
    expect(scoreResponse(needsScreening, {})).toEqual({ score: null, flags: [] });
  });
});

describe('answers are checked against the items', () => {
  it('names an answer that is not one of the options, and an unknown item', () => {
    expect(answerIssues(barc10, { barc_2: 'maybe', barc_11: 'agree', barc_1: 'agree' }).map((i) => i.path)).toEqual([
      'answers.barc_2',
      'answers.barc_11',
    ]);
  });

  it('refuses a number for a choice and a choice score sent as a value', () => {
    expect(answerIssues(barc10, { barc_1: 6 }).map((i) => i.path)).toEqual(['answers.barc_1']);
  });

  it('names each required item left unanswered, in order', () => {
    const answers = barcAnswers([4, 4, 4, 4, 4, 4, 4]);
    expect(missingAnswers(barc10, answers).map((i) => i.path)).toEqual(['answers.barc_8', 'answers.barc_9', 'answers.barc_10']);
    expect(answeredCount(barc10, answers)).toBe(7);
  });
});

describe('needs found by a screening', () => {
  it('lists the domains answered "need", in the instrument order, leaving out no need and declined', () => {
    const answers: Answers = { food: 'need', housing: 'need', legal: 'declined', child_care: 'no_need', moud_treatment: 'need' };
    expect(needsFound({ definition: needsScreening, answers })).toEqual(['housing', 'food', 'moud_treatment']);
  });

  it('finds none when nothing was a need', () => {
    expect(needsFound({ definition: needsScreening, answers: {} })).toEqual([]);
  });
});
