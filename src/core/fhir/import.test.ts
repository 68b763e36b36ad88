import type { Patient, Task } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { FHIR_TASK_STATUS, REFERRAL_STATUSES } from '../referrals.ts';
import { fullRecord, REFERRAL_ID } from './fixtures.testing.ts';
import { participantInputFromPatient } from './patient-import.ts';
import { toPatient } from './patient.ts';
import { readTaskUpdate, toTask } from './referrals.ts';

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
