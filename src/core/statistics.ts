/**
 * The statistics behind the outcome reports, as pure functions: the
 * Kaplan-Meier product-limit estimator (ties, censoring, number at risk,
 * Greenwood variance, a log-log 95% confidence interval, median survival,
 * survival at given days), the median of a list, small-cell suppression,
 * percent change, and the demographic groups reports break figures down by.
 * No clock, no database, no Node: the server, the web app and the CLI share them.
 */
import { AGE_GROUPS, SUPPRESSION_MAX, TWO_OR_MORE_RACES, UNKNOWN, type AgeGroup, type Rate } from './reports.ts';

/* ---------- Kaplan-Meier ---------- */

/** One person: followed for `time` (days), ending in the event (`true`) or censored (`false`). */
export interface SurvivalObservation {
  time: number;
  event: boolean;
}

/** Observations already counted at one time (what a GROUP BY returns). */
export interface SurvivalCounts {
  time: number;
  events: number;
  censored: number;
}

export interface KmStep {
  time: number;
  /** People still followed just before `time` (time ≥ this one). */
  atRisk: number;
  events: number;
  censored: number;
  /** S(t): the estimate just after `time`. */
  survival: number;
  /** Greenwood's variance of S(t). */
  variance: number;
  standardError: number;
  /** 95% bounds on the log-log scale; null where undefined (S = 1 before any event, S = 0, or n = d). */
  lower: number | null;
  upper: number | null;
}

/** The 97.5th percentile of the standard normal distribution. */
export const Z_95 = 1.959963984540054;

/** Count observations by time (ties merged). */
export function countByTime(observations: readonly SurvivalObservation[]): SurvivalCounts[] {
  const byTime = new Map<number, SurvivalCounts>();
  for (const o of observations) {
    const row = byTime.get(o.time) ?? { time: o.time, events: 0, censored: 0 };
    if (o.event) row.events += 1;
    else row.censored += 1;
    byTime.set(o.time, row);
  }
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}

/**
 * The Kaplan-Meier product-limit estimate, one step per distinct time at which
 * anything happened (an event or a censoring). At a time with both, the events
 * come first: those censored then were still at risk of them (Kaplan & Meier 1958).
 *
 * S(t) = Π_{tᵢ ≤ t} (1 − dᵢ/nᵢ); Greenwood: Var S(t) = S(t)² Σ dᵢ / (nᵢ (nᵢ − dᵢ)).
 * The log-log interval (Kalbfleisch & Prentice; R's conf.type = "log-log"):
 * with σ² = Σ dᵢ/(nᵢ(nᵢ − dᵢ)) / (log S)², the bounds are S^exp(±z σ).
 */
export function kaplanMeier(input: readonly SurvivalObservation[] | readonly SurvivalCounts[], z = Z_95): KmStep[] {
  const counts = input.length > 0 && 'event' in (input[0] as object) ? countByTime(input as readonly SurvivalObservation[]) : mergeCounts(input as readonly SurvivalCounts[]);
  let atRisk = counts.reduce((n, c) => n + c.events + c.censored, 0);
  let survival = 1;
  let greenwoodSum = 0;
  let greenwoodBroken = false;
  const steps: KmStep[] = [];
  for (const c of counts) {
    if (c.events > 0) {
      survival *= 1 - c.events / atRisk;
      if (atRisk === c.events) greenwoodBroken = true;
      else greenwoodSum += c.events / (atRisk * (atRisk - c.events));
    }
    const variance = greenwoodBroken ? 0 : survival * survival * greenwoodSum;
    let lower: number | null = null;
    let upper: number | null = null;
    if (survival > 0 && survival < 1 && !greenwoodBroken) {
      const logS = Math.log(survival);
      const sigma = Math.sqrt(greenwoodSum) / Math.abs(logS);
      const a = Math.pow(survival, Math.exp(z * sigma));
      const b = Math.pow(survival, Math.exp(-z * sigma));
      lower = Math.min(a, b);
      upper = Math.max(a, b);
    }
    steps.push({ time: c.time, atRisk, events: c.events, censored: c.censored, survival, variance, standardError: Math.sqrt(variance), lower, upper });
    atRisk -= c.events + c.censored;
  }
  return steps;
}

function mergeCounts(rows: readonly SurvivalCounts[]): SurvivalCounts[] {
  const byTime = new Map<number, SurvivalCounts>();
  for (const r of rows) {
    const row = byTime.get(r.time) ?? { time: r.time, events: 0, censored: 0 };
    row.events += r.events;
    row.censored += r.censored;
    byTime.set(r.time, row);
  }
  return [...byTime.values()].filter((r) => r.events + r.censored > 0).sort((a, b) => a.time - b.time);
}

/** Median survival time: the first time at which S(t) ≤ 0.5; null if the curve never gets there. */
export function kmMedian(steps: readonly KmStep[]): number | null {
  return steps.find((s) => s.survival <= 0.5)?.time ?? null;
}

export interface SurvivalAt {
  time: number;
  survival: number | null;
  lower: number | null;
  upper: number | null;
}

