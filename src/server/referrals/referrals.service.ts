/**
 * Closed-loop referrals: make one (a draft), move it along its lifecycle (the
 * table in core/referrals.ts; anything else is 409), each step an event with its
 * time and author. Sending shares the participant's information with an outside
 * organization: it needs an active Part 2 consent covering that organization and
 * purpose (409 `consent_required` naming what is missing), and it is written into
 * the accounting of disclosures. Every read and write is audited in the same
 * transaction; the participant must be visible to the actor (404 otherwise).
 */
import { REDISCLOSURE_NOTICE, REFERRAL_DISCLOSES, REFERRAL_PURPOSES } from '../../core/consents.ts';
import {
  canTransition,
  DECEASED_OUTCOME,
  FHIR_TASK_STATUS,
  nextStatuses,
  OPEN_REFERRAL_STATUSES,
  REFERRAL_STALLED_DAYS,
  transitionIssues,
  type Referral,
  type ReferralEvent,
  type ReferralStatus,
  type ReferralSummary,
  type ReferralStep,
  type ReferralUrgency,
} from '../../core/referrals.ts';
import type { z } from 'zod';
import type { referralCreateInput } from '../../core/referrals.ts';
import { participantListAudit, recordAudit } from '../audit/audit.service.ts';
import { isoDateIn } from '../clock.ts';
import { checkConsentFor } from '../consents/consents.service.ts';
import { recordDisclosure } from '../consents/disclosures.service.ts';
import type { Tx } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { Conflict, NotFound, StaleVersion, ValidationError } from '../http/errors.ts';
import { requireVisibleParticipant } from '../participants/participants.service.ts';
import { getResource } from '../resources/resources.service.ts';
import { getVisibleSite } from '../sites/sites.service.ts';
import {
  findReferral,
  insertEvents,
  insertReferrals,
  loadEvents,
  loadReferral,
  loadReferrals,
  moudAppointmentRows,
  openReferralsMovedBy,
  updateReferralRow,
  type ReferralRow,
  type ReferralValues,
} from './referrals.repository.ts';

export type ReferralCreate = z.output<typeof referralCreateInput>;

/** Who a referral's rows name as its author: nobody for the system. */
export const actorId = (actor: Actor) => (actor.via === 'system' ? null : actor.userId);

function toSummary(r: ReferralRow, createdByName: string | null): ReferralSummary {
  return {
    id: r.id,
    participantId: r.participantId,
    siteId: r.siteId,
    need: r.need,
    urgency: r.urgency,
    resource: { id: r.resourceId, name: r.resourceName },
    service: r.serviceName !== null ? { id: r.serviceId, name: r.serviceName } : null,
    location: r.locationName !== null ? { id: r.locationId, name: r.locationName } : null,
    notes: r.notes,
    status: r.status,
    next: [...nextStatuses(r.status)],
    appointment: r.appointmentOn ? { on: r.appointmentOn, time: r.appointmentTime, place: r.appointmentPlace } : null,
    outcome: r.outcome,
    consentId: r.consentId,
    sentAt: r.sentAt?.toISOString() ?? null,
    movedAt: r.movedAt.toISOString(),
    fhirTaskStatus: FHIR_TASK_STATUS[r.status].status,
    notice: r.sentAt ? REDISCLOSURE_NOTICE : null,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy ? { id: r.createdBy, name: createdByName ?? '' } : null,
  };
}

async function loadFull(tx: Tx, id: string): Promise<Referral> {
  const found = await loadReferral(tx, id);
  if (!found) throw new NotFound('Referral');
  const events: ReferralEvent[] = (await loadEvents(tx, id)).map(({ row: e, byName }) => ({
    id: e.id,
    from: e.fromStatus,
    to: e.toStatus,
    at: e.at.toISOString(),
    by: e.by ? { id: e.by, name: byName ?? '' } : null,
    appointmentOn: e.appointmentOn,
    appointmentTime: e.appointmentTime,
    appointmentPlace: e.appointmentPlace,
    outcome: e.outcome,
    note: e.note,
  }));
  return { ...toSummary(found.row, found.createdByName), events };
}

