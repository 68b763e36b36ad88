/**
 * The demonstration program's staff. Fixed ids, e-mails and one shared password,
 * so that browser tests, screenshots and documentation can sign in as any of them.
 * The e-mail domain is reserved for examples (RFC 2606): no mail ever leaves.
 */
import type { Role } from '../core/enums.ts';
import { DEMO_SITES, type DemoSiteKey } from './sites.ts';

/** Every persona's password (it passes the password policy; the demo is not for real data). */
export const DEMO_PASSWORD = 'demo-recovery-2026';

/**
 * The authenticator-app secret (base32) of every persona whose role must sign in
 * with a second factor: add it to an app (or compute its codes) to sign in as them.
 */
export const DEMO_MFA_SECRET = 'TANDEMDEMOTANDEMDEMOTANDEMDEMO22';

export interface Persona {
  id: string;
  key: PersonaKey;
  name: string;
  email: string;
  role: Role;
  /** Keys of the sites the persona is assigned to (a program administrator sees every site regardless). */
  sites: readonly DemoSiteKey[];
  /** One line for the banner and the docs: who they are in the story. */
  story: string;
  /** New on the team: no caseload yet, so left out of `staffOf` (and the demo's casework stays as it was). */
  noCaseload?: true;
}

export type PersonaKey =
  | 'admin'
  | 'supervisor'
  | 'siteManager'
  | 'cookCoach'
  | 'cookCaseManager'
  | 'cookNewCoach'
  | 'lakeCoach'
  | 'lakeCaseManager'
  | 'countyCoach'
  | 'prisonCoach'
  | 'prisonCaseManager'
  | 'edCoach'
  | 'edCaseManager'
  | 'evaluator';

const personaId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const mail = (local: string) => `${local}@demo.example.org`;

export const PERSONAS: Record<PersonaKey, Persona> = {
  admin: {
    id: personaId(1),
    key: 'admin',
    name: 'Denise Washington',
    email: mail('denise.washington'),
    role: 'program_admin',
    sites: ['hub'],
    story: 'program director at the hub: every site, user and report',
  },
  supervisor: {
    id: personaId(2),
    key: 'supervisor',
    name: 'Marcus Bell',
    email: mail('marcus.bell'),
    role: 'supervisor',
    sites: ['hub', 'cookJail', 'lakeJail', 'willJail', 'winnebagoJail'],
    story: 'clinical supervisor at the hub for the four county jail teams',
  },
  siteManager: {
    id: personaId(3),
    key: 'siteManager',
    name: 'Karen Nowak',
    email: mail('karen.nowak'),
    role: 'site_manager',
    sites: ['cookJail'],
    story: 'manages the Cook County Jail team',
  },
  cookCoach: {
    id: personaId(4),
    key: 'cookCoach',
    name: 'Tasha Reynolds',
    email: mail('tasha.reynolds'),
    role: 'coach',
    sites: ['cookJail'],
    story: 'peer recovery coach, Cook County Jail',
  },
  cookCaseManager: {
    id: personaId(5),
    key: 'cookCaseManager',
    name: 'Miguel Álvarez',
    email: mail('miguel.alvarez'),
    role: 'case_manager',
    sites: ['cookJail'],
    story: 'case manager paired with Tasha, Cook County Jail',
  },
  cookNewCoach: {
    id: personaId(14),
    key: 'cookNewCoach',
    name: 'Grace Okafor',
    email: mail('grace.okafor'),
    role: 'coach',
    sites: ['cookJail'],
    story: 'peer recovery coach who joined the Cook County Jail team this month: shadows Tasha, no caseload yet',
    noCaseload: true,
  },
  lakeCoach: {
    id: personaId(6),
    key: 'lakeCoach',
    name: "Kevin O'Brien",
    email: mail('kevin.obrien'),
    role: 'coach',
    sites: ['lakeJail'],
    story: 'peer recovery coach, Lake County Jail',
  },
  lakeCaseManager: {
    id: personaId(7),
    key: 'lakeCaseManager',
    name: 'Priya Shah',
    email: mail('priya.shah'),
    role: 'case_manager',
    sites: ['lakeJail'],
    story: 'case manager paired with Kevin, Lake County Jail',
  },
  countyCoach: {
    id: personaId(8),
    key: 'countyCoach',
    name: 'Ray Whitehorse',
    email: mail('ray.whitehorse'),
    role: 'coach',
    sites: ['willJail', 'winnebagoJail'],
    story: 'peer recovery coach covering the Will and Winnebago county jails',
  },
  prisonCoach: {
    id: personaId(9),
    key: 'prisonCoach',
    name: 'Darnell Brooks',
    email: mail('darnell.brooks'),
    role: 'coach',
    sites: ['stateville', 'logan'],
    story: 'peer recovery coach for the two state prisons (pre-release in-reach)',
  },
  prisonCaseManager: {
    id: personaId(10),
    key: 'prisonCaseManager',
    name: 'Jennifer Kowalski',
    email: mail('jennifer.kowalski'),
    role: 'case_manager',
    sites: ['stateville', 'logan'],
    story: 'case manager paired with Darnell, Stateville and Logan',
  },
  edCoach: {
    id: personaId(11),
    key: 'edCoach',
    name: 'Rosa Martínez',
    email: mail('rosa.martinez'),
    role: 'coach',
    sites: ['mountSinai', 'christ', 'westside'],
    story: 'ED recovery coach (Mount Sinai, Advocate Christ), links people to the Westside clinic',
  },
  edCaseManager: {
    id: personaId(12),
    key: 'edCaseManager',
    name: 'Aisha Rahman',
    email: mail('aisha.rahman'),
    role: 'case_manager',
    sites: ['mountSinai', 'christ', 'westside'],
    story: 'case manager paired with Rosa, EDs and the Westside clinic',
  },
  evaluator: {
    id: personaId(13),
    key: 'evaluator',
    name: 'Helen Zhou',
    email: mail('helen.zhou'),
    role: 'evaluator',
    sites: [],
    story: 'program evaluator: outcome reports, never names',
  },
};

export const PERSONA_LIST: readonly Persona[] = Object.values(PERSONAS);

export function personaSiteIds(p: Persona): string[] {
  return p.sites.map((k) => DEMO_SITES[k].id);
}

/** The staff who enroll and follow participants at a spoke, in the order they take turns. */
export function staffOf(site: DemoSiteKey): Persona[] {
  return PERSONA_LIST.filter((p) => (p.role === 'coach' || p.role === 'case_manager') && p.sites.includes(site) && !p.noCaseload);
}
