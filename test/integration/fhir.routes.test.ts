/**
 * FHIR R4 export and referral updates: Ana builds Samuel's full history (an
 * enrollment, a visit and a missed call, a BARC-10, a recovery plan, a referral
 * sent under his consent, buprenorphine, naloxone for him and his mother, an
 * overdose) and exports it as a Bundle; every resource is valid R4 by the official
 * schema and Medplum, labelled 42 CFR Part 2 with the notice; the export is audited,
 * and a copy for the clinic is a disclosure only a consent allows. The clinic's
 * Task updates come back and move the referral; illegal steps, stale versions and
 * referrals of other sites are reported per resource and nothing of them applies.
 * Consents and new referrals come in too, whatever the order of the entries; one
 * that fails leaves nothing behind, and the directory grows only by someone who
 * may manage it.
 */
import type { Bundle, Resource, Task } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDISCLOSURE_NOTICE, type Consent, type DisclosureList } from '../../src/core/consents.ts';
import type { FhirImportReport } from '../../src/core/fhir/schemas.ts';
import { bundleIssues } from '../../src/core/fhir/validate.testing.ts';
import type { Referral } from '../../src/core/referrals.ts';
import { addOrganization } from '../support/directory.ts';
import { castOfStaff, errorCode, fieldPaths, participantInput, signInEveryone, startHarness, type Browser, type Cast, type Harness, type PersonKey } from '../support/harness.ts';

let h: Harness;
let cast: Cast;
let as: Record<PersonKey, Browser>;
let kedzie: string;
let housing: string;
let pid: string;
let referral: Referral;

// The harness clock: 2026-03-02 15:00 UTC (9 a.m. in Chicago).
const TODAY = '2026-03-02';
const VALUES = ['strongly_disagree', 'disagree', 'somewhat_disagree', 'somewhat_agree', 'agree', 'strongly_agree'];
const ok = async (res: Promise<{ statusCode: number; body: string }>, status = 201) => {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return JSON.parse(r.body) as Record<string, unknown> & { id: string; version: number };
};
const steps = (r: FhirImportReport) => r.applied.flatMap((a) => (a.kind === 'referral_status' ? [a] : []));
const resources = (b: Bundle) => (b.entry ?? []).map((e) => e.resource).filter((r): r is Resource => r !== undefined);
const typesOf = (b: Bundle) => [...new Set(resources(b).map((r) => r.resourceType))].sort();
const fhir = (pid_: string, query = '', by: Browser = as.ana) => by.get(`/api/participants/${pid_}/fhir${query}`);
const importBundle = (entries: Resource[], by: Browser = as.ana) =>
  by.post('/api/fhir/import', { resourceType: 'Bundle', type: 'collection', entry: entries.map((resource) => ({ resource })) });
async function auditActions(id: string): Promise<string[]> {
  const res = await as.pat.get(`/api/audit?participantId=${id}&limit=500`);
  return res.json<{ items: { action: string }[] }>().items.map((e) => e.action);
}

