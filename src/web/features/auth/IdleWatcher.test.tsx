// @vitest-environment happy-dom
import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fakeServer.ts';
import { me } from '../../test/fixtures.ts';
import { renderApp, signedInServer } from '../../test/renderApp.tsx';

const MIN = 60_000;

async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

describe('inactivity', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => vi.useRealTimers());

  function server() {
    return signedInServer(me('coach'))
      .on('GET', '/api/participants', json(200, { items: [], nextCursor: null }))
      .on('POST', '/api/auth/logout', json(204));
  }

  it('warns before the 30 minutes are up, then signs out and says why', async () => {
    const fake = server();
    const app = renderApp('/participants', fake);
    await screen.findByRole('heading', { level: 1, name: 'My participants' });

    await advance(26 * MIN);
    expect(screen.queryByText(/You will be signed out/)).toBeNull();
    await advance(2 * MIN);
    expect(screen.getByRole('alert').textContent).toContain('You will be signed out in about two minutes');

    await advance(2 * MIN);
    await screen.findByText(/You were signed out because there was no activity/);
    expect(fake.calls('POST', '/api/auth/logout')).toHaveLength(1);
    expect(app.location()).toBe('/sign-in?next=%2Fparticipants');
  });

  it('keeps the session while the person is typing, even without saving', async () => {
    const fake = server();
    renderApp('/participants', fake);
    const search = await screen.findByRole('searchbox');
    for (let i = 0; i < 40; i++) {
      fireEvent.keyDown(search, { key: 'a' });
      await advance(MIN);
    }
    expect(screen.queryByText(/You will be signed out/)).toBeNull();
    expect(fake.calls('POST', '/api/auth/logout')).toHaveLength(0);
    expect(fake.calls('GET', '/api/auth/me').length).toBeGreaterThan(10); // keep-alive pings
  });
});
