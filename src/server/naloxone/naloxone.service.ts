/**
 * Naloxone in people's hands: distributions (which take kits from the site's
 * stock, earliest expiry first, under the same lot locks as every other
 * movement), reported reversals and refill requests.
 *
 * A distribution, reversal or refill that names a participant is participant
 * data: it needs participants:write to record and participants:read to read, and
 * is audited with the participant's id in the same transaction (field names,
 * never values).
 */
import {
  expiryStatus,
  pickLots,
  signedKits,
  type Distribution,
  type DistributionInput,
  type DistributionsQuery,
  type LotAllocation,
  type Refill,
  type RefillInput,
  type Reversal,
  type ReversalInput,
} from '../../core/naloxone.ts';
import { recordAudit, type AuditEntry } from '../audit/audit.service.ts';
import type { Tx } from '../db/database.ts';
import { actorCan, canSeeSite, type Actor } from '../http/actor.ts';
import { Forbidden, NotFound, ValidationError } from '../http/errors.ts';
import { requireVisibleParticipant } from '../participants/participants.service.ts';
import {
  findDistribution,
  findReversal,
  findStaffAtSite,
  insertDistribution,
  insertMovements,
  insertRefill,
  insertReversal,
  loadDistributions,
  loadRefills,
  loadReversals,
  lockLots,
  staffAtSite,
} from './naloxone.repository.ts';
import { actorId, failIf, lockedLot, notEnough, notInFuture, person, siteContext } from './naloxone.shared.ts';

/* ---------- distributions ---------- */

type DistributionBundle = Awaited<ReturnType<typeof loadDistributions>>[number];

function toDistribution(b: DistributionBundle): Distribution {
  const r = b.row;
  return {
    id: r.id,
    siteId: r.siteId,
    siteName: b.siteName,
    recipientType: r.recipientType,
    participantId: r.participantId,
    relationship: r.relationship,
    recipientName: r.recipientName,
    communityRecipient: r.communityRecipient,
    peopleCount: r.peopleCount,
    zip: r.zip,
    product: r.product,
    kits: r.kits,
    lots: b.lots,
    distributedOn: r.distributedOn,
    trainingGiven: r.trainingGiven,
    trainedBy: person(r.trainedBy, b.trainedByName),
    location: r.location,
    eventName: r.eventName,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    createdBy: person(r.createdBy, b.createdByName),
  };
}

function requireWrite(actor: Actor) {
  if (!actorCan(actor, 'participants:write')) throw new Forbidden('Recording naloxone for a participant needs permission to change participant records');
}

/** Which lots the kits come from: the chosen one, or the earliest-expiring unexpired ones (locked either way). */
async function allocate(tx: Tx, input: DistributionInput, today: string): Promise<LotAllocation[]> {
  if (input.lotId) {
    const lot = await lockedLot(tx, input.siteId, input.lotId);
    if (lot.product !== input.product) throw new ValidationError([{ path: 'lotId', message: 'This lot is of another product' }]);
    if (expiryStatus(lot.expiresOn, today) === 'expired') throw new ValidationError([{ path: 'lotId', message: 'This lot has expired' }]);
    if (lot.onHand < input.kits) throw notEnough(lot.onHand, input.kits);
    return [{ lotId: lot.id, kits: input.kits }];
  }
  const lots = await lockLots(tx, input.siteId, { product: input.product });
  const picked = pickLots(lots, input.kits, today);
  if (!picked) {
    const usable = lots.filter((l) => expiryStatus(l.expiresOn, today) !== 'expired').reduce((n, l) => n + Math.max(0, l.onHand), 0);
    throw notEnough(usable, input.kits);
  }
  return picked;
}

export const DISTRIBUTION_FIELDS = [
  'recipientType',
  'relationship',
  'recipientName',
  'product',
  'lotId',
  'kits',
  'distributedOn',
  'trainingGiven',
  'trainedById',
  'location',
  'eventName',
  'note',
] as const;