/** Samuel's history, through the API as staff record it. */
async function fullHistory(): Promise<void> {
  pid = (await ok(as.ana.post('/api/participants', participantInput(cast.sites.cook, { custodyStatus: 'community', releaseDate: '2026-02-20', expectedReleaseDate: null, race: ['white'], ethnicity: 'hispanic_or_latino', gender: 'man', phone: '(773) 555-0142' })))).id;
  await ok(as.ana.post(`/api/participants/${pid}/enrollments`, { enrolledOn: '2026-02-01', referralSource: 'jail_in_reach', coachId: cast.people.ana.id, caseManagerId: cast.people.cai.id }));
  await ok(as.ana.post(`/api/participants/${pid}/contacts`, { occurredAt: '2026-02-21T16:00:00Z', durationMinutes: 40, mode: 'in_person', locationType: 'community', reached: true, services: ['recovery_coaching'], note: 'First week home; worried about his brother.' }));
  await ok(as.cai.post(`/api/participants/${pid}/contacts`, { occurredAt: '2026-02-24T20:00:00Z', mode: 'phone', locationType: 'phone_or_virtual', reached: false, attemptOutcome: 'no_answer' }));
  const answers = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`barc_${String(i + 1)}`, VALUES[4] ?? '']));
  await ok(as.ana.post(`/api/participants/${pid}/assessments`, { instrumentKey: 'barc10', answers, complete: true }));
  await ok(
    as.ana.request('PUT', `/api/participants/${pid}/plan`, {
      version: 0,
      goals: [{ text: 'A place of my own', domain: 'home', targetDate: '2026-06-01', steps: [{ what: 'Apply for a housing voucher', owner: 'case_manager', dueDate: '2026-03-15' }] }],
    }),
    200,
  );
  const consent = await ok(
    as.ana.post(`/api/participants/${pid}/consents`, {
      discloser: 'Cook County Jail peer recovery program',
      recipient: { kind: 'resource', resourceId: kedzie },
      information: ['referral_information', 'moud_treatment'],
      purposes: ['treatment_referral', 'care_coordination'],
      expiresOn: '2027-03-01',
      signature: { kind: 'typed', typedName: 'Samuel Johnson' },
      signedOn: '2026-02-25',
    }),
  );
  expect((consent as unknown as Consent).status).toBe('active');
  const draft = await ok(as.ana.post(`/api/participants/${pid}/referrals`, { need: 'moud_treatment', resourceId: kedzie, urgency: 'urgent', notes: 'Mornings are best.' }));
  const sent = await ok(as.ana.post(`/api/referrals/${draft.id}/transitions`, { to: 'sent', version: draft.version }), 200);
  referral = sent as unknown as Referral;
  await ok(as.ana.post(`/api/participants/${pid}/moud-episodes`, { medication: 'buprenorphine', providerName: 'Kedzie Recovery Clinic', providerResourceId: kedzie, startedOn: '2026-02-23' }));
  await ok(as.sam.post('/api/naloxone/movements', { kind: 'received', siteId: cast.sites.cook, product: 'nasal_4mg', lotNumber: 'NX1', expiresOn: '2027-11-30', kits: 10, occurredOn: TODAY, source: 'IDPH' }));
  const kit = { siteId: cast.sites.cook, participantId: pid, product: 'nasal_4mg', kits: 1, distributedOn: TODAY, trainingGiven: true };
  await ok(as.ana.post('/api/naloxone/distributions', { ...kit, recipientType: 'participant' }));
  await ok(as.ana.post('/api/naloxone/distributions', { ...kit, recipientType: 'support_person', relationship: 'family_member', recipientName: 'Maria Johnson' }));
  await ok(as.ana.post(`/api/participants/${pid}/events`, { kind: 'non_fatal_overdose', occurredOn: '2026-02-27', source: 'family', notes: 'His mother used the kit.' }));
}

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  as = await signInEveryone(cast);
  kedzie = await addOrganization(as.pat, 'Kedzie Recovery Clinic', ['moud']);
  housing = await addOrganization(as.pat, 'West Side Housing Partners', ['housing']);
  await fullHistory();
}, 120_000);
afterAll(async () => h.close());

