/**
 * Signing in with a second factor: Ana sets up an authenticator app and signs in
 * with its codes (each once) or a recovery code (each once); wrong codes lock the
 * account like wrong passwords; program administrators must use one, and Pat can
 * require it of more roles and reset it for someone who lost their phone.
 */
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/enums.ts';
import { auditEvents } from '../../src/server/audit/audit.table.ts';
import { mfaRecoveryCodes, userMfa } from '../../src/server/auth/mfa.table.ts';
import { sealingKey, unseal } from '../../src/server/auth/mfa.repository.ts';
import { totpCode } from '../../src/server/auth/totp.ts';
import { systemActor } from '../../src/server/http/actor.ts';
import { createUser } from '../../src/server/users/users.service.ts';
import {
  Browser,
  castOfStaff,
  defined,
  enrollAuthenticator,
  errorCode,
  fieldPaths,
  MFA_SECRET,
  newStaff,
  participantInput,
  PASSWORD,
  signedIn,
  startHarness,
  withToken,
  type Cast,
  type Harness,
} from '../support/harness.ts';

const STEP = 30_000;
const MINUTE = 60_000;

let h: Harness;
let cast: Cast;

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
});
afterAll(async () => h.close());

const now = () => h.clock.now();
const codeOf = (secret: string) => totpCode(secret, now());
const recoveryPattern = /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/;

async function lastAudit(action: string, recordId: string) {
  const [row] = await h.testDb.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.recordId, recordId)))
    .orderBy(desc(auditEvents.id))
    .limit(1);
  return row;
}

/** Staff created straight in the database, with no authenticator whatever their role. */
async function staffWithoutFactor(key: string, name: string, role: Role) {
  const email = `${key}@tandem.test`;
  const { user } = await h.testDb.database.db.transaction((tx) =>
    createUser(tx, systemActor, { email, name, role, siteIds: [], setup: { method: 'password', password: PASSWORD } }, { now: now(), invitationDays: 7, baseUrl: 'http://tandem.test' }, { mustChangePassword: false }),
  );
  return { id: user.id, email };
}