/** The staff who may be named as trainers on a distribution at this site (a site the actor works at; else 404). */
export async function listTrainers(tx: Tx, actor: Actor, siteId: string, now: Date): Promise<{ items: { id: string; name: string }[] }> {
  await siteContext(tx, actor, siteId, now);
  return { items: await staffAtSite(tx, siteId) };
}

/**
 * Kits handed out from a site's stock: to a participant or someone in their
 * support system (participants:write, audited), or to community members.
 */
export async function recordDistribution(tx: Tx, actor: Actor, input: DistributionInput, now: Date): Promise<Distribution> {
  const { today } = await siteContext(tx, actor, input.siteId, now);
  if (input.participantId) {
    requireWrite(actor);
    await requireVisibleParticipant(tx, actor, input.participantId);
  }
  failIf(notInFuture('distributedOn', input.distributedOn, today));
  let trainedBy: string | null = null;
  if (input.trainingGiven) {
    trainedBy = input.trainedById ?? actorId(actor);
    if (input.trainedById && !(await findStaffAtSite(tx, input.trainedById, input.siteId))) {
      throw new ValidationError([{ path: 'trainedById', message: 'Choose an active staff member of this site' }]);
    }
  } else if (input.trainedById) {
    throw new ValidationError([{ path: 'trainedById', message: 'Only when training was given' }]);
  }
  const allocations = await allocate(tx, input, today);
  const community = input.recipientType === 'community';
  const row = await insertDistribution(tx, {
    siteId: input.siteId,
    recipientType: input.recipientType,
    participantId: community ? null : (input.participantId ?? null),
    relationship: input.recipientType === 'support_person' ? (input.relationship ?? null) : null,
    recipientName: community ? null : (input.recipientName ?? null),
    communityRecipient: community ? (input.communityRecipient ?? null) : null,
    peopleCount: community ? (input.peopleCount ?? 1) : null,
    zip: input.zip ?? null,
    product: input.product,
    kits: input.kits,
    distributedOn: input.distributedOn,
    trainingGiven: input.trainingGiven,
    trainedBy,
    location: input.location ?? null,
    eventName: input.eventName ?? null,
    note: input.note ?? null,
    createdAt: now,
    createdBy: actorId(actor),
  });
  const by = actorId(actor);
  await insertMovements(
    tx,
    allocations.map((a) => ({
      siteId: input.siteId,
      lotId: a.lotId,
      kind: 'distributed' as const,
      kits: signedKits('distributed', a.kits),
      occurredOn: input.distributedOn,
      distributionId: row.id,
      note: null,
      createdAt: now,
      createdBy: by,
    })),
  );
  await recordAudit(tx, actor, now, {
    action: 'naloxone_distribution.create',
    recordType: 'naloxone_distribution',
    recordId: row.id,
    participantId: row.participantId,
    details: { fields: DISTRIBUTION_FIELDS.filter((f) => input[f] !== undefined && input[f] !== null) },
  });
  const [bundle] = await loadDistributions(tx, { id: row.id }, 1);
  if (!bundle) throw new Error('distribution vanished');
  return toDistribution(bundle);
}

/** Reads of participant-linked rows, audited one row each with the participant's id. */
function readAudits(action: string, recordType: string, items: readonly { id: string; participantId: string | null }[]): AuditEntry[] {
  return items.filter((i) => i.participantId).map((i) => ({ action, recordType, recordId: i.id, participantId: i.participantId }));
}

/**
 * A site's list may hold kits given to a participant who has since moved to a
 * site the reader cannot see: the kits stay counted, but who received them does
 * not show (as with any participant of another site, nothing hints they exist).
 */
