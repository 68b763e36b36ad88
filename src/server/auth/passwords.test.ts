import { describe, expect, it } from 'vitest';
import { hashPassword, passwordWeakness, verifyPassword } from './passwords.ts';

describe('passwordWeakness', () => {
  it.each(['river stone lantern 42', 'violet harbor engine 7', 'Correct-Horse-Ledger-19'])('accepts %j', (p) => {
    expect(passwordWeakness(p, { email: 'ana.reyes@tandem.test', name: 'Ana Reyes' })).toBeNull();
  });

  it('wants at least 12 characters', () => {
    expect(passwordWeakness('elevenchars')).toBe('Use at least 12 characters');
    expect(passwordWeakness('twelve chars')).toBeNull();
  });

  it.each(['password1234', 'PASSWORD1234', 'qwerty123456', '123456789012', 'iloveyou2024!', 'sunshine!!!!', 'football1234'])(
    'refuses the common password %j',
    (p) => {
      expect(passwordWeakness(p)).toMatch(/common|easy to guess/);
    },
  );

  it.each(['tandem123456', 'Recovery2026!', 'naloxone1234', 'welcome12345'])('refuses the guessable %j', (p) => {
    expect(passwordWeakness(p)).not.toBeNull();
  });

  it('refuses a password made of three characters or fewer', () => {
    expect(passwordWeakness('aaaaaaaaaaaa')).toBe('Use more than three different characters');
    expect(passwordWeakness('abcabcabcabc')).toBe('Use more than three different characters');
  });

  it('refuses the person’s e-mail or name inside it, in any case', () => {
    const ana = { email: 'areyes@tandem.test', name: 'Ana Maria Reyes' };
    expect(passwordWeakness('my AREYES passphrase', ana)).toBe('Do not use your e-mail address in your password');
    expect(passwordWeakness('blue reyes lantern', ana)).toBe('Do not use your name in your password');
    expect(passwordWeakness('sunny maria garden', ana)).toBe('Do not use your name in your password');
    // Short name parts ("Ana") are too common inside words to forbid.
    expect(passwordWeakness('banana orchard rain', ana)).toBeNull();
  });
});

describe('hashPassword and verifyPassword', () => {
  it('stores argon2id and checks the password against it', async () => {
    const hash = await hashPassword('river stone lantern 42');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain('river');
    expect(await verifyPassword(hash, 'river stone lantern 42')).toBe(true);
    expect(await verifyPassword(hash, 'river stone lantern 43')).toBe(false);
    expect(await hashPassword('river stone lantern 42')).not.toBe(hash); // salted
  });

  it('says no, without throwing, when there is no hash or a damaged one', async () => {
    expect(await verifyPassword(null, 'anything at all')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'anything at all')).toBe(false);
  });
});