describe('Ana sets up an authenticator app', () => {
  let secret = '';
  let recoveryCodes: string[] = [];

  it('enrolls with the QR code and her first code, and gets ten recovery codes once', async () => {
    const ana = await cast.as('ana');
    const me = (await ana.get('/api/auth/me')).json<{ mfa: unknown; session: string }>();
    expect(me).toMatchObject({ mfa: { enrolled: false, required: false }, session: 'active' });

    const enroll = await ana.post('/api/auth/mfa/enroll');
    expect(enroll.statusCode).toBe(200);
    const body = enroll.json<{ secret: string; otpauthUri: string; qrSvg: string }>();
    secret = body.secret;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.otpauthUri).toBe(`otpauth://totp/Tandem:ana%40tandem.test?secret=${secret}&issuer=Tandem&algorithm=SHA1&digits=6&period=30`);
    expect(body.qrSvg).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>\s*$/);

    const bad = await ana.post('/api/auth/mfa/confirm', { code: String((Number(codeOf(secret)) + 1) % 1_000_000).padStart(6, '0') });
    expect(bad.statusCode).toBe(400);
    expect(fieldPaths(bad)).toEqual(['code']);
    expect(fieldPaths(await ana.post('/api/auth/mfa/confirm', { code: '12ab56' }))).toEqual(['code']);

    const ok = await ana.post('/api/auth/mfa/confirm', { code: codeOf(secret) });
    expect(ok.statusCode).toBe(200);
    recoveryCodes = ok.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(recoveryPattern);
    expect((await ana.get('/api/auth/me')).json()).toMatchObject({ mfa: { enrolled: true, required: false }, session: 'active' });
    expect((await ana.get('/api/auth/mfa')).json()).toMatchObject({ enrolled: true, required: false, recoveryCodesLeft: 10 });
    expect((await ana.post('/api/auth/mfa/enroll')).statusCode).toBe(409);
    expect(await lastAudit('user.mfa_enable', cast.people.ana.id)).toMatchObject({ actorUserId: cast.people.ana.id });
  });

  it('stores the secret sealed and the recovery codes hashed', async () => {
    const { db } = h.testDb.database;
    const [row] = await db.select().from(userMfa).where(eq(userMfa.userId, cast.people.ana.id));
    const sealed = defined(row?.secretSealed, 'a sealed secret');
    expect(sealed).not.toContain(secret);
    expect(unseal(await sealingKey(db, now()), sealed, cast.people.ana.id)).toBe(secret);
    // Sealed for Ana: the same ciphertext moved to another user's row does not open.
    expect(() => unseal(Buffer.alloc(32), sealed, cast.people.ana.id)).toThrow();
    const hashes = (await db.select().from(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, cast.people.ana.id))).map((r) => r.codeHash);
    expect(hashes).toHaveLength(10);
    for (const c of recoveryCodes) {
      expect(hashes.join(' ')).not.toContain(c);
      expect(hashes.join(' ')).not.toContain(c.replaceAll('-', ''));
    }
  });

  it('signs in with her password, then a code; the waiting session can do nothing else and is replaced', async () => {
    h.clock.advance(STEP);
    const b = new Browser(h.app);
    const first = await b.passwordStep(cast.people.ana.email);
    expect(first.statusCode).toBe(200);
    const challenge = first.json<Record<string, unknown>>();
    expect(Object.keys(challenge).sort()).toEqual(['csrfToken', 'expiresAt', 'mfaRequired']);
    expect(challenge.mfaRequired).toBe(true);
    expect(challenge.expiresAt).toBe(new Date(now().getTime() + 5 * MINUTE).toISOString());
    const pendingCookie = b.cookie;
    // Nothing but the code step: not even who is signing in.
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);
    expect((await b.get('/api/participants')).statusCode).toBe(401);
    expect((await b.post('/api/auth/mfa/enroll')).statusCode).toBe(401);
    // The code step needs the waiting session's CSRF token like any change.
    const forged = await h.app.inject({ method: 'POST', url: '/api/auth/mfa/verify', headers: { cookie: defined(pendingCookie) }, payload: { code: codeOf(secret) } });
    expect(errorCode(forged)).toBe('csrf_failed');

    const second = await b.secondStep({ code: codeOf(secret) });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ user: { email: cast.people.ana.email }, mfa: { enrolled: true }, session: 'active' });
    expect(b.cookie).not.toBe(pendingCookie);
    expect(second.json<{ csrfToken: string }>().csrfToken).not.toBe(challenge.csrfToken);
    expect((await b.get('/api/participants')).statusCode).toBe(200);
    const old = new Browser(h.app, pendingCookie, challenge.csrfToken as string);
    expect((await old.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('refuses a code used already, and takes the next one', async () => {
    const b = new Browser(h.app);
    await b.passwordStep(cast.people.ana.email);
    const reused = await b.secondStep({ code: codeOf(secret) });
    expect(reused.statusCode).toBe(401);
    expect(errorCode(reused)).toBe('invalid_mfa_code');
    h.clock.advance(STEP);
    expect((await b.secondStep({ code: codeOf(secret) })).statusCode).toBe(200);
  });

  it('takes a recovery code once, however it is typed, and records its use', async () => {
    const code = defined(recoveryCodes[0]);
    const b = new Browser(h.app);
    await b.passwordStep(cast.people.ana.email);
    const ok = await b.secondStep({ recoveryCode: ` ${code.replaceAll('-', '').toUpperCase()} ` });
    expect(ok.statusCode).toBe(200);
    expect(await lastAudit('user.mfa_recovery_code_used', cast.people.ana.id)).toBeDefined();
    expect((await b.get('/api/auth/mfa')).json()).toMatchObject({ recoveryCodesLeft: 9 });

    const again = new Browser(h.app);
    await again.passwordStep(cast.people.ana.email);
    expect(errorCode(await again.secondStep({ recoveryCode: code }))).toBe('invalid_mfa_code');
    expect(fieldPaths(await again.secondStep({}))).toEqual(['code']);
    expect(fieldPaths(await again.secondStep({ code: '123456', recoveryCode: defined(recoveryCodes[1]) }))).toEqual(['code']);
  });

  it('ends the waiting session after five minutes', async () => {
    const b = new Browser(h.app);
    await b.passwordStep(cast.people.ana.email);
    h.clock.advance(5 * MINUTE + 1000);
    const late = await b.secondStep({ code: codeOf(secret) });
    expect(late.statusCode).toBe(401);
  });

  it('regenerates recovery codes with a current code: the old ones stop working', async () => {
    const ana = await signedInWithCode(cast.people.ana.email, secret);
    expect(fieldPaths(await ana.post('/api/auth/mfa/recovery-codes', { code: codeOf(secret) }))).toEqual(['code']); // just used to sign in
    h.clock.advance(STEP);
    const res = await ana.post('/api/auth/mfa/recovery-codes', { code: codeOf(secret) });
    expect(res.statusCode).toBe(200);
    const fresh = res.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(fresh).toHaveLength(10);
    const b = new Browser(h.app);
    await b.passwordStep(cast.people.ana.email);
    expect((await b.secondStep({ recoveryCode: defined(recoveryCodes[5]) })).statusCode).toBe(401);
    expect((await b.secondStep({ recoveryCode: defined(fresh[0]) })).statusCode).toBe(200);
    recoveryCodes = fresh.slice(1);
  });

  it('turns it off with her password and a current code', async () => {
    h.clock.advance(STEP);
    const ana = await signedInWithCode(cast.people.ana.email, secret);
    h.clock.advance(STEP);
    expect(fieldPaths(await ana.request('DELETE', '/api/auth/mfa', { password: 'not my password', code: codeOf(secret) }))).toEqual(['password']);
    expect(fieldPaths(await ana.request('DELETE', '/api/auth/mfa', { password: PASSWORD }))).toEqual(['code']);
    expect((await ana.request('DELETE', '/api/auth/mfa', { password: PASSWORD, code: codeOf(secret) })).statusCode).toBe(204);
    expect(await lastAudit('user.mfa_disable', cast.people.ana.id)).toBeDefined();
    const again = await new Browser(h.app).passwordStep(cast.people.ana.email);
    expect(again.json()).toMatchObject({ user: { email: cast.people.ana.email }, mfa: { enrolled: false } });
  });
});