async function withoutUnseenParticipants<T extends { participantId: string | null }>(tx: Tx, actor: Actor, items: readonly T[], hide: (item: T) => T): Promise<T[]> {
  const ids = [...new Set(items.flatMap((i) => (i.participantId ? [i.participantId] : [])))];
  const unseen = new Set<string>();
  for (const id of ids) {
    await requireVisibleParticipant(tx, actor, id).catch((err: unknown) => {
      if (!(err instanceof NotFound)) throw err;
      unseen.add(id);
    });
  }
  return items.map((i) => (i.participantId && unseen.has(i.participantId) ? hide(i) : i));
}

/** Where a list is scoped: the site (visible) or the participant (visible), never both. */
async function scope(tx: Tx, actor: Actor, query: DistributionsQuery, now: Date) {
  if (query.participantId) {
    await requireVisibleParticipant(tx, actor, query.participantId);
    return { participantId: query.participantId };
  }
  if (!query.siteId) throw new ValidationError([{ path: 'siteId', message: 'Give a site or a participant' }]);
  await siteContext(tx, actor, query.siteId, now);
  return { siteId: query.siteId };
}

/**
 * A site's distributions, or a participant's (those to them and to their
 * people, wherever given). Newest first.
 */
export async function listDistributions(tx: Tx, actor: Actor, query: DistributionsQuery, now: Date): Promise<{ items: Distribution[] }> {
  const where = await scope(tx, actor, query, now);
  const items = await withoutUnseenParticipants(tx, actor, (await loadDistributions(tx, where, query.limit)).map(toDistribution), (d) => ({
    ...d,
    participantId: null,
    recipientName: null,
    note: null,
  }));
  await recordAudit(tx, actor, now, readAudits('naloxone_distribution.read', 'naloxone_distribution', items));
  return { items };
}

/* ---------- reversals and refills ---------- */

function toReversal(b: Awaited<ReturnType<typeof loadReversals>>[number]): Reversal {
  const r = b.row;
  return {
    id: r.id,
    siteId: r.siteId,
    distributionId: r.distributionId,
    participantId: r.participantId,
    occurredOn: r.occurredOn,
    zip: r.zip,
    administeredBy: r.administeredBy,
    dosesUsed: r.dosesUsed,
    survived: r.survived,
    emsCalled: r.emsCalled,
    rescueBreathing: r.rescueBreathing,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    createdBy: person(r.createdBy, b.createdByName),
  };
}

function toRefill(b: Awaited<ReturnType<typeof loadRefills>>[number]): Refill {
  const r = b.row;
  return {
    id: r.id,
    siteId: r.siteId,
    reason: r.reason,
    distributionId: r.distributionId,
    participantId: r.participantId,
    reversalId: r.reversalId,
    requestedOn: r.requestedOn,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    createdBy: person(r.createdBy, b.createdByName),
  };
}

/**
 * The participant a record about a kit belongs to: the one its distribution
 * names, else the one given. Checked visible (and the actor may write) when there
 * is one; a distribution the actor may not see is 400 on `distributionId`.
 */
async function linkedParticipant(tx: Tx, actor: Actor, input: { distributionId?: string | null | undefined; participantId?: string | null | undefined }) {
  let participantId = input.participantId ?? null;
  if (input.distributionId) {
    const d = await findDistribution(tx, input.distributionId);
    const visible = d && (d.participantId ? true : canSeeSite(actor, d.siteId));
    if (!d || !visible) throw new ValidationError([{ path: 'distributionId', message: 'No such distribution' }]);
    if (participantId && d.participantId && participantId !== d.participantId) {
      throw new ValidationError([{ path: 'participantId', message: 'The distribution names another participant' }]);
    }
    participantId = d.participantId ?? participantId;
  }
  if (participantId) {
    requireWrite(actor);
    await requireVisibleParticipant(tx, actor, participantId).catch((err: unknown) => {
      if (err instanceof NotFound && input.distributionId) throw new ValidationError([{ path: 'distributionId', message: 'No such distribution' }]);
      throw err;
    });
  }
  return participantId;
}

