/**
 * The sites of a state-wide program for the generator: a hub and, county by
 * county, jails, prisons, emergency departments and treatment programs, named the
 * way Illinois programs are. Any number of sites: counties repeat with a number.
 */
import type { SiteType } from '../../core/enums.ts';

export interface ScaleSite {
  id: string;
  index: number;
  name: string;
  type: SiteType;
  county: string;
  timeZone: string;
  areaCode: string;
  /** How many participants it serves relative to others (busy urban sites more). */
  weight: number;
}

const COUNTIES: readonly (readonly [county: string, city: string, areaCode: string, weight: number])[] = [
  ['Cook', 'Chicago', '773', 6], ['DuPage', 'Wheaton', '630', 2.5], ['Lake', 'Waukegan', '847', 2], ['Will', 'Joliet', '815', 2],
  ['Kane', 'Aurora', '630', 1.8], ['McHenry', 'Woodstock', '815', 1.1], ['Winnebago', 'Rockford', '815', 1.5],
  ['Madison', 'Edwardsville', '618', 1.4], ['St. Clair', 'Belleville', '618', 1.4], ['Champaign', 'Urbana', '217', 1.1],
  ['Sangamon', 'Springfield', '217', 1.2], ['Peoria', 'Peoria', '309', 1.2], ['McLean', 'Bloomington', '309', 1],
  ['Rock Island', 'Rock Island', '309', 0.8], ['Tazewell', 'Pekin', '309', 0.7], ['Kankakee', 'Kankakee', '815', 0.7],
  ['Macon', 'Decatur', '217', 0.8], ['LaSalle', 'Ottawa', '815', 0.6], ['Vermilion', 'Danville', '217', 0.6],
  ['Jackson', 'Carbondale', '618', 0.5], ['Adams', 'Quincy', '217', 0.5], ['Williamson', 'Marion', '618', 0.5],
  ['DeKalb', 'Sycamore', '815', 0.5], ['Kendall', 'Yorkville', '630', 0.5], ['Coles', 'Charleston', '217', 0.4],
];

const PRISONS: readonly (readonly [name: string, county: string])[] = [
  ['Stateville Correctional Center', 'Will'], ['Logan Correctional Center', 'Logan'], ['Sheridan Correctional Center', 'LaSalle'],
  ['Menard Correctional Center', 'Randolph'], ['Pinckneyville Correctional Center', 'Perry'], ['Dixon Correctional Center', 'Lee'],
  ['Graham Correctional Center', 'Montgomery'], ['Vandalia Correctional Center', 'Fayette'],
];

/** The kinds of site, in the order a growing program adds them after its hub. */
const PATTERN: readonly SiteType[] = ['jail', 'emergency_department', 'jail', 'prison', 'opioid_treatment_program', 'emergency_department', 'jail', 'clinic', 'jail', 'emergency_department'];

export const SEED_TIME_ZONE = 'America/Chicago';

/** Fixed ids in a range of their own, so generated rows never collide with the demo's. */
export function seedId(kind: number, n: number): string {
  return `5eed${kind.toString(16).padStart(4, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export const ID_KIND = {
  site: 1, user: 2, participant: 3, enrollment: 4, contact: 5, referral: 6, referralEvent: 7, moud: 8, lot: 9, movement: 10,
  distribution: 11, assessment: 12, session: 13, history: 14, phase: 15, interview: 16, planVersion: 17, goal: 18, step: 19, event: 20,
} as const;

export function planSites(count: number): ScaleSite[] {
  const sites: ScaleSite[] = [
    { id: seedId(ID_KIND.site, 0), index: 0, name: 'State Recovery Hub', type: 'hub', county: 'Sangamon', timeZone: SEED_TIME_ZONE, areaCode: '217', weight: 0.5 },
  ];
  const used = new Map<string, number>();
  let prison = 0;
  for (let i = 1; i < count; i++) {
    const type = PATTERN[(i - 1) % PATTERN.length] ?? 'jail';
    const [county, city, areaCode, weight] = COUNTIES[Math.floor((i - 1) / 2) % COUNTIES.length] ?? COUNTIES[0] ?? ['Cook', 'Chicago', '773', 1];
    let name: string;
    let siteCounty = county;
    switch (type) {
      case 'jail':
        name = `${county} County Jail`;
        break;
      case 'prison': {
        const p = PRISONS[prison++ % PRISONS.length] ?? ['Correctional Center', county];
        name = p[0];
        siteCounty = p[1];
        break;
      }
      case 'emergency_department':
        name = `${city} Memorial Hospital ED`;
        break;
      case 'opioid_treatment_program':
        name = `${city} Methadone Clinic`;
        break;
      case 'hub':
      case 'clinic':
      case 'community':
      case 'court':
      case 'police_diversion':
        name = `${city} Community Health Center`;
    }
    const seen = used.get(name) ?? 0;
    used.set(name, seen + 1);
    if (seen > 0) name = `${name} ${String(seen + 1)}`;
    sites.push({ id: seedId(ID_KIND.site, i), index: i, name, type, county: siteCounty, timeZone: SEED_TIME_ZONE, areaCode, weight: weight * (type === 'prison' ? 0.8 : 1) });
  }
  return sites;
}
