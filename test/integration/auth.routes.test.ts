/**
 * Signing in and staying safe: the session cookie, lockout and rate limits that
 * never reveal who has an account, idle sign-out, CSRF, API tokens, passwords,
 * invitations and deactivation.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/server/auth/sessions.ts';
import {
  Browser,
  castOfStaff,
  defined,
  errorCode,
  fieldPaths,
  newStaff,
  participantInput,
  PASSWORD,
  signedIn,
  startHarness,
  withToken,
  type Cast,
  type Harness,
} from '../support/harness.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let h: Harness;
let cast: Cast;

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
});
afterAll(async () => h.close());

const login = (email: string, password: string, remoteAddress = '127.0.0.1', app = h.app) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress });

function sessionCookieHeader(res: LightMyRequestResponse): string {
  const raw = res.headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const found = all.find((c) => c.startsWith('tandem_session='));
  if (!found) throw new Error('no session cookie was set');
  return found;
}

describe('Ana signs in', () => {
  it('gets an httpOnly, SameSite=Strict session cookie and her CSRF token', async () => {
    const res = await login(cast.people.ana.email, PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = sessionCookieHeader(res);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Strict/i);
    expect(cookie).not.toMatch(/; Secure/i); // plain http, as in development
    const me = res.json<{ user: { email: string; role: string }; csrfToken: string; permissions: string[] }>();
    expect(me.user).toMatchObject({ email: 'ana@tandem.test', role: 'coach' });
    expect(me.csrfToken.length).toBeGreaterThan(20);
    expect(me.permissions).toContain('participants:write');
    expect(me.permissions).not.toContain('audit:read');
  });

  it('gets a Secure cookie when she reaches Tandem over https through a trusted proxy, and only then', async () => {
    const behindProxy = await h.variant({ trustProxy: true });
    const https = { 'x-forwarded-proto': 'https' };
    const payload = { email: cast.people.ana.email, password: PASSWORD };
    const proxied = await behindProxy.inject({ method: 'POST', url: '/api/auth/login', payload, headers: https });
    expect(sessionCookieHeader(proxied)).toMatch(/; Secure/i);
    expect(sessionCookieHeader(proxied)).toMatch(/; SameSite=Strict/i);
    // Without trustProxy anyone could claim https; the header is ignored.
    const direct = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload, headers: https });
    expect(sessionCookieHeader(direct)).not.toMatch(/; Secure/i);
  });

  it('gets the same answer for a wrong password as for an e-mail nobody has', async () => {
    const wrong = await login(cast.people.ana.email, 'not her password at all');
    const unknown = await login('nobody@tandem.test', 'not her password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toBe(unknown.body);
    expect(errorCode(wrong)).toBe('invalid_credentials');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('types her e-mail in capitals with spaces and still gets in', async () => {
    expect((await login('  ANA@Tandem.Test ', PASSWORD)).statusCode).toBe(200);
  });

  it('signs in again from a browser that still holds her old session, without a CSRF token', async () => {
    const ana = await cast.as('ana');
    const again = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: ana.cookie ?? '' },
      payload: { email: cast.people.ana.email, password: PASSWORD },
    });
    expect(again.statusCode).toBe(200);
    expect(sessionCookieHeader(again)).not.toContain(ana.cookie ?? 'no cookie');
  });
});

describe('repeated failures', () => {
  it('lock Lou out after five, for a real and an unknown e-mail alike, until the lockout ends', async () => {
    const lou = await newStaff(h, { key: 'lou', name: 'Lou Brennan', role: 'coach', siteIds: [cast.sites.cook] });
    const ghost = 'ghost@tandem.test';
    for (let i = 0; i < 5; i++) {
      const real = await login(lou.email, `wrong guess number ${i}`);
      const fake = await login(ghost, `wrong guess number ${i}`);
      expect([real.statusCode, fake.statusCode]).toEqual([401, 401]);
      expect(real.body).toBe(fake.body);
    }
    // Now even the right password is refused, and the answer still tells nothing.
    const locked = await login(lou.email, PASSWORD);
    const lockedGhost = await login(ghost, PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(lockedGhost.statusCode).toBe(429);
    expect(locked.body).toBe(lockedGhost.body);
    expect(errorCode(locked)).toBe('too_many_attempts');
    expect((await login('LOU@tandem.test', PASSWORD)).statusCode).toBe(429);

    // Pat sees the lock on Lou's account.
    const pat = await cast.as('pat');
    const users = (await pat.get('/api/users')).json<{ items: { id: string; lockedUntil: string | null }[] }>().items;
    expect(users.find((u) => u.id === lou.id)?.lockedUntil).not.toBeNull();

    h.clock.advance(14 * MINUTE);
    expect((await login(lou.email, PASSWORD)).statusCode).toBe(429);
    h.clock.advance(1 * MINUTE + 1000);
    expect((await login(lou.email, PASSWORD)).statusCode).toBe(200);
  });

  it('are forgiven by a successful sign-in', async () => {
    const liz = await newStaff(h, { key: 'liz', name: 'Liz Ortega', role: 'coach', siteIds: [cast.sites.cook] });
    for (let i = 0; i < 4; i++) expect((await login(liz.email, 'wrong wrong wrong')).statusCode).toBe(401);
    expect((await login(liz.email, PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(liz.email, 'wrong wrong wrong')).statusCode).toBe(401);
    expect((await login(liz.email, PASSWORD)).statusCode).toBe(200);
  });

  it('from one address are rate-limited per minute, without slowing another address', async () => {
    const limited = await h.variant({ loginRatePerMinute: 3 });
    for (let i = 0; i < 3; i++) {
      expect((await login(`someone${i}@tandem.test`, 'a wrong password', '10.9.8.7', limited)).statusCode).toBe(401);
    }
    const blocked = await login(cast.people.ben.email, PASSWORD, '10.9.8.7', limited);
    expect(blocked.statusCode).toBe(429);
    expect(errorCode(blocked)).toBe('too_many_attempts');
    expect((await login(cast.people.ben.email, PASSWORD, '10.9.8.8', limited)).statusCode).toBe(200);
  });
});

describe('a session', () => {
  it('ends after 30 minutes without activity', async () => {
    const ana = await cast.as('ana');
    h.clock.advance(31 * MINUTE);
    const res = await ana.get('/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('session_expired');
    expect(sessionCookieHeader(res)).toMatch(/^tandem_session=;/);
    // Coming back later with the same cookie does not revive it.
    expect((await ana.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('stays alive while Ana keeps working, up to its 12-hour limit', async () => {
    const ana = await cast.as('ana');
    let lastOk = 0;
    for (let step = 1; step <= 30; step++) {
      h.clock.advance(25 * MINUTE);
      const res = await ana.get('/api/auth/me');
      if (res.statusCode !== 200) {
        expect(errorCode(res)).toBe('session_expired');
        break;
      }
      lastOk = step;
    }
    // 28 × 25 min = 11 h 40 min still works; 29 × 25 min is past 12 hours.
    expect(lastOk).toBe(28);
  });

  it('ends when Ana signs out', async () => {
    const ana = await cast.as('ana');
    const out = await ana.post('/api/auth/logout');
    expect(out.statusCode).toBe(204);
    expect(sessionCookieHeader(out)).toMatch(/^tandem_session=;/);
    expect((await ana.get('/api/auth/me')).statusCode).toBe(401);
    // Signing out when not signed in is harmless.
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
  });
});

describe('CSRF protection', () => {
  it('refuses a change made with Ana’s cookie but without her CSRF token, and nothing changes', async () => {
    const ana = await cast.as('ana');
    const created = await ana.post('/api/participants', participantInput(cast.sites.cook, { firstName: 'Csrf', lastName: 'Target' }));
    expect(created.statusCode).toBe(201);
    const { id, version } = created.json<{ id: string; version: number }>();
    const cai = await cast.as('cai');

    for (const csrf of [null, 'wrong-token', cai.csrf]) {
      const forged = new Browser(h.app, ana.cookie, csrf);
      const post = await forged.post('/api/participants', participantInput(cast.sites.cook, { firstName: 'Forged', lastName: 'Entry' }));
      expect(post.statusCode).toBe(403);
      expect(errorCode(post)).toBe('csrf_failed');
      const patch = await forged.patch(`/api/participants/${id}`, { version, firstName: 'Hijacked' });
      expect(patch.statusCode).toBe(403);
      expect(errorCode(patch)).toBe('csrf_failed');
      expect((await forged.post('/api/auth/logout')).statusCode).toBe(403);
    }
    const after = await ana.get(`/api/participants/${id}`);
    expect(after.json()).toMatchObject({ firstName: 'Csrf', version: 1 });
    const search = await ana.get('/api/participants?q=Forged%20Entry');
    expect(search.json<{ items: { firstName: string }[] }>().items.filter((p) => p.firstName === 'Forged')).toEqual([]);
    expect((await ana.get('/api/auth/me')).statusCode).toBe(200); // the forged logout did not sign her out
  });
});

describe('personal API tokens', () => {
  it('work without a CSRF token, list without their secret, and stop working once revoked', async () => {
    const token = await cast.tokenFor('cai');
    const script = withToken(h.app, token);
    const created = await script.post('/api/participants', participantInput(cast.sites.cook, { firstName: 'Token', lastName: 'Made' }));
    expect(created.statusCode).toBe(201);

    const cai = await cast.as('cai');
    const list = await cai.get('/api/auth/tokens');
    const tokens = list.json<{ items: { id: string; prefix: string; revokedAt: string | null; lastUsedAt: string | null }[] }>().items;
    expect(tokens).toHaveLength(1);
    const mine = defined(tokens[0]);
    expect(list.body).not.toContain(token);
    expect(token.startsWith(mine.prefix)).toBe(true);
    expect(mine.lastUsedAt).not.toBeNull();

    // Ben cannot revoke Cai's token: it is "not found" for him.
    const ben = await cast.as('ben');
    expect((await ben.delete(`/api/auth/tokens/${mine.id}`)).statusCode).toBe(404);
    expect((await script.get('/api/auth/me')).statusCode).toBe(200);

    expect((await cai.delete(`/api/auth/tokens/${mine.id}`)).statusCode).toBe(204);
    const refused = await script.get('/api/auth/me');
    expect(refused.statusCode).toBe(401);
    expect(errorCode(refused)).toBe('invalid_token');
    expect((await cai.delete(`/api/auth/tokens/${mine.id}`)).statusCode).toBe(404);
  });

  it('carry only their owner’s permissions', async () => {
    const eve = withToken(h.app, await cast.tokenFor('eve'));
    expect((await eve.get('/api/participants')).statusCode).toBe(403);
    expect((await eve.get('/api/sites')).statusCode).toBe(200);
  });
});

describe('changing a password', () => {
  it('refuses weak, common and personal passwords and a wrong current one, naming the field', async () => {
    const kim = await newStaff(h, { key: 'kim', name: 'Kim Alvarez', role: 'coach', siteIds: [cast.sites.cook] });
    const b = await signedIn(h.app, kim.email);
    const attempt = (currentPassword: string, newPassword: string) => b.post('/api/auth/password', { currentPassword, newPassword });
    for (const weak of ['password1234', 'qwerty123456', 'alvarez-is-my-name', 'kim-alvarez@home', 'short one']) {
      const res = await attempt(PASSWORD, weak);
      expect(res.statusCode, weak).toBe(400);
      expect(fieldPaths(res), weak).toEqual(['newPassword']);
    }
    const wrongCurrent = await attempt('this is not it at all', 'violet harbor engine 7');
    expect(wrongCurrent.statusCode).toBe(400);
    expect(fieldPaths(wrongCurrent)).toEqual(['currentPassword']);
    expect((await login(kim.email, PASSWORD)).statusCode).toBe(200); // still the old password
  });

  it('signs Jo out everywhere else, keeps this browser, and swaps which password works', async () => {
    const jo = await newStaff(h, { key: 'jo', name: 'Jo Nakamura', role: 'coach', siteIds: [cast.sites.cook] });
    const laptop = await signedIn(h.app, jo.email);
    const phone = await signedIn(h.app, jo.email);
    const res = await laptop.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'violet harbor engine 7' });
    expect(res.statusCode).toBe(204);
    expect((await laptop.get('/api/auth/me')).statusCode).toBe(200);
    expect((await phone.get('/api/auth/me')).statusCode).toBe(401);
    expect((await login(jo.email, PASSWORD)).statusCode).toBe(401);
    expect((await login(jo.email, 'violet harbor engine 7')).statusCode).toBe(200);
  });

  it('is required first when Pat set the initial password', async () => {
    const pat = await cast.as('pat');
    const created = await pat.post('/api/users', {
      email: 'mo@tandem.test',
      name: 'Mo Dubois',
      role: 'coach',
      siteIds: [cast.sites.cook],
      setup: { method: 'password', password: 'initial phrase given 31' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ user: { mustChangePassword: true }, invitationUrl: null });

    const mo = await signedIn(h.app, 'mo@tandem.test', 'initial phrase given 31');
    const blocked = await mo.get('/api/participants');
    expect(blocked.statusCode).toBe(403);
    expect(errorCode(blocked)).toBe('password_change_required');
    expect((await mo.get('/api/sites')).statusCode).toBe(403);
    const me = await mo.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { mustChangePassword: true } });

    const changed = await mo.post('/api/auth/password', { currentPassword: 'initial phrase given 31', newPassword: 'copper meadow violin 8' });
    expect(changed.statusCode).toBe(204);
    expect((await mo.get('/api/participants')).statusCode).toBe(200);
    expect((await mo.get('/api/auth/me')).json()).toMatchObject({ user: { mustChangePassword: false } });
  });
});

describe('invitations', () => {
  async function invite(email: string, name: string) {
    const pat = await cast.as('pat');
    const res = await pat.post('/api/users', { email, name, role: 'coach', siteIds: [cast.sites.cook] });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ user: { id: string; version: number }; invitationUrl: string; invitationExpiresAt: string }>();
    expect(body.invitationUrl).toMatch(/^http:\/\/tandem\.test\/invitation\/[\w-]{20,}$/);
    return { pat, ...body, token: defined(body.invitationUrl.split('/').at(-1)) };
  }
  const describeLink = (token: string) => h.app.inject({ method: 'GET', url: `/api/auth/invitations/${token}` });
  const accept = (token: string, password: string) =>
    h.app.inject({ method: 'POST', url: `/api/auth/invitations/${token}/accept`, payload: { password } });

  it('let Nia choose her password once, which signs her in', async () => {
    const { token } = await invite('nia@tandem.test', 'Nia Fofanah');
    expect((await login('nia@tandem.test', 'anything at all here')).statusCode).toBe(401);

    const link = await describeLink(token);
    expect(link.statusCode).toBe(200);
    expect(link.json()).toMatchObject({ email: 'nia@tandem.test', name: 'Nia Fofanah' });

    const weak = await accept(token, 'password1234');
    expect(weak.statusCode).toBe(400);
    expect(fieldPaths(weak)).toEqual(['password']);

    const ok = await accept(token, 'lighthouse tea kettle 5');
    expect(ok.statusCode).toBe(200);
    const nia = new Browser(h.app, `tandem_session=${defined(ok.cookies.find((c) => c.name === 'tandem_session')).value}`);
    expect((await nia.get('/api/auth/me')).json()).toMatchObject({ user: { email: 'nia@tandem.test' } });

    expect((await accept(token, 'another fine phrase 6')).statusCode).toBe(404);
    expect((await describeLink(token)).statusCode).toBe(404);
    expect((await login('nia@tandem.test', 'lighthouse tea kettle 5')).statusCode).toBe(200);
    expect((await login('nia@tandem.test', 'another fine phrase 6')).statusCode).toBe(401);
  });

  it('expire after 7 days; a new link works and the old one stays dead', async () => {
    const { user, token: first } = await invite('omar@tandem.test', 'Omar Haddad');
    h.clock.advance(7 * DAY - MINUTE);
    expect((await describeLink(first)).statusCode).toBe(200);
    h.clock.advance(2 * MINUTE);
    expect((await describeLink(first)).statusCode).toBe(404);
    expect((await accept(first, 'lighthouse tea kettle 5')).statusCode).toBe(404);

    const again = await (await cast.as('pat')).post(`/api/users/${user.id}/invitation`);
    expect(again.statusCode).toBe(200);
    const linkToken = (res: LightMyRequestResponse) => defined(res.json<{ invitationUrl: string }>().invitationUrl.split('/').at(-1));
    const second = linkToken(again);
    const third = linkToken(await (await cast.as('pat')).post(`/api/users/${user.id}/invitation`));
    // Re-issuing replaced the second link, which was not used yet.
    expect((await describeLink(second)).statusCode).toBe(404);
    expect((await accept(third, 'orchard lantern pebble 4')).statusCode).toBe(200);
    expect((await accept(first, 'orchard lantern pebble 9')).statusCode).toBe(404);
  });

  it('cannot be issued by a coach', async () => {
    const ana = await cast.as('ana');
    expect((await ana.post(`/api/users/${cast.people.cai.id}/invitation`)).statusCode).toBe(403);
  });
});

describe('a deactivated user', () => {
  it('loses her session and tokens at once and cannot sign in again', async () => {
    const dee = await newStaff(h, { key: 'dee', name: 'Dee Laskowski', role: 'coach', siteIds: [cast.sites.cook] });
    const browser = await signedIn(h.app, dee.email);
    const { token } = await createApiToken(h.testDb.database.db, dee.id, 'nightly export', h.clock.now());
    expect((await withToken(h.app, token).get('/api/participants')).statusCode).toBe(200);
    const pat = await cast.as('pat');
    const res = await pat.patch(`/api/users/${dee.id}`, { active: false, version: 1 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ active: false, version: 2 });

    expect((await browser.get('/api/participants')).statusCode).toBe(401);
    expect((await withToken(h.app, token).get('/api/participants')).statusCode).toBe(401);
    const again = await login(dee.email, PASSWORD);
    const stranger = await login('stranger@tandem.test', PASSWORD);
    expect(again.statusCode).toBe(401);
    expect(again.body).toBe(stranger.body);
  });
});

describe('bad input to the sign-in endpoints', () => {
  it('names each field or parameter', async () => {
    const noEmail = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { password: 'x' } });
    expect(fieldPaths(noEmail)).toEqual(['email']);
    expect(fieldPaths(await login('ana@tandem.test', ''))).toEqual(['password']);
    expect(fieldPaths(await h.app.inject({ method: 'GET', url: '/api/auth/invitations/short' }))).toEqual(['params.token']);
    const ana = await cast.as('ana');
    expect(fieldPaths(await ana.delete('/api/auth/tokens/not-a-uuid'))).toEqual(['params.id']);
    expect(fieldPaths(await ana.post('/api/auth/password', { currentPassword: PASSWORD }))).toEqual(['newPassword']);
  });

  it('an invitation for someone deactivated since is dead, and cannot be re-issued (409)', async () => {
    const pat = await cast.as('pat');
    const res = await pat.post('/api/users', { email: 'gone@tandem.test', name: 'Gone Soon', role: 'coach', siteIds: [cast.sites.cook] });
    const { user, invitationUrl } = res.json<{ user: { id: string }; invitationUrl: string }>();
    expect((await pat.patch(`/api/users/${user.id}`, { active: false, version: 1 })).statusCode).toBe(200);
    const token = defined(invitationUrl.split('/').at(-1));
    expect((await h.app.inject({ method: 'GET', url: `/api/auth/invitations/${token}` })).statusCode).toBe(404);
    const again = await pat.post(`/api/users/${user.id}/invitation`);
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('inactive_user');
  });
});
