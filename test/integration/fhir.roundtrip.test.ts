/**
 * The FHIR round trip. In program A, Ana builds Samuel's record: his demographics,
 * an enrollment, a visit, a BARC-10, four Part 2 consents (two to the housing
 * agency, one of them revoked; one to the clinic; one to "my treating providers"
 * until an event), and four referrals (one followed from sent to completed over
 * several days, one with an appointment next week, one sent and closed, one still
 * a draft). Ana exports it. Pat, the administrator of an empty program B, imports
 * that Bundle: Samuel, the clinic and the housing agency (into B's directory), the
 * consents and the referrals come in, each referral through the real lifecycle
 * steps; everything else is reported as not applied. B's export of Samuel then
 * says the same as A's once the ids are taken out, and importing B's own export
 * into B changes nothing.
 */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FhirImportReport } from '../../src/core/fhir/schemas.ts';
import type { Referral } from '../../src/core/referrals.ts';
import { organization } from '../support/directory.ts';
import { castOfStaff, participantInput, startHarness, withToken, type Cast, type Harness } from '../support/harness.ts';

const DAY = 86_400_000;
const COMPARED = ['Patient', 'Consent', 'ServiceRequest', 'Task', 'Organization', 'Location', 'HealthcareService'] as const;

const ok = async (res: Promise<{ statusCode: number; body: string }>, status = 201) => {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return JSON.parse(r.body) as Record<string, unknown> & { id: string; version: number };
};
const resources = (b: Bundle) => (b.entry ?? []).map((e) => e.resource).filter((r): r is Resource => r !== undefined);
const isSite = (r: Resource) => r.resourceType === 'Organization' && JSON.stringify(r.type ?? []).includes('/CodeSystem/site-type');

/**
 * The content of a Bundle that must survive the trip, per resource type, in a
 * stable order. Taken out, because they are necessarily new in program B: the
 * resources' ids; meta.lastUpdated and meta.versionId; the ids in references
 * (their display stays: names of organizations, of the site, of the discloser);
 * Tandem identifiers (urn:uuid values, the referral-task identifier); and who
 * recorded a referral (Practitioner references: in B it is the user who imported).
 * Everything else (names, birth date, gender, telecom, addresses, consent scope,
 * provision and period, referral category, priority, note, status, Task status,
 * businessStatus, statusReason, outputs, every date) must be equal. The site's own
 * Organization is left out: B has its own site.
 */
function normalized(bundle: Bundle): Record<(typeof COMPARED)[number], string[]> {
  const strip = (v: unknown, key = ''): unknown => {
    if (Array.isArray(v)) return v.map((x) => strip(x));
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.reference === 'string') {
        if (o.reference.startsWith('Practitioner/')) return { reference: 'Practitioner/<recorded by>' };
        return { ...o, reference: o.reference.replace(/^([A-Za-z]+)\/.+$/, '$1/<id>') };
      }
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(o)) {
        if (k === 'id' && key !== 'meta') continue;
        if (key === 'meta' && (k === 'lastUpdated' || k === 'versionId')) continue;
        out[k] = strip(x, k);
      }
      if (key === 'identifier' || (typeof out.system === 'string' && typeof out.value === 'string' && /urn:uuid:|sid\/referral-task/.test(`${out.value} ${out.system}`))) {
        if (typeof out.value === 'string' && (out.value.startsWith('urn:uuid:') || /^[0-9a-f-]{36}$/.test(out.value))) out.value = '<tandem id>';
      }
      return out;
    }
    return v;
  };
  const out = Object.fromEntries(COMPARED.map((t) => [t, [] as string[]])) as Record<(typeof COMPARED)[number], string[]>;
  for (const r of resources(bundle)) {
    const type = r.resourceType as (typeof COMPARED)[number];
    if (!COMPARED.includes(type) || isSite(r)) continue;
    out[type].push(JSON.stringify(strip(r)));
  }
  for (const t of COMPARED) out[t].sort();
  return out;
}

