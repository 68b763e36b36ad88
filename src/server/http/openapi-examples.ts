/**
 * Examples for the OpenAPI description: every request body, parameter and response
 * of every route carries one. Most are generated from the route's own JSON schema
 * (so a route added tomorrow gets them too) with a dictionary of field names →
 * values from one story: Darius Coleman, released from Cook County Jail, met at the
 * door by his coach Tasha Reynolds, started on buprenorphine and referred to a
 * recovery home. The main bodies and the error answers are written by hand below.
 * The ids are the demonstration program's, so "Try it out" works against `tandem demo`.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { PERSONAS, type Persona } from '../../demo/personas.ts';
import { DEMO_SITES } from '../../demo/sites.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A schema as jsonSchemaTransform gives it (OpenAPI 3.0 dialect: `nullable`, boolean exclusive bounds). */
type Schema = Record<string, unknown>;

const COOK = DEMO_SITES.cookJail;
const COACH = PERSONAS.cookCoach;
const CASE_MANAGER = PERSONAS.cookCaseManager;
const SUPERVISOR = PERSONAS.supervisor;
const ADMIN = PERSONAS.admin;

/** A stable, well-formed (version 4) UUID for a kind of record, so the same record has the same id everywhere. */
function uuidFor(entity: string): string {
  const h = createHash('sha256').update(`tandem-example:${entity}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const PARTICIPANT = {
  id: uuidFor('participant'),
  firstName: 'Darius',
  lastName: 'Coleman',
  preferredName: 'D',
  dateOfBirth: '1988-04-12',
  phone: '(773) 555-0142',
  email: 'darius.coleman@example.com',
};
const RESOURCE = { id: uuidFor('resource'), name: 'Casa Nueva Recovery Homes' };
const CLINIC = { id: uuidFor('provider'), name: 'Kedzie Avenue Recovery Clinic' };

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

const CONTACT_NOTE =
  'Met Darius at the Cook County Jail release door at 6 a.m. and drove him to the Kedzie Avenue clinic for his first buprenorphine dose. ' +
  'He has a bed at Casa Nueva from Friday; we practised using the naloxone kit with his mother.';

/** What a field of this name holds, wherever it appears. Functions see where the field is. */
type Value = Json | ((ctx: Ctx) => Json | undefined);
const FIELDS: Record<string, Value> = {
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

const DATES: Record<string, string> = {
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
const DEFAULT_DATE = '2026-03-04';
const DEFAULT_INSTANT = '2026-03-04T15:30:00.000Z';
const INSTANTS: Record<string, string> = {
  expiresAt: '2026-06-02T15:30:00.000Z',
  invitationExpiresAt: '2026-03-11T15:30:00.000Z',
  lockedUntil: '2026-03-04T15:45:00.000Z',
};

interface Ctx {
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

const singular = (word: string) => word.replace(/ies$/, 'y').replace(/(ss)$/, '$1').replace(/([^s])s$/, '$1');

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
function entityOfKey(key: string, fallback: string): string {
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

function idFor(name: string, ctx: Ctx): string {
  const kind = name === 'id' || name === 'ids' ? ctx.entity : name.replace(/Ids?$/, '');
  if (kind === 'user' || PERSON_KEY.test(kind)) return personaFor(kind === 'user' ? (ctx.parents.findLast((p) => PERSON_KEY.test(p)) ?? '') : kind).id;
  return IDS[kind] ?? uuidFor(kind);
}

// ---------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const typeOf = (s: Schema): string | undefined => (Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : (s.type as string | undefined));

/** Does this value meet the schema's plain constraints (type, enum, pattern, lengths, bounds)? */
function fits(value: unknown, s: Schema): boolean {
  if (value === null) return s.nullable === true || (Array.isArray(s.type) && s.type.includes('null'));
  if (Array.isArray(s.enum) && !s.enum.includes(value)) return false;
  const type = typeOf(s);
  if (type === 'string') {
    if (typeof value !== 'string') return false;
    if (typeof s.minLength === 'number' && value.length < s.minLength) return false;
    if (typeof s.maxLength === 'number' && value.length > s.maxLength) return false;
    if (typeof s.pattern === 'string' && !matches(s.pattern, value)) return false;
    if (s.format === 'uuid' && !UUID.test(value)) return false;
    if (s.format === 'date-time' && Number.isNaN(Date.parse(value))) return false;
    if (s.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    if (s.format === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) return false;
    return true;
  }
  if (type === 'integer' || type === 'number') {
    if (typeof value !== 'number' || (type === 'integer' && !Number.isInteger(value))) return false;
    return inBounds(value, s);
  }
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'array') return Array.isArray(value) && (!isObject(s.items) || value.every((v) => fits(v, s.items as Schema)));
  if (type === 'object') return isObject(value);
  return true;
}
const patterns = new Map<string, RegExp | null>();
/** Whether the text matches the pattern (as ajv reads it: with the u flag); a pattern we cannot read does not stop an example. */
function matches(pattern: string, value: string): boolean {
  if (!patterns.has(pattern)) {
    try {
      patterns.set(pattern, new RegExp(pattern, 'u'));
    } catch {
      patterns.set(pattern, null);
    }
  }
  return patterns.get(pattern)?.test(value) ?? true;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

function inBounds(n: number, s: Schema): boolean {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = s as Record<string, number | boolean | undefined>;
  if (typeof minimum === 'number' && (exclusiveMinimum === true ? n <= minimum : n < minimum)) return false;
  if (typeof maximum === 'number' && (exclusiveMaximum === true ? n >= maximum : n > maximum)) return false;
  if (typeof exclusiveMinimum === 'number' && n <= exclusiveMinimum) return false;
  if (typeof exclusiveMaximum === 'number' && n >= exclusiveMaximum) return false;
  if (typeof multipleOf === 'number' && Math.abs(n / multipleOf - Math.round(n / multipleOf)) > 1e-9) return false;
  return true;
}

/** The dictionary's value for this field, made to the schema's type (query strings carry numbers as text). */
function fromDictionary(ctx: Ctx, s: Schema): Json | undefined {
  const entry = Object.hasOwn(FIELDS, ctx.name) ? FIELDS[ctx.name] : undefined;
  let value = typeof entry === 'function' ? entry(ctx) : entry;
  if (value === undefined && typeOf(s) === 'string') {
    if (Object.hasOwn(DATES, ctx.name)) value = DATES[ctx.name];
    else if (Object.hasOwn(INSTANTS, ctx.name)) value = INSTANTS[ctx.name];
  }
  if (value === undefined) return undefined;
  const type = typeOf(s);
  if (type === 'string' && (typeof value === 'number' || typeof value === 'boolean')) value = String(value);
  if ((type === 'number' || type === 'integer') && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) value = Number(value);
  if (type !== 'array' && Array.isArray(value)) value = value[0] ?? null;
  if (type === 'array' && !Array.isArray(value)) return undefined;
  return value;
}

/** An example for one schema. Never fails: without a better idea it makes the simplest valid value. */
export function exampleFor(schema: unknown, ctx: Ctx): Json {
  if (!isObject(schema)) return fallbackString(ctx, {});
  const s = schema;
  if (s.example !== undefined) return s.example as Json;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0] as Json;
  if (s.const !== undefined) return s.const as Json;
  if (ctx.depth > 12) return s.nullable === true ? null : minimal(s);

  if (Array.isArray(s.allOf)) return exampleFor(mergeAll(s), ctx);
  const union = (Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : null) as Schema[] | null;
  if (union) {
    const members = union.filter((m) => !(isObject(m) && (m.type === 'null' || (Array.isArray(m.enum) && m.enum.length === 1 && m.enum[0] === null))));
    const member = members.find((m) => fromDictionary(ctx, m) !== undefined && fits(fromDictionary(ctx, m), m)) ?? members[0];
    return member ? exampleFor({ ...member }, { ...ctx, depth: ctx.depth + 1 }) : null;
  }

  const known = fromDictionary(ctx, s);
  if (known !== undefined && fits(known, s)) return known;
  if (Array.isArray(s.enum)) {
    const options = s.enum.filter((v) => v !== null) as Json[];
    return options[0] ?? null;
  }

  switch (typeOf(s) ?? '') {
    case 'object':
      return objectExample(s, ctx);
    case 'array':
      return arrayExample(s, ctx);
    case 'integer':
    case 'number':
      return numberExample(s, ctx);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      return stringExample(s, ctx);
    default:
      if (isObject(s.properties)) return objectExample(s, ctx);
      return s.nullable === true && typeOf(s) === undefined ? null : fallbackString(ctx, s);
  }
}

function mergeAll(s: Schema): Schema {
  const { allOf, ...rest } = s;
  const merged: Schema = { ...rest };
  for (const part of allOf as Schema[]) {
    if (!isObject(part)) continue;
    for (const [k, v] of Object.entries(part)) {
      if (k === 'properties') merged.properties = { ...(merged.properties as Schema | undefined), ...(v as Schema) };
      else if (k === 'required') merged.required = [...((merged.required as string[] | undefined) ?? []), ...(v as string[])];
      else merged[k] ??= v;
    }
  }
  return merged;
}

function objectExample(s: Schema, ctx: Ctx): Json {
  const out: Record<string, Json> = {};
  const properties = isObject(s.properties) ? s.properties : {};
  for (const [key, sub] of Object.entries(properties)) {
    const entity = isObject(sub) && (typeOf(sub) === 'object' || typeOf(sub) === 'array' || sub.anyOf || sub.oneOf) ? entityOfKey(key, ctx.entity) : ctx.entity;
    out[key] = exampleFor(sub, { ...ctx, name: key, parents: [...ctx.parents, key], entity, depth: ctx.depth + 1 });
  }
  // A map (record): one or two entries with believable keys.
  const extra = s.additionalProperties;
  if (isObject(extra) && Object.keys(properties).length === 0) {
    for (const key of recordKeys(s, ctx)) out[key] = exampleFor(extra, { ...ctx, name: ctx.name, depth: ctx.depth + 1 });
  }
  return out;
}

function recordKeys(s: Schema, ctx: Ctx): string[] {
  const names = isObject(s.propertyNames) ? s.propertyNames : {};
  const min = typeof s.minProperties === 'number' ? Math.max(1, s.minProperties) : 1;
  const candidates = /prompt|title|label|description|text|name/i.test(ctx.name)
    ? ['en', 'es']
    : ctx.name === 'answers'
      ? ['barc_1', 'barc_2']
      : ctx.name === 'rows' || ctx.name === 'row'
        ? ['site', 'enrolled']
        : ['cook_county_jail', 'lake_county_jail'];
  const valid = candidates.filter((k) => fits(k, { type: 'string', ...names }));
  const keys = valid.length > 0 ? valid : [stringExample({ type: 'string', ...names }, ctx)];
  return keys.slice(0, Math.max(min, /prompt|title|label|description/i.test(ctx.name) ? 2 : 1));
}

function arrayExample(s: Schema, ctx: Ctx): Json {
  const max = typeof s.maxItems === 'number' ? s.maxItems : Infinity;
  const min = typeof s.minItems === 'number' ? s.minItems : 0;
  const count = Math.min(max, Math.max(min, 1));
  const known = fromDictionary(ctx, s);
  if (Array.isArray(known) && known.length >= min && known.length <= max && fits(known, s)) return known;
  const itemName = singular(ctx.name);
  const items = isObject(s.items) ? s.items : {};
  const out: Json[] = [];
  for (let i = 0; i < count; i++) {
    const value = exampleFor(items, { ...ctx, name: itemName, depth: ctx.depth + 1 });
    // Distinct items where the schema offers choices (an enum, several people…).
    if (i > 0 && Array.isArray(items.enum)) out.push((items.enum.filter((v) => v !== null) as Json[])[i % items.enum.length] ?? value);
    else if (i > 0 && typeof value === 'string' && UUID.test(value)) out.push(uuidFor(`${itemName}:${String(i)}`));
    else out.push(value);
  }
  return out;
}

function numberExample(s: Schema, ctx: Ctx): number {
  const integer = typeOf(s) === 'integer';
  const guess = /^days|Days$/.test(ctx.name)
    ? 9
    : /.Count$/.test(ctx.name)
      ? 2
      : /^count$|^(people|total|enrolled|active|contacts|referrals|participants|sessions|attempts)/i.test(ctx.name)
      ? 41
      : /rate|share|kappa|^p[oe]$|percent/i.test(ctx.name)
        ? integer
          ? 44
          : 0.44
        : /^(lower)$/.test(ctx.name)
          ? 0.61
          : /^(upper)$/.test(ctx.name)
            ? 0.83
            : 3;
  if (inBounds(guess, s)) return guess;
  const { minimum, maximum, exclusiveMinimum, multipleOf } = s as Record<string, number | boolean | undefined>;
  const step = typeof multipleOf === 'number' ? multipleOf : integer ? 1 : 0.5;
  let n = typeof minimum === 'number' ? minimum : typeof exclusiveMinimum === 'number' ? exclusiveMinimum : typeof maximum === 'number' ? maximum : 0;
  if (typeof multipleOf === 'number') n = Math.ceil(n / multipleOf) * multipleOf;
  if (integer) n = Math.ceil(n);
  for (let i = 0; i < 4 && !inBounds(n, s); i++) n += step;
  return n;
}

function stringExample(s: Schema, ctx: Ctx): string {
  const name = ctx.name;
  const candidates: string[] = [];
  if (s.format === 'uuid' || /(^id|Id)s?$/.test(name)) candidates.push(idFor(name, ctx));
  if (s.format === 'date-time' || /At$|^at$/.test(name)) candidates.push(INSTANTS[name] ?? DEFAULT_INSTANT);
  if (s.format === 'date' || /(On|Date|Until)$|^(today|from|to|since)$/.test(name)) candidates.push(DATES[name] ?? DEFAULT_DATE);
  if (s.format === 'email') candidates.push(COACH.email);
  if (/time$|^(opens|closes)$/i.test(name)) candidates.push('10:30');
  if (typeof s.pattern === 'string') candidates.push(...PATTERN_CANDIDATES(ctx), ...[fromPattern(s.pattern)].filter((x): x is string => x !== null));
  candidates.push(fallbackString(ctx, s));
  for (const c of candidates) {
    const fitted = fitLength(c, s);
    if (fits(fitted, s)) return fitted;
  }
  return fitLength(candidates[0] ?? '', s);
}

/** Values that match the patterns our schemas use (dates, times, codes, keys, numbers as text). */
const PATTERN_CANDIDATES = (ctx: Ctx): string[] => [
  DATES[ctx.name] ?? DEFAULT_DATE,
  DEFAULT_INSTANT,
  '2026-03',
  '10:30',
  '60623',
  '492817',
  '3',
  '41.8378',
  'en',
  ctx.name.replace(/([A-Z])/g, '_$1').toLowerCase(),
  'barc10',
  uuidFor(ctx.name),
];

/** A phrase from the program's world for a text field nobody described. */
function fallbackString(ctx: Ctx, s: Schema): string {
  if (s.description === 'CSV text' || ctx.name === 'csv') return 'site,month,participants\r\nCook County Jail,2026-03,41\r\n';
  const byTag: Record<string, string> = {
    participants: `${PARTICIPANT.firstName} ${PARTICIPANT.lastName}`,
    contacts: CONTACT_NOTE.slice(0, 80),
    naloxone: 'Narcan nasal spray 4 mg, two-dose kit',
    referrals: RESOURCE.name,
    resources: RESOURCE.name,
    moud: 'Buprenorphine-naloxone 8 mg/2 mg film',
    supervision: 'Keeping secrets from the team',
    fhir: 'Patient',
  };
  return byTag[ctx.tag] ?? 'Peer recovery support at Cook County Jail';
}

/** Pads a too-short text with more of the story and cuts a too-long one. */
function fitLength(value: string, s: Schema): string {
  let v = value;
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  if (v.length < min) {
    const filler = v.includes(' ') ? ` ${CONTACT_NOTE}` : 'x';
    while (v.length < min) v += filler;
  }
  if (typeof s.maxLength === 'number' && v.length > s.maxLength) v = v.slice(0, s.maxLength).trimEnd();
  if (v.length < min) v = v.padEnd(min, '.');
  return v;
}

function minimal(s: Schema): Json {
  switch (typeOf(s) ?? '') {
    case 'object':
      return {};
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 0;
    case 'boolean':
      return false;
    default:
      return '';
  }
}

/**
 * A string that a (simple) regular expression accepts: literals, escapes, classes,
 * groups with alternatives (the first is taken), anchors and quantifiers (the fewest
 * repetitions, at least one for +). Null when the expression is beyond that.
 */
export function fromPattern(pattern: string): string | null {
  let i = 0;
  const peek = () => pattern[i];
  function sequence(): string | null {
    let out = '';
    while (i < pattern.length && peek() !== '|' && peek() !== ')') {
      let atom: string | null;
      const c = pattern[i++] ?? '';
      if (c === '^' || c === '$') continue;
      if (c === '(') {
        if (pattern.startsWith('?:', i)) i += 2;
        else if (pattern.startsWith('?=', i) || pattern.startsWith('?!', i) || pattern.startsWith('?<', i)) return null;
        atom = alternatives();
        if (pattern[i++] !== ')') return null;
      } else if (c === '[') {
        atom = charClass();
      } else if (c === '\\') {
        atom = escape(pattern[i++] ?? '');
      } else if (c === '.') {
        atom = 'a';
      } else {
        atom = c;
      }
      if (atom === null) return null;
      out += quantified(atom);
    }
    return out;
  }
  function alternatives(): string | null {
    const first = sequence();
    while (peek() === '|') {
      i++;
      if (sequence() === null) return null;
    }
    return first;
  }
  function quantified(atom: string): string {
    const q = peek();
    let times = 1;
    if (q === '?' || q === '*') {
      i++;
      times = 0;
    } else if (q === '+') {
      i++;
    } else if (q === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (m) {
        i += m[0].length;
        times = Number(m[1]);
      }
    }
    if (peek() === '?') i++; // lazy
    return atom.repeat(times);
  }
  function charClass(): string | null {
    const negated = peek() === '^';
    if (negated) i++;
    const members: string[] = [];
    while (i < pattern.length && peek() !== ']') {
      let c = pattern[i++] ?? '';
      if (c === '\\') c = escape(pattern[i++] ?? '') ?? '';
      if (peek() === '-' && pattern[i + 1] !== ']') {
        // A range: its first character stands for it; read past its end.
        i++;
        if (pattern[i++] === '\\') i++;
      }
      members.push(c);
    }
    i++;
    if (negated) return ['a', 'b', '0', '-'].find((x) => !members.includes(x)) ?? null;
    return members[0] ?? null;
  }
  function escape(c: string): string | null {
    if (c === 'd') return '7';
    if (c === 'w') return 'a';
    if (c === 's') return ' ';
    if (/[DWSbB]/.test(c)) return c === 'D' || c === 'W' ? '-' : '';
    if (c === 'u' || c === 'x' || c === 'p' || c === 'P') return null;
    return c;
  }
  const result = alternatives();
  if (result === null || i < pattern.length) return null;
  try {
    return new RegExp(pattern, 'u').test(result) ? result : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------
// Written by hand: the main bodies and the error answers
// ---------------------------------------------------------------------------------

/** Request bodies in full, and parts of answers laid over the generated ones. */
interface Handwritten {
  body?: Json;
  responses?: Record<string, Json>;
}

const REFERRAL_ID = uuidFor('referral');
const CONTACT_ID = uuidFor('contact');
const LOT_ID = uuidFor('lot');

export const HANDWRITTEN: Record<string, Handwritten> = {
  'POST /api/auth/login': { body: { email: COACH.email, password: 'river stone lantern 42' } },
  'POST /api/participants': {
    body: {
      siteId: COOK.id,
      firstName: PARTICIPANT.firstName,
      lastName: PARTICIPANT.lastName,
      preferredName: PARTICIPANT.preferredName,
      dateOfBirth: PARTICIPANT.dateOfBirth,
      gender: 'man',
      race: ['black_or_african_american'],
      ethnicity: 'not_hispanic_or_latino',
      preferredLanguage: 'en',
      phone: PARTICIPANT.phone,
      email: null,
      custodyStatus: 'in_custody',
      expectedReleaseDate: '2026-02-27',
      releaseDate: null,
      referralSource: 'jail_in_reach',
    },
    responses: {
      201: {
        id: PARTICIPANT.id,
        siteId: COOK.id,
        siteName: COOK.name,
        email: null,
        custodyStatus: 'in_custody',
        releaseDate: null,
        version: 1,
        createdAt: '2026-01-20T16:05:00.000Z',
        updatedAt: '2026-01-20T16:05:00.000Z',
        siteHistory: [{ siteId: COOK.id, siteName: COOK.name, startedAt: '2026-01-20T16:05:00.000Z', endedAt: null }],
      },
    },
  },
  'POST /api/participants/{id}/contacts': {
    body: {
      occurredAt: '2026-02-27T12:00:00.000Z',
      durationMinutes: 90,
      mode: 'in_person',
      locationType: 'jail',
      staffIds: [COACH.id],
      reached: true,
      attemptOutcome: null,
      services: ['recovery_coaching', 'transportation', 'naloxone_training', 'accompaniment_to_appointment'],
      note: CONTACT_NOTE,
    },
    responses: {
      201: {
        id: CONTACT_ID,
        participantId: PARTICIPANT.id,
        siteId: COOK.id,
        occurredAt: '2026-02-27T12:00:00.000Z',
        durationMinutes: 90,
        mode: 'in_person',
        locationType: 'jail',
        reached: true,
        attemptOutcome: null,
        services: ['recovery_coaching', 'transportation', 'naloxone_training', 'accompaniment_to_appointment'],
        staff: [{ id: COACH.id, name: COACH.name }],
        createdAt: '2026-02-27T14:10:00.000Z',
        createdBy: { id: COACH.id, name: COACH.name },
        note: CONTACT_NOTE,
        addenda: [],
      },
    },
  },
  'POST /api/participants/{id}/referrals': {
    body: {
      need: 'housing',
      resourceId: RESOURCE.id,
      urgency: 'urgent',
      notes: 'Released 27 February with nowhere stable to stay; needs a bed near the Kedzie Avenue clinic, where he takes buprenorphine.',
    },
    responses: {
      201: {
        id: REFERRAL_ID,
        participantId: PARTICIPANT.id,
        siteId: COOK.id,
        need: 'housing',
        urgency: 'urgent',
        resource: { id: RESOURCE.id, name: RESOURCE.name },
        status: 'draft',
        next: ['sent', 'closed'],
        appointment: null,
        outcome: null,
        consentId: null,
        sentAt: null,
        notice: null,
        version: 1,
        events: [],
      },
    },
  },
  'POST /api/naloxone/distributions': {
    body: {
      siteId: COOK.id,
      recipientType: 'support_person',
      participantId: PARTICIPANT.id,
      relationship: 'family_member',
      recipientName: 'Angela Coleman',
      product: 'nasal_4mg',
      kits: 2,
      distributedOn: '2026-02-27',
      trainingGiven: true,
      trainedById: COACH.id,
      location: 'Cook County Jail release door, 2700 S. California Avenue',
      note: 'His mother came to meet him; she keeps one kit at home and one in her car.',
    },
    responses: {
      201: {
        siteId: COOK.id,
        siteName: COOK.name,
        recipientType: 'support_person',
        participantId: PARTICIPANT.id,
        relationship: 'family_member',
        recipientName: 'Angela Coleman',
        communityRecipient: null,
        peopleCount: null,
        zip: null,
        product: 'nasal_4mg',
        kits: 2,
        lots: [{ lotId: LOT_ID, lotNumber: 'NX24B117', expiresOn: '2027-08-31', kits: 2 }],
        eventName: null,
      },
    },
  },
  'POST /api/studies': {
    body: {
      name: 'Peer navigation after release',
      description: 'Does a peer navigator in the first 30 days after release raise linkage to MOUD?',
      arms: [
        { key: 'usual_care', label: 'Usual care', ratio: 1 },
        { key: 'peer_navigation', label: 'Peer navigation', ratio: 1 },
      ],
      strataFactors: ['site', 'custody_status'],
      blockSizes: [2, 4],
    },
  },
  'POST /api/fhir/import': {
    body: {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          fullUrl: 'urn:uuid:0f6d5d4e-3b1a-4c62-9a57-2e8b1f0c7d93',
          resource: {
            resourceType: 'Patient',
            name: [{ family: 'Coleman', given: ['Darius'] }],
            birthDate: PARTICIPANT.dateOfBirth,
            gender: 'male',
            telecom: [{ system: 'phone', value: PARTICIPANT.phone }],
          },
        },
      ],
    },
  },
  'POST /api/participants/{id}/moud-episodes': {
    body: { medication: 'buprenorphine', startedOn: '2026-02-28', providerName: CLINIC.name, from: 'release' },
  },
};

// Error answers ------------------------------------------------------------------

const CONFLICTS: Record<string, string> = {
  stale_version: 'Someone else changed this record after you read it. Reload it and make your change again.',
  already_enrolled: 'This participant already has an open enrollment. Discharge it before enrolling again.',
  insufficient_stock: 'Cook County Jail has 1 kit of nasal_4mg in stock; 2 were asked for.',
  consent_required: 'No active consent lets us send this to Casa Nueva Recovery Homes for referral and treatment coordination.',
  illegal_transition: 'A draft referral cannot become attended.',
  already_coded: 'You have already coded this session',
  already_revoked: 'This consent has already been revoked.',
  already_ended: 'This emergency access has already ended',
  email_taken: 'A user with this e-mail already exists',
  name_taken: 'A site with this name already exists',
  confirmation_required: 'A death closes the open enrollment as deceased: send confirmCloseEnrollment: true to go ahead.',
  design_frozen: 'Participants are already assigned: the arms, strata and block sizes can no longer change.',
};
/** The usual conflict of a part of the program whose routes name none. */
const TAG_CONFLICTS: Record<string, string> = { users: 'email_taken', enrollments: 'already_enrolled', sites: 'name_taken' };

type ErrorBody = { error: { code: string; message: string; details?: { path: string; message: string }[] } };

/** The field a 400 names: the body's first required field, else a parameter. */
function badField(route: RouteParts): { path: string; message: string } | null {
  const body = route.body;
  if (isObject(body) && isObject(body.properties)) {
    const required = Array.isArray(body.required) ? (body.required as string[]) : [];
    const name = required[0] ?? Object.keys(body.properties)[0];
    if (name) {
      const prop = body.properties[name] as Schema;
      if (Array.isArray(prop.enum)) return { path: name, message: `Invalid option: expected one of ${prop.enum.map((v) => JSON.stringify(v)).join('|')}` };
      if (typeof prop.pattern === 'string' && /\\d\{4\}-\\d\{2\}-\\d\{2\}/.test(prop.pattern)) return { path: name, message: 'Invalid date: use YYYY-MM-DD' };
      return { path: name, message: `Invalid input: expected ${typeOf(prop) ?? 'a value'}, received undefined` };
    }
  }
  for (const [where, schema] of [['querystring', route.querystring], ['params', route.params]] as const) {
    if (isObject(schema) && isObject(schema.properties)) {
      const [name, prop] = Object.entries(schema.properties)[0] ?? [];
      if (name && isObject(prop)) return { path: `${where}.${name}`, message: prop.format === 'uuid' ? 'Invalid UUID' : 'Invalid input' };
    }
  }
  return null;
}

function conflictCode(route: RouteParts): string {
  const text = `${route.summary} ${route.description}`;
  // A code the route's own words name right after "409" (409 insufficient_stock, 409 already_coded…).
  const at = text.indexOf('409');
  const named = at >= 0 ? /\b([a-z]+(?:_[a-z]+)+)\b/.exec(text.slice(at, at + 80))?.[1] : undefined;
  if (named) return named;
  if (route.tag in TAG_CONFLICTS && route.key.startsWith('POST')) return TAG_CONFLICTS[route.tag] ?? 'conflict';
  if (isObject(route.body) && isObject(route.body.properties) && 'version' in route.body.properties) return 'stale_version';
  return 'conflict';
}

export function errorExample(status: string, route: RouteParts): ErrorBody | undefined {
  const entity = route.entity.charAt(0).toUpperCase() + route.entity.slice(1);
  switch (status) {
    case '400': {
      const field = badField(route);
      return field
        ? { error: { code: 'validation_failed', message: 'Some fields are not valid', details: [field] } }
        : { error: { code: 'bad_request', message: 'Body cannot be empty when content-type is set to application/json' } };
    }
    case '401':
      return { error: { code: 'unauthenticated', message: 'Sign in to continue' } };
    case '403':
      return { error: { code: 'forbidden', message: 'You do not have permission to do this' } };
    case '404':
      return { error: { code: 'not_found', message: `${entity.replace(/_/g, ' ')} not found` } };
    case '409': {
      const code = conflictCode(route);
      return { error: { code, message: CONFLICTS[code] ?? `This ${route.entity} changed in a way that conflicts with the request. Reload it and try again.` } };
    }
    case '429':
      return route.tag === 'auth'
        ? { error: { code: 'too_many_attempts', message: 'Too many attempts. Wait a minute and try again.' } }
        : { error: { code: 'too_many_requests', message: 'This is limited to 20 requests per 1 minute for each person. Try again in 42 seconds.' } };
    case '500':
      return { error: { code: 'internal_error', message: 'Something went wrong on our side' } };
    case '503':
      return { error: { code: 'busy', message: 'Tandem is busy. Try again in a moment.' } };
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------
// Into the route's schema (called from the swagger transform)
// ---------------------------------------------------------------------------------

interface RouteParts {
  key: string;
  tag: string;
  entity: string;
  summary: string;
  description: string;
  body: unknown;
  querystring: unknown;
  params: unknown;
}

const ACTIONS = new Set(['transitions', 'discharge', 'review', 'end', 'revoke', 'randomize', 'invitation', 'accept', 'confirm', 'enroll', 'verify', 'final', 'lookup', 'mine', 'stock', 'export', 'import', 'hsds']);

/** The kind of record a route is about: its last collection segment, made singular. */
function routeEntity(url: string): string {
  const statics = url.split('/').filter((s) => s && s !== 'api' && !s.startsWith(':') && !s.startsWith('{'));
  const segment = [...statics].reverse().find((s) => !ACTIONS.has(s)) ?? 'record';
  return singular(segment.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()).replace(/\..*$/, ''));
}

/** Deep merge: hand-written parts over a generated answer (arrays and values replace). */
function overlay(base: Json, top: Json): Json {
  if (isObject(base) && isObject(top)) {
    const out: Record<string, Json> = { ...base };
    for (const [k, v] of Object.entries(top)) out[k] = k in out ? overlay(out[k] ?? null, v) : v;
    return out;
  }
  return top;
}

/**
 * A request example the zod schema accepts: the generated one, or it without the optional
 * fields zod complains about (cross-field rules JSON Schema cannot say), or only the required ones.
 */
function acceptedBody(example: Json, jsonSchema: Schema, zodSchema: unknown): Json {
  // A schema with async rules cannot be checked here: keep the generated example.
  const parse = (value: Json) => {
    try {
      return (zodSchema as z.ZodType).safeParse(value);
    } catch {
      return { success: true as const, error: undefined };
    }
  };
  if (typeof (zodSchema as { safeParse?: unknown } | null)?.safeParse !== 'function' || !isObject(example)) return example;
  const first = parse(example);
  if (first.success) return example;
  const required = new Set(Array.isArray(jsonSchema.required) ? (jsonSchema.required as string[]) : []);
  const blamed = new Set(first.error.issues.map((issue) => String(issue.path[0])).filter((k) => !required.has(k)));
  const without = Object.fromEntries(Object.entries(example).filter(([k]) => !blamed.has(k)));
  if (blamed.size > 0 && parse(without).success) return without;
  const onlyRequired = Object.fromEntries(Object.entries(example).filter(([k]) => required.has(k)));
  return parse(onlyRequired).success ? onlyRequired : example;
}

/** A hand-written body the route would refuse is a mistake in this file: say so loudly (the OpenAPI test fails on it). */
function assertAccepted(key: string, body: Json, zodSchema: unknown): void {
  if (typeof (zodSchema as { safeParse?: unknown } | null)?.safeParse !== 'function') return;
  const result = (zodSchema as z.ZodType).safeParse(body);
  if (!result.success) throw new Error(`The example body of ${key} is refused by its schema: ${result.error.message}`);
}

const withExample = (schema: unknown, example: Json): Schema => ({ ...(isObject(schema) ? schema : {}), examples: [example] });

/**
 * The route's schema with an example on its body, each parameter and each answer.
 * `schema` is what jsonSchemaTransform made; `zod` the route's own schema (to check bodies).
 */
export function withExamples(schema: Record<string, unknown>, route: { url: string; method: string | string[]; zod?: Record<string, unknown> }): Record<string, unknown> {
  if (schema.hide) return schema;
  const method = (Array.isArray(route.method) ? route.method[0] : route.method) ?? 'GET';
  const path = route.url.replace(/:(\w+)/g, '{$1}');
  const parts: RouteParts = {
    key: `${method.toUpperCase()} ${path}`,
    tag: Array.isArray(schema.tags) ? String(schema.tags[0]) : '',
    entity: routeEntity(route.url),
    summary: typeof schema.summary === 'string' ? schema.summary : '',
    description: typeof schema.description === 'string' ? schema.description : '',
    body: schema.body,
    querystring: schema.querystring,
    params: schema.params,
  };
  const hand = HANDWRITTEN[parts.key] ?? {};
  const ctx = (name: string, entity = parts.entity): Ctx => ({ name, parents: [], entity, tag: parts.tag, depth: 0 });
  const out: Record<string, unknown> = { ...schema };

  if (isObject(schema.body)) {
    const generated = exampleFor(schema.body, ctx('body'));
    if (hand.body !== undefined) assertAccepted(parts.key, hand.body, route.zod?.body);
    out.body = withExample(schema.body, hand.body ?? acceptedBody(generated, schema.body, route.zod?.body));
  }
  for (const where of ['querystring', 'params', 'headers'] as const) {
    const container = schema[where];
    if (!isObject(container) || !isObject(container.properties)) continue;
    const properties: Record<string, unknown> = {};
    for (const [name, sub] of Object.entries(container.properties)) {
      // A path's {id} is the record of the segment before it: /participants/{id} is a participant.
      const before = path.split('/').at(path.split('/').indexOf(`{${name}}`) - 1) ?? '';
      const entity = where === 'params' && name === 'id' ? singular(before.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())) : parts.entity;
      properties[name] = withExample(sub, exampleFor(sub, ctx(name, entity)));
    }
    out[where] = { ...container, properties };
  }
  if (isObject(schema.response)) {
    const responses: Record<string, unknown> = {};
    for (const [status, answer] of Object.entries(schema.response)) {
      responses[status] = responseWithExample(status, answer, parts, hand, ctx);
    }
    out.response = responses;
  }
  return out;
}

function responseWithExample(status: string, answer: unknown, parts: RouteParts, hand: Handwritten, ctx: (name: string) => Ctx): unknown {
  if (!isObject(answer)) return answer;
  const make = (schema: unknown, mediaType: string): Json => {
    if (mediaType === 'application/zip') return 'participants.csv, enrollments.csv, contacts.csv, …, data_dictionary.csv, README.txt (a zip archive)';
    if (mediaType.includes('spreadsheetml')) return 'Enrollment, Contacts, Referrals, … (an XLSX workbook, one sheet per table)';
    const error = /^[45]\d\d$/.test(status) ? errorExample(status, parts) : undefined;
    const generated = error ?? exampleFor(schema, ctx('body'));
    const top = hand.responses?.[status];
    return top === undefined ? generated : overlay(generated, top);
  };
  if (isObject(answer.content)) {
    const content: Record<string, unknown> = {};
    for (const [mediaType, media] of Object.entries(answer.content)) {
      const schema = isObject(media) ? media.schema : undefined;
      content[mediaType] = { ...(isObject(media) ? media : {}), example: make(schema, mediaType) };
    }
    return { ...answer, content };
  }
  // A 204 says "null": its example is null, which the null-only schema accepts.
  return withExample(answer, make(answer, 'application/json'));
}
