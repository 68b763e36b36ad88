import type { Patient, Task } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { canTransition, FHIR_TASK_STATUS, REFERRAL_NEEDS, REFERRAL_STATUSES, type ReferralStatus } from '../referrals.ts';
import { readConsent, sameConsent } from './consent-import.ts';
import { fullRecord, REFERRAL_ID } from './fixtures.testing.ts';
import { participantInputFromPatient } from './patient-import.ts';
import { toPatient } from './patient.ts';
import { toConsent } from './privacy.ts';
import { lifecycleSteps, readReferral } from './referral-import.ts';
import { readTaskUpdate, toServiceRequest, toTask } from './referrals.ts';

describe('a referral Task read back', () => {
  it('every Tandem referral status survives the trip through its exported Task', () => {
    const base = fullRecord().referrals[0];
    if (!base) throw new Error('fixture');
    for (const status of REFERRAL_STATUSES) {
      const task = toTask({ ...base, status, outcome: status === 'closed' ? 'participant_declined' : null });
      const update = readTaskUpdate(task);
      expect(Array.isArray(update) ? update : update.to, status).toBe(status);
      if (!Array.isArray(update)) {
        expect(update.referralId).toBe(REFERRAL_ID);
        expect(update.basedOnVersion).toBe(base.version);
      }
    }
    expect(Object.keys(FHIR_TASK_STATUS)).toEqual([...REFERRAL_STATUSES]);
  });

  it('keeps the appointment and the outcome', () => {
    const base = fullRecord().referrals[0];
    if (!base) throw new Error('fixture');
    const scheduled = readTaskUpdate(toTask(base));
    expect(scheduled).toMatchObject({ to: 'appointment_scheduled', appointment: { on: '2026-02-12', time: '09:30', place: 'Front desk' } });
    const closed = readTaskUpdate(toTask({ ...base, status: 'closed', outcome: 'provider_could_not_serve', appointment: null }));
    expect(closed).toMatchObject({ to: 'closed', outcome: 'provider_could_not_serve' });
    // A death's close goes out as its own reason; a partner cannot send it back.
    const deceased = toTask({ ...base, status: 'closed', outcome: 'participant_deceased', appointment: null });
    expect(deceased.statusReason).toMatchObject({ coding: [{ code: 'participant_deceased' }], text: 'participant deceased' });
    const refused = readTaskUpdate(deceased);
    expect(Array.isArray(refused) ? refused.map((i) => `${i.path}: ${i.message}`) : refused).toEqual([
      'Task.statusReason: Only Tandem closes a referral because the participant died, when the death is recorded',
    ]);
  });

  it('names what it cannot read by path', () => {
    const task = (over: Partial<Task>): Task => ({ resourceType: 'Task', status: 'accepted', intent: 'order', ...over });
    expect(readTaskUpdate(task({}))).toEqual([{ path: 'Task.focus', message: 'Name the ServiceRequest this Task fulfils (Task.focus)' }]);
    expect(readTaskUpdate(task({ status: 'ready', focus: { reference: `ServiceRequest/${REFERRAL_ID}` } }))).toEqual([
      { path: 'Task.status', message: 'Tandem has no referral step for the Task status "ready"' },
    ]);
    expect(readTaskUpdate(task({ status: 'in-progress', focus: { reference: `ServiceRequest/${REFERRAL_ID}` } }))).toMatchObject([{ path: 'Task.businessStatus' }]);
    expect(readTaskUpdate(task({ focus: { reference: `ServiceRequest/${REFERRAL_ID}` }, meta: { versionId: 'W/"3"' } }))).toMatchObject([{ path: 'Task.meta.versionId' }]);
  });
});

describe('a Patient read back', () => {
  it('gives the participant it was exported from', () => {
    const p = fullRecord().participant;
    const input = participantInputFromPatient(toPatient(p), p.siteId);
    expect(input).toEqual({
      siteId: p.siteId,
      firstName: p.firstName,
      lastName: p.lastName,
      preferredName: p.preferredName,
      dateOfBirth: p.dateOfBirth,
      gender: p.gender,
      race: p.race,
      ethnicity: p.ethnicity,
      preferredLanguage: p.preferredLanguage,
      phone: p.phone,
      email: p.email,
      custodyStatus: p.custodyStatus,
      expectedReleaseDate: p.expectedReleaseDate,
      releaseDate: p.releaseDate,
      referralSource: p.referralSource,
    });
  });

  it('asks for a name and a full birth date', () => {
    const bare: Patient = { resourceType: 'Patient', birthDate: '1980' };
    expect(participantInputFromPatient(bare, 'x')).toEqual([
      { path: 'Patient.name.given', message: 'A first name is required' },
      { path: 'Patient.name.family', message: 'A last name is required' },
      { path: 'Patient.birthDate', message: 'A full date of birth (YYYY-MM-DD) is required' },
    ]);
  });
});

