// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json } from '../../test/fakeServer.ts';
import { SAM } from '../../test/fixtures.ts';
import { renderApp, signedInServer } from '../../test/renderApp.tsx';

const other = { ...SAM, id: '55555555-5555-4555-8555-555555555555', firstName: 'Maria', lastName: 'Lopez', preferredName: null };

describe('caseload', () => {
  it('searches after typing stops, and loads more with the cursor', async () => {
    const server = signedInServer().on('GET', '/api/participants', (req) => {
      if (req.query.get('cursor') === 'c2') return json(200, { items: [other], nextCursor: null });
      if (req.query.get('q') === 'okafr') return json(200, { items: [SAM], nextCursor: 'c2' });
      return json(200, { items: [], nextCursor: null });
    });
    const app = renderApp('/participants', server);
    const search = await screen.findByRole('searchbox', { name: /Search/ });
    fireEvent.change(search, { target: { value: 'oka' } });
    fireEvent.change(search, { target: { value: 'okafr' } });

    await screen.findByRole('link', { name: 'Samuel “Sam” Okafor' });
    const queries = server.calls('GET', '/api/participants').map((r) => r.query.get('q'));
    expect(queries).not.toContain('oka'); // debounced: the half-typed word was never sent
    await waitFor(() => expect(app.location()).toBe('/participants?q=okafr'));

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await screen.findByRole('link', { name: 'Maria Lopez' });
    expect(screen.getByRole('link', { name: 'Samuel “Sam” Okafor' })).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull());
  });

  it('says when nothing matches', async () => {
    const server = signedInServer().on('GET', '/api/participants', json(200, { items: [], nextCursor: null }));
    renderApp('/participants?q=zzz', server);
    expect(await screen.findByText(/No participants match “zzz”/)).toBeTruthy();
  });
});
