/**
 * Removes sign-in records that no longer protect anything: ended sessions, old
 * failed-sign-in counters, used or expired invitation links. Every app server may
 * run it; it is idempotent. The audit trail is never touched.
 */
import { and, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { invitations, loginThrottle, sessions } from './auth.table.ts';

const DAY = 86_400_000;
/** Ended sessions are kept this long, for support questions ("was I signed out?"). */
const KEEP_ENDED_SESSIONS_DAYS = 7;
const KEEP_INVITATIONS_DAYS = 90;

export interface SweepResult {
  sessions: number;
  throttles: number;
  invitations: number;
}

export async function sweepExpiredCredentials(db: Db, now: Date): Promise<SweepResult> {
  const sessionCutoff = new Date(now.getTime() - KEEP_ENDED_SESSIONS_DAYS * DAY);
  const dayAgo = new Date(now.getTime() - DAY);
  const invitationCutoff = new Date(now.getTime() - KEEP_INVITATIONS_DAYS * DAY);
  return db.transaction(async (tx) => {
    const s = await tx
      .delete(sessions)
      .where(or(lt(sessions.revokedAt, sessionCutoff), lt(sessions.expiresAt, sessionCutoff)))
      .returning({ id: sessions.idHash });
    // A lockout is over and its failures no longer count after one lockout period; a day is ample.
    const t = await tx
      .delete(loginThrottle)
      .where(and(lt(loginThrottle.firstFailureAt, dayAgo), or(isNull(loginThrottle.lockedUntil), lt(loginThrottle.lockedUntil, now))))
      .returning({ id: loginThrottle.emailHash });
    const i = await tx
      .delete(invitations)
      .where(or(lt(invitations.usedAt, invitationCutoff), lt(invitations.expiresAt, invitationCutoff)))
      .returning({ id: invitations.id });
    return { sessions: s.length, throttles: t.length, invitations: i.length };
  });
}
