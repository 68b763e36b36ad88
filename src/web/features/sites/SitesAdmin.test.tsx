// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, json } from '../../test/fakeServer.ts';
import { me, SITE_ED, SITE_JAIL } from '../../test/fixtures.ts';
import { renderApp, signedInServer } from '../../test/renderApp.tsx';

describe('sites admin', () => {
  it('lists sites read-only for a coach', async () => {
    renderApp('/admin/sites', signedInServer(me('coach')));
    expect(await screen.findByRole('rowheader', { name: 'Cook County Jail' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'New site' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Edit Cook County Jail' })).toBeNull();
  });

  it('on 409 says the changes were not saved and reloads the latest version', async () => {
    const server = signedInServer(me('program_admin')).on('PATCH', `/api/sites/${SITE_JAIL.id}`, apiError(409, 'stale_version', 'Changed by someone else'));
    renderApp(`/admin/sites/${SITE_JAIL.id}/edit`, server);
    const name = await screen.findByLabelText<HTMLInputElement>('Name');
    fireEvent.change(name, { target: { value: 'Cook County Jail – Division 10' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Someone else saved this site after you opened it. Your changes were not saved.');
    expect(server.calls('PATCH', `/api/sites/${SITE_JAIL.id}`)[0]?.body).toMatchObject({ name: 'Cook County Jail – Division 10', version: 1 });

    server.on('GET', '/api/sites', json(200, { items: [{ ...SITE_JAIL, name: 'Cook County Jail (renamed)', version: 2 }, SITE_ED] }));
    fireEvent.click(screen.getByRole('button', { name: 'Load the latest version' }));
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Name').value).toBe('Cook County Jail (renamed)'));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('checks the time zone is a real IANA zone before sending', async () => {
    const server = signedInServer(me('program_admin'));
    renderApp('/admin/sites/new', server);
    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'Peoria ED' } });
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'emergency_department' } });
    fireEvent.change(screen.getByLabelText('Time zone', { exact: false, selector: 'select' }), { target: { value: 'other' } });
    fireEvent.change(screen.getByLabelText('Time zone name', { exact: false }), { target: { value: 'America/Chicgo' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create site' }));
    const zone = screen.getByLabelText<HTMLInputElement>('Time zone name', { exact: false });
    await waitFor(() => expect(zone.getAttribute('aria-invalid')).toBe('true'));
    expect(document.activeElement).toBe(zone);
    expect(server.calls('POST', '/api/sites')).toHaveLength(0);
  });
});
