/**
 * The participant form as the person sees it (every value a string or a list),
 * and the conversions to and from the API's shapes.
 */
import { COMMON_LANGUAGES, type CustodyStatus, type Ethnicity, type Gender, type Race, type ReferralSource } from '../../../core/enums.ts';
import {
  participantCreateInput,
  participantCrossFieldIssues,
  type Participant,
  type ParticipantCreateInput,
  type ParticipantUpdateInput,
} from '../../../core/schemas.ts';
import type { FieldIssue } from '../../api/errors.ts';

export const OTHER_LANGUAGE = 'other';

export interface ParticipantFormValues {
  siteId: string;
  firstName: string;
  lastName: string;
  preferredName: string;
  dateOfBirth: string;
  gender: Gender | '';
  race: Race[];
  ethnicity: Ethnicity | '';
  /** One of COMMON_LANGUAGES, OTHER_LANGUAGE, or '' (not recorded). */
  languageChoice: string;
  languageOther: string;
  phone: string;
  email: string;
  custodyStatus: CustodyStatus | '';
  expectedReleaseDate: string;
  releaseDate: string;
  referralSource: ReferralSource | '';
}

/** Fields in the order they appear on the form: for the error summary and focus. */
export const FIELD_ORDER = [
  'siteId',
  'firstName',
  'lastName',
  'preferredName',
  'dateOfBirth',
  'gender',
  'race',
  'ethnicity',
  'preferredLanguage',
  'phone',
  'email',
  'custodyStatus',
  'expectedReleaseDate',
  'releaseDate',
  'referralSource',
] as const;
export type ParticipantField = (typeof FIELD_ORDER)[number];

export function emptyValues(siteId = ''): ParticipantFormValues {
  return {
    siteId,
    firstName: '',
    lastName: '',
    preferredName: '',
    dateOfBirth: '',
    gender: '',
    race: [],
    ethnicity: '',
    languageChoice: '',
    languageOther: '',
    phone: '',
    email: '',
    custodyStatus: '',
    expectedReleaseDate: '',
    releaseDate: '',
    referralSource: '',
  };
}

function isCommonLanguage(code: string): boolean {
  return (COMMON_LANGUAGES as readonly string[]).includes(code);
}

export function valuesFromParticipant(p: Participant): ParticipantFormValues {
  const language = p.preferredLanguage ?? '';
  return {
    siteId: p.siteId,
    firstName: p.firstName,
    lastName: p.lastName,
    preferredName: p.preferredName ?? '',
    dateOfBirth: p.dateOfBirth,
    gender: p.gender ?? '',
    race: [...p.race],
    ethnicity: p.ethnicity ?? '',
    languageChoice: language === '' ? '' : isCommonLanguage(language) ? language : OTHER_LANGUAGE,
    languageOther: language !== '' && !isCommonLanguage(language) ? language : '',
    phone: p.phone ?? '',
    email: p.email ?? '',
    custodyStatus: p.custodyStatus,
    expectedReleaseDate: p.expectedReleaseDate ?? '',
    releaseDate: p.releaseDate ?? '',
    referralSource: p.referralSource ?? '',
  };
}

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

/** The request body for creating. Required fields are passed as typed; validation says what is missing. */
export function toCreateInput(v: ParticipantFormValues): ParticipantCreateInput {
  const language = v.languageChoice === OTHER_LANGUAGE ? v.languageOther : v.languageChoice;
  return {
    siteId: v.siteId,
    firstName: v.firstName.trim(),
    lastName: v.lastName.trim(),
    preferredName: orNull(v.preferredName),
    dateOfBirth: v.dateOfBirth,
    gender: v.gender || null,
    race: v.race,
    ethnicity: v.ethnicity || null,
    preferredLanguage: orNull(language),
    phone: orNull(v.phone),
    email: orNull(v.email),
    custodyStatus: v.custodyStatus as CustodyStatus,
    expectedReleaseDate: orNull(v.expectedReleaseDate),
    releaseDate: orNull(v.releaseDate),
    referralSource: v.referralSource || null,
  };
}

/** Only the fields that differ from what was loaded, plus the version read: the server's PATCH. */
export function toUpdateInput(before: ParticipantFormValues, after: ParticipantFormValues, version: number): ParticipantUpdateInput {
  const a = toCreateInput(before);
  const b = toCreateInput(after);
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(b) as (keyof ParticipantCreateInput)[]) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) changes[key] = b[key];
  }
  return { ...(changes as Partial<ParticipantCreateInput>), version };
}

export function changedFields(before: ParticipantFormValues, after: ParticipantFormValues): ParticipantField[] {
  const changes = toUpdateInput(before, after, 1);
  return FIELD_ORDER.filter((f) => f in changes);
}

/**
 * The same rules the server applies (shared schema), run before sending so
 * mistakes show at once, even with no signal. `requiredMessage` replaces the
 * schema's wording for empty required fields.
 */
export function validateValues(v: ParticipantFormValues, today: string, requiredMessage: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const required: ParticipantField[] = ['siteId', 'firstName', 'lastName', 'dateOfBirth', 'custodyStatus'];
  for (const field of required) {
    if (String(v[field as keyof ParticipantFormValues]).trim() === '') issues.push({ path: field, message: requiredMessage });
  }
  if (v.languageChoice === OTHER_LANGUAGE && v.languageOther.trim() === '') {
    issues.push({ path: 'preferredLanguage', message: requiredMessage });
  }
  const parsed = participantCreateInput.safeParse(toCreateInput(v));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      if (!issues.some((i) => i.path.split('.')[0] === path.split('.')[0])) issues.push({ path, message: issue.message });
    }
  }
  for (const issue of participantCrossFieldIssues(toCreateInput(v), today)) {
    if (!issues.some((i) => i.path === issue.path)) issues.push(issue);
  }
  return issues;
}

/** Field-level messages keyed by form field (first segment of the path: "race.1" → race). */
export function errorsByField(issues: readonly FieldIssue[]): { byField: Partial<Record<ParticipantField, string>>; other: string[] } {
  const byField: Partial<Record<ParticipantField, string>> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const field = issue.path.split('.')[0] as ParticipantField;
    if ((FIELD_ORDER as readonly string[]).includes(field)) byField[field] ??= issue.message;
    else other.push(issue.message);
  }
  return { byField, other };
}
