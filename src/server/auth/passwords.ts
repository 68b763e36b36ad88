/** Password hashing (argon2id) and the policy every new password must meet. */
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MIN_LENGTH } from '../../core/schemas.ts';

// algorithm 2 is Argon2id (a const enum in the typings, which isolated modules cannot read).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

// Verifying against this when no user matches keeps unknown e-mails as slow as known ones.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword('not-a-real-password-for-timing');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}

const COMMON = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
const PRODUCT_WORDS = ['tandem', 'recovery', 'naloxone', 'narcan', 'password', 'letmein', 'welcome'];

/** Returns why a password is too weak, or null when it is acceptable. */
export function passwordWeakness(password: string, personal: { email?: string; name?: string } = {}): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters`;
  const lower = password.toLowerCase();
  // "Summer2024!!" is "summer" with decoration: strip digits and symbols at the ends and check the core too.
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  if (COMMON.has(lower) || (core.length >= 4 && COMMON.has(core))) {
    return 'This password is too common; choose a longer phrase of unrelated words';
  }
  if (new Set(lower).size <= 3) return 'Use more than three different characters';
  if (PRODUCT_WORDS.some((w) => core === w || lower.startsWith(w) && core.length <= w.length + 2)) {
    return 'This password is too easy to guess';
  }
  const local = personal.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'Do not use your e-mail address in your password';
  for (const part of (personal.name ?? '').toLowerCase().split(/\s+/)) {
    if (part.length >= 4 && lower.includes(part)) return 'Do not use your name in your password';
  }
  return null;
}