describe('a Consent read back', () => {
  const base = () => {
    const c = fullRecord().consents[0];
    if (!c) throw new Error('fixture');
    return c;
  };

  it('gives the consent it was exported from (recipient, information, purposes, dates, discloser, identifier)', () => {
    const c = base();
    const read = readConsent(toConsent(c), '2026-03-02');
    if (Array.isArray(read)) throw new Error(JSON.stringify(read));
    expect(read).toMatchObject({ tandemId: c.id, discloser: c.discloser, information: c.information, purposes: c.purposes, signedOn: c.signedOn, expiresOn: c.expiresOn, revokedOn: null });
    expect(sameConsent(c, read, c.recipient.kind === 'resource' ? { resourceId: c.recipient.resourceId } : { recipientClass: c.recipient.recipientClass })).toBe(true);
  });

  it('an inactive Consent ended before today expires then; one that ended today is revoked today', () => {
    const revoked = { ...base(), status: 'revoked' as const, revocation: { revokedOn: '2026-03-02', note: null, recordedAt: '2026-03-02T15:00:00Z', recordedBy: null } };
    expect(readConsent(toConsent(revoked), '2026-03-02')).toMatchObject({ expiresOn: '2026-03-02', revokedOn: '2026-03-02' });
    expect(readConsent(toConsent(revoked), '2026-03-05')).toMatchObject({ expiresOn: '2026-03-02', revokedOn: null });
  });

  it('names what it cannot take by path: not Part 2, no recipient, an "other" purpose', () => {
    const fhir = toConsent({ ...base(), purposes: ['other'] });
    const issues = readConsent({ ...fhir, policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentpolicycodes', code: 'hipaa-auth' }] }, provision: { ...fhir.provision, actor: [] } }, '2026-03-02');
    expect(Array.isArray(issues) ? issues.map((i) => i.path) : issues).toEqual(['Consent.policyRule', 'Consent.provision.actor', 'Consent.provision.purpose']);
  });
});

describe('a ServiceRequest and its Task read back as a new referral', () => {
  it('every status is reached from draft through legal steps, through "sent" when the referral was sent', () => {
    for (const status of REFERRAL_STATUSES) {
      const steps = lifecycleSteps(status, status !== 'draft');
      expect(steps, status).not.toBeNull();
      let at: ReferralStatus = 'draft';
      for (const next of steps ?? []) {
        expect(canTransition(at, next), `${at} → ${next}`).toBe(true);
        at = next;
      }
      expect(at).toBe(status);
      if (status !== 'draft') expect(steps?.[0]).toBe('sent');
    }
    expect(lifecycleSteps('closed', false)).toEqual(['closed']);
  });

  it('gives the need, urgency, notes, organization, status and appointment it was exported with', () => {
    const r = fullRecord().referrals[0];
    if (!r) throw new Error('fixture');
    for (const need of REFERRAL_NEEDS) {
      const sr = toServiceRequest({ ...r, need });
      const read = readReferral(sr, [toTask(r)]);
      if (Array.isArray(read)) throw new Error(JSON.stringify(read));
      expect(read).toMatchObject({ need, urgency: r.urgency, notes: r.notes, target: r.status, appointment: r.appointment, performer: { reference: `Organization/${r.resource.id}` } });
      // Without Tandem's own code, the Gravity SDOH category the export gives says the need.
      if (sr.category) expect(readReferral({ ...sr, code: { text: 'from another system' } }, [toTask(r)]), need).toMatchObject({ need });
    }
  });

  it('a status that goes through an appointment needs its date', () => {
    const r = fullRecord().referrals[0];
    if (!r) throw new Error('fixture');
    const completed = toTask({ ...r, status: 'completed', appointment: null });
    expect(readReferral(toServiceRequest(r), [completed])).toEqual([{ path: 'Task.output', message: expect.stringMatching(/appointment-date/) as string }]);
  });
});
