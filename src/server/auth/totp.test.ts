import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, timeStep, totpCode } from './totp.ts';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890";
// the table gives eight digits, of which a six-digit code is the last six.
const SEED = base32Encode(Buffer.from('12345678901234567890', 'ascii'));
const VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238, SHA-1)', () => {
  it.each(VECTORS)('at %i seconds gives %s', (seconds, expected) => {
    const at = new Date(seconds * 1000);
    expect(totpCode(SEED, at, 8)).toBe(expected);
    expect(totpCode(SEED, at)).toBe(expected.slice(2));
  });

  it('matches RFC 4226 HOTP values for the first counters', () => {
    const key = Buffer.from('12345678901234567890', 'ascii');
    expect([0, 1, 2, 9].map((c) => hotp(key, c))).toEqual(['755224', '287082', '359152', '520489']);
  });

  it('round-trips base32 and ignores spaces, dashes and case in a typed secret', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 7]);
    const text = base32Encode(bytes);
    expect(base32Decode(text)).toEqual(bytes);
    expect(base32Decode(text.toLowerCase().replace(/(.{4})/g, '$1 '))).toEqual(bytes);
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI'); // RFC 4648 §10
    expect(() => base32Decode('not base32!')).toThrow();
  });

  it('accepts one step either side, refuses further ones and a step already used', () => {
    const at = new Date(1111111111 * 1000);
    const step = timeStep(at);
    const before = totpCode(SEED, new Date(at.getTime() - 30_000));
    const after = totpCode(SEED, new Date(at.getTime() + 30_000));
    const far = totpCode(SEED, new Date(at.getTime() - 60_000));
    expect(matchTotp(SEED, totpCode(SEED, at), at, null)).toBe(step);
    expect(matchTotp(SEED, before, at, null)).toBe(step - 1);
    expect(matchTotp(SEED, after, at, null)).toBe(step + 1);
    expect(matchTotp(SEED, far, at, null)).toBeNull();
    expect(matchTotp(SEED, totpCode(SEED, at), at, step)).toBeNull();
    expect(matchTotp(SEED, before, at, step - 1)).toBeNull();
    expect(matchTotp(SEED, after, at, step)).toBe(step + 1);
    expect(matchTotp(SEED, '12345', at, null)).toBeNull();
    expect(matchTotp(SEED, 'abcdef', at, null)).toBeNull();
  });

  it('writes the otpauth address authenticator apps read', () => {
    expect(otpauthUri('JBSWY3DPEHPK3PXP', 'pat@tandem.test')).toBe(
      'otpauth://totp/Tandem:pat%40tandem.test?secret=JBSWY3DPEHPK3PXP&issuer=Tandem&algorithm=SHA1&digits=6&period=30',
    );
  });
});