export async function listReferrals(
  tx: Tx,
  actor: Actor,
  participantId: string,
  query: { status?: ReferralStatus[] | undefined },
  now: Date,
): Promise<{ items: ReferralSummary[] }> {
  await requireVisibleParticipant(tx, actor, participantId);
  const items = (await loadReferrals(tx, participantId, query.status)).map((r) => toSummary(r.row, r.createdByName));
  await recordAudit(tx, actor, now, participantListAudit('referral.list', participantId, { referralIds: items.map((r) => r.id) }));
  return { items };
}

/** A referral by its own id: 404 when it does not exist or its participant is not visible to the actor. */
async function requireVisibleReferral(tx: Tx, actor: Actor, id: string, forUpdate = false) {
  const row = await findReferral(tx, id, { forUpdate });
  if (!row) throw new NotFound('Referral');
  const participant = await requireVisibleParticipant(tx, actor, row.participantId).catch((err: unknown) => {
    throw err instanceof NotFound ? new NotFound('Referral') : err;
  });
  return { row, participant };
}

export async function getReferral(tx: Tx, actor: Actor, id: string, now: Date): Promise<Referral> {
  const { row } = await requireVisibleReferral(tx, actor, id);
  await recordAudit(tx, actor, now, { action: 'referral.read', recordType: 'referral', recordId: id, participantId: row.participantId });
  return loadFull(tx, id);
}

/** The organization referred to: in the directory and not archived (400 naming resourceId otherwise). */
export async function referable(tx: Tx, resourceId: string) {
  const resource = await getResource(tx, resourceId).catch((err: unknown) => {
    if (err instanceof NotFound) throw new ValidationError([{ path: 'resourceId', message: 'No such organization in the resource directory' }]);
    throw err;
  });
  if (resource.archived) throw new ValidationError([{ path: 'resourceId', message: 'This organization is archived in the directory' }]);
  return resource;
}

/** The organization's service and location named by a referral: each must be the organization's, and the service offered there. */
function serviceAndLocation(resource: Awaited<ReturnType<typeof referable>>, input: ReferralCreate) {
  const service = input.serviceId === null ? null : resource.services.find((x) => x.id === input.serviceId);
  if (service === undefined) throw new ValidationError([{ path: 'serviceId', message: 'No such service at this organization' }]);
  const at = input.locationId === null ? -1 : resource.locations.findIndex((l) => l.id === input.locationId);
  const location = resource.locations[at] ?? null;
  if (input.locationId !== null && !location) throw new ValidationError([{ path: 'locationId', message: 'No such location of this organization' }]);
  if (service && location && !service.atLocations.includes(at)) {
    throw new ValidationError([{ path: 'locationId', message: 'The service is not offered at this location' }]);
  }
  const label = (l: NonNullable<typeof location>) => l.name ?? ([l.address1, l.city].filter(Boolean).join(', ') || resource.name);
  return {
    serviceId: service?.id ?? null,
    serviceName: service?.name ?? null,
    locationId: location?.id ?? null,
    locationName: location ? label(location) : null,
  };
}

/** A new referral, as a draft: nothing is shared until it is sent. */
export async function createReferral(tx: Tx, actor: Actor, participantId: string, input: ReferralCreate, now: Date): Promise<Referral> {
  const participant = await requireVisibleParticipant(tx, actor, participantId);
  const resource = await referable(tx, input.resourceId);
  const where = serviceAndLocation(resource, input);
  const by = actorId(actor);
  const [row] = await insertReferrals(tx, [
    {
      participantId,
      siteId: participant.siteId,
      resourceId: resource.id,
      resourceName: resource.name,
      ...where,
      need: input.need,
      urgency: input.urgency,
      notes: input.notes,
      status: 'draft',
      movedAt: now,
      createdAt: now,
      createdBy: by,
    },
  ]);
  if (!row) throw new Error('insert returned no row');
  await insertEvents(tx, [{ referralId: row.id, fromStatus: null, toStatus: 'draft', version: 1, at: now, by }]);
  await recordAudit(tx, actor, now, {
    action: 'referral.create',
    recordType: 'referral',
    recordId: row.id,
    participantId,
    details: { fields: ['need', 'resourceId', 'urgency', ...(where.serviceId ? ['serviceId'] : []), ...(where.locationId ? ['locationId'] : []), ...(input.notes ? ['notes'] : [])] },
  });
  return loadFull(tx, row.id);
}

