// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, json } from '../../test/fakeServer.ts';
import { me, SAM } from '../../test/fixtures.ts';
import { renderApp, signedInServer } from '../../test/renderApp.tsx';

describe('app shell', () => {
  it('shows only the sections the role may use, the person and their role', async () => {
    const server = signedInServer(me('coach')).on('GET', '/api/participants', json(200, { items: [SAM], nextCursor: null }));
    renderApp('/participants', server);
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual(['Worklist', 'Caseload', 'Resources', 'Naloxone', 'Supervision', 'Sites']);
    expect(screen.getByText('Peer recovery coach')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Skip to main content' }).getAttribute('href')).toBe('#main');
    expect(screen.getByRole('main').id).toBe('main');
    expect(await screen.findByRole('link', { name: 'Samuel “Sam” Okafor' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'New participant' })).toBeTruthy();
    expect(document.title).toBe('My participants – Tandem');
  });

  it('gives a program administrator the Users section', async () => {
    const server = signedInServer(me('program_admin')).on('GET', '/api/participants', json(200, { items: [], nextCursor: null }));
    renderApp('/participants', server);
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual(['Worklist', 'Caseload', 'Resources', 'Naloxone', 'Supervision', 'Reports', 'Analysis export', 'Studies', 'Sites', 'Users', 'Emergency access review']);
  });

  it('says "Participant not found" when the server answers 404 (unknown, or another site’s)', async () => {
    const server = signedInServer().on('GET', `/api/participants/${SAM.id}`, apiError(404, 'not_found', 'Participant not found'));
    renderApp(`/participants/${SAM.id}`, server);
    expect(await screen.findByRole('heading', { level: 1, name: 'Participant not found' })).toBeTruthy();
  });

  it('refuses a page the role does not allow, without asking the server', async () => {
    const server = signedInServer(me('supervisor'));
    renderApp('/participants/new', server);
    expect(await screen.findByRole('heading', { level: 1, name: 'No access' })).toBeTruthy();
    expect(server.calls('GET', '/api/sites')).toHaveLength(0);
  });
});
