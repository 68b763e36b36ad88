/**
 * Emergency access ("break the glass"). A user who does casework at their own
 * sites finds a person of another site by last name and date of birth, gives a
 * reason, and may then open and work on that one record for an hour. The
 * participant choke points (participants.service.ts, through
 * emergency-access.grants.ts) let the request through and write a flagged audit
 * row; lists, searches and the worklist never show the person. A program
 * administrator reviews every access afterwards.
 */
import {
  EMERGENCY_ACCESS_MINUTES,
  EMERGENCY_LOOKUP_MAX,
  type EmergencyAccessInput,
  type EmergencyAccessListQuery,
  type EmergencyAccessReviewItem,
  type EmergencyLookupMatch,
  type EmergencyLookupQuery,
  type EmergencyReviewInput,
  type MyEmergencyAccess,
} from '../../core/emergency-access.ts';
import { displayName } from '../../core/names.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Tx } from '../db/database.ts';
import { canSeeSite, type Actor } from '../http/actor.ts';
import { Conflict, NotFound } from '../http/errors.ts';
import { locateParticipant, lookupAcrossSites } from '../participants/participants.service.ts';
import {
  findAccess,
  insertAccess,
  listForReview,
  listRunning,
  lockUserParticipant,
  markEnded,
  markReviewed,
  type ReviewRow,
} from './emergency-access.repository.ts';

/**
 * Finds the person to open: every site, exact last name and date of birth, a few
 * matches at most, and of each only the name, birth year and site. Audited: one
 * row for the lookup (how many matched, which were shown) and one for each
 * person shown, in their own trail. What was typed is not stored.
 */
export async function lookup(
  tx: Tx,
  actor: Actor,
  query: EmergencyLookupQuery,
  now: Date,
): Promise<{ items: EmergencyLookupMatch[]; truncated: boolean }> {
  const matches = await lookupAcrossSites(tx, query.lastName, query.dateOfBirth);
  const shown = matches.slice(0, EMERGENCY_LOOKUP_MAX);
  await recordAudit(tx, actor, now, [
    { action: 'emergency_access.lookup', recordType: 'emergency_lookup', details: { matches: matches.length, matchedIds: shown.map((m) => m.id) } },
    ...shown.map((m) => ({
      action: 'participant.emergency_lookup',
      recordType: 'participant',
      recordId: m.id,
      participantId: m.id,
      details: { matches: matches.length },
    })),
  ]);
  return {
    items: shown.map((m) => ({ id: m.id, name: m.name, birthYear: m.birthYear, siteName: m.siteName, atYourSite: canSeeSite(actor, m.siteId) })),
    truncated: matches.length > shown.length,
  };
}

type RunningRow = Awaited<ReturnType<typeof listRunning>>[number];

const mine = (r: RunningRow): MyEmergencyAccess => ({
  id: r.id,
  participantId: r.participantId,
  participantName: displayName(r),
  siteName: r.siteName,
  reason: r.reason,
  openedAt: r.openedAt.toISOString(),
  expiresAt: r.expiresAt.toISOString(),
});

/**
 * Opens an access to a participant of another site for an hour. Asked again
 * while one is running, the running one is answered as it is: an access never
 * lasts longer than an hour from the reason given for it, so working longer
 * takes a new reason once it has ended.
 */
export async function openAccess(
  tx: Tx,
  actor: Actor,
  participantId: string,
  input: EmergencyAccessInput,
  now: Date,
): Promise<{ access: MyEmergencyAccess; created: boolean }> {
  const located = await locateParticipant(tx, participantId);
  if (!located) throw new NotFound('Participant');
  if (canSeeSite(actor, located.siteId)) {
    throw new Conflict('This participant is at one of your sites: open their record as usual', 'already_visible');
  }
  await lockUserParticipant(tx, actor.userId, participantId);
  const [running] = await listRunning(tx, actor.userId, now, participantId);
  if (running) {
    await recordAudit(tx, actor, now, {
      action: 'participant.emergency_access_open',
      recordType: 'participant',
      recordId: participantId,
      participantId,
      details: { breakTheGlass: running.id, alreadyOpen: true },
    });
    return { access: mine(running), created: false };
  }
  const row = await insertAccess(tx, {
    userId: actor.userId,
    participantId,
    siteId: located.siteId,
    reason: input.reason,
    openedAt: now,
    expiresAt: new Date(now.getTime() + EMERGENCY_ACCESS_MINUTES * 60_000),
  });
  // The reason stays in emergency_accesses: free text may name clinical facts, and the trail holds no values.
  await recordAudit(tx, actor, now, {
    action: 'participant.emergency_access_open',
    recordType: 'participant',
    recordId: participantId,
    participantId,
    details: { breakTheGlass: row.id, siteId: located.siteId, expiresAt: row.expiresAt.toISOString() },
  });
  const [opened] = await listRunning(tx, actor.userId, now, participantId);
  if (!opened) throw new Error('the access just opened is not running');
  return { access: mine(opened), created: true };
}

