/**
 * One participant's record as a FHIR R4 Bundle of type `collection`: the pure
 * assembly from what the features' services return. Which sections go in is the
 * caller's choice (everything for the program's own use, only what a consent
 * allows for an outside party); the Practitioners every reference names are added
 * here, and every resource appears once.
 */
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import type { AssessmentDetail } from '../assessments.ts';
import { isoDateIn } from '../calendar.ts';
import type { Consent, ConsentInformation, Disclosure } from '../consents.ts';
import type { ContactSummary } from '../contacts.ts';
import type { Enrollment } from '../enrollments.ts';
import type { CriticalEvent } from '../events.ts';
import type { MoudEpisode } from '../moud.ts';
import type { Distribution } from '../naloxone.ts';
import type { Plan } from '../plans.ts';
import type { ReferralSummary } from '../referrals.ts';
import type { Resource as DirectoryResource } from '../resources.ts';
import type { ParticipantDetail, Site } from '../schemas.ts';
import { toQuestionnaire, toQuestionnaireResponse, toScoreObservation } from './assessments.ts';
import { episodeFor, toEncounter, toEpisodeOfCare } from './care.ts';
import { uuidIdentifier, part2Meta } from './common.ts';
import { directoryResources } from './directory.ts';
import { criticalEventObservation } from './events.ts';
import { toMedicationDispense, toMedicationStatement } from './medications.ts';
import { enrollmentRoles, siteToOrganization, toPatient, toPractitioner } from './patient.ts';
import { planResources } from './plans.ts';
import { disclosureAuditEvent, toConsent } from './privacy.ts';
import { toServiceRequest, toTask } from './referrals.ts';

export const FHIR_SECTIONS = ['enrollment', 'contacts', 'assessments', 'plan', 'referrals', 'moud', 'naloxone', 'events', 'privacy'] as const;
export type FhirSection = (typeof FHIR_SECTIONS)[number];

/** What each kind of information a consent names lets go out. Notes never do (the Encounter carries none). */
const SECTIONS_OF: Record<ConsentInformation, readonly FhirSection[]> = {
  enrollment_and_attendance: ['enrollment', 'contacts'],
  moud_treatment: ['moud'],
  assessments: ['assessments'],
  recovery_plan: ['plan'],
  contact_notes: [],
  referral_information: ['referrals'],
};

/** The sections a disclosure of these kinds of information carries (the Patient and the site always go). */
export function sectionsFor(information: readonly ConsentInformation[]): Set<FhirSection> {
  return new Set(information.flatMap((i) => SECTIONS_OF[i]));
}

/** Everything gathered about one participant; a section left out of `sections` may be empty. */
export interface ParticipantRecord {
  participant: ParticipantDetail;
  site: Pick<Site, 'id' | 'name' | 'type' | 'active' | 'timeZone'>;
  enrollments: Enrollment[];
  contacts: ContactSummary[];
  assessments: AssessmentDetail[];
  plan: Plan | null;
  referrals: ReferralSummary[];
  /** The directory organizations referred to or treating the participant. */
  directory: DirectoryResource[];
  moud: MoudEpisode[];
  distributions: Distribution[];
  events: CriticalEvent[];
  consents: Consent[];
  disclosures: Disclosure[];
}

export interface BundleOptions {
  sections: ReadonlySet<FhirSection>;
  /** Base of the entries' fullUrl (e.g. https://tandem.example.org/fhir). */
  base: string;
  generatedAt: Date;
  /** The Bundle's own id (a new UUID per export). */
  id: string;
}

export function participantResources(r: ParticipantRecord, sections: ReadonlySet<FhirSection>): Resource[] {
  const has = (s: FhirSection) => sections.has(s);
  const out: Resource[] = [toPatient(r.participant), siteToOrganization(r.site)];
  if (has('enrollment')) out.push(...r.enrollments.flatMap((e) => [toEpisodeOfCare(e), ...enrollmentRoles(e)]));
  // A contact belongs to the enrollment of its day at the site (23:30 in Chicago is still that day there).
  if (has('contacts')) out.push(...r.contacts.map((c) => toEncounter(c, episodeFor(r.enrollments, isoDateIn(new Date(c.occurredAt), r.site.timeZone)))));
  if (has('assessments')) {
    for (const a of r.assessments) {
      out.push(toQuestionnaire(a.definition), toQuestionnaireResponse(a));
      const score = toScoreObservation(a);
      if (score) out.push(score);
    }
  }
  if (has('plan') && r.plan) out.push(...planResources(r.plan));
  const directoryIds = new Set<string>();
  if (has('referrals')) {
    out.push(...r.referrals.flatMap((x) => [toServiceRequest(x), toTask(x)]));
    for (const x of r.referrals) directoryIds.add(x.resource.id);
  }
  if (has('moud')) {
    out.push(...r.moud.map(toMedicationStatement));
    for (const m of r.moud) if (m.providerResourceId) directoryIds.add(m.providerResourceId);
  }
  if (has('naloxone')) out.push(...r.distributions.map(toMedicationDispense).filter((d) => d !== null));
  if (has('events')) out.push(...r.events.map(criticalEventObservation));
  if (has('privacy')) {
    out.push(...r.consents.map(toConsent), ...r.disclosures.map((d) => disclosureAuditEvent(d, r.participant.siteId)));
    for (const c of r.consents) if (c.recipient.kind === 'resource') directoryIds.add(c.recipient.resourceId);
    for (const d of r.disclosures) if (d.recipientResourceId) directoryIds.add(d.recipientResourceId);
  }
  out.push(...r.directory.filter((d) => directoryIds.has(d.id)).flatMap(directoryResources));
  out.push(...practitionersNamed(out));
  return unique(out);
}

/** A Practitioner for every staff member a resource refers to (by reference and display). */
function practitionersNamed(resources: readonly Resource[]): Resource[] {
  const found = new Map<string, string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.reference === 'string' && o.reference.startsWith('Practitioner/')) {
        found.set(o.reference.slice('Practitioner/'.length), typeof o.display === 'string' ? o.display : '');
      }
      for (const x of Object.values(o)) walk(x);
    }
  };
  walk(resources);
  return [...found].map(([id, name]) => toPractitioner({ id, name }));
}

function unique(resources: readonly Resource[]): Resource[] {
  const seen = new Set<string>();
  return resources.filter((res) => {
    const key = `${res.resourceType}/${res.id ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function toBundle(resources: readonly Resource[], o: Pick<BundleOptions, 'base' | 'generatedAt' | 'id'>): Bundle {
  const entry: BundleEntry[] = resources.map((resource) => ({ fullUrl: `${o.base}/${resource.resourceType}/${resource.id ?? ''}`, resource }));
  return {
    resourceType: 'Bundle',
    id: o.id,
    meta: part2Meta({ lastUpdated: o.generatedAt.toISOString() }),
    identifier: uuidIdentifier(o.id),
    type: 'collection',
    timestamp: o.generatedAt.toISOString(),
    entry,
  };
}

export function participantBundle(r: ParticipantRecord, o: BundleOptions): Bundle {
  return toBundle(participantResources(r, o.sections), o);
}
