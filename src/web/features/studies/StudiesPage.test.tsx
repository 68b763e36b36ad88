// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { StudyDetail } from '../../../core/studies.ts';
import { json } from '../../test/fakeServer.ts';
import { me } from '../../test/fixtures.ts';
import { renderApp, signedInServer } from '../../test/renderApp.tsx';

const STUDY: StudyDetail = {
  id: '55555555-5555-4555-8555-555555555555',
  name: 'CTI vs naloxone only',
  description: null,
  arms: [
    { key: 'cti', label: 'CTI', ratio: 1 },
    { key: 'naloxone_only', label: 'Naloxone only', ratio: 1 },
  ],
  strataFactors: ['site'],
  blockSizes: [2, 4, 6],
  status: 'draft',
  version: 1,
  assignedCount: 0,
  createdAt: '2025-03-01T15:00:00Z',
  createdBy: null,
  updatedAt: '2025-03-01T15:00:00Z',
  allocation: { byArm: [], byStratum: [] },
};

describe('the Studies page', () => {
  it('lists studies with their status', async () => {
    renderApp('/admin/studies', signedInServer(me('program_admin')).on('GET', '/api/studies', json(200, { items: [STUDY] })));
    const link = await screen.findByRole('link', { name: 'CTI vs naloxone only' });
    expect(link.getAttribute('href')).toBe(`/admin/studies/${STUDY.id}`);
    expect(screen.getByText('Draft')).toBeTruthy();
  });

  it('checks a new design before sending it: block sizes must be multiples of the ratio total', async () => {
    const fake = signedInServer(me('program_admin')).on('GET', '/api/studies', json(200, { items: [] })).on('POST', '/api/studies', json(201, STUDY));
    renderApp('/admin/studies', fake);
    fireEvent.click(await screen.findByRole('button', { name: 'New study' }));
    const form = screen.getByRole('form');
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'CTI vs naloxone only' } });
    const labels = within(form).getAllByLabelText('Label');
    const keys = within(form).getAllByLabelText(/^Key/);
    fireEvent.change(labels[0] as HTMLElement, { target: { value: 'CTI' } });
    fireEvent.change(keys[0] as HTMLElement, { target: { value: 'cti' } });
    fireEvent.change(labels[1] as HTMLElement, { target: { value: 'Naloxone only' } });
    fireEvent.change(keys[1] as HTMLElement, { target: { value: 'naloxone_only' } });
    fireEvent.change(within(form).getByLabelText(/^Block sizes/), { target: { value: '2, 3' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create the study' }));
    expect(await within(form).findAllByText(/A multiple of the arms' ratio total \(2\)/)).not.toHaveLength(0);
    expect(fake.calls('POST', '/api/studies')).toHaveLength(0);
    fireEvent.change(within(form).getByLabelText(/^Block sizes/), { target: { value: '2, 4' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create the study' }));
    await screen.findByText('Study created as a draft. Activate it when staff may start randomizing.');
    expect(fake.calls('POST', '/api/studies')).toHaveLength(1);
  });
});
