/**
 * The demonstration program's sites: a university hub and its spokes, modelled on
 * ROMI in Illinois (peer recovery coach + case manager pairs in county jails and
 * state prisons) with the emergency departments and methadone clinic of a
 * Connecticut-style State Opioid Response program. Ids are fixed so that browser
 * tests and documentation can name them.
 */
import type { SiteType } from '../core/enums.ts';

export interface DemoSite {
  id: string;
  key: DemoSiteKey;
  name: string;
  /** For tight spaces such as the start-up banner. */
  short: string;
  type: SiteType;
  county: string;
  timeZone: string;
  /** Area codes of the people this site serves, for believable (fictional 555-01xx) phone numbers. */
  areaCodes: readonly string[];
}

export type DemoSiteKey =
  | 'hub'
  | 'cookJail'
  | 'lakeJail'
  | 'willJail'
  | 'winnebagoJail'
  | 'stateville'
  | 'logan'
  | 'mountSinai'
  | 'christ'
  | 'westside';

const TZ = 'America/Chicago';

function site(n: number, key: DemoSiteKey, type: SiteType, name: string, short: string, county: string, areaCodes: string[]): DemoSite {
  return { id: `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`, key, name, short, type, county, timeZone: TZ, areaCodes };
}

export const DEMO_SITES: Record<DemoSiteKey, DemoSite> = {
  hub: site(1, 'hub', 'hub', 'Recovery Hub – University of Illinois Chicago', 'Hub (UIC)', 'Cook', ['312']),
  cookJail: site(11, 'cookJail', 'jail', 'Cook County Jail', 'Cook County Jail', 'Cook', ['773', '312', '872', '708']),
  lakeJail: site(12, 'lakeJail', 'jail', 'Lake County Jail', 'Lake County Jail', 'Lake', ['847', '224']),
  willJail: site(13, 'willJail', 'jail', 'Will County Adult Detention Facility', 'Will County ADF', 'Will', ['815', '779', '708']),
  winnebagoJail: site(14, 'winnebagoJail', 'jail', 'Winnebago County Jail', 'Winnebago County Jail', 'Winnebago', ['815', '779']),
  stateville: site(21, 'stateville', 'prison', 'Stateville Correctional Center', 'Stateville', 'Will', ['773', '312', '815', '217']),
  // Logan is Illinois' largest prison for women.
  logan: site(22, 'logan', 'prison', 'Logan Correctional Center', 'Logan', 'Logan', ['217', '773', '309']),
  mountSinai: site(31, 'mountSinai', 'emergency_department', 'Mount Sinai Hospital ED', 'Mount Sinai ED', 'Cook', ['773', '872']),
  christ: site(32, 'christ', 'emergency_department', 'Advocate Christ Medical Center ED', 'Advocate Christ ED', 'Cook', ['708', '773']),
  westside: site(41, 'westside', 'opioid_treatment_program', 'Westside Methadone Clinic', 'Westside Methadone', 'Cook', ['773', '312']),
};

export const DEMO_SITE_LIST: readonly DemoSite[] = Object.values(DEMO_SITES);

/** How many of the ~200 participants each spoke holds when seeding starts (transfers move a few). */
export const PARTICIPANTS_PER_SITE: Partial<Record<DemoSiteKey, number>> = {
  cookJail: 50,
  lakeJail: 22,
  willJail: 18,
  winnebagoJail: 16,
  stateville: 20,
  logan: 14,
  mountSinai: 25,
  christ: 20,
  westside: 15,
};
