/** Days for the generator: UTC day numbers (days since 1970-01-01) and instants on them. */
import type { Random } from '../../demo/random.ts';

export const DAY = 86_400_000;

export const isoDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/** A moment of working hours (Chicago, UTC−6) on the day. */
export const instant = (day: number, rng: Random, fromHour = 8, toHour = 19) =>
  new Date(day * DAY + (fromHour + 6) * 3_600_000 + rng.int(0, (toHour - fromHour) * 60 - 1) * 60_000);

export const iso = (d: Date) => d.toISOString();