export const REVERSAL_FIELDS = ['distributionId', 'occurredOn', 'zip', 'administeredBy', 'dosesUsed', 'survived', 'emsCalled', 'rescueBreathing', 'note'] as const;

export async function recordReversal(tx: Tx, actor: Actor, input: ReversalInput, now: Date): Promise<Reversal> {
  const { today } = await siteContext(tx, actor, input.siteId, now);
  failIf(notInFuture('occurredOn', input.occurredOn, today));
  const participantId = await linkedParticipant(tx, actor, input);
  const { id } = await insertReversal(tx, {
    siteId: input.siteId,
    distributionId: input.distributionId ?? null,
    participantId,
    occurredOn: input.occurredOn,
    zip: input.zip ?? null,
    administeredBy: input.administeredBy,
    dosesUsed: input.dosesUsed,
    survived: input.survived,
    emsCalled: input.emsCalled,
    rescueBreathing: input.rescueBreathing,
    note: input.note ?? null,
    createdAt: now,
    createdBy: actorId(actor),
  });
  await recordAudit(tx, actor, now, {
    action: 'naloxone_reversal.create',
    recordType: 'naloxone_reversal',
    recordId: id,
    participantId,
    details: { fields: REVERSAL_FIELDS.filter((f) => input[f] !== undefined && input[f] !== null) },
  });
  const [bundle] = await loadReversals(tx, { id }, 1);
  if (!bundle) throw new Error('reversal vanished');
  return toReversal(bundle);
}

export async function listReversals(tx: Tx, actor: Actor, query: DistributionsQuery, now: Date): Promise<{ items: Reversal[] }> {
  const where = await scope(tx, actor, query, now);
  const items = await withoutUnseenParticipants(tx, actor, (await loadReversals(tx, where, query.limit)).map(toReversal), (r) => ({ ...r, participantId: null, note: null }));
  await recordAudit(tx, actor, now, readAudits('naloxone_reversal.read', 'naloxone_reversal', items));
  return { items };
}

export async function recordRefill(tx: Tx, actor: Actor, input: RefillInput, now: Date): Promise<Refill> {
  const { today } = await siteContext(tx, actor, input.siteId, now);
  failIf(notInFuture('requestedOn', input.requestedOn, today));
  if (input.reversalId) {
    const reversal = await findReversal(tx, input.reversalId);
    if (!reversal || !canSeeSite(actor, reversal.siteId)) throw new ValidationError([{ path: 'reversalId', message: 'No such reversal' }]);
  }
  const participantId = await linkedParticipant(tx, actor, input);
  const { id } = await insertRefill(tx, {
    siteId: input.siteId,
    reason: input.reason,
    distributionId: input.distributionId ?? null,
    participantId,
    reversalId: input.reversalId ?? null,
    requestedOn: input.requestedOn,
    note: input.note ?? null,
    createdAt: now,
    createdBy: actorId(actor),
  });
  await recordAudit(tx, actor, now, {
    action: 'naloxone_refill.create',
    recordType: 'naloxone_refill',
    recordId: id,
    participantId,
    details: { fields: (['reason', 'distributionId', 'reversalId', 'requestedOn', 'note'] as const).filter((f) => input[f] !== undefined && input[f] !== null) },
  });
  const [bundle] = await loadRefills(tx, { id }, 1);
  if (!bundle) throw new Error('refill vanished');
  return toRefill(bundle);
}

export async function listRefills(tx: Tx, actor: Actor, query: DistributionsQuery, now: Date): Promise<{ items: Refill[] }> {
  const where = await scope(tx, actor, query, now);
  const items = await withoutUnseenParticipants(tx, actor, (await loadRefills(tx, where, query.limit)).map(toRefill), (r) => ({ ...r, participantId: null, note: null }));
  await recordAudit(tx, actor, now, readAudits('naloxone_refill.read', 'naloxone_refill', items));
  return { items };
}
