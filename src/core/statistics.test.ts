import { describe, expect, it } from 'vitest';
import {
  ageGroup,
  ageOn,
  coarsenKm,
  countByTime,
  kaplanMeier,
  kmMedian,
  median,
  partitionHidden,
  percentChange,
  raceGroup,
  suppressCount,
  suppressFields,
  suppressRate,
  survivalAt,
  type SurvivalObservation,
} from './statistics.ts';

/**
 * The 6-MP arm of the leukaemia remission trial of Freireich et al. (Blood, 1963),
 * weeks in remission for 21 patients, "+" censored: 6, 6, 6, 6+, 7, 9+, 10, 10+,
 * 11+, 13, 16, 17+, 19+, 20+, 22, 23, 25+, 32+, 32+, 34+, 35+.
 * Kleinbaum & Klein, Survival Analysis: A Self-Learning Text (3rd ed., 2012),
 * ch. 2, the KM table of group 1:
 *   t(j)  n(j)  m(j)  q(j)  S(t(j))
 *    6    21    3     1     18/21        = .8571
 *    7    17    1     1     .8571×16/17  = .8067
 *   10    15    1     2     .8067×14/15  = .7529
 *   13    12    1     0     .7529×11/12  = .6902
 *   16    11    1     3     .6902×10/11  = .6275
 *   22     7    1     0     .6275×6/7    = .5378
 *   23     6    1     5     .5378×5/6    = .4482
 * (q(j) there counts censorings in [t(j), t(j+1)); here each censoring time is its own step.)
 * Greenwood standard errors as in Klein & Moeschberger, Survival Analysis (2nd ed.,
 * 2003), Table 4.1A: .0764, .0869, .0963, .1068, .1141, .1282, .1346.
 * Log-log 95% bounds as R's survfit(Surv(time, status) ~ 1, conf.type = "log-log")
 * prints them for this arm: (.6197, .9516), (.5631, .9228), (.5032, .8894),
 * (.4316, .8491), (.3675, .8049), (.2678, .7468), (.1881, .6801).
 * Median remission: 23 weeks.
 */
const sixMp: SurvivalObservation[] = [
  ...[6, 6, 6, 7, 10, 13, 16, 22, 23].map((time) => ({ time, event: true })),
  ...[6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35].map((time) => ({ time, event: false })),
];

