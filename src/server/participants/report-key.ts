/**
 * A participant's race group, ethnicity and gender as one number, stored on the row
 * (`participants.report_key`, a generated column: drizzle/0031) for the dashboard's
 * cells (reports/cell-keys.ts). Worked out by every figure query for every person,
 * this arithmetic over the lists was a quarter of the cost of reading a state's
 * participants; stored, it is worked out once when the row is written.
 *
 * The column's expression is fixed by its migration: a change to these lists (or to
 * RACES, ETHNICITIES, GENDERS) needs a migration that generates the column again.
 * reports.rules.test.ts checks the keys the queries give against the rule.
 */
import { ETHNICITIES, GENDERS, RACES } from '../../core/enums.ts';
import { TWO_OR_MORE_RACES, UNKNOWN } from '../../core/reports.ts';

const SINGLE_RACES = RACES.filter((r) => r !== 'declined');
/** The race groups in the order they are numbered; values outside the lists (the API accepts none) count as unknown. */
export const RACE_KEYS = [...SINGLE_RACES, TWO_OR_MORE_RACES, 'declined', UNKNOWN];
export const ETHNICITY_KEYS = [...ETHNICITIES, UNKNOWN];
export const GENDER_KEYS = [...GENDERS, UNKNOWN];

/** A literal text array: a generated column's expression takes no parameters. */
const textArray = (values: readonly string[]): string => `'{${values.join(',')}}'::text[]`;
/** The 0-based place of `value` in `list`, or `fallback` when it is not there (or null). */
const placeIn = (list: readonly string[], value: string, fallback: number): string =>
  `coalesce(array_position(${textArray(list)}, ${value}) - 1, ${String(fallback)})`;

const raceKey = `coalesce(case
      when cardinality(array_remove(race, 'declined')) > 1 then ${String(RACE_KEYS.indexOf(TWO_OR_MORE_RACES))}
      when cardinality(array_remove(race, 'declined')) = 1 then ${placeIn(SINGLE_RACES, `(array_remove(race, 'declined'))[1]`, RACE_KEYS.length - 1)}
      when 'declined' = any(race) then ${String(RACE_KEYS.indexOf('declined'))}
    end, ${String(RACE_KEYS.length - 1)})`;

/** `(race group × ethnicities + ethnicity) × genders + gender`, over the row's own columns. */
export const REPORT_KEY_SQL = `((${raceKey}) * ${String(ETHNICITY_KEYS.length)} + ${placeIn(ETHNICITIES, 'ethnicity', ETHNICITY_KEYS.length - 1)}) * ${String(GENDER_KEYS.length)} + ${placeIn(GENDERS, 'gender', GENDER_KEYS.length - 1)}`;
