/**
 * The demonstration program's resource directory: about forty fictional
 * organizations around the demo sites (Chicago's West and South Sides, the
 * southwest suburbs, Waukegan, Joliet, Rockford, Lincoln). Every name, address line
 * and phone number (555-01xx) is invented; the coordinates are near the real towns so
 * that "near the jail" means something. Buprenorphine prescribers that take Medicaid
 * sit near every jail, for the journey "find a buprenorphine provider that takes
 * Medicaid near the jail".
 */
import type { InsuranceType, MoudMedication, OpeningHours, ResourceCreateInput, ServiceCategory, Weekday } from '../core/resources.ts';
import { resourceCreateInput } from '../core/resources.ts';
import type { Tx } from '../server/db/database.ts';
import type { Actor } from '../server/http/actor.ts';
import { createResource } from '../server/resources/resources.service.ts';
import type { DemoSiteKey } from './sites.ts';

/** Where each demo site is (near the real facility), for searches "near the jail". Sites themselves store no coordinates. */
export const DEMO_SITE_COORDINATES: Record<DemoSiteKey, { latitude: number; longitude: number; zip: string }> = {
  hub: { latitude: 41.8708, longitude: -87.6505, zip: '60607' },
  cookJail: { latitude: 41.8378, longitude: -87.6957, zip: '60608' },
  lakeJail: { latitude: 42.3636, longitude: -87.8448, zip: '60085' },
  willJail: { latitude: 41.525, longitude: -88.0817, zip: '60432' },
  winnebagoJail: { latitude: 42.2711, longitude: -89.094, zip: '61101' },
  stateville: { latitude: 41.556, longitude: -88.1142, zip: '60403' },
  logan: { latitude: 40.1484, longitude: -89.3648, zip: '62656' },
  mountSinai: { latitude: 41.8601, longitude: -87.6946, zip: '60623' },
  christ: { latitude: 41.7225, longitude: -87.7323, zip: '60453' },
  westside: { latitude: 41.881, longitude: -87.725, zip: '60624' },
};

interface Town {
  city: string;
  zip: string;
  area: string;
  near: DemoSiteKey;
}
const TOWNS = {
  littleVillage: { city: 'Chicago', zip: '60623', area: '773', near: 'cookJail' },
  pilsen: { city: 'Chicago', zip: '60608', area: '312', near: 'cookJail' },
  westSide: { city: 'Chicago', zip: '60624', area: '773', near: 'westside' },
  nearWest: { city: 'Chicago', zip: '60612', area: '312', near: 'hub' },
  oakLawn: { city: 'Oak Lawn', zip: '60453', area: '708', near: 'christ' },
  waukegan: { city: 'Waukegan', zip: '60085', area: '847', near: 'lakeJail' },
  joliet: { city: 'Joliet', zip: '60432', area: '815', near: 'willJail' },
  rockford: { city: 'Rockford', zip: '61101', area: '815', near: 'winnebagoJail' },
  lincoln: { city: 'Lincoln', zip: '62656', area: '217', near: 'logan' },
} satisfies Record<string, Town>;
type TownKey = keyof typeof TOWNS;

const WEEKDAYS_ONLY: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const ALL_DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const hours = (days: Weekday[], opens: string, closes: string): OpeningHours[] => days.map((day) => ({ day, opens, closes }));

interface Kind {
  service: string;
  categories: ServiceCategory[];
  medications?: MoudMedication[];
  insurance: InsuranceType[];
  walkIn?: boolean;
  hours: OpeningHours[];
  description: string;
}