describe('Kaplan-Meier', () => {
  const steps = kaplanMeier(sixMp);
  const eventSteps = steps.filter((s) => s.events > 0);

  it('matches the textbook table of the 6-MP arm (ties, censoring, number at risk)', () => {
    expect(eventSteps.map((s) => [s.time, s.atRisk, s.events])).toEqual([
      [6, 21, 3],
      [7, 17, 1],
      [10, 15, 1],
      [13, 12, 1],
      [16, 11, 1],
      [22, 7, 1],
      [23, 6, 1],
    ]);
    const expected = [0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482];
    eventSteps.forEach((s, i) => expect(s.survival).toBeCloseTo(expected[i] as number, 4));
  });

  it('counts an event and a censoring at the same time with the censored still at risk', () => {
    const at6 = steps.find((s) => s.time === 6);
    expect(at6).toMatchObject({ atRisk: 21, events: 3, censored: 1 });
    const at10 = steps.find((s) => s.time === 10);
    expect(at10).toMatchObject({ atRisk: 15, events: 1, censored: 1 });
    // A time with only censorings is a step that keeps the survival.
    const at9 = steps.find((s) => s.time === 9);
    expect(at9).toMatchObject({ atRisk: 16, events: 0, censored: 1 });
    expect(at9?.survival).toBeCloseTo(0.8067, 4);
  });

  it("gives Greenwood's standard errors", () => {
    const expected = [0.0764, 0.0869, 0.0963, 0.1068, 0.1141, 0.1282, 0.1346];
    eventSteps.forEach((s, i) => expect(s.standardError).toBeCloseTo(expected[i] as number, 4));
  });

  it('gives the log-log 95% confidence interval', () => {
    const expected = [
      [0.6197, 0.9516],
      [0.5631, 0.9228],
      [0.5032, 0.8894],
      [0.4316, 0.8491],
      [0.3675, 0.8049],
      [0.2678, 0.7468],
      [0.1881, 0.6801],
    ];
    eventSteps.forEach((s, i) => {
      expect(s.lower).toBeCloseTo(expected[i]?.[0] as number, 4);
      expect(s.upper).toBeCloseTo(expected[i]?.[1] as number, 4);
    });
  });

  it('finds the median (first time S ≤ 0.5) and reads survival at given times', () => {
    expect(kmMedian(steps)).toBe(23);
    expect(survivalAt(steps, 5).survival).toBe(1);
    expect(survivalAt(steps, 6).survival).toBeCloseTo(0.8571, 4);
    expect(survivalAt(steps, 12).survival).toBeCloseTo(0.7529, 4);
    expect(survivalAt(steps, 35).survival).toBeCloseTo(0.4482, 4);
    // Beyond the last follow-up the curve says nothing.
    expect(survivalAt(steps, 36).survival).toBeNull();
  });

  it('accepts counts grouped by time (what SQL returns) and gives the same curve', () => {
    const grouped = kaplanMeier(countByTime(sixMp));
    expect(grouped).toEqual(steps);
    // Split rows of one time are merged.
    const split = kaplanMeier([
      { time: 6, events: 2, censored: 0 },
      ...countByTime(sixMp).map((c) => (c.time === 6 ? { ...c, events: 1 } : c)),
    ]);
    expect(split).toEqual(steps);
  });

  it('has no median when the curve stays above one half, drops to 0 when everyone has the event, and is empty for nobody', () => {
    expect(kmMedian(kaplanMeier([{ time: 3, event: true }, { time: 5, event: false }, { time: 9, event: false }]))).toBeNull();
    const all = kaplanMeier([{ time: 2, event: true }, { time: 4, event: true }]);
    expect(all.map((s) => s.survival)).toEqual([0.5, 0]);
    expect(all[1]?.lower).toBeNull();
    expect(kmMedian(all)).toBe(2);
    expect(survivalAt(all, 100).survival).toBe(0);
    expect(kaplanMeier([])).toEqual([]);
    expect(survivalAt([], 30).survival).toBeNull();
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([0])).toBe(0);
    expect(median([])).toBeNull();
  });
});

describe('small-cell suppression', () => {
  it('hides 1 to 10 and shows 0 and 11 or more, only when it applies', () => {
    expect([0, 1, 10, 11, 250].map((n) => suppressCount(n, true))).toEqual([0, null, null, 11, 250]);
    expect(suppressCount(3, false)).toBe(3);
  });

  it('hides a rate whose numerator or denominator is hidden', () => {
    expect(suppressRate(12, 40, true)).toEqual({ numerator: 12, denominator: 40, rate: 0.3, suppressed: [] });
    expect(suppressRate(5, 40, true)).toEqual({ numerator: null, denominator: 40, rate: null, suppressed: ['numerator', 'rate'] });
    expect(suppressRate(0, 8, true)).toEqual({ numerator: 0, denominator: null, rate: null, suppressed: ['denominator', 'rate'] });
    expect(suppressRate(0, 0, true)).toEqual({ numerator: 0, denominator: 0, rate: null, suppressed: [] });
    expect(suppressRate(5, 8, false)).toEqual({ numerator: 5, denominator: 8, rate: 0.625, suppressed: [] });
  });

  it('names the suppressed fields of a row', () => {
    const row = { enrolled: 4, active: 30, discharged: 0, suppressed: [] as string[] };
    expect(suppressFields(row, ['enrolled', 'active', 'discharged'], true)).toEqual({ enrolled: null, active: 30, discharged: 0, suppressed: ['enrolled'] });
    expect(suppressFields(row, ['enrolled'], false)).toBe(row);
  });
});

