/**
 * Critical events of a participant: overdoses, ED visits, hospital stays,
 * arrests, re-incarceration, death. Recorded with the days since release (fixed
 * at recording) so the first 30 days after release can be flagged. A death or
 * fatal overdose closes the open enrollment as `deceased` through the
 * enrollments service and the open referrals as `participant_deceased`, only
 * once the caller confirms it (409 otherwise, and nothing is recorded). Audited in the same transaction: field names, never values.
 */
import {
  daysSinceRelease,
  isFatal,
  withinPostReleaseWindow,
  type CriticalEvent,
  type CriticalEventInput,
  type CriticalEventKind,
} from '../../core/events.ts';
import { participantListAudit, recordAudit } from '../audit/audit.service.ts';
import { isoDateIn } from '../clock.ts';
import type { Tx } from '../db/database.ts';
import { dischargeEnrollment, listEnrollments } from '../enrollments/enrollments.service.ts';
import { closeOpenReferralsOnDeath, openReferralsOf } from '../referrals/referrals.service.ts';
import type { Actor } from '../http/actor.ts';
import { Conflict, NotFound, ValidationError } from '../http/errors.ts';
import { requireVisibleParticipant } from '../participants/participants.service.ts';
import { getVisibleSite } from '../sites/sites.service.ts';
import { eventRows, insertEvent, insertEvents, latestEventRows, loadEvents } from './events.repository.ts';

const actorId = (actor: Actor) => (actor.via === 'system' ? null : actor.userId);

function toEvent(b: Awaited<ReturnType<typeof loadEvents>>[number]): CriticalEvent {
  const r = b.row;
  return {
    id: r.id,
    participantId: r.participantId,
    siteId: r.siteId,
    kind: r.kind,
    occurredOn: r.occurredOn,
    source: r.source,
    cause: r.cause,
    notes: r.notes,
    daysSinceRelease: r.daysSinceRelease,
    withinPostReleaseWindow: withinPostReleaseWindow(r.daysSinceRelease),
    closedEnrollmentId: r.closedEnrollmentId,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy ? { id: r.createdBy, name: b.createdByName ?? '' } : null,
  };
}

export async function listCriticalEvents(tx: Tx, actor: Actor, participantId: string, now: Date): Promise<{ items: CriticalEvent[] }> {
  await requireVisibleParticipant(tx, actor, participantId);
  const items = (await loadEvents(tx, participantId)).map(toEvent);
  await recordAudit(tx, actor, now, participantListAudit('critical_event.list', participantId, { eventIds: items.map((e) => e.id) }));
  return { items };
}

const FIELDS = ['kind', 'occurredOn', 'source', 'cause', 'notes'] as const;

/**
 * Records an event. For a death or fatal overdose while an enrollment or a
 * referral is open, `confirmCloseEnrollment: true` is required (else 409
 * `confirmation_required` naming what would close, and nothing changes); the
 * enrollment is then discharged as `deceased` on the day of death (or its
 * enrollment day, if the death was recorded as earlier) and each open referral
 * closed as `participant_deceased`.
 */