const STATUS_WORDS: Record<ReferralStatus, string> = {
  draft: 'a draft',
  sent: 'sent',
  accepted: 'accepted',
  declined: 'declined',
  appointment_scheduled: 'scheduled for an appointment',
  attended: 'attended',
  no_show: 'a no-show',
  completed: 'completed',
  closed: 'closed',
};

/**
 * One step of the lifecycle (send the version you read). 409 `stale_version` when
 * someone moved it first, 409 `illegal_transition` for a step the table does not
 * allow, 409 `consent_required` for a send without a consent that covers it.
 */
export async function transitionReferral(tx: Tx, actor: Actor, id: string, input: ReferralStep, now: Date): Promise<Referral> {
  const { row, participant } = await requireVisibleReferral(tx, actor, id, true);
  if (row.version !== input.version) throw new StaleVersion('referral');
  if (!canTransition(row.status, input.to)) {
    const next = nextStatuses(row.status);
    throw new Conflict(
      `A referral that is ${STATUS_WORDS[row.status]} cannot become ${STATUS_WORDS[input.to]}` +
        (next.length ? ` (next: ${next.join(', ')}).` : ': it is finished.'),
      'illegal_transition',
    );
  }
  const issues = transitionIssues(input);
  if (issues.length) throw new ValidationError(issues);

  const values: Partial<ReferralValues> = { status: input.to, movedAt: now };
  const event = {
    referralId: id,
    fromStatus: row.status,
    toStatus: input.to,
    version: input.version + 1,
    at: now,
    by: actorId(actor),
    note: input.note,
    appointmentOn: null as string | null,
    appointmentTime: null as string | null,
    appointmentPlace: null as string | null,
    outcome: null as ReferralRow['outcome'],
  };
  let disclosure: Parameters<typeof recordDisclosure>[2] | null = null;

  switch (input.to) {
    case 'sent': {
      const site = await getVisibleSite(tx, actor, participant.siteId);
      const resource = await getResource(tx, row.resourceId);
      const categories = [...new Set(resource.services.flatMap((s) => s.categories))];
      const check = await checkConsentFor(
        tx,
        row.participantId,
        { to: { resourceId: resource.id, name: row.resourceName, categories }, information: REFERRAL_DISCLOSES, purposes: REFERRAL_PURPOSES },
        isoDateIn(now, site.timeZone),
      );
      if (!check.ok) throw new Conflict(check.message, 'consent_required');
      values.consentId = check.consent.id;
      values.sentAt = now;
      disclosure = {
        participantId: row.participantId,
        siteId: row.siteId,
        kind: 'referral_sent',
        recipientName: row.resourceName,
        recipientResourceId: row.resourceId,
        information: REFERRAL_DISCLOSES,
        purpose: REFERRAL_PURPOSES.find((p) => check.consent.purposes.includes(p)) ?? 'treatment_referral',
        consentId: check.consent.id,
        referralId: id,
      };
      break;
    }
    case 'appointment_scheduled':
      values.appointmentOn = event.appointmentOn = input.appointmentOn;
      values.appointmentTime = event.appointmentTime = input.appointmentTime;
      values.appointmentPlace = event.appointmentPlace = input.appointmentPlace;
      break;
    case 'completed':
      values.outcome = event.outcome = 'engaged_in_services';
      break;
    case 'closed':
      values.outcome = event.outcome = input.outcome;
      break;
    case 'accepted':
    case 'declined':
    case 'attended':
    case 'no_show':
      break;
  }

  const updated = await updateReferralRow(tx, id, input.version, values);
  if (!updated) throw new StaleVersion('referral');
  await insertEvents(tx, [event]);
  await recordAudit(tx, actor, now, {
    action: 'referral.transition',
    recordType: 'referral',
    recordId: id,
    participantId: row.participantId,
    details: { from: row.status, to: input.to, changed: Object.keys(values).filter((k) => k !== 'movedAt') },
  });
  if (disclosure) await recordDisclosure(tx, actor, disclosure, now);
  return loadFull(tx, id);
}