describe("Ana exports Samuel's record as FHIR R4", () => {
  let bundle: Bundle;

  it('answers a Bundle of every kind of resource, each valid R4 (official schema and Medplum)', async () => {
    const res = await fhir(pid);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    bundle = res.json<Bundle>();
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', timestamp: '2026-03-02T15:00:00.000Z' });
    expect(typesOf(bundle)).toEqual([
      'AuditEvent',
      'CarePlan',
      'Consent',
      'Encounter',
      'EpisodeOfCare',
      'Goal',
      'HealthcareService',
      'Location',
      'MedicationDispense',
      'MedicationStatement',
      'Observation',
      'Organization',
      'Patient',
      'Practitioner',
      'PractitionerRole',
      'Questionnaire',
      'QuestionnaireResponse',
      'ServiceRequest',
      'Task',
    ]);
    expect(bundleIssues(bundle)).toEqual([]);
  }, 60_000);

  it('labels the Bundle and each resource 42 CFR Part 2 with the redisclosure notice, and leaves the notes out', () => {
    for (const r of [bundle, ...resources(bundle)]) {
      expect(r.meta?.security?.map((c) => c.code)).toEqual(['R', '42CFRPart2', 'NORDSCLCD']);
      expect(r.meta?.tag?.[0]?.display).toBe(REDISCLOSURE_NOTICE);
    }
    const text = JSON.stringify(bundle);
    expect(text).not.toContain('worried about his brother');
    expect(text).not.toContain('His mother used the kit');
    expect(text).toContain('Mornings are best.');
  });

  it('carries the facts: the BARC-10 total, the Task of the sent referral, buprenorphine in RxNorm, the consent', () => {
    const all = resources(bundle);
    const score = all.find((r) => r.resourceType === 'Observation' && r.code.coding?.[0]?.code === 'barc10');
    expect(score).toMatchObject({ valueInteger: 50, status: 'final' });
    const task = all.find((r): r is Task => r.resourceType === 'Task');
    expect(task).toMatchObject({ id: referral.id, status: 'requested', focus: { reference: `ServiceRequest/${referral.id}` } });
    const med = all.find((r) => r.resourceType === 'MedicationStatement');
    expect(med).toMatchObject({ status: 'active', medicationCodeableConcept: { coding: [{ code: '1819' }, { code: 'buprenorphine' }] } });
    expect(all.find((r) => r.resourceType === 'Patient')).toMatchObject({ id: pid, birthDate: '1988-03-07', gender: 'male' });
    expect(all.filter((r) => r.resourceType === 'Encounter').map((e) => e.status).sort()).toEqual(['cancelled', 'finished']);
  });

  it('is audited as an export; the program’s own copy is not a disclosure', async () => {
    expect(await auditActions(pid)).toContain('participant.fhir_export');
    const accounting = (await as.ana.get(`/api/participants/${pid}/disclosures`)).json<DisclosureList>();
    expect(accounting.items.map((d) => d.kind)).toEqual(['referral_sent']);
  });
});

describe('A copy for the clinic is a disclosure', () => {
  it('carries only what the consent allows and is recorded in the accounting with the notice', async () => {
    const res = await fhir(pid, `?recipientResourceId=${kedzie}&purpose=treatment_referral&information=referral_information,moud_treatment`);
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json<Bundle>();
    expect(typesOf(b)).toEqual(['HealthcareService', 'Location', 'MedicationStatement', 'Organization', 'Patient', 'Practitioner', 'ServiceRequest', 'Task']);
    expect(bundleIssues(b)).toEqual([]);
    const accounting = (await as.ana.get(`/api/participants/${pid}/disclosures`)).json<DisclosureList>();
    const exported = accounting.items.filter((d) => d.kind === 'export');
    expect(exported).toHaveLength(1);
    expect(exported[0]).toMatchObject({ kind: 'export', recipientResourceId: kedzie, information: ['referral_information', 'moud_treatment'], purpose: 'treatment_referral', notice: REDISCLOSURE_NOTICE });
  });

  it('is refused with what is missing when no consent covers it (nothing recorded)', async () => {
    const before = (await as.ana.get(`/api/participants/${pid}/disclosures`)).json<DisclosureList>().items.length;
    const res = await fhir(pid, `?recipientResourceId=${housing}&purpose=care_coordination`);
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('consent_required');
    const wider = await fhir(pid, `?recipientResourceId=${kedzie}&purpose=treatment_referral&information=assessments`);
    expect(wider.statusCode).toBe(409);
    expect((await as.ana.get(`/api/participants/${pid}/disclosures`)).json<DisclosureList>().items.length).toBe(before);
  });

  it('needs participants:write: Sue (a supervisor) may read the record but not send it out', async () => {
    expect((await fhir(pid, '', as.sue)).statusCode).toBe(200);
    const res = await fhir(pid, `?recipientResourceId=${kedzie}&purpose=treatment_referral&information=referral_information`, as.sue);
    expect(res.statusCode).toBe(403);
  });
});

