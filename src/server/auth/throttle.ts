/**
 * Account lockout after repeated failed sign-ins. Counted per e-mail as typed,
 * whether or not the account exists, so the answer never reveals which
 * addresses are real.
 */
import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { loginThrottle } from './auth.table.ts';
import { hashSecret } from './secrets.ts';

export function emailKey(email: string): string {
  return hashSecret(`login:${email.trim().toLowerCase()}`);
}

export interface ThrottlePolicy {
  lockoutThreshold: number;
  lockoutSeconds: number;
}

export async function isLocked(q: Queryable, email: string, now: Date): Promise<boolean> {
  const [row] = await q.select().from(loginThrottle).where(eq(loginThrottle.emailHash, emailKey(email)));
  return !!row?.lockedUntil && row.lockedUntil > now;
}

export async function recordFailure(q: Queryable, email: string, now: Date, policy: ThrottlePolicy): Promise<void> {
  const key = emailKey(email);
  const [row] = await q.select().from(loginThrottle).where(eq(loginThrottle.emailHash, key)).for('update');
  const windowMs = policy.lockoutSeconds * 1000;
  // Failures older than one lockout period no longer count.
  const fresh = row && now.getTime() - row.firstFailureAt.getTime() < windowMs && !(row.lockedUntil && row.lockedUntil <= now);
  const failures = fresh ? row.failures + 1 : 1;
  const firstFailureAt = fresh ? row.firstFailureAt : now;
  const lockedUntil = failures >= policy.lockoutThreshold ? new Date(now.getTime() + windowMs) : null;
  await q
    .insert(loginThrottle)
    .values({ emailHash: key, failures, firstFailureAt, lockedUntil })
    .onConflictDoUpdate({ target: loginThrottle.emailHash, set: { failures, firstFailureAt, lockedUntil } });
}

export async function clearFailures(q: Queryable, email: string): Promise<void> {
  await q.delete(loginThrottle).where(eq(loginThrottle.emailHash, emailKey(email)));
}
