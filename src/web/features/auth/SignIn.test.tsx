// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, json } from '../../test/fakeServer.ts';
import { me } from '../../test/fixtures.ts';
import { renderApp, signedInServer } from '../../test/renderApp.tsx';

async function signIn(email: string, password: string) {
  fireEvent.change(await screen.findByLabelText('E-mail'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('sign-in', () => {
  it('says only that the e-mail or password is incorrect', async () => {
    const server = signedInServer(null).on('POST', '/api/auth/login', apiError(401, 'invalid_credentials', 'E-mail or password is incorrect'));
    renderApp('/sign-in', server);
    await signIn('ana@example.org', 'wrong password');
    expect((await screen.findByRole('alert')).textContent).toBe('E-mail or password is incorrect.');
    expect(screen.getByLabelText<HTMLInputElement>('Password').value).toBe('');
  });

  it('says to wait after too many attempts', async () => {
    const server = signedInServer(null).on('POST', '/api/auth/login', apiError(429, 'too_many_attempts', 'Too many attempts'));
    renderApp('/sign-in', server);
    await signIn('ana@example.org', 'whatever');
    expect((await screen.findByRole('alert')).textContent).toBe('Too many attempts, try again later.');
  });

  it('sends someone who must change their password there, and nowhere else', async () => {
    const forced = me('coach', { mustChangePassword: true });
    const server = signedInServer(null).on('POST', '/api/auth/login', json(200, forced));
    const app = renderApp('/sign-in?next=%2Fparticipants', server);
    await signIn('ana@example.org', 'initial password 1');
    await screen.findByRole('heading', { level: 1, name: 'Change password' });
    expect(app.location()).toBe('/password');
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.getByText('Choose a new password before you continue.')).toBeTruthy();
  });

  it('returns to the page that was asked for, and sends the CSRF token on writes', async () => {
    const server = signedInServer(null)
      .on('POST', '/api/auth/login', json(200, me()))
      .on('GET', '/api/participants', json(200, { items: [], nextCursor: null }))
      .on('POST', '/api/auth/logout', json(204));
    const app = renderApp('/participants', server);
    await waitFor(() => expect(app.location()).toBe('/sign-in?next=%2Fparticipants'));
    await signIn('ana@example.org', 'correct horse battery');
    await screen.findByRole('heading', { level: 1, name: 'My participants' });
    expect(app.location()).toBe('/participants');

    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByText('You have signed out.');
    expect(server.calls('POST', '/api/auth/logout')[0]?.headers['x-csrf-token']).toBe('csrf-123');
  });
});

describe('session ending on the server', () => {
  it('goes to sign-in with "You were signed out" and remembers where the person was', async () => {
    const server = signedInServer().on('GET', '/api/participants', apiError(401, 'session_expired', 'Signed out after 30 minutes'));
    const app = renderApp('/participants?q=okafor', server);
    await screen.findByText(/You were signed out/);
    expect(app.location()).toBe('/sign-in?next=%2Fparticipants%3Fq%3Dokafor');
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
  });
});

describe('changing the password', () => {
  it('shows the server’s message at the field, then confirms the change on the worklist', async () => {
    let changed = false;
    const server = signedInServer(null)
      .on('GET', '/api/auth/me', () => (changed ? json(200, me()) : json(200, me('coach', { mustChangePassword: true }))))
      .on('GET', '/api/worklist', json(200, { noContactDays: 7, considered: 3, flagged: 0, items: [] }))
      .on('POST', '/api/auth/password', (req) => {
        const { newPassword } = req.body as { newPassword: string };
        if (newPassword === 'passwordpassword') return apiError(400, 'validation_failed', 'Invalid', [{ path: 'newPassword', message: 'This password is too common' }]);
        changed = true;
        return json(204);
      });
    const app = renderApp('/password', server);
    fireEvent.change(await screen.findByLabelText('Current password'), { target: { value: 'initial password 1' } });
    fireEvent.change(screen.getByLabelText('New password'), { target: { value: 'passwordpassword' } });
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect((await screen.findByText('This password is too common')).id).toBe('field-newPassword-error');

    fireEvent.change(screen.getByLabelText('New password'), { target: { value: 'violet harbour seventeen kites' } });
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
    await screen.findByText('Nobody needs attention right now.'); // the worklist has loaded and settled
    expect(app.location()).toBe('/worklist');
    expect(screen.getByText('Your password has been changed.')).toBeTruthy();
  });
});
