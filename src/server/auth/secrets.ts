import { createHash, randomBytes } from 'node:crypto';

/** A random secret for cookies, invitation links and API tokens (256 bits, URL-safe). */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Secrets are stored only as this hash: a copy of the database does not hand out sessions. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export const API_TOKEN_PREFIX = 'tdm_';