/**
 * S(t) read off the step function (the last step at or before t; 1 before the
 * first). Null beyond the last time anyone was followed, where the curve says
 * nothing, unless it has already reached 0.
 */
export function survivalAt(steps: readonly KmStep[], time: number): SurvivalAt {
  const last = steps[steps.length - 1];
  let at: KmStep | undefined;
  for (const s of steps) {
    if (s.time <= time) at = s;
    else break;
  }
  if (!at) return { time, survival: steps.length ? 1 : null, lower: null, upper: null };
  if (last && time > last.time && last.survival > 0) return { time, survival: null, lower: null, upper: null };
  return { time, survival: at.survival, lower: at.lower, upper: at.upper };
}

/* ---------- descriptive ---------- */

/** The median of a list (the mean of the two middle values for an even count); null for an empty list. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Percent change from `previous` to `current`; null when the base is 0 or either value is missing. */
export function percentChange(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return ((current - previous) / Math.abs(previous)) * 100;
}

/** numerator ÷ denominator, null over 0. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/* ---------- small-cell suppression ---------- */

/** Whether a count of people must be hidden: 1 to 10 (0 is shown). */
export function isSmallCell(n: number): boolean {
  return n >= 1 && n <= SUPPRESSION_MAX;
}

/** The count as shown: null when suppression applies and it is a small cell. */
export function suppressCount(n: number, apply: boolean): number | null {
  return apply && isSmallCell(n) ? null : n;
}

/**
 * A rate with its parts. When suppression applies, a numerator or denominator of
 * 1 to 10 is hidden, and then so is the rate (it would give the hidden part away).
 */
export function suppressRate(numerator: number, denominator: number, apply: boolean): Rate {
  const num = suppressCount(numerator, apply);
  const den = suppressCount(denominator, apply);
  const hidden: string[] = [];
  if (num === null) hidden.push('numerator');
  if (den === null) hidden.push('denominator');
  const rate = hidden.length ? null : ratio(numerator, denominator);
  if (hidden.length) hidden.push('rate');
  return { numerator: num, denominator: den, rate, suppressed: hidden };
}

/**
 * Suppress the named counts of an object: each small one becomes null and its
 * name goes in `suppressed` (added to any already there).
 */
export function suppressFields<T extends { suppressed: string[] }>(row: T, keys: readonly (keyof T & string)[], apply: boolean): T {
  if (!apply) return row;
  const out = { ...row, suppressed: [...row.suppressed] };
  for (const k of keys) {
    const v = out[k];
    if (typeof v === 'number' && isSmallCell(v)) {
      (out as Record<string, unknown>)[k] = null;
      out.suppressed.push(k);
    }
  }
  return out;
}

/**
 * Complementary suppression for the parts of one total (the rows of a breakdown,
 * the reasons of the discharges, the months of a period). Hiding only the small
 * parts is not enough: the total minus the parts shown gives a single hidden part
 * back. So once any part is hidden, the smallest parts still shown are hidden too
 * until at least two are hidden and together they hold more than 10 — the sum an
 * evaluator can work out then says nothing about any one of them. Zeros are shown
 * and never chosen. Whenever the parts add up to more than 10 this always
 * succeeds; when they add up to 1–10, every non-zero part is small and the total
 * itself is hidden by the same rule. Returns, per part, whether it is hidden.
 */
export function partitionHidden(parts: readonly number[]): boolean[] {
  const hidden = parts.map(isSmallCell);
  const state = () => parts.reduce((acc, p, i) => (hidden[i] ? { count: acc.count + 1, sum: acc.sum + p } : acc), { count: 0, sum: 0 });
  let now = state();
  while (now.count > 0 && (now.count < 2 || now.sum <= SUPPRESSION_MAX)) {
    let next = -1;
    parts.forEach((p, i) => {
      if (!hidden[i] && p > 0 && (next === -1 || p < (parts[next] as number))) next = i;
    });
    if (next === -1) break;
    hidden[next] = true;
    now = state();
  }
  return hidden;
}

/**
 * `partitionHidden` applied to one field of a list of rows that split a total:
 * `raw` holds each row's unsuppressed value; rows chosen are nulled and the field
 * is named in their `suppressed`. Returns the hidden flags.
 */
export function suppressPartition<T extends { suppressed: string[] }>(rows: readonly T[], key: keyof T & string, raw: readonly number[], apply: boolean): boolean[] {
  if (!apply) return rows.map(() => false);
  const hidden = partitionHidden(raw);
  rows.forEach((row, i) => {
    if (hidden[i]) hideField(row, key);
  });
  return hidden;
}

/** Hide one count of an object (null, named in `suppressed`), once. */
export function hideField<T extends { suppressed: string[] }>(row: T, key: keyof T & string): void {
  (row as Record<string, unknown>)[key] = null;
  if (!row.suppressed.includes(key)) row.suppressed.push(key);
}