interface Program {
  h: Harness;
  cast: Cast;
  /** Ana and Pat calling with API tokens: the story spans days, longer than a session stays idle. */
  as: Record<'ana' | 'pat', ReturnType<typeof withToken>>;
}
async function program(): Promise<Program> {
  const h = await startHarness();
  const cast = await castOfStaff(h);
  return { h, cast, as: { ana: withToken(h.app, await cast.tokenFor('ana')), pat: withToken(h.app, await cast.tokenFor('pat')) } };
}
const history = (r: Referral) => r.events.map((e) => `${e.from ?? '∅'}→${e.to}`);
/** The times FHIR carries: made (Task.authoredOn), sent (ServiceRequest.authoredOn), last moved (Task.lastModified); the steps between have none. */
const times = (r: Referral) => ({ createdAt: r.createdAt, sentAt: r.sentAt, movedAt: r.movedAt, firstStep: r.events[0]?.at, lastStep: r.events.at(-1)?.at });

let bundleA: Bundle;
let referralsA: Referral[];
let b: Program;

/** Samuel's record in program A, through the API as staff record it; A is closed once exported. */
async function buildInProgramA(): Promise<void> {
  const a = await program();
  try {
    const { as, cast, h } = a;
    const kedzie = (await ok(as.pat.post('/api/resources', organization('Kedzie Recovery Clinic', ['moud'])))).id;
    const housing = (await ok(as.pat.post('/api/resources', organization('West Side Housing Partners', ['housing'])))).id;
    const pid = (
      await ok(
        as.ana.post(
          '/api/participants',
          participantInput(cast.sites.cook, {
            preferredName: 'Sam',
            custodyStatus: 'community',
            releaseDate: '2026-02-20',
            expectedReleaseDate: null,
            race: ['black_or_african_american', 'white'],
            ethnicity: 'not_hispanic_or_latino',
            gender: 'man',
            preferredLanguage: 'es',
            phone: '(773) 555-0142',
            email: 'samuel.j@example.org',
            referralSource: 'jail_in_reach',
          }),
        ),
      )
    ).id;
    await ok(as.ana.post(`/api/participants/${pid}/enrollments`, { enrolledOn: '2026-02-01', referralSource: 'jail_in_reach', coachId: cast.people.ana.id }));
    await ok(as.ana.post(`/api/participants/${pid}/contacts`, { occurredAt: '2026-02-21T16:00:00Z', durationMinutes: 40, mode: 'in_person', locationType: 'community', reached: true, services: ['recovery_coaching'] }));
    const answers = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`barc_${String(i + 1)}`, 'agree']));
    await ok(as.ana.post(`/api/participants/${pid}/assessments`, { instrumentKey: 'barc10', answers, complete: true }));
    const consent = (body: Record<string, unknown>) =>
      ok(as.ana.post(`/api/participants/${pid}/consents`, { discloser: 'Cook County Jail peer recovery program', signature: { kind: 'typed', typedName: 'Samuel Johnson' }, ...body }));
    // Signed in January for the housing agency, revoked before he came home.
    const early = await consent({ recipient: { kind: 'resource', resourceId: housing }, information: ['referral_information'], purposes: ['care_coordination'], expiresOn: '2026-12-31', signedOn: '2026-01-10' });
    await ok(as.ana.post(`/api/participants/${pid}/consents/${early.id}/revoke`, { revokedOn: '2026-02-20' }), 200);
    await consent({ recipient: { kind: 'resource', resourceId: housing }, information: ['referral_information', 'recovery_plan'], purposes: ['care_coordination', 'treatment_referral'], expiresOn: '2027-02-28', signedOn: '2026-02-24' });
    await consent({ recipient: { kind: 'resource', resourceId: kedzie }, information: ['referral_information', 'moud_treatment'], purposes: ['treatment_referral', 'care_coordination'], expiresOn: '2027-03-01', signedOn: '2026-02-25' });
    await consent({ recipient: { kind: 'class', recipientClass: 'treating_providers' }, information: ['moud_treatment'], purposes: ['care_coordination'], expiryEvent: 'Release from parole', signedOn: '2026-02-26' });

    const move = async (r: { id: string; version: number }, body: Record<string, unknown>) => ok(as.ana.post(`/api/referrals/${r.id}/transitions`, { version: r.version, ...body }), 200);
    // Followed over five days: made and sent, accepted the next day, an appointment, attended, completed.
    let clinic = await ok(as.ana.post(`/api/participants/${pid}/referrals`, { need: 'moud_treatment', resourceId: kedzie, urgency: 'urgent', notes: 'Mornings are best.' }));
    clinic = await move(clinic, { to: 'sent' });
    h.clock.advance(DAY);
    clinic = await move(clinic, { to: 'accepted' });
    clinic = await move(clinic, { to: 'appointment_scheduled', appointmentOn: '2026-03-05', appointmentTime: '09:30', appointmentPlace: 'Front desk' });
    h.clock.advance(3 * DAY);
    clinic = await move(clinic, { to: 'attended' });
    await move(clinic, { to: 'completed' });
    let declined = await ok(as.ana.post(`/api/participants/${pid}/referrals`, { need: 'housing', resourceId: housing, urgency: 'routine', notes: null }));
    declined = await move(declined, { to: 'sent' });
    h.clock.advance(DAY);
    await move(declined, { to: 'closed', outcome: 'participant_declined' });
    await ok(as.ana.post(`/api/participants/${pid}/referrals`, { need: 'food', resourceId: housing, urgency: 'emergency', notes: 'Only after his first paycheck.' }));
    // Still open: an appointment next week (Task in-progress, business status appointment-scheduled).
    let counselling = await ok(as.ana.post(`/api/participants/${pid}/referrals`, { need: 'mental_health', resourceId: kedzie, urgency: 'routine', notes: null }));
    counselling = await move(counselling, { to: 'sent' });
    counselling = await move(counselling, { to: 'accepted' });
    await move(counselling, { to: 'appointment_scheduled', appointmentOn: '2026-03-12', appointmentTime: null, appointmentPlace: null });

    const res = await as.ana.get(`/api/participants/${pid}/fhir`);
    expect(res.statusCode, res.body).toBe(200);
    bundleA = res.json<Bundle>();
    const list = (await as.ana.get(`/api/participants/${pid}/referrals`)).json<{ items: { id: string }[] }>().items;
    referralsA = await Promise.all(list.map(async (r) => (await as.ana.get(`/api/referrals/${r.id}`)).json<Referral>()));
  } finally {
    await a.h.close();
  }
}