/** Password, then the code the app shows now. */
async function signedInWithCode(email: string, secret: string): Promise<Browser> {
  const b = new Browser(h.app);
  expect((await b.passwordStep(email)).json()).toMatchObject({ mfaRequired: true });
  const res = await b.secondStep({ code: totpCode(secret, now()) });
  if (res.statusCode !== 200) throw new Error(`second step failed: ${res.body}`);
  return b;
}

describe('wrong codes', () => {
  it('count toward the lockout, like wrong passwords, and a locked account takes no code', async () => {
    h.clock.advance(STEP);
    const lee = await newStaff(h, { key: 'lee', name: 'Lee Novak', role: 'coach', siteIds: [cast.sites.cook] });
    await h.testDb.database.db.transaction((tx) => enrollAuthenticator(tx, { id: lee.id, name: 'Lee Novak', role: 'coach' }, now()));
    h.clock.advance(STEP);
    const b = new Browser(h.app);
    await b.passwordStep(lee.email);
    const right = codeOf(MFA_SECRET);
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 4; i++) expect(errorCode(await b.secondStep({ code: wrong }))).toBe('invalid_mfa_code');
    // A correct password does not wipe the count: guessing codes cannot restart by signing in again.
    const again = new Browser(h.app);
    expect((await again.passwordStep(lee.email)).statusCode).toBe(200);
    expect((await again.secondStep({ code: wrong })).statusCode).toBe(401);
    const locked = await again.secondStep({ code: right });
    expect(locked.statusCode).toBe(429);
    expect((await new Browser(h.app).passwordStep(lee.email)).statusCode).toBe(429);
    h.clock.advance(15 * MINUTE + 1000);
    const later = new Browser(h.app);
    await later.passwordStep(lee.email);
    expect((await later.secondStep({ code: codeOf(MFA_SECRET) })).statusCode).toBe(200);
  });
});

describe('program administrators must use a second factor', () => {
  it('an administrator without one may only enroll: every other route is 403 until she does', async () => {
    const ida = await staffWithoutFactor('ida', 'Ida Brooks', 'program_admin');
    const b = new Browser(h.app);
    const res = await b.passwordStep(ida.email);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { role: 'program_admin' }, mfa: { enrolled: false, required: true }, session: 'mfa_enrollment' });
    for (const denied of [
      await b.get('/api/participants'),
      await b.get('/api/users'),
      await b.get('/api/auth/tokens'),
      await b.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new passphrase 7' }),
      await b.post('/api/participants', participantInput(cast.sites.cook)),
    ]) {
      expect(denied.statusCode).toBe(403);
      expect(errorCode(denied)).toBe('mfa_enrollment_required');
    }
    expect((await b.get('/api/auth/me')).statusCode).toBe(200);
    expect((await b.get('/api/auth/mfa')).json()).toMatchObject({ enrolled: false, required: true });
    const { secret } = (await b.post('/api/auth/mfa/enroll')).json<{ secret: string }>();
    expect((await b.post('/api/auth/mfa/confirm', { code: codeOf(secret) })).statusCode).toBe(200);
    expect((await b.get('/api/participants')).statusCode).toBe(200);
    expect((await b.get('/api/auth/me')).json()).toMatchObject({ session: 'active', mfa: { enrolled: true, required: true } });
    h.clock.advance(STEP);
    const off = await b.request('DELETE', '/api/auth/mfa', { password: PASSWORD, code: codeOf(secret) });
    expect(off.statusCode).toBe(403);
    expect(errorCode(off)).toBe('mfa_required');
    expect((await b.post('/api/auth/logout')).statusCode).toBe(204);
  });

  it('API tokens take no second factor', async () => {
    const pat = withToken(h.app, await cast.tokenFor('pat'));
    expect((await pat.get('/api/participants')).statusCode).toBe(200);
  });
});