/** Hide the numerator or denominator of a rate (and then the rate), as `suppressRate` does for a small one. */
export function hideRatePart(rate: Rate, part: 'numerator' | 'denominator'): void {
  rate[part] = null;
  if (!rate.suppressed.includes(part)) rate.suppressed.push(part);
  rate.rate = null;
  if (!rate.suppressed.includes('rate')) rate.suppressed.push('rate');
}

/* ---------- Kaplan-Meier curves an evaluator sees ---------- */

/** At-risk counts on a coarsened curve are rounded down to a multiple of this. */
export const KM_AT_RISK_BAND = 10;
/** Survival and its bounds on a coarsened curve are rounded to this many decimals. */
export const KM_SURVIVAL_DECIMALS = 2;

export interface CoarseKmPoint {
  day: number;
  survival: number;
  lower: number | null;
  upper: number | null;
  /** People at risk just before the interval's first event, rounded down to a multiple of KM_AT_RISK_BAND. */
  atRisk: number;
  /** Events in the interval ending at `day` (since the previous point): 0 at day 0, otherwise at least 11. */
  events: number;
}

const roundTo = (x: number | null, decimals: number) => (x === null ? null : Math.round(x * 10 ** decimals) / 10 ** decimals);

/**
 * A Kaplan-Meier curve that gives no count of 1–10 away. From exact steps an
 * evaluator could work back each step's events (at risk × the relative drop in
 * survival) and then the censored between steps (the fall in at risk less those
 * events); from a survival to full precision, even the fraction d/n itself. So:
 * steps are merged into intervals of at least 11 events (censoring-only steps are
 * not points of their own; a last interval short of 11 joins the one before);
 * each point carries the survival just after its interval's last event, rounded
 * to 2 decimals, the interval's events and the people at risk rounded down to a
 * multiple of 10; censored counts are not given. With fewer than 11 events in
 * all, only day 0 remains. The survival values are the estimator's own at those
 * days — the curve is coarser, not different.
 */
export function coarsenKm(steps: readonly KmStep[], people: number): CoarseKmPoint[] {
  const band = (n: number) => Math.floor(n / KM_AT_RISK_BAND) * KM_AT_RISK_BAND;
  const point = (s: KmStep, atRisk: number, events: number): CoarseKmPoint => ({
    day: s.time,
    survival: roundTo(s.survival, KM_SURVIVAL_DECIMALS) as number,
    lower: roundTo(s.lower, KM_SURVIVAL_DECIMALS),
    upper: roundTo(s.upper, KM_SURVIVAL_DECIMALS),
    atRisk: band(atRisk),
    events,
  });
  const out: CoarseKmPoint[] = [{ day: 0, survival: 1, lower: null, upper: null, atRisk: band(people), events: 0 }];
  let pending = 0;
  let intervalAtRisk: number | null = null;
  let lastEventStep: KmStep | null = null;
  for (const s of steps) {
    if (s.events === 0) continue;
    intervalAtRisk ??= s.atRisk;
    pending += s.events;
    lastEventStep = s;
    if (pending > SUPPRESSION_MAX) {
      out.push(point(s, intervalAtRisk, pending));
      pending = 0;
      intervalAtRisk = null;
    }
  }
  const last = out[out.length - 1] as CoarseKmPoint;
  if (pending > 0 && out.length > 1 && lastEventStep) {
    const merged = point(lastEventStep, 0, last.events + pending);
    out[out.length - 1] = { ...merged, atRisk: last.atRisk };
  }
  return out;
}

/** Survival at a day read off a coarsened curve (the last point at or before it). */
export function coarseSurvivalAt(points: readonly CoarseKmPoint[], day: number): { survival: number | null; lower: number | null; upper: number | null } {
  let at: CoarseKmPoint | null = null;
  for (const p of points) if (p.day <= day) at = p;
  return at ? { survival: at.survival, lower: at.lower, upper: at.upper } : { survival: null, lower: null, upper: null };
}

/* ---------- demographic groups ---------- */

/** Whole years of age on a day (YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by = 0, bm = 1, bd = 1] = dateOfBirth.split('-').map(Number);
  const [y = 0, m = 1, d = 1] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The age group on a day: 18–24, 25–34, 35–44, 45–54, 55–64, 65+ (and under 18). */
export function ageGroup(dateOfBirth: string, on: string): AgeGroup {
  const age = ageOn(dateOfBirth, on);
  if (age < 18) return 'under_18';
  if (age <= 24) return '18_24';
  if (age <= 34) return '25_34';
  if (age <= 44) return '35_44';
  if (age <= 54) return '45_54';
  if (age <= 64) return '55_64';
  return '65_plus';
}

export const AGE_GROUP_ORDER: readonly AgeGroup[] = AGE_GROUPS;

/**
 * The race a person counts under: the one category selected; "two or more races"
 * for several; "declined" when they declined; "unknown" when nothing is recorded.
 */
export function raceGroup(races: readonly string[]): string {
  const chosen = [...new Set(races.filter((r) => r !== 'declined'))];
  if (chosen.length > 1) return TWO_OR_MORE_RACES;
  if (chosen.length === 1) return chosen[0] as string;
  return races.includes('declined') ? 'declined' : UNKNOWN;
}