const KINDS = {
  otp: {
    service: 'Methadone and buprenorphine treatment (opioid treatment program)',
    categories: ['moud', 'behavioral_health'],
    medications: ['methadone', 'buprenorphine'],
    insurance: ['medicaid', 'medicare', 'uninsured_sliding_scale'],
    walkIn: true,
    hours: [...hours(WEEKDAYS_ONLY, '05:30', '13:30'), ...hours(['sat'], '07:00', '11:00')],
    description: 'Daily dosing, counselling and take-homes as earned. New patients are seen the same day when they arrive before 10:00.',
  },
  obot: {
    service: 'Buprenorphine and naltrexone treatment (office-based)',
    categories: ['moud', 'behavioral_health'],
    medications: ['buprenorphine', 'naltrexone'],
    insurance: ['medicaid', 'medicare', 'private'],
    hours: hours(WEEKDAYS_ONLY, '08:00', '17:00'),
    description: 'Prescribes buprenorphine (including the monthly injection) and extended-release naltrexone; bridge prescriptions for people leaving custody.',
  },
  lowBarrier: {
    service: 'Same-day buprenorphine, low-barrier',
    categories: ['moud', 'harm_reduction'],
    medications: ['buprenorphine'],
    insurance: ['medicaid', 'uninsured_sliding_scale'],
    walkIn: true,
    hours: [...hours(WEEKDAYS_ONLY, '09:00', '19:00'), ...hours(['sat'], '10:00', '14:00')],
    description: 'Walk in and leave with a prescription the same day. No counselling requirement. Naloxone and test strips at the front desk.',
  },
  fqhc: {
    service: 'Primary care with buprenorphine, HIV and hepatitis C care',
    categories: ['primary_care', 'moud', 'hiv_hepatitis_care'],
    medications: ['buprenorphine', 'naltrexone'],
    insurance: ['medicaid', 'medicare', 'private', 'uninsured_sliding_scale'],
    hours: [...hours(WEEKDAYS_ONLY, '08:00', '18:00'), ...hours(['sat'], '09:00', '13:00')],
    description: 'Community health centre: primary care, PrEP and HIV care, hepatitis C cure, buprenorphine in primary care. Sliding fee for people without insurance.',
  },
  harm: {
    service: 'Harm reduction: naloxone, syringe services, fentanyl test strips',
    categories: ['harm_reduction', 'hiv_hepatitis_care'],
    insurance: ['uninsured_sliding_scale'],
    walkIn: true,
    hours: hours(['tue', 'wed', 'thu', 'fri', 'sat'], '10:00', '18:00'),
    description: 'Free naloxone with overdose training, sterile supplies, HIV and hepatitis C testing, linkage to treatment.',
  },
  bh: {
    service: 'Outpatient mental health and substance use counselling',
    categories: ['behavioral_health'],
    insurance: ['medicaid', 'medicare', 'private', 'uninsured_sliding_scale'],
    hours: [...hours(['mon', 'tue', 'wed', 'thu'], '09:00', '20:00'), ...hours(['fri'], '09:00', '17:00')],
    description: 'Individual and group counselling, psychiatry, intensive outpatient program, co-occurring disorders.',
  },
  crisis: {
    service: 'Crisis stabilization and withdrawal management, 24 hours',
    categories: ['behavioral_health'],
    insurance: ['medicaid', 'medicare', 'private', 'uninsured_sliding_scale'],
    walkIn: true,
    hours: hours(ALL_DAYS, '00:00', '24:00'),
    description: 'Open around the clock. Walk-in assessment, medically monitored withdrawal, start on buprenorphine before discharge.',
  },
  respite: {
    service: 'Overnight recovery respite',
    categories: ['housing', 'behavioral_health'],
    insurance: ['uninsured_sliding_scale'],
    walkIn: true,
    hours: hours(ALL_DAYS, '19:00', '07:00'),
    description: 'A safe bed for the night with peer staff, for people newly released or between programs. Doors open at 19:00.',
  },
  housing: {
    service: 'Recovery housing and rapid rehousing',
    categories: ['housing'],
    insurance: ['uninsured_sliding_scale'],
    hours: hours(WEEKDAYS_ONLY, '09:00', '17:00'),
    description: 'Recovery homes that accept residents on MOUD, rental assistance and housing navigation for people returning from custody.',
  },
  food: {
    service: 'Food pantry and hot meals',
    categories: ['food'],
    insurance: ['uninsured_sliding_scale'],
    walkIn: true,
    hours: [...hours(['mon', 'wed', 'fri'], '11:00', '15:00'), ...hours(['sat'], '09:00', '12:00')],
    description: 'Groceries once a week, hot lunch three days a week. No ID needed.',
  },
  jobs: {
    service: 'Reentry employment services',
    categories: ['employment', 'benefits'],
    insurance: ['uninsured_sliding_scale'],
    hours: hours(WEEKDAYS_ONLY, '08:30', '16:30'),
    description: 'Job readiness, transitional jobs, record-friendly employers, help with state ID and SNAP applications.',
  },
  legal: {
    service: 'Legal aid: record sealing, benefits and housing cases',
    categories: ['legal', 'benefits'],
    insurance: ['uninsured_sliding_scale'],
    hours: hours(['mon', 'tue', 'wed', 'thu'], '09:00', '17:00'),
    description: 'Free legal help for people with low income: expungement and sealing, Medicaid and SNAP appeals, eviction defence.',
  },
  childcare: {
    service: 'Family support and child care for parents in recovery',
    categories: ['child_care', 'behavioral_health'],
    insurance: ['medicaid', 'uninsured_sliding_scale'],
    hours: hours(WEEKDAYS_ONLY, '07:00', '18:00'),
    description: 'On-site child care while parents attend treatment, parenting groups, help with child welfare plans.',
  },
  rides: {
    service: 'Rides to treatment appointments',
    categories: ['transportation'],
    insurance: ['medicaid'],
    hours: hours([...WEEKDAYS_ONLY, 'sat'], '06:00', '20:00'),
    description: 'Medicaid non-emergency rides to dosing, prescriber and court appointments; book a day ahead.',
  },
} satisfies Record<string, Kind>;
type KindKey = keyof typeof KINDS;

