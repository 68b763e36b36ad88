/**
 * What the participant choke points (participants.service.ts) ask of emergency
 * access: has this user an access open to these participants at the request's
 * time, and the flagged audit row for a request that used one. Kept apart from
 * the service so that the participants feature can call it without a cycle.
 */
import { and, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.service.ts';
import type { Tx } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { emergencyAccesses } from './emergency-access.table.ts';

/** The audit action of a request that reached a participant through an emergency access. */
export const EMERGENCY_ACCESS_USED = 'participant.emergency_access_used';

/**
 * Of these participants, the ones this actor has an emergency access open to at
 * the request's time: participant id → access id. Empty for an actor without the
 * per-request scope (the CLI, a program administrator, a role without the permission).
 */
export async function openEmergencyAccesses(tx: Tx, actor: Actor, participantIds: readonly string[]): Promise<Map<string, string>> {
  const scope = actor.emergencyAccess;
  if (!scope || participantIds.length === 0) return new Map();
  const rows = await tx
    .select({ id: emergencyAccesses.id, participantId: emergencyAccesses.participantId })
    .from(emergencyAccesses)
    .where(
      and(
        eq(emergencyAccesses.userId, actor.userId),
        inArray(emergencyAccesses.participantId, [...participantIds]),
        lte(emergencyAccesses.openedAt, scope.at),
        gt(emergencyAccesses.expiresAt, scope.at),
        or(isNull(emergencyAccesses.endedAt), gt(emergencyAccesses.endedAt, scope.at)),
      ),
    );
  return new Map(rows.map((r) => [r.participantId, r.id]));
}

/** Accesses already flagged in a transaction: a request that checks the participant several times writes one row. */
const flaggedIn = new WeakMap<Tx, Set<string>>();

/**
 * A request reached this participant through emergency access: one audit row
 * flagged with the access id (beside the feature's own row), and the
 * participant's site becomes readable for the rest of the request.
 */
export async function flagEmergencyUse(tx: Tx, actor: Actor, accessId: string, participant: { id: string; siteId: string }): Promise<void> {
  const scope = actor.emergencyAccess;
  if (!scope) return;
  scope.siteIds.add(participant.siteId);
  const seen = flaggedIn.get(tx) ?? new Set<string>();
  flaggedIn.set(tx, seen);
  if (seen.has(accessId)) return;
  seen.add(accessId);
  await recordAudit(tx, actor, scope.at, {
    action: EMERGENCY_ACCESS_USED,
    recordType: 'participant',
    recordId: participant.id,
    participantId: participant.id,
    details: { breakTheGlass: accessId, route: scope.route },
  });
}
