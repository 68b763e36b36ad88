import { cleanup, render } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router';
import { afterEach, vi } from 'vitest';
import { App } from '../App.tsx';
import { setCsrfToken } from '../api/client.ts';
import { FakeServer, json } from './fakeServer.ts';
import { me as makeMe, SITE_ED, SITE_JAIL } from './fixtures.ts';
import type { Me } from '../../core/schemas.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

/** A server that knows who is signed in and their sites; tests add the routes they exercise. */
export function signedInServer(session: Me | null = makeMe()): FakeServer {
  const server = new FakeServer();
  server.on('GET', '/api/auth/me', session ? json(200, session) : json(401, { error: { code: 'unauthenticated', message: 'Sign in' } }));
  server.on('GET', '/api/sites', json(200, { items: [SITE_JAIL, SITE_ED] }));
  return server;
}

/** Renders the whole app at `path` against `server`; `location()` tells where it is now. */
export function renderApp(path: string, server: FakeServer) {
  vi.stubGlobal('fetch', server.fetch);
  const current = { path };
  function LocationSpy() {
    const l = useLocation();
    current.path = l.pathname + l.search;
    return null;
  }
  const result = render(
    <MemoryRouter initialEntries={[path]}>
      <App locale="en" />
      <LocationSpy />
    </MemoryRouter>,
  );
  return { ...result, location: () => current.path };
}