interface DemoOrg {
  name: string;
  town: TownKey;
  /** Offset from the town's site, in thousandths of a degree (north, east). */
  at: [number, number];
  street: string;
  kinds: KindKey[];
  languages?: string[];
}

const ORGS: DemoOrg[] = [
  // Around Cook County Jail (Little Village, Pilsen) and the West Side.
  { name: 'Kedzie Avenue Recovery Clinic', town: 'littleVillage', at: [8, -12], street: '3100 W. 26th Street', kinds: ['obot'], languages: ['en', 'es'] },
  { name: 'Little Village Family Health Center', town: 'littleVillage', at: [-4, 20], street: '2540 S. Kolin Avenue', kinds: ['fqhc'], languages: ['en', 'es'] },
  { name: 'California Avenue Bridge Clinic', town: 'pilsen', at: [2, 6], street: '2650 S. California Avenue', kinds: ['lowBarrier'], languages: ['en', 'es'] },
  { name: 'Pilsen Methadone Services', town: 'pilsen', at: [16, 38], street: '1850 W. 19th Street', kinds: ['otp'], languages: ['en', 'es'] },
  { name: 'Near South Harm Reduction Collective', town: 'pilsen', at: [20, 30], street: '1720 S. Blue Island Avenue', kinds: ['harm'], languages: ['en', 'es'] },
  { name: 'Casa Nueva Recovery Homes', town: 'littleVillage', at: [-10, -25], street: '3520 W. 31st Street', kinds: ['housing'], languages: ['en', 'es'] },
  { name: 'Ogden Corridor Food Pantry', town: 'littleVillage', at: [14, 5], street: '2909 W. Ogden Avenue', kinds: ['food'], languages: ['en', 'es', 'pl'] },
  { name: 'Second Chance Works Chicago', town: 'nearWest', at: [6, -14], street: '1418 W. Madison Street', kinds: ['jobs'] },
  { name: 'Lawndale Legal Aid Project', town: 'westSide', at: [-24, 18], street: '1200 S. Pulaski Road', kinds: ['legal'], languages: ['en', 'es'] },
  { name: 'West Garfield Crisis and Recovery Center', town: 'westSide', at: [3, -8], street: '4050 W. Madison Street', kinds: ['crisis'] },
  { name: 'Austin Boulevard Overnight Respite', town: 'westSide', at: [10, -35], street: '5600 W. Chicago Avenue', kinds: ['respite'] },
  { name: 'Garfield Park Behavioral Health', town: 'westSide', at: [-6, 12], street: '3700 W. Lake Street', kinds: ['bh', 'obot'] },
  { name: 'Mothers in Recovery Family Center', town: 'westSide', at: [-14, 22], street: '3400 W. Roosevelt Road', kinds: ['childcare'] },
  { name: 'Illinois Medical District Addiction Medicine Clinic', town: 'nearWest', at: [-3, -20], street: '1900 W. Polk Street', kinds: ['obot', 'bh'] },
  { name: 'Near West Community Health', town: 'nearWest', at: [4, 8], street: '1255 W. Roosevelt Road', kinds: ['fqhc'], languages: ['en', 'es', 'zh'] },
  { name: 'Chicago Reentry Rides', town: 'nearWest', at: [-12, 10], street: '1000 S. Halsted Street', kinds: ['rides'] },
  // Southwest suburbs (Advocate Christ).
  { name: 'Southwest Suburban Recovery Associates', town: 'oakLawn', at: [5, 10], street: '9400 S. Cicero Avenue', kinds: ['obot'], languages: ['en', 'ar', 'pl'] },
  { name: 'Oak Lawn Opioid Treatment Center', town: 'oakLawn', at: [-12, -6], street: '10501 S. Pulaski Road', kinds: ['otp'], languages: ['en', 'ar'] },
  { name: 'Ridge Community Health Center', town: 'oakLawn', at: [18, 25], street: '8700 S. Kedzie Avenue', kinds: ['fqhc', 'harm'], languages: ['en', 'es', 'ar'] },
  { name: 'Southwest Family Food Network', town: 'oakLawn', at: [-6, 14], street: '4800 W. 95th Street', kinds: ['food'] },
  // Waukegan (Lake County Jail).
  { name: 'Lake County Bridge to Recovery', town: 'waukegan', at: [4, 6], street: '120 N. Genesee Street', kinds: ['lowBarrier'], languages: ['en', 'es'] },
  { name: 'Waukegan Treatment Alternatives', town: 'waukegan', at: [-10, -18], street: '1840 Grand Avenue', kinds: ['otp'], languages: ['en', 'es'] },
  { name: 'North Shore Community Health – Waukegan', town: 'waukegan', at: [12, -30], street: '2400 Belvidere Road', kinds: ['fqhc'], languages: ['en', 'es'] },
  { name: 'Lake County Harm Reduction Network', town: 'waukegan', at: [-3, 2], street: '415 Washington Street', kinds: ['harm'], languages: ['en', 'es'] },
  { name: 'Lakeside Recovery Homes', town: 'waukegan', at: [20, -10], street: '900 Sheridan Road', kinds: ['housing'] },
  { name: 'Lake County Reentry Jobs Center', town: 'waukegan', at: [6, -8], street: '33 N. County Street', kinds: ['jobs', 'legal'], languages: ['en', 'es'] },
  // Joliet and Crest Hill (Will County ADF, Stateville).
  { name: 'Joliet Area Recovery Medicine', town: 'joliet', at: [6, 10], street: '210 N. Chicago Street', kinds: ['obot'], languages: ['en', 'es'] },
  { name: 'Will County Opioid Treatment Program', town: 'joliet', at: [-14, -20], street: '1500 W. Jefferson Street', kinds: ['otp'] },
  { name: 'Cass Street Community Health', town: 'joliet', at: [4, -6], street: '650 W. Cass Street', kinds: ['fqhc', 'harm'], languages: ['en', 'es'] },
  { name: 'Crest Hill Reentry Housing', town: 'joliet', at: [30, -30], street: '2000 Plainfield Road', kinds: ['housing', 'jobs'] },
  { name: 'Will County Crisis Line and Walk-in Center', town: 'joliet', at: [-8, 14], street: '501 Ella Avenue', kinds: ['crisis'] },
  { name: 'Joliet Family Food Pantry', town: 'joliet', at: [10, 2], street: '75 E. Clinton Street', kinds: ['food'] },
  // Rockford (Winnebago County Jail).
  { name: 'Rock River Recovery Clinic', town: 'rockford', at: [5, 8], street: '400 W. State Street', kinds: ['lowBarrier', 'obot'] },
  { name: 'Rockford Methadone Services', town: 'rockford', at: [-18, 22], street: '1600 Broadway', kinds: ['otp'] },
  { name: 'Winnebago Community Health Center', town: 'rockford', at: [14, -12], street: '1200 N. Main Street', kinds: ['fqhc'], languages: ['en', 'es', 'vi'] },
  { name: 'Rockford Legal and Benefits Clinic', town: 'rockford', at: [-2, 4], street: '120 W. Jefferson Street', kinds: ['legal'] },
  // Lincoln (Logan Correctional Center) and Springfield beyond.
  { name: 'Logan County Recovery Services', town: 'lincoln', at: [4, 10], street: '304 Eighth Street', kinds: ['obot', 'bh'] },
  { name: 'Central Illinois Family Health – Lincoln', town: 'lincoln', at: [-8, -6], street: '1100 Fifth Street', kinds: ['fqhc', 'childcare'] },
  { name: 'Prairie Reentry Rides', town: 'lincoln', at: [2, -2], street: '515 Broadway Street', kinds: ['rides', 'food'] },
  { name: 'Springfield Opioid Treatment Center', town: 'lincoln', at: [-340, -290], street: '2200 S. Sixth Street', kinds: ['otp'] },
];

