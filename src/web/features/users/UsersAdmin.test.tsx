// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '../../../core/schemas.ts';
import { json } from '../../test/fakeServer.ts';
import { me, SITE_JAIL } from '../../test/fixtures.ts';
import { renderApp, signedInServer } from '../../test/renderApp.tsx';

const TASHA: User = {
  id: '66666666-6666-4666-8666-666666666666',
  email: 'tasha@example.org',
  name: 'Tasha Reynolds',
  role: 'coach',
  siteIds: [SITE_JAIL.id],
  active: true,
  mustChangePassword: false,
  lockedUntil: '2999-01-01T00:00:00Z',
  lastSignInAt: null,
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
};

describe('users admin', () => {
  it('lists role, sites and a lock', async () => {
    renderApp('/admin/users', signedInServer(me('program_admin')).on('GET', '/api/users', json(200, { items: [TASHA] })));
    const row = (await screen.findByRole('rowheader', { name: 'Tasha Reynolds' })).closest('tr') as HTMLElement;
    expect(within(row).getByText('Peer recovery coach')).toBeTruthy();
    expect(within(row).getByText('Cook County Jail')).toBeTruthy();
    expect(within(row).getByText(/Locked until/)).toBeTruthy();
  });

  it('creates a user with an invitation and shows the link once, with a copy button', async () => {
    const server = signedInServer(me('program_admin')).on('POST', '/api/users', (req) =>
      json(201, { user: { ...TASHA, ...(req.body as object) }, invitationUrl: 'http://tandem.test/invitation/abc', invitationExpiresAt: '2999-01-08T00:00:00Z' }),
    );
    renderApp('/admin/users/new', server);
    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'Tasha Reynolds' } });
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'tasha@example.org' } });
    fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'coach' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Cook County Jail' }));
    fireEvent.click(screen.getByRole('button', { name: 'Create user' }));

    expect((await screen.findByLabelText<HTMLInputElement>('Invitation link')).value).toBe('http://tandem.test/invitation/abc');
    expect(screen.getByText(/shown only once/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy link' })).toBeTruthy();
    expect(server.calls('POST', '/api/users')[0]?.body).toEqual({
      name: 'Tasha Reynolds',
      email: 'tasha@example.org',
      role: 'coach',
      siteIds: [SITE_JAIL.id],
      setup: { method: 'invitation' },
    });
  });
});
