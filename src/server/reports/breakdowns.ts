/**
 * Breakdowns of the dashboard's figures by site, race, ethnicity, gender, age group
 * and study arm: each repository row is added to the group of each of its keys (a
 * marginal row to those of its set's dimensions), then each dimension's rows are
 * suppressed as a partition of the same whole.
 */
import { AGE_GROUPS, BREAKDOWN_DIMENSIONS, type BreakdownDimension, type BreakdownRow } from '../../core/reports.ts';
import { ETHNICITIES, GENDERS, RACES } from '../../core/enums.ts';
import { hideRatePart, partitionHidden, ratio, suppressFields, suppressPartition, suppressRate } from '../../core/statistics.ts';
import { keyNames, type CellKeys, type Marginals } from './cell-keys.ts';

const DIMENSIONS: readonly Exclude<BreakdownDimension, 'study_arm'>[] = ['site', 'race', 'ethnicity', 'gender', 'age_group'];

function keyOf(cell: CellKeys, dim: Exclude<BreakdownDimension, 'study_arm'>): string {
  switch (dim) {
    case 'site':
      return cell.k_site;
    case 'race':
      return cell.k_race;
    case 'ethnicity':
      return cell.k_ethnicity;
    case 'gender':
      return cell.k_gender;
    case 'age_group':
      return cell.k_age;
  }
}

export const sum = <T>(rows: readonly T[], f: (r: T) => number) => rows.reduce((n, r) => n + f(r), 0);

/** The raw (unsuppressed) measures of one breakdown group. */
export interface GroupAcc {
  enrolled: number;
  active: number;
  discharged: number;
  contacts: number;
  participantMonths: number;
  referralsSent: number;
  referralsEngaged: number;
  linkageCohort: number;
  linked7: number;
  eligible7: number;
  linked14: number;
  eligible14: number;
  linked30: number;
  eligible30: number;
  retentionCohort: number;
  retained90: number;
  decided90: number;
  overdoses: number;
  overdosePeople: number;
  fatalOverdoses: number;
  followUpDue: number;
  followUpDone: number;
}

export const emptyAcc = (): GroupAcc => ({
  enrolled: 0,
  active: 0,
  discharged: 0,
  contacts: 0,
  participantMonths: 0,
  referralsSent: 0,
  referralsEngaged: 0,
  linkageCohort: 0,
  linked7: 0,
  eligible7: 0,
  linked14: 0,
  eligible14: 0,
  linked30: 0,
  eligible30: 0,
  retentionCohort: 0,
  retained90: 0,
  decided90: 0,
  overdoses: 0,
  overdosePeople: 0,
  fatalOverdoses: 0,
  followUpDue: 0,
  followUpDone: 0,
});

export class Breakdowns {
  /** Each dimension's groups by value. Tens of thousands of cells are added: no key text is made per cell. */
  readonly groups = new Map<BreakdownDimension, Map<string, GroupAcc>>(BREAKDOWN_DIMENSIONS.map((dim) => [dim, new Map()]));

  add(cell: CellKeys, f: (acc: GroupAcc) => void): void {
    for (const dim of DIMENSIONS) f(this.group(dim, keyOf(cell, dim)));
    // A person counts under the arm of each study they were randomized in.
    for (const arm of cell.k_arms ?? []) f(this.group('study_arm', arm));
  }

  /** A query's marginal rows, each to the groups of the dimensions its set is by. */
  addMarginals<T>(m: Marginals<T>, f: (acc: GroupAcc, row: T) => void): void {
    for (const row of m.bySite) f(this.group('site', row.k_site), row);
    for (const row of m.byKeys) {
      const names = keyNames(row.kid);
      f(this.group('race', names.k_race), row);
      f(this.group('ethnicity', names.k_ethnicity), row);
      f(this.group('gender', names.k_gender), row);
      f(this.group('age_group', names.k_age), row);
    }
    for (const row of m.byArms) for (const arm of row.k_arms ?? []) f(this.group('study_arm', arm), row);
  }

  private group(dim: BreakdownDimension, value: string): GroupAcc {
    const groups = this.groups.get(dim) as Map<string, GroupAcc>;
    let acc = groups.get(value);
    if (!acc) {
      acc = emptyAcc();
      groups.set(value, acc);
    }
    return acc;
  }
}

/** Vocabulary order of each dimension's values, for a stable table order; unknown last. */
const ORDER: Record<Exclude<BreakdownDimension, 'site' | 'study_arm'>, readonly string[]> = {
  race: [...RACES.filter((r) => r !== 'declined'), 'two_or_more_races', 'declined', 'unknown'],
  ethnicity: [...ETHNICITIES, 'unknown'],
  gender: [...GENDERS, 'unknown'],
  age_group: [...AGE_GROUPS],
};

const BREAKDOWN_COUNTS = [
  'enrolled',
  'active',
  'discharged',
  'contacts',
  'participantMonths',
  'referralsSent',
  'referralsEngaged',
  'linkageCohort',
  'retentionCohort',
  'overdoses',
  'overdosePeople',
  'fatalOverdoses',
] as const satisfies readonly (keyof GroupAcc & keyof BreakdownRow)[];