const demoResourceId = (n: number) => `00000000-0000-4000-b000-${String(n).padStart(12, '0')}`;

/** The directory as the API would take it, one document per organization. */
export function demoResourceInputs(): { id: string; input: ResourceCreateInput }[] {
  return ORGS.map((org, i) => {
    const town: Town = TOWNS[org.town];
    const base = DEMO_SITE_COORDINATES[town.near];
    const phone = `(${town.area}) 555-01${String(10 + i).padStart(2, '0')}`;
    const input = resourceCreateInput.parse({
      name: org.name,
      description: KINDS[org.kinds[0] ?? 'bh'].description,
      website: `https://${org.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.example.org`,
      phone,
      locations: [
        {
          name: org.name,
          address1: org.street,
          city: town.city,
          state: 'IL',
          postalCode: town.zip,
          latitude: Math.round((base.latitude + org.at[0] / 1000) * 1e6) / 1e6,
          longitude: Math.round((base.longitude + org.at[1] / 1000) * 1e6) / 1e6,
          timeZone: 'America/Chicago',
          phone,
          languages: org.languages ?? ['en'],
          hours: KINDS[org.kinds[0] ?? 'bh'].hours,
        },
      ],
      services: org.kinds.map((k) => {
        const kind: Kind = KINDS[k];
        return {
          name: kind.service,
          description: kind.description,
          categories: kind.categories,
          medications: kind.medications ?? [],
          insurance: kind.insurance,
          walkIn: kind.walkIn ?? false,
          // One program is full for now: the directory says so rather than hiding it.
          acceptingNewClients: !(org.name.startsWith('Lakeside') || org.name.startsWith('Crest Hill')),
          languages: org.languages ?? ['en'],
          atLocations: [0],
        };
      }),
    });
    return { id: demoResourceId(i + 1), input };
  });
}

export async function seedDemoResources(tx: Tx, actor: Actor, at: Date): Promise<number> {
  const all = demoResourceInputs();
  for (const { id, input } of all) await createResource(tx, actor, input, at, { id });
  return all.length;
}
