// @vitest-environment happy-dom
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AssessmentDetail } from '../../../core/assessments.ts';
import type { Referral } from '../../../core/referrals.ts';
import { apiError, json } from '../../test/fakeServer.ts';
import { SAM } from '../../test/fixtures.ts';
import { renderApp, signedInServer } from '../../test/renderApp.tsx';

const ID = '66666666-6666-4666-8666-666666666666';
const CLINIC = '77777777-7777-4777-8777-777777777777';
const draft: Referral = {
  id: ID,
  participantId: SAM.id,
  siteId: SAM.siteId,
  need: 'moud_treatment',
  urgency: 'urgent',
  resource: { id: CLINIC, name: 'Kedzie Recovery Clinic' },
  service: { id: null, name: 'Buprenorphine bridge clinic' },
  location: null,
  notes: 'Released Friday',
  status: 'draft',
  next: ['sent', 'closed'],
  appointment: null,
  outcome: null,
  consentId: null,
  sentAt: null,
  movedAt: '2026-03-02T15:00:00Z',
  fhirTaskStatus: 'draft',
  notice: null,
  version: 1,
  createdAt: '2026-03-02T15:00:00Z',
  createdBy: { id: 'u1', name: 'Ana Reyes' },
  events: [
    { id: 'e1', from: null, to: 'draft', at: '2026-03-02T15:00:00Z', by: { id: 'u1', name: 'Ana Reyes' }, appointmentOn: null, appointmentTime: null, appointmentPlace: null, outcome: null, note: null },
  ],
};
const path = `/api/referrals/${ID}`;

describe('the referral page', () => {
  it('says what consent is missing when a send is refused, with a link to the consent form for that organization', async () => {
    const message = 'No active consent allows sharing referral information with Kedzie Recovery Clinic.';
    const server = signedInServer().on('GET', path, json(200, draft)).on('POST', `${path}/transitions`, apiError(409, 'consent_required', message));
    renderApp(`/referrals/${ID}`, server);
    await screen.findByRole('heading', { level: 1, name: 'Referral to Kedzie Recovery Clinic' });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText(message)).toBeTruthy();
    const link = screen.getByRole('link', { name: 'Record a consent' });
    const href = new URL(link.getAttribute('href') ?? '', 'http://x');
    expect(href.pathname).toBe(`/participants/${SAM.id}/consents/new`);
    expect(href.searchParams.get('resourceId')).toBe(CLINIC);
    expect(href.searchParams.get('return')).toBe(`/referrals/${ID}`);
    expect(server.calls('POST', `${path}/transitions`)[0]?.body).toEqual({ to: 'sent', version: 1 });
  });

  it('once sent, shows the redisclosure notice and the next steps; an appointment is recorded with its date and time', async () => {
    const sent: Referral = { ...draft, status: 'accepted', next: ['appointment_scheduled', 'closed'], sentAt: '2026-03-02T16:00:00Z', notice: '42 CFR part 2 prohibits unauthorized use or disclosure of these records.', version: 3 };
    const server = signedInServer().on('GET', path, json(200, sent));
    renderApp(`/referrals/${ID}`, server);
    await screen.findByText(/42 CFR part 2 prohibits unauthorized use or disclosure of these records\./);
    fireEvent.click(screen.getByRole('button', { name: 'Record the appointment' }));
    fireEvent.change(screen.getByLabelText('Date'), { target: { value: '2026-03-04' } });
    fireEvent.change(screen.getByLabelText('Time (optional)'), { target: { value: '09:30' } });
    server.on('POST', `${path}/transitions`, json(200, { ...sent, status: 'appointment_scheduled', next: ['attended', 'no_show', 'appointment_scheduled', 'closed'], appointment: { on: '2026-03-04', time: '09:30', place: null }, version: 4 }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('button', { name: 'Attended' });
    expect(server.calls('POST', `${path}/transitions`)[0]?.body).toEqual({ to: 'appointment_scheduled', version: 3, appointmentOn: '2026-03-04', appointmentTime: '09:30', appointmentPlace: null, note: null });
  });
});

describe('a completed needs screening', () => {
  it('offers "Refer" beside each need, opening the new referral with the need chosen', async () => {
    const AID = '88888888-8888-4888-8888-888888888888';
    const detail: AssessmentDetail = {
      id: AID,
      participantId: SAM.id,
      instrumentKey: 'needs',
      instrumentVersion: 1,
      title: { en: 'Needs screening' },
      status: 'completed',
      answeredCount: 1,
      itemCount: 1,
      score: null,
      scoreMax: null,
      flags: [],
      needsFound: ['housing'],
      startedAt: '2026-03-01T15:00:00Z',
      startedBy: null,
      completedAt: '2026-03-01T15:10:00Z',
      completedBy: null,
      updatedAt: '2026-03-01T15:10:00Z',
      version: 2,
      answers: { housing: 'need' },
      definition: {
        key: 'needs',
        version: 1,
        languages: ['en'],
        title: { en: 'Needs screening' },
        items: [{ id: 'housing', type: 'single_choice', required: true, domain: 'housing', prompt: { en: 'Housing?' }, options: [{ value: 'need', label: { en: 'Need' } }, { value: 'ok', label: { en: 'OK' } }] }],
        scoring: { type: 'none' },
      },
    };
    const server = signedInServer()
      .on('GET', `/api/participants/${SAM.id}`, json(200, SAM))
      .on('GET', `/api/participants/${SAM.id}/assessments/${AID}`, json(200, detail));
    renderApp(`/participants/${SAM.id}/assessments/${AID}`, server);
    const refer = await screen.findByRole('link', { name: /^Refer for / });
    expect(refer.getAttribute('href')).toBe(`/participants/${SAM.id}/referrals/new?need=housing`);
  });
});