const BREAKDOWN_RATES = [
  ['linkedWithin7', 'linked7', 'eligible7'],
  ['linkedWithin14', 'linked14', 'eligible14'],
  ['linkedWithin30', 'linked30', 'eligible30'],
  ['retainedAt90', 'retained90', 'decided90'],
  ['followUp', 'followUpDone', 'followUpDue'],
] as const satisfies readonly (readonly [keyof BreakdownRow, keyof GroupAcc, keyof GroupAcc])[];

export function breakdownRows(b: Breakdowns, siteName: Map<string, string>, armLabels: Map<string, string>, s: boolean): BreakdownRow[] {
  const rows: BreakdownRow[] = [];
  for (const dim of BREAKDOWN_DIMENSIONS) {
    const groups = b.groups.get(dim) ?? new Map<string, GroupAcc>();
    const values = [...groups.keys()];
    const order = dim === 'site' ? [...siteName.keys()] : dim === 'study_arm' ? [...armLabels.keys()] : ORDER[dim];
    values.sort((x, y) => rank(order, x) - rank(order, y) || x.localeCompare(y));
    const dimRows: BreakdownRow[] = [];
    const accs: GroupAcc[] = [];
    for (const value of values) {
      const a = groups.get(value) ?? emptyAcc();
      accs.push(a);
      const row = suppressFields(
        {
          dimension: dim,
          value,
          label: dim === 'site' ? (siteName.get(value) ?? value) : dim === 'study_arm' ? (armLabels.get(value) ?? value) : label(value),
          enrolled: a.enrolled,
          active: a.active,
          discharged: a.discharged,
          contacts: a.contacts,
          participantMonths: a.participantMonths,
          contactsPerParticipantPerMonth: ratio(a.contacts, a.participantMonths),
          referralsSent: a.referralsSent,
          referralsEngaged: a.referralsEngaged,
          linkageCohort: a.linkageCohort,
          linkedWithin7: suppressRate(a.linked7, a.eligible7, s),
          linkedWithin14: suppressRate(a.linked14, a.eligible14, s),
          linkedWithin30: suppressRate(a.linked30, a.eligible30, s),
          retentionCohort: a.retentionCohort,
          retainedAt90: suppressRate(a.retained90, a.decided90, s),
          overdoses: a.overdoses,
          overdosePeople: a.overdosePeople,
          fatalOverdoses: a.fatalOverdoses,
          followUp: suppressRate(a.followUpDone, a.followUpDue, s),
          suppressed: [] as string[],
        },
        ['enrolled', 'active', 'discharged', 'contacts', 'participantMonths', 'referralsSent', 'referralsEngaged', 'linkageCohort', 'retentionCohort', 'overdoses', 'overdosePeople', 'fatalOverdoses'],
        s,
      );
      dimRows.push(row);
    }
    // The rows of one dimension split the same whole (each dimension adds up to the same total, shown or not),
    // so each count and each rate's parts get complementary suppression. People in several studies make the
    // study-arm rows overlap: protected the same way, which only hides more.
    if (s) {
      for (const key of BREAKDOWN_COUNTS) suppressPartition(dimRows, key, accs.map((a) => a[key]), true);
      for (const [key, num, den] of BREAKDOWN_RATES) {
        const numHidden = partitionHidden(accs.map((a) => a[num]));
        const denHidden = partitionHidden(accs.map((a) => a[den]));
        dimRows.forEach((row, i) => {
          if (numHidden[i] && row[key].numerator !== null) hideRatePart(row[key], 'numerator');
          if (denHidden[i] && row[key].denominator !== null) hideRatePart(row[key], 'denominator');
        });
      }
    }
    for (const row of dimRows) {
      if ((row.suppressed.includes('contacts') || row.suppressed.includes('participantMonths')) && !row.suppressed.includes('contactsPerParticipantPerMonth')) {
        row.contactsPerParticipantPerMonth = null;
        row.suppressed.push('contactsPerParticipantPerMonth');
      }
    }
    rows.push(...dimRows);
  }
  return rows;
}

function rank(order: readonly string[], value: string): number {
  const i = order.indexOf(value);
  return i === -1 ? order.length : i;
}

/** A readable label for a vocabulary value: "black_or_african_american" → "Black or African American", "18_24" → "18–24". */
export function label(value: string): string {
  const special: Record<string, string> = {
    under_18: 'Under 18',
    '65_plus': '65 and over',
    two_or_more_races: 'Two or more races',
    black_or_african_american: 'Black or African American',
    american_indian_or_alaska_native: 'American Indian or Alaska Native',
    native_hawaiian_or_other_pacific_islander: 'Native Hawaiian or Other Pacific Islander',
    middle_eastern_or_north_african: 'Middle Eastern or North African',
    hispanic_or_latino: 'Hispanic or Latino',
    not_hispanic_or_latino: 'Not Hispanic or Latino',
    moud: 'MOUD',
    moud_treatment: 'MOUD treatment',
  };
  if (special[value]) return special[value];
  if (/^\d+_\d+$/.test(value)) return value.replace('_', '–');
  const words = value.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