describe('the per-role policy', () => {
  it('Pat requires coaches to use one: Ben is held to enrolling on his very next request', async () => {
    const pat = await cast.as('pat');
    const ben = await cast.as('ben');
    expect((await pat.get('/api/settings/mfa')).json()).toEqual({ alwaysRequired: ['program_admin'], requiredRoles: ['program_admin'] });

    expect(fieldPaths(await pat.request('PUT', '/api/settings/mfa', { requiredRoles: ['boss'] }))).toEqual(['requiredRoles.0']);
    const set = await pat.request('PUT', '/api/settings/mfa', { requiredRoles: ['coach', 'coach'] });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ alwaysRequired: ['program_admin'], requiredRoles: ['program_admin', 'coach'] });
    expect((await lastAuditOf('settings.mfa_policy'))?.details).toEqual({ before: ['program_admin'], after: ['program_admin', 'coach'] });

    const held = await ben.get('/api/participants');
    expect(held.statusCode).toBe(403);
    expect(errorCode(held)).toBe('mfa_enrollment_required');
    expect((await ben.get('/api/auth/me')).json()).toMatchObject({ session: 'mfa_enrollment', mfa: { required: true, enrolled: false } });
    // Cai is a case manager: untouched.
    expect((await (await cast.as('cai')).get('/api/participants')).statusCode).toBe(200);

    // Leaving program_admin out changes nothing for administrators.
    const cleared = await pat.request('PUT', '/api/settings/mfa', { requiredRoles: [] });
    expect(cleared.json()).toEqual({ alwaysRequired: ['program_admin'], requiredRoles: ['program_admin'] });
    expect((await ben.get('/api/participants')).statusCode).toBe(200);
  });

  it('only those who manage users read or set it', async () => {
    const sam = await cast.as('sam');
    expect((await sam.get('/api/settings/mfa')).statusCode).toBe(403);
    expect((await sam.request('PUT', '/api/settings/mfa', { requiredRoles: [] })).statusCode).toBe(403);
  });
});

async function lastAuditOf(action: string) {
  const [row] = await h.testDb.database.db.select().from(auditEvents).where(eq(auditEvents.action, action)).orderBy(desc(auditEvents.id)).limit(1);
  return row;
}

describe('an administrator resets a lost authenticator', () => {
  it('Pat resets Cai’s: Cai is signed out at once, audited, and signs in without a code', async () => {
    h.clock.advance(STEP);
    await h.testDb.database.db.transaction((tx) => enrollAuthenticator(tx, { id: cast.people.cai.id, name: 'Cai Morgan', role: 'case_manager' }, now()));
    h.clock.advance(STEP);
    const cai = await signedIn(h.app, cast.people.cai.email);
    const caiToken = withToken(h.app, await cast.tokenFor('cai'));
    const pat = await cast.as('pat');
    expect((await pat.get(`/api/users/${cast.people.cai.id}/mfa`)).json()).toMatchObject({ enrolled: true, required: false, recoveryCodesLeft: 10 });

    const reset = await pat.delete(`/api/users/${cast.people.cai.id}/mfa`);
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({ enrolled: false, recoveryCodesLeft: 0 });
    expect(await lastAudit('user.mfa_reset', cast.people.cai.id)).toMatchObject({ actorUserId: cast.people.pat.id, details: { hadFactor: true } });
    expect((await cai.get('/api/auth/me')).statusCode).toBe(401);
    expect((await caiToken.get('/api/participants')).statusCode).toBe(200);
    expect((await new Browser(h.app).passwordStep(cast.people.cai.email)).json()).toMatchObject({ session: 'active', mfa: { enrolled: false } });
  });

  it('an administrator’s reset leaves them to enroll again; nobody resets their own or an unknown user’s', async () => {
    const pat = await cast.as('pat');
    const other = await newStaff(h, { key: 'ola', name: 'Ola Berg', role: 'program_admin' });
    expect((await pat.delete(`/api/users/${other.id}/mfa`)).statusCode).toBe(200);
    expect((await new Browser(h.app).passwordStep(other.email)).json()).toMatchObject({ session: 'mfa_enrollment' });
    expect(errorCode(await pat.delete(`/api/users/${cast.people.pat.id}/mfa`))).toBe('mfa_reset_self');
    expect((await pat.delete('/api/users/5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11/mfa')).statusCode).toBe(404);
    expect(fieldPaths(await pat.delete('/api/users/not-an-id/mfa'))).toEqual(['params.id']);
    const sam = await cast.as('sam');
    expect((await sam.delete(`/api/users/${cast.people.ana.id}/mfa`)).statusCode).toBe(403);
    expect((await sam.get(`/api/users/${cast.people.ana.id}/mfa`)).statusCode).toBe(403);
  });
});