describe('who may export, and bad input', () => {
  it('Ben (a coach at Lake County) gets 404, like for no one; Eve (an evaluator) 403', async () => {
    expect((await fhir(pid, '', as.ben)).statusCode).toBe(404);
    expect((await fhir('5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11')).statusCode).toBe(404);
    expect((await fhir(pid, '', as.eve)).statusCode).toBe(403);
  });

  it('a bad id or query is 400 naming the field', async () => {
    const bad = await fhir('not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(fieldPaths(bad)).toEqual(['params.id']);
    const noPurpose = await fhir(pid, `?recipientResourceId=${kedzie}`);
    expect(noPurpose.statusCode).toBe(400);
    expect(fieldPaths(noPurpose)).toEqual(['querystring.purpose']);
    const badKind = await fhir(pid, `?recipientResourceId=${kedzie}&purpose=treatment_referral&information=diaries`);
    expect(badKind.statusCode).toBe(400);
    expect(fieldPaths(badKind)[0]).toMatch(/^querystring\.information/);
    const notes = await fhir(pid, `?recipientResourceId=${kedzie}&purpose=treatment_referral&information=referral_information,contact_notes`);
    expect(notes.statusCode).toBe(400);
    expect(fieldPaths(notes)).toEqual(['querystring.information']);
    const noRecipient = await fhir(pid, '?purpose=payment');
    expect(fieldPaths(noRecipient)).toEqual(['querystring.recipientResourceId']);
  });
});

describe('The clinic’s Task updates come back', () => {
  const taskUpdate = (status: Task['status'], extra: Partial<Task> = {}): Task => ({
    resourceType: 'Task',
    id: `clinic-${status}`,
    status,
    intent: 'order',
    focus: { reference: `ServiceRequest/${referral.id}` },
    ...extra,
  });
  const current = async () => (await as.ana.get(`/api/referrals/${referral.id}`)).json<Referral>();

  it('accepted, then an appointment: the referral moves, one step per Task, audited as a transition', async () => {
    const res = await importBundle([
      taskUpdate('accepted'),
      taskUpdate('in-progress', {
        id: 'clinic-appointment',
        businessStatus: { coding: [{ system: 'https://tandem.example/fhir/CodeSystem/referral-business-status', code: 'appointment-scheduled' }] },
        output: [
          { type: { coding: [{ system: 'https://tandem.example/fhir/CodeSystem/referral-task-output', code: 'appointment-date' }] }, valueDate: '2026-03-05' },
          { type: { coding: [{ system: 'https://tandem.example/fhir/CodeSystem/referral-task-output', code: 'appointment-time' }] }, valueTime: '09:30:00' },
        ],
      }),
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<FhirImportReport>();
    expect(report.rejected).toEqual([]);
    expect(steps(report).map((a) => [a.id, a.from, a.to, a.changed])).toEqual([
      ['Task/clinic-accepted', 'sent', 'accepted', true],
      ['Task/clinic-appointment', 'accepted', 'appointment_scheduled', true],
    ]);
    const r = await current();
    expect(r).toMatchObject({ status: 'appointment_scheduled', appointment: { on: '2026-03-05', time: '09:30', place: null } });
    expect((await auditActions(pid)).filter((a) => a === 'referral.transition').length).toBeGreaterThanOrEqual(3);
  });

  it('an exported Task, re-imported as it is, changes nothing', async () => {
    const b = (await fhir(pid)).json<Bundle>();
    const task = resources(b).find((r): r is Task => r.resourceType === 'Task');
    const res = await importBundle([task as Task]);
    const report = res.json<FhirImportReport>();
    // The same appointment again is no step (another date or time would be a reschedule).
    expect(steps(report).map((a) => [a.to, a.changed])).toEqual([['appointment_scheduled', false]]);
    expect(report.rejected).toEqual([]);
  });

  it('an illegal step, a stale version, a Task with no status step, an unknown referral and other resources are reported each by id and path; nothing of them applies', async () => {
    const before = await current();
    const res = await importBundle([
      taskUpdate('completed', { id: 'too-early' }),
      taskUpdate('accepted', { id: 'stale', meta: { versionId: '1' } }),
      taskUpdate('in-progress', { id: 'no-business-status' }),
      taskUpdate('accepted', { id: 'elsewhere', focus: { reference: 'ServiceRequest/SDOHCC-ServiceRequestActiveFoodPantryApplicationAssistExample' } }),
      { resourceType: 'Consent', id: 'consent-1', status: 'active', scope: { text: 'x' }, category: [{ text: 'x' }] },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<FhirImportReport>();
    expect(report.applied).toEqual([]);
    expect(report.rejected.map((r) => [r.id, r.path])).toEqual([
      ['Task/too-early', 'entry[0].resource.status'],
      ['Task/stale', 'entry[1].resource.status'],
      ['Task/no-business-status', 'entry[2].resource.businessStatus'],
      ['Task/elsewhere', 'entry[3].resource.focus'],
      ['Consent/consent-1', 'entry[4].resource.policyRule'],
      ['Consent/consent-1', 'entry[4].resource.patient'],
      ['Consent/consent-1', 'entry[4].resource.provision.actor'],
      ['Consent/consent-1', 'entry[4].resource.provision.class'],
      ['Consent/consent-1', 'entry[4].resource.provision.purpose'],
      ['Consent/consent-1', 'entry[4].resource.dateTime'],
      ['Consent/consent-1', 'entry[4].resource.verification'],
      ['Consent/consent-1', 'entry[4].resource.organization.display'],
      ['Consent/consent-1', 'entry[4].resource.provision.period.end'],
    ]);
    expect(report.rejected[0]?.message).toMatch(/cannot become/);
    const after = await current();
    expect(after.version).toBe(before.version);
    expect(after.status).toBe('appointment_scheduled');
  });

  it('Ben (another site) cannot move Samuel’s referral: reported as unknown; Eve is refused; a bad body is 400', async () => {
    const res = await importBundle([taskUpdate('in-progress', { id: 'ben', businessStatus: { coding: [{ system: 'https://tandem.example/fhir/CodeSystem/referral-business-status', code: 'attended' }] } })], as.ben);
    expect(res.statusCode).toBe(200);
    expect(res.json<FhirImportReport>().rejected).toEqual([{ id: 'Task/ben', path: 'entry[0].resource.focus', message: 'No Tandem referral with this id that you may see' }]);
    expect((await current()).status).toBe('appointment_scheduled');
    expect((await importBundle([], as.eve)).statusCode).toBe(403);
    expect((await importBundle([], as.sue)).statusCode).toBe(403);
    const bad = await as.ana.post('/api/fhir/import', { resourceType: 'Patient', entry: [{ resource: {} }] });
    expect(bad.statusCode).toBe(400);
    expect(fieldPaths(bad).sort()).toEqual(['entry.0.resource.resourceType', 'resourceType']);
  });
});

describe('Patients coming in become participants', () => {
  // As the Gravity example Patient: a name, a birth date, an administrative gender, a phone.
  const colin: Resource = {
    resourceType: 'Patient',
    id: 'pat-53234',
    name: [{ family: 'Abbas', given: ['Colin'] }],
    gender: 'male',
    birthDate: '1978-11-21',
    telecom: [{ system: 'phone', value: '555-555-5555', use: 'home' }],
    communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'en' }] } }],
  };

  it('Ana imports Colin into Cook County Jail: created, readable, audited; the same Patient again is a likely duplicate', async () => {
    const res = await as.ana.post(`/api/fhir/import?siteId=${cast.sites.cook}`, { resourceType: 'Bundle', entry: [{ resource: colin }] });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<FhirImportReport>();
    expect(report.rejected).toEqual([]);
    const created = report.applied[0];
    if (created?.kind !== 'participant_created') throw new Error(res.body);
    const p = (await as.ana.get(`/api/participants/${created.participantId}`)).json<Record<string, unknown>>();
    expect(p).toMatchObject({ firstName: 'Colin', lastName: 'Abbas', dateOfBirth: '1978-11-21', gender: 'man', phone: '555-555-5555', preferredLanguage: 'en', custodyStatus: 'community', siteId: cast.sites.cook });
    expect(await auditActions(created.participantId)).toContain('participant.create');
    const again = (await as.ana.post(`/api/fhir/import?siteId=${cast.sites.cook}`, { resourceType: 'Bundle', entry: [{ resource: colin }] })).json<FhirImportReport>();
    expect(again.applied).toEqual([]);
    expect(again.rejected[0]).toMatchObject({ id: 'Patient/pat-53234', path: 'entry[0].resource.name' });
  });

  it("Samuel's own exported Patient, re-imported, is recognised as him", async () => {
    const patient = resources((await fhir(pid)).json<Bundle>()).find((r) => r.resourceType === 'Patient');
    const report = (await as.ana.post('/api/fhir/import', { resourceType: 'Bundle', entry: [{ resource: patient }] })).json<FhirImportReport>();
    expect(report.applied).toEqual([{ kind: 'participant_matched', id: `Patient/${pid}`, participantId: pid }]);
    expect(report.rejected).toEqual([]);
  });

  it('without a site, for a site not one’s own, or without a name or birth date: reported by path, nothing created', async () => {
    const bundle = { resourceType: 'Bundle', entry: [{ resource: { ...colin, id: 'no-site', name: [{ family: 'Other', given: ['Person'] }] } }] };
    expect((await as.ana.post('/api/fhir/import', bundle)).json<FhirImportReport>().rejected).toEqual([
      { id: 'Patient/no-site', path: 'entry[0].resource.managingOrganization', message: 'Say which of your sites the participant joins (siteId)' },
    ]);
    const lake = (await as.ana.post(`/api/fhir/import?siteId=${cast.sites.lake}`, bundle)).json<FhirImportReport>();
    expect(lake.rejected.map((r) => r.path)).toEqual(['entry[0].resource.managingOrganization']);
    const nameless = (await as.ana.post(`/api/fhir/import?siteId=${cast.sites.cook}`, { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Patient', id: 'x' } }] })).json<FhirImportReport>();
    expect(nameless.rejected.map((r) => r.path)).toEqual(['entry[0].resource.name.given', 'entry[0].resource.name.family', 'entry[0].resource.birthDate']);
    const badSite = await as.ana.post('/api/fhir/import?siteId=cook', bundle);
    expect(badSite.statusCode).toBe(400);
    expect(fieldPaths(badSite)).toEqual(['querystring.siteId']);
  });
});

describe('Consents and new referrals coming in', () => {
  const CODES = {
    policy: 'http://terminology.hl7.org/CodeSystem/consentpolicycodes',
    role: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
    reason: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
    information: 'https://tandem.example/fhir/CodeSystem/consent-information',
    need: 'https://tandem.example/fhir/CodeSystem/referral-need',
  };
  const consentOf = (id: string, patient: string, recipient: string, over: Record<string, unknown> = {}): Resource =>
    ({
      resourceType: 'Consent',
      id,
      status: 'active',
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IDSCL' }] }],
      patient: { reference: patient },
      dateTime: '2026-02-28',
      organization: [{ display: 'Cook County Jail peer recovery program' }],
      policyRule: { coding: [{ system: CODES.policy, code: 'cfr-part2' }] },
      verification: [{ verified: true, verifiedWith: { reference: patient } }],
      provision: {
        type: 'permit',
        period: { start: '2026-02-28', end: '2027-02-28' },
        actor: [{ role: { coding: [{ system: CODES.role, code: 'IRCP' }] }, reference: { reference: recipient } }],
        purpose: [{ system: CODES.reason, code: 'COC' }],
        class: [{ system: CODES.information, code: 'referral_information' }],
      },
      ...over,
    });
  const consentsOf = async (id: string) => (await as.ana.get(`/api/participants/${id}/consents`)).json<{ items: Consent[] }>().items;
  const referralsOf = async (id: string) => (await as.ana.get(`/api/participants/${id}/referrals`)).json<{ items: Referral[] }>().items;

  it('a Consent before its Patient in the Bundle still applies: Rosa joins Cook County, her consent to the housing agency is recorded, and the same Consent again is matched, not doubled', async () => {
    const rosa: Resource = { resourceType: 'Patient', id: 'rosa', name: [{ family: 'Diaz', given: ['Rosa'] }], birthDate: '1991-07-14', gender: 'female' };
    const res = await as.ana.post(`/api/fhir/import?siteId=${cast.sites.cook}`, {
      resourceType: 'Bundle',
      entry: [{ resource: consentOf('rosa-housing', 'Patient/rosa', `Organization/${housing}`) }, { resource: rosa }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<FhirImportReport>();
    expect(report.rejected).toEqual([]);
    expect(report.applied.map((a) => [a.kind, a.id])).toEqual([
      ['consent_recorded', 'Consent/rosa-housing'],
      ['participant_created', 'Patient/rosa'],
    ]);
    const created = report.applied[1];
    if (created?.kind !== 'participant_created') throw new Error(res.body);
    const [consent] = await consentsOf(created.participantId);
    expect(consent).toMatchObject({
      status: 'active',
      recipient: { kind: 'resource', resourceId: housing, name: 'West Side Housing Partners' },
      information: ['referral_information'],
      purposes: ['care_coordination'],
      signedOn: '2026-02-28',
      expiresOn: '2027-02-28',
      discloser: 'Cook County Jail peer recovery program',
      signature: { kind: 'typed', typedName: 'Rosa Diaz' },
    });
    expect(await auditActions(created.participantId)).toContain('consent.create');

    const again = (await importBundle([consentOf('resent', `Patient/${created.participantId}`, `Organization/${housing}`)])).json<FhirImportReport>();
    expect(again.applied).toEqual([{ kind: 'consent_matched', id: 'Consent/resent', consentId: consent?.id }]);
    expect(await consentsOf(created.participantId)).toHaveLength(1);
  });

  it('a Consent with an impossible end date, and one to an organization Ana may not add to the directory: each reported by id and path, nothing of them left; Pat may add it', async () => {
    const before = (await consentsOf(pid)).length;
    const clinic: Resource = {
      resourceType: 'Organization',
      id: 'northside',
      name: 'Northside Counseling',
      address: [{ line: ['4400 N. Broadway'], city: 'Chicago', state: 'IL', postalCode: '60640' }],
    };
    const bundle = [
      consentOf('bad-end', `Patient/${pid}`, `Organization/${housing}`, {
        provision: {
          type: 'permit',
          period: { start: '2026-02-28', end: '2027-02-30' },
          actor: [{ role: { coding: [{ system: CODES.role, code: 'IRCP' }] }, reference: { reference: `Organization/${housing}` } }],
          purpose: [{ system: CODES.reason, code: 'COC' }],
          class: [{ system: CODES.information, code: 'referral_information' }],
        },
      }),
      consentOf('northside', `Patient/${pid}`, 'Organization/northside'),
      clinic,
    ];
    const res = await importBundle(bundle);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<FhirImportReport>();
    expect(report.applied).toEqual([]);
    expect(report.rejected.map((r) => [r.id, r.path])).toEqual([
      ['Consent/bad-end', 'entry[0].resource.provision.period.end'],
      ['Consent/northside', 'entry[1].resource.provision.actor.reference'],
      ['Organization/northside', 'entry[2].resource.identifier'],
    ]);
    expect(report.rejected[2]?.message).toMatch(/permission to manage the directory/);
    expect(await consentsOf(pid)).toHaveLength(before);
    const directory = async () => (await as.pat.get('/api/resources/export/hsds')).body;
    expect(await directory()).not.toContain('Northside Counseling');

    const byPat = (await importBundle(bundle.slice(1), as.pat)).json<FhirImportReport>();
    expect(byPat.rejected).toEqual([]);
    expect(byPat.applied.map((a) => a.kind)).toEqual(['consent_recorded', 'organization_created']);
    expect(await consentsOf(pid)).toHaveLength(before + 1);
    expect(await directory()).toContain('4400 N. Broadway');
  });

  it('resources of the wrong shape are reported, not a server error, and the rest still applies', async () => {
    const res = await importBundle([
      { resourceType: 'Consent', id: 'odd', patient: { reference: `Patient/${pid}` }, provision: { actor: 'the clinic' }, identifier: 'x' } as unknown as Resource,
      { resourceType: 'Patient', id: 'odd', name: 'Rosa', identifier: 7 } as unknown as Resource,
      { resourceType: 'ServiceRequest', id: 'odd', subject: { reference: `Patient/${pid}` }, category: 'food' } as unknown as Resource,
      { resourceType: 'Task', id: 'odd', status: 'accepted', intent: 'order', identifier: {}, focus: 'x' } as unknown as Resource,
      consentOf('fine', `Patient/${pid}`, `Organization/${kedzie}`, { dateTime: '2026-03-01' }),
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<FhirImportReport>();
    expect(report.rejected.map((r) => r.id)).toEqual(['Consent/odd', 'Patient/odd', 'ServiceRequest/odd', 'Task/odd']);
    expect(report.applied.map((a) => [a.kind, a.id])).toEqual([['consent_recorded', 'Consent/fine']]);
  });

  it('a ServiceRequest for Samuel to the housing agency, sent but under no consent: nothing is created; as a draft it becomes a referral', async () => {
    const before = (await referralsOf(pid)).length;
    const request = (id: string): Resource => ({
      resourceType: 'ServiceRequest',
      id,
      status: 'active',
      intent: 'order',
      code: { coding: [{ system: CODES.need, code: 'housing' }] },
      subject: { reference: `Patient/${pid}` },
      performer: [{ reference: `Organization/${housing}` }],
      note: [{ text: 'Needs a ground-floor unit.' }],
    });
    const task = (id: string, focus: string, status: Task['status']): Resource => ({ resourceType: 'Task', id, status, intent: 'order', focus: { reference: focus } });
    const res = await importBundle([task('sent-task', 'ServiceRequest/sent', 'requested'), request('sent'), request('draft'), task('draft-task', 'ServiceRequest/draft', 'draft')]);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<FhirImportReport>();
    expect(report.rejected.map((r) => [r.id, r.path])).toEqual([
      ['Task/sent-task', 'entry[0].resource.focus'],
      ['ServiceRequest/sent', 'entry[1].resource.supportingInfo'],
    ]);
    expect(report.rejected[1]?.message).toMatch(/No active consent allows sharing referral information with West Side Housing Partners/);
    expect(report.applied).toMatchObject([{ kind: 'referral_created', id: 'ServiceRequest/draft', status: 'draft', steps: ['draft'], tasks: ['Task/draft-task'] }]);
    const after = await referralsOf(pid);
    expect(after).toHaveLength(before + 1);
    expect(after.filter((r) => r.notes === 'Needs a ground-floor unit.').map((r) => [r.status, r.need, r.resource.name])).toEqual([['draft', 'housing', 'West Side Housing Partners']]);
  });
});
