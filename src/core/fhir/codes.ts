/**
 * Code systems and the few codes Tandem's FHIR R4 export uses, as constants (the
 * value sets they come from are cited; nothing is read at run time).
 */
import type { Coding } from '@medplum/fhirtypes';
import type { MoudMedication } from '../moud.ts';
import type { NaloxoneProduct } from '../naloxone.ts';

/**
 * Tandem's own canonical base, for its code systems, extensions and
 * questionnaires. `.example` is reserved (RFC 2606): a program that registers a
 * canonical of its own replaces this one constant.
 */
export const TANDEM_CANONICAL = 'https://tandem.example/fhir';
export const tandemSystem = (name: string) => `${TANDEM_CANONICAL}/CodeSystem/${name}`;
export const tandemExtension = (name: string) => `${TANDEM_CANONICAL}/StructureDefinition/${name}`;
/** Identifies the referral a Task tracks (the value is the Tandem referral id). */
export const REFERRAL_TASK_IDENTIFIER = `${TANDEM_CANONICAL}/sid/referral-task`;

export const SYSTEM = {
  /** Tandem ids are UUIDs: globally unique, so identifiers use the RFC 3986 system with urn:uuid values. */
  uri: 'urn:ietf:rfc:3986',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  ucum: 'http://unitsofmeasure.org',
  bcp47: 'urn:ietf:bcp:47',
  ombRace: 'urn:oid:2.16.840.1.113883.6.238',
  nullFlavor: 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  actReason: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  confidentiality: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  consentPolicy: 'http://terminology.hl7.org/CodeSystem/consentpolicycodes',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  taskCode: 'http://hl7.org/fhir/CodeSystem/task-code',
  auditEntityType: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
  dicom: 'http://dicom.nema.org/resources/ontology/DCM',
  sdohcc: 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes',
} as const;

export const US_CORE_RACE = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race';
export const US_CORE_ETHNICITY = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity';

/* ---------- 42 CFR Part 2 ---------- */

/**
 * The security labels every exported resource and the Bundle carry: restricted
 * confidentiality (HL7 v3 Confidentiality R), the privacy law (v3 ActCode
 * 42CFRPart2, in the ActPrivacyLaw value set) and the refrain policy that goes
 * with it (v3 ActCode NORDSCLCD: no redisclosure without the patient's consent).
 */
export const PART2_SECURITY: readonly Coding[] = [
  { system: SYSTEM.confidentiality, code: 'R', display: 'restricted' },
  { system: SYSTEM.actCode, code: '42CFRPart2', display: '42 CFR Part2' },
  { system: SYSTEM.actCode, code: 'NORDSCLCD', display: 'no redisclosure without consent directive' },
];
/** The tag whose display carries the §2.32 notice itself. */
export const NOTICE_TAG_SYSTEM = tandemSystem('notice');

/* ---------- medications ---------- */

/**
 * RxNorm for MOUD. Tandem records the medication, not the product, so the
 * ingredient concepts (TTY IN) are used: buprenorphine 1819, methadone 6813,
 * naltrexone 7243. The CDC Opioid CDS IG value sets buprenorphine-medications and
 * methadone-medications (http://fhir.org/guides/cdc/opioid-cds/ValueSet/…) list
 * the clinical drugs made of these ingredients; extended-release naltrexone has
 * one product only, RxCUI 637213 "naltrexone 380 MG Injection" (VSAC Opiate
 * Antagonists, OID 2.16.840.1.113883.3.464.1003.198.12.1132).
 */
export const MOUD_RXNORM: Record<MoudMedication, { code: string; display: string; text: string }> = {
  methadone: { code: '6813', display: 'methadone', text: 'Methadone' },
  buprenorphine: { code: '1819', display: 'buprenorphine', text: 'Buprenorphine' },
  extended_release_buprenorphine: { code: '1819', display: 'buprenorphine', text: 'Extended-release injectable buprenorphine' },
  naltrexone: { code: '7243', display: 'naltrexone', text: 'Naltrexone' },
  extended_release_naltrexone: { code: '637213', display: 'naltrexone 380 MG Injection', text: 'Extended-release injectable naltrexone' },
};

/**
 * RxNorm for naloxone kits, from the CDC Opioid CDS IG value set
 * naloxone-medications (2025-02 expansion): 4 mg nasal spray = 1725059
 * "naloxone hydrochloride 40 MG/ML Nasal Spray", 8 mg = 2540703 "naloxone
 * hydrochloride 80 MG/ML Nasal Spray", intramuscular = 1191222 "naloxone
 * hydrochloride 0.4 MG/ML Injectable Solution"; another product: the ingredient
 * naloxone (7242).
 */
export const NALOXONE_RXNORM: Record<NaloxoneProduct, { code: string; display: string; text: string }> = {
  nasal_4mg: { code: '1725059', display: 'naloxone hydrochloride 40 MG/ML Nasal Spray', text: 'Naloxone 4 mg nasal spray' },
  nasal_8mg: { code: '2540703', display: 'naloxone hydrochloride 80 MG/ML Nasal Spray', text: 'Naloxone 8 mg nasal spray' },
  intramuscular: { code: '1191222', display: 'naloxone hydrochloride 0.4 MG/ML Injectable Solution', text: 'Naloxone intramuscular injection' },
  other: { code: '7242', display: 'naloxone', text: 'Naloxone' },
};

/** A Tandem vocabulary word as a coding, with its words as the display. */
export function tandemCoding(system: string, code: string): Coding {
  return { system: tandemSystem(system), code, display: words(code) };
}

/** "appointment_scheduled" → "appointment scheduled". */
export function words(code: string): string {
  return code.replace(/_/g, ' ');
}