describe('percent change', () => {
  it('is null when the base is 0', () => {
    expect(percentChange(15, 10)).toBe(50);
    expect(percentChange(5, 10)).toBe(-50);
    expect(percentChange(5, 0)).toBeNull();
    expect(percentChange(null, 4)).toBeNull();
  });
});

describe('demographic groups', () => {
  it('counts age in whole years on the day, birthdays included', () => {
    expect(ageOn('2000-03-31', '2025-03-30')).toBe(24);
    expect(ageOn('2000-03-31', '2025-03-31')).toBe(25);
    expect(ageOn('2004-02-29', '2022-02-28')).toBe(17);
    expect(ageOn('2004-02-29', '2022-03-01')).toBe(18);
  });

  it('puts ages in the reporting groups', () => {
    const on = '2026-06-30';
    const groups = ['2009-01-01', '2008-06-30', '2001-07-01', '2001-06-30', '1991-06-30', '1981-06-30', '1971-06-30', '1961-07-01', '1961-06-30'].map((dob) =>
      ageGroup(dob, on),
    );
    expect(groups).toEqual(['under_18', '18_24', '18_24', '25_34', '35_44', '45_54', '55_64', '55_64', '65_plus']);
  });

  it('counts several races as two or more races', () => {
    expect(raceGroup(['white'])).toBe('white');
    expect(raceGroup(['white', 'black_or_african_american'])).toBe('two_or_more_races');
    expect(raceGroup(['asian', 'declined'])).toBe('asian');
    expect(raceGroup(['declined'])).toBe('declined');
    expect(raceGroup([])).toBe('unknown');
  });
});

describe('complementary suppression', () => {
  it('hides the smallest parts shown until two or more are hidden, together more than 10', () => {
    // 3 is small; alone it is the total less the others, so the next smallest (12) goes too.
    expect(partitionHidden([40, 3, 12, 0])).toEqual([false, true, true, false]);
    // 2 and 4 hidden add up to 6: a third (20) is hidden so the hidden sum says nothing.
    expect(partitionHidden([2, 4, 20, 30])).toEqual([true, true, true, false]);
    // 5 and 7 hidden add up to 12: enough. Nothing small: nothing hidden. Zeros never chosen.
    expect(partitionHidden([5, 7, 30])).toEqual([true, true, false]);
    expect(partitionHidden([11, 0, 50])).toEqual([false, false, false]);
    expect(partitionHidden([0, 4, 0])).toEqual([false, true, false]);
  });
});

describe('an evaluator’s Kaplan-Meier curve', () => {
  // 40 people: 1 event a day on days 1–25 (some days 2), censoring between; the last 4 events are a short tail.
  const obs: SurvivalObservation[] = [];
  for (let day = 1; day <= 30; day++) obs.push({ time: day, event: day % 3 !== 0 });
  for (let i = 0; i < 10; i++) obs.push({ time: 40, event: false });
  const steps = kaplanMeier(obs);
  const events = obs.filter((o) => o.event).length;
  const coarse = coarsenKm(steps, obs.length);

  it('merges steps into intervals of at least 11 events, the short tail into the last one', () => {
    expect(coarse[0]).toEqual({ day: 0, survival: 1, lower: null, upper: null, atRisk: 40, events: 0 });
    for (const p of coarse.slice(1)) expect(p.events).toBeGreaterThanOrEqual(11);
    expect(coarse.reduce((n, p) => n + p.events, 0)).toBe(events);
    expect(coarse[coarse.length - 1]?.day).toBe(29);
  });

  it('keeps the estimator’s survival at those days to 2 decimals, and at risk in tens', () => {
    for (const p of coarse.slice(1)) {
      expect(p.survival).toBe(Math.round((survivalAt(steps, p.day).survival ?? 0) * 100) / 100);
      expect(p.atRisk % 10).toBe(0);
    }
  });

  it('publishes no step with fewer than 11 events at all', () => {
    expect(coarsenKm(kaplanMeier(obs.slice(0, 12)), 12)).toHaveLength(1);
  });
});
