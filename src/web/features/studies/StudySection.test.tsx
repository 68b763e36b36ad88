// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ParticipantStudies, StudyAssignment } from '../../../core/studies.ts';
import { json } from '../../test/fakeServer.ts';
import { me, SAM } from '../../test/fixtures.ts';
import { renderApp, signedInServer } from '../../test/renderApp.tsx';

const STUDY = { id: '55555555-5555-4555-8555-555555555555', name: 'CTI vs naloxone only', description: null };
const ASSIGNED: StudyAssignment = {
  id: '44444444-4444-4444-8444-444444444444',
  studyId: STUDY.id,
  studyName: STUDY.name,
  participantId: SAM.id,
  arm: { key: 'cti', label: 'Coach + case manager with CTI' },
  stratumKey: `site=${SAM.siteId}`,
  assignedAt: '2025-03-02T15:00:00Z',
  assignedBy: { id: '99999999-9999-4999-8999-999999999999', name: 'Ana Reyes' },
};
const base = `/api/participants/${SAM.id}/studies`;

function server(studies: ParticipantStudies) {
  return signedInServer(me()).on('GET', `/api/participants/${SAM.id}`, json(200, SAM)).on('GET', base, json(200, studies));
}

async function section() {
  return (await screen.findByRole('heading', { name: 'Study', level: 2 })).closest('section') as HTMLElement;
}

describe('the Study section', () => {
  it('shows the arm, who randomized and when', async () => {
    renderApp(`/participants/${SAM.id}`, server({ items: [ASSIGNED], available: [], hasOpenEnrollment: true }));
    const s = await section();
    await within(s).findByText('Arm: Coach + case manager with CTI');
    expect(within(s).getByText(/^Randomized by Ana Reyes on /)).toBeTruthy();
    expect(within(s).queryByRole('button', { name: /^Randomize/ })).toBeNull();
  });

  it('says an enrollment is needed first, and looks again once the participant is enrolled', async () => {
    const fake = server({ items: [], available: [STUDY], hasOpenEnrollment: false });
    renderApp(`/participants/${SAM.id}`, fake);
    const s = await section();
    await within(s).findByText('Randomizing needs an open enrollment. Enroll the participant first.');
    expect(within(s).queryByRole('button', { name: /^Randomize/ })).toBeNull();
    fake.on('GET', base, json(200, { items: [], available: [STUDY], hasOpenEnrollment: true }));
    fireEvent.click(within(s).getByRole('button', { name: 'Check again after enrolling' }));
    expect(await within(s).findByRole('button', { name: `Randomize into ${STUDY.name}` })).toBeTruthy();
  });

  it('asks before randomizing, sends only on confirmation, then shows the arm', async () => {
    const fake = server({ items: [], available: [STUDY], hasOpenEnrollment: true }).on('POST', `/api/studies/${STUDY.id}/randomize`, json(201, ASSIGNED));
    renderApp(`/participants/${SAM.id}`, fake);
    const s = await section();
    fireEvent.click(await within(s).findByRole('button', { name: `Randomize into ${STUDY.name}` }));
    expect(within(s).getByRole('heading', { level: 3, name: `Randomize into ${STUDY.name}?` })).toBeTruthy();
    expect(within(s).getByText(/can never be changed or undone/)).toBeTruthy();
    expect(fake.calls('POST', `/api/studies/${STUDY.id}/randomize`)).toHaveLength(0);
    fake.on('GET', base, json(200, { items: [ASSIGNED], available: [], hasOpenEnrollment: true }));
    fireEvent.click(within(s).getByRole('button', { name: 'Randomize now' }));
    await within(s).findByText('Randomized: Coach + case manager with CTI.');
    await waitFor(() => expect(within(s).getByText('Arm: Coach + case manager with CTI')).toBeTruthy());
    expect(fake.calls('POST', `/api/studies/${STUDY.id}/randomize`)).toHaveLength(1);
  });

  it('offers nothing to a supervisor, who may not randomize', async () => {
    const fake = signedInServer(me('supervisor'))
      .on('GET', `/api/participants/${SAM.id}`, json(200, SAM))
      .on('GET', base, json(200, { items: [], available: [STUDY], hasOpenEnrollment: true }));
    renderApp(`/participants/${SAM.id}`, fake);
    const s = await section();
    await within(s).findByText('Not in any study.');
    expect(within(s).queryByRole('button', { name: /^Randomize/ })).toBeNull();
  });
});
