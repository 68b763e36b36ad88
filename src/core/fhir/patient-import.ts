/**
 * A FHIR Patient coming in → the input Tandem creates a participant from (the
 * reverse of toPatient). What Tandem cannot read is named by its FHIR path;
 * the input then goes through participantCreateInput like a typed form would.
 */
import type { Coding, Extension, Patient } from '@medplum/fhirtypes';
import { ETHNICITIES, GENDERS, RACES, REFERRAL_SOURCES, CUSTODY_STATUSES, type Ethnicity, type Race } from '../enums.ts';
import type { ParticipantCreateInput } from '../schemas.ts';
import { SYSTEM, US_CORE_ETHNICITY, US_CORE_RACE, tandemExtension, tandemSystem } from './codes.ts';

export interface PatientIssue {
  path: string;
  message: string;
}

const OMB_TO_RACE: Record<string, Race> = {
  '1002-5': 'american_indian_or_alaska_native',
  '2028-9': 'asian',
  '2054-5': 'black_or_african_american',
  '2118-8': 'middle_eastern_or_north_african',
  '2076-8': 'native_hawaiian_or_other_pacific_islander',
  '2106-3': 'white',
};
const OMB_TO_ETHNICITY: Record<string, Ethnicity> = { '2135-2': 'hispanic_or_latino', '2186-5': 'not_hispanic_or_latino' };

const ext = (p: Patient, url: string): Extension | undefined => p.extension?.find((e) => e.url === url);
const tandemCode = <T extends string>(p: Patient, name: string, values: readonly T[]): T | undefined => {
  const c: Coding | undefined = ext(p, tandemExtension(name))?.valueCoding;
  return c?.system === tandemSystem(name) && (values as readonly string[]).includes(c.code ?? '') ? (c.code as T) : undefined;
};
const subCodes = (e: Extension | undefined) => (e?.extension ?? []).filter((s) => s.url === 'ombCategory' || s.url === 'detailed').map((s) => s.valueCoding);

/** The site comes from the caller (the import's siteId); everything else from the Patient. */
export function participantInputFromPatient(p: Patient, siteId: string): ParticipantCreateInput | PatientIssue[] {
  const issues: PatientIssue[] = [];
  const name = p.name?.find((n) => n.use === 'official') ?? p.name?.find((n) => n.use !== 'usual' && n.use !== 'old') ?? p.name?.[0];
  const firstName = name?.given?.[0];
  const lastName = name?.family;
  if (!firstName) issues.push({ path: 'Patient.name.given', message: 'A first name is required' });
  if (!lastName) issues.push({ path: 'Patient.name.family', message: 'A last name is required' });
  if (!p.birthDate || !/^\d{4}-\d{2}-\d{2}$/.test(p.birthDate)) issues.push({ path: 'Patient.birthDate', message: 'A full date of birth (YYYY-MM-DD) is required' });
  if (issues.length || !firstName || !lastName || !p.birthDate) return issues;

  const usual = p.name?.find((n) => n.use === 'usual')?.given?.[0];
  const gender =
    tandemCode(p, 'gender-identity', GENDERS) ?? (p.gender === 'female' ? 'woman' : p.gender === 'male' ? 'man' : undefined);
  const raceCodes = subCodes(ext(p, US_CORE_RACE));
  const race = [
    ...new Set([
      ...raceCodes.flatMap((c) => (c?.system === SYSTEM.ombRace && c.code && OMB_TO_RACE[c.code] ? [OMB_TO_RACE[c.code] as Race] : [])),
      ...(raceCodes.some((c) => c?.system === SYSTEM.nullFlavor) ? (['declined'] as const) : []),
    ]),
  ].filter((r) => (RACES as readonly string[]).includes(r));
  const ethnicityCode = subCodes(ext(p, US_CORE_ETHNICITY))[0];
  const ethnicity: Ethnicity | undefined =
    ethnicityCode?.system === SYSTEM.nullFlavor ? 'declined' : ethnicityCode?.code ? OMB_TO_ETHNICITY[ethnicityCode.code] : undefined;
  const language = p.communication?.find((c) => c.preferred)?.language.coding?.find((c) => c.system === SYSTEM.bcp47)?.code ?? p.communication?.[0]?.language.coding?.[0]?.code;
  return {
    siteId,
    firstName,
    lastName,
    preferredName: usual && usual !== firstName ? usual : null,
    dateOfBirth: p.birthDate,
    gender: gender ?? null,
    race,
    ethnicity: ethnicity && (ETHNICITIES as readonly string[]).includes(ethnicity) ? ethnicity : null,
    preferredLanguage: language ?? null,
    phone: p.telecom?.find((t) => t.system === 'phone')?.value ?? null,
    email: p.telecom?.find((t) => t.system === 'email')?.value ?? null,
    custodyStatus: tandemCode(p, 'custody-status', CUSTODY_STATUSES) ?? 'community',
    expectedReleaseDate: ext(p, tandemExtension('expected-release-date'))?.valueDate ?? null,
    releaseDate: ext(p, tandemExtension('release-date'))?.valueDate ?? null,
    referralSource: tandemCode(p, 'referral-source', REFERRAL_SOURCES) ?? null,
  };
}

/** Where a participant field lives in a Patient, to name a rejected field by its FHIR path. */
export const PATIENT_PATHS: Record<string, string> = {
  siteId: 'Patient.managingOrganization',
  firstName: 'Patient.name.given',
  lastName: 'Patient.name.family',
  preferredName: 'Patient.name.given',
  dateOfBirth: 'Patient.birthDate',
  gender: 'Patient.gender',
  race: 'Patient.extension',
  ethnicity: 'Patient.extension',
  preferredLanguage: 'Patient.communication.language',
  phone: 'Patient.telecom',
  email: 'Patient.telecom',
  custodyStatus: 'Patient.extension',
  expectedReleaseDate: 'Patient.extension',
  releaseDate: 'Patient.extension',
  referralSource: 'Patient.extension',
};
