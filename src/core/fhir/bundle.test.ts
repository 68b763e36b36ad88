import type { Bundle, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { REDISCLOSURE_NOTICE } from '../consents.ts';
import { FHIR_SECTIONS, participantBundle, sectionsFor } from './bundle.ts';
import { fullRecord } from './fixtures.testing.ts';
import { bundleIssues } from './validate.testing.ts';

const bundleOf = (sections = new Set(FHIR_SECTIONS)) =>
  participantBundle(fullRecord(), { sections, base: 'https://tandem.test/fhir', generatedAt: new Date('2026-03-02T15:00:00Z'), id: '11111111-2222-4333-8444-555555555555' });
const resources = (b: Bundle) => (b.entry ?? []).map((e) => e.resource).filter((r): r is Resource => r !== undefined);
const count = (b: Bundle) => {
  const by: Record<string, number> = {};
  for (const r of resources(b)) by[r.resourceType] = (by[r.resourceType] ?? 0) + 1;
  return by;
};

describe("Sam's record as a FHIR R4 Bundle", () => {
  it('has every kind of resource, once each, and every one is valid R4 (official schema and Medplum)', () => {
    const bundle = bundleOf();
    expect(count(bundle)).toEqual({
      Patient: 1,
      Organization: 2,
      Location: 1,
      HealthcareService: 1,
      EpisodeOfCare: 1,
      PractitionerRole: 2,
      Practitioner: 2,
      Encounter: 2,
      Questionnaire: 1,
      QuestionnaireResponse: 2,
      Observation: 2,
      CarePlan: 1,
      Goal: 2,
      ServiceRequest: 1,
      Task: 1,
      MedicationStatement: 2,
      MedicationDispense: 2,
      Consent: 1,
      AuditEvent: 1,
    });
    const keys = resources(bundle).map((r) => `${r.resourceType}/${r.id ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(bundleIssues(bundle)).toEqual([]);
  }, 60_000);

  it('labels the Bundle and every resource 42 CFR Part 2, restricted, no redisclosure, with the notice', () => {
    const bundle = bundleOf();
    for (const r of [bundle, ...resources(bundle)]) {
      expect(r.meta?.security?.map((c) => c.code)).toEqual(['R', '42CFRPart2', 'NORDSCLCD']);
      expect(r.meta?.tag?.[0]?.display).toBe(REDISCLOSURE_NOTICE);
    }
  });

  it('never carries a note written for the team: contact notes, MOUD notes, event notes', () => {
    const text = JSON.stringify(bundleOf());
    expect(text).not.toContain('Talked about the first week home');
    expect(text).not.toContain('Takes it mornings');
    expect(text).not.toContain('Sister used his naloxone');
    // Nor the name of the family member given naloxone: the relationship says who.
    expect(text).not.toContain('Mary Johnson');
    // A referral's notes are written for the receiving organization: they go.
    expect(text).toContain('Prefers mornings.');
  });

  it('codes MOUD and naloxone in RxNorm and the referral Task in the Gravity workflow', () => {
    const all = resources(bundleOf());
    const statements = all.filter((r) => r.resourceType === 'MedicationStatement');
    expect(statements.map((s) => s.medicationCodeableConcept?.coding?.[0]?.code)).toEqual(['1819', '637213']);
    expect(statements.map((s) => s.status)).toEqual(['active', 'stopped']);
    const task = all.find((r) => r.resourceType === 'Task');
    expect(task?.status).toBe('in-progress');
    expect(task?.businessStatus?.coding?.[0]?.code).toBe('appointment-scheduled');
    expect(task?.focus?.reference).toBe(`ServiceRequest/${task?.id ?? ''}`);
    const consent = all.find((r) => r.resourceType === 'Consent');
    expect(consent?.policyRule?.coding?.map((c) => c.code)).toContain('42CFRPart2');
  });

  it('for an outside party carries only the sections the consent names (the Patient and site always)', () => {
    const bundle = bundleOf(sectionsFor(['referral_information']));
    const types = new Set(resources(bundle).map((r) => r.resourceType));
    expect([...types].sort()).toEqual(['HealthcareService', 'Location', 'Organization', 'Patient', 'Practitioner', 'ServiceRequest', 'Task']);
  });
});

describe('the validation itself', () => {
  it('catches what is not R4: a bad date, an unknown element, a missing required element, a bad code', async () => {
    const { fhirIssues } = await import('./validate.testing.ts');
    expect(fhirIssues({ resourceType: 'Patient', id: 'a', birthDate: '1988-3-7' }).join()).toMatch(/birthDate/);
    expect(fhirIssues({ resourceType: 'Patient', id: 'a', nickname: 'x' } as unknown as Resource).length).toBeGreaterThan(0);
    expect(fhirIssues({ resourceType: 'Task', id: 'a', intent: 'order' } as unknown as Resource).join()).toMatch(/status/);
    expect(fhirIssues({ resourceType: 'Task', id: 'a', intent: 'order', status: 'sent' } as unknown as Resource).length).toBeGreaterThan(0);
    // The official schema's canonical elements may carry extensions once their `_` sibling is restored.
    expect(fhirIssues({ resourceType: 'QuestionnaireResponse', id: 'a', status: 'completed', questionnaire: 'https://x.example/Q', _questionnaire: { extension: [{ url: 'https://x.example/e', valueString: 'v' }] } } as Resource)).toEqual([]);
  });
});

describe('which enrollment a contact belongs to', () => {
  it('is the one of its day at the site: a late-evening call in Chicago is still that day', () => {
    const record = fullRecord();
    const enrollment = record.enrollments[0];
    const contact = record.contacts[0];
    if (!enrollment || !contact) throw new Error('fixture');
    // Enrolled on 2026-01-06; a call at 23:30 in Chicago on the 5th is 05:30 UTC on the 6th.
    record.contacts = [{ ...contact, occurredAt: '2026-01-06T05:30:00.000Z' }];
    const encounter = resources(participantBundle(record, { sections: new Set(['contacts']), base: 'https://tandem.test/fhir', generatedAt: new Date(), id: 'x' })).find(
      (r) => r.resourceType === 'Encounter',
    );
    expect(encounter?.episodeOfCare).toBeUndefined();
    record.contacts = [{ ...contact, occurredAt: '2026-01-06T15:30:00.000Z' }];
    const next = resources(participantBundle(record, { sections: new Set(['contacts']), base: 'https://tandem.test/fhir', generatedAt: new Date(), id: 'x' })).find(
      (r) => r.resourceType === 'Encounter',
    );
    expect(next?.episodeOfCare?.[0]?.reference).toBe(`EpisodeOfCare/${enrollment.id}`);
  });
});