export async function recordCriticalEvent(tx: Tx, actor: Actor, participantId: string, input: CriticalEventInput, now: Date): Promise<CriticalEvent> {
  const participant = await requireVisibleParticipant(tx, actor, participantId, { forUpdate: true });
  const site = await getVisibleSite(tx, actor, participant.siteId);
  const today = isoDateIn(now, site.timeZone);
  if (input.occurredOn > today) throw new ValidationError([{ path: 'occurredOn', message: 'Cannot be in the future' }]);

  let toClose: { id: string; version: number; enrolledOn: string } | null = null;
  if (isFatal(input.kind)) {
    const open = (await listEnrollments(tx, actor, participantId, now)).find((e) => e.dischargedOn === null);
    const referrals = await openReferralsOf(tx, participantId);
    if ((open || referrals.length > 0) && input.confirmCloseEnrollment !== true) {
      const what = [
        open ? `open enrollment (enrolled on ${open.enrolledOn}) with the reason "deceased"` : null,
        referrals.length > 0
          ? `${referrals.length === 1 ? 'open referral' : `${String(referrals.length)} open referrals`} (${referrals.map((r) => r.resourceName).join(', ')}) as "participant deceased"`
          : null,
      ].filter(Boolean);
      throw new Conflict(`Recording a death closes ${participant.firstName}'s ${what.join(', and ')}. Confirm to record it.`, 'confirmation_required', [
        { path: 'confirmCloseEnrollment', message: 'Confirm that what is open is to be closed' },
      ]);
    }
    if (open) toClose = { id: open.id, version: open.version, enrolledOn: open.enrolledOn };
  }

  const days = daysSinceRelease(participant.releaseDate, input.occurredOn);
  const { id } = await insertEvent(tx, {
    participantId,
    siteId: participant.siteId,
    kind: input.kind,
    occurredOn: input.occurredOn,
    source: input.source,
    cause: input.cause ?? null,
    notes: input.notes ?? null,
    daysSinceRelease: days,
    closedEnrollmentId: toClose?.id ?? null,
    createdAt: now,
    createdBy: actorId(actor),
  });
  await recordAudit(tx, actor, now, {
    action: 'critical_event.create',
    recordType: 'critical_event',
    recordId: id,
    participantId,
    details: { fields: FIELDS.filter((f) => input[f] !== undefined && input[f] !== null) },
  });
  if (toClose) {
    const dischargedOn = input.occurredOn < toClose.enrolledOn ? toClose.enrolledOn : input.occurredOn;
    await dischargeEnrollment(tx, actor, participantId, toClose.id, { version: toClose.version, dischargedOn, reason: 'deceased', note: null }, now);
  }
  // Nobody should be waiting on a referral for someone who has died.
  if (isFatal(input.kind)) await closeOpenReferralsOnDeath(tx, actor, participantId, now);
  const [bundle] = await loadEvents(tx, participantId, id);
  if (!bundle) throw new NotFound('Critical event');
  return toEvent(bundle);
}

/**
 * For reports: events at these sites between two dates (inclusive), with the
 * post-release flag. The caller has scoped the sites to what its actor may see
 * and audits what it shows; this writes no audit rows.
 */
export async function criticalEventFacts(
  tx: Tx,
  siteIds: readonly string[],
  range: { from: string; to: string },
): Promise<{ participantId: string; siteId: string; kind: CriticalEventKind; occurredOn: string; withinPostReleaseWindow: boolean }[]> {
  const rows = await eventRows(tx, siteIds, range.from, range.to);
  return rows.map((r) => ({ ...r, withinPostReleaseWindow: withinPostReleaseWindow(r.daysSinceRelease) }));
}

/**
 * For the demo seed (and a later import): several events of one participant in
 * one statement, held to the API's rules and audited as it would have audited
 * them. Deaths are refused here: they close enrollments and go through
 * recordCriticalEvent.
 */
export async function importCriticalEvents(
  tx: Tx,
  actor: Actor,
  participantId: string,
  items: readonly { input: CriticalEventInput; at: Date }[],
  now: Date,
): Promise<number> {
  if (items.length === 0) return 0;
  const participant = await requireVisibleParticipant(tx, actor, participantId);
  const site = await getVisibleSite(tx, actor, participant.siteId);
  const today = isoDateIn(now, site.timeZone);
  for (const { input } of items) {
    if (isFatal(input.kind)) throw new Error('importCriticalEvents: record a death with recordCriticalEvent');
    if (input.occurredOn > today) throw new ValidationError([{ path: 'occurredOn', message: 'Cannot be in the future' }]);
  }
  const rows = await insertEvents(
    tx,
    items.map(({ input, at }) => ({
      participantId,
      siteId: participant.siteId,
      kind: input.kind,
      occurredOn: input.occurredOn,
      source: input.source,
      cause: null,
      notes: input.notes ?? null,
      daysSinceRelease: daysSinceRelease(participant.releaseDate, input.occurredOn),
      closedEnrollmentId: null,
      createdAt: at,
      createdBy: actorId(actor),
    })),
  );
  for (const [i, row] of rows.entries()) {
    const item = items[i];
    if (!item) continue;
    await recordAudit(tx, actor, item.at, {
      action: 'critical_event.create',
      recordType: 'critical_event',
      recordId: row.id,
      participantId,
      details: { fields: FIELDS.filter((f) => item.input[f] !== undefined && item.input[f] !== null) },
    });
  }
  return rows.length;
}

/**
 * For the worklist: each participant's latest non-fatal overdose on or after
 * `since` (YYYY-MM-DD). The caller has scoped the ids and audits what it shows;
 * this writes no audit rows.
 */
export async function recentOverdoses(tx: Tx, participantIds: readonly string[], since: string): Promise<Map<string, string>> {
  const rows = await latestEventRows(tx, participantIds, ['non_fatal_overdose'], since);
  return new Map(rows.map((r) => [r.participantId, r.occurredOn]));
}