beforeAll(async () => {
  await buildInProgramA();
  b = await program();
  // Program B starts on the day A's record was exported.
  b.h.clock.set(new Date('2026-03-08T15:00:00Z'));
}, 240_000);
afterAll(async () => (b as Program | undefined)?.h.close());

describe('A participant exported from program A and imported into an empty program B', () => {
  let report: FhirImportReport;
  let pidB: string;
  let bundleB: Bundle;

  it('A’s Bundle carries the revoked consent and the four referrals where they stand', () => {
    const consents = resources(bundleA).filter((r) => r.resourceType === 'Consent');
    expect(consents.map((c) => (c as { status: string }).status).sort()).toEqual(['active', 'active', 'active', 'inactive']);
    expect(referralsA.map((r) => r.status).sort()).toEqual(['appointment_scheduled', 'closed', 'completed', 'draft']);
  });

  it('Pat imports it into B: Samuel, both organizations, the four consents and the four referrals apply; the other kinds are reported as not applied', async () => {
    const res = await b.as.pat.post(`/api/fhir/import?siteId=${b.cast.sites.cook}`, bundleA);
    expect(res.statusCode, res.body).toBe(200);
    report = res.json<FhirImportReport>();
    const kinds = report.applied.map((a) => a.kind).sort();
    expect(kinds).toEqual([
      'consent_recorded',
      'consent_recorded',
      'consent_recorded',
      'consent_recorded',
      'organization_created',
      'organization_created',
      'participant_created',
      'referral_created',
      'referral_created',
      'referral_created',
      'referral_created',
    ]);
    const created = report.applied.find((a) => a.kind === 'participant_created');
    if (created?.kind !== 'participant_created') throw new Error('no participant');
    pidB = created.participantId;
    const organizations = report.applied.flatMap((a) => (a.kind === 'organization_created' ? [a.parts.map((p) => p.split('/')[0]).sort()] : []));
    expect(organizations).toEqual([
      ['HealthcareService', 'Location'],
      ['HealthcareService', 'Location'],
    ]);
    const referrals = report.applied.flatMap((a) => (a.kind === 'referral_created' ? [a.steps.join(' → ')] : [])).sort();
    expect(referrals).toEqual([
      'draft',
      'draft → sent → accepted → appointment_scheduled',
      'draft → sent → accepted → appointment_scheduled → attended → completed',
      'draft → sent → closed',
    ]);

    // Every rejection is a kind Tandem does not import, named at its resourceType.
    expect(report.rejected.every((r) => r.path.endsWith('.resource.resourceType')), JSON.stringify(report.rejected, null, 1)).toBe(true);
    const notApplied = [...new Set(report.rejected.map((r) => r.id.split('/')[0]))].sort();
    expect(notApplied).toEqual(['AuditEvent', 'Encounter', 'EpisodeOfCare', 'Observation', 'Organization', 'Practitioner', 'PractitionerRole', 'Questionnaire', 'QuestionnaireResponse']);
    const site = report.rejected.find((r) => r.id.startsWith('Organization/'));
    expect(site?.message).toMatch(/Tandem site/);
  });

  it('B’s export says the same as A’s for the Patient, Consents, ServiceRequests, Tasks and the directory organizations', async () => {
    const res = await b.as.pat.get(`/api/participants/${pidB}/fhir`);
    expect(res.statusCode, res.body).toBe(200);
    bundleB = res.json<Bundle>();
    const before = normalized(bundleA);
    const after = normalized(bundleB);
    for (const t of COMPARED) expect(after[t], t).toEqual(before[t]);
    // The comparison has something to compare.
    expect(before.Consent).toHaveLength(4);
    expect(before.ServiceRequest).toHaveLength(4);
    expect(before.Task.join()).toContain('appointment-scheduled');
    expect(before.Organization).toHaveLength(2);
    expect(before.Patient[0]).toContain('"birthDate":"1988-03-07"');
    // And it is strict: one changed fact anywhere in those resources is a difference.
    const changed = (edit: (r: Resource) => void) => {
      const copy = structuredClone(bundleB);
      for (const r of resources(copy)) edit(r);
      return normalized(copy);
    };
    expect(changed((r) => r.resourceType === 'Patient' && (r.telecom = [{ system: 'phone', value: '(773) 555-0000' }])).Patient).not.toEqual(before.Patient);
    expect(changed((r) => r.resourceType === 'Consent' && r.provision?.period && (r.provision.period.end = '2027-03-02')).Consent).not.toEqual(before.Consent);
    expect(changed((r) => r.resourceType === 'Task' && r.status === 'completed' && (r.status = 'failed')).Task).not.toEqual(before.Task);
    expect(changed((r) => r.resourceType === 'Location' && r.address && (r.address.postalCode = '60624')).Location).not.toEqual(before.Location);
  });

  it('each referral in B went through the same steps, made, sent and last moved at the same times, by the importer', async () => {
    const list = (await b.as.pat.get(`/api/participants/${pidB}/referrals`)).json<{ items: { id: string }[] }>().items;
    const referralsB = await Promise.all(list.map(async (r) => (await b.as.pat.get(`/api/referrals/${r.id}`)).json<Referral>()));
    const shape = (rs: Referral[]) => rs.map((r) => ({ need: r.need, urgency: r.urgency, status: r.status, resource: r.resource.name, notes: r.notes, appointment: r.appointment, outcome: r.outcome, history: history(r), times: times(r) })).sort((x, y) => x.need.localeCompare(y.need));
    expect(shape(referralsB)).toEqual(shape(referralsA));
    expect(referralsB.flatMap((r) => r.events.map((e) => e.by?.name))).toEqual(referralsB.flatMap((r) => r.events.map(() => 'Pat Okafor')));
    // Sending in B is a disclosure under B's consent, in B's accounting.
    const accounting = (await b.as.pat.get(`/api/participants/${pidB}/disclosures`)).json<{ items: { kind: string; recipientName: string }[] }>();
    expect(accounting.items.map((d) => `${d.kind} ${d.recipientName}`).sort()).toEqual(['referral_sent Kedzie Recovery Clinic', 'referral_sent Kedzie Recovery Clinic', 'referral_sent West Side Housing Partners']);
  });

  it('B’s own export imported into B again changes nothing', async () => {
    const res = await b.as.pat.post('/api/fhir/import', bundleB);
    expect(res.statusCode, res.body).toBe(200);
    const again = res.json<FhirImportReport>();
    expect(again.applied.map((a) => a.kind).sort()).toEqual([
      'consent_matched',
      'consent_matched',
      'consent_matched',
      'consent_matched',
      'organization_matched',
      'organization_matched',
      'participant_matched',
      'referral_matched',
      'referral_matched',
      'referral_matched',
      'referral_matched',
      'referral_status',
      'referral_status',
      'referral_status',
      'referral_status',
    ]);
    expect(again.applied.filter((a) => a.kind === 'referral_status' && a.changed)).toEqual([]);
    const afterwards = (await b.as.pat.get(`/api/participants/${pidB}/fhir`)).json<Bundle>();
    expect(resources(afterwards)).toEqual(resources(bundleB));
  });
});