/* ---------- for critical events ---------- */

/** The participant's open referrals, for the confirmation a death asks for (the caller has checked the participant is visible). */
export async function openReferralsOf(tx: Tx, participantId: string): Promise<{ id: string; resourceName: string }[]> {
  return (await loadReferrals(tx, participantId, OPEN_REFERRAL_STATUSES)).map(({ row }) => ({ id: row.id, resourceName: row.resourceName }));
}

/**
 * A participant has died: every open referral is closed with the outcome
 * `participant_deceased` (which only this sets), each as an ordinary step with
 * its own event and audit row, in the caller's transaction. Returns how many.
 */
export async function closeOpenReferralsOnDeath(tx: Tx, actor: Actor, participantId: string, now: Date): Promise<number> {
  const open = await loadReferrals(tx, participantId, OPEN_REFERRAL_STATUSES);
  for (const { row } of open) {
    await transitionReferral(tx, actor, row.id, { to: 'closed', version: row.version, outcome: DECEASED_OUTCOME, note: 'Closed because the participant died (recorded as a critical event).' }, now);
  }
  return open.length;
}

/* ---------- derived facts for other features (the worklist) ---------- */

export interface StalledReferral {
  participantId: string;
  referralId: string;
  resourceName: string;
  status: ReferralStatus;
  urgency: ReferralUrgency;
  movedAt: Date;
}

/**
 * Open referrals (not completed or closed) of these participants that may have had
 * no movement for REFERRAL_STALLED_DAYS as of `asOf`: every one whose last step was
 * at least that many days minus one before it, so the worklist rule can count the
 * days in each site's own calendar and decide. Oldest movement first. The caller
 * has scoped the ids and audits what it shows; this writes no audit rows.
 */
export async function stalledReferrals(tx: Tx, participantIds: readonly string[], asOf: Date): Promise<StalledReferral[]> {
  const movedBy = new Date(asOf.getTime() - (REFERRAL_STALLED_DAYS - 1) * 86_400_000);
  const rows = await openReferralsMovedBy(tx, participantIds, movedBy);
  return rows.map((r) => ({
    participantId: r.participantId,
    referralId: r.referralId,
    resourceName: r.resourceName,
    status: r.status,
    urgency: r.urgency as ReferralUrgency,
    movedAt: new Date(r.movedAt),
  }));
}

/**
 * For each participant, the earliest appointment date on or after their `since`
 * (the release date) of a MOUD-treatment referral that reached
 * appointment_scheduled (or went on to attended or completed). Absent when none.
 * The caller scopes the ids and audits.
 */
export async function moudAppointmentOnOrAfter(tx: Tx, items: readonly { participantId: string; since: string }[]): Promise<Map<string, string>> {
  const rows = await moudAppointmentRows(tx, items);
  return new Map(rows.map((r) => [r.participantId, r.appointmentOn]));
}

/**
 * The organization a referral of this participant went to, for another record
 * that points at it (a MOUD episode it led to); null when no such referral is
 * theirs. The caller scopes the participant and audits.
 */
export async function referralTarget(tx: Tx, participantId: string, id: string): Promise<{ resourceId: string; resourceName: string } | null> {
  const row = await findReferral(tx, id);
  return row && row.participantId === participantId ? { resourceId: row.resourceId, resourceName: row.resourceName } : null;
}