/** The caller's accesses running now (for the banner on the participant's page). Each one listed is flagged in the trail. */
export async function listMine(tx: Tx, actor: Actor, now: Date): Promise<MyEmergencyAccess[]> {
  const rows = await listRunning(tx, actor.userId, now);
  await recordAudit(
    tx,
    actor,
    now,
    rows.map((r) => ({
      action: 'participant.emergency_access_list',
      recordType: 'participant',
      recordId: r.participantId,
      participantId: r.participantId,
      details: { breakTheGlass: r.id },
    })),
  );
  return rows.map(mine);
}

function reviewItem(r: ReviewRow, now: Date): EmergencyAccessReviewItem {
  return {
    id: r.id,
    user: { id: r.userId, name: r.userName, role: r.userRole },
    participant: { id: r.participantId, name: displayName(r), siteName: r.siteName },
    reason: r.reason,
    openedAt: r.openedAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
    active: r.expiresAt > now && r.endedAt === null,
    requests: r.requests,
    auditRows: r.auditRows,
    review:
      r.reviewedAt && r.reviewedBy
        ? { at: r.reviewedAt.toISOString(), by: { id: r.reviewedBy, name: r.reviewerName ?? '' }, note: r.reviewNote }
        : null,
  };
}

/**
 * The user closes their own running access before the hour is up (they are
 * done): from now the participant is "not found" for them again.
 */
export async function endAccess(tx: Tx, actor: Actor, id: string, now: Date): Promise<void> {
  const row = await findAccess(tx, id, { forUpdate: true });
  // Another user's access, like one that does not exist, is not found.
  if (!row || row.userId !== actor.userId) throw new NotFound('Emergency access');
  if (row.endedAt || row.expiresAt <= now) throw new Conflict('This emergency access has already ended', 'already_ended');
  await markEnded(tx, id, now);
  await recordAudit(tx, actor, now, {
    action: 'participant.emergency_access_end',
    recordType: 'participant',
    recordId: row.participantId,
    participantId: row.participantId,
    details: { breakTheGlass: id },
  });
}

/** For program administrators: accesses to review (or all of them), newest first. Reading the list is audited per access. */
export async function listForReviewers(tx: Tx, actor: Actor, query: EmergencyAccessListQuery, now: Date): Promise<EmergencyAccessReviewItem[]> {
  const rows = await listForReview(tx, { unreviewedOnly: query.status === 'unreviewed', limit: query.limit });
  await recordAudit(
    tx,
    actor,
    now,
    rows.map((r) => ({
      action: 'emergency_access.review_list',
      recordType: 'emergency_access',
      recordId: r.id,
      participantId: r.participantId,
      details: { emergencyAccessId: r.id },
    })),
  );
  return rows.map((r) => reviewItem(r, now));
}

/**
 * Marks an access reviewed, with an optional note. Only once it has ended, so that
 * what the review covers is complete; once only.
 */
export async function review(tx: Tx, actor: Actor, id: string, input: EmergencyReviewInput, now: Date): Promise<EmergencyAccessReviewItem> {
  const row = await findAccess(tx, id, { forUpdate: true });
  if (!row) throw new NotFound('Emergency access');
  if (row.reviewedAt) throw new Conflict('This emergency access was already reviewed', 'already_reviewed');
  if (row.expiresAt > now && row.endedAt === null) {
    throw new Conflict('This emergency access is still running: review it once it has ended, when what was done under it is complete', 'still_active');
  }
  await markReviewed(tx, id, now, actor.userId, input.note ?? null);
  await recordAudit(tx, actor, now, {
    action: 'emergency_access.review',
    recordType: 'emergency_access',
    recordId: id,
    participantId: row.participantId,
    details: { emergencyAccessId: id, withNote: input.note != null },
  });
  const [reviewed] = await listForReview(tx, { unreviewedOnly: false, limit: 1, id });
  if (!reviewed) throw new NotFound('Emergency access');
  return reviewItem(reviewed, now);
}
