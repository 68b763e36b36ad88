// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, json } from '../../test/fakeServer.ts';
import { me, SAM } from '../../test/fixtures.ts';
import { renderApp, signedInServer } from '../../test/renderApp.tsx';

const ME = me().user;
const OTHER = { id: '44444444-4444-4444-8444-444444444444', name: 'Cai Morgan', role: 'case_manager' };
const contactsPath = `/api/participants/${SAM.id}/contacts`;

async function openForm() {
  const server = signedInServer()
    .on('GET', `/api/participants/${SAM.id}`, json(200, SAM))
    .on('GET', `${contactsPath}/team`, json(200, { items: [OTHER, { id: ME.id, name: ME.name, role: ME.role }] }));
  const app = renderApp(`/participants/${SAM.id}/contacts/new`, server);
  await screen.findByRole('button', { name: 'Save contact' });
  return { server, app };
}

describe('logging a contact', () => {
  it('starts from now, reached, me — and in custody for someone still inside', async () => {
    const { server, app } = await openForm();
    expect(screen.getByRole('checkbox', { name: `${ME.name} (me)` })).toHaveProperty('checked', true);
    expect(screen.getByRole('checkbox', { name: OTHER.name })).toHaveProperty('checked', false);
    expect(screen.getByRole('radio', { name: 'In custody' })).toHaveProperty('checked', true);
    server.on('POST', contactsPath, json(201, {}));
    fireEvent.change(screen.getByLabelText('Duration (minutes)', { exact: false }), { target: { value: '30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save contact' }));
    await waitFor(() => expect(app.location()).toBe(`/participants/${SAM.id}`));
    expect(server.calls('POST', contactsPath)[0]?.body).toMatchObject({
      mode: 'in_custody',
      locationType: 'jail',
      reached: true,
      attemptOutcome: null,
      durationMinutes: 30,
      staffIds: [ME.id],
      services: [],
    });
  });

  it('asks what happened on an attempt, and sends no services with it', async () => {
    const { server } = await openForm();
    fireEvent.click(screen.getByRole('radio', { name: 'No, an attempt that did not reach them' }));
    expect(screen.queryByRole('group', { name: /Services provided/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save contact' }));
    // The group is there from the start: wait for its error, then check where it is.
    const error = await screen.findByText(/Required: what happened/, { selector: '.field-error' });
    expect(within(screen.getByRole('group', { name: /What happened/ })).getByText(/Required: what happened/)).toBe(error);
    expect(server.calls('POST', contactsPath)).toHaveLength(0);
  });

  it('shows the server’s field errors by their fields and focuses the first', async () => {
    const { server } = await openForm();
    server.on(
      'POST',
      contactsPath,
      apiError(400, 'validation_failed', 'Some fields are not valid', [
        { path: 'staffIds', message: 'Choose staff who work at the participant’s site' },
        { path: 'services.0', message: 'Invalid option' },
      ]),
    );
    fireEvent.change(screen.getByLabelText('Duration (minutes)', { exact: false }), { target: { value: '20' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Recovery coaching' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save contact' }));
    const error = await screen.findByText('Choose staff who work at the participant’s site', { selector: '.field-error' });
    expect(within(screen.getByRole('group', { name: /Who from the team/ })).getByText('Choose staff who work at the participant’s site')).toBe(error);
    expect(within(screen.getByRole('group', { name: /Services provided/ })).getByText('Invalid option')).toBeTruthy();
    await waitFor(() => expect(document.activeElement?.id).toBe('field-staffIds-0'));
  });
});
