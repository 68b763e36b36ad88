/** participant → Patient; site → Organization; staff → Practitioner and PractitionerRole. */
import type { Extension, Organization, Patient, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import type { Ethnicity, Gender, Race } from '../enums.ts';
import type { Enrollment } from '../enrollments.ts';
import type { ParticipantDetail, Site } from '../schemas.ts';
import { SYSTEM, US_CORE_ETHNICITY, US_CORE_RACE, tandemCoding, tandemExtension, tandemSystem } from './codes.ts';
import { compact, part2Meta, ref, uuidIdentifier } from './common.ts';

/** FHIR administrative gender is not gender identity: the identity goes in Tandem's own extension. */
const ADMINISTRATIVE_GENDER: Record<Gender, Patient['gender']> = {
  woman: 'female',
  man: 'male',
  transgender_woman: 'other',
  transgender_man: 'other',
  nonbinary: 'other',
  another_gender: 'other',
  declined: 'unknown',
};

/** OMB categories in the CDC Race and Ethnicity code set (US Core ombCategory). */
const OMB_RACE: Record<Exclude<Race, 'declined'>, { code: string; display: string }> = {
  american_indian_or_alaska_native: { code: '1002-5', display: 'American Indian or Alaska Native' },
  asian: { code: '2028-9', display: 'Asian' },
  black_or_african_american: { code: '2054-5', display: 'Black or African American' },
  middle_eastern_or_north_african: { code: '2118-8', display: 'Middle Eastern or North African' },
  native_hawaiian_or_other_pacific_islander: { code: '2076-8', display: 'Native Hawaiian or Other Pacific Islander' },
  white: { code: '2106-3', display: 'White' },
};
const OMB_ETHNICITY: Record<Exclude<Ethnicity, 'declined'>, { code: string; display: string }> = {
  hispanic_or_latino: { code: '2135-2', display: 'Hispanic or Latino' },
  not_hispanic_or_latino: { code: '2186-5', display: 'Not Hispanic or Latino' },
};
const ASKED_DECLINED = { system: SYSTEM.nullFlavor, code: 'ASKU', display: 'asked but unknown' };

function raceExtension(race: readonly Race[]): Extension | undefined {
  if (race.length === 0) return undefined;
  const declined = race.includes('declined');
  const codes = race.filter((r): r is Exclude<Race, 'declined'> => r !== 'declined').map((r) => OMB_RACE[r]);
  return {
    url: US_CORE_RACE,
    extension: [
      ...codes.map((c) => ({ url: c.code === '2118-8' ? 'detailed' : 'ombCategory', valueCoding: { system: SYSTEM.ombRace, ...c } })),
      ...(declined ? [{ url: 'ombCategory', valueCoding: ASKED_DECLINED }] : []),
      { url: 'text', valueString: declined && codes.length === 0 ? 'Declined' : codes.map((c) => c.display).join(', ') },
    ],
  };
}

function ethnicityExtension(ethnicity: Ethnicity | null): Extension | undefined {
  if (!ethnicity) return undefined;
  const coding = ethnicity === 'declined' ? ASKED_DECLINED : { system: SYSTEM.ombRace, ...OMB_ETHNICITY[ethnicity] };
  return {
    url: US_CORE_ETHNICITY,
    extension: [
      { url: 'ombCategory', valueCoding: coding },
      { url: 'text', valueString: ethnicity === 'declined' ? 'Declined' : OMB_ETHNICITY[ethnicity].display },
    ],
  };
}

export function toPatient(p: ParticipantDetail): Patient {
  const extension = [
    raceExtension(p.race),
    ethnicityExtension(p.ethnicity),
    p.gender ? { url: tandemExtension('gender-identity'), valueCoding: tandemCoding('gender-identity', p.gender) } : undefined,
    { url: tandemExtension('custody-status'), valueCoding: tandemCoding('custody-status', p.custodyStatus) },
    p.releaseDate ? { url: tandemExtension('release-date'), valueDate: p.releaseDate } : undefined,
    p.expectedReleaseDate ? { url: tandemExtension('expected-release-date'), valueDate: p.expectedReleaseDate } : undefined,
    p.referralSource ? { url: tandemExtension('referral-source'), valueCoding: tandemCoding('referral-source', p.referralSource) } : undefined,
  ].filter((e): e is Extension => e !== undefined);
  return compact<Patient>({
    resourceType: 'Patient',
    id: p.id,
    meta: part2Meta({ versionId: String(p.version), lastUpdated: new Date(p.updatedAt).toISOString() }),
    extension,
    identifier: [uuidIdentifier(p.id)],
    active: true,
    name: [
      { use: 'official', family: p.lastName, given: [p.firstName] },
      ...(p.preferredName ? [{ use: 'usual' as const, given: [p.preferredName], family: p.lastName }] : []),
    ],
    telecom: [
      ...(p.phone ? [{ system: 'phone' as const, value: p.phone }] : []),
      ...(p.email ? [{ system: 'email' as const, value: p.email }] : []),
    ],
    gender: p.gender ? ADMINISTRATIVE_GENDER[p.gender] : undefined,
    birthDate: p.dateOfBirth,
    communication: p.preferredLanguage
      ? [{ language: { coding: [{ system: SYSTEM.bcp47, code: p.preferredLanguage }], text: p.preferredLanguage }, preferred: true }]
      : undefined,
    managingOrganization: ref('Organization', p.siteId, p.siteName),
  });
}

/** A Tandem site (a jail, an ED, a clinic…) of the program. */
export function siteToOrganization(site: Pick<Site, 'id' | 'name' | 'type' | 'active'>): Organization {
  return {
    resourceType: 'Organization',
    id: site.id,
    meta: part2Meta(),
    identifier: [uuidIdentifier(site.id)],
    active: site.active,
    type: [{ coding: [tandemCoding('site-type', site.type)], text: site.type.replace(/_/g, ' ') }],
    name: site.name,
  };
}

export function toPractitioner(person: { id: string; name: string }): Practitioner {
  return { resourceType: 'Practitioner', id: person.id, meta: part2Meta(), identifier: [uuidIdentifier(person.id)], name: [{ text: person.name }] };
}

/** The coach and the case manager of an enrollment, each in their role at the site. */
export function enrollmentRoles(e: Enrollment): PractitionerRole[] {
  const roles: PractitionerRole[] = [];
  for (const [person, role, text] of [
    [e.coach, 'peer_recovery_coach', 'Peer recovery coach'],
    [e.caseManager, 'case_manager', 'Case manager'],
  ] as const) {
    if (!person) continue;
    roles.push({
      resourceType: 'PractitionerRole',
      id: `${role.replace(/_/g, '-')}-${e.id}`,
      meta: part2Meta(),
      active: e.dischargedOn === null,
      period: compact({ start: e.enrolledOn, end: e.dischargedOn ?? undefined }),
      practitioner: ref('Practitioner', person.id, person.name),
      organization: ref('Organization', e.siteId, e.siteName),
      code: [{ coding: [{ system: tandemSystem('staff-role'), code: role, display: text }], text }],
    });
  }
  return roles;
}
