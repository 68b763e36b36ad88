/** The main request bodies, written by hand, and the error answers every route may give. */
import { CLINIC, COACH, CONTACT_NOTE, COOK, type Json, PARTICIPANT, RESOURCE, type Schema, uuidFor } from './story.ts';
import { isObject, typeOf } from './generate.ts';

/** What the examples need to know of a route. */
export interface RouteParts {
  key: string;
  tag: string;
  entity: string;
  summary: string;
  description: string;
  body: unknown;
  querystring: unknown;
  params: unknown;
}

// ---------------------------------------------------------------------------------
// Written by hand: the main bodies and the error answers
// ---------------------------------------------------------------------------------

/** Request bodies in full, and parts of answers laid over the generated ones. */
export interface Handwritten {
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
  confirmation_required: 'A death closes the open enrollment as deceased and the open referrals as participant deceased: send confirmCloseEnrollment: true to go ahead.',
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

