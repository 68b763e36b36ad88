/**
 * The story the OpenAPI examples tell (Darius Coleman, released from Cook County Jail,
 * his coach Tasha Reynolds, buprenorphine, a recovery home): ids, names, dates and the
 * dictionary of field names → values. The ids are the demonstration program's.
 */
import { createHash } from 'node:crypto';
import { PERSONAS, type Persona } from '../../../demo/personas.ts';
import { DEMO_SITES } from '../../../demo/sites.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A schema as jsonSchemaTransform gives it (OpenAPI 3.0 dialect: `nullable`, boolean exclusive bounds). */
export type Schema = Record<string, unknown>;

export const COOK = DEMO_SITES.cookJail;
export const COACH = PERSONAS.cookCoach;
const CASE_MANAGER = PERSONAS.cookCaseManager;
const SUPERVISOR = PERSONAS.supervisor;
const ADMIN = PERSONAS.admin;

/** A stable, well-formed (version 4) UUID for a kind of record, so the same record has the same id everywhere. */
export function uuidFor(entity: string): string {
  const h = createHash('sha256').update(`tandem-example:${entity}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const PARTICIPANT = {
  id: uuidFor('participant'),
  firstName: 'Darius',
  lastName: 'Coleman',
  preferredName: 'D',
  dateOfBirth: '1988-04-12',
  phone: '(773) 555-0142',
  email: 'darius.coleman@example.com',
};
export const RESOURCE = { id: uuidFor('resource'), name: 'Casa Nueva Recovery Homes' };
export const CLINIC = { id: uuidFor('provider'), name: 'Kedzie Avenue Recovery Clinic' };

/** Ids of the records the story names; any other kind gets uuidFor(kind). */
const IDS: Record<string, string> = {
  site: COOK.id,
  user: COACH.id,
  staff: COACH.id,
  participant: PARTICIPANT.id,
  resource: RESOURCE.id,
  recipientResource: RESOURCE.id,
  providerResource: CLINIC.id,
  trainedBy: COACH.id,
  coach: COACH.id,
  caseManager: CASE_MANAGER.id,
  supervisor: SUPERVISOR.id,
  owner: CASE_MANAGER.id,
  attendee: COACH.id,
  toSite: DEMO_SITES.lakeJail.id,
};

export const CONTACT_NOTE =
  'Met Darius at the Cook County Jail release door at 6 a.m. and drove him to the Kedzie Avenue clinic for his first buprenorphine dose. ' +
  'He has a bed at Casa Nueva from Friday; we practised using the naloxone kit with his mother.';

/** What a field of this name holds, wherever it appears. Functions see where the field is. */
type Value = Json | ((ctx: Ctx) => Json | undefined);
export const FIELDS: Record<string, Value> = {
  // People
  firstName: PARTICIPANT.firstName,
  lastName: PARTICIPANT.lastName,
  preferredName: PARTICIPANT.preferredName,
  dateOfBirth: PARTICIPANT.dateOfBirth,
  birthYear: 1988,
  participantName: `${PARTICIPANT.firstName} ${PARTICIPANT.lastName}`,
  typedName: `${PARTICIPANT.firstName} ${PARTICIPANT.lastName}`,
  phone: PARTICIPANT.phone,
  email: (ctx) => (ctx.entity === 'participant' ? PARTICIPANT.email : ctx.tag === 'resources' ? 'intake@casanueva.example.org' : personaOf(ctx).email),
  name: (ctx) => nameOf(ctx),
  role: (ctx) => personaOf(ctx).role,
  gender: 'man',
  race: ['black_or_african_american'],
  ethnicity: 'not_hispanic_or_latino',
  preferredLanguage: 'en',
  language: 'en',
  languages: ['en', 'es'],
  custodyStatus: 'community',
  referralSource: 'jail_in_reach',
  relationship: 'family_member',
  recipientName: (ctx) => (ctx.tag === 'naloxone' ? 'Angela Coleman' : RESOURCE.name),
  // Sign-in
  password: 'maple harbor quilt 2026',
  newPassword: 'maple harbor quilt 2026',
  currentPassword: 'river stone lantern 42',
  code: '492817',
  recoveryCode: 'k7qm-x2vd-9hpt',
  secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  otpauthUri: `otpauth://totp/Tandem:${encodeURIComponent(COACH.email)}?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Tandem`,
  qrSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 37 37" shape-rendering="crispEdges"><path d="M4 4h7v7H4z"/></svg>',
  csrfToken: 'Vb3q9cZkT2mRw8XhLp4sNa6yJd0eGf1u',
  token: 'tdm_Jx8v2QmR7tLp4WcZ0sNf6hYbK3aE9uGd1oVq5iXrT2w',
  prefix: 'tdm_Jx8v',
  label: (ctx) => (ctx.parents.includes('columns') ? 'Participants enrolled' : ctx.parents.includes('arms') ? 'Peer navigation' : 'Evaluation team laptop'),
  invitationUrl: 'https://tandem.example.org/invitation/Jx8v2QmR7tLp4WcZ0sNf6hYbK3aE9uGd1oVq5iXrT2w',
  idleTimeoutSeconds: 1800,
  recoveryCodesLeft: 8,
  // Sites and places
  siteName: COOK.name,
  county: COOK.county,
  timeZone: COOK.timeZone,
  location: 'Cook County Jail release door, 2700 S. California Avenue',
  address1: '3520 W. 31st Street',
  address2: 'Second floor',
  city: 'Chicago',
  state: 'IL',
  postalCode: '60623',
  zip: '60623',
  latitude: 41.8378,
  longitude: -87.7116,
  lat: 41.8378,
  lng: -87.7116,
  radiusMiles: 5,
  distanceMiles: 1.8,
  website: 'https://casanueva.example.org',
  opens: '09:00',
  closes: '17:00',
  clientAddress: '10.20.4.17',
  // Records and notes
  q: PARTICIPANT.lastName,
  note: (ctx) => TAG_NOTES[ctx.tag] ?? CONTACT_NOTE,
  notes: (ctx) => TAG_NOTES[ctx.tag] ?? 'Needs a ground-floor bed near the Kedzie Avenue clinic; sees his prescriber there on Mondays.',
  cursor: 'MjAyNi0wMy0wNFQxNTozMDowMC4wMDBa',
  nextCursor: 'MjAyNi0wMy0wNFQxNTozMDowMC4wMDBa',
  noteExcerpt: CONTACT_NOTE.slice(0, 120),
  text: (ctx) => (ctx.tag === 'plans' ? 'Find a stable place to live by summer' : CORRECTION),
  message: (ctx) => (ctx.tag === 'fhir' ? 'This Patient looks like someone already in Tandem (same name and date of birth)' : 'Saved'),
  path: (ctx) => (ctx.tag === 'fhir' ? 'entry[0].resource' : 'firstName'),
  suppressed: ['people'],
  column: 'people',
  row: COOK.name,
  value: 5,
  answers: 5,
  flags: ['at_or_above_47'],
  needsFound: ['housing'],
  resourceType: (ctx) => (ctx.parents.includes('entry') ? 'Patient' : 'Bundle'),
  fullUrl: `urn:uuid:${PARTICIPANT.id}`,
  from: (ctx) => (ctx.tag === 'fhir' ? 'sent' : undefined),
  to: (ctx) => (ctx.tag === 'fhir' ? 'accepted' : undefined),
  reason: (ctx) =>
    ctx.tag === 'contacts'
      ? 'The original note named the wrong clinic'
      : ctx.tag === 'naloxone'
        ? 'The monthly count found one kit fewer than the records show'
        : 'Darius came into the Mount Sinai ED after an overdose; his own coach is off shift and the ED team needs his buprenorphine history.',
  summary: 'Released to his mother’s home; started buprenorphine the next morning.',
  dischargeNote: 'Moved to his sister’s home in Rockford; handed over to the Winnebago County team.',
  action: 'participant.read',
  recordType: 'participant',
  description: (ctx) =>
    ctx.tag === 'supervision'
      ? 'Tasha calls Casa Nueva intake to confirm the bed before Friday'
      : ctx.tag === 'resources'
        ? 'Sober living for men in early recovery; residents on buprenorphine or methadone are welcome.'
        : ctx.tag === 'studies' ? 'Does a peer navigator in the first 30 days after release raise linkage to MOUD?' : 'Peer recovery coaching and case management for people leaving custody.',
  title: (ctx) =>
    ctx.tag === 'plans' ? 'A stable place to live by summer' : ctx.tag === 'reports' ? 'Enrollment by site' : 'BARC-10: Brief Assessment of Recovery Capital',
  what: 'Call Casa Nueva intake to confirm the bed for Friday',
  domain: 'housing',
  key: (ctx) => (ctx.parents.includes('arms') ? 'peer_navigation' : ctx.parents.includes('columns') ? 'enrolled' : 'barc10'),
  instrumentKey: 'barc10',
  prompt: 'I am making good progress on my recovery journey.',
  source: (ctx) => (ctx.tag === 'naloxone' ? 'Illinois Department of Human Services naloxone program' : ctx.tag === 'resources' ? 'Cook County 211 directory' : SOURCE),
  // Resources, referrals, treatment
  resourceName: RESOURCE.name,
  providerName: CLINIC.name,
  alternateName: 'Casa Nueva',
  category: 'housing',
  medication: 'buprenorphine',
  insurance: 'medicaid',
  need: 'housing',
  place: 'Casa Nueva intake office, 3520 W. 31st Street',
  appointmentPlace: 'Casa Nueva intake office, 3520 W. 31st Street',
  time: '10:30',
  appointmentTime: '10:30',
  fhirTaskStatus: 'requested',
  discloser: 'Peer recovery program, Recovery Hub – University of Illinois Chicago',
  purposeOther: 'Arranging a recovery home placement',
  expiryEvent: 'Discharge from the peer recovery program',
  image: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  notice:
    'This record is protected by federal confidentiality rules (42 CFR part 2). Further disclosure is prohibited unless permitted by the written consent of the person it pertains to or by 42 CFR part 2.',
  // Naloxone
  lotNumber: 'NX24B117',
  product: 'nasal_4mg',
  kits: 2,
  peopleCount: 12,
  dosesUsed: 2,
  eventName: 'Little Village overdose awareness day',
  cause: 'Used on a neighbour who overdosed in the stairwell',
  // Supervision, studies, reports
  definition: 'The coach is asked to keep a participant’s secret from the team.',
  examples: 'He told me about a relapse and asked me not to write it down.',
  arm: 'peer_navigation',
  factor: 'site',
  stratumKey: 'site=Cook County Jail',
  studyName: 'Peer navigation after release',
  month: '2026-03',
  quarter: '2026-Q1',
  // Numbers
  version: 3,
  durationMinutes: 45,
  limit: 50,
  score: 47,
  scoreMax: 60,
  itemCount: 10,
  answeredCount: 10,
  noContactDays: 14,
  ratio: 1,
  n: 41,
  rate: 0.44,
  kappa: 0.71,
  // Flags that are usually off
  archived: false,
  includeArchived: 'false',
  truncated: false,
  mustChangePassword: false,
  revoked: false,
  confirmCloseEnrollment: false,
};

/** Dates of the story: released 27 February 2026, first dose the next morning, seen again 4 March. */
const CORRECTION = 'Correction: his first dose was at the Kedzie Avenue clinic, not at the Pilsen one.';
const SOURCE = 'Vilsaint CL, Kelly JF, Bergman BG, et al. Drug and Alcohol Dependence 2017;177:71-76.';

/** What a note says, by the part of the program it is written in. */
const TAG_NOTES: Record<string, string> = {
  naloxone: 'Showed his mother how to use the nasal spray; she keeps one kit at home and one in her car.',
  'emergency access': 'Reviewed with the ED team lead: the access was needed for the overdose response.',
  referrals: 'Sent with his consent; Casa Nueva intake confirmed by phone that a bed opens Friday.',
  'critical events': 'His mother gave two doses of nasal naloxone and called 911; EMS took him to the Mount Sinai ED.',
  supervision: 'Talked through Tasha’s worry about Darius’s first week out; she checks in with him daily until the bed opens.',
  consents: 'Darius asked by phone to stop sharing with Casa Nueva; confirmed in person the next day.',
  moud: 'First dose observed at the clinic; next visit in seven days.',
  enrollments: 'Enrolled at the jail two weeks before release; his mother is his support person.',
};

export const DATES: Record<string, string> = {
  dateOfBirth: PARTICIPANT.dateOfBirth,
  expectedReleaseDate: '2026-02-27',
  releaseDate: '2026-02-27',
  releasedOn: '2026-02-27',
  enrolledOn: '2026-01-20',
  phaseStartedOn: '2026-02-27',
  startedOn: '2026-02-28',
  firstDoseOn: '2026-02-28',
  firstStartOn: '2026-02-28',
  indexDate: '2026-02-27',
  distributedOn: '2026-02-27',
  signedOn: '2026-02-27',
  appointmentOn: '2026-03-12',
  on: '2026-03-12',
  expiresOn: '2027-02-27',
  expiry: '2027-08-31',
  irrevocableUntil: '2026-03-31',
  targetDate: '2026-06-30',
  dueDate: '2026-03-13',
  dueOn: '2026-03-13',
  from: '2026-01-01',
  to: '2026-03-31',
};
export const DEFAULT_DATE = '2026-03-04';
export const DEFAULT_INSTANT = '2026-03-04T15:30:00.000Z';
export const INSTANTS: Record<string, string> = {
  expiresAt: '2026-06-02T15:30:00.000Z',
  invitationExpiresAt: '2026-03-11T15:30:00.000Z',
  lockedUntil: '2026-03-04T15:45:00.000Z',
};

export interface Ctx {
  /** The property name (for an array item: the array's name, made singular). */
  name: string;
  /** Property names from the body's root down to here. */
  parents: string[];
  /** The kind of record the enclosing object is (participant, site, user, referral…). */
  entity: string;
  tag: string;
  /** How deep in the schema: unions of unions stop somewhere. */
  depth: number;
}

export const singular = (word: string) => word.replace(/ies$/, 'y').replace(/(ss)$/, '$1').replace(/([^s])s$/, '$1');

/** The staff member a person-valued field names (createdBy, coach, supervisor…). */
function personaFor(key: string): Persona {
  if (/caseManager|owner/i.test(key)) return CASE_MANAGER;
  if (/supervisor|coderB|reviewed/i.test(key)) return SUPERVISOR;
  if (/admin|requestedBy/i.test(key)) return ADMIN;
  return COACH;
}
const PERSON_KEY = /^(createdBy|updatedBy|savedBy|startedBy|completedBy|recordedBy|disclosedBy|assignedBy|requestedBy|reviewedBy|openedBy|by|actor|user|users|staff|coach|coaches|caseManager|caseManagers|supervisor|owner|trainedBy|attendee|attendees|coder|coderA|coderB|author|member|members)$/;
const personaOf = (ctx: Ctx) => personaFor(ctx.parents.findLast((p) => PERSON_KEY.test(p)) ?? '');

/** What kind of record an object under this property is. */
export function entityOfKey(key: string, fallback: string): string {
  if (PERSON_KEY.test(key)) return 'user';
  if (/site$/i.test(key)) return 'site';
  if (/^(resource|provider|organization|recipient)$/.test(key)) return 'resource';
  if (/^(items|entry|rows|data|results|answers|hours|totals|figures|changes)$/.test(key)) return fallback;
  return singular(key);
}

function nameOf(ctx: Ctx): Json {
  if (PERSON_KEY.test(ctx.entity)) return personaOf(ctx).name;
  switch (ctx.entity) {
    case 'user':
      return personaOf(ctx).name;
    case 'site':
      return COOK.name;
    case 'resource':
    case 'recipient':
      return RESOURCE.name;
    case 'participant':
      return `${PARTICIPANT.firstName} ${PARTICIPANT.lastName}`;
    case 'study':
      return 'Peer navigation after release';
    case 'theme':
    case 'codebook':
      return 'Keeping secrets from the team';
    case 'location':
      return 'Casa Nueva – Little Village house';
    case 'service':
      return 'Recovery home bed (men)';
    default:
      if (['participants', 'emergency access', 'worklist', 'critical events', 'enrollments'].includes(ctx.tag)) return `${PARTICIPANT.firstName} ${PARTICIPANT.lastName}`;
      return ctx.tag === 'supervision' ? 'Keeping secrets from the team' : ctx.tag === 'resources' ? RESOURCE.name : personaOf(ctx).name;
  }
}

export function idFor(name: string, ctx: Ctx): string {
  const kind = name === 'id' || name === 'ids' ? ctx.entity : name.replace(/Ids?$/, '');
  if (kind === 'user' || PERSON_KEY.test(kind)) return personaFor(kind === 'user' ? (ctx.parents.findLast((p) => PERSON_KEY.test(p)) ?? '') : kind).id;
  return IDS[kind] ?? uuidFor(kind);
}

