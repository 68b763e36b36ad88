/** Controlled vocabularies shared by the server, the web app and the CLI. */

export const ROLES = ['program_admin', 'site_manager', 'supervisor', 'coach', 'case_manager', 'evaluator'] as const;
export type Role = (typeof ROLES)[number];

export const SITE_TYPES = [
  'hub',
  'jail',
  'prison',
  'emergency_department',
  'opioid_treatment_program',
  'clinic',
  'court',
  'police_diversion',
  'community',
] as const;
export type SiteType = (typeof SITE_TYPES)[number];

export const CUSTODY_STATUSES = ['in_custody', 'community'] as const;
export type CustodyStatus = (typeof CUSTODY_STATUSES)[number];

export const REFERRAL_SOURCES = [
  'jail_in_reach',
  'prison_in_reach',
  'emergency_department',
  'police_diversion',
  'court',
  'self',
  'family',
  'other',
] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];

/** Gender identity, as collected by SAMHSA's GPRA client outcome measures. */
export const GENDERS = [
  'woman',
  'man',
  'transgender_woman',
  'transgender_man',
  'nonbinary',
  'another_gender',
  'declined',
] as const;
export type Gender = (typeof GENDERS)[number];

/** OMB race categories (SPD 15, with the 2024 Middle Eastern or North African category); a person may select several. */
export const RACES = [
  'american_indian_or_alaska_native',
  'asian',
  'black_or_african_american',
  'middle_eastern_or_north_african',
  'native_hawaiian_or_other_pacific_islander',
  'white',
  'declined',
] as const;
export type Race = (typeof RACES)[number];

export const ETHNICITIES = ['hispanic_or_latino', 'not_hispanic_or_latino', 'declined'] as const;
export type Ethnicity = (typeof ETHNICITIES)[number];

/** Languages offered in the participant form; any BCP 47 tag is accepted by the API. */
export const COMMON_LANGUAGES = ['en', 'es', 'pl', 'ar', 'zh', 'vi', 'ht', 'pt', 'ru', 'fr', 'ase'] as const;
