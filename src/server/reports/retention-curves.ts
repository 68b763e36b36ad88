/**
 * MOUD retention as survival: each person's first continuous stretch as a time to
 * event or censoring, Kaplan-Meier curves from them, and an evaluator's curves
 * coarsened or dropped whole so that no small group can be worked back.
 */
import { daysBetween } from '../../core/enrollments.ts';
import { retention, RETENTION_GAP_DAYS, RETENTION_MARKS } from '../../core/moud.ts';
import type { KmCurveRow } from '../../core/reports.ts';
import {
  coarseSurvivalAt,
  coarsenKm,
  isSmallCell,
  kaplanMeier,
  kmMedian,
  partitionHidden,
  suppressFields,
  survivalAt,
  type SurvivalObservation,
} from '../../core/statistics.ts';
import { sum } from './breakdowns.ts';
import type { CellKeys } from './cell-keys.ts';
import type { RetentionEpisodeRow } from './reports.repository.ts';

export interface RetentionPerson extends CellKeys {
  medication: string;
  observation: SurvivalObservation;
  marks: { days: number; status: 'retained' | 'not_retained' | 'not_yet' }[];
}

/**
 * Each person's first continuous stretch (core/moud.ts retention: gaps of 14 days
 * or fewer do not break it) as a survival time in days from the first dose: an
 * event when it has ended for good (more than 14 days ago with no restart),
 * censored while ongoing (at today) or while a restart could still join it (at its end).
 */
export function retentionPeople(rows: readonly RetentionEpisodeRow[], today: string): RetentionPerson[] {
  const byPerson = new Map<string, RetentionEpisodeRow[]>();
  for (const r of rows) {
    const list = byPerson.get(r.participant_id);
    if (list) list.push(r);
    else byPerson.set(r.participant_id, [r]);
  }
  const people: RetentionPerson[] = [];
  for (const episodes of byPerson.values()) {
    const first = episodes[0];
    const r = retention(
      episodes.map((e) => ({ startedOn: e.started_on, endedOn: e.ended_on !== null && e.ended_on > today ? null : e.ended_on })),
      today,
    );
    if (!first || !r) continue;
    const until = r.continuousUntil;
    const observation: SurvivalObservation =
      until === null
        ? { time: daysBetween(r.firstStartOn, today), event: false }
        : { time: daysBetween(r.firstStartOn, until), event: daysBetween(until, today) > RETENTION_GAP_DAYS };
    people.push({
      k_site: first.k_site,
      k_race: first.k_race,
      k_ethnicity: first.k_ethnicity,
      k_gender: first.k_gender,
      k_age: first.k_age,
      k_arms: first.k_arms,
      medication: first.medication,
      observation,
      marks: r.marks.map((m) => ({ days: m.days, status: m.status })),
    });
  }
  return people;
}

export function droppedCurve(dimension: KmCurveRow['dimension'], value: string, label: string): KmCurveRow {
  return {
    dimension,
    value,
    label,
    people: null,
    events: null,
    medianDays: null,
    at: RETENTION_MARKS.map((days) => ({ days, survival: null, lower: null, upper: null })),
    points: [],
    suppressed: ['people', 'events', 'medianDays', 'at', 'points'],
  };
}

export function kmCurve(dimension: KmCurveRow['dimension'], value: string, label: string, people: readonly RetentionPerson[], suppress: boolean): KmCurveRow {
  const steps = kaplanMeier(people.map((p) => p.observation));
  const n = people.length;
  const events = sum(people, (p) => (p.observation.event ? 1 : 0));
  if (suppress && isSmallCell(n)) return droppedCurve(dimension, value, label);
  // What a curve says of itself, coarsened or not; its points and survival at the marks differ.
  const head = { dimension, value, label, people: n, events, medianDays: kmMedian(steps) };
  if (suppress) {
    // An evaluator's curve is coarsened so that no step's events or censored can be worked back (core/statistics.ts coarsenKm).
    const coarse = coarsenKm(steps, n);
    return suppressFields(
      {
        ...head,
        at: RETENTION_MARKS.map((days) => {
          const beyond = survivalAt(steps, days).survival === null;
          return { days, ...(beyond ? { survival: null, lower: null, upper: null } : coarseSurvivalAt(coarse, days)) };
        }),
        points: coarse.map((p) => ({ ...p, censored: null, suppressed: ['censored'] })),
        coarse: true,
        suppressed: [] as string[],
      },
      ['people', 'events'],
      suppress,
    );
  }
  const start = { day: 0, survival: 1, lower: null, upper: null, atRisk: n, events: 0, censored: 0, suppressed: [] as string[] };
  const points = [
    ...(n > 0 ? [start] : []),
    ...steps.map((s) => ({ day: s.time, survival: s.survival, lower: s.lower, upper: s.upper, atRisk: s.atRisk, events: s.events, censored: s.censored, suppressed: [] as string[] })),
  ];
  return {
    ...head,
    at: RETENTION_MARKS.map((days) => {
      const a = survivalAt(steps, days);
      return { days, survival: a.survival, lower: a.lower, upper: a.upper };
    }),
    points,
    suppressed: [] as string[],
  };
}

/**
 * The curves of one dimension split the overall curve's people and events: a
 * curve hidden (1–10 people) could be worked back from the overall one less the
 * others, so complementary suppression drops further curves whole.
 */
export function protectCurves(curves: KmCurveRow[], raw: readonly { people: number; events: number }[], suppress: boolean): KmCurveRow[] {
  if (!suppress) return curves;
  const byPeople = partitionHidden(raw.map((r) => r.people));
  const byEvents = partitionHidden(raw.map((r) => r.events));
  return curves.map((c, i) => (byPeople[i] || byEvents[i] ? droppedCurve(c.dimension, c.value, c.label) : c));
}
